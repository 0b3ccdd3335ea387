import Foundation
import Testing

@testable import MineFreeCore

/// Risk education sessions and awareness groups through their layer descriptions, and coverage: which settlements
/// beside open hazards were reached, to the metre.
@Suite struct RiskEducationTests {
    /// A plane centred on the programme's area: positions are laid out in metres and turned into lon/lat.
    static let plane = LambertAzimuthalEqualArea.wgs84(centre: GeoPoint(lon: 47.0, lat: 40.0))
    static func at(_ x: Double, _ y: Double) -> GeoPoint { plane.inverse(PlanarPoint(x: x, y: y)) }
    static func square(_ x: Double, _ y: Double, half: Double = 100) -> [[[GeoPoint]]] {
        let ring = [(-1.0, -1.0), (1, -1), (1, 1), (-1, 1), (-1, -1)].map { at(x + $0 * half, y + $1 * half) }
        return [[ring]]
    }
    static func day(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }

    static func hazard(_ id: String, _ polygons: [[[GeoPoint]]], recorded: String = "2020-01-01") -> HazardousArea {
        HazardousArea(
            localID: id,
            region: "R01",
            classification: .confirmed,
            contamination: .antiPersonnel,
            recordedDate: day(recorded),
            areaM2: 40_000,
            polygons: polygons
        )
    }

    /// HA-1 open at the centre; HA-2 10 km north, all released in 2023; HA-3 recorded after the as-of day; HA-4
    /// 20 km east, a quarter released (worked on, still open land).
    static let view = LandView(
        hazards: [
            hazard("HA-1", square(0, 0)), hazard("HA-2", square(0, 10_000)),
            hazard("HA-3", square(0, -10_000), recorded: "2025-06-01"), hazard("HA-4", square(20_000, 0)),
        ],
        releases: [
            LandRelease(
                localID: "RE-1",
                hazardID: "HA-2",
                date: day("2023-06-01"),
                method: .cleared,
                areaM2: 40_000,
                devicesFound: 4
            ),
            LandRelease(
                localID: "RE-2",
                hazardID: "HA-4",
                date: day("2024-03-01"),
                method: .reduced,
                areaM2: 10_000,
                devicesFound: 0
            ),
        ],
        asOf: day("2025-01-01")
    )

    static func settlement(_ id: String, _ x: Double, _ y: Double, population: Int64) -> Settlement {
        Settlement(
            localID: id,
            name: "Village \(id)",
            population: population,
            idpHouseholds: 0,
            location: at(x, y),
            adminPcode: "R01"
        )
    }

    static let settlements = [
        settlement("ST-1", 2000, 0, population: 500),  // 1.9 km east of HA-1's edge
        settlement("ST-2", -2200, 0, population: 9000),  // 2.1 km west of it
        settlement("ST-3", 0, 10_600, population: 800),  // 500 m from HA-2, closed
        settlement("ST-4", 0, 0, population: 1200),  // inside HA-1
        settlement("ST-5", 0, -9600, population: 700),  // 300 m from HA-3, not known yet
        settlement("ST-6", 21_100, 0, population: 300),  // 1 km from HA-4, worked on
        settlement("ST-7", 300, 0, population: 150),  // 200 m from HA-1
    ]

    static func session(
        _ id: String,
        _ date: String,
        settlement: String? = nil,
        at point: GeoPoint? = nil,
        reached: (Int64, Int64, Int64, Int64)
    ) -> RiskEducationSession {
        RiskEducationSession(
            localID: id,
            date: day(date),
            organisationID: "ORG-1",
            method: .directSession,
            targetGroup: .mixed,
            reached: reached,
            settlementID: settlement,
            location: point
        )
    }

    static let sessions = [
        session("EO-1", "2024-03-01", settlement: "ST-1", reached: (10, 8, 12, 15)),
        // No settlement named: 300 m from ST-7, 600 m from ST-4, so ST-7's.
        session("EO-2", "2024-07-15", at: at(600, 0), reached: (5, 5, 0, 0)),
        session("EO-3", "2023-05-01", settlement: "ST-4", reached: (20, 20, 20, 20)),
        // After the as-of day.
        session("EO-4", "2025-02-01", settlement: "ST-6", reached: (1, 1, 1, 1)),
    ]

