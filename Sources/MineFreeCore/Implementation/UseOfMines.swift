import Foundation

/// A report that mines were used: who (a state's forces, or a non-state armed group named as such), where, when, with
/// what, and the source that said so. Whether it was true is not the report's to say: its dated assessments are.
public struct UseReport: Sendable {
    public enum ActorKind: String, CaseIterable, Sendable, Codable {
        case state
        case nonStateArmedGroup = "non_state_armed_group"
    }

    /// What was used: factory-made anti-personnel mines, improvised (victim-activated) mines, cluster munitions.
    public enum Weapon: String, CaseIterable, Sendable, Codable {
        case antiPersonnelMine = "ap_mine"
        case improvisedMine = "improvised_mine"
        case clusterMunition = "cluster_munition"
    }

    public enum SourceKind: String, CaseIterable, Sendable, Codable {
        case monitor
        case ngoInvestigation = "ngo_investigation"
        case unReport = "un_report"
        case governmentStatement = "government_statement"
        case media
    }

    public var localID: String
    public var actorKind: ActorKind
    /// The state whose forces used them (ISO alpha-3); nil for a non-state armed group.
    public var actorState: String?
    public var actorName: String
    /// Where the use took place (ISO alpha-3).
    public var territory: String
    public var adminArea: String?
    public var place: String?
    /// Where the source locates the use, when it names a place.
    public var location: GeoPoint?
    /// The period of use as the source gives it, each end at `precision` ("2022", "2022-03", a day).
    public var usedFrom: CalendarDate?
    public var usedTo: CalendarDate?
    public var precision: StockpileFigure.Precision?
    public var weapon: Weapon
    public var device: String?
    /// The day the source published the report: the record's date of information.
    public var reported: CalendarDate
    public var sourceKind: SourceKind
    public var source: String
    public var confidence: Confidence?
    public var notes: String?
    public var extra: String?

    public init(
        localID: String,
        actorKind: ActorKind,
        actorState: String? = nil,
        actorName: String,
        territory: String,
        weapon: Weapon,
        reported: CalendarDate,
        sourceKind: SourceKind,
        source: String,
        usedFrom: CalendarDate? = nil,
        usedTo: CalendarDate? = nil,
        precision: StockpileFigure.Precision? = nil,
        adminArea: String? = nil,
        place: String? = nil,
        location: GeoPoint? = nil,
        device: String? = nil,
        confidence: Confidence? = nil,
        notes: String? = nil
    ) {
        self.localID = localID
        self.actorKind = actorKind
        self.actorState = actorState
        self.actorName = actorName
        self.territory = territory
        self.weapon = weapon
        self.reported = reported
        self.sourceKind = sourceKind
        self.source = source
        self.usedFrom = usedFrom
        self.usedTo = usedTo
        self.precision = precision
        self.adminArea = adminArea
        self.place = place
        self.location = location
        self.device = device
        self.confidence = confidence
        self.notes = notes
    }

    public init() {
        self.init(
            localID: "",
            actorKind: .state,
            actorName: "",
            territory: "",
            weapon: .antiPersonnelMine,
            reported: .epoch,
            sourceKind: .media,
            source: ""
        )
    }

    /// Who used them, as a filter matches: the state's code, or the group's name.
    public var actor: String { actorState ?? actorName }

    /// The calendar years the use covers; the year reported when the source gives no period.
    public var years: ClosedRange<Int> {
        let first = usedFrom?.year ?? reported.year
        return first...max(first, usedTo?.year ?? first)
    }

    /// The period as the source gives it: "2022", "2022-03 to 2023", or nil when it gives none.
    public var periodText: String? {
        guard let from = usedFrom else { return nil }
        let p = precision ?? .day
        guard let to = usedTo else { return "from \(p.text(from))" }
        guard p.text(to) != p.text(from) else { return p.text(from) }
        return "\(p.text(from)) – \(p.text(to))"
    }
}

