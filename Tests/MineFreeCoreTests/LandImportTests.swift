import Foundation
import Testing

@testable import MineFreeCore

/// A small dataset written to a temp directory, in the files' own formats.
struct LandFixture {
    let directory: URL

    /// A regular hexagon of about `radius` degrees around a centre, closed, counter-clockwise.
    static func hexagon(_ lon: Double, _ lat: Double, radius: Double = 0.001) -> [[Double]] {
        var ring = (0..<6).map { k -> [Double] in
            let a = Double(k) * .pi / 3
            return [((lon + radius * cos(a)) * 1e6).rounded() / 1e6, ((lat + radius * sin(a)) * 1e6).rounded() / 1e6]
        }
        ring.append(ring[0])
        return ring
    }

    static func area(_ ring: [[Double]]) -> Int64 {
        let rules = GeometryRules(projection: .workload)
        return Int64(
            PolygonValidator.check(rings: [ring.map { GeoPoint(lon: $0[0], lat: $0[1]) }], rules: rules).areaM2
                .rounded()
        )
    }

    static func hazard(
        _ id: String,
        _ ring: [[Double]],
        region: String = "R01",
        status: String = "CHA",
        contamination: String = "AP",
        recorded: String = "2015-03-01",
        area: Int64? = nil
    ) -> String {
        let coords = "[" + ring.map { "[\($0[0]),\($0[1])]" }.joined(separator: ",") + "]"
        return """
            {"type":"Feature","properties":{"id":"\(id)","region":"\(region)","status":"\(status)","contamination":"\(contamination)","recorded_date":"\(recorded)","area_m2":\(area ?? Self.area(ring))},"geometry":{"type":"Polygon","coordinates":[\(coords)]}}
            """
    }

    static var validHazards: [String] {
        [
            hazard("HA-1", hexagon(47.0, 40.0)),
            hazard("HA-2", hexagon(47.1, 40.1), region: "R02", status: "SHA", contamination: "ERW"),
            hazard("HA-3", hexagon(47.2, 40.2), recorded: "2019-06-30"),
        ]
    }

    static let validReleases = """
        id,hazard_id,date,method,area_m2,devices_found
        RE-1,HA-1,2016-05-01,cleared,1000,3
        RE-2,HA-1,2017-05-01,reduced,500,0
        RE-3,HA-2,2015-04-01,cancelled,2000,0

        """

