import Foundation

/// One reason a reference data file was refused: where, which rule, what value.
public struct ReferenceDataIssue: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var rule: String
    public var message: String

    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): [\(rule)] \(message)"
    }
}

/// The load stopped: every issue found, in file order.
public struct ReferenceDataError: Error, Sendable, CustomStringConvertible {
    public var issues: [ReferenceDataIssue]
    public var description: String {
        "reference data refused (\(issues.count) issue\(issues.count == 1 ? "" : "s")):\n"
            + issues.map { "  " + $0.description }.joined(separator: "\n")
    }
}

/// Reads and validates the reference data files (see docs/REFERENCE_DATA.md for their columns).
///
/// Nothing half-valid gets through: the whole directory is checked and every issue reported, and the
/// registry is returned only when there are none.
public enum ReferenceDataLoader {
    public static let statesFile = "states.csv"
    public static let conventionsFile = "conventions.csv"
    public static func participationFile(_ c: Convention) -> String { "\(c.rawValue)_participation.csv" }
    public static func meetingsFile(_ c: Convention) -> String { "\(c.rawValue)_meetings.csv" }
    public static func obligationFile(_ c: Convention, _ o: Obligation) -> String {
        "\(c.rawValue)_article\(c.article(of: o)).csv"
    }
    public static func extensionsFile(_ c: Convention, _ o: Obligation) -> String {
        "\(c.rawValue)_article\(c.article(of: o))_extensions.csv"
    }

    /// Stockpile figures and retained mines (APMBC Art 4, Art 3; issue 18).
    public static let stockpilesFile = "apmbc_stockpiles.csv"
    public static let retainedFile = "apmbc_retained_mines.csv"
    /// Votes on the UNGA resolution on the Convention (states not party's interim steps).
    public static let ungaVotesFile = "unga_votes.csv"
    /// National implementation measures (APMBC Art 9).
    public static let measuresFile = "apmbc_article9.csv"
    /// Cluster munition stockpiles of the CCM's States Parties (Art 3), in munitions and submunitions.
    public static let ccmStockpilesFile = "ccm_stockpiles.csv"
    /// Yearly average exchange rates, units per US dollar (funding converted to USD).
    public static let exchangeRatesFile = "exchange_rates.csv"
    /// The review conferences' action plans, and progress figures published about them.
    public static let actionPlansFile = "action_plans.csv"
    public static let planFiguresFile = "action_plan_figures.csv"
    /// Participation in the related instruments: CCW Amended Protocol II and Protocol V, the CRPD.
    public static let instrumentsFile = "instrument_participation.csv"
    /// Cluster munitions held by states outside the CCM (declared, reported or attributed).
    public static let notPartyClusterStocksFile = "ccm_stockpiles_not_party.csv"
    /// Extension requests before a meeting whose decision no source read records (both conventions).
    public static let extensionRequestsFile = "extension_requests.csv"
    /// Art 7 (APMBC): what sources said of each State Party's reports, and the yearly compliance rates.
    public static let transparencyFile = "apmbc_article7_reports.csv"
    public static let complianceRatesFile = "apmbc_article7_rates.csv"
    /// Documented use of mines, its assessments and the responses to it, in the layers' own file format (the
    /// programme's records of the same kinds stand beside them).
    public static let useFiles = [UseReport.info, UseAssessment.info, UseResponse.info].map { $0.name + ".csv" }

    /// Every file the loader reads, in load order.
    public static var files: [String] {
        var names = [statesFile, conventionsFile]
        for c in Convention.allCases {
            names += [participationFile(c), meetingsFile(c)]
            for o in Obligation.allCases {
                names.append(obligationFile(c, o))
                if c.maximumExtensionYears(for: o) != nil { names.append(extensionsFile(c, o)) }
            }
        }
        return names + [
            stockpilesFile, retainedFile, ungaVotesFile, measuresFile, exchangeRatesFile, ccmStockpilesFile,
            actionPlansFile, planFiguresFile, instrumentsFile, notPartyClusterStocksFile, transparencyFile,
            complianceRatesFile, extensionRequestsFile,
        ] + useFiles
    }

    /// A fingerprint of the files' bytes (FNV-1a, 64 bit), so a store reloads only what changed.
    public static func checksum(of directory: URL) throws -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for name in files {
            let data = (try? Data(contentsOf: directory.appendingPathComponent(name))) ?? Data()
            for byte in name.utf8 + [0] + Array(data) {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
        }
        return String(format: "%016llx", hash)
    }

    public static func load(from directory: URL) throws -> TreatyRegistry {
        var tables: [String: CSVTable] = [:]
        var issues: [ReferenceDataIssue] = []
        for name in files {
            let url = directory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else {
                issues.append(
                    .init(file: name, line: nil, rule: "file-missing", message: "no such file in \(directory.path)")
                )
                continue
            }
            do {
                tables[name] = try CSVTable(contentsOf: url)
            } catch let error as CSVTable.ParseError {
                issues.append(.init(file: name, line: nil, rule: "csv-syntax", message: error.description))
            }
        }
        guard issues.isEmpty else { throw ReferenceDataError(issues: issues) }
        return try validate(tables: tables)
    }

    /// Validates parsed tables (keyed by file name) and builds the registry.
    public static func validate(tables: [String: CSVTable]) throws -> TreatyRegistry {
        var v = Validator()
        let states = v.states(tables[statesFile]!, file: statesFile)
        let known = Set(states.map(\.iso3))
        let conventions = v.conventions(tables[conventionsFile]!, file: conventionsFile)
        var participations: [TreatyParticipation] = []
        var meetings: [TreatyMeeting] = []
        var reports: [ObligationReport] = []
        var extensions: [DeadlineExtension] = []
        for c in Convention.allCases {
            let facts = conventions.first { $0.convention == c }
            participations += v.participations(
                tables[participationFile(c)]!,
                file: participationFile(c),
                convention: c,
                facts: facts,
                known: known
            )
            meetings += v.meetings(tables[meetingsFile(c)]!, file: meetingsFile(c), convention: c, known: known)
        }
        // Deadlines need each state's entry into force, so build a first registry of participations.
        let partial = TreatyRegistry(
            states: states,
            conventions: conventions,
            participations: participations,
            meetings: meetings,
            obligationReports: [],
            extensions: []
        )
        for c in Convention.allCases {
            for o in Obligation.allCases {
                reports += v.obligationReports(
                    tables[obligationFile(c, o)]!,
                    file: obligationFile(c, o),
                    convention: c,
                    obligation: o,
                    registry: partial
                )
                if c.maximumExtensionYears(for: o) != nil {
                    extensions += v.extensions(
                        tables[extensionsFile(c, o)]!,
                        file: extensionsFile(c, o),
                        convention: c,
                        obligation: o,
                        registry: partial,
                        reports: reports.filter { $0.convention == c && $0.obligation == o }
                    )
                }
            }
        }
        // Validated when given (a directory of tables made by hand for a test may hold only the obligations).
        let stockpiles =
            tables[stockpilesFile].map { v.stockpileFigures($0, file: stockpilesFile, registry: partial) } ?? []
        let retained = tables[retainedFile].map { v.retainedMines($0, file: retainedFile, registry: partial) } ?? []
        let votes = tables[ungaVotesFile].map { v.ungaVotes($0, file: ungaVotesFile, registry: partial) } ?? []
        let measures = tables[measuresFile].map { v.nationalMeasures($0, file: measuresFile, registry: partial) } ?? []
        let rates = tables[exchangeRatesFile].map { v.exchangeRates($0, file: exchangeRatesFile) } ?? []
        let ccmStockpiles =
            tables[ccmStockpilesFile].map { v.ccmStockpileFigures($0, file: ccmStockpilesFile, registry: partial) }
            ?? []
        let plans = tables[actionPlansFile].map { v.actionPlans($0, file: actionPlansFile, meetings: meetings) } ?? []
        let planFigures =
            tables[planFiguresFile].map { v.planFigures($0, file: planFiguresFile, plans: plans) } ?? []
        let instruments =
            tables[instrumentsFile].map { v.instrumentParticipations($0, file: instrumentsFile, known: known) } ?? []
        let notParty =
            tables[notPartyClusterStocksFile].map {
                v.notPartyClusterStocks($0, file: notPartyClusterStocksFile, registry: partial)
            } ?? []
        let use = v.useRecords(tables, registry: partial)
        let statements =
            tables[transparencyFile].map { v.transparencyStatements($0, file: transparencyFile, registry: partial) }
            ?? []
        let requests =
            tables[extensionRequestsFile].map {
                v.extensionRequests($0, file: extensionRequestsFile, registry: partial, extensions: extensions)
            } ?? []
        let compliance = tables[complianceRatesFile].map { v.complianceRates($0, file: complianceRatesFile) } ?? []
        guard v.issues.isEmpty else { throw ReferenceDataError(issues: v.issues) }
        return TreatyRegistry(
            states: states,
            conventions: conventions,
            participations: participations,
            meetings: meetings,
            obligationReports: reports,
            extensions: extensions,
            stockpileFigures: stockpiles,
            retainedMines: retained,
            ungaVotes: votes,
            nationalMeasures: measures,
            exchangeRates: rates,
            ccmStockpileFigures: ccmStockpiles,
            actionPlans: plans,
            planFigures: planFigures,
            instrumentParticipations: instruments,
            notPartyClusterStocks: notParty,
            useOfMines: use,
            transparencyStatements: statements,
            complianceRates: compliance,
            extensionRequests: requests
        )
    }
}