extension UseReport: LayerRecord {
    public static let layer = Layer<UseReport>(
        name: "use_reports",
        singular: "use report",
        area: .implementation,
        table: "use_reports",
        key: ["id"],
        date: "reported",
        // No OGC collection: the map layer (/use-of-mines/map.geojson) serves the reference data's reports with the
        // programme's, by who may read them.
        geometry: .point(\.location, { $0.location }),
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_use+id"),
            .choice("actor_kind", \.actorKind, { $0.actorKind }, hxl: "#org+type"),
            .code("actor_state", \.actorState, { $0.actorState }, hxl: "#org+country+code"),
            .text("actor_name", \.actorName, { $0.actorName }, maxLength: 300, hxl: "#org+name"),
            .code("territory", \.territory, { $0.territory }, hxl: "#country+code"),
            .text("admin_area", \.adminArea, { $0.adminArea }, maxLength: 200, hxl: "#adm1+name"),
            .text("place", \.place, { $0.place }, maxLength: 200, hxl: "#loc+name"),
            .date("used_from", \.usedFrom, { $0.usedFrom }, hxl: "#date+start"),
            .date("used_to", \.usedTo, { $0.usedTo }, hxl: "#date+end"),
            .choice("precision", \.precision, { $0.precision }, hxl: "#meta+precision"),
            .choice("weapon", \.weapon, { $0.weapon }, hxl: "#item+type"),
            .text("device", \.device, { $0.device }, maxLength: 200, hxl: "#item+name"),
            .date("reported", \.reported, { $0.reported }, hxl: "#date+reported"),
            .choice("source_kind", \.sourceKind, { $0.sourceKind }, hxl: "#meta+source+type"),
            .text("source", \.source, { $0.source }, maxLength: 1000, hxl: "#meta+source"),
            .choice("confidence", \.confidence, { $0.confidence }, hxl: "#meta+confidence"),
            .text("notes", \.notes, { $0.notes }, maxLength: 4000, hxl: "#description"),
        ]
    )

    public static func check(_ r: inout UseReport, _ row: inout RowCheck) {
        RecordRules.checkState(r.territory, "territory", &row)
        RecordRules.checkState(r.actorState, "actor_state", &row)
        switch r.actorKind {
        case .state where r.actorState == nil:
            row.fail(
                "actor-state",
                "\(row.name("actor_state")) is empty: use by a state's forces names the state (ISO alpha-3)"
            )
        case .nonStateArmedGroup where r.actorState != nil:
            row.fail(
                "actor-state",
                "\(row.name("actor_state")) '\(r.actorState!)' names a state, but \(row.name("actor_kind")) says a "
                    + "non-state armed group: the state where it operates is \(row.name("territory"))"
            )
        default: break
        }
        if let from = r.usedFrom, let to = r.usedTo, to < from {
            row.fail("period", "\(row.name("used_to")) \(to) is before \(row.name("used_from")) \(from)")
        }
        if let from = r.usedFrom, r.reported < from {
            row.fail(
                "reported-before-use",
                "\(row.name("reported")) \(r.reported) is before the use it reports began (\(from))"
            )
        }
        if r.usedTo != nil, r.usedFrom == nil {
            row.fail("period", "\(row.name("used_to")) is given without \(row.name("used_from"))")
        }
    }
}

/// What a source concluded about a report of use on a day: an allegation, found credible, confirmed, denied (by the
/// accused), or refuted. A report's standing is read from these as known on a day; a past view never shows a later one.
public struct UseAssessment: Sendable {
    public enum Status: String, CaseIterable, Sendable, Codable {
        case alleged, credible, confirmed, denied, refuted
    }

    public var localID: String
    public var reportID: String
    public var status: Status
    public var assessed: CalendarDate
    public var assessedBy: String
    public var source: String
    public var confidence: Confidence?
    public var notes: String?
    public var extra: String?

    public init(
        localID: String,
        reportID: String,
        status: Status,
        assessed: CalendarDate,
        assessedBy: String,
        source: String,
        confidence: Confidence? = nil,
        notes: String? = nil
    ) {
        self.localID = localID
        self.reportID = reportID
        self.status = status
        self.assessed = assessed
        self.assessedBy = assessedBy
        self.source = source
        self.confidence = confidence
        self.notes = notes
    }

    public init() {
        self.init(localID: "", reportID: "", status: .alleged, assessed: .epoch, assessedBy: "", source: "")
    }
}