    init(
        hazards: [String] = LandFixture.validHazards,
        releases: String? = LandFixture.validReleases,
        raw: [String: String] = [:]
    ) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("minefree-land-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let collection =
            "{\"type\":\"FeatureCollection\",\"features\":[\n" + hazards.joined(separator: ",\n") + "\n]}\n"
        try collection.write(to: directory.appendingPathComponent("hazards.geojson"), atomically: true, encoding: .utf8)
        if let releases {
            try releases.write(
                to: directory.appendingPathComponent("release_events.csv"),
                atomically: true,
                encoding: .utf8
            )
        }
        for (name, text) in raw {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }

    func read(_ profile: ImportRules = .workload, existing: [String: KnownHazard] = [:]) throws -> Dataset {
        try RecordImport.read(directory, rules: profile, existing: existing)
    }

    func issues(_ profile: ImportRules = .workload) -> [ImportIssue] {
        do {
            _ = try read(profile)
            return []
        } catch let e as ImportRefused { return e.issues } catch { return [] }
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

@Suite struct LandImportTests {
    @Test func aValidDatasetLoadsWhole() throws {
        let f = try LandFixture()
        defer { f.remove() }
        let d = try f.read()
        #expect(d.hazards.map(\.localID) == ["HA-1", "HA-2", "HA-3"])
        #expect(d.hazards[1].classification == .suspected)
        #expect(d.hazards[1].contamination == .explosiveRemnants)
        #expect(d.releases.count == 3)
        #expect(d.releases[0].devicesFound == 3)
        // A hexagon of 0.001° radius at 40° N: 2.6 × 111 m × 85 m, about 24,600 m².
        #expect((24_000...25_200).contains(d.hazards[0].areaM2))
    }

    @Test func aHazardKeepsItsSourceEvidenceAndFurtherContamination() throws {
        func described(_ id: String, _ lon: Double, contamination: String, source: String?, evidence: String? = nil)
            -> String
        {
            let extra =
                (source.map { "\"information_source\":\"\($0)\"," } ?? "")
                + (evidence.map { "\"evidence\":\"\($0)\"," } ?? "")
            return LandFixture.hazard(id, LandFixture.hexagon(lon, 40.4), contamination: contamination)
                .replacingOccurrences(of: "\"recorded_date\"", with: extra + "\"recorded_date\"")
        }
        let f = try LandFixture(
            hazards: LandFixture.validHazards + [
                described(
                    "HA-4",
                    47.3,
                    contamination: "AP; AT;ERW",
                    source: "community_report",
                    evidence: "A shepherd saw a PMN-2 near the well"
                ),
                described("HA-5", 47.4, contamination: "CMR", source: "", evidence: ""),
            ]
        )
        defer { f.remove() }
        let d = try f.read()
        #expect(d.hazards[3].contamination == .antiPersonnel)
        #expect(d.hazards[3].otherContamination == [.antiVehicle, .explosiveRemnants])
        #expect(d.hazards[3].informationSource == .communityReport)
        #expect(d.hazards[3].evidence == "A shepherd saw a PMN-2 near the well")
        // Empty means not stated; CMR is read as CM.
        #expect(d.hazards[4].contamination == .clusterMunitionRemnants && d.hazards[4].otherContamination.isEmpty)
        #expect(d.hazards[4].informationSource == nil && d.hazards[4].evidence == nil)
        #expect(d.hazards[0].otherContamination.isEmpty && d.hazards[0].informationSource == nil)

        let g = try LandFixture(
            hazards: LandFixture.validHazards + [
                described("HA-4", 47.3, contamination: "AP;AP", source: nil),
                described("HA-5", 47.4, contamination: "AT;XX", source: "rumour"),
            ]
        )
        defer { g.remove() }
        let issues = g.issues()
        #expect(issues.map(\.rule) == ["duplicate-value", "enum", "enum"])
        #expect(
            issues.map(\.item) == ["feature 4 (HA-4) line 5", "feature 5 (HA-5) line 6", "feature 5 (HA-5) line 6"]
        )
        #expect(issues[0].message == "contamination names AP twice")
        #expect(issues[1].message == "contamination 'XX' is not one of AP, AT, IM, ERW, CM")
        #expect(
            issues[2].message
                == "information_source 'rumour' is not one of desk_assessment, non_technical_survey, technical_survey, community_report, accident_report, other"
        )
    }

    @Test func aSelfIntersectingPolygonIsRefusedByFeatureAndRule() throws {
        var bowtie = LandFixture.hexagon(47.3, 40.3)
        bowtie.swapAt(1, 3)
        let f = try LandFixture(hazards: LandFixture.validHazards + [LandFixture.hazard("HA-4", bowtie, area: 2000)])
        defer { f.remove() }
        let issues = f.issues()
        #expect(issues.map(\.rule) == ["self-intersection"])
        #expect(issues[0].file == "hazards.geojson")
        #expect(issues[0].item == "feature 4 (HA-4) line 5")
    }

    @Test func aReleaseLargerThanItsHazardIsRefused() throws {
        let f = try LandFixture(releases: LandFixture.validReleases + "RE-4,HA-3,2020-01-01,cleared,999999,0\n")
        defer { f.remove() }
        let issues = f.issues()
        #expect(issues.map(\.rule) == ["release-exceeds-hazard"])
        #expect(issues[0].item == "hazard HA-3")
        #expect(issues[0].message.contains("999999"))
    }

    @Test func aReleaseOfAnUnknownHazardOrBeforeItWasRecordedIsRefused() throws {
        let f = try LandFixture(
            releases: LandFixture.validReleases
                + "RE-4,HA-9,2020-01-01,cleared,10,0\nRE-5,HA-3,2019-06-29,cleared,10,0\n"
        )
        defer { f.remove() }
        let issues = f.issues()
        #expect(issues.map(\.rule) == ["unknown-hazard", "release-before-recording"])
        #expect(issues[0].message.contains("HA-9"))
        #expect(issues[1].message.contains("2019-06-29"))
        // The store's hazards count: HA-9 known there makes the release acceptable.
        let known = ["HA-9": KnownHazard(recordedDate: CalendarDate(iso: "2010-01-01")!, areaM2: 100, releasedM2: 95)]
        let g = try LandFixture(releases: LandFixture.validReleases + "RE-4,HA-9,2020-01-01,cleared,10,0\n")
        defer { g.remove() }
        do {
            _ = try g.read(existing: known)
            Issue.record("a release beyond what remains in the store was accepted")
        } catch let e as ImportRefused {
            #expect(e.issues.map(\.rule) == ["release-exceeds-hazard"])  // 95 + 10 > 100
        }
    }

    @Test func aTruncatedFileIsRefused() throws {
        let f = try LandFixture(raw: [
            "settlements.geojson":
                "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"id\":"
        ])
        defer { f.remove() }
        let issues = f.issues()
        #expect(issues.map(\.rule) == ["geojson"])
        #expect(issues[0].file == "settlements.geojson")
        #expect(issues[0].message.contains("truncated"))
    }

    @Test func everyBrokenRuleIsReportedTogether() throws {
        let outside = LandFixture.hexagon(30.0, 40.0)
        let f = try LandFixture(
            hazards: LandFixture.validHazards + [
                LandFixture.hazard("HA-1", LandFixture.hexagon(47.4, 40.4)),  // repeated id
                LandFixture.hazard("HA-5", outside, area: 2000),  // outside the bounds
                LandFixture.hazard("HA-6", LandFixture.hexagon(47.5, 40.5), status: "XHA"),  // bad enum
                LandFixture.hazard("HA-7", LandFixture.hexagon(47.6, 40.6), recorded: "2019-02-29"),  // bad date
                LandFixture.hazard("HA-8", LandFixture.hexagon(47.7, 40.7), area: 9_000),  // area disagrees
            ],
            releases: LandFixture.validReleases + "RE-1,HA-2,2016-01-01,demolished,0,-1\n"
        )
        defer { f.remove() }
        let rules = f.issues().map(\.rule)
        // devices_found -1 is a whole number out of range, like area_m2 0.
        #expect(
            rules == ["unique-id", "bounds", "enum", "date", "area-mismatch", "unique-id", "enum", "range", "range"]
        )
    }