/// Reads typed cells and records what is wrong with them.
private struct Validator {
    var issues: [ReferenceDataIssue] = []

    struct Cells {
        let table: CSVTable
        let row: CSVTable.Row
        let file: String
    }

    mutating func fail(_ file: String, _ line: Int?, _ rule: String, _ message: String) {
        issues.append(ReferenceDataIssue(file: file, line: line, rule: rule, message: message))
    }

    /// Refuses the file if a required column is absent; returns false then.
    mutating func requireColumns(_ table: CSVTable, _ columns: [String], file: String) -> Bool {
        let missing = columns.filter { table.column($0) == nil }
        if !missing.isEmpty {
            fail(
                file,
                1,
                "columns",
                "missing column(s) \(missing.joined(separator: ", ")); header is \(table.header.joined(separator: ","))"
            )
        }
        return missing.isEmpty
    }

    mutating func text(_ c: Cells, _ column: String, required: Bool = false) -> String? {
        let v = c.table.value(c.row, column)
        if v == nil, required { fail(c.file, c.row.line, "required", "\(column) is empty") }
        return v
    }

    mutating func date(_ c: Cells, _ column: String, required: Bool = false) -> CalendarDate? {
        guard let v = text(c, column, required: required) else { return nil }
        guard let d = CalendarDate(iso: v) else {
            fail(c.file, c.row.line, "date", "\(column) '\(v)' is not a calendar date YYYY-MM-DD")
            return nil
        }
        return d
    }

    mutating func value<E: RawRepresentable & CaseIterable>(
        _ c: Cells,
        _ column: String,
        as: E.Type,
        required: Bool = false
    )
        -> E? where E.RawValue == String
    {
        guard let v = text(c, column, required: required) else { return nil }
        guard let e = E(rawValue: v) else {
            fail(
                c.file,
                c.row.line,
                "enum",
                "\(column) '\(v)' is not one of \(E.allCases.map(\.rawValue).joined(separator: ", "))"
            )
            return nil
        }
        return e
    }

    mutating func provenance(_ c: Cells) -> Provenance {
        let source = text(c, "source", required: true) ?? ""
        if !source.isEmpty, !(source.hasPrefix("https://") || source.hasPrefix("http://")) {
            fail(c.file, c.row.line, "source", "source '\(source)' is not an http(s) URL")
        }
        let confidence = value(c, "confidence", as: Confidence.self, required: true) ?? .unconfirmed
        return Provenance(source: source, confidence: confidence)
    }

    mutating func state(_ c: Cells, known: Set<String>, column: String = "iso3") -> String? {
        guard let code = text(c, column, required: true) else { return nil }
        guard known.contains(code) else {
            fail(c.file, c.row.line, "unknown-state", "\(column) '\(code)' is not in states.csv")
            return nil
        }
        return code
    }

    // MARK: - Files

    /// A whole, non-negative number in `column`; nil (with an issue) otherwise.
    mutating func count(_ c: Cells, _ column: String, required: Bool) -> Int64? {
        guard let v = text(c, column, required: required) else { return nil }
        guard let n = Int64(v), n >= 0 else {
            fail(c.file, c.row.line, "count", "\(column) '\(v)' is not a whole number of 0 or more")
            return nil
        }
        return n
    }

    /// A state that has deposited an instrument for the APMBC (stockpiles and retained mines are its States
    /// Parties' matters).
    mutating func party(
        _ c: Cells,
        registry: TreatyRegistry,
        allowAll: Bool = false,
        convention: Convention = .apmbc
    ) -> String? {
        if allowAll, c.table.value(c.row, "iso3") == RetainedMinesReport.allStates {
            return RetainedMinesReport.allStates
        }
        guard let iso3 = state(c, known: Set(registry.states.map(\.iso3))) else { return nil }
        guard registry.participation(iso3, in: convention)?.deposited != nil else {
            fail(c.file, c.row.line, "not-a-party", "'\(iso3)' has deposited no instrument for \(convention.rawValue)")
            return nil
        }
        return iso3
    }

    mutating func stockpileFigures(_ table: CSVTable, file: String, registry: TreatyRegistry) -> [StockpileFigure] {
        figures(table, file: file, registry: registry, convention: .apmbc)
    }

    mutating func ccmStockpileFigures(_ table: CSVTable, file: String, registry: TreatyRegistry) -> [StockpileFigure] {
        figures(table, file: file, registry: registry, convention: .ccm)
    }

    /// Stockpile figures of one convention's States Parties: the APMBC's count mines (`mine_type`), the CCM's count
    /// cluster munitions or submunitions (`munition_type` and a `unit` column).
    private mutating func figures(_ table: CSVTable, file: String, registry: TreatyRegistry, convention: Convention)
        -> [StockpileFigure]
    {
        let typeColumn = convention == .apmbc ? "mine_type" : "munition_type"
        var columns = ["iso3", "date_of_information", typeColumn, "quantity", "kind", "source", "confidence", "notes"]
        if convention == .ccm { columns.append("unit") }
        guard requireColumns(table, columns, file: file) else { return [] }
        var result: [StockpileFigure] = []
        var seen: [String: Int] = [:]
        for row in table.rows {
            let c = Cells(table: table, row: row, file: file)
            let iso3 = party(c, registry: registry, allowAll: true, convention: convention)
            var day: CalendarDate?
            var precision = StockpileFigure.Precision.day
            if let text = text(c, "date_of_information", required: true) {
                if let period = StockpileFigure.period(text) {
                    (day, precision) = period
                } else {
                    fail(file, row.line, "date", "date_of_information '\(text)' is not YYYY-MM-DD, YYYY-MM or YYYY")
                }
            }
            let type = text(c, typeColumn, required: true)
            let quantity = count(c, "quantity", required: true)
            var unit: StockpileFigure.Unit? = .mines
            if convention == .ccm {
                unit = value(c, "unit", as: StockpileFigure.Unit.self, required: true)
                if unit == .mines { fail(file, row.line, "unit", "unit 'mines' is not a cluster munition unit") }
            }
            let kind = value(c, "kind", as: StockpileFigure.Kind.self, required: true)
            let provenance = provenance(c)
            guard let iso3, let day, let type, let quantity, let unit, let kind else { continue }
            let key = "\(iso3) \(day.iso) \(precision.rawValue) \(type) \(unit.rawValue) \(kind.rawValue)"
            if let first = seen[key] { fail(file, row.line, "unique-figure", "the same figure as line \(first)") }
            seen[key] = row.line
            result.append(
                StockpileFigure(
                    iso3: iso3,
                    date: day,
                    precision: precision,
                    mineType: type,
                    quantity: quantity,
                    kind: kind,
                    unit: unit,
                    provenance: provenance,
                    notes: text(c, "notes")
                )
            )
        }
        return result
    }