extension UseAssessment: LayerRecord {
    public static let layer = Layer<UseAssessment>(
        name: "use_assessments",
        singular: "use assessment",
        area: .implementation,
        table: "use_assessments",
        key: ["id"],
        date: "assessed",
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_assessment+id"),
            .code(
                "report_id",
                \.reportID,
                { $0.reportID },
                hxl: "#x_use+id",
                references: Reference("use_reports", rule: "unknown-use-report")
            ),
            .choice("status", \.status, { $0.status }, hxl: "#status"),
            .date("assessed", \.assessed, { $0.assessed }, hxl: "#date+assessed"),
            .text("assessed_by", \.assessedBy, { $0.assessedBy }, maxLength: 300, hxl: "#org+assessor"),
            .text("source", \.source, { $0.source }, maxLength: 1000, hxl: "#meta+source"),
            .choice("confidence", \.confidence, { $0.confidence }, hxl: "#meta+confidence"),
            .text("notes", \.notes, { $0.notes }, maxLength: 4000, hxl: "#description"),
        ]
    )

    public static func checkAcross(_ c: inout CrossCheck) {
        UseOfMines.checkDatedAfterReport(&c, UseAssessment.self, date: \.assessed, field: "assessed")
    }
}

/// A response to a report of use: a statement by a state, the ICBL, the ICRC, the UN or a meeting of the States
/// Parties condemning or raising it, or the accused party's answer. A contact already recorded (the ICBL's letter)
/// may be named.
public struct UseResponse: Sendable {
    public enum ResponderKind: String, CaseIterable, Sendable, Codable {
        case state, icbl, icrc, un, meeting, accused, other
    }

    public enum Kind: String, CaseIterable, Sendable, Codable {
        case condemnation, concern
        case requestForClarification = "request_for_clarification"
        /// The accused party's reply.
        case answer
    }

    public var localID: String
    public var reportID: String
    public var responded: CalendarDate
    public var responderKind: ResponderKind
    public var responder: String
    public var kind: Kind
    public var summary: String?
    public var contactID: String?
    public var source: String
    public var confidence: Confidence?
    public var notes: String?
    public var extra: String?

    public init(
        localID: String,
        reportID: String,
        responded: CalendarDate,
        responderKind: ResponderKind,
        responder: String,
        kind: Kind,
        source: String,
        summary: String? = nil,
        contactID: String? = nil,
        confidence: Confidence? = nil,
        notes: String? = nil
    ) {
        self.localID = localID
        self.reportID = reportID
        self.responded = responded
        self.responderKind = responderKind
        self.responder = responder
        self.kind = kind
        self.source = source
        self.summary = summary
        self.contactID = contactID
        self.confidence = confidence
        self.notes = notes
    }

    public init() {
        self.init(
            localID: "",
            reportID: "",
            responded: .epoch,
            responderKind: .other,
            responder: "",
            kind: .concern,
            source: ""
        )
    }
}

extension UseResponse: LayerRecord {
    public static let layer = Layer<UseResponse>(
        name: "use_responses",
        singular: "use response",
        area: .implementation,
        table: "use_responses",
        key: ["id"],
        date: "responded",
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_response+id"),
            .code(
                "report_id",
                \.reportID,
                { $0.reportID },
                hxl: "#x_use+id",
                references: Reference("use_reports", rule: "unknown-use-report")
            ),
            .date("responded", \.responded, { $0.responded }, hxl: "#date"),
            .choice("responder_kind", \.responderKind, { $0.responderKind }, hxl: "#org+type"),
            .text("responder", \.responder, { $0.responder }, maxLength: 300, hxl: "#org+name"),
            .choice("kind", \.kind, { $0.kind }, hxl: "#x_response+type"),
            .text("summary", \.summary, { $0.summary }, maxLength: 4000, hxl: "#description+summary"),
            .code(
                "contact_id",
                \.contactID,
                { $0.contactID },
                hxl: "#x_contact+id",
                references: Reference("contacts", rule: "unknown-contact")
            ),
            .text("source", \.source, { $0.source }, maxLength: 1000, hxl: "#meta+source"),
            .choice("confidence", \.confidence, { $0.confidence }, hxl: "#meta+confidence"),
            .text("notes", \.notes, { $0.notes }, maxLength: 4000, hxl: "#description"),
        ]
    )

    public static func check(_ r: inout UseResponse, _ row: inout RowCheck) {
        if r.responderKind == .state { RecordRules.checkState(r.responder, "responder", &row) }
    }

    public static func checkAcross(_ c: inout CrossCheck) {
        UseOfMines.checkDatedAfterReport(&c, UseResponse.self, date: \.responded, field: "responded")
    }
}

/// A programme's (or the reference data's) reports of use with their assessments and responses.
public struct UseRecords: Sendable {
    public var reports: [UseReport]
    public var assessments: [UseAssessment]
    public var responses: [UseResponse]

