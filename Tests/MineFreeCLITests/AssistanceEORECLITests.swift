import Foundation
import Testing

/// A small programme's victim assistance and risk education, imported from CSV files with their HXL hashtag rows,
/// beside LandFiles' hazards (HA-1, HA-2 worked on; HA-3 open) and three settlements.
enum PeopleCLIFiles {
    static let files: [String: String] = [
        "casualties.csv": """
        id,date,outcome,age,sex,device,lon,lat
        #x_casualties+id,#date,#x_casualty+outcome,#x_casualty+age,#x_casualty+sex,#x_device,#geo+lon,#geo+lat
        CS-1,2023-03-10,injured,34,M,AP,47.0,40.0
        CS-2,2023-11-20,killed,50,M,AT,47.01,40.01
        CS-3,2024-02-01,injured,12,F,ERW,47.2,40.2

        """,
        "survivors.csv": """
        id,casualty_id,kind,sex,age_group,admin_pcode,registered,accident_date
        #x_survivors+id,#x_casualty+id,#x_survivor+type,#x_survivor+sex,#x_survivor+agegroup,#adm+code,#date+registered,#date+occurred
        SV-1,CS-1,survivor,M,adult,R01,2023-03-20,
        SV-2,CS-2,family_member,F,adult,R01,2023-12-01,
        SV-3,CS-3,survivor,F,child,R02,2024-02-10,
        SV-4,,survivor,M,adult,R02,2024-05-01,2024-04-20
        SV-5,,survivor,M,adult,,2025-01-10,2024-12-30

        """,
        "assistance_needs.csv": """
        id,survivor_id,pillar,identified,priority
        #x_assistance_needs+id,#x_survivor+id,#x_pillar,#date+identified,#priority
        ND-1,SV-1,rehabilitation,2023-03-20,high
        ND-2,SV-1,economic_inclusion,2023-06-01,
        ND-3,SV-2,psychosocial,2023-12-01,medium
        ND-4,SV-3,emergency_medical,2024-02-01,high
        ND-5,SV-3,education,2024-03-01,
        ND-6,SV-4,rehabilitation,2024-05-01,high
        ND-7,SV-4,social_protection,2024-05-01,
        ND-8,SV-5,continuing_medical,2025-02-01,

        """,
        "assistance_services.csv": """
        id,survivor_id,need_id,pillar,organisation_id,provider,referred,started,ended,follow_up,outcome,recorded
        #x_assistance_services+id,#x_survivor+id,#x_need+id,#x_pillar,#org+code,#org+name,#date+referred,#date+start,#date+end,#date+followup,#status,#date+reported
        SE-1,SV-1,ND-1,rehabilitation,ORG-2,,2023-03-20,2023-04-15,2024-03-31,2024-06-01,completed,
        SE-2,SV-1,ND-2,economic_inclusion,,Ministry of Labour,2023-06-01,,,,pending,2023-06-02
        SE-3,SV-2,,psychosocial,ORG-1,,2023-12-01,2023-12-05,2023-12-20,,completed,
        SE-4,SV-3,ND-4,emergency_medical,,Aghdam hospital,2024-02-01,2024-02-01,2024-02-20,,completed,
        SE-5,SV-3,ND-5,education,ORG-2,,2024-03-01,2024-09-01,,2024-12-01,ongoing,
        SE-6,SV-4,ND-6,rehabilitation,ORG-2,,2024-05-01,2024-06-19,,,ongoing,
        SE-7,SV-5,ND-8,continuing_medical,ORG-2,,2025-02-01,2025-02-10,,,ongoing,

        """,
        "eore_sessions.csv": """
        id,date,settlement_id,admin_pcode,organisation_id,method,target_group,topics,reached_f,reached_m,reached_girls,reached_boys,lon,lat
        #x_eore_sessions+id,#date,#x_settlement+id,#adm+code,#org+code,#x_method,#x_target_group,#x_topics,#reached+f+adults,#reached+m+adults,#reached+f+children,#reached+m+children,#geo+lon,#geo+lat
        EO-1,2024-03-01,ST-1,,ORG-1,direct_session,children,recognition;reporting,0,0,12,15,,
        EO-2,2023-07-15,ST-2,,ORG-2,direct_session,farmers_herders,safe_behaviour,10,14,0,0,,
        EO-3,2024-05-01,,R02,ORG-2,community_focal_point,mixed,,4,3,2,1,47.5001,40.5

        """,
        "awareness_groups.csv": """
        id,settlement_id,since,members,organisation_id,until
        #x_awareness_groups+id,#x_settlement+id,#date+start,#x_members,#org+code,#date+end
        AG-1,ST-2,2022-01-01,12,ORG-1,2022-12-31

        """,
        // ST-1 some 45 m from HA-1, ST-2 inside HA-3, ST-3 far from every hazard.
        "settlements.geojson": """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"id":"ST-1","name":"Ağdam","population":1200,"idp_households":300},"geometry":{"type":"Point","coordinates":[47.001,40.001]}},
        {"type":"Feature","properties":{"id":"ST-2","name":"Füzuli","population":800,"idp_households":0},"geometry":{"type":"Point","coordinates":[47.2,40.2]}},
        {"type":"Feature","properties":{"id":"ST-3","name":"Uzaq","population":5000,"idp_households":0},"geometry":{"type":"Point","coordinates":[47.5,40.5]}}
        ]}

        """,
    ]

