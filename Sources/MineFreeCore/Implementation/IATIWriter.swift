import Foundation

/// Funding as an IATI 2.03 activity file, so a programme can publish what it records (or hand it to a donor's
/// system): one activity per funding project, and one per donor and recipient for contributions that name no
/// project; each under DAC 15250 (the DAC list has no finer mine-action code, so the sector detail stays in MineFree),
/// each contribution a transaction. Elements follow the 2.03 schema's order. `IATIReader` reads the file back.
public enum IATIWriter {
    /// Who publishes: the reporting organisation's IATI identifier, name and type (10 government, 21 international
    /// NGO, 40 multilateral…).
    public struct Publisher: Sendable {
        public var ref: String
        public var name: String
        public var type: String
        public init(ref: String, name: String, type: String = "10") {
            self.ref = ref
            self.name = name
            self.type = type
        }
    }

    static let types: [FundingFlow: String] = [
        .incomingFunds: "1", .commitment: "2", .disbursement: "3", .expenditure: "4", .incomingCommitment: "11",
    ]

    /// The file: projects as they stand and the contributions known, `alpha2` mapping ISO alpha-3 to alpha-2.
    public static func document(
        projects: [FundingProject],
        contributions: [Contribution],
        publisher: Publisher,
        alpha2: [String: String],
        generated: CalendarDate
    ) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<iati-activities version=\"2.03\" generated-datetime=\"\(generated.iso)T00:00:00Z\">\n"
        let byProject = Dictionary(grouping: contributions.filter { $0.projectID != nil }, by: { $0.projectID! })
        let known = Set(projects.map(\.localID))
        for p in projects.sorted(by: { $0.localID < $1.localID }) {
            activity(
                identifier: p.iatiIdentifier ?? "\(publisher.ref)-\(p.localID)",
                title: p.title,
                funder: p.donor,
                implementer: p.implementer,
                recipient: p.recipient,
                region: p.region,
                start: p.start,
                end: p.end,
                budget: p.budget.flatMap { b in p.currency.map { (b, $0) } },
                updated: p.recorded,
                transactions: byProject[p.localID] ?? [],
                publisher: publisher,
                alpha2: alpha2,
                today: generated,
                into: &out
            )
        }
        // Contributions without a (known) project: one activity per donor and recipient.
        let loose = Dictionary(
            grouping: contributions.filter { $0.projectID.map { !known.contains($0) } ?? true },
            by: { "\($0.donor)\u{1F}\($0.recipient ?? "")" }
        )
        for key in loose.keys.sorted() {
            let group = loose[key]!.sorted { ($0.date, $0.localID) < ($1.date, $1.localID) }
            let first = group[0]
            let id = IATIReader.contentID([first.donor, first.recipient ?? ""]).dropFirst(5)
            activity(
                identifier: "\(publisher.ref)-MF-\(id)",
                title: "Mine action funding from \(first.donor)\(first.recipient.map { " to \($0)" } ?? "")",
                funder: first.donor,
                implementer: nil,
                recipient: first.recipient,
                region: first.region,
                start: group.first?.date,
                end: nil,
                budget: nil,
                updated: group.last!.date,
                transactions: group,
                publisher: publisher,
                alpha2: alpha2,
                today: generated,
                into: &out
            )
        }
        return out + "</iati-activities>\n"
    }

    private static func activity(
        identifier: String,
        title: String,
        funder: String?,
        implementer: String?,
        recipient: String?,
        region: String?,
        start: CalendarDate?,
        end: CalendarDate?,
        budget: (Int, String)?,
        updated: CalendarDate,
        transactions: [Contribution],
        publisher: Publisher,
        alpha2: [String: String],
        today: CalendarDate,
        into out: inout String
    ) {
        let transactions = transactions.sorted { ($0.date, $0.localID) < ($1.date, $1.localID) }
        // A recipient the whole activity shares goes on the activity; otherwise each transaction names its own.
        let recipients = Set(transactions.map { $0.recipient ?? "" } + (recipient.map { [$0] } ?? []))
        let shared = recipients.count == 1 ? recipient ?? transactions.first?.recipient : nil
        out +=
            "  <iati-activity last-updated-datetime=\"\(updated.iso)T00:00:00Z\" xml:lang=\"en\" humanitarian=\"1\">\n"
        out += "    <iati-identifier>\(esc(identifier))</iati-identifier>\n"
        out += "    <reporting-org ref=\"\(esc(publisher.ref))\" type=\"\(esc(publisher.type))\">"
        out += "<narrative>\(esc(publisher.name))</narrative></reporting-org>\n"
        out += "    <title><narrative>\(esc(title))</narrative></title>\n"
        out += "    <description><narrative>\(esc(title))</narrative></description>\n"
        for (role, name) in [("1", funder), ("4", implementer)] {
            guard let name, !name.isEmpty else { continue }
            out += "    <participating-org role=\"\(role)\"><narrative>\(esc(name))</narrative></participating-org>\n"
        }
        if funder == nil && implementer == nil {
            out +=
                "    <participating-org role=\"2\" ref=\"\(esc(publisher.ref))\"><narrative>\(esc(publisher.name))</narrative></participating-org>\n"
        }
        let ended = end.map { $0 < today } ?? false
        out += "    <activity-status code=\"\(ended ? "4" : "2")\"/>\n"
        let first = start ?? transactions.first?.date ?? updated
        out += "    <activity-date type=\"2\" iso-date=\"\(first.iso)\"/>\n"
        if let end { out += "    <activity-date type=\"\(ended ? "4" : "3")\" iso-date=\"\(end.iso)\"/>\n" }
        if let shared, let code = alpha2[shared] {
            out += "    <recipient-country code=\"\(code)\" percentage=\"100\"/>\n"
        } else if recipients == [""], region == nil {
            // Global: IATI's region 998, "Developing countries, unspecified".
            out += "    <recipient-region code=\"998\" vocabulary=\"1\" percentage=\"100\"/>\n"
        }
        out += "    <sector vocabulary=\"1\" code=\"15250\" percentage=\"100\"/>\n"
        if let (amount, currency) = budget, let start, let end {
            out += "    <budget type=\"1\" status=\"2\"><period-start iso-date=\"\(start.iso)\"/>"
            out += "<period-end iso-date=\"\(end.iso)\"/>"
            out += "<value currency=\"\(esc(currency))\" value-date=\"\(start.iso)\">\(amount)</value></budget>\n"
        }
        for t in transactions {
            out += "    <transaction ref=\"\(esc(t.localID))\">"
            out += "<transaction-type code=\"\(types[t.flow]!)\"/>"
            out += "<transaction-date iso-date=\"\(t.date.iso)\"/>"
            out += "<value currency=\"\(esc(t.currency))\" value-date=\"\(t.date.iso)\">\(t.amount)</value>"
            out += "<provider-org><narrative>\(esc(t.donor))</narrative></provider-org>"
            if let i = t.implementer { out += "<receiver-org><narrative>\(esc(i))</narrative></receiver-org>" }
            if shared == nil, let r = t.recipient, let code = alpha2[r] {
                out += "<recipient-country code=\"\(code)\"/>"
            }
            out += "</transaction>\n"
        }
        out += "  </iati-activity>\n"
    }

    static func esc(_ s: String) -> String { Markup.escaped(s) }
}