    public init(reports: [UseReport] = [], assessments: [UseAssessment] = [], responses: [UseResponse] = []) {
        self.reports = reports
        self.assessments = assessments
        self.responses = responses
    }

    /// The records read from their layers' CSV files (name, bytes), with the layers' own rules: what the reference
    /// data ships and what the store keeps of it. Throws `ImportRefused` naming every bad row.
    public static func read(_ files: [(name: String, data: Data)]) throws -> UseRecords {
        let inputs = files.compactMap { file in
            RecordLayers.info(named: String(file.name.dropLast(4))).map {
                ImportInput(name: file.name, layer: $0, content: .data(file.data))
            }
        }
        let dataset = try RecordImport.read(inputs, rules: ImportRules()).dataset
        return UseRecords(
            reports: dataset[UseReport.self],
            assessments: dataset[UseAssessment.self],
            responses: dataset[UseResponse.self]
        )
    }

    /// Each layer's records as the CSV file an export writes (and `read` reads back).
    public var files: [(name: String, text: String)] {
        func file<R: LayerRecord>(_ records: [R]) -> (String, String) {
            var text = RecordExport.csvHeader(R.info, extra: records.contains { $0.extra != nil })
            let extra = records.contains { $0.extra != nil }
            for r in records { RecordExport.csvLine(RecordRow(r), R.info, derived: [], extra: extra, into: &text) }
            return (R.info.name + ".csv", text)
        }
        return [file(reports), file(assessments), file(responses)]
    }

    /// These records with a programme's beside them: a programme's record replaces one of the same id (its
    /// correction of a reference row); the rest stand together.
    public func including(_ records: UseRecords) -> UseRecords {
        func merged<R>(_ base: [R], _ more: [R], id: (R) -> String) -> [R] {
            let replaced = Set(more.map(id))
            return base.filter { !replaced.contains(id($0)) } + more
        }
        return UseRecords(
            reports: merged(reports, records.reports, id: \.localID),
            assessments: merged(assessments, records.assessments, id: \.localID),
            responses: merged(responses, records.responses, id: \.localID)
        )
    }
}

/// One report of use as known at the start of a day: the assessments and responses known then, and what they add up to.
public struct UseCase: Sendable {
    public var report: UseReport
    /// Oldest first.
    public var assessments: [UseAssessment]
    public var responses: [UseResponse]
    /// The standing: the latest assessment, except that a denial never lowers a confirmation or a refutation made
    /// earlier (the accused's word is its answer, not a finding); `alleged` when no assessment is known yet.
    public var status: UseAssessment.Status
    /// The accused answered: a response of kind `answer`, or a denial.
    public var answered: Bool
    /// The actor was party to the APMBC when the use began (a compliance question under Art 1 and Art 8); nil when
    /// the actor is not a state.
    public var actorWasStateParty: Bool?

    /// The years the use covers: the report's period, or — when the source gave no end — through the latest year a
    /// finding known then says the use went on.
    public var years: ClosedRange<Int> {
        let period = report.years
        guard report.usedTo == nil else { return period }
        let found = assessments.filter { $0.status == .confirmed || $0.status == .credible }.map(\.assessed.year).max()
        return period.lowerBound...max(period.upperBound, found ?? period.upperBound)
    }

    /// Still an open allegation: neither confirmed nor refuted, and no answer from the accused.
    public var isOpenWithoutAnswer: Bool { (status == .alleged || status == .credible) && !answered }
    public var latestAssessment: UseAssessment? { assessments.last }
}