    mutating func nationalMeasures(_ table: CSVTable, file: String, registry: TreatyRegistry) -> [NationalMeasure] {
        let columns = ["iso3", "status", "measure", "adopted_on", "penal_sanctions", "source", "confidence", "notes"]
        guard requireColumns(table, columns, file: file) else { return [] }
        var result: [NationalMeasure] = []
        var seen: [String: Int] = [:]
        for row in table.rows {
            let c = Cells(table: table, row: row, file: file)
            let iso3 = party(c, registry: registry)
            let status = value(c, "status", as: NationalMeasure.Status.self, required: true)
            let adopted = date(c, "adopted_on")
            var penal: Bool?
            switch text(c, "penal_sanctions") {
            case nil: penal = nil
            case "yes": penal = true
            case "no": penal = false
            case let other?: fail(file, row.line, "enum", "penal_sanctions '\(other)' is not yes, no or empty")
            }
            let provenance = provenance(c)
            guard let iso3, let status else { continue }
            if let first = seen[iso3] { fail(file, row.line, "unique-state", "'\(iso3)' repeats line \(first)") }
            seen[iso3] = row.line
            if status != .adopted, adopted != nil {
                fail(file, row.line, "adopted-on", "adopted_on is given for a state whose status is \(status.rawValue)")
            }
            result.append(
                NationalMeasure(
                    iso3: iso3,
                    status: status,
                    measure: text(c, "measure"),
                    adoptedOn: adopted,
                    penalSanctions: penal,
                    provenance: provenance,
                    notes: text(c, "notes")
                )
            )
        }
        return result
    }

    mutating func actionPlans(_ table: CSVTable, file: String, meetings: [TreatyMeeting]) -> [ActionPlan] {
        let columns = [
            "plan", "name", "meeting_code", "adopted_on", "first_year", "last_year", "actions", "source", "confidence",
            "notes",
        ]
        guard requireColumns(table, columns, file: file) else { return [] }
        var result: [ActionPlan] = []
        for row in table.rows {
            let c = Cells(table: table, row: row, file: file)
            let code = text(c, "plan", required: true)
            if let code, !ActionPlanLayers.planCodes.contains(code) {
                fail(
                    file,
                    row.line,
                    "plan",
                    "plan '\(code)' is not one of \(ActionPlanLayers.planCodes.joined(separator: ", "))"
                )
            }
            if let code, result.contains(where: { $0.code == code }) {
                fail(file, row.line, "unique-plan", "plan '\(code)' repeats")
            }
            let name = text(c, "name", required: true)
            let meeting = text(c, "meeting_code", required: true)
            let adopted = date(c, "adopted_on", required: true)
            // A plan is adopted on a day of the review conference that names it.
            if let meeting, let adopted {
                if let m = meetings.first(where: { $0.convention == .apmbc && $0.code == meeting }) {
                    if adopted < m.start || adopted > m.end {
                        fail(file, row.line, "adopted-on", "adopted_on \(adopted) is not a day of \(meeting)")
                    }
                } else {
                    fail(file, row.line, "meeting", "meeting_code '\(meeting)' is not an APMBC meeting")
                }
            }
            let first = text(c, "first_year", required: true).flatMap(Int.init)
            let last = text(c, "last_year", required: true).flatMap(Int.init)
            if let first, let last, !(2004...2100).contains(first) || last < first || last - first > 10 {
                fail(file, row.line, "years", "first_year \(first) and last_year \(last) are not a plan's period")
            }
            if first == nil || last == nil { fail(file, row.line, "years", "first_year and last_year must be years") }
            let actionsText = text(c, "actions")
            let actions = actionsText.flatMap(Int.init)
            if let actionsText, !(actions.map { (1...500).contains($0) } ?? false) {
                fail(file, row.line, "actions", "actions '\(actionsText)' is not a number of actions")
            }
            let provenance = provenance(c)
            guard let code, let name, let meeting, let adopted, let first, let last else { continue }
            result.append(
                ActionPlan(
                    code: code,
                    name: name,
                    meetingCode: meeting,
                    adoptedOn: adopted,
                    firstYear: first,
                    lastYear: last,
                    actions: actions,
                    provenance: provenance,
                    notes: text(c, "notes")
                )
            )
        }
        return result
    }

