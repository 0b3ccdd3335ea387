import Foundation
import Testing

/// Personal data from the command line: kept apart from the casualties, exported pseudonymised unless identified with
/// a purpose, every identified read and export audited, erased by person or after the retention period while the
/// counts stay.
@Suite(.serialized) struct PeopleCLITests {
    let cli = CLI()
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minefree-people-cli-\(UUID().uuidString)")

    func write(_ name: String, _ text: String) throws {
        try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    @Test func personalDataIsReadOnlyIdentifiedAuditedAndErasedWhileTheCountsStay() throws {
        defer { cli.cleanUp(); try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try write(
            "casualties.csv",
            """
            id,date,outcome,age,sex,device,status,lon,lat,village
            CS-1,2023-06-02,injured,14,M,AP,civilian,46.91,40.02,Kangarli
            CS-2,2023-06-02,killed,41,M,AP,civilian,46.91,40.02,Kangarli
            CS-3,2024-01-20,injured,29,F,ERW,civilian,47.05,39.98,Shikhlar

            """
        )
        try write(
            "personal_data.csv",
            """
            id,casualty_id,name,date_of_birth,phone,address,medical_notes,recorded
            PD-1,CS-1,Ramil Aliyev,2009-02-11,+994 50 000 0001,Kangarli village,below-knee amputation (left),2023-06-10
            PD-3,CS-3,Leyla Mammadova,1994-08-30,,Shikhlar village,fragment wounds,2014-01-01

            """
        )
        #expect(try cli.run("import", dir.path).status == 0)

        // Pseudonymised by default: no record id, stable pseudonyms, the file's other attributes left out.
        let plain = try cli.run("export", "casualties", "--format", "csv", "--as-of", "2025-01-01")
        #expect(plain.status == 0)
        let lines = plain.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)  // header, HXL row, three casualties
        #expect(!plain.stdout.contains("CS-1") && !plain.stdout.contains("Kangarli"))
        let ids = lines.dropFirst(2).map { String($0.split(separator: ",")[0]) }
        #expect(ids.allSatisfy { $0.hasPrefix("P-") && $0.count == 18 } && Set(ids).count == 3)
        #expect(try cli.run("export", "casualties", "--format", "csv", "--as-of", "2025-01-01").stdout == plain.stdout)

        // Personal data: only identified, with a purpose that says something.
        let refused = try cli.run("export", "personal_data", "--format", "csv")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("personal_data is personal data: it is exported only identified"))
        #expect(refused.stderr.split(separator: "\n").count == 1)
        let vague = try cli.run("export", "personal_data", "--format", "csv", "--identified", "--purpose", "work")
        #expect(vague.status == 2 && vague.stderr.contains("--purpose 'work' does not say why"))
        let identified = try cli.run(
            "export",
            "personal_data",
            "--format",
            "csv",
            "--identified",
            "--purpose",
            "referral list for the Baku prosthetic centre",
            "--by",
            "anama.data"
        )
        #expect(identified.status == 0 && identified.stdout.contains("Ramil Aliyev"))
        let show = try cli.run(
            "people",
            "show",
            "CS-1",
            "--purpose",
            "follow-up call after fitting",
            "--by",
            "anama.va",
            "--format",
            "json"
        )
        let shown = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(
            shown.first?["name"] as? String == "Ramil Aliyev"
                && shown.first?["date_of_birth"] as? String == "2009-02-11"
        )
        #expect(try cli.run("people", "show", "CS-1").status == 2)

        // Every identified read is in the audit log: who, what, why.
        let audit = try cli.run("audit", "list", "--format", "json")
        let entries = try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [[String: Any]] ?? []
        let read = entries.first { $0["action"] as? String == "personal.read" }
        #expect(read?["actor"] as? String == "anama.va" && read?["target"] as? String == "CS-1")
        #expect(read?["detail"] as? String == "1 record: follow-up call after fitting")
        let export = entries.first { $0["action"] as? String == "personal.export" }
        #expect(export?["actor"] as? String == "anama.data" && export?["target"] as? String == "personal_data")
        #expect((export?["detail"] as? String)?.hasSuffix("csv: referral list for the Baku prosthetic centre") == true)

        // Erasure: the person's personal data goes, the casualty is still counted; the audit log says so, nameless.
        let before = try cli.run("casualties", "--format", "csv", "--as-of", "2025-01-01").stdout
        #expect(before == "year,killed,injured,total\n2023,1,1,2\n2024,0,1,1\n")
        #expect(try cli.run("people", "erase", "CS-1", "--by", "anama.data").status == 2)
        let erase = try cli.run(
            "people",
            "erase",
            "CS-1",
            "--by",
            "anama.data",
            "--reason",
            "request 2025/14 by the person"
        )
        #expect(erase.status == 0 && erase.stdout.hasPrefix("1 personal record about CS-1 erased"))
        #expect(try cli.run("people", "erase", "CS-1", "--by", "anama.data", "--reason", "again").status == 2)
        #expect(try cli.run("casualties", "--format", "csv", "--as-of", "2025-01-01").stdout == before)
        let after = try cli.run(
            "export",
            "personal_data",
            "--format",
            "csv",
            "--identified",
            "--purpose",
            "checking the erasure request",
            "--by",
            "anama.data"
        )
        #expect(!after.stdout.contains("Ramil") && after.stdout.contains("Leyla Mammadova"))
        let erasures = try cli.run("audit", "list", "--action", "personal.erase", "--format", "csv").stdout
        #expect(erasures.contains("CS-1") && !erasures.contains("Ramil"))

        // Retention: what was recorded longer ago than the period goes (PD-3, recorded 2014).
        let expired = try cli.runArray(
            ["people", "erase", "--expired", "--by", "anama.data"],
            environment: ["MINEFREE_PERSONAL_DATA_RETENTION_YEARS": "10"]
        )
        #expect(expired.status == 0 && expired.stdout.hasPrefix("1 personal records recorded before"))
        #expect(try cli.run("people", "erase", "--expired").stderr.contains("no retention period"))
        #expect(try cli.run("casualties", "--format", "csv", "--as-of", "2025-01-01").stdout == before)
    }

