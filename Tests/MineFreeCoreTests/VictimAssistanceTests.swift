import Foundation
import Testing

@testable import MineFreeCore

/// Survivors, their needs and the services given: read through their layer descriptions, refused with the rule and
/// the line, and the gaps a national action plan asks about, figure by figure.
@Suite struct VictimAssistanceTests {
    static let casualties = """
        id,date,outcome,age,sex,device,lon,lat
        CS-1,2023-03-10,injured,34,M,AP,47.0,40.0
        CS-2,2023-11-20,killed,50,M,AT,47.01,40.01
        CS-3,2024-02-01,injured,12,F,ERW,47.02,40.02

        """
    static let survivors = """
        id,casualty_id,kind,sex,age_group,admin_pcode,registered,accident_date
        SV-1,CS-1,survivor,M,adult,R0101,2023-03-20,
        SV-2,CS-2,family_member,F,adult,R01,2023-12-01,
        SV-3,CS-3,survivor,F,child,R02,2024-02-10,
        SV-4,,survivor,M,adult,R02,2024-05-01,2024-04-20
        SV-5,,survivor,M,adult,,2025-01-10,2024-12-30

        """
    static let needs = """
        id,survivor_id,pillar,identified,priority
        ND-1,SV-1,rehabilitation,2023-03-20,high
        ND-2,SV-1,economic_inclusion,2023-06-01,
        ND-3,SV-2,psychosocial,2023-12-01,medium
        ND-4,SV-3,emergency_medical,2024-02-01,high
        ND-5,SV-3,education,2024-03-01,
        ND-6,SV-4,rehabilitation,2024-05-01,high
        ND-7,SV-4,social_protection,2024-05-01,
        ND-8,SV-5,continuing_medical,2025-02-01,

        """
    static let services = """
        id,survivor_id,need_id,pillar,organisation_id,provider,referred,started,ended,follow_up,outcome,recorded
        SE-1,SV-1,ND-1,rehabilitation,ORG-2,,2023-03-20,2023-04-15,2024-03-31,2024-06-01,completed,
        SE-2,SV-1,ND-2,economic_inclusion,,Ministry of Labour,2023-06-01,,,,pending,2023-06-02
        SE-3,SV-2,,psychosocial,ORG-1,,2023-12-01,2023-12-05,2023-12-20,,completed,
        SE-4,SV-3,ND-4,emergency_medical,,Aghdam hospital,2024-02-01,2024-02-01,2024-02-20,,completed,
        SE-5,SV-3,ND-5,education,ORG-2,,2024-03-01,2024-09-01,,2024-12-01,ongoing,
        SE-6,SV-4,ND-6,rehabilitation,ORG-2,,2024-05-01,2024-06-19,,,ongoing,
        SE-7,SV-5,ND-8,continuing_medical,ORG-2,,2025-02-01,2025-02-10,,,ongoing,

        """

    static func read(_ files: [String: String]) throws -> Dataset {
        var all = ActivityFiles.all
        for (name, text) in files { all[name] = text }
        let f = try LandFixture(releases: ActivityFiles.releases, raw: all)
        defer { f.remove() }
        return try RecordImport.read(f.directory, rules: .workload)
    }

    static func issues(_ files: [String: String]) throws -> [ImportIssue] {
        do {
            _ = try read(files)
            return []
        } catch let e as ImportRefused { return e.issues }
    }

    static func dataset() throws -> Dataset {
        try read([
            "casualties.csv": casualties, "survivors.csv": survivors, "assistance_needs.csv": needs,
            "assistance_services.csv": services,
        ])
    }