    static func write(to dir: URL) throws {
        try OperationsCLIFiles.write(to: dir)
        for (name, text) in files {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }
}

@Suite(.serialized) struct AssistanceEORECLITests {
    let cli = CLI()
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minefree-people-cli-\(UUID().uuidString)")

    @Test func assistanceGapsAndRiskEducationCoverage() throws {
        defer { cli.cleanUp(); try? FileManager.default.removeItem(at: dir) }
        try PeopleCLIFiles.write(to: dir)
        let imported = try cli.run("import", dir.path, "--profile", "workload")
        #expect(imported.status == 0, "\(imported.stderr)")
        for line in [
            "survivors: 5", "assistance_needs: 8", "assistance_services: 7", "eore_sessions: 3", "awareness_groups: 1",
        ] {
            #expect(imported.stdout.contains(line), "\(line) in \(imported.stdout)")
        }

        let json = try cli.run("assistance", "gaps", "--period", "2024", "--as-of", "2025-03-01", "--format", "json")
        #expect(json.status == 0, "\(json.stderr)")
        let gaps = try #require(try json.json() as? [String: Any])
        #expect(gaps["from"] as? String == "2024-01-01" && gaps["to"] as? String == "2024-12-31")
        #expect(gaps["registered"] as? Int == 4 && gaps["reached"] as? Int == 3)
        #expect(gaps["share_reached"] as? Double == 0.75 && gaps["median_days_to_first_service"] as? Double == 30)
        let bands = try #require(gaps["days_to_first_service"] as? [[String: Any]])
        #expect(
            bands.map { "\($0["days"]!):\($0["survivors"]!)" } == [
                "0-7:1", "8-30:0", "31-90:1", "91-365:0", "over 365:0",
            ]
        )
        let pillars = try #require(gaps["rows"] as? [[String: Any]])
        #expect(pillars.count == 7)
        #expect(pillars[2]["pillar"] as? String == "rehabilitation" && pillars[2]["services"] as? Int == 2)
        #expect(pillars[5]["pillar"] as? String == "economic_inclusion" && pillars[5]["referred_only"] as? Int == 1)
        #expect(pillars[6]["pillar"] as? String == "social_protection" && pillars[6]["no_service"] as? Int == 1)

