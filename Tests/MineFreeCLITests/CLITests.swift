import Foundation
import Testing

/// Runs the built `minefree` executable as a user would: arguments in, text and exit status out.
struct CLI {
    let databasePath: String

    init() {
        databasePath =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("minefree-cli-\(UUID().uuidString).sqlite").path
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(stdout.utf8)) }
    }

    static var executable: URL {
        // The test bundle runs from the build products directory, next to the executable.
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("minefree")
    }

    func run(_ arguments: String...) throws -> Result { try runArray(arguments) }

    func cleanUp() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: databasePath + suffix) }
    }
}

@Suite(.serialized) struct CLITests {
    let cli = CLI()

    @Test func universalizationAtTheTenthAnniversaryMatchesTheICBL() throws {
        defer { cli.cleanUp() }
        let r = try cli.run("universalization", "--as-of", "2009-03-02", "--format", "json")
        #expect(r.status == 0)
        let json = try #require(try r.json() as? [String: Any])
        #expect(json["states_parties"] as? Int == 156)
        #expect(json["as_of"] as? String == "2009-03-02")
        let signatories = try #require(json["signatories_not_ratified"] as? [[String: Any]])
        #expect(signatories.compactMap { $0["iso3"] as? String } == ["MHL", "POL"])
        #expect((json["un_members_not_party"] as? [Any])?.count == 39)
        let regions = try #require(json["regions"] as? [[String: Any]])
        #expect(regions.map { $0["region"] as? String } == ["Africa", "Americas", "Asia", "Europe", "Oceania"])
        #expect(regions.compactMap { $0["states_parties"] as? Int }.reduce(0, +) == 156)

        let table = try cli.run("universalization", "--as-of", "2009-03-02")
        #expect(table.status == 0)
        #expect(table.stdout.contains("States Parties:             156"))
        #expect(table.stdout.contains("United States of America (USA)"))
    }