/// The rules that read reports of use: what was known on a day, the selections the CLI, the API and the page offer,
/// use by year and actor, States Parties alleged to have used mines, open allegations without an answer.
public enum UseOfMines {
    /// Every report known before `asOf`, with the assessments and responses known then.
    public static func cases(_ records: UseRecords, registry: TreatyRegistry?, asOf: CalendarDate) -> [UseCase] {
        let assessments = Dictionary(
            grouping: records.assessments.filter { $0.assessed < asOf },
            by: \.reportID
        )
        let responses = Dictionary(grouping: records.responses.filter { $0.responded < asOf }, by: \.reportID)
        return records.reports.filter { $0.reported < asOf }.map { report in
            let known = (assessments[report.localID] ?? []).sorted {
                ($0.assessed, $0.localID) < ($1.assessed, $1.localID)
            }
            let said = (responses[report.localID] ?? []).sorted {
                ($0.responded, $0.localID) < ($1.responded, $1.localID)
            }
            var status = UseAssessment.Status.alleged
            for a in known {
                if a.status == .denied, status == .confirmed || status == .refuted { continue }
                status = a.status
            }
            let answered =
                said.contains { $0.kind == .answer || $0.responderKind == .accused }
                || known.contains { $0.status == .denied }
            let wasParty: Bool? = report.actorState.flatMap { state in
                guard let registry else { return nil }
                // Art 1 binds from entry into force, and through a pending withdrawal (Art 20).
                let day = report.usedFrom ?? report.reported
                let status = registry.status(of: registry.participation(state, in: .apmbc), asOf: day.adding(days: 1))
                return status == .party || status == .withdrawalPending
            }
            return UseCase(
                report: report,
                assessments: known,
                responses: said,
                status: status,
                answered: answered,
                actorWasStateParty: wasParty
            )
        }
        .sorted { ($0.report.years.lowerBound, $0.report.localID) < ($1.report.years.lowerBound, $1.report.localID) }
    }

    /// The cases a selection asks for: where the use took place or who used them (a state's code or a group's name,
    /// either matching), a year the use covers, the standing, what was used; only use by States Parties' forces while
    /// bound, only open allegations without an answer. The CLI, the API and the page ask through this one rule.
    public static func select(
        _ cases: [UseCase],
        state: String? = nil,
        actor: String? = nil,
        year: Int? = nil,
        status: UseAssessment.Status? = nil,
        weapon: UseReport.Weapon? = nil,
        statesPartiesOnly: Bool = false,
        openOnly: Bool = false
    ) -> [UseCase] {
        cases.filter { c in
            if statesPartiesOnly, c.actorWasStateParty != true { return false }
            if openOnly, !c.isOpenWithoutAnswer { return false }
            if let state, c.report.territory != state.uppercased(), c.report.actorState != state.uppercased() {
                return false
            }
            if let actor {
                let a = actor.lowercased()
                if c.report.actorState?.lowercased() != a, !c.report.actorName.lowercased().contains(a) { return false }
            }
            if let year, !c.years.contains(year) { return false }
            if let status, c.status != status { return false }
            if let weapon, c.report.weapon != weapon { return false }
            return true
        }
    }

    /// Reports by year of use and actor — a state's code for its forces, whatever each source calls them; a group's
    /// name — a report spanning years counting in each, oldest year first.
    public static func byYearAndActor(_ cases: [UseCase]) -> [(year: Int, actor: String, reports: Int)] {
        struct Key: Hashable { let year: Int, actor: String }
        var counts: [Key: Int] = [:]
        for c in cases {
            for y in c.years { counts[Key(year: y, actor: c.report.actor), default: 0] += 1 }
        }
        return counts.map { ($0.key.year, $0.key.actor, $0.value) }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
    }

    /// Reports by the state where the use took place, with the standing each reached: what the map shows.
    public static func byTerritory(_ cases: [UseCase]) -> [(state: String, reports: Int, confirmed: Int)] {
        Dictionary(grouping: cases, by: \.report.territory)
            .map { ($0.key, $0.value.count, $0.value.filter { $0.status == .confirmed }.count) }
            .sorted { ($1.1, $0.0) < ($0.1, $1.0) }
    }

    /// Reports that a State Party's own forces used mines while party: the compliance question.
    public static func byStatesParties(_ cases: [UseCase]) -> [UseCase] { select(cases, statesPartiesOnly: true) }

    static func checkDatedAfterReport<R: LayerRecord>(
        _ c: inout CrossCheck,
        _ type: R.Type,
        date: KeyPath<R, CalendarDate>,
        field: String
    ) {
        let reported = Dictionary(
            c.records(UseReport.self).map { ($0.localID, $0.reported) },
            uniquingKeysWith: { a, _ in a }
        )
        for (i, r) in c.records(type).enumerated() {
            guard case .text(let id) = R.layer.value("report_id", of: r), let day = reported[id] else { continue }
            if r[keyPath: date] < day {
                c.fail(
                    type,
                    i,
                    "dated-before-report",
                    "\(c.name(type, field)) \(r[keyPath: date]) is before use report '\(id)' was reported (\(day))"
                )
            }
        }
    }
}