    @Test func recordsLoadWithTheirValues() throws {
        let d = try Self.dataset()
        #expect(d.survivors.map(\.localID) == ["SV-1", "SV-2", "SV-3", "SV-4", "SV-5"])
        #expect(d.survivors[1].kind == .familyMember && d.survivors[1].casualtyID == "CS-2")
        #expect(d.survivors[3].accidentDate == CalendarDate(iso: "2024-04-20") && d.survivors[4].adminPcode == nil)
        #expect(d.assistanceNeeds[0].priority == .high && d.assistanceNeeds[1].priority == nil)
        let s = d.assistanceServices
        // Without `recorded`, a service is known from its latest date: SE-1's follow-up.
        #expect(s[0].recorded == CalendarDate(iso: "2024-06-01") && s[0].outcome == .completed)
        #expect(s[1].recorded == CalendarDate(iso: "2023-06-02") && s[1].providerName == "Ministry of Labour")
        #expect(s[2].needID == nil && s[2].recorded == CalendarDate(iso: "2023-12-20"))
        #expect(s[4].followUp == CalendarDate(iso: "2024-12-01") && s[4].lastDay == nil)
        #expect(
            KnownRecords.layersKnownByID == [
                "accidents", "assistance_needs", "casualties", "contacts", "events", "figure_reports",
                "funding_projects", "plan_actions", "plan_indicators", "settlements", "survivors", "use_reports",
            ]
        )
    }

    @Test func theGapsOf2024() throws {
        let d = try Self.dataset()
        let year = CalendarDate(iso: "2024-01-01")!..<CalendarDate(iso: "2025-01-01")!
        let gaps = AssistanceGaps(
            survivors: d.survivors,
            needs: d.assistanceNeeds,
            services: d.assistanceServices,
            casualties: d.casualties,
            period: year,
            asOf: CalendarDate(iso: "2025-03-01")!
        )
        // SV-5 registered after the year; SV-2's only service ended in December 2023.
        #expect(gaps.registered == 4 && gaps.reached == 3 && gaps.shareReached == 0.75)
        #expect(
            gaps.needs.map { "\($0.needID) \($0.standing.rawValue)" } == [
                "ND-1 served", "ND-2 referred_only", "ND-3 served", "ND-4 served", "ND-5 served", "ND-6 served",
                "ND-7 no_service", "ND-8 served",
            ]
        )
        // SV-3: emergency care the day of the accident; SV-4: 60 days from 20 April to 19 June. SV-1's first service
        // was in 2023.
        #expect(gaps.daysToFirstService == [0, 60] && gaps.medianDaysToFirstService == 30)
        #expect(
            gaps.distribution.map { "\($0.label):\($0.count)" } == [
                "0-7:1", "8-30:0", "31-90:1", "91-365:0", "over 365:0",
            ]
        )
        func row(_ r: AssistanceGaps.Row) -> String {
            "\(r.key) \(r.needs) \(r.served)/\(r.referredOnly)/\(r.noService) \(r.services) \(r.survivors) \(r.survivorsReached)"
        }
        #expect(
            gaps.byPillar.map(row) == [
                "emergency_medical 1 1/0/0 1 0 1", "continuing_medical 1 1/0/0 0 0 0", "rehabilitation 2 2/0/0 2 0 2",
                "psychosocial 1 1/0/0 0 0 0", "education 1 1/0/0 1 0 1", "economic_inclusion 1 0/1/0 0 0 0",
                "social_protection 1 0/0/1 0 0 0",
            ]
        )
        #expect(
            gaps.byArea().map(row) == [
                "R01 1 1/0/0 0 1 0", "R0101 2 1/1/0 1 1 1", "R02 4 3/0/1 3 2 2", "unknown 1 1/0/0 0 0 0",
            ]
        )
        // The province (the P-code's first three characters) holds its districts.
        #expect(
            gaps.byArea(pcodeLength: 3).map(row) == ["R01 3 2/1/0 1 2 1", "R02 4 3/0/1 3 2 2", "unknown 1 1/0/0 0 0 0"]
        )
        #expect(
            gaps.byProvider.map { "\($0.provider) \($0.pillar.rawValue) \($0.services) \($0.survivors)" } == [
                "Aghdam hospital emergency_medical 1 1", "ORG-2 rehabilitation 2 2", "ORG-2 education 1 1",
            ]
        )
    }

    @Test func aPastDaySeesOnlyWhatWasRecordedBeforeIt() throws {
        let d = try Self.dataset()
        let gaps = AssistanceGaps(
            survivors: d.survivors,
            needs: d.assistanceNeeds,
            services: d.assistanceServices,
            casualties: d.casualties,
            period: CalendarDate(iso: "2023-01-01")!..<CalendarDate(iso: "2024-01-01")!,
            asOf: CalendarDate(iso: "2024-01-01")!
        )
        // SE-1 (completed) was recorded in June 2024: on 1 January SV-1 had a pending referral only.
        #expect(gaps.registered == 2 && gaps.reached == 1)
        #expect(
            gaps.needs.map { "\($0.needID) \($0.standing.rawValue)" } == [
                "ND-1 no_service", "ND-2 referred_only", "ND-3 served",
            ]
        )
        // SV-2's family: psychosocial support 15 days after the accident (20 November to 5 December).
        #expect(gaps.daysToFirstService == [15] && gaps.medianDaysToFirstService == 15)
        #expect(gaps.byProvider.map(\.provider) == ["ORG-1"])
    }

    @Test func badRowsAreRefusedWithTheirRule() throws {
        let found = try Self.issues([
            "casualties.csv": Self.casualties,
            "survivors.csv": Self.survivors + """
                SV-9,CS-2,survivor,M,adult,R01,2023-12-01,
                SV-10,,survivor,M,adult,R99,2024-01-01,
                SV-11,,survivor,M,adult,R01,2024-01-01,2024-02-01
                SV-12,CS-404,survivor,M,adult,R01,2024-01-01,
                SV-13,CS-1,survivor,M,adult,R01,2023-03-20,2023-03-11

                """,
            "assistance_needs.csv": Self.needs,
            "assistance_services.csv": Self.services + """
                SE-20,SV-1,,rehabilitation,ORG-2,,2024-05-01,2024-04-01,,,ongoing,
                SE-21,SV-1,,rehabilitation,ORG-2,,2024-05-01,2024-05-10,2024-05-02,,completed,
                SE-22,SV-1,ND-1,psychosocial,ORG-2,,2024-05-01,,,,pending,
                SE-23,SV-1,,psychosocial,,,2024-05-01,,,,pending,
                SE-24,SV-404,,psychosocial,ORG-2,,2024-05-01,,,,pending,
                SE-25,SV-1,ND-404,psychosocial,ORG-2,,2024-05-01,,,,pending,
                SE-26,SV-4,,rehabilitation,ORG-2,,2024-04-01,2024-04-02,,,ongoing,
                SE-27,SV-1,,rehabilitation,ORG-2,,2024-05-01,2024-05-10,,,ongoing,2024-05-05
                SE-28,SV-1,,rehabilitation,ORG-2,,2024-05-01,2024-05-10,2024-06-01,,ongoing,
                SE-29,SV-1,ND-4,emergency_medical,ORG-2,,2024-05-01,,,,pending,

                """,
        ])
        let named = Set(found.map { "\($0.file) \($0.item ?? "") \($0.rule)" })
        #expect(
            named == [
                "survivors.csv line 7 killed-casualty",
                "survivors.csv line 8 unknown-admin-area",
                "survivors.csv line 9 registered-before-accident",
                "survivors.csv line 10 unknown-casualty",
                "survivors.csv line 11 accident-date-differs",
                "assistance_services.csv line 9 started-before-referral",
                "assistance_services.csv line 10 ended-before-start",
                "assistance_services.csv line 11 pillar-differs-from-need",
                "assistance_services.csv line 12 required",
                "assistance_services.csv line 13 unknown-survivor",
                "assistance_services.csv line 14 unknown-need",
                "assistance_services.csv line 15 service-before-accident",
                "assistance_services.csv line 16 recorded-before-service",
                "assistance_services.csv line 17 outcome-contradicts-dates",
                "assistance_services.csv line 18 survivor-differs-from-need",
            ],
            "\(found.map { "\($0.file) \($0.item ?? "") \($0.rule)" })"
        )
        #expect(found.count == named.count)
        func message(_ rule: String) -> String? { found.first { $0.rule == rule }?.message }
        #expect(
            message("killed-casualty")
                == "casualty CS-2 was killed: a survivor was injured (record the family as family_member)"
        )
        #expect(
            message("accident-date-differs") == "accident_date 2023-03-11 differs from casualty CS-1's date 2023-03-10"
        )
        #expect(message("started-before-referral") == "started 2024-04-01 is before referred 2024-05-01")
        #expect(message("ended-before-start") == "ended 2024-05-02 is before started 2024-05-10")
        #expect(message("pillar-differs-from-need") == "pillar psychosocial differs from need ND-1's rehabilitation")
        #expect(message("required") == "no organisation_id and no provider: say who provides the service")
        #expect(message("unknown-survivor") == "survivor_id 'SV-404' is neither in this import nor in the store")
        #expect(
            message("service-before-accident") == "started 2024-04-02 is before survivor SV-4's accident (2024-04-20)"
        )
        #expect(
            message("recorded-before-service") == "recorded 2024-05-05 is before the service's latest date 2024-05-10"
        )
        #expect(message("outcome-contradicts-dates") == "outcome ongoing needs started and no ended")
    }
}
