import Foundation
import MineFreeAPI
import MineFreeCore
import MineFreeStore
import OpenAPIRuntime
import Vapor

extension APIHandler {
    /// `GET /api/v1/casualties/totals`: each person once; small cells suppressed for roles without personal data.
    func getCasualtyTotals(_ input: Operations.GetCasualtyTotals.Input) async throws
        -> Operations.GetCasualtyTotals.Output
    {
        let req = try request
        let date = try Parameters.day(input.query.asOf)
        let by = APIMapping.core(input.query.by ?? .year)
        let totals = try await PeopleFigures.totals(by: by, asOf: date, on: req)
        return .ok(
            .init(
                body: .json(
                    .init(
                        asOf: date.iso,
                        by: input.query.by ?? .year,
                        minimumCell: totals.minimumCell,
                        total: totals.total,
                        pendingPairs: totals.pendingPairs,
                        possiblyCountedTwice: totals.possiblyTwice,
                        rows: totals.cells.map {
                            .init(
                                key: $0.key,
                                killed: $0.killed,
                                injured: $0.injured,
                                total: $0.total,
                                suppressed: $0.suppressed
                            )
                        }
                    )
                )
            )
        )
    }

    /// `GET /api/v1/accidents/duplicates`: the review queue (authority).
    func listAccidentDuplicates(_ input: Operations.ListAccidentDuplicates.Input) async throws
        -> Operations.ListAccidentDuplicates.Output
    {
        let req = try request
        try req.require(.reviewSubmissions)
        let date = try Parameters.day(input.query.asOf)
        let queue = try await PeopleRepository(database: req.minefree.store.database).duplicateQueue(asOf: date)
        func summary(_ a: Accident) -> Components.Schemas.AccidentReportSummary {
            .init(
                id: a.localID,
                source: a.source.rawValue,
                date: a.date.iso,
                killed: a.killed,
                injured: a.injured,
                device: a.device.rawValue,
                adminPcode: a.adminPcode
            )
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        asOf: date.iso,
                        reports: queue.accidents.count,
                        accidentsAsDecided: queue.decided.count,
                        items: queue.pending.map { p in
                            .init(
                                report: summary(queue.accidents[p.first]),
                                otherReport: summary(queue.accidents[p.second]),
                                score: (p.evidence.score * 1000).rounded() / 1000,
                                daysApart: p.evidence.daysApart,
                                metresApart: p.evidence.metresApart.map { $0.rounded() },
                                countDifference: p.evidence.countDifference,
                                device: APIMapping.api(p.evidence.device),
                                evidence: p.evidence.summary
                            )
                        }
                    )
                )
            )
        )
    }

    /// `GET /api/v1/accidents/decisions`.
    func listAccidentDecisions(_ input: Operations.ListAccidentDecisions.Input) async throws
        -> Operations.ListAccidentDecisions.Output
    {
        let req = try request
        try req.require(.readProgramme)
        let stored = try await PeopleRepository(database: req.minefree.store.database).accidentDecisions()
        return .ok(.init(body: .json(.init(items: stored.map(APIMapping.api)))))
    }

    /// `POST /api/v1/accidents/decisions`: the authority confirms or rejects; refused when it contradicts the
    /// standing decisions (409) or names an unknown report (422).
    func decideAccidents(_ input: Operations.DecideAccidents.Input) async throws -> Operations.DecideAccidents.Output {
        let req = try request
        try req.require(.reviewSubmissions)
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType, "send application/json") }
        let stored = try await PeopleFigures.decide(
            report: body.report,
            otherReport: body.otherReport,
            verdict: body.verdict == .confirmed ? .confirmed : .rejected,
            reason: body.reason,
            on: req
        )
        return .created(.init(body: .json(APIMapping.api(stored))))
    }

    /// `GET /api/v1/people/{id}`: personal data, for roles with `readPersonalData`, audited with its purpose.
    func getPersonalData(_ input: Operations.GetPersonalData.Input) async throws -> Operations.GetPersonalData.Output {
        let req = try request
        let found = try await PeopleFigures.personalRecords(input.path.id, purpose: input.query.purpose, on: req)
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: found.map {
                            .init(
                                id: $0.localID,
                                casualtyId: $0.casualtyID,
                                survivorId: $0.survivorID,
                                name: $0.name,
                                dateOfBirth: $0.dateOfBirth?.iso,
                                phone: $0.phone,
                                address: $0.address,
                                medicalNotes: $0.medicalNotes,
                                recorded: $0.recorded.iso
                            )
                        }
                    )
                )
            )
        )
    }
}

/// What the People API and pages share: figures as a role may see them, decisions and personal reads as a request
/// makes them (who, from where).
enum PeopleFigures {
    struct Totals: Sendable {
        var cells: [CasualtyTotals.Cell]
        var minimumCell: Int
        var total: Int
        var pendingPairs: Int
        var possiblyTwice: Int
    }

