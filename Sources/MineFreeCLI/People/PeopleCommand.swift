import ArgumentParser
import Foundation
import MineFreeCore
import MineFreeStore

/// Who reads personal data from the command line, and why. The command line is the store's own operator (whoever
/// can open the store file or database); what they read of people is audited all the same.
struct PersonalReaderOptions: ParsableArguments {
    @Option(help: "Why personal data is read (required with --identified; kept in the audit log).") var purpose: String?
    @Option(help: "Who reads (default: the system user running the command).") var by: String?

    func access(identified: Bool) throws -> PersonalAccess {
        guard identified else {
            if purpose != nil {
                throw BadInput("--purpose goes with --identified: a pseudonymised export names nobody")
            }
            return .pseudonymised
        }
        let purpose = try statedPurpose()
        return .identified(actor: try Self.actor(by), purpose: purpose, address: nil)
    }

    /// Who runs the command: `USER`, else the account's name.
    static var systemUser: String { ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.userName }

    /// `--by`, or the system user running the command.
    static func actor(_ by: String?) throws -> String {
        let reader = (by ?? systemUser).trimmingCharacters(in: .whitespaces)
        guard !reader.isEmpty, reader.count <= AuditChain.maximumName else {
            throw BadInput("--by '\(reader)' is not a name of 1 to \(AuditChain.maximumName) characters")
        }
        return reader
    }

    func statedPurpose() throws -> String {
        let text = (purpose ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count >= PersonalAccess.minimumPurpose, text.count <= 500 else {
            throw BadInput(
                "--purpose '\(text)' does not say why: state it in \(PersonalAccess.minimumPurpose) to 500 characters (e.g. 'referral to the rehabilitation centre')"
            )
        }
        return text
    }
}

/// `minefree people`: personal data of casualties and survivors, read by person (audited) and erased by person or
/// after the retention period.
struct PeopleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "people",
        abstract: "Personal data of casualties and survivors: read one person's (audited), erase it.",
        subcommands: [Show.self, Erase.self]
    )

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract:
                "One person's personal data, by their casualty id or personal record id (audited, with --purpose)."
        )
        @Argument(help: "The casualty's or survivor's id, or the personal record's.") var person: String
        @OptionGroup var reader: PersonalReaderOptions
        @OptionGroup var output: FormatOption

        func run() async throws {
            let access = try reader.access(identified: true)
            let found = try await CommandContext.with { context in
                try await PersonalDataRepository(database: context.store.database).records(
                    about: person,
                    access: access
                )
            }
            let table = Tabulation(
                columns: [
                    "id", "casualty", "survivor", "name", "born", "phone", "address", "medical notes", "recorded",
                ],
                rows: found.map {
                    [
                        $0.localID, $0.casualtyID ?? "", $0.survivorID ?? "", $0.name, $0.dateOfBirth?.iso ?? "",
                        $0.phone ?? "",
                        $0.address ?? "", $0.medicalNotes ?? "", $0.recorded.iso,
                    ]
                }
            )
            switch output.format {
            case .csv: print(table.csv())
            case .json:
                struct Row: Encodable {
                    let id: String; let casualty_id: String?; let survivor_id: String?; let name: String;
                    let date_of_birth: String?
                    let phone: String?; let address: String?; let medical_notes: String?; let recorded: String
                }
                print(
                    try JSONOutput.render(
                        found.map {
                            Row(
                                id: $0.localID,
                                casualty_id: $0.casualtyID,
                                survivor_id: $0.survivorID,
                                name: $0.name,
                                date_of_birth: $0.dateOfBirth?.iso,
                                phone: $0.phone,
                                address: $0.address,
                                medical_notes: $0.medicalNotes,
                                recorded: $0.recorded.iso
                            )
                        }
                    )
                )
            case .table:
                print(
                    "\(found.count) personal record\(found.count == 1 ? "" : "s") about \(person) (this read is audited)"
                )
                if !found.isEmpty { print(table.text()) }
            }
        }
    }

    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "erase",
            abstract: "Erase a person's personal data, or all of it past the retention period; the counts stay.",
            discussion: """
                The statistical records (casualty, survivor, services) stay, anonymous: they are counted as before.
                The erasure is in the audit log by person id, without the data. Copies made before (backups, exports
                already handed out) are not reached: erase there too.
                """
        )
        @Argument(help: "The casualty's id, or the personal record's.") var person: String?
        @Flag(
            help:
                "Erase every personal record recorded longer ago than the retention period (MINEFREE_PERSONAL_DATA_RETENTION_YEARS or --retention-years)."
        )
        var expired = false
        @Option(help: "Years personal data is kept after it was recorded (1 to 100).") var retentionYears: Int?
        @Option(help: "Why (required for one person: the request, its reference).") var reason: String?
        @Option(help: "Who erases (default: the system user running the command).") var by: String?

        func run() async throws {
            let who = try PersonalReaderOptions.actor(by)
            switch (person, expired) {
            case (let person?, false):
                let reason = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                guard !reason.isEmpty, reason.count <= 500 else {
                    throw BadInput(
                        "--reason is required: the erasure request and its reference (at most 500 characters)"
                    )
                }
                let n = try await CommandContext.with { context in
                    try await PersonalDataRepository(database: context.store.database).erase(
                        person: person,
                        actor: who,
                        reason: reason
                    )
                }
                guard n > 0 else { throw BadInput("no personal data about '\(person)' is recorded: nothing erased") }
                print("\(n) personal record\(n == 1 ? "" : "s") about \(person) erased; the statistical records stay")
            case (nil, true):
                let years = try retentionYears ?? Self.settingYears()
                guard (1...100).contains(years) else {
                    throw BadInput("a retention period of \(years) years is not from 1 to 100")
                }
                let cutoff = CalendarDate.today().adding(years: -years)
                let erased = try await CommandContext.with { context in
                    try await PersonalDataRepository(database: context.store.database).eraseRecorded(
                        before: cutoff,
                        actor: who
                    )
                }
                print("\(erased.count) personal records recorded before \(cutoff) erased (kept \(years) years)")
            default:
                throw BadInput("name one person to erase, or --expired for everything past the retention period")
            }
        }

        static func settingYears() throws -> Int {
            let name = "MINEFREE_PERSONAL_DATA_RETENTION_YEARS"
            guard let text = ProcessInfo.processInfo.environment[name] else {
                throw BadInput("no retention period: set \(name) or give --retention-years")
            }
            guard let years = Int(text) else { throw BadInput("\(name)='\(text)' is not a number of years") }
            return years
        }
    }
}
