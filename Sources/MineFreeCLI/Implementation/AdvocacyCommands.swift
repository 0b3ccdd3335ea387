import ArgumentParser
import Foundation
import MineFreeCore
import MineFreeStore

/// `minefree meetings`: meetings and events of the treaty's work, and who attended.
struct MeetingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meetings",
        abstract:
            "Meetings and events (MSPs, Review Conferences, intersessionals, workshops, field visits) and who attended.",
        discussion: """
            Every event known on the day with its delegations counted (states, organisations), or with --state the
            events that state's delegation attended, at what level, and what it said.
            """
    )

    @Option(help: "A state (ISO alpha-3 or alpha-2 code): the events its delegation attended.") var state: String?
    @Option(help: "msp, review_conference, intersessional, regional_meeting, workshop, field_visit or other.")
    var kind: String?
    @Option(
        name: .customLong("as-of"),
        help: "Records known at the start of this day (YYYY-MM-DD); default today.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?
    @OptionGroup var output: FormatOption

    func run() async throws {
        let chosen: AdvocacyEvent.Kind?
        if let kind {
            guard let k = AdvocacyEvent.Kind(rawValue: kind) else {
                throw BadInput(
                    "kind '\(kind)' is not one of \(AdvocacyEvent.Kind.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            chosen = k
        } else {
            chosen = nil
        }
        let date = asOf ?? .today()
        try await CommandContext.with { context in
            let records = try await AdvocacyRepository(database: context.store.database).records(asOf: date)
            let iso3 = try state.map { try context.state($0).iso3 }
            let events = records.events.filter { chosen == nil || $0.kind == chosen }.sorted { $0.start < $1.start }
            var rows: [[String]] = []
            for e in events {
                let present = records.attendance.filter { $0.eventID == e.localID }
                if let iso3 {
                    for a in present where a.state == iso3 {
                        rows.append([
                            e.start.iso, e.kind.rawValue, e.title, a.level?.rawValue ?? "",
                            a.delegates.map(String.init) ?? "",
                            a.statement ?? "",
                        ])
                    }
                } else {
                    rows.append([
                        e.start.iso, e.end?.iso ?? "", e.kind.rawValue, e.localID, e.title, e.place ?? "",
                        String(present.filter { $0.state != nil }.count),
                        String(present.filter { $0.organisation != nil }.count),
                    ])
                }
            }
            let columns =
                iso3 != nil
                ? ["date", "kind", "event", "level", "delegates", "statement"]
                : ["start", "end", "kind", "id", "title", "place", "states", "organisations"]
            let table = Tabulation(columns: columns, rows: rows)
            switch output.format {
            case .json:
                print(
                    try JSONOutput.render(
                        rows.map { Dictionary(uniqueKeysWithValues: zip(columns, $0)) }
                    )
                )
            case .csv: print(table.csv())
            case .table:
                print(
                    iso3.map { "Events \($0)'s delegation attended, known on \(date): \(rows.count)" }
                        ?? "Meetings and events known on \(date): \(rows.count)"
                )
                print(table.text())
            }
        }
    }
}

/// `minefree pledges`: commitments and pledges as they stand, and which are overdue.
struct PledgesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pledges",
        abstract: "Commitments and pledges: who promised what to whom, by when, and whether it was kept.",
        discussion: """
            Each pledge as its latest record known on the day says (a later status is a new record of the same id).
            --overdue: those open or partly fulfilled past their due day.
            """
    )

    @Option(help: "open, fulfilled, partly_fulfilled, not_fulfilled or withdrawn.") var status: String?
    @Flag(help: "Only pledges open or partly fulfilled past their due day.") var overdue = false
    @Option(
        name: .customLong("as-of"),
        help: "Records known at the start of this day (YYYY-MM-DD); default today.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?
    @OptionGroup var output: FormatOption

    struct PledgeJSON: Encodable {
        let id: String
        let made: String
        let pledger: String
        let recipient: String?
        let what: String
        let amount: Int?
        let currency: String?
        let due: String?
        let status: String
        let overdue: Bool
        let recorded: String
    }

    func run() async throws {
        if let status, Pledge.Status(rawValue: status) == nil {
            throw BadInput(
                "status '\(status)' is not one of \(Pledge.Status.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        let date = asOf ?? .today()
        try await CommandContext.with { context in
            var pledges = try await AdvocacyRepository(database: context.store.database).pledges(asOf: date)
            if let status { pledges = pledges.filter { $0.status.rawValue == status } }
            if overdue { pledges = pledges.filter { $0.isOverdue(on: date) } }
            switch output.format {
            case .json:
                print(
                    try JSONOutput.render(
                        pledges.map {
                            PledgeJSON(
                                id: $0.localID,
                                made: $0.made.iso,
                                pledger: $0.pledger,
                                recipient: $0.recipient,
                                what: $0.what,
                                amount: $0.amount,
                                currency: $0.currency,
                                due: $0.due?.iso,
                                status: $0.status.rawValue,
                                overdue: $0.isOverdue(on: date),
                                recorded: $0.recorded.iso
                            )
                        }
                    )
                )
            case .csv, .table:
                let table = Tabulation(
                    columns: ["id", "made", "pledger", "recipient", "what", "amount", "due", "status", "recorded"],
                    rows: pledges.map { p in
                        [
                            p.localID, p.made.iso, p.pledger, p.recipient ?? "", p.what,
                            p.amount.map { "\($0) \(p.currency ?? "")" } ?? "",
                            p.due?.iso ?? "", p.status.rawValue + (p.isOverdue(on: date) ? " (overdue)" : ""),
                            p.recorded.iso,
                        ]
                    }
                )
                if output.format == .csv {
                    print(table.csv())
                } else {
                    let late = pledges.filter { $0.isOverdue(on: date) }.count
                    print("Pledges known on \(date): \(pledges.count), \(late) overdue")
                    print(table.text())
                }
            }
        }
    }
}