    static let groups = [
        AwarenessGroup(
            localID: "AG-1",
            settlementID: "ST-6",
            since: day("2022-01-01"),
            members: 12,
            until: day("2023-12-31")
        ),
        AwarenessGroup(
            localID: "AG-2",
            settlementID: "ST-4",
            since: day("2024-11-01"),
            members: 8,
            organisationID: "ORG-1"
        ),
    ]

    static func casualty(_ id: String, _ date: String, _ x: Double, _ y: Double) -> CasualtyEvent {
        CasualtyEvent(
            localID: id,
            date: day(date),
            outcome: .injured,
            age: nil,
            sex: nil,
            device: .antiPersonnel,
            location: at(x, y)
        )
    }

    static let casualties = [
        casualty("CS-1", "2024-05-01", 2000, 500), casualty("CS-2", "2019-06-01", 0, 300),
        casualty("CS-3", "2023-01-01", 21_100, 100), casualty("CS-4", "2021-01-01", 0, -500),
    ]

    static let year2024 = day("2024-01-01")..<day("2025-01-01")

    func rows(_ ranking: RiskEducationCoverage.Ranking) -> [RiskEducationCoverage.Row] {
        RiskEducationCoverage.rows(
            settlements: Self.settlements,
            view: Self.view,
            sessions: Self.sessions,
            groups: Self.groups,
            casualties: Self.casualties,
            period: Self.year2024,
            options: .init(ranking: ranking)
        )
    }

    @Test func settlementsNearOpenHazardsReachedOrNot() {
        let rows = rows(.population)
        // ST-2 lies 2.1 km from HA-1; ST-3 beside a hazard closed in 2023; ST-5 beside one not recorded yet.
        #expect(rows.map(\.settlementID) == ["ST-4", "ST-1", "ST-6", "ST-7"])
        #expect(rows.map(\.nearestHazardID) == ["HA-1", "HA-1", "HA-4", "HA-1"])
        #expect(rows.map { Int($0.metres.rounded()) } == [0, 1900, 1000, 200])
        #expect(abs(rows[1].metres - 1900) < 0.01)
        #expect(rows.map(\.reached) == [true, true, false, true])
        #expect(rows.map(\.sessions) == [0, 1, 0, 1])
        #expect(rows.map(\.peopleReached) == [0, 45, 0, 10])
        // ST-4 by its awareness group formed in November; ST-6's stopped at the end of 2023.
        #expect(rows.map(\.awarenessGroups) == [1, 0, 0, 0])
        // CS-2 is more than five years old; CS-1 is 1.77 km from ST-7 and 2.06 km from ST-4.
        #expect(rows.map(\.casualtiesNearby) == [1, 1, 1, 2])
        #expect(rows[0].name == "Village ST-4" && rows[0].population == 1200 && rows[0].adminPcode == "R01")
        #expect(self.rows(.casualties).map(\.settlementID) == ["ST-7", "ST-4", "ST-1", "ST-6"])
    }

    @Test func theDistanceAndTheRadiiAreOptions() {
        var options = RiskEducationCoverage.Options(within: 2200)
        options.sessionRadius = 100
        let rows = RiskEducationCoverage.rows(
            settlements: Self.settlements,
            view: Self.view,
            sessions: Self.sessions,
            groups: Self.groups,
            casualties: Self.casualties,
            period: Self.year2024,
            options: options
        )
        // At 2.2 km ST-2 counts; with a 100 m radius EO-2 reaches nobody.
        #expect(rows.map(\.settlementID) == ["ST-2", "ST-4", "ST-1", "ST-6", "ST-7"])
        #expect(Int(rows[0].metres.rounded()) == 2100 && !rows[0].reached)
        #expect(rows.last!.sessions == 0 && !rows.last!.reached)
        // On 1 March 2023 HA-2 was still open (released in June) and HA-4 untouched.
        let before = LandView(hazards: Self.view.standings.map(\.hazard), releases: [], asOf: Self.day("2023-03-01"))
        #expect(RiskEducationCoverage.openHazards(before).map(\.hazard.localID) == ["HA-1", "HA-2", "HA-4"])
        let earlier = RiskEducationCoverage.rows(
            settlements: Self.settlements,
            view: before,
            sessions: Self.sessions,
            groups: Self.groups,
            casualties: Self.casualties,
            period: Self.day("2022-01-01")..<Self.day("2023-01-01")
        )
        #expect(earlier.map(\.settlementID) == ["ST-4", "ST-3", "ST-1", "ST-6", "ST-7"])
        #expect(earlier.map(\.reached) == [false, false, false, true, false])
    }

