import Foundation
import Testing

/// `minefree import` as a user at an authority runs it on files nobody made for MineFree: a dry run, quarantine with
/// a report to fix and import again, every issue as a file or JSON, a mapping profile; and `minefree casualties`.
@Suite(.serialized) struct ImportOptionsCLITests {
    let cli = CLI()
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minefree-import-cli-\(UUID().uuidString)")

    /// Two good hazards, one whose ring crosses itself, and a release of the bad one.
    func writeFiles() throws {
        let bad = LandFiles.hazard(
            "HA-9",
            0,
            0,
            region: "R01",
            status: "SHA",
            recorded: "2015-01-01",
            geometry: "[[[47.3,40.3],[47.301,40.301],[47.301,40.3],[47.3,40.301],[47.3,40.3]]]"
        )
        try LandFiles.write(
            to: dir,
            hazards: Array(LandFiles.hazards.prefix(2)) + [bad],
            releases:
                "id,hazard_id,date,method,area_m2,devices_found\nRE-1,HA-1,2016-05-01,cleared,1000,3\nRE-9,HA-9,2016-01-01,cleared,10,0\n"
        )
    }

    @Test func aDryRunCountsAndStoresNothing() throws {
        defer { cli.cleanUp(); try? FileManager.default.removeItem(at: dir) }
        try writeFiles()
        let check = try cli.run("import", dir.path, "--check")
        #expect(check.status == 2)
        #expect(check.stdout.contains("Checked \(dir.path): nothing stored. 2 issues."))
        #expect(check.stdout.contains("  self-intersection: 1"))
        #expect(check.stdout.contains("  unknown-hazard: 1"))
        let quarantined = try cli.run("import", dir.path, "--check", "--quarantine")
        #expect(quarantined.status == 0, "\(quarantined.stderr)")
        #expect(quarantined.stdout.contains("  hazards: 2"))
        #expect(quarantined.stdout.contains("Would be set aside: 2 of 7 records"))
        let hazards = try cli.run("hazards", "--format", "csv")
        #expect(hazards.stdout.split(separator: "\n").count == 1)  // the header: nothing was stored
    }

