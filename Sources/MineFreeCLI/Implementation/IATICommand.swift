import ArgumentParser
import Foundation
import MineFreeCore
import MineFreeStore

/// `minefree iati`: funding published in IATI activity files.
struct IATICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iati",
        abstract: "Funding published as IATI (International Aid Transparency Initiative) activity files.",
        subcommands: [IATIImportCommand.self, IATIExportCommand.self]
    )
}

/// `minefree iati import FILE`: the mine-action activities of an IATI 2.01–2.03 file as funding projects and
/// contributions, through the import (all or nothing, or quarantine).
struct IATIImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import the mine-action activities (DAC purpose code 15250) of an IATI 2.01–2.03 activity file.",
        discussion: """
            Each activity with mine action becomes a funding project; each of its commitments, disbursements,
            expenditures and incoming funds or commitments a contribution, its mine-action share (the activity's
            15250 percentage, or the whole when the transaction's own sector is 15250) split by recipient country and
            rounded to whole currency units. Interest, loan repayments, equity and pledges are counted and left out.
            IATI 1.0x files are refused. A republished file: --quarantine stores the new transactions and sets aside
            those already stored.
            """
    )

    @Argument(help: "An IATI activity file (XML).") var file: String
    @Flag(help: "Store what can be read and set the rest aside (default: all or nothing).") var quarantine = false
    @Flag(help: "Read and check only; store nothing.") var check = false
    @Option(help: "table (default) or json.") var format: String = "table"

    func run() async throws {
        guard format == "table" || format == "json" else {
            throw BadInput("unknown format '\(format)': expected table or json")
        }
        let url = URL(fileURLWithPath: file)
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw BadInput("cannot read the IATI file '\(file)'")
        }
        try await CommandContext.with { context in
            let alpha3 = Dictionary(
                context.registry.states.compactMap { s in s.iso2.map { ($0, s.iso3) } },
                uniquingKeysWith: { a, _ in a }
            )
            let started = Date()
            // The records go to CSV files as the XML streams in, and the import reads them in batches like any file:
            // memory stays flat whatever the file's size.
            let spool = FileManager.default.temporaryDirectory.appendingPathComponent(
                "minefree-iati-\(UUID().uuidString)"
            )
            try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: spool) }
            let read: IATIRead
            do {
                read = try IATIReader.read(url: url, options: .init(alpha3: alpha3, today: .today(), spool: spool))
            } catch let refused as IATIRefused {
                throw BadInput(refused.message)
            }
            let seconds = Date().timeIntervalSince(started)
            if !read.issues.isEmpty, !quarantine {
                throw ImportRefused(issues: read.issues, warnings: read.warnings)
            }
            var result: Importer.Result?
            if read.contributionCount > 0 || read.projectCount > 0 {
                let request = Importer.Request(
                    inputs: read.inputs(),
                    rules: ImportRules(),
                    mapping: MappingProfile(),
                    mode: quarantine ? .quarantine : .allOrNothing,
                    warnings: read.warnings,
                    source: "iati:" + url.lastPathComponent
                )
                do {
                    result =
                        check
                        ? try await Importer.check(request, store: context.store)
                        : try await Importer.run(request, store: context.store)
                } catch let refused as ImportRefused
                    where refused.issues.contains(where: { $0.rule == "already-stored" })
                {
                    MineFreeCommand.printError(
                        "minefree: part of this file is stored already (a republished file?): --quarantine stores what is new and sets the rest aside"
                    )
                    throw refused
                }
            }
            report(read, result, seconds: seconds)
            if check, !(result?.outcome.issues.isEmpty ?? true) || !read.issues.isEmpty, !quarantine {
                throw ExitCode(2)
            }
        }
    }

    func report(_ read: IATIRead, _ result: Importer.Result?, seconds: Double) {
        let stored = result?.outcome.dataset
        let refused = (result?.outcome.issues ?? []) + read.issues
        if format == "json" {
            let leftOut = read.leftOut.sorted { $0.key < $1.key }.map { "\(GeoJSONWriter.string($0.key)):\($0.value)" }
            print(
                "{\"version\":\(GeoJSONWriter.string(read.version)),\"activities\":\(read.activities),"
                    + "\"mine_action_activities\":\(read.mineActionActivities),"
                    + "\"projects\":\(stored?.count(of: FundingProject.self) ?? 0),"
                    + "\"contributions\":\(stored?.count(of: Contribution.self) ?? 0),"
                    + "\"stored\":\(!check && result?.importID != nil),\"import\":\(result?.importID.map(String.init) ?? "null"),"
                    + "\"left_out\":{\(leftOut.joined(separator: ","))},"
                    + "\"issues\":\(ImportReport.issuesJSON(refused)),"
                    + "\"warnings\":\(ImportReport.issuesJSON(read.warnings + (result?.outcome.warnings ?? [])))}"
            )
            return
        }
        print(
            "\(file): IATI \(read.version), \(read.activities) activities, \(read.mineActionActivities) with mine action (read in \(String(format: "%.2f", seconds)) s)."
        )
        if let stored {
            print(
                "\(check ? "Would store" : "Stored") \(stored.count(of: FundingProject.self)) funding projects and \(stored.count(of: Contribution.self)) contributions\(result?.importID.map { " (import \($0))" } ?? "")."
            )
        } else {
            print("Nothing to store.")
        }
        for (type, n) in read.leftOut.sorted(by: { $0.key < $1.key }) {
            print("  left out: \(n) transaction(s) of type \(type)")
        }
        if !refused.isEmpty {
            print("Set aside: \(refused.count); by rule:")
            for (rule, n) in ImportReport.countsByRule(refused) { print("  \(rule): \(n)") }
            for issue in refused.prefix(20) { print("  \(issue.description)") }
        }
        for w in (read.warnings + (result?.outcome.warnings ?? [])).prefix(20) { print("  \(w.description)") }
    }
}