    @Test func personalDataMustNameARecordedPerson() throws {
        defer { cli.cleanUp(); try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try write(
            "personal_data.csv",
            """
            id,casualty_id,name,date_of_birth,recorded
            PD-1,CS-404,Anar Huseynov,1990-01-01,2024-02-01
            PD-2,,Nobody Known,1990-01-01,2024-02-01
            PD-3,CS-404,Born Later,2025-01-01,2024-02-01

            """
        )
        let result = try cli.run("import", dir.path)
        #expect(result.status == 2)
        let text = result.stdout + result.stderr
        #expect(text.contains("unknown-casualty") && text.contains("CS-404"))
        #expect(text.contains("personal data is kept only for a recorded casualty or survivor"))
        #expect(text.contains("born-after-recorded"))
        #expect(try cli.run("layers").stdout.contains("personal_data"))
    }

    /// A name in a statistical file would go wherever the record goes: refused, with where it belongs.
    @Test func personalColumnsInStatisticalFilesAreRefused() throws {
        defer { cli.cleanUp(); try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try write(
            "casualties.csv",
            """
            id,date,outcome,age,sex,device,lon,lat,Victim Name,village
            CS-1,2023-06-02,injured,14,M,AP,46.91,40.02,Ramil Aliyev,Kangarli

            """
        )
        try write(
            "accidents.csv",
            """
            id,source,date,device,activity,killed,injured,lon,lat,phone
            AC-1,police,2023-06-02,AP,herding,0,1,46.91,40.02,+994 50 000 0001

            """
        )
        let result = try cli.run("import", dir.path, "--format", "json")
        #expect(result.status == 2)
        let text = result.stdout + result.stderr
        #expect(text.contains("personal-data") && text.contains("column 'Victim Name' looks like personal data"))
        #expect(text.contains("column 'phone' looks like personal data"))
        // 'village' is a place, not a person: not named as personal data.
        #expect(!text.contains("column 'village'"))
        #expect(try cli.run("casualties", "--format", "csv").stdout == "year,killed,injured,total\n")
    }
}