    @Test func quarantineStoresTheValidAndReportsTheRestToBeFixed() throws {
        defer { cli.cleanUp(); try? FileManager.default.removeItem(at: dir) }
        try writeFiles()
        let report = dir.deletingLastPathComponent().appendingPathComponent(dir.lastPathComponent + "-report")
        defer { try? FileManager.default.removeItem(at: report) }
        let r = try cli.run("import", dir.path, "--quarantine", "--report", report.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("  hazards: 2"))
        #expect(r.stdout.contains("  release_events: 1"))
        #expect(r.stdout.contains("Set aside: 2 of 7 records"))
        let files = try FileManager.default.contentsOfDirectory(atPath: report.path).sorted()
        #expect(files == ["hazards.geojson", "issues.csv", "release_events.csv"])
        let refusedReleases = try String(
            contentsOf: report.appendingPathComponent("release_events.csv"),
            encoding: .utf8
        )
        #expect(
            refusedReleases.hasPrefix(
                "id,hazard_id,date,method,area_m2,devices_found,minefree_issues\nRE-9,HA-9,2016-01-01,cleared,10,0,"
            )
        )
        #expect(refusedReleases.contains("[unknown-hazard]"))
        // Fixed (the ring redrawn), the report imports as it is: its issues column is ignored.
        let fixed = try String(contentsOf: report.appendingPathComponent("hazards.geojson"), encoding: .utf8)
            .replacingOccurrences(
                of: "[[[47.3,40.3],[47.301,40.301],[47.301,40.3],[47.3,40.301],[47.3,40.3]]]",
                with: LandFiles.hexagon(47.3, 40.3)
            )
        try fixed.write(to: report.appendingPathComponent("hazards.geojson"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: report.appendingPathComponent("issues.csv"))
        let again = try cli.run("import", report.path, "--profile", "generic")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("  hazards: 1"))
        #expect(again.stdout.contains("  release_events: 1"))
        let hazards = try cli.run("hazards", "--format", "csv")
        #expect(hazards.stdout.split(separator: "\n").count == 4)
    }

    @Test func everyIssueGoesToAFileOrJSON() throws {
        defer { cli.cleanUp(); try? FileManager.default.removeItem(at: dir) }
        try writeFiles()
        let issues = dir.appendingPathComponent("issues.csv")
        let r = try cli.run("import", dir.path, "--issues", issues.path, "--format", "json")
        #expect(r.status == 2)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(
            (json["issues"] as? [[String: Any]])?.compactMap { $0["rule"] as? String } == [
                "self-intersection", "unknown-hazard",
            ]
        )
        #expect(json["import"] is NSNull)
        let text = try String(contentsOf: issues, encoding: .utf8)
        #expect(
            text.hasPrefix(
                "file,item,rule,severity,message\nhazards.geojson,feature 3 (HA-9) line 4,self-intersection,error,"
            )
        )
    }

    @Test func aMappingProfileImportsAFileMadeElsewhere() throws {
        defer { cli.cleanUp(); try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try """
        No.;Naziv;Vrsta
        """.write(to: dir.appendingPathComponent("ignored.txt"), atomically: true, encoding: .utf8)
        try """
        sifra,naziv,vrsta
        BH-MAC,Centar za uklanjanje mina u BiH,državna agencija
        NPA-BH,Norwegian People's Aid,međunarodna NVO

        """.write(to: dir.appendingPathComponent("organizacije.csv"), atomically: true, encoding: .utf8)
        let profile = dir.appendingPathComponent("profile.json")
        try """
        {"files": {"organizacije.csv": {"layer": "organisations", "fields": {"id": "sifra", "name": "naziv",
          "type": {"column": "vrsta", "values": {"državna agencija": "national_authority", "međunarodna NVO": "international_ngo"}}}}}}
        """.write(to: profile, atomically: true, encoding: .utf8)
        let r = try cli.run("import", dir.path, "--mapping", profile.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("  organisations: 2"))
        let orgs = try cli.run("export", "organisations", "--format", "csv")
        #expect(orgs.stdout.contains("BH-MAC,Centar za uklanjanje mina u BiH,national_authority\n"))
        let bad = try cli.run("import", dir.path, "--mapping", dir.appendingPathComponent("nope.json").path)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("cannot read the mapping profile"))
    }

    @Test func casualtiesAreCountedByYearDeviceAndSex() throws {
        defer { cli.cleanUp(); try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"id":"CS-1","date":"2021-04-02","outcome":"injured","age":12,"sex":"M","device":"AP"},"geometry":{"type":"Point","coordinates":[47.25,40.05]}},
        {"type":"Feature","properties":{"id":"CS-2","date":"2021-09-14","outcome":"killed","device":"AT"},"geometry":{"type":"Point","coordinates":[47.31,40.12]}},
        {"type":"Feature","properties":{"id":"CS-3","date":"2022-01-03","outcome":"injured","sex":"F","device":"AP"},"geometry":{"type":"Point","coordinates":[47.32,40.13]}}
        ]}
        """.write(to: dir.appendingPathComponent("casualties.geojson"), atomically: true, encoding: .utf8)
        #expect(try cli.run("import", dir.path).status == 0)
        let byYear = try cli.run("casualties", "--format", "csv", "--as-of", "2023-01-01")
        #expect(byYear.stdout == "year,killed,injured,total\n2021,1,1,2\n2022,0,1,1\n")
        let byDevice = try cli.run("casualties", "--by", "device", "--as-of", "2022-01-01", "--format", "csv")
        #expect(byDevice.stdout == "device,killed,injured,total\nAP,0,1,1\nAT,1,0,1\n")
        let wrong = try cli.run("casualties", "--by", "colour")
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("cannot count casualties by 'colour'"))
    }

    /// The dedupe benchmark on forty casualties a few kilometres and weeks apart: the twelve repeats (30 %) are all
    /// found and nothing else, each of the three runs prints its time, and a run count out of range is refused.
    @Test func theDedupeBenchmarkFindsItsRepeatsAndTimesEachRun() throws {
        defer { cli.cleanUp(); try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let features = (1...40).map { k in
            let day = isoDay(k * 20)
            return """
                {"type":"Feature","properties":{"id":"CS-\(k)","date":"\(day)","outcome":"\(k % 3 == 0 ? "killed" : "injured")","age":\(10 + k),"sex":"\(k % 2 == 0 ? "M" : "F")","device":"AP"},"geometry":{"type":"Point","coordinates":[\(46.5 + Double(k % 8) * 0.05),\(39.5 + Double(k / 8) * 0.05)]}}
                """
        }
        try ("{\"type\":\"FeatureCollection\",\"features\":[\n" + features.joined(separator: ",\n") + "\n]}\n")
            .write(to: dir.appendingPathComponent("casualties.geojson"), atomically: true, encoding: .utf8)
        let bench = try cli.run("bench", "dedupe", "--data", dir.path, "--runs", "3")
        #expect(bench.status == 0, "\(bench.stderr)")
        #expect(bench.stdout.contains("reports: 52, repeats: 12, proposed: 12, correct: 12, accidents: 40"))
        #expect(bench.stdout.contains("precision 1.0000 recall 1.0000"))
        #expect((1...3).allSatisfy { bench.stdout.contains("[minefree dedupe] phase match-\($0) ") })
        let refused = try cli.run("bench", "dedupe", "--data", dir.path, "--runs", "0")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--runs 0: expected 1 to 50"))
    }

    /// 2020-01-01 plus `days`, as an ISO date.
    func isoDay(_ days: Int) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: Date(timeIntervalSince1970: 1_577_836_800 + Double(days) * 86_400))
    }

    @Test func accidentReportsFromTwoSourcesAreProposedAsOneWithTheirEvidence() throws {
        defer { cli.cleanUp(); try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        // The hospital and the police report one accident a day and about 220 m apart; the media report another,
        // 40 days later; the hospital's second report is the same day and place as its first but another source is
        // needed to propose a pair. The police's report is known from 2021-04-05 only.
        try """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"id":"AC-H-1","source":"hospital","date":"2021-04-02","device":"AP","activity":"herding","killed":0,"injured":1},"geometry":{"type":"Point","coordinates":[47.25,40.05]}},
        {"type":"Feature","properties":{"id":"AC-P-1","source":"police","date":"2021-04-01","reported":"2021-04-05","device":"AP","activity":"herding","killed":0,"injured":1},"geometry":{"type":"Point","coordinates":[47.25,40.052]}},
        {"type":"Feature","properties":{"id":"AC-H-2","source":"hospital","date":"2021-04-02","device":"AP","activity":"herding","killed":0,"injured":1},"geometry":{"type":"Point","coordinates":[47.25,40.05]}},
        {"type":"Feature","properties":{"id":"AC-M-1","source":"media","date":"2021-05-12","device":"unknown","activity":"farming","killed":1,"injured":0},"geometry":{"type":"Point","coordinates":[47.25,40.05]}}
        ]}
        """.write(to: dir.appendingPathComponent("accidents.geojson"), atomically: true, encoding: .utf8)
        #expect(try cli.run("import", dir.path).status == 0)
        let json = try cli.run("casualties", "duplicates", "--as-of", "2021-06-01", "--format", "json")
        #expect(json.status == 0)
        let pairs = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(pairs.count == 1)
        #expect(pairs.first?["report"] as? String == "AC-H-1" && pairs.first?["other_report"] as? String == "AC-P-1")
        #expect(pairs.first?["days_apart"] as? Int == 1 && pairs.first?["metres_apart"] as? Double == 222)
        // 0.25 × 0.75 + 0.30 × (1 − 222.4/2000) + 0.20 + 0.10 + 0.15 × 0.6
        #expect(pairs.first?["score"] as? Double == 0.844)
        let table = try cli.run("casualties", "duplicates", "--as-of", "2021-06-01")
        #expect(
            table.stdout.hasPrefix(
                "4 accident reports known before 2021-06-01 make 4 accidents as decided; 1 pairs proposed as one accident await a decision; 3 accidents if all are confirmed"
            )
        )
        #expect(table.stdout.contains("1 day apart, 222 m apart, same counts, device same, score 0.84"))
        // Before the police's report was known there is nothing to pair.
        #expect(try cli.run("casualties", "duplicates", "--as-of", "2021-04-04").stdout.contains("; 0 pairs proposed"))
        let wrong = try cli.run("casualties", "duplicates", "--max-days", "90")
        #expect(wrong.status == 2 && wrong.stderr.contains("--max-days 90 is not a number of days from 0 to 30"))
        // `casualties` alone is the totals: each report counts the people it reports until a decision joins them.
        #expect(try cli.run("casualties", "--format", "csv").stdout == "year,killed,injured,total\n2021,1,3,4\n")
        let undecided = try cli.run("casualties")
        #expect(
            undecided.stdout.contains(
                "1 pairs of accident reports proposed as one accident await a decision: up to 1 casualties may be counted twice"
            )
        )
        // A casualty imported later names a stored accident report.
        let later = dir.appendingPathComponent("later")
        try FileManager.default.createDirectory(at: later, withIntermediateDirectories: true)
        try """
        id,date,outcome,age,sex,device,accident_id,lon,lat
        CS-9,2021-04-02,injured,12,M,AP,AC-H-1,47.25,40.05

        """.write(to: later.appendingPathComponent("casualties.csv"), atomically: true, encoding: .utf8)
        #expect(try cli.run("import", later.path).status == 0)
        #expect(
            try cli.run("casualties", "--by", "source", "--format", "csv").stdout
                == "source,killed,injured,total\nhospital,0,2,2\nmedia,1,0,1\npolice,0,1,1\n"
        )

        // The authority decides. Rejecting needs a reason; unknown reports and contradictions are refused.
        let noReason = try cli.run("casualties", "reject", "AC-H-1", "AC-P-1", "--by", "aliyev")
        #expect(noReason.status == 2 && noReason.stderr.contains("--reason is required to reject"))
        let unknown = try cli.run("casualties", "confirm", "AC-H-1", "AC-X-9", "--by", "aliyev")
        #expect(unknown.status == 2 && unknown.stderr.contains("accident report 'AC-X-9' is not recorded"))
        let confirm = try cli.run(
            "casualties",
            "confirm",
            "AC-P-1",
            "AC-H-1",
            "--by",
            "aliyev",
            "--reason",
            "same herder, hospital file 2021/118"
        )
        #expect(confirm.status == 0)
        #expect(confirm.stdout.contains("AC-H-1 and AC-P-1 confirmed on"))
        #expect(confirm.stdout.contains("AC-H-1 is now one accident with 2 reports: AC-H-1, AC-P-1"))
        let again = try cli.run("casualties", "confirm", "AC-H-1", "AC-P-1", "--by", "aliyev")
        #expect(again.status == 2 && again.stderr.contains("AC-H-1 and AC-P-1 were already confirmed on"))
        // From the day after the decision the accident is counted once: the hospital's named boy, not the police's.
        let tomorrow = Date(timeIntervalSinceNow: 86_400).formatted(.iso8601.year().month().day())
        #expect(
            try cli.run("casualties", "--by", "source", "--format", "csv", "--as-of", tomorrow).stdout
                == "source,killed,injured,total\nhospital,0,2,2\nmedia,1,0,1\n"
        )
        // A figure for a past day uses what was known then: the decision was not.
        #expect(
            try cli.run("casualties", "--format", "csv", "--as-of", "2022-01-01").stdout
                == "year,killed,injured,total\n2021,1,3,4\n"
        )
        // The queue no longer shows the pair; every decision is kept, with its evidence, and audited.
        #expect(
            try cli.run("casualties", "duplicates", "--as-of", tomorrow).stdout.contains(
                "make 3 accidents as decided; 0 pairs proposed as one accident await a decision"
            )
        )
        let undo = try cli.run(
            "casualties",
            "reject",
            "AC-H-1",
            "AC-P-1",
            "--by",
            "aliyev",
            "--reason",
            "police file 44 is a second herder"
        )
        #expect(undo.status == 0 && undo.stdout.contains("AC-H-1 is now one accident with 1 report: AC-H-1"))
        let decisions = try cli.run("casualties", "decisions", "AC-P-1", "--format", "json")
        let rows = try JSONSerialization.jsonObject(with: Data(decisions.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(rows.map { $0["verdict"] as? String } == ["confirmed", "rejected"])
        #expect(rows.first?["reason"] as? String == "same herder, hospital file 2021/118")
        #expect((rows.first?["evidence"] as? String)?.contains("222 m apart") == true)
        let audit = try cli.run("audit", "list", "--format", "csv")
        #expect(audit.stdout.contains("accident.confirm") && audit.stdout.contains("accident.reject"))
        #expect(
            try cli.run("casualties", "--format", "csv", "--as-of", tomorrow).stdout
                == "year,killed,injured,total\n2021,1,3,4\n"
        )
    }
}