/// `minefree iati export`: the funding recorded, as an IATI 2.03 activity file.
struct IATIExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the funding projects and contributions known on a day as an IATI 2.03 activity file.",
        discussion: """
            One activity per funding project (its contributions as transactions), and one per donor and recipient for
            contributions that name no project, each under DAC purpose code 15250. The same records export as CSV with
            HXL hashtags with `minefree export contributions --format csv`.
            """
    )

    @Option(help: "The file to write.") var out: String
    @Option(name: .customLong("reporting-org"), help: "The publisher's IATI organisation identifier (e.g. XM-DAC-…).")
    var reportingOrg: String
    @Option(name: .customLong("reporting-name"), help: "The publisher's name.") var reportingName: String
    @Option(name: .customLong("reporting-type"), help: "IATI organisation type code (default 10, government).")
    var reportingType: String = "10"
    @Option(
        name: .customLong("as-of"),
        help: "Records known at the start of this day (YYYY-MM-DD); default today.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?

    func run() async throws {
        guard !reportingOrg.isEmpty, reportingOrg.count <= 100, !reportingOrg.contains(where: \.isWhitespace) else {
            throw BadInput("--reporting-org '\(reportingOrg.prefix(40))' is not an IATI organisation identifier")
        }
        guard reportingType.count <= 3, reportingType.allSatisfy(\.isNumber), !reportingType.isEmpty else {
            throw BadInput(
                "--reporting-type '\(reportingType.prefix(10))' is not an IATI organisation type code (e.g. 10)"
            )
        }
        let dir = URL(fileURLWithPath: out).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: dir) else {
            throw BadInput("cannot write '\(out)': directory \(dir) does not exist")
        }
        let date = asOf ?? .today()
        try await CommandContext.with { context in
            let repository = FundingRepository(database: context.store.database)
            let projects = try await repository.projects(asOf: date)
            let contributions = try await repository.contributions(asOf: date)
            let alpha2 = Dictionary(
                context.registry.states.compactMap { s in s.iso2.map { (s.iso3, $0) } },
                uniquingKeysWith: { a, _ in a }
            )
            let xml = IATIWriter.document(
                projects: projects,
                contributions: contributions,
                publisher: .init(ref: reportingOrg, name: reportingName, type: reportingType),
                alpha2: alpha2,
                generated: date
            )
            try xml.write(toFile: out, atomically: true, encoding: .utf8)
            print(
                "Wrote \(out): \(projects.count) projects and \(contributions.count) contributions known on \(date) as IATI 2.03."
            )
        }
    }
}