    @Test func clearanceDeadlinesOf2009ShowTheNinthMeetingsExtensions() throws {
        defer { cli.cleanUp() }
        let r = try cli.run(
            "deadlines",
            "--article",
            "5",
            "--year",
            "2009",
            "--as-of",
            "2009-03-02",
            "--format",
            "json"
        )
        #expect(r.status == 0)
        let json = try #require(try r.json() as? [String: Any])
        #expect(json["article"] as? Int == 5)
        #expect(json["convention"] as? String == "apmbc")
        let states = try #require(json["states"] as? [[String: Any]])
        let extended = states.filter { $0["outcome"] as? String == "extended" }
        #expect(extended.count == 15)
        let bih = try #require(states.first { $0["iso3"] as? String == "BIH" })
        #expect(bih["deadline"] as? String == "2009-03-01")
        let ext = try #require(bih["extension"] as? [String: Any])
        #expect(ext["meeting"] as? String == "9MSP")
        #expect(ext["new_deadline"] as? String == "2019-03-01")
        #expect((json["totals"] as? [String: Int])?["extended"] == 15)

        let csv = try cli.run("deadlines", "--article", "5", "--year", "2009", "--format", "csv")
        let lines = csv.stdout.split(separator: "\n")
        #expect(
            lines.first
                == "iso3,name,deadline,deadline_kind,outcome,completed_on,completion_declared_on,extended_to,granted_on,meeting"
        )
        #expect(lines.contains { $0.hasPrefix("TCD,Chad,2009-11-01,original,extended") })
        // A reading no second source confirms says so, in every format.
        let later = try cli.run(
            "deadlines",
            "--article",
            "5",
            "--year",
            "2025",
            "--as-of",
            "2026-06-01",
            "--format",
            "csv"
        )
        #expect(later.stdout.contains("TCD,Chad,2025-01-01,extension 4,extended (unconfirmed),,,2030-01-01"))
        #expect(later.stdout.contains("KHM,Cambodia,2025-12-31,extension 2,extended,,,2030-12-31"))
        #expect((json["states"] as? [[String: Any]])?.allSatisfy { $0["unconfirmed"] is Bool } == true)
    }

    @Test func oneStateShowsEveryObligation() throws {
        defer { cli.cleanUp() }
        let r = try cli.run("state", "TJK", "--as-of", "2025-01-01", "--format", "json")
        #expect(r.status == 0)
        let json = try #require(try r.json() as? [String: Any])
        #expect(json["iso3"] as? String == "TJK")
        let conventions = try #require(json["conventions"] as? [[String: Any]])
        let apmbc = try #require(conventions.first { $0["convention"] as? String == "apmbc" })
        #expect(apmbc["status"] as? String == "party")
        #expect(apmbc["entry_into_force"] as? String == "2000-04-01")
        #expect(apmbc["initial_report_due"] as? String == "2000-09-28")
        #expect(apmbc["next_report_due"] as? String == "2025-04-30")
        let clearance = try #require(apmbc["clearance"] as? [String: Any])
        #expect(clearance["original_deadline"] as? String == "2010-04-01")
        #expect(clearance["deadline"] as? String == "2025-12-31")
        #expect(clearance["status"] as? String == "extended")
        #expect((clearance["extensions"] as? [Any])?.count == 2)
        #expect(conventions.first { $0["convention"] as? String == "ccm" }?["status"] as? String == "not_signed")

        let text = try cli.run("state", "tj", "--as-of", "2025-01-01")
        #expect(text.status == 0)
        #expect(text.stdout.contains("Tajikistan (TJK)"))
        #expect(text.stdout.contains("Entry into force              2000-04-01"))

        let ukraine = try cli.run("state", "UKR", "--as-of", "2025-09-01")
        #expect(ukraine.stdout.contains("Mine Ban Treaty (APMBC): State Party"))
        #expect(
            ukraine.stdout.contains(
                "Suspension notified           2025-07-18 (no article provides for it; still a party)"
            )
        )
        // Canada reported no mined areas and held cluster munitions it destroyed: no clearance deadline is printed.
        let canada = try cli.run("state", "CAN", "--as-of", "2025-01-01")
        #expect(canada.stdout.contains("Art 5 clearance               not applicable — no mined area reported"))
        #expect(
            canada.stdout.contains(
                "Art 4 clearance               not applicable — no cluster munition remnants reported"
            )
        )
        #expect(!canada.stdout.contains("deadline 2009-03-01"))
        // Venezuela's completion, declared at the 13MSP on the day; Greece's, declared at the 2RC with no day of its own.
        let venezuela = try cli.run("state", "VEN", "--as-of", "2014-01-01")
        #expect(venezuela.stdout.contains("completed on 2013-12-03; completion declared at the 13MSP on 2013-12-03"))
        let greece = try cli.run("state", "GRC", "--as-of", "2010-01-01", "--format", "json")
        let greeceClearance = try #require(
            ((try JSONSerialization.jsonObject(with: Data(greece.stdout.utf8)) as? [String: Any])?["conventions"]
                as? [[String: Any]])?.first { $0["convention"] as? String == "apmbc" }?["clearance"] as? [String: Any]
        )
        #expect(greeceClearance["status"] as? String == "completed")
        #expect(greeceClearance["completion_declared_on"] as? String == "2009-12-01")
        #expect(greeceClearance["completion_declared_at"] as? String == "2RC")
    }

    @Test func statesFiltersByStatusRegionAndDate() throws {
        defer { cli.cleanUp() }
        let pending = try cli.run(
            "states",
            "--status",
            "withdrawal_pending",
            "--as-of",
            "2025-07-01",
            "--format",
            "csv"
        )
        #expect(pending.status == 0)
        #expect(pending.stdout.split(separator: "\n").map { $0.prefix(4) } == ["iso3", "EST,", "LTU,", "LVA,"])
        let asia = try cli.run("states", "--region", "Central Asia", "--as-of", "2009-03-02", "--format", "json")
        let rows = try #require(try asia.json() as? [[String: Any]])
        #expect(rows.map { $0["iso3"] as? String } == ["KAZ", "KGZ", "TJK", "TKM", "UZB"])
        #expect(rows.first { $0["iso3"] as? String == "TKM" }?["status"] as? String == "party")
        #expect(rows.first { $0["iso3"] as? String == "KAZ" }?["status"] as? String == "not_signed")
        let ccm = try cli.run("states", "--convention", "ccm", "--status", "withdrawn", "--format", "json")
        #expect((try ccm.json() as? [[String: Any]])?.compactMap { $0["iso3"] as? String } == ["LTU"])
        let table = try cli.run("states", "--as-of", "2009-03-02")
        #expect(table.stdout.contains("Mine Ban Treaty (APMBC), as of 2009-03-02: 197 states"))
    }

    @Test func migrateReportsTheSchemaAndTheReferenceData() throws {
        defer { cli.cleanUp() }
        let r = try cli.run("migrate")
        #expect(r.status == 0)
        #expect(r.stdout.contains("schema up to date"))
        #expect(r.stdout.contains("202 states and areas"))
        #expect(FileManager.default.fileExists(atPath: cli.databasePath))
        let check = try cli.run("check-reference")
        #expect(check.status == 0)
        #expect(check.stdout.contains("valid."))
        // Coverage file by file: rows, states named, confidence, the States Parties without a row.
        let coverage = try cli.run("check-reference", "--coverage", "--format", "json")
        #expect(coverage.status == 0, "\(coverage.stderr)")
        let files = try #require(try coverage.json() as? [[String: Any]])
        func file(_ name: String) -> [String: Any]? { files.first { $0["file"] as? String == name } }
        #expect(file("apmbc_participation.csv")?["rows"] as? Int == 166)
        #expect(file("apmbc_participation.csv")?["confirmed"] as? Int == 166)
        // Every State Party has an Art 4 row, and every CCM State Party an Art 3 row.
        #expect(file("apmbc_article4.csv")?["parties_without_row"] as? [String] == [])
        #expect(file("ccm_article3.csv")?["parties_without_row"] as? [String] == [])
        #expect(file("apmbc_article4.csv")?["rows"] as? Int == 166)
        #expect(file("action_plans.csv")?["rows"] as? Int == 5 && file("exchange_rates.csv")?["states"] == nil)
        // Requests whose decision was not read: seven CCM requests of the 12MSP and 13MSP, Serbia's before the
        // APMBC's 5RC, and Senegal's and Tajikistan's, left undecided at the 22MSP (Somalia's before the 19MSP was
        // granted, Arms Control Today).
        #expect(
            file("extension_requests.csv")?["rows"] as? Int == 10
                && file("extension_requests.csv")?["states"] as? Int == 10
        )
        let table = try cli.run("check-reference", "--coverage")
        // Art 9: every State Party but five has a row (the Cook Islands, Tonga and the Marshall Islands, Tuvalu and
        // Venezuela: no source read states their measures).
        #expect(table.stdout.contains("apmbc_article9.csv: 4 States Parties without a row: COK MHL TON TUV"))
    }

    @Test func badInputGetsOneLineAndStatus2AndWritesNothing() throws {
        defer { cli.cleanUp() }
        let cases: [([String], String)] = [
            (["state", "XYZ"], "'XYZ'"),
            (["states", "--as-of", "2009-02-30"], "2009-02-30"),
            (["universalization", "--as-of", "yesterday"], "yesterday"),
            (["states", "--convention", "ccw"], "ccw"),
            (["deadlines", "--article", "7", "--year", "2009"], "article 7"),
            (["deadlines", "--convention", "ccm", "--article", "5", "--year", "2009"], "article 5"),
            (["states", "--status", "member"], "withdrawal_pending"),
            (["states", "--format", "xml"], "xml"),
            (["universalization", "--region", "Atlantis"], "Atlantis"),
        ]
        for (arguments, named) in cases {
            let process = try cli.runArray(arguments)
            #expect(process.status == 2, "\(arguments)")
            let lines = process.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(arguments): \(process.stderr)")
            #expect(process.stderr.contains(named), "\(arguments): \(process.stderr)")
            #expect(process.stdout.isEmpty, "\(arguments)")
        }
        // Refused while parsing: the store was never opened, so no file was created.
        let path = cli.databasePath
        cli.cleanUp()
        _ = try cli.run("states", "--as-of", "2009-13-01")
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func invalidReferenceDataStopsTheLoadNamingFileLineAndRule() throws {
        defer { cli.cleanUp() }
        let r = try cli.run("check-reference", "/nonexistent-reference-dir")
        #expect(r.status == 1)
        #expect(r.stderr.contains("states.csv: [file-missing]"))
    }
}

extension CLI {
    func runArray(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["MINEFREE_DB"] = databasePath
        environment["DATABASE_URL"] = nil
        environment.merge(extra) { $1 }
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self)
        )
    }
}