        let areas = try cli.run(
            "assistance",
            "gaps",
            "--by",
            "area",
            "--from",
            "2024-01-01",
            "--to",
            "2024-12-31",
            "--as-of",
            "2025-03-01",
            "--format",
            "csv"
        )
        #expect(
            areas.stdout == """
                area,survivors,survivors_reached,needs,served,referred_only,no_service,services
                R01,2,1,3,2,1,0,1
                R02,2,2,4,3,0,1,3
                unknown,0,0,1,1,0,0,0

                """
        )
        let providers = try cli.run(
            "assistance",
            "gaps",
            "--by",
            "provider",
            "--period",
            "2024",
            "--as-of",
            "2025-03-01",
            "--format",
            "csv"
        )
        #expect(
            providers.stdout == """
                provider,pillar,services,survivors
                Aghdam hospital,emergency_medical,1,1
                ORG-2,rehabilitation,2,2
                ORG-2,education,1,1

                """
        )
        let table = try cli.run("assistance", "--period", "2024", "--as-of", "2025-03-01")
        #expect(table.stdout.contains("3 of 4 survivors and family members reached (75.0%)"), "\(table.stdout)")
        #expect(table.stdout.contains("8 needs identified, 1 with no service"))
        #expect(table.stdout.contains("median 30 over 2 survivors; 0-7: 1, 8-30: 0, 31-90: 1"))

        let coverage = try cli.run(
            "eore",
            "coverage",
            "--within",
            "2000",
            "--period",
            "2024",
            "--as-of",
            "2025-01-01",
            "--format",
            "json"
        )
        #expect(coverage.status == 0, "\(coverage.stderr)")
        let rows = try #require(try coverage.json() as? [[String: Any]])
        // ST-3 lies some 40 km from every hazard; ranked by population.
        #expect(rows.map { $0["settlement"] as? String } == ["ST-1", "ST-2"])
        #expect(rows.map { $0["hazard"] as? String } == ["HA-1", "HA-3"])
        #expect((40...50).contains(rows[0]["metres"] as? Int ?? -1) && rows[1]["metres"] as? Int == 0)
        #expect(rows.map { $0["reached"] as? Bool } == [true, false])
        #expect(rows.map { $0["sessions"] as? Int } == [1, 0] && rows.map { $0["people_reached"] as? Int } == [27, 0])
        // CS-1 and CS-2 within 2 km of ST-1, CS-3 at ST-2.
        #expect(rows.map { $0["casualties_nearby"] as? Int } == [2, 1])
        let near = try cli.run(
            "eore",
            "coverage",
            "--within",
            "20",
            "--period",
            "2024",
            "--as-of",
            "2025-01-01",
            "--not-reached",
            "--format",
            "csv"
        )
        #expect(
            near.stdout == """
                settlement,name,admin_pcode,population,hazard,metres,reached,sessions,people_reached,awareness_groups,casualties_nearby
                ST-2,Füzuli,,800,HA-3,0,no,0,0,0,1

                """
        )
        let summary = try cli.run("eore", "--period", "2024", "--as-of", "2025-01-01", "--rank", "casualties")
        #expect(
            summary.stdout.contains(
                "2 settlements within 2000 m of a hazard open on 2025-01-01; reached 2024-01-01 to 2024-12-31: 1, not reached: 1 (population 800)"
            ),
            "\(summary.stdout)"
        )

        for (arguments, message) in [
            (
                ["assistance", "gaps", "--by", "colour"],
                "cannot count assistance by 'colour': expected pillar, area, provider"
            ),
            (["assistance", "gaps", "--period", "20x4"], "--period '20x4' is not a year from 1997 to 2200, e.g. 2024"),
            (["assistance", "gaps", "--from", "2024-01-01"], "a period needs both --from and --to"),
            (["eore", "coverage", "--within", "0"], "--within 0 is not a distance from 1 to 50,000 metres"),
            (["eore", "coverage", "--rank", "size"], "cannot rank by 'size': expected population, casualties"),
        ] {
            let r = try cli.runArray(arguments)
            #expect(r.status == 2 && r.stderr == "minefree: \(message)\n", "\(arguments): \(r.stderr)")
        }
    }
}