    @Test func theWorkloadProfileWantsSixToFortyVertices() throws {
        let square = [[47.0, 40.0], [47.001, 40.0], [47.001, 40.001], [47.0, 40.001], [47.0, 40.0]]
        let f = try LandFixture(hazards: [LandFixture.hazard("HA-1", square)], releases: nil)
        defer { f.remove() }
        #expect(f.issues(.workload).map(\.rule) == ["vertex-count"])
        #expect(f.issues(ImportRules()).isEmpty)
    }

    @Test func aMappingReadsOtherColumnNamesAndAnHXLRowIsSkipped() throws {
        let releases = """
            ref,hazard,when,how,m2,devices
            #x_release+id,#x_hazard+id,#date,#x_method,#x_area_m2,#x_devices
            RE-1,HA-1,2016-05-01,cleared,1000,3

            """
        let f = try LandFixture(releases: releases)
        defer { f.remove() }
        var profile = ImportRules.workload
        profile.fieldNames = [
            "release_events.id": "ref", "hazard_id": "hazard", "date": "when", "method": "how",
            "release_events.area_m2": "m2", "devices_found": "devices",
        ]
        #expect(f.issues().map(\.rule) == ["columns"])
        #expect(try f.read(profile).releases.map(\.localID) == ["RE-1"])
    }
}