    static func totals(by: CasualtyTotals.Breakdown, asOf: CalendarDate, on req: Request) async throws -> Totals {
        let counted = try await req.keptFigure("casualties counted \(asOf.iso)") {
            try await PeopleRepository(database: req.minefree.store.database).countedCasualties(asOf: asOf)
        }
        let accidents = Dictionary(counted.accidents.map { ($0.localID, $0) }, uniquingKeysWith: { first, _ in first })
        let areas = counted.areas
        let totals = CasualtyTotals.totals(counted.people, asOf: asOf) {
            by.key($0, accidents: accidents, areas: areas)
        }
        let minimum = req.account.role.may(.readPersonalData) ? 1 : req.minefree.settings.minimumCell
        return Totals(
            cells: CasualtyTotals.suppressed(totals, minimum: minimum),
            minimumCell: minimum,
            total: totals.reduce(0) { $0 + $1.total },
            pendingPairs: counted.pending.count,
            possiblyTwice: counted.possiblyTwice
        )
    }

    static func decide(
        report: String,
        otherReport: String,
        verdict: AccidentMerges.Verdict,
        reason: String?,
        on req: Request
    ) async throws -> PeopleRepository.StoredDecision {
        try req.require(.reviewSubmissions)
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if verdict == .rejected, reason?.isEmpty != false {
            throw Problem(.unprocessableEntity, "say why the reports are two accidents", field: "reason")
        }
        for (field, id) in [("report", report), ("other_report", otherReport)] {
            guard (1...100).contains(id.count), !id.contains(where: \.isNewline) else {
                throw Problem.badValue(field, String(id.prefix(100)), expected: "an accident report's id")
            }
        }
        let database = req.minefree.store.database
        let pair = AccidentMerges.Pair(report, otherReport)
        let reports = try await RecordRepository(database: database).records(
            Accident.self,
            where: "local_id IN (\(bind: pair.first), \(bind: pair.second))"
        )
        let evidence =
            reports.count == 2
            ? AccidentMatching.evidence(reports[0].matchingReport, reports[1].matchingReport)?.summary : nil
        do {
            return try await PeopleRepository(database: database).decide(
                AccidentMerges.Decision(
                    pair: pair,
                    verdict: verdict,
                    decided: .today(),
                    decidedBy: req.account.username,
                    reason: reason?.isEmpty == false ? reason : nil
                ),
                evidence: evidence,
                address: req.clientAddress
            )
        } catch let refused as PeopleRepository.Refused {
            let unknown = refused.description.contains("is not recorded")
            throw Problem(unknown ? .unprocessableEntity : .conflict, refused.description)
        }
    }

    static func personalRecords(_ person: String, purpose: String, on req: Request) async throws -> [PersonalRecord] {
        try req.require(.readPersonalData)
        let purpose = purpose.trimmingCharacters(in: .whitespacesAndNewlines)
        guard purpose.count >= PersonalAccess.minimumPurpose, purpose.count <= 500 else {
            throw Problem.badValue(
                "purpose",
                String(purpose.prefix(100)),
                expected: "why the data is read, in \(PersonalAccess.minimumPurpose) to 500 characters"
            )
        }
        return try await PersonalDataRepository(database: req.minefree.store.database).records(
            about: person,
            access: .identified(actor: req.account.username, purpose: purpose, address: req.clientAddress)
        )
    }
}

extension APIMapping {
    static func core(_ b: Components.Schemas.CasualtyBreakdown) -> CasualtyTotals.Breakdown {
        switch b {
        case .year: .year
        case .device: .device
        case .sex: .sex
        case .outcome: .outcome
        case .age: .age
        case .status: .status
        case .source: .source
        case .activity: .activity
        case .area: .area
        }
    }

    static func api(_ d: AccidentMatching.Evidence.DeviceAgreement)
        -> Components.Schemas.AccidentDuplicateList.ItemsPayloadPayload.DevicePayload
    {
        switch d {
        case .same: .same
        case .unknown: .unknown
        case .different: .different
        }
    }

    static func api(_ s: PeopleRepository.StoredDecision) -> Components.Schemas.AccidentDecision {
        .init(
            decision: s.decision.sequence,
            report: s.decision.pair.first,
            otherReport: s.decision.pair.second,
            verdict: s.decision.verdict == .confirmed ? .confirmed : .rejected,
            decided: s.decision.decided.iso,
            decidedBy: s.decision.decidedBy,
            reason: s.decision.reason,
            evidence: s.evidence,
            recordedAt: s.recordedAt
        )
    }
}