    static let sessionsFile = """
        id,date,settlement_id,admin_pcode,organisation_id,method,target_group,topics,reached_f,reached_m,reached_girls,reached_boys,lon,lat
        EO-1,2024-03-01,ST-1,,ORG-1,direct_session,children,recognition;reporting,0,0,12,15,,
        EO-2,2024-07-15,,R01,ORG-2,community_focal_point,farmers_herders,safe_behaviour,10,14,,,47.01,40.0
        EO-3,2024-07-16,,R01,ORG-2,media,mixed,,0,0,0,0,,
        EO-4,2024-07-17,,,ORG-2,digital,adults,,3,4,0,0,,
        EO-5,2024-07-18,ST-404,,ORG-2,direct_session,women,,3,0,0,0,,
        EO-6,2024-07-19,,R99,ORG-404,direct_session,men,,0,3,0,0,,
        EO-7,2024-07-20,ST-1,,ORG-1,direct_session,mixed,rumours,1,1,1,1,,

        """
    static let settlementsFile = """
        id,name,population,idp_households,lon,lat
        ST-1,Kengerli,1200,30,47.0,40.0

        """
    static let groupsFile = """
        id,settlement_id,since,members,organisation_id,until
        AG-1,ST-1,2023-05-01,12,ORG-1,
        AG-2,ST-1,2023-05-01,9,,2023-04-30
        AG-3,ST-1,2023-05-01,0,,
        AG-4,ST-404,2023-05-01,5,,

        """

    @Test func sessionsAndGroupsLoadAndBadRowsAreRefused() throws {
        let good = Self.sessionsFile.split(separator: "\n").prefix(3).joined(separator: "\n") + "\n"
        let d = try VictimAssistanceTests.read([
            "settlements.csv": Self.settlementsFile, "eore_sessions.csv": good,
            "awareness_groups.csv": Self.groupsFile.split(separator: "\n").prefix(2).joined(separator: "\n") + "\n",
        ])
        let s = d.riskEducationSessions
        #expect(s.map(\.localID) == ["EO-1", "EO-2"])
        #expect(s[0].topics == [.recognition, .reporting] && s[0].peopleReached == 27 && s[0].location == nil)
        #expect(
            s[1].reachedWomen == 10 && s[1].reachedMen == 14 && s[1].reachedGirls == 0
                && s[1].location == GeoPoint(lon: 47.01, lat: 40.0)
        )
        #expect(s[1].method == .communityFocalPoint && s[1].targetGroup == .farmersHerders)
        #expect(d.awarenessGroups.map(\.members) == [12] && d.awarenessGroups[0].organisationID == "ORG-1")
        // The counts carry HXL's #reached with sex and age attributes.
        #expect(
            RiskEducationSession.info.fields.filter { $0.name.hasPrefix("reached") }.map(\.hxl) == [
                "#reached+f+adults", "#reached+m+adults", "#reached+f+children", "#reached+m+children",
            ]
        )

        let found = try VictimAssistanceTests.issues([
            "settlements.csv": Self.settlementsFile, "eore_sessions.csv": Self.sessionsFile,
            "awareness_groups.csv": Self.groupsFile,
        ])
        #expect(
            Set(found.map { "\($0.file) \($0.item ?? "") \($0.rule)" }) == [
                "eore_sessions.csv line 4 no-one-reached",
                "eore_sessions.csv line 5 required",
                "eore_sessions.csv line 6 unknown-settlement",
                "eore_sessions.csv line 7 unknown-admin-area",
                "eore_sessions.csv line 7 unknown-organisation",
                "eore_sessions.csv line 8 enum",
                "awareness_groups.csv line 3 until-before-since",
                "awareness_groups.csv line 4 range",
                "awareness_groups.csv line 5 unknown-settlement",
            ],
            "\(found.map { "\($0.file) \($0.item ?? "") \($0.rule)" })"
        )
        func message(_ rule: String) -> String? { found.first { $0.rule == rule }?.message }
        #expect(
            message("no-one-reached")
                == "reached_f, reached_m, reached_girls, reached_boys are all 0 or empty: say how many people the session reached"
        )
        #expect(
            message("required") == "no settlement_id, no position and no admin_pcode: say where the session was held"
        )
        #expect(message("unknown-settlement") == "settlement_id 'ST-404' is neither in this import nor in the store")
        #expect(message("until-before-since") == "until 2023-04-30 is before since 2023-05-01")
    }
}
