import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// What an IATI activity file holds for mine action, read as it streams: projects (one per activity with mine action)
/// and contributions (one per mine-action transaction and recipient country), or the reasons a transaction could not
/// be read, each naming its activity, transaction and line.
public struct IATIRead: Sendable {
    /// `2.03`, as the file's root says.
    public var version: String
    public var activities = 0
    public var mineActionActivities = 0
    /// The records read, when they are kept in memory (no spool directory given).
    public var projects: [FundingProject] = []
    public var contributions: [Contribution] = []
    public var projectCount = 0
    public var contributionCount = 0
    /// With a spool directory: the records as the layers' CSV files, written as the file streams in.
    public var spooled: (projects: URL, contributions: URL)?
    /// Transactions that could not be read (refused whole in all-or-nothing, set aside in quarantine).
    public var issues: [ImportIssue] = []
    /// Mine-action transactions of types MineFree does not record (interest, loan repayments, equity), by type.
    public var leftOut: [String: Int] = [:]
    public var warnings: [ImportIssue] = []

    public init(version: String) { self.version = version }
}

/// A file the IATI reader will not read at all: not XML, not an activity file, a version it does not support.
public struct IATIRefused: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Reads IATI activity files of versions 2.01–2.03 with a streaming XML parser (the file is never held whole).
///
/// Mine action is DAC purpose code 15250 ("Removal of land mines and explosive remnants of war") under sector
/// vocabulary 1 (the default). A transaction's mine-action share is 1 when its own sector is 15250; otherwise the
/// activity's 15250 percentage (IATI's sector percentages split every transaction of the activity). Recipient-country
/// percentages split it again by country. Amounts are rounded to whole currency units.
public enum IATIReader {
    /// DAC 5-digit purpose codes that are mine action.
    public static let mineActionCodes: Set<String> = ["15250"]

    /// IATI 2.0x transaction types and what MineFree records them as; the others are counted as left out.
    static let flows: [String: FundingFlow] = [
        "1": .incomingFunds, "2": .commitment, "3": .disbursement, "4": .expenditure, "11": .incomingCommitment,
    ]
    static let leftOutNames: [String: String] = [
        "5": "interest payment", "6": "loan repayment", "7": "reimbursement", "8": "purchase of equity",
        "9": "sale of equity", "10": "credit guarantee", "12": "outgoing pledge", "13": "incoming pledge",
    ]

    public struct Options: Sendable {
        /// ISO alpha-2 to alpha-3, from the registry's states.
        public var alpha3: [String: String]
        /// The day a project is recorded when the file dates neither the activity nor itself.
        public var today: CalendarDate
        /// A directory to write the records to as CSV while the file streams in, so memory stays flat whatever the
        /// file's size; nil keeps them in memory.
        public var spool: URL?
        public init(alpha3: [String: String], today: CalendarDate, spool: URL? = nil) {
            self.alpha3 = alpha3
            self.today = today
            self.spool = spool
        }
    }

    public static func read(url: URL, options: Options) throws -> IATIRead {
        guard let stream = InputStream(url: url) else {
            throw IATIRefused(message: "\(url.lastPathComponent): cannot be opened")
        }
        return try read(XMLParser(stream: stream), name: url.lastPathComponent, options: options)
    }

    public static func read(data: Data, name: String, options: Options) throws -> IATIRead {
        try read(XMLParser(data: data), name: name, options: options)
    }

    static func read(_ parser: XMLParser, name: String, options: Options) throws -> IATIRead {
        let reader = try IATIStreamReader(file: name, options: options)
        parser.delegate = reader
        parser.shouldResolveExternalEntities = false
        let ok = parser.parse()
        try reader.closeSpool()
        if let refusal = reader.refusal { throw IATIRefused(message: "\(name): \(refusal)") }
        if !ok {
            let error = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "unreadable"
            throw IATIRefused(message: "\(name) line \(parser.lineNumber): not well-formed XML (\(error))")
        }
        if let open = reader.openElements.last {
            throw IATIRefused(
                message:
                    "\(name) line \(parser.lineNumber): the file ends inside <\(open)>: it is cut short (not well-formed XML)"
            )
        }
        guard var result = reader.result else {
            throw IATIRefused(message: "\(name): no iati-activities element: not an IATI activity file")
        }
        if result.mineActionActivities == 0 {
            result.warnings.append(
                ImportIssue(
                    file: name,
                    item: nil,
                    rule: "no-mine-action",
                    message:
                        "none of its \(result.activities) activities is mine action (DAC purpose code 15250): nothing to import",
                    severity: .warning
                )
            )
        }
        return result
    }