@Suite struct ProgressTableTests {
    // A programme shaped like Tajikistan's: two provinces, mines and ERW, a find after the baseline.
    let hazards = [
        HazardousArea(
            localID: "H1",
            region: "Khatlon",
            classification: .confirmed,
            contamination: .antiPersonnel,
            recordedDate: CalendarDate(iso: "2010-05-01")!,
            areaM2: 2_600_000,
            rings: []
        ),
        HazardousArea(
            localID: "H2",
            region: "GBAO",
            classification: .confirmed,
            contamination: .antiPersonnel,
            recordedDate: CalendarDate(iso: "2012-03-01")!,
            areaM2: 2_100_000,
            rings: []
        ),
        HazardousArea(
            localID: "H3",
            region: "Khatlon",
            classification: .suspected,
            contamination: .explosiveRemnants,
            recordedDate: CalendarDate(iso: "2015-06-01")!,
            areaM2: 440_000,
            rings: []
        ),
        HazardousArea(
            localID: "H4",
            region: "GBAO",
            classification: .suspected,
            contamination: .antiPersonnel,
            recordedDate: CalendarDate(iso: "2016-02-01")!,
            areaM2: 1_000_000,
            rings: []
        ),
    ]
    let releases = [
        LandRelease(
            localID: "R1",
            hazardID: "H1",
            date: CalendarDate(iso: "2014-08-01")!,
            method: .cleared,
            areaM2: 600_000,
            devicesFound: 41
        ),
        LandRelease(
            localID: "R2",
            hazardID: "H1",
            date: CalendarDate(iso: "2015-02-01")!,
            method: .reduced,
            areaM2: 100_000,
            devicesFound: 0
        ),
        LandRelease(
            localID: "R3",
            hazardID: "H2",
            date: CalendarDate(iso: "2015-09-01")!,
            method: .cancelled,
            areaM2: 570_000,
            devicesFound: 0
        ),
        LandRelease(
            localID: "R4",
            hazardID: "H4",
            date: CalendarDate(iso: "2016-03-01")!,
            method: .cancelled,
            areaM2: 1_000,
            devicesFound: 0
        ),
    ]

    func row(_ t: ProgressTable, _ region: String, _ c: String, _ year: Int?, _ m: ReleaseMethod?) -> ProgressTable.Row
    {
        t.rows.first { $0.region == region && $0.contamination == c && $0.year == year && $0.method == m }!
    }

    @Test func nationalTotalsAsOfADay() {
        let t = ProgressTable(hazards: hazards, releases: releases, asOf: CalendarDate(iso: "2016-01-01")!)
        // H4 and R4 come after the day and are not yet known.
        #expect(t.total.recordedM2 == 5_140_000)
        #expect(t.total.releasedM2 == 1_270_000)
        #expect(t.total.remainingM2 == 3_870_000)
        #expect(String(format: "%.4f", t.total.percentReleased!) == "24.7082")
        #expect(t.regions == ["GBAO", "Khatlon"])
        #expect(t.contaminations == ["AP", "AT", "ERW", "CM"])
        #expect(t.years == 2000...2015)
        // 3 regions × 5 classes × 17 year rows × 4 method rows.
        #expect(t.rows.count == 3 * 5 * 17 * 4)
    }

    @Test func flowsAndStocksByRegionYearAndMethod() {
        let t = ProgressTable(hazards: hazards, releases: releases, asOf: CalendarDate(iso: "2016-01-01")!)
        #expect(row(t, "Khatlon", "AP", 2014, .cleared).releasedM2 == 600_000)
        #expect(row(t, "Khatlon", "AP", 2014, nil).remainingM2 == 2_000_000)
        #expect(row(t, "Khatlon", "AP", 2015, nil).remainingM2 == 1_900_000)
        #expect(row(t, "Khatlon", "AP", nil, .reduced).releasedM2 == 100_000)
        #expect(row(t, "ALL", "ALL", 2015, .cancelled).releasedM2 == 570_000)
        #expect(row(t, "ALL", "AP", 2011, nil).recordedM2 == 2_600_000)
        #expect(row(t, "ALL", "AP", 2012, nil).recordedM2 == 4_700_000)
        #expect(row(t, "GBAO", "CM", nil, nil).percentReleased == nil)
        #expect(row(t, "ALL", "ALL", 2009, nil).recordedM2 == 0)
        let csv = t.csv().split(separator: "\n")
        #expect(csv[0] == "region,contamination,year,method,released_m2,recorded_m2,remaining_m2,pct_released")
        #expect(csv.last == "ALL,ALL,ALL,ALL,1270000,5140000,3870000,24.7082")
    }

