import Foundation
import Testing

/// `minefree serve`, `user` and `demo` from the command line: bad settings are one line naming the value.
@Suite(.serialized) struct ServerCLITests {
    let cli = CLI()

    @Test func badServerSettingsAreNamedAtStartUp() throws {
        defer { cli.cleanUp() }
        let port = try cli.runArray(["serve"], environment: ["MINEFREE_PORT": "eighty"])
        #expect(port.status == 2)
        #expect(port.stderr == "minefree: MINEFREE_PORT = 'eighty': expected a port number from 1 to 65535\n")
        let published = try cli.runArray(["serve"], environment: ["MINEFREE_PUBLISHED": "progress,casualties"])
        #expect(published.status == 2)
        #expect(published.stderr.contains("unknown area 'casualties'"))
        let flag = try cli.run("serve", "--port", "70000")
        #expect(flag.status == 2)
        #expect(flag.stderr.split(separator: "\n").count == 1)
    }

    @Test func accountsAreAddedFromTheCommandLine() throws {
        defer { cli.cleanUp() }
        let add = try cli.runArray(
            [
                "user", "add", "tmac.data", "--role", "authority", "--organisation", "TMAC", "--name",
                "TMAC data manager",
            ],
            environment: ["MINEFREE_NEW_PASSWORD": "a long enough password"]
        )
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout == "Added tmac.data (Authority data manager, TMAC).\n")
        let list = try cli.run("user", "list")
        #expect(list.stdout.contains("tmac.data\tauthority\tTMAC\tTMAC data manager"))
        let again = try cli.runArray(
            ["user", "add", "tmac.data", "--role", "viewer", "--organisation", "TMAC"],
            environment: ["MINEFREE_NEW_PASSWORD": "a long enough password"]
        )
        #expect(again.status == 2)
        #expect(again.stderr == "minefree: username: 'tmac.data' is taken\n")
        let short = try cli.runArray(
            ["user", "add", "donor", "--role", "viewer", "--organisation", "EU"],
            environment: ["MINEFREE_NEW_PASSWORD": "short"]
        )
        #expect(short.status == 2)
        #expect(short.stderr == "minefree: password: use at least 10 characters\n")
        let role = try cli.runArray(
            ["user", "add", "donor", "--role", "public", "--organisation", "EU"],
            environment: ["MINEFREE_NEW_PASSWORD": "long enough pw"]
        )
        #expect(role.status == 2)
    }

    @Test func theDemoProgrammeImportsThroughTheOrdinaryPipeline() throws {
        defer { cli.cleanUp() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minefree-demo-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let demo = try cli.run("demo", dir)
        #expect(demo.status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(
            files == [
                "accidents.geojson", "activities.csv", "admin_areas.geojson", "asset_downtime.csv", "assets.csv",
                "assistance_needs.csv", "assistance_services.csv", "awareness_groups.csv", "casualties.csv",
                "contacts.csv", "contributions.csv", "device_finds.csv", "eore_sessions.csv", "event_attendance.csv",
                "events.csv", "figure_adoptions.csv", "figure_reports.csv", "funding_projects.csv", "hazards.geojson",
                "indicator_values.csv",
                "infrastructure.geojson",
                "media_outputs.csv", "mine_transfers.csv", "national_measures.csv", "organisations.csv",
                "personal_data.csv", "plan_actions.csv", "plan_indicators.csv", "pledges.csv",
                "production_facilities.csv", "release_events.csv",
                "retained_mine_reports.csv", "roads.geojson", "settlement_figures.csv", "settlements.geojson",
                "state_steps.csv", "stockpile_destructions.csv", "stockpile_reports.csv", "survivors.csv",
                "use_assessments.csv", "use_reports.csv", "use_responses.csv",
            ]
        )
        let imported = try cli.run("import", dir, "--profile", "workload")
        #expect(imported.status == 0, "\(imported.stderr)")
        // The people: accidents and casualties, victim assistance and risk education, personal data for some.
        for count in [
            "accidents: 66", "casualties: 85", "survivors: 68", "assistance_needs: 264", "assistance_services: 222",
            "personal_data: 51", "eore_sessions: 168", "awareness_groups: 18",
        ] {
            #expect(imported.stdout.contains("  \(count)\n"), "\(imported.stdout)")
        }
        let hazards = try cli.run("hazards", "--format", "csv")
        #expect(hazards.stdout.split(separator: "\n").count == 1 + 1200)
        // Importing the same files again is refused (their releases would exceed their hazards, ids are taken), nothing added.
        let again = try cli.run("import", dir, "--profile", "workload")
        #expect(again.status == 2)
        #expect(again.stderr.contains("[release-exceeds-hazard]"))
        // The settlements came without an admin area; the district boundaries placed them.
        let settlements = try cli.run("export", "settlements", "--format", "csv").stdout.split(separator: "\n")
        #expect(settlements.first == "id,name,population,idp_households,admin_pcode,lat,lon")
        #expect(
            settlements.dropFirst().first
                == "#x_settlements+id,#loc+name,#population,#affected+idps+households,#adm+code,#geo+lat,#geo+lon"
        )
        #expect(settlements.count == 2 + 150)
        let districts = Set(["D01", "D02", "D03", "D04", "D05"])
        #expect(
            settlements.dropFirst(2).filter {
                districts.contains(String($0.split(separator: ",", omittingEmptySubsequences: false)[4]))
            }.count >= 140
        )
        let finds = try cli.run("finds", "--by", "category", "--format", "json")
        #expect(finds.status == 0, "\(finds.stderr)")
        #expect(try cli.run("hazards", "--format", "csv").stdout.split(separator: "\n").count == 1 + 1200)
    }
}
