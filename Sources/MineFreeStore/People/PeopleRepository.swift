import FluentKit
import Foundation
import MineFreeCore
import SQLKit

/// People's reads and writes beyond the generic record tables: the authority's decisions on which accident reports
/// are one accident, and casualties counted once as of a day.
public struct PeopleRepository: Sendable {
    public let database: any Database
    var sql: any SQLDatabase { database as! any SQLDatabase }

    public init(database: any Database) { self.database = database }

    /// A decision the store refuses (it contradicts the standing ones, or names an unknown report): nothing is written.
    public struct Refused: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// A decision as stored.
    public struct StoredDecision: Sendable, Hashable {
        public var decision: AccidentMerges.Decision
        /// When it was recorded (ISO 8601, UTC).
        public var recordedAt: String
        /// The evidence the decision was taken on (the matching's summary), where there was a proposal.
        public var evidence: String?
    }

    private struct DecisionRow: Decodable {
        let id: Int64; let report_id: String; let other_report_id: String; let verdict: String; let decided: String
        let decided_at: String; let decided_by: String; let reason: String?; let evidence: String?

        func stored() throws -> StoredDecision {
            guard let verdict = AccidentMerges.Verdict(rawValue: verdict) else {
                throw StoredRecordError(table: "accident_decisions", key: String(id), field: "verdict", value: verdict)
            }
            guard let day = CalendarDate(iso: decided) else {
                throw StoredRecordError(table: "accident_decisions", key: String(id), field: "decided", value: decided)
            }
            return StoredDecision(
                decision: AccidentMerges.Decision(
                    pair: .init(report_id, other_report_id),
                    verdict: verdict,
                    decided: day,
                    decidedBy: decided_by,
                    reason: reason,
                    sequence: id
                ),
                recordedAt: decided_at,
                evidence: evidence
            )
        }
    }

    /// Every decision recorded, oldest first; `naming` keeps those about one report.
    public func accidentDecisions(naming report: String? = nil) async throws -> [StoredDecision] {
        var query: SQLQueryString =
            "SELECT id, report_id, other_report_id, verdict, decided, decided_at, decided_by, reason, evidence FROM accident_decisions"
        if let report { query = query + " WHERE report_id = \(bind: report) OR other_report_id = \(bind: report)" }
        return try await sql.raw(query + " ORDER BY id").all(decoding: DecisionRow.self).map { try $0.stored() }
    }

    /// Records a decision and its audit entry in one transaction, once `AccidentMerges.refusal` finds nothing
    /// against it in the decisions committed so far (read inside the transaction, which waits for any other
    /// decision's). Raises the store's generation: every figure kept for the old one is stale.
    @discardableResult
    public func decide(
        _ decision: AccidentMerges.Decision,
        evidence: String?,
        address: String? = nil
    ) async throws -> StoredDecision {
        return try await StoreDialect.serialisedWriteTransaction(database) { db in
            let repository = PeopleRepository(database: db)
            try await StoreDialect.lockAuditLog(db)
            struct Reported: Decodable { let local_id: String; let reported: String }
            let ids = [decision.pair.first, decision.pair.second]
            var reported: [String: CalendarDate] = [:]
            for row in try await repository.sql.raw(
                "SELECT local_id, reported FROM accidents WHERE local_id IN (\(bind: ids[0]), \(bind: ids[1]))"
            ).all(decoding: Reported.self) {
                reported[row.local_id] = CalendarDate(iso: row.reported)
            }
            let standing = try await repository.accidentDecisions().map(\.decision)
            if let refusal = AccidentMerges.refusal(of: decision, reported: reported, decisions: standing) {
                throw Refused(description: refusal)
            }
            let at = StoreChanges.now()
            let reason = decision.reason.map { AuditChain.bounded($0, AuditChain.maximumDetail) }
            try await repository.sql.insert(into: "accident_decisions")
                .columns(
                    "report_id",
                    "other_report_id",
                    "verdict",
                    "decided",
                    "decided_at",
                    "decided_by",
                    "reason",
                    "evidence"
                )
                .values(
                    SQLBind(decision.pair.first),
                    SQLBind(decision.pair.second),
                    SQLBind(decision.verdict.rawValue),
                    SQLBind(decision.decided.iso),
                    SQLBind(at),
                    SQLBind(decision.decidedBy),
                    SQLBind(reason),
                    SQLBind(evidence)
                )
                .run()
            try await StoreChanges.record(db)
            try await AccountRepository.audit(
                within: db,
                actor: decision.decidedBy,
                action: decision.verdict == .confirmed ? "accident.confirm" : "accident.reject",
                target: decision.pair.description,
                detail: reason,
                address: address
            )
            return try await repository.accidentDecisions(naming: decision.pair.first).last!
        }
    }