extension APIHandler {
    /// `GET /api/v1/assistance/gaps`.
    func getAssistanceGaps(_ input: Operations.GetAssistanceGaps.Input) async throws
        -> Operations.GetAssistanceGaps.Output
    {
        let req = try request
        try req.require(.readProgramme)
        let date = try Parameters.day(input.query.asOf)
        let range = try PeopleFigures.period(input.query.period, asOf: date)
        let gaps = try await PeopleRepository(database: req.minefree.store.database).assistanceGaps(
            period: range,
            asOf: date
        )
        func rows(_ rows: [AssistanceGaps.Row]) -> [Components.Schemas.GapRow] {
            rows.map {
                .init(
                    key: $0.key,
                    needs: $0.needs,
                    served: $0.served,
                    referredOnly: $0.referredOnly,
                    noService: $0.noService,
                    services: $0.services,
                    survivorsReached: $0.survivorsReached
                )
            }
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        asOf: date.iso,
                        from: range.lowerBound.iso,
                        to: range.upperBound.adding(days: -1).iso,
                        registered: gaps.registered,
                        reached: gaps.reached,
                        medianDaysToFirstService: gaps.medianDaysToFirstService,
                        byPillar: rows(gaps.byPillar),
                        byArea: rows(gaps.byArea()),
                        firstService: gaps.distribution.map { .init(days: $0.label, survivors: $0.count) },
                        byProvider: gaps.byProvider.map {
                            .init(
                                provider: $0.provider,
                                pillar: $0.pillar.rawValue,
                                services: $0.services,
                                survivors: $0.survivors
                            )
                        }
                    )
                )
            )
        )
    }

    /// `GET /api/v1/eore/coverage`: one page of the settlements near open hazards, ranked by population.
    func getRiskEducationCoverage(_ input: Operations.GetRiskEducationCoverage.Input) async throws
        -> Operations.GetRiskEducationCoverage.Output
    {
        let req = try request
        try req.require(.readProgramme)
        let q = input.query
        let date = try Parameters.day(q.asOf)
        let range = try PeopleFigures.period(q.period, asOf: date)
        var options = RiskEducationCoverage.Options()
        if let within = q.within {
            guard (100...20_000).contains(within) else {
                throw Problem.badValue("within", String(within), expected: "metres from 100 to 20000")
            }
            options.within = within
        }
        let page = try Parameters.page(limit: q.limit, offset: q.offset)
        let rows = try await PeopleRepository(database: req.minefree.store.database).riskEducationCoverage(
            period: range,
            asOf: date,
            options: options
        )
        let shown = rows.dropFirst(min(page.offset, rows.count)).prefix(page.limit)
        return .ok(
            .init(
                body: .json(
                    .init(
                        asOf: date.iso,
                        from: range.lowerBound.iso,
                        to: range.upperBound.adding(days: -1).iso,
                        withinM: options.within,
                        page: APIMapping.page(total: rows.count, limit: page.limit, offset: page.offset),
                        settlements: rows.count,
                        reached: rows.filter(\.reached).count,
                        items: shown.map { r in
                            .init(
                                settlementId: r.settlementID,
                                name: r.name,
                                adminPcode: r.adminPcode,
                                lon: r.location.lon,
                                lat: r.location.lat,
                                population: r.population,
                                nearestHazardId: r.nearestHazardID,
                                metres: r.metres.rounded(),
                                reached: r.reached,
                                sessions: r.sessions,
                                peopleReached: r.peopleReached,
                                awarenessGroups: r.awarenessGroups,
                                casualtiesNearby: r.casualtiesNearby
                            )
                        }
                    )
                )
            )
        )
    }
}

extension PeopleFigures {
    /// A calendar year, else the twelve months before the day.
    static func period(_ year: Int?, asOf: CalendarDate) throws -> Range<CalendarDate> {
        guard let year else { return asOf.adding(years: -1)..<asOf }
        guard (1997...2200).contains(year), let first = CalendarDate(year: year, month: 1, day: 1) else {
            throw Problem.badValue("period", String(year), expected: "a year from 1997 to 2200")
        }
        return first..<first.adding(years: 1)
    }
}

extension APIHandler {
    /// `GET /api/v1/people-records/{layer}`: a People layer's records, a page at a time, as of a day; person ids
    /// pseudonymised for roles without personal data.
    func listPeopleRecords(_ input: Operations.ListPeopleRecords.Input) async throws
        -> Operations.ListPeopleRecords.Output
    {
        let req = try request
        try req.require(.readProgramme)
        let info: LayerInfo =
            switch input.path.layer {
            case .accidents: Accident.info
            case .casualties: CasualtyEvent.info
            case .survivors: Survivor.info
            case .assistanceNeeds: AssistanceNeed.info
            case .assistanceServices: AssistanceService.info
            case .eoreSessions: RiskEducationSession.info
            case .awarenessGroups: AwarenessGroup.info
            }
        let date = try Parameters.day(input.query.asOf)
        let page = try Parameters.page(limit: input.query.limit, offset: input.query.offset)
        let database = req.minefree.store.database
        var (total, rows) = try await RecordRepository(database: database).pageRows(
            info,
            asOf: date,
            limit: page.limit,
            offset: page.offset
        )
        let identified = req.account.role.may(.readPersonalData)
        if !identified { rows = try await Pseudonyms.of(database).applied(to: rows, info) }
        let items = try APIMapping.objects(rows, info)
        return .ok(
            .init(
                body: .json(
                    .init(
                        layer: info.name,
                        asOf: date.iso,
                        pseudonymised: !identified,
                        page: APIMapping.page(total: total, limit: page.limit, offset: page.offset),
                        items: items.map { .init(additionalProperties: $0) }
                    )
                )
            )
        )
    }
}