    /// `2020-01-01`, `2020-01-01Z`, `2020-01-01+02:00` or `2020-01-01T10:00:00Z`: the day as written.
    public static func day(_ text: String) -> CalendarDate? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.utf8.count >= 10, let day = CalendarDate(iso: t.prefix(10)) else { return nil }
        let rest = t.dropFirst(10)
        if rest.isEmpty || rest == "Z" || rest.first == "T" { return day }
        if let sign = rest.first, sign == "+" || sign == "-", rest.count == 6,
            rest.dropFirst().prefix(2).allSatisfy(\.isNumber),
            rest.dropFirst(3).first == ":", rest.suffix(2).allSatisfy(\.isNumber)
        {
            return day
        }
        return nil
    }

    /// An xsd:decimal as IATI writes it (`-1234.56`, no grouping, no exponent), read exactly.
    static func decimal(_ text: String) -> Decimal? {
        let t = text.trimmingCharacters(in: .whitespaces)
        var digits = 0
        var point = false
        for (i, c) in t.utf8.enumerated() {
            switch c {
            case UInt8(ascii: "-") where i == 0, UInt8(ascii: "+") where i == 0: continue
            case UInt8(ascii: ".") where !point: point = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            default: return nil
            }
        }
        guard digits > 0, digits <= 30 else { return nil }
        return Decimal(string: t, locale: Locale(identifier: "en_US_POSIX"))
    }

    /// Whole currency units, a half rounded away from zero (750000.50 → 750001, -0.5 → -1).
    static func whole(_ d: Decimal) -> Int {
        var value = d
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 0, .plain)
        return Int(NSDecimalNumber(decimal: rounded).int64Value)
    }

    /// A stable, short id from a record's content (FNV-1a, 64 bits): the same transaction in a republished file gets
    /// the same id, so an import sets it aside as already stored.
    static func contentID(_ parts: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in parts {
            for byte in part.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
            hash ^= 0x1f
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "iati-" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The identifier itself when it fits a record id, else a stable id from it.
    static func projectID(_ identifier: String) -> String {
        let fits =
            (1...64).contains(identifier.count)
            && identifier.unicodeScalars.allSatisfy {
                !$0.properties.isWhitespace && !CharacterSet.controlCharacters.contains($0)
            }
        return fits ? identifier : contentID([identifier])
    }
}

/// The parser's delegate: keeps the path of open elements, the activity being read, and the transaction in it.
private final class IATIStreamReader: NSObject, XMLParserDelegate {
    struct Org {
        var ref: String?
        var name: String?
        var label: String? { name ?? ref }
    }

    struct Sector {
        var vocabulary: String
        var code: String
        var percentage: Decimal?
    }

    struct Transaction {
        var line: Int
        var type: String?
        var date: String?
        var valueText: String?
        var currency: String?
        var valueDate: String?
        var provider = Org()
        var receiver = Org()
        var sectors: [Sector] = []
        var country: String?
        var region: String?
    }

    struct Activity {
        var line: Int
        var identifier = ""
        var defaultCurrency: String?
        var lastUpdated: String?
        /// The language of narratives that name none (the activity's, else the file's).
        var lang: String?
        var reporting = Org()
        var titles: [(lang: String?, text: String)] = []
        var participating: [(role: String?, org: Org)] = []
        var countries: [(code: String, percentage: Decimal?)] = []
        var region: String?
        var sectors: [Sector] = []
        var dates: [String: String] = [:]
        var budgets: [(text: String, currency: String?)] = []
        var transactions: [Transaction] = []
    }

    let file: String
    let options: IATIReader.Options
    var result: IATIRead?
    var refusal: String?
    var generated: String?
    var fileLang: String?
    /// Elements open when the parse ended: a truncated file ends inside one.
    var openElements: [String] { path }

    private var path: [String] = []
    private var text = ""
    private var capturing = false
    private var activity: Activity?
    private var transaction: Transaction?
    private var org: Org?
    private var orgRole: String?
    private var narrativeLang: String?
    private var valueAttributes: [String: String] = [:]

    /// The spool's two CSV files and what waits to be written to them.
    private var spool: (projects: FileHandle, contributions: FileHandle)?
    private var spoolURLs: (projects: URL, contributions: URL)?
    private var pending = (projects: "", contributions: "")

    init(file: String, options: IATIReader.Options) throws {
        self.file = file
        self.options = options
        if let dir = options.spool {
            let p = dir.appendingPathComponent(FundingProject.info.name + ".csv")
            let c = dir.appendingPathComponent(Contribution.info.name + ".csv")
            for url in [p, c] {
                guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                    throw IATIRefused(message: "cannot write the spool file \(url.path)")
                }
            }
            spool = (try FileHandle(forWritingTo: p), try FileHandle(forWritingTo: c))
            spoolURLs = (p, c)
            pending = (Self.header(FundingProject.info), Self.header(Contribution.info))
        }
    }

    static func header(_ info: LayerInfo) -> String { info.fields.map(\.name).joined(separator: ",") + "\n" }

    /// A record as its layer's CSV line.
    static func line<R: LayerRecord>(_ record: R) -> String {
        R.layer.values(of: record).map { RecordExport.csvField($0.fileText) }.joined(separator: ",") + "\n"
    }

    private func keep(_ p: FundingProject) {
        result?.projectCount += 1
        guard spool != nil else {
            result?.projects.append(p)
            return
        }
        pending.projects += Self.line(p)
    }

    private func keep(_ c: Contribution) {
        result?.contributionCount += 1
        guard spool != nil else {
            result?.contributions.append(c)
            return
        }
        pending.contributions += Self.line(c)
        if pending.contributions.utf8.count > 1 << 20 { flush() }
    }

    private func flush() {
        guard let spool else { return }
        spool.projects.write(Data(pending.projects.utf8))
        spool.contributions.write(Data(pending.contributions.utf8))
        pending = ("", "")
    }

    func closeSpool() throws {
        flush()
        try spool?.projects.close()
        try spool?.contributions.close()
        spool = nil
        if let urls = spoolURLs { result?.spooled = urls }
    }

    func parser(
        _ parser: XMLParser,
        didStartElement name: String,
        namespaceURI: String?,
        qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        let parent = path.last
        path.append(name)
        if path.count == 1 {
            guard name == "iati-activities" else {
                refusal =
                    name == "iati-organisations"
                    ? "an IATI organisation file, not an activity file: MineFree reads activity files"
                    : "the root element is <\(name)>, not <iati-activities>: not an IATI activity file"
                parser.abortParsing()
                return
            }
            let version = attributes["version"] ?? ""
            if version.hasPrefix("1.") {
                refusal =
                    "IATI version \(version) is not supported: MineFree reads IATI 2.01–2.03 activity files (publish or convert the file as 2.0x)"
                parser.abortParsing()
                return
            }
            guard version.hasPrefix("2.") else {
                refusal =
                    version.isEmpty
                    ? "<iati-activities> has no version: MineFree reads IATI 2.01–2.03"
                    : "IATI version '\(version)' is not supported: MineFree reads IATI 2.01–2.03"
                parser.abortParsing()
                return
            }
            var read = IATIRead(version: version)
            if !["2.01", "2.02", "2.03"].contains(version) {
                read.warnings.append(
                    ImportIssue(
                        file: file,
                        item: nil,
                        rule: "iati-version",
                        message: "version \(version) is newer than 2.03: read as 2.03",
                        severity: .warning
                    )
                )
            }
            generated = attributes["generated-datetime"]
            fileLang = attributes["xml:lang"]
            result = read
            return
        }
        if name == "iati-activity", parent == "iati-activities" {
            activity = Activity(line: parser.lineNumber)
            activity?.defaultCurrency = attributes["default-currency"]
            activity?.lastUpdated = attributes["last-updated-datetime"]
            activity?.lang = attributes["xml:lang"] ?? fileLang
            return
        }
        guard activity != nil else { return }
        switch name {
        case "iati-identifier":
            startText()
        case "narrative":
            narrativeLang = attributes["xml:lang"]
            startText()
        case "reporting-org", "participating-org", "provider-org", "receiver-org":
            org = Org(ref: attributes["ref"].flatMap(nonEmpty))
            orgRole = attributes["role"]
        case "transaction":
            transaction = Transaction(line: parser.lineNumber)
        case "transaction-type":
            transaction?.type = attributes["code"]
        case "transaction-date":
            transaction?.date = attributes["iso-date"]
        case "value":
            valueAttributes = attributes
            startText()
        case "sector":
            let sector = Sector(
                vocabulary: attributes["vocabulary"] ?? "1",
                code: attributes["code"] ?? "",
                percentage: attributes["percentage"].flatMap(IATIReader.decimal)
            )
            if transaction != nil { transaction?.sectors.append(sector) } else { activity?.sectors.append(sector) }
        case "recipient-country":
            let code = attributes["code"] ?? ""
            if transaction != nil {
                transaction?.country = code
            } else {
                activity?.countries.append((code, attributes["percentage"].flatMap(IATIReader.decimal)))
            }
        case "recipient-region":
            if transaction != nil {
                transaction?.region = attributes["code"]
            } else {
                activity?.region = attributes["code"]
            }
        case "activity-date":
            if let type = attributes["type"], let day = attributes["iso-date"] { activity?.dates[type] = day }
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if capturing { text += string }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        if capturing { text += String(decoding: CDATABlock, as: UTF8.self) }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        defer { path.removeLast() }
        guard activity != nil else { return }
        let parent = path.count >= 2 ? path[path.count - 2] : nil
        switch name {
        case "iati-identifier":
            activity?.identifier = endText()
        case "narrative":
            let value = endText()
            guard !value.isEmpty else { break }
            switch parent {
            case "title" where path.count >= 3 && path[path.count - 3] == "iati-activity":
                let lang = narrativeLang ?? activity?.lang
                activity?.titles.append((lang, value))
            case "reporting-org", "participating-org", "provider-org", "receiver-org":
                if org?.name == nil { org?.name = value }
            default: break
            }
        case "reporting-org":
            activity?.reporting = org ?? Org()
            org = nil
        case "participating-org":
            activity?.participating.append((orgRole, org ?? Org()))
            org = nil
        case "provider-org":
            transaction?.provider = org ?? Org()
            org = nil
        case "receiver-org":
            transaction?.receiver = org ?? Org()
            org = nil
        case "value":
            let value = endText()
            if parent == "transaction" {
                transaction?.valueText = value
                transaction?.currency = valueAttributes["currency"]
                transaction?.valueDate = valueAttributes["value-date"]
            } else if parent == "budget" {
                activity?.budgets.append((value, valueAttributes["currency"]))
            }
        case "transaction":
            if let t = transaction { activity?.transactions.append(t) }
            transaction = nil
        case "iati-activity":
            if let a = activity { finish(a) }
            activity = nil
        default:
            break
        }
    }

    private func startText() {
        text = ""
        capturing = true
    }

    private func endText() -> String {
        capturing = false
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func nonEmpty(_ s: String) -> String? {
        let t = s.trimmingCharacters(in: .whitespaces)
        return t.isEmpty ? nil : t
    }

    /// An activity read whole: its mine-action share, its project and its contributions.
    private func finish(_ a: Activity) {
        result?.activities += 1
        let own = a.sectors.filter { $0.vocabulary == "1" }
        let mineCodes = IATIReader.mineActionCodes
        // The activity's mine-action share: the 15250 percentages, or all of it when 15250 is its only sector.
        var activityShare = Decimal(0)
        if own.count == 1, mineCodes.contains(own[0].code) {
            activityShare = (own[0].percentage ?? 100) / 100
        } else {
            activityShare = own.filter { mineCodes.contains($0.code) }.reduce(0) { $0 + ($1.percentage ?? 0) } / 100
        }
        func share(_ t: Transaction) -> Decimal {
            let sectors = t.sectors.filter { $0.vocabulary == "1" }
            if !sectors.isEmpty { return sectors.contains { mineCodes.contains($0.code) } ? 1 : 0 }
            return activityShare
        }
        let mineTransactions = a.transactions.filter { share($0) > 0 }
        guard activityShare > 0 || !mineTransactions.isEmpty else { return }
        result?.mineActionActivities += 1
        let identifier = a.identifier.isEmpty ? "activity at line \(a.line)" : a.identifier
        if a.identifier.isEmpty {
            issue(a, nil, "iati-identifier", "has no iati-identifier")
            return
        }
        let projectID = IATIReader.projectID(a.identifier)
        var countries: [(alpha3: String, share: Decimal)] = []
        for c in a.countries {
            guard let alpha3 = options.alpha3[c.code.uppercased()] else {
                issue(
                    a,
                    nil,
                    "unknown-country",
                    "recipient-country '\(c.code)' is not an ISO 3166 alpha-2 code of a state"
                )
                return
            }
            countries.append((alpha3, (c.percentage ?? (a.countries.count == 1 ? 100 : 0)) / 100))
        }
        let title = a.titles.first { $0.lang == nil || $0.lang == "en" }?.text ?? a.titles.first?.text ?? identifier
        let funders = a.participating.filter { $0.role == "1" }.compactMap(\.org.label)
        let implementers = a.participating.filter { $0.role == "4" }.compactMap(\.org.label)
        let reporter = a.reporting.label
        let currency = a.defaultCurrency ?? a.transactions.lazy.compactMap(\.currency).first
        // A budget in the activity's currency, its mine-action share; none when budgets mix currencies.
        var budget: Int?
        let budgets = a.budgets.compactMap { b in
            IATIReader.decimal(b.text).map { ($0, b.currency ?? a.defaultCurrency) }
        }
        if !budgets.isEmpty, budgets.allSatisfy({ $0.1 == currency }) {
            budget = IATIReader.whole(
                budgets.reduce(Decimal(0)) { $0 + $1.0 } * (activityShare > 0 ? activityShare : 1)
            )
        }
        let start = (a.dates["2"] ?? a.dates["1"]).flatMap(IATIReader.day)
        let end = (a.dates["4"] ?? a.dates["3"]).flatMap(IATIReader.day)
        // The activity's date of information: its last update, else the file's, else the day of the import.
        let recorded = a.lastUpdated.flatMap(IATIReader.day) ?? generated.flatMap(IATIReader.day) ?? options.today
        let source = "IATI \(file)"
        keep(
            FundingProject(
                localID: projectID,
                title: String(title.prefix(500)),
                sector: .mineAction,
                recorded: recorded,
                donor: (funders.isEmpty ? reporter.map { [$0] } ?? [] : funders).joined(separator: "; ").clipped(300),
                recipient: countries.count == 1 ? countries[0].alpha3 : nil,
                region: countries.count > 1
                    ? countries.map { "\($0.alpha3) \($0.share * 100)%" }.joined(separator: ", ").clipped(200)
                    : a.region.map { "IATI region \($0)" },
                implementer: implementers.joined(separator: "; ").clipped(300),
                budget: budget,
                currency: currency,
                start: start,
                end: end,
                iatiIdentifier: String(a.identifier.prefix(300)),
                source: source
            )
        )
        var seen: [String: Int] = [:]
        for t in mineTransactions {
            let type = t.type ?? ""
            guard let flow = IATIReader.flows[type] else {
                if let name = IATIReader.leftOutNames[type] {
                    result?.leftOut["\(type) \(name)", default: 0] += 1
                } else {
                    issue(
                        a,
                        t,
                        "iati-transaction-type",
                        "transaction-type '\(type)' is not an IATI 2.0x transaction type (1–13)"
                    )
                }
                continue
            }
            guard let valueText = t.valueText, !valueText.isEmpty else {
                issue(a, t, "iati-value", "has no value")
                continue
            }
            guard let value = IATIReader.decimal(valueText), abs(value) < 10_000_000_000_000 else {
                issue(a, t, "iati-value", "value '\(valueText.prefix(40))' is not a number (IATI writes 1234.56)")
                continue
            }
            guard let code = t.currency ?? a.defaultCurrency else {
                issue(a, t, "required", "has no currency: neither value/@currency nor the activity's default-currency")
                continue
            }
            guard Currency.isKnown(code) else {
                issue(a, t, "unknown-currency", "currency '\(code.prefix(10))' is not an ISO 4217 currency code")
                continue
            }
            guard let dateText = t.date ?? t.valueDate else {
                issue(a, t, "required", "has no date: neither transaction-date/@iso-date nor value/@value-date")
                continue
            }
            guard let day = IATIReader.day(dateText) else {
                issue(a, t, "iati-date", "date '\(dateText.prefix(40))' is not a date (YYYY-MM-DD)")
                continue
            }
            var split: [(alpha3: String?, share: Decimal)] = countries.map { ($0.alpha3, $0.share) }
            if let c = t.country {
                guard let alpha3 = options.alpha3[c.uppercased()] else {
                    issue(
                        a,
                        t,
                        "unknown-country",
                        "recipient-country '\(c)' is not an ISO 3166 alpha-2 code of a state"
                    )
                    continue
                }
                split = [(alpha3, 1)]
            }
            if split.isEmpty { split = [(nil, 1)] }
            let incoming = flow == .incomingFunds || flow == .incomingCommitment
            let donor =
                t.provider.label ?? (incoming ? funders.first ?? reporter : reporter) ?? "not given"
            let implementer = incoming ? reporter : t.receiver.label ?? implementers.first
            for part in split where part.share > 0 {
                let amount = IATIReader.whole(value * share(t) * part.share)
                let content = [a.identifier, type, day.iso, valueText, code, part.alpha3 ?? ""]
                let key = content.joined(separator: "|")
                let occurrence = seen[key, default: 0]
                seen[key] = occurrence + 1
                keep(
                    Contribution(
                        localID: IATIReader.contentID(content + [String(occurrence)]),
                        date: day,
                        flow: flow,
                        donor: donor.clipped(300) ?? "not given",
                        origin: .international,
                        amount: amount,
                        currency: code,
                        sector: .mineAction,
                        recipient: part.alpha3,
                        region: part.alpha3 == nil ? (t.region ?? a.region).map { "IATI region \($0)" } : nil,
                        implementer: implementer.flatMap { $0.clipped(300) },
                        projectID: projectID,
                        iatiIdentifier: String(a.identifier.prefix(300)),
                        source: source
                    )
                )
            }
        }
    }

    private func issue(_ a: Activity, _ t: Transaction?, _ rule: String, _ message: String) {
        let name = a.identifier.isEmpty ? "activity at line \(a.line)" : "activity \(a.identifier.prefix(80))"
        let item = t.map { "\(name), transaction at line \($0.line)" } ?? "\(name) (line \(a.line))"
        result?.issues.append(ImportIssue(file: file, item: item, rule: rule, message: message))
    }
}

extension String {
    /// At most `n` characters; nil when empty.
    fileprivate func clipped(_ n: Int) -> String? { isEmpty ? nil : String(prefix(n)) }
}

extension IATIRead {
    /// The spooled projects and contributions as an import's inputs: the layers' own CSV files, read in batches and
    /// checked by their layers' rules like any file. Empty when the read kept its records in memory.
    public func inputs() -> [ImportInput] {
        guard let spooled else { return [] }
        return [
            ImportInput(
                name: spooled.projects.lastPathComponent,
                layer: FundingProject.info,
                content: .file(spooled.projects)
            ),
            ImportInput(
                name: spooled.contributions.lastPathComponent,
                layer: Contribution.info,
                content: .file(spooled.contributions)
            ),
        ]
    }
}