    /// Casualties as of a day, each person once (`CasualtyTotals.counted`), with the accident reports known then
    /// and the proposals of duplicates no decision answers yet.
    public struct CountedCasualties: Sendable {
        public var people: [CasualtyEvent]
        public var accidents: [Accident]
        public var decisions: [AccidentMerges.Decision]
        /// Pairs proposed as one accident, awaiting a decision: counted as two until then.
        public var pending: [AccidentMatching.Candidate]
        /// The admin area each counted person lies in by position (by casualty id), where boundaries are recorded.
        public var areas: [String: String] = [:]
        /// How many counted people the pending pairs may count twice (the smaller report of each pair).
        public var possiblyTwice: Int {
            pending.reduce(0) { n, p in
                let (a, b) = (accidents[p.first], accidents[p.second])
                return n + Int(min(a.killed + a.injured, b.killed + b.injured))
            }
        }
    }

    public func countedCasualties(asOf: CalendarDate, rules: AccidentMatching.Rules = .init()) async throws
        -> CountedCasualties
    {
        let records = RecordRepository(database: database)
        let casualties = try await records.records(CasualtyEvent.self, asOf: asOf)
        let accidents = try await records.records(Accident.self, asOf: asOf)
        let decisions = try await accidentDecisions().map(\.decision)
        let pending = AccidentMerges.pending(
            AccidentMatching.candidates(accidents.map(\.matchingReport), rules: rules),
            reports: accidents,
            decisions: decisions,
            asOf: asOf
        )
        let people = CasualtyTotals.counted(casualties, accidents: accidents, decisions: decisions, asOf: asOf)
        // Placed by the recorded boundaries: a position at 0,0 is a report without one.
        let boundaries = AdminBoundaries(try await records.records(AdminArea.self))
        var areas: [String: String] = [:]
        if !boundaries.isEmpty {
            for p in people where p.location != GeoPoint(lon: 0, lat: 0) {
                if let pcode = boundaries.locate(p.location) { areas[p.localID] = pcode }
            }
        }
        return CountedCasualties(
            people: people,
            accidents: accidents,
            decisions: decisions,
            pending: pending,
            areas: areas
        )
    }

    /// The review queue as of a day: the reports known then, the accidents they make as decided, and the proposals
    /// awaiting a decision (best first).
    public struct DuplicateQueue: Sendable {
        public var accidents: [Accident]
        public var decided: [[String]]
        public var pending: [AccidentMatching.Candidate]
    }

    public func duplicateQueue(asOf: CalendarDate, rules: AccidentMatching.Rules = .init()) async throws
        -> DuplicateQueue
    {
        let accidents = try await RecordRepository(database: database).records(Accident.self, asOf: asOf)
        let decisions = try await accidentDecisions().map(\.decision)
        let proposed = AccidentMatching.candidates(accidents.map(\.matchingReport), rules: rules)
        return DuplicateQueue(
            accidents: accidents,
            decided: AccidentMerges.accidents(accidents.map(\.localID), decisions: decisions, asOf: asOf),
            pending: AccidentMerges.pending(proposed, reports: accidents, decisions: decisions, asOf: asOf)
        )
    }

    /// Victim assistance gaps in a period as known at the start of `asOf` (`AssistanceGaps`).
    public func assistanceGaps(period: Range<CalendarDate>, asOf: CalendarDate) async throws -> AssistanceGaps {
        let records = RecordRepository(database: database)
        return AssistanceGaps(
            survivors: try await records.records(Survivor.self, asOf: asOf),
            needs: try await records.records(AssistanceNeed.self, asOf: asOf),
            services: try await records.records(AssistanceService.self, asOf: asOf),
            casualties: try await records.records(CasualtyEvent.self, asOf: asOf),
            period: period,
            asOf: asOf
        )
    }

    /// Which settlements near open hazards risk education reached in a period (`RiskEducationCoverage`): the
    /// hazards' standings as of the day, only the open ones' polygons read.
    public func riskEducationCoverage(
        period: Range<CalendarDate>,
        asOf: CalendarDate,
        options: RiskEducationCoverage.Options
    ) async throws -> [RiskEducationCoverage.Row] {
        let records = RecordRepository(database: database)
        let land = LandRepository(database: database)
        let view = try await land.view(asOf: asOf)
        let polygons = try await land.hazardPolygons(
            named: RiskEducationCoverage.openHazards(view).map(\.hazard.localID)
        )
        return RiskEducationCoverage.rows(
            settlements: try await records.records(Settlement.self, asOf: asOf),
            view: view,
            polygons: polygons,
            sessions: try await records.records(RiskEducationSession.self, asOf: asOf),
            groups: try await records.records(AwarenessGroup.self, asOf: asOf),
            casualties: try await records.records(CasualtyEvent.self, asOf: asOf),
            period: period,
            options: options
        )
    }
}
