import ArgumentParser
import Foundation
import MineFreeCore
import MineFreeStore

/// `minefree`: the command-line face of MineFree.
public struct MineFreeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "minefree",
        abstract: "MineFree: the Mine Ban Treaty and mine action information system.",
        discussion: """
            The store is a SQLite file (MINEFREE_DB, default ./minefree.sqlite) or PostgreSQL (DATABASE_URL).
            Migrations run and the bundled reference data loads on every start.
            """,
        subcommands: [
            StatesCommand.self, StateCommand.self, DeadlinesCommand.self, TransparencyCommand.self,
            UniversalizationCommand.self,
            StockpilesCommand.self, RetainedCommand.self, MeasuresCommand.self, ProductionCommand.self,
            IndicatorsCommand.self, InstrumentsCommand.self, FiguresCommand.self, UseCommand.self,
            InterimStepsCommand.self,
            FundingCommand.self, IATICommand.self, MeetingsCommand.self, PledgesCommand.self,
            ImportCommand.self, HazardsCommand.self, ProgressCommand.self, ExportCommand.self,
            ActivitiesCommand.self, FindsCommand.self, AssetsCommand.self, CasualtiesCommand.self, PeopleCommand.self,
            AssistanceCommand.self, EORECommand.self, PriorityCommand.self, ForecastCommand.self, WorkplanCommand.self,
            LayersCommand.self,
            MigrateCommand.self, CheckReferenceCommand.self, BenchCommand.self, ServeCommand.self, DemoCommand.self,
            UserCommand.self, AuditCommand.self, BackupCommand.self, RestoreCommand.self,
        ]
    )

    public init() {}

    /// Parses `arguments`, runs the command and returns the exit status: 0 on success, 2 for bad input
    /// (one line naming the bad value), 1 when the store or the reference data fails.
    public static func run(arguments: [String]) async -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            if var async = command as? any AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
            return 0
        } catch let code as ExitCode where code != .success {
            // A command that said what it had to and chose its status (a dry run that found issues).
            return code.rawValue
        } catch let error as BadInput {
            printError("minefree: \(error.description)")
            return 2
        } catch let error as ImportRefused {
            let counts = error.countsByRule.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(
                separator: ", "
            )
            printError("minefree: \(error.description)\n  by rule: \(counts)")
            return 2
        } catch let error as ReferenceDataError {
            printError("minefree: \(error.description)")
            return 1
        } catch let error as StoreConfiguration.Invalid {
            printError("minefree: \(error.description)")
            return 2
        } catch let error as StoredRecordError {
            printError("minefree: the store holds a record that cannot be read: \(error.description)")
            return 1
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help, --version: ArgumentParser prints them.
                exit(withError: error)
            }
            if code == .validationFailure {
                printError("minefree: \(oneLine(self.message(for: error)))")
                return 2
            }
            printError("minefree: \(String(describing: error).split(separator: "\n").first ?? "")")
            return 1
        }
    }

    /// ArgumentParser lists accepted values one per line ("- party"); fold them into the single line.
    static func oneLine(_ message: String) -> String {
        let lines = message.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        guard let first = lines.first else { return "invalid input" }
        let rest = lines.dropFirst().map { $0.hasPrefix("- ") ? String($0.dropFirst(2)) : $0 }
        return rest.isEmpty ? first : first + " " + rest.joined(separator: ", ")
    }

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// `minefree migrate`: bring the schema up to date and load the reference data, then say what is there.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending migrations and load the bundled reference data."
    )

    func run() async throws {
        try await CommandContext.with { context in
            let r = context.registry
            print("\(context.store.configuration.summary): schema up to date.")
            print(
                "Reference data: \(r.states.count) states and areas, \(r.participations.count) treaty participations, "
                    + "\(r.meetings.count) meetings, \(r.obligationReports.count) obligation reports, \(r.extensions.count) extensions."
            )
        }
    }
}

/// `minefree check-reference [DIR]`: validate reference data files without touching any store.
struct CheckReferenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-reference",
        abstract: "Validate a directory of reference data files (default: the bundled ones); writes nothing.",
        discussion: """
            With --coverage, how far each file reaches: its rows, the states they name, how many rows are confirmed,
            single-source or unconfirmed, and for the files every State Party should have a row in (Art 4 and Art 5,
            CCM Art 3 and Art 4, Art 9) the States Parties — ever, withdrawn included — that have none.
            """
    )

    @Argument(help: "Directory holding states.csv, conventions.csv, apmbc_*.csv, ccm_*.csv.")
    var directory: String?
    @Flag(help: "Print each file's coverage and the States Parties without a row.") var coverage = false
    @OptionGroup var output: FormatOption

    func run() async throws {
        let url = directory.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? CommandContext.referenceDirectory()
        let registry = try ReferenceDataLoader.load(from: url)
        let confidence = Dictionary(grouping: registry.participations, by: \.provenance.confidence).mapValues(\.count)
        if coverage { return try printCoverage(ReferenceCoverage(registry)) }
        print("\(url.path): valid.")
        print(
            "\(registry.states.count) states and areas; \(registry.participations.count) participations "
                + "(confirmed \(confidence[.confirmed] ?? 0), single-source \(confidence[.singleSource] ?? 0), "
                + "unconfirmed \(confidence[.unconfirmed] ?? 0)); \(registry.meetings.count) meetings; "
                + "\(registry.obligationReports.count) obligation reports; \(registry.extensions.count) extensions."
        )
    }
}

extension CheckReferenceCommand {
    func printCoverage(_ c: ReferenceCoverage) throws {
        let columns = ["file", "rows", "states", "confirmed", "single_source", "unconfirmed", "parties_without_row"]
        let rows = c.files.map { f in
            [
                f.name, String(f.rows), f.states.map(String.init) ?? "", String(f.confirmed), String(f.singleSource),
                String(f.unconfirmed), f.missing.map { String($0.count) } ?? "",
            ]
        }
        switch output.format {
        case .json:
            struct FileJSON: Encodable {
                let file: String
                let rows: Int
                let states: Int?
                let confirmed: Int
                let single_source: Int
                let unconfirmed: Int
                let parties_without_row: [String]?
            }
            print(
                try JSONOutput.render(
                    c.files.map {
                        FileJSON(
                            file: $0.name,
                            rows: $0.rows,
                            states: $0.states,
                            confirmed: $0.confirmed,
                            single_source: $0.singleSource,
                            unconfirmed: $0.unconfirmed,
                            parties_without_row: $0.missing
                        )
                    }
                )
            )
        case .csv: print(Tabulation(columns: columns, rows: rows).csv())
        case .table:
            print(Tabulation(columns: columns, rows: rows).text())
            for f in c.files {
                guard let missing = f.missing, !missing.isEmpty else { continue }
                print("\n\(f.name): \(missing.count) States Parties without a row: \(missing.joined(separator: " "))")
            }
        }
    }
}