    mutating func instrumentParticipations(_ table: CSVTable, file: String, known: Set<String>)
        -> [InstrumentParticipation]
    {
        let columns = [
            "instrument", "iso3", "signed", "consent_date", "consent_kind", "entry_into_force", "source", "confidence",
            "notes",
        ]
        guard requireColumns(table, columns, file: file) else { return [] }
        var result: [InstrumentParticipation] = []
        var seen: [String: Int] = [:]
        for row in table.rows {
            let c = Cells(table: table, row: row, file: file)
            let instrumentText = text(c, "instrument", required: true)
            let instrument = instrumentText.flatMap(RelatedInstrument.init(rawValue:))
            if let instrumentText, instrument == nil {
                fail(
                    file,
                    row.line,
                    "enum",
                    "instrument '\(instrumentText)' is not one of \(RelatedInstrument.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            let iso3 = state(c, known: known)
            let signed = date(c, "signed")
            let consented = date(c, "consent_date")
            let kind = value(c, "consent_kind", as: InstrumentParticipation.ConsentKind.self, required: false)
            let eif = date(c, "entry_into_force")
            if (consented == nil) != (kind == nil) {
                fail(file, row.line, "consent", "consent_date and consent_kind go together: give both or neither")
            }
            if consented == nil, signed == nil { fail(file, row.line, "required", "neither signed nor consent_date") }
            if let signed, let consented, consented < signed {
                fail(file, row.line, "consent", "consent_date \(consented) is before signed \(signed)")
            }
            if let eif, let consented, eif < consented {
                fail(file, row.line, "entry-into-force", "entry_into_force \(eif) is before consent_date \(consented)")
            }
            let provenance = provenance(c)
            guard let instrument, let iso3 else { continue }
            let key = "\(instrument.rawValue) \(iso3)"
            if let first = seen[key] { fail(file, row.line, "unique", "\(key) repeats line \(first)") }
            seen[key] = row.line
            result.append(
                InstrumentParticipation(
                    instrument: instrument,
                    iso3: iso3,
                    signed: signed,
                    consented: consented,
                    consentKind: kind,
                    statedEntryIntoForce: eif,
                    provenance: provenance,
                    notes: text(c, "notes")
                )
            )
        }
        return result
    }

    /// Extension requests: an obligation that can be extended, a state party to the convention, a meeting of it; no
    /// extension recorded as granted at that meeting (then the decision is known, and this row is not needed).
    mutating func extensionRequests(
        _ table: CSVTable,
        file: String,
        registry: TreatyRegistry,
        extensions: [DeadlineExtension]
    ) -> [ExtensionRequest] {
        let columns = ["convention", "article", "iso3", "meeting_code", "submitted_on", "requested_deadline", "source"]
        guard requireColumns(table, columns + ["confidence"], file: file) else { return [] }
        var out: [ExtensionRequest] = []
        for row in table.rows {
            let c = Cells(table: table, row: row, file: file)
            guard let convention = value(c, "convention", as: Convention.self, required: true),
                let articleText = text(c, "article", required: true),
                let iso3 = state(c, known: Set(registry.states.map(\.iso3))),
                let code = text(c, "meeting_code", required: true)
            else { continue }
            let provenance = provenance(c)
            guard
                let obligation = Obligation.allCases.first(where: { String(convention.article(of: $0)) == articleText }
                ),
                convention.maximumExtensionYears(for: obligation) != nil
            else {
                fail(
                    file,
                    row.line,
                    "article",
                    "article '\(articleText)' is not a \(convention.rawValue) article with extensions"
                )
                continue
            }
            guard let meeting = registry.meeting(code, in: convention) else {
                fail(
                    file,
                    row.line,
                    "unknown-meeting",
                    "meeting_code '\(code)' is not in \(convention.rawValue)_meetings.csv"
                )
                continue
            }
            if registry.participation(iso3, in: convention)?.deposited == nil {
                fail(
                    file,
                    row.line,
                    "not-party",
                    "\(iso3) never deposited an instrument for the \(convention.rawValue)"
                )
            }
            if extensions.contains(where: {
                $0.iso3 == iso3 && $0.convention == convention && $0.obligation == obligation && $0.meetingCode == code
            }) {
                fail(
                    file,
                    row.line,
                    "decided",
                    "\(iso3)'s extension granted at \(code) is in the extensions file: the request is decided"
                )
            }
            let submitted = date(c, "submitted_on")
            if let submitted, submitted > meeting.end {
                fail(
                    file,
                    row.line,
                    "submitted_on",
                    "submitted_on \(submitted) is after \(code) ended (\(meeting.end))"
                )
            }
            out.append(
                ExtensionRequest(
                    convention: convention,
                    obligation: obligation,
                    iso3: iso3,
                    meetingCode: code,
                    submittedOn: submitted,
                    requestedDeadline: date(c, "requested_deadline"),
                    knownBy: submitted ?? meeting.start,
                    meetingStart: meeting.start,
                    provenance: provenance,
                    notes: text(c, "notes")
                )
            )
        }
        return out
    }

    /// Art 7 statements: an annual report names its year and an initial one none; a submission's day is not after the
    /// statement's; the state was party to the APMBC.
    mutating func transparencyStatements(_ table: CSVTable, file: String, registry: TreatyRegistry)
        -> [TransparencyStatement]
    {
        let columns = ["iso3", "kind", "year", "status", "due_on", "submitted_on", "as_of", "source", "confidence"]
        guard requireColumns(table, columns, file: file) else { return [] }
        var out: [TransparencyStatement] = []
        var seen = Set<String>()
        for row in table.rows {
            let c = Cells(table: table, row: row, file: file)
            let known = Set(registry.states.map(\.iso3))
            guard let iso3 = state(c, known: known),
                let kind = value(c, "kind", as: TransparencyStatement.Kind.self, required: true),
                let status = value(c, "status", as: TransparencyStatement.Status.self, required: true),
                let asOf = date(c, "as_of", required: true)
            else { continue }
            let provenance = provenance(c)
            let due = date(c, "due_on")
            let submitted = date(c, "submitted_on")
            var year: Int?
            if let text = self.text(c, "year") {
                guard let y = Int(text), (1999...2200).contains(y) else {
                    fail(file, row.line, "year", "year '\(text)' is not a year from 1999")
                    continue
                }
                year = y
            }
            switch (kind, year) {
            case (.annual, nil): fail(file, row.line, "year", "an annual report names the calendar year it covers")
            case (.initial, .some(let y)):
                fail(file, row.line, "year", "an initial report covers no calendar year (year \(y) given)")
            default: break
            }
            if let year, let due, due != TreatyRegistry.annualReportDue(year) {
                fail(file, row.line, "due", "due_on \(due) is not 30 April \(year + 1), when Art 7.2 has it due")
            }
            if let submitted {
                if status != .submitted {
                    fail(
                        file,
                        row.line,
                        "submitted_on",
                        "submitted_on \(submitted) is given for a report not submitted"
                    )
                }
                if submitted > asOf {
                    fail(
                        file,
                        row.line,
                        "submitted_on",
                        "submitted_on \(submitted) is after the statement's as_of \(asOf)"
                    )
                }
            }
            if registry.participation(iso3, in: .apmbc)?.deposited == nil {
                fail(file, row.line, "not-party", "\(iso3) never deposited an instrument for the APMBC")
            }
            let key = "\(iso3)/\(kind.rawValue)/\(year.map(String.init) ?? "")/\(asOf.iso)"
            if !seen.insert(key).inserted {
                fail(file, row.line, "duplicate", "a second statement on \(key)")
            }
            out.append(
                TransparencyStatement(
                    iso3: iso3,
                    kind: kind,
                    year: year,
                    status: status,
                    dueOn: due,
                    submittedOn: submitted,
                    asOf: asOf,
                    provenance: provenance,
                    notes: self.text(c, "notes")
                )
            )
        }
        return out
    }

    /// Published compliance rates: a rate within 0–100, stated after the year it covers ended.
    mutating func complianceRates(_ table: CSVTable, file: String) -> [ComplianceRate] {
        let columns = ["year", "as_of", "states_parties_due", "submitted", "rate_percent", "source", "confidence"]
        guard requireColumns(table, columns, file: file) else { return [] }
        var out: [ComplianceRate] = []
        for row in table.rows {
            let c = Cells(table: table, row: row, file: file)
            guard let yearText = text(c, "year", required: true), let asOf = date(c, "as_of", required: true) else {
                continue
            }
            guard let year = Int(yearText), (1999...2200).contains(year) else {
                fail(file, row.line, "year", "year '\(yearText)' is not a year from 1999")
                continue
            }
            let provenance = provenance(c)
            if asOf.year <= year {
                fail(file, row.line, "as_of", "as_of \(asOf) is before the year \(year) ended")
            }
            var rate: Double?
            if let text = text(c, "rate_percent") {
                guard let r = Double(text), (0...100).contains(r) else {
                    fail(file, row.line, "rate", "rate_percent '\(text)' is not a percentage from 0 to 100")
                    continue
                }
                rate = r
            }
            let due = count(c, "states_parties_due", required: false).map(Int.init)
            let submitted = count(c, "submitted", required: false).map(Int.init)
            if let due, let submitted, submitted > due {
                fail(file, row.line, "submitted", "submitted \(submitted) exceeds states_parties_due \(due)")
            }
            out.append(
                ComplianceRate(
                    year: year,
                    asOf: asOf,
                    statesPartiesDue: due,
                    submitted: submitted,
                    ratePercent: rate,
                    provenance: provenance,
                    notes: text(c, "notes")
                )
            )
        }
        return out
    }

    /// The use-of-mines files, read by the layers' own reader and rules (as an import of them would be), then held to
    /// what reference data adds: a source URL and a confidence on every row, states known to states.csv.
    mutating func useRecords(_ tables: [String: CSVTable], registry: TreatyRegistry) -> UseRecords {
        let present = ReferenceDataLoader.useFiles.filter { tables[$0] != nil }
        guard !present.isEmpty else { return UseRecords() }
        let records: UseRecords
        do {
            records = try UseRecords.read(
                present.map { name in
                    let table = tables[name]!
                    let text = ([table.header] + table.rows.map(\.fields))
                        .map { $0.map(RecordExport.csvField).joined(separator: ",") }.joined(separator: "\n")
                    return (name, Data(text.utf8))
                }
            )
        } catch let refused as ImportRefused {
            for i in refused.issues { fail(i.file, nil, i.rule, (i.item.map { "\($0): " } ?? "") + i.message) }
            return UseRecords()
        } catch {
            fail(present[0], nil, "read", "\(error)")
            return UseRecords()
        }
        func sourced(_ file: String, _ id: String, _ source: String, _ confidence: Confidence?) {
            if !(source.hasPrefix("https://") || source.hasPrefix("http://")) {
                fail(file, nil, "source", "\(id): source '\(source)' is not an http(s) URL")
            }
            if confidence == nil { fail(file, nil, "required", "\(id): confidence is empty") }
        }
        for r in records.reports {
            sourced(UseReport.info.name + ".csv", r.localID, r.source, r.confidence)
            for code in [r.territory, r.actorState].compactMap({ $0 }) where registry.state(code) == nil {
                fail(UseReport.info.name + ".csv", nil, "unknown-state", "\(r.localID): '\(code)' is not in states.csv")
            }
        }
        for a in records.assessments { sourced(UseAssessment.info.name + ".csv", a.localID, a.source, a.confidence) }
        for r in records.responses { sourced(UseResponse.info.name + ".csv", r.localID, r.source, r.confidence) }
        return records
    }

    mutating func notPartyClusterStocks(_ table: CSVTable, file: String, registry: TreatyRegistry)
        -> [NotPartyClusterStock]
    {
        let columns = [
            "iso3", "date_of_information", "munition_type", "quantity", "unit", "basis", "source", "confidence",
            "notes",
        ]
        guard requireColumns(table, columns, file: file) else { return [] }
        var result: [NotPartyClusterStock] = []
        for row in table.rows {
            let c = Cells(table: table, row: row, file: file)
            let iso3 = state(c, known: Set(registry.states.map(\.iso3)))
            var period: (CalendarDate, StockpileFigure.Precision)?
            if let text = text(c, "date_of_information", required: true) {
                period = StockpileFigure.period(text)
                if period == nil {
                    fail(file, row.line, "date", "date_of_information '\(text)' is not YYYY-MM-DD, YYYY-MM or YYYY")
                }
            }
            let type = text(c, "munition_type", required: true)
            let quantity = count(c, "quantity", required: false)
            let unit = value(c, "unit", as: StockpileFigure.Unit.self, required: false)
            if (quantity == nil) != (unit == nil) {
                fail(file, row.line, "unit", "quantity and unit go together: give both or neither")
            }
            if unit == .mines { fail(file, row.line, "unit", "unit 'mines' is not a cluster munition unit") }
            let basis = value(c, "basis", as: NotPartyClusterStock.Basis.self, required: true)
            // Outside the CCM on the day the figure describes: a State Party's stock is an Art 3 figure instead.
            if let iso3, let (day, _) = period, let deposited = registry.participation(iso3, in: .ccm)?.deposited,
                deposited <= day
            {
                fail(file, row.line, "state-party", "'\(iso3)' had deposited its CCM instrument on \(deposited)")
            }
            let provenance = provenance(c)
            guard let iso3, let (day, precision) = period, let type, let basis else { continue }
            result.append(
                NotPartyClusterStock(
                    iso3: iso3,
                    date: day,
                    precision: precision,
                    munitionType: type,
                    quantity: quantity,
                    unit: unit,
                    basis: basis,
                    provenance: provenance,
                    notes: text(c, "notes")
                )
            )
        }
        return result
    }

    mutating func planFigures(_ table: CSVTable, file: String, plans: [ActionPlan]) -> [PlanFigure] {
        let columns = [
            "plan", "year", "measure", "description", "value", "denominator", "source", "confidence", "notes",
        ]
        guard requireColumns(table, columns, file: file) else { return [] }
        var result: [PlanFigure] = []
        for row in table.rows {
            let c = Cells(table: table, row: row, file: file)
            let plan = text(c, "plan", required: true)
            if let plan, !plans.contains(where: { $0.code == plan }) {
                fail(file, row.line, "plan", "plan '\(plan)' is not in \(ReferenceDataLoader.actionPlansFile)")
            }
            let yearText = text(c, "year")
            let year = yearText.flatMap(Int.init)
            if let yearText, !(year.map { (1999...2100).contains($0) } ?? false) {
                fail(file, row.line, "year", "year '\(yearText)' is not a year from 1999")
            }
            let measure = value(c, "measure", as: PlanMeasure.self, required: false)
            let description = text(c, "description", required: true)
            let valueText = text(c, "value", required: true)
            let number = valueText.flatMap(ActionPlanRules.number)
            if let valueText, number == nil {
                fail(file, row.line, "value", "value '\(valueText)' is not a decimal number")
            }
            let denominatorText = text(c, "denominator")
            let denominator = denominatorText.flatMap(Int.init)
            if let denominatorText, !(denominator.map { $0 > 0 } ?? false) {
                fail(file, row.line, "denominator", "denominator '\(denominatorText)' is not a positive whole number")
            }
            let provenance = provenance(c)
            guard let plan, let description, let number else { continue }
            result.append(
                PlanFigure(
                    plan: plan,
                    year: year,
                    measure: measure,
                    description: description,
                    value: number,
                    denominator: denominator,
                    provenance: provenance,
                    notes: text(c, "notes")
                )
            )
        }
        return result
    }

    mutating func exchangeRates(_ table: CSVTable, file: String) -> [ExchangeRate] {
        let columns = ["currency", "year", "units_per_usd", "source", "confidence", "notes"]
        guard requireColumns(table, columns, file: file) else { return [] }
        var result: [ExchangeRate] = []
        var seen: [String: Int] = [:]
        for row in table.rows {
            let c = Cells(table: table, row: row, file: file)
            let currency = text(c, "currency", required: true)
            if let currency, !Currency.isKnown(currency) || currency == "USD" {
                fail(file, row.line, "currency", "'\(currency)' is not an ISO 4217 currency other than USD")
            }
            let yearText = text(c, "year", required: true)
            let year = yearText.flatMap(Int.init)
            if let yearText, !(year.map { (1990...2100).contains($0) } ?? false) {
                fail(file, row.line, "year", "year '\(yearText)' is not a year from 1990")
            }
            let rateText = text(c, "units_per_usd", required: true)
            let rate = rateText.flatMap(Double.init)
            if let rateText, !(rate.map { $0.isFinite && $0 > 0 } ?? false) {
                fail(file, row.line, "rate", "units_per_usd '\(rateText)' is not a positive number")
            }
            let provenance = provenance(c)
            guard let currency, let year, let rate else { continue }
            let key = "\(currency) \(year)"
            if let first = seen[key] { fail(file, row.line, "unique-rate", "\(key) repeats line \(first)") }
            seen[key] = row.line
            result.append(
                ExchangeRate(
                    currency: currency,
                    year: year,
                    unitsPerUSD: rate,
                    provenance: provenance,
                    notes: text(c, "notes")
                )
            )
        }
        return result
    }

    mutating func ungaVotes(_ table: CSVTable, file: String, registry: TreatyRegistry) -> [UNGAVote] {
        let columns = ["iso3", "year", "resolution", "forum", "vote", "source", "confidence", "notes"]
        guard requireColumns(table, columns, file: file) else { return [] }
        var result: [UNGAVote] = []
        var seen: [String: Int] = [:]
        for row in table.rows {
            let c = Cells(table: table, row: row, file: file)
            let iso3 = state(c, known: Set(registry.states.map(\.iso3)))
            let yearText = text(c, "year", required: true)
            let year = yearText.flatMap(Int.init)
            // The first resolution was adopted in December 1997.
            if let yearText, !(year.map { (1997...2100).contains($0) } ?? false) {
                fail(file, row.line, "year", "year '\(yearText)' is not a year from 1997")
            }
            let forum = value(c, "forum", as: UNGAVote.Forum.self, required: true)
            let vote = value(c, "vote", as: UNGAVote.Vote.self, required: true)
            let provenance = provenance(c)
            guard let iso3, let year, let forum, let vote else { continue }
            let key = "\(iso3) \(year) \(forum.rawValue)"
            if let first = seen[key] { fail(file, row.line, "unique-vote", "\(key) repeats line \(first)") }
            seen[key] = row.line
            result.append(
                UNGAVote(
                    iso3: iso3,
                    year: year,
                    resolution: text(c, "resolution"),
                    forum: forum,
                    vote: vote,
                    provenance: provenance,
                    notes: text(c, "notes")
                )
            )
        }
        return result
    }

    mutating func retainedMines(_ table: CSVTable, file: String, registry: TreatyRegistry) -> [RetainedMinesReport] {
        let columns = ["iso3", "year", "retained", "consumed", "source", "confidence", "notes"]
        guard requireColumns(table, columns, file: file) else { return [] }
        var result: [RetainedMinesReport] = []
        var seen: [String: Int] = [:]
        for row in table.rows {
            let c = Cells(table: table, row: row, file: file)
            let iso3 = party(c, registry: registry, allowAll: true)
            let yearText = text(c, "year", required: true)
            let year = yearText.flatMap(Int.init)
            if let yearText, !(year.map { (1997...2100).contains($0) } ?? false) {
                fail(file, row.line, "year", "year '\(yearText)' is not a year from 1997")
            }
            let retained = count(c, "retained", required: true)
            let consumed = count(c, "consumed", required: false)
            let provenance = provenance(c)
            guard let iso3, let year, let retained else { continue }
            let key = "\(iso3) \(year)"
            if let first = seen[key] { fail(file, row.line, "unique-year", "\(key) repeats line \(first)") }
            seen[key] = row.line
            result.append(
                RetainedMinesReport(
                    iso3: iso3,
                    year: year,
                    retained: retained,
                    consumed: consumed,
                    provenance: provenance,
                    notes: text(c, "notes")
                )
            )
        }
        return result
    }

    mutating func states(_ table: CSVTable, file: String) -> [State] {
        let columns = [
            "iso3", "iso2", "m49", "name", "kind", "region", "sub_region", "intermediate_region",
            "un_member_since", "source", "confidence",
        ]
        guard requireColumns(table, columns, file: file) else { return [] }
        let regions: Set<String> = ["Africa", "Americas", "Asia", "Europe", "Oceania"]
        var result: [State] = []
        var seen: [String: Int] = [:]
        var seen2: [String: Int] = [:]
        for row in table.rows {
            let c = Cells(table: table, row: row, file: file)
            let iso3 = text(c, "iso3", required: true) ?? ""
            if !iso3.isEmpty, !(iso3.count == 3 && iso3.allSatisfy { $0.isASCII && $0.isUppercase }) {
                fail(file, row.line, "iso3-format", "iso3 '\(iso3)' is not three capital letters")
            }
            if let first = seen[iso3] {
                fail(file, row.line, "unique-state", "iso3 '\(iso3)' repeats line \(first)")
            }
            seen[iso3] = row.line
            let iso2 = text(c, "iso2")
            if let iso2 {
                if !(iso2.count == 2 && iso2.allSatisfy { $0.isASCII && $0.isUppercase }) {
                    fail(file, row.line, "iso2-format", "iso2 '\(iso2)' is not two capital letters")
                }
                if let first = seen2[iso2] {
                    fail(file, row.line, "unique-state", "iso2 '\(iso2)' repeats line \(first)")
                }
                seen2[iso2] = row.line
            }
            let m49 = text(c, "m49")
            if let m49, !(m49.count == 3 && m49.allSatisfy(\.isNumber)) {
                fail(file, row.line, "m49-format", "m49 '\(m49)' is not a three-digit code")
            }
            let name = text(c, "name", required: true) ?? ""
            let kind = value(c, "kind", as: StateKind.self, required: true) ?? .otherArea
            let region = text(c, "region", required: true) ?? ""
            if !region.isEmpty, !regions.contains(region) {
                fail(
                    file,
                    row.line,
                    "region",
                    "region '\(region)' is not one of \(regions.sorted().joined(separator: ", "))"
                )
            }
            let sub = text(c, "sub_region", required: true) ?? ""
            let since = date(c, "un_member_since")
            if kind == .unMember, since == nil, text(c, "un_member_since") == nil {
                fail(file, row.line, "un-member-since", "a UN member needs its date of admission")
            }
            if kind != .unMember, since != nil {
                fail(
                    file,
                    row.line,
                    "un-member-since",
                    "only UN members have a date of admission (kind is \(kind.rawValue))"
                )
            }
            let p = provenance(c)
            result.append(
                State(
                    iso3: iso3,
                    iso2: iso2,
                    m49: m49,
                    name: name,
                    kind: kind,
                    region: region,
                    subRegion: sub,
                    intermediateRegion: text(c, "intermediate_region"),
                    unMemberSince: since,
                    provenance: p
                )
            )
        }
        return result
    }

    mutating func conventions(_ table: CSVTable, file: String) -> [ConventionFacts] {
        let columns = [
            "convention", "title", "adopted", "opened_for_signature", "entry_into_force", "source", "confidence",
        ]
        guard requireColumns(table, columns, file: file) else { return [] }
        var result: [ConventionFacts] = []
        for row in table.rows {
            let c = Cells(table: table, row: row, file: file)
            guard let convention = value(c, "convention", as: Convention.self, required: true),
                let adopted = date(c, "adopted", required: true),
                let opened = date(c, "opened_for_signature", required: true),
                let eif = date(c, "entry_into_force", required: true)
            else { continue }
            result.append(
                ConventionFacts(
                    convention: convention,
                    title: text(c, "title", required: true) ?? "",
                    adopted: adopted,
                    openedForSignature: opened,
                    entryIntoForce: eif,
                    provenance: provenance(c)
                )
            )
        }
        for missing in Convention.allCases where !result.contains(where: { $0.convention == missing }) {
            fail(file, nil, "required", "no row for convention '\(missing.rawValue)'")
        }
        return result
    }

    mutating func participations(
        _ table: CSVTable,
        file: String,
        convention: Convention,
        facts: ConventionFacts?,
        known: Set<String>
    ) -> [TreatyParticipation] {
        let columns = [
            "convention", "iso3", "signed", "deposited", "instrument", "entry_into_force",
            "withdrawal_notified", "withdrawal_effective", "source", "confidence", "notes",
        ]
        guard requireColumns(table, columns, file: file) else { return [] }
        var result: [TreatyParticipation] = []
        var seen: [String: Int] = [:]
        var deposits: [(CalendarDate, Int)] = []
        for row in table.rows {
            let c = Cells(table: table, row: row, file: file)
            if let named = text(c, "convention"), named != convention.rawValue {
                fail(file, row.line, "convention", "convention '\(named)' in the file for '\(convention.rawValue)'")
            }
            guard let iso3 = state(c, known: known) else { continue }
            if let first = seen[iso3] { fail(file, row.line, "unique-state", "'\(iso3)' repeats line \(first)") }
            seen[iso3] = row.line
            let signed = date(c, "signed")
            let deposited = date(c, "deposited")
            let instrument = value(c, "instrument", as: InstrumentKind.self)
            let statedEIF = date(c, "entry_into_force")
            let notified = date(c, "withdrawal_notified")
            let effective = date(c, "withdrawal_effective")
            // Optional column: a suspension notice (no article provides for one; the state stays a party).
            let suspended = date(c, "suspension_notified")
            if let suspended, deposited.map({ suspended < $0 }) ?? true {
                fail(file, row.line, "suspension", "suspension notified \(suspended) before any deposit")
            }
            if (deposited == nil) != (instrument == nil), text(c, "deposited") == nil || text(c, "instrument") == nil {
                fail(file, row.line, "instrument", "a deposit date and an instrument go together")
            }
            if signed == nil, deposited == nil, text(c, "signed") == nil, text(c, "deposited") == nil {
                fail(file, row.line, "required", "neither a signature nor a deposit")
            }
            if let instrument {
                if instrument.requiresSignature {
                    if signed == nil, text(c, "signed") == nil {
                        fail(
                            file,
                            row.line,
                            "signature-before-deposit",
                            "\(instrument.rawValue) needs a prior signature"
                        )
                    }
                } else if signed != nil {
                    fail(
                        file,
                        row.line,
                        "signature-before-deposit",
                        "\(instrument.rawValue) follows no signature, yet signed is \(signed!)"
                    )
                }
            }
            if let signed, let deposited, signed > deposited {
                fail(file, row.line, "signature-before-deposit", "signed \(signed) after deposit \(deposited)")
            }
            if let signed, let facts {
                // Art 15 (APMBC) / Art 16 (CCM): open for signature from the opening until entry into force.
                if signed < facts.openedForSignature || signed > facts.entryIntoForce {
                    fail(
                        file,
                        row.line,
                        "signature-period",
                        "signed \(signed) outside the signature period \(facts.openedForSignature)–\(facts.entryIntoForce)"
                    )
                }
            }
            if let deposited, let facts {
                let computed = EntryIntoForce.forState(
                    depositedOn: deposited,
                    conventionEntryIntoForce: facts.entryIntoForce
                )
                if instrument == .succession {
                    if statedEIF == nil {
                        fail(
                            file,
                            row.line,
                            "entry-into-force",
                            "a succession needs the entry into force its source states"
                        )
                    }
                } else if let statedEIF, statedEIF != computed {
                    fail(
                        file,
                        row.line,
                        "entry-into-force",
                        "entry_into_force \(statedEIF) does not match Art 17 for a deposit on \(deposited): \(computed)"
                    )
                }
                if instrument != .succession { deposits.append((deposited, row.line)) }
            }
            if let notified {
                if let deposited, notified < deposited {
                    fail(
                        file,
                        row.line,
                        "withdrawal",
                        "withdrawal notified \(notified) before the deposit \(deposited)"
                    )
                }
                if let effective, effective < notified.adding(months: convention.withdrawalNoticeMonths) {
                    fail(
                        file,
                        row.line,
                        "withdrawal",
                        "withdrawal effective \(effective) earlier than six months after notice \(notified) (Art 20)"
                    )
                }
            } else if effective != nil {
                fail(file, row.line, "withdrawal", "withdrawal_effective without withdrawal_notified")
            }
            result.append(
                TreatyParticipation(
                    convention: convention,
                    iso3: iso3,
                    signed: signed,
                    deposited: deposited,
                    instrument: instrument,
                    entryIntoForce: statedEIF,
                    withdrawalNotified: notified,
                    withdrawalEffective: effective,
                    suspensionNotified: suspended,
                    provenance: provenance(c),
                    notes: text(c, "notes")
                )
            )
        }
        // Art 17.1: the threshold instrument fixes the convention's own entry into force.
        if let facts,
            let derived = EntryIntoForce.ofConvention(
                deposits: deposits.map(\.0),
                threshold: convention.instrumentsForEntryIntoForce
            ),
            derived != facts.entryIntoForce
        {
            let nth = deposits.sorted { $0.0 < $1.0 }[convention.instrumentsForEntryIntoForce - 1]
            fail(
                file,
                nth.1,
                "entry-into-force",
                "the \(convention.instrumentsForEntryIntoForce)th deposit (\(nth.0)) implies entry into force \(derived), conventions.csv says \(facts.entryIntoForce)"
            )
        }
        return result
    }

    mutating func meetings(_ table: CSVTable, file: String, convention: Convention, known: Set<String>)
        -> [TreatyMeeting]
    {
        let columns = [
            "convention", "code", "name", "city", "country_iso3", "start_date", "end_date", "source", "confidence",
        ]
        guard requireColumns(table, columns, file: file) else { return [] }
        var result: [TreatyMeeting] = []
        var seen: [String: Int] = [:]
        for row in table.rows {
            let c = Cells(table: table, row: row, file: file)
            if let named = text(c, "convention"), named != convention.rawValue {
                fail(file, row.line, "convention", "convention '\(named)' in the file for '\(convention.rawValue)'")
            }
            guard let code = text(c, "code", required: true) else { continue }
            if let first = seen[code] { fail(file, row.line, "unique-meeting", "code '\(code)' repeats line \(first)") }
            seen[code] = row.line
            var country: String?
            if text(c, "country_iso3") != nil { country = state(c, known: known, column: "country_iso3") }
            guard let start = date(c, "start_date", required: true), let end = date(c, "end_date", required: true)
            else {
                continue
            }
            if end < start { fail(file, row.line, "meeting-dates", "end_date \(end) before start_date \(start)") }
            // Optional column: `partial` when a source says the meeting decided requests the data does not name.
            let decisions = value(c, "decisions_recorded", as: DecisionsRecorded.self)
            result.append(
                TreatyMeeting(
                    convention: convention,
                    code: code,
                    name: text(c, "name", required: true) ?? code,
                    city: text(c, "city"),
                    countryISO3: country,
                    start: start,
                    end: end,
                    decisionsPartlyRecorded: decisions == .partial,
                    provenance: provenance(c)
                )
            )
        }
        return result
    }

    mutating func obligationReports(
        _ table: CSVTable,
        file: String,
        convention: Convention,
        obligation: Obligation,
        registry: TreatyRegistry
    ) -> [ObligationReport] {
        let appliesColumn = obligation == .stockpileDestruction ? "had_stockpile" : "has_obligation"
        let columns = ["iso3", appliesColumn, "completed_on", "status", "source", "confidence", "notes"]
        guard requireColumns(table, columns, file: file) else { return [] }
        let statuses: Set<String> = [
            "completed", "completed_late", "ongoing", "pending", "missed", "not_applicable",
            "completed_then_new_contamination",
        ]
        var result: [ObligationReport] = []
        var seen: [String: Int] = [:]
        for row in table.rows {
            let c = Cells(table: table, row: row, file: file)
            guard let iso3 = state(c, known: Set(registry.states.map(\.iso3))) else { continue }
            if let first = seen[iso3] { fail(file, row.line, "unique-state", "'\(iso3)' repeats line \(first)") }
            seen[iso3] = row.line
            guard let p = registry.participation(iso3, in: convention), p.deposited != nil else {
                fail(file, row.line, "not-a-party", "'\(iso3)' has deposited no instrument for \(convention.rawValue)")
                continue
            }
            let applies = value(c, appliesColumn, as: ObligationReport.Applicability.self, required: true) ?? .unknown
            let completed = date(c, "completed_on")
            let status = text(c, "status")
            if let status, !statuses.contains(status) {
                fail(
                    file,
                    row.line,
                    "enum",
                    "status '\(status)' is not one of \(statuses.sorted().joined(separator: ", "))"
                )
            }
            if applies == .no, completed != nil {
                fail(file, row.line, "completion", "\(appliesColumn) is no, yet completed_on is \(completed!)")
            }
            if let completed, let w = p.withdrawalEffective, completed > w {
                fail(file, row.line, "completion", "completed \(completed) after withdrawal took effect \(w)")
            }
            // An optional column: mined areas found after completion, reported on a day.
            let reopened = date(c, "reopened_on")
            if let reopened {
                if applies != .yes {
                    fail(file, row.line, "reopened", "reopened_on is given but \(appliesColumn) is not yes")
                }
                // It follows a completion: dated before it, or reported without a day.
                let undatedCompletion = completed == nil && status?.hasPrefix("completed") == true
                if !undatedCompletion, completed.map({ reopened <= $0 }) ?? true {
                    fail(
                        file,
                        row.line,
                        "reopened",
                        "reopened_on \(reopened) must follow a completion (completed_on \(completed?.iso ?? "empty"))"
                    )
                }
            }
            // Optional columns: the day and the meeting completion was declared to the States Parties.
            let declaredOn = date(c, "declared_on")
            let declaredAt = text(c, "declared_at")
            if declaredOn != nil || declaredAt != nil {
                declaration(
                    on: declaredOn,
                    at: declaredAt,
                    completed: completed,
                    status: status,
                    reopened: reopened,
                    participation: p,
                    registry: registry,
                    file: file,
                    line: row.line
                )
            }
            result.append(
                ObligationReport(
                    convention: convention,
                    obligation: obligation,
                    iso3: iso3,
                    applies: applies,
                    completedOn: completed,
                    reportedStatus: status,
                    reopenedOn: reopened,
                    declaredOn: declaredOn,
                    declaredAt: declaredAt,
                    provenance: provenance(c),
                    notes: text(c, "notes")
                )
            )
        }
        return result
    }

    /// A declaration of completion: of a completion (status `completed…`), not before clearance ended nor before
    /// the state joined, not after its withdrawal or the contamination found later, at a meeting of the convention and
    /// within its days.
    mutating func declaration(
        on day: CalendarDate?,
        at meetingCode: String?,
        completed: CalendarDate?,
        status: String?,
        reopened: CalendarDate?,
        participation p: TreatyParticipation,
        registry: TreatyRegistry,
        file: String,
        line: Int
    ) {
        let rule = "declaration"
        if status?.hasPrefix("completed") != true {
            fail(file, line, rule, "declared_on/declared_at given but status '\(status ?? "")' is not a completion")
        }
        if let day {
            if let completed, day < completed {
                fail(file, line, rule, "declared_on \(day) before completed_on \(completed)")
            }
            if let deposit = p.deposited, day < deposit {
                fail(file, line, rule, "declared_on \(day) before the state's deposit \(deposit)")
            }
            if let w = p.withdrawalEffective, day > w {
                fail(file, line, rule, "declared_on \(day) after withdrawal took effect \(w)")
            }
            if let reopened, reopened <= day {
                fail(file, line, rule, "declared_on \(day) not before reopened_on \(reopened)")
            }
        }
        guard let meetingCode else { return }
        guard let meeting = registry.meeting(meetingCode, in: p.convention) else {
            fail(
                file,
                line,
                rule,
                "declared_at '\(meetingCode)' is not in \(ReferenceDataLoader.meetingsFile(p.convention))"
            )
            return
        }
        if let day, day < meeting.start || day > meeting.end {
            fail(
                file,
                line,
                rule,
                "declared_on \(day) is not within the \(meetingCode) (\(meeting.start) to \(meeting.end))"
            )
        }
        if day == nil, let reopened, reopened <= meeting.end {
            fail(file, line, rule, "declared_at \(meetingCode) ends after reopened_on \(reopened)")
        }
    }

    mutating func extensions(
        _ table: CSVTable,
        file: String,
        convention: Convention,
        obligation: Obligation,
        registry: TreatyRegistry,
        reports: [ObligationReport]
    ) -> [DeadlineExtension] {
        let columns = [
            "iso3", "sequence", "meeting_code", "granted_on", "new_deadline", "source", "confidence", "notes",
        ]
        guard requireColumns(table, columns, file: file) else { return [] }
        // What the obligation's records say of each state: no obligation, the day contamination was found after
        // completion, the first day a completion is on record (its own, else its declaration's).
        let without = Set(reports.filter { $0.applies == .no }.map(\.iso3))
        let reopened = Dictionary(
            reports.compactMap { r in r.reopenedOn.map { (r.iso3, $0) } },
            uniquingKeysWith: { a, _ in a }
        )
        let completed = Dictionary(
            reports.compactMap { r in registry.completionOnRecord(r).map { (r.iso3, $0) } },
            uniquingKeysWith: { a, _ in a }
        )
        var result: [DeadlineExtension] = []
        var byState: [String: [(DeadlineExtension, Int)]] = [:]
        for row in table.rows {
            let c = Cells(table: table, row: row, file: file)
            guard let iso3 = state(c, known: Set(registry.states.map(\.iso3))) else { continue }
            guard let seqText = text(c, "sequence", required: true) else { continue }
            guard let sequence = Int(seqText), sequence >= 1 else {
                fail(file, row.line, "sequence", "sequence '\(seqText)' is not a positive whole number")
                continue
            }
            // A state that never held the stockpile or the contaminated areas has no deadline to extend.
            if without.contains(iso3) {
                fail(
                    file,
                    row.line,
                    "extension-without-obligation",
                    "'\(iso3)' is extended, yet its row in \(ReferenceDataLoader.obligationFile(convention, obligation)) says it has no obligation"
                )
            }
            let meetingCode = text(c, "meeting_code")
            var meeting: TreatyMeeting?
            if let meetingCode {
                meeting = registry.meeting(meetingCode, in: convention)
                if meeting == nil {
                    fail(
                        file,
                        row.line,
                        "unknown-meeting",
                        "meeting_code '\(meetingCode)' is not in \(ReferenceDataLoader.meetingsFile(convention))"
                    )
                }
            }
            let granted = date(c, "granted_on")
            let knownBy = granted ?? meeting?.end
            if knownBy == nil, text(c, "granted_on") == nil {
                fail(file, row.line, "required", "granted_on is empty and no known meeting dates the decision")
            }
            if let granted, let meeting, !(meeting.start...meeting.end).contains(granted) {
                fail(
                    file,
                    row.line,
                    "meeting-dates",
                    "granted_on \(granted) outside \(meeting.code) (\(meeting.start)–\(meeting.end))"
                )
            }
            // A blank new_deadline is kept: granted, new date not recorded (a guess would be worse).
            let newDeadline = date(c, "new_deadline")
            guard let knownBy, newDeadline != nil || text(c, "new_deadline") == nil else { continue }
            let e = DeadlineExtension(
                convention: convention,
                obligation: obligation,
                iso3: iso3,
                sequence: sequence,
                meetingCode: meetingCode,
                grantedOn: granted,
                knownBy: knownBy,
                newDeadline: newDeadline,
                provenance: provenance(c),
                notes: text(c, "notes")
            )
            byState[iso3, default: []].append((e, row.line))
            result.append(e)
        }
        // Each extension follows the previous deadline and stays within the longest period the convention allows.
        let maxYears = convention.maximumExtensionYears(for: obligation) ?? 0
        for (iso3, list) in byState {
            let sorted = list.sorted { $0.0.sequence < $1.0.sequence }
            guard let p = registry.participation(iso3, in: convention), let eif = registry.entryIntoForce(of: p) else {
                fail(file, sorted[0].1, "not-a-party", "'\(iso3)' has no entry into force for \(convention.rawValue)")
                continue
            }
            var previous: CalendarDate? = eif.adding(years: convention.years(for: obligation))
            for (i, (e, line)) in sorted.enumerated() {
                if e.sequence != i + 1 {
                    fail(file, line, "sequence", "'\(iso3)' extension \(e.sequence) where \(i + 1) was expected")
                }
                // A completed obligation is extended again only for mined areas found after completion.
                if let done = completed[iso3], e.knownBy > done, reopened[iso3].map({ e.knownBy < $0 }) ?? true {
                    fail(
                        file,
                        line,
                        "extension-after-completion",
                        "'\(iso3)' extension \(e.sequence) is known by \(e.knownBy), after completion on \(done), "
                            + "with no reopened_on (contamination found after completion) before it"
                    )
                }
                // The first extension after mined areas were found past completion runs from its grant, not from
                // the deadline completion had met.
                if let r = reopened[iso3], e.knownBy >= r, i == 0 || sorted[i - 1].0.knownBy < r {
                    previous = e.knownBy
                }
                // A new date not recorded (or following one not recorded) cannot be checked for length.
                guard let newDeadline = e.newDeadline, let extended = previous else {
                    previous = e.newDeadline
                    continue
                }
                if newDeadline <= extended {
                    fail(
                        file,
                        line,
                        "extension",
                        "new_deadline \(newDeadline) is not after the deadline it extends (\(extended))"
                    )
                } else if newDeadline > extended.adding(years: maxYears) {
                    fail(
                        file,
                        line,
                        "extension",
                        "new_deadline \(newDeadline) is more than \(maxYears) years after the deadline it extends (\(extended))"
                    )
                }
                previous = newDeadline
            }
        }
        return result
    }
}
