import Foundation
import Testing

@testable import MineFreeCore

/// Accidents as each source reports them: read through their layer description, refused with the rule and the line.
@Suite struct AccidentRecordTests {
    let accidents = """
        id,source,source_reference,date,reported,admin_pcode,device,device_model,activity,handled,hazard_id,activity_id,killed,injured,lon,lat
        AC-1,hospital,H-2016-41,2016-04-02,2016-04-03,,AP,PMN-2,herding,no,HA-1,,0,1,47.0,40.0
        AC-2,police,,2016-04-01,,R01,unknown,,collecting_scrap,,,,1,2,,
        AC-3,operator,,2016-05-10,,,AT,TM-62M,demining,,,ACT-1,0,0,47.1,40.1
        AC-4,media,,2016-05-11,,,AP,,farming,,,,0,1,,
        AC-5,ngo,,2016-05-12,2016-05-01,R02,AP,,farming,,,,0,1,,
        AC-6,government,,2016-05-13,,R99,AP,,farming,,,,0,1,,
        AC-7,radio,,2016-05-14,,R01,AP,,farming,,,,0,1,,
        AC-8,police,,2016-05-15,,R01,AP,,farming,,HA-404,,0,1,,

        """

    func read(_ text: String) throws -> Dataset {
        let f = try LandFixture(releases: ActivityFiles.releases, raw: ActivityFiles.with("accidents.csv", text))
        defer { f.remove() }
        return try RecordImport.read(f.directory, rules: .workload)
    }

    @Test func accidentsLoadWithTheirValues() throws {
        let lines = accidents.split(separator: "\n", omittingEmptySubsequences: false)
        let d = try read(lines.prefix(3).joined(separator: "\n") + "\n")
        #expect(d.accidents.map(\.localID) == ["AC-1", "AC-2"])
        let a = d.accidents[0]
        #expect(a.source == .hospital && a.sourceReference == "H-2016-41")
        #expect(a.date == CalendarDate(iso: "2016-04-02") && a.reported == CalendarDate(iso: "2016-04-03"))
        #expect(a.location == GeoPoint(lon: 47.0, lat: 40.0) && a.device == .antiPersonnel && a.deviceModel == "PMN-2")
        #expect(a.activity == .herding && a.handled == Accident.Handled.no && a.hazardID == "HA-1")
        #expect(a.killed == 0 && a.injured == 1 && !a.isDeminingAccident)
        // A report that does not say when it became known is known from the accident's day.
        let b = d.accidents[1]
        #expect(b.reported == b.date && b.location == nil && b.adminPcode == "R01" && b.activity == .collectingScrap)
        #expect(b.handled == nil && b.killed == 1 && b.injured == 2)
        // Not proposed as one accident: one has no position, and the other names no area to compare it within.
        #expect(AccidentMatching.candidates(d.accidents.map(\.matchingReport)).isEmpty)
    }

    @Test func accidentRulesNameTheLineAndTheValue() throws {
        var found: [ImportIssue] = []
        do { _ = try read(accidents) } catch let e as ImportRefused { found = e.issues }
        // Each record's own rules first, then the rules across files and the store.
        #expect(found.map(\.item) == ["line 4", "line 5", "line 6", "line 8", "line 7", "line 9"])
        #expect(
            found.map(\.rule) == [
                "no-casualties", "required", "reported-before-accident", "enum", "unknown-admin-area", "unknown-hazard",
            ]
        )
        #expect(found[0].message.hasPrefix("killed and injured are both 0"))
        #expect(found[1].message == "no position and no admin_pcode: say where the accident happened")
        #expect(found[2].message == "reported 2016-05-01 is before the accident's date 2016-05-12")
        #expect(
            found[3].message.hasPrefix("source 'radio' is not one of hospital, police, operator, community_focal_point")
        )
        #expect(found[4].message == "admin_pcode 'R99' is neither in this import nor in the store")
    }

    func read(accidents: String, casualties: String) throws -> Dataset {
        var files = ActivityFiles.with("accidents.csv", accidents)
        files["casualties.csv"] = casualties
        let f = try LandFixture(releases: ActivityFiles.releases, raw: files)
        defer { f.remove() }
        return try RecordImport.read(f.directory, rules: .workload)
    }

    @Test func casualtiesNameTheirAccidentStatusAgeGroupAndInjuries() throws {
        let lines = accidents.split(separator: "\n", omittingEmptySubsequences: false)
        let twoAccidents = lines.prefix(3).joined(separator: "\n") + "\n"
        let header = "id,date,outcome,age,sex,device,accident_id,status,age_group,injuries,source,lon,lat\n"
        let d = try read(
            accidents: twoAccidents,
            casualties: header + """
                CS-1,2016-04-02,injured,12,M,AP,AC-1,civilian,,lower_limb_amputation;eye,hospital,47.0,40.0
                CS-2,2016-04-01,killed,,F,unknown,AC-2,military,adult,,,47.1,40.1

                """
        )
        #expect(d.casualties.map(\.accidentID) == ["AC-1", "AC-2"])
        #expect(d.casualties[0].ageGroup == .child && d.casualties[0].injuries == [.lowerLimbAmputation, .eye])
        #expect(d.casualties[0].status == .civilian && d.casualties[0].source == .hospital)
        #expect(d.casualties[1].ageGroup == .adult && d.casualties[1].age == nil && d.casualties[1].status == .military)
        // Counted the Monitor's ways, the accident report supplying what the casualty does not say.
        let accidents = Dictionary(uniqueKeysWithValues: d.accidents.map { ($0.localID, $0) })
        let asOf = CalendarDate(iso: "2017-01-01")!
        func count(_ by: CasualtyTotals.Breakdown) -> [String] {
            CasualtyTotals.totals(d.casualties, asOf: asOf) { by.key($0, accidents: accidents) }.map {
                "\($0.key) \($0.killed)/\($0.injured)"
            }
        }
        #expect(count(.age) == ["adult 1/0", "child 0/1"])
        #expect(count(.status) == ["civilian 0/1", "military 1/0"])
        #expect(count(.activity) == ["collecting_scrap 1/0", "herding 0/1"])
        #expect(count(.area) == ["R01 1/0", "unknown 0/1"])
        #expect(count(.source) == ["hospital 0/1", "police 1/0"])

        var found: [ImportIssue] = []
        do {
            _ = try read(
                accidents: twoAccidents,
                casualties: header + """
                    CS-1,2016-04-02,injured,12,M,AP,AC-1,civilian,,,,47.0,40.0
                    CS-3,2016-04-02,injured,30,M,AP,,civilian,child,,,47.0,40.0
                    CS-4,2016-04-02,injured,30,M,AP,AC-404,,,,,47.0,40.0
                    CS-5,2016-04-02,injured,40,M,AP,AC-1,,,,,47.0,40.0

                    """
            )
        } catch let e as ImportRefused { found = e.issues }
        #expect(found.map(\.rule) == ["age-group", "unknown-accident", "more-casualties-than-reported"])
        // An accident report already stored is looked up by its id (the store fills `ids` for these layers).
        #expect(
            KnownRecords.layersKnownByID == [
                "accidents", "assistance_needs", "casualties", "contacts", "events", "figure_reports",
                "funding_projects", "plan_actions", "plan_indicators", "settlements", "survivors", "use_reports",
            ]
        )
        #expect(found[0].message == "age_group child contradicts age 30 (a child is under 18)")
        #expect(found[1].message == "accident_id 'AC-404' is neither in this import nor in the store")
        #expect(
            found[2].message
                == "accident AC-1 reports 0 killed and 1 injured, but 0 killed and 2 injured casualties name it"
        )
    }
}