    @Test func baselineAndNewlyFoundContaminationAreSeparated() {
        let view = LandView(hazards: hazards, releases: releases, asOf: CalendarDate(iso: "2017-01-01")!)
        let split = view.split(baseline: CalendarDate(iso: "2015-01-01")!)
        #expect(split.baselineHazards == 2)
        #expect(split.baselineRecordedM2 == 4_700_000)
        #expect(split.baselineReleasedM2 == 1_270_000)
        #expect(split.newlyFoundHazards == 2)
        #expect(split.newlyFoundRecordedM2 == 1_440_000)
        #expect(split.newlyFoundReleasedM2 == 1_000)
        let h1 = view.standings.first { $0.hazard.localID == "H1" }!
        #expect(h1.status == .workedOn)
        #expect(h1.remainingM2 == 1_900_000)
        #expect(view.standings.first { $0.hazard.localID == "H3" }!.status == .open)
    }
}

@Suite struct HazardRevisionTests {
    func day(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }

    @Test func aHazardsStateOnADayAppliesOnlyTheRevisionsBeforeIt() {
        let h = HazardousArea(
            localID: "H1",
            region: "Khatlon",
            classification: .suspected,
            contamination: .antiPersonnel,
            recordedDate: day("2012-01-10"),
            areaM2: 50_000,
            rings: []
        )
        let revisions = [
            HazardRevision(
                localID: "V2",
                hazardID: "H1",
                dateOfInformation: day("2016-09-01"),
                classification: nil,
                accessibility: .accessible,
                inaccessibleReason: nil,
                reason: "border agreement"
            ),
            HazardRevision(
                localID: "V1",
                hazardID: "H1",
                dateOfInformation: day("2014-05-20"),
                classification: .confirmed,
                accessibility: .inaccessible,
                inaccessibleReason: "border area",
                reason: "NTS found a mine"
            ),
        ]
        func standing(_ d: String) -> HazardStanding {
            LandView(hazards: [h], releases: [], revisions: revisions, asOf: day(d)).standings[0]
        }
        #expect(standing("2014-05-20").classification == .suspected)
        #expect(standing("2014-05-21").classification == .confirmed)
        #expect(standing("2014-05-21").accessibility == .inaccessible)
        #expect(standing("2014-05-21").inaccessibleReason == "border area")
        #expect(standing("2017-01-01").accessibility == .accessible)
        #expect(standing("2017-01-01").inaccessibleReason == nil)
        #expect(standing("2017-01-01").classification == .confirmed)
        #expect(standing("2017-01-01").revisions.map(\.localID) == ["V1", "V2"])
        // The record itself is untouched.
        #expect(standing("2017-01-01").hazard.classification == .suspected)
    }

    @Test func revisionsAreCheckedLikeEveryOtherRecord() throws {
        let revisions = """
            id,hazard_id,date,classification,accessibility,inaccessible_reason,reason
            V1,HA-2,2016-01-01,CHA,,,NTS found direct evidence
            V2,HA-9,2016-01-01,CHA,,,typo
            V3,HA-1,2014-01-01,CHA,,,too early
            V4,HA-1,2016-01-01,,,,nothing changes
            V5,HA-1,2016-01-01,XHA,,,
            """
        let f = try LandFixture(raw: ["hazard_revisions.csv": revisions])
        defer { f.remove() }
        let issues = f.issues()
        #expect(issues.map(\.rule) == ["required", "enum", "required", "unknown-hazard", "revision-before-recording"])
        #expect(issues.map(\.item) == ["line 5", "line 6", "line 6", "revision V2", "revision V3"])
        let good = try LandFixture(raw: [
            "hazard_revisions.csv": revisions.split(separator: "\n").prefix(2).joined(separator: "\n") + "\n"
        ])
        defer { good.remove() }
        #expect(try good.read().revisions.map(\.classification) == [.confirmed])
    }
}
