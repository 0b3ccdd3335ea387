import Foundation
import Testing

/// The benchmark-shaped programme of LandFiles plus who worked on it, with what, and what they found.
enum OperationsCLIFiles {
    static let files: [String: String] = [
        "organisations.csv":
            "id,name,type\nORG-1,National Mine Action Agency,national_authority\nORG-2,Demining NGO,international_ngo\n",
        "admin_areas.csv": "pcode,name,level,parent_pcode\nR01,Aghdam,1,\nR02,Fuzuli,1,\n",
        "assets.csv": """
        id,type,organisation_id,productivity_m2_per_day,in_service_from
        MT-1,manual_team,ORG-2,50,2015-01-01
        MDD-1,mine_detection_dog_team,ORG-2,600,2016-01-01

        """,
        "asset_downtime.csv": "asset_id,from,to,reason\nMT-1,2016-02-01,2016-02-05,weather\n",
        "activities.csv": """
        id,type,organisation_id,hazard_id,method,asset_ids,start_date,end_date,status,date_of_information
        ACT-1,clearance,ORG-2,HA-1,combined,MT-1;MDD-1,2016-03-01,,ongoing,2016-03-01
        ACT-1,clearance,ORG-2,HA-1,combined,MT-1;MDD-1,2016-03-01,,suspended,2016-06-15
        ACT-1,clearance,ORG-2,HA-1,combined,MT-1;MDD-1,2016-03-01,2017-05-01,completed,2017-05-02
        ACT-2,eod_spot_task,ORG-1,,manual,,2016-07-01,2016-07-01,completed,2016-07-02

        """,
        "device_finds.csv": """
        id,activity_id,hazard_id,date,category,model,count,lon,lat,disposal
        DF-1,ACT-1,HA-1,2016-04-02,ap_mine,PMN-2,3,47.0,40.0,destroyed_in_situ
        DF-2,ACT-1,,2017-01-10,at_mine,TM-62M,1,,,removed_and_destroyed
        DF-3,ACT-2,,2016-07-01,uxo,,2,47.3,40.3,handed_to_authorities

        """,
    ]

    static let releases = """
        id,hazard_id,date,method,area_m2,devices_found,activity_id,handover_date,handed_over_to
        RE-1,HA-1,2016-05-01,cleared,1000,3,ACT-1,2016-06-01,Aghdam municipality
        RE-2,HA-1,2017-05-01,reduced,500,0,ACT-1,,
        RE-3,HA-2,2016-04-01,cancelled,2000,0,,,

        """

    static func write(to dir: URL) throws {
        try LandFiles.write(to: dir, hazards: LandFiles.hazards, releases: releases)
        for (name, text) in files {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }
}

@Suite(.serialized) struct LandActivitiesCLITests {
    let cli = CLI()
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minefree-ops-cli-\(UUID().uuidString)")

    @Test func importThenActivitiesFindsAssetsAndExports() throws {
        defer { cli.cleanUp(); try? FileManager.default.removeItem(at: dir) }
        try OperationsCLIFiles.write(to: dir)
        let imported = try cli.run("import", dir.path, "--profile", "workload")
        #expect(imported.status == 0, "\(imported.stderr)")
        for line in [
            "activities: 4", "device_finds: 3", "assets: 2", "asset_downtime: 1", "organisations: 2", "admin_areas: 2",
        ] {
            #expect(imported.stdout.contains(line), "\(line)")
        }

        // As of 2016-07-01 ACT-1 was suspended (record of 2016-06-15) and ACT-2 not yet reported.
        let july = try #require(
            try cli.run("activities", "--as-of", "2016-07-01", "--format", "json").json() as? [[String: Any]]
        )
        #expect(july.map { $0["id"] as? String } == ["ACT-1"])
        #expect(july[0]["status"] as? String == "suspended")
        #expect(july[0]["date_of_information"] as? String == "2016-06-15")
        #expect(july[0]["records"] as? Int == 2)
        #expect(july[0]["asset_ids"] as? [String] == ["MT-1", "MDD-1"])
        let completed = try cli.run("activities", "--status", "completed", "--as-of", "2020-01-01", "--format", "csv")
        #expect(completed.stdout.split(separator: "\n").dropFirst().map { $0.prefix(6) } == ["ACT-1,", "ACT-2,"])
        let eod = try #require(
            try cli.run("activities", "--type", "eod_spot_task", "--as-of", "2020-01-01", "--format", "json").json()
                as? [[String: Any]]
        )
        #expect(eod.map { $0["id"] as? String } == ["ACT-2"])
        #expect(eod[0]["hazard_id"] is NSNull)

        let byCategory = try #require(
            try cli.run("finds", "--by", "category", "--as-of", "2018-01-01", "--format", "json").json()
                as? [String: Any]
        )
        let rows = try #require(byCategory["rows"] as? [[String: Any]])
        #expect(rows.map { $0["key"] as? String } == ["ap_mine", "at_mine", "uxo"])
        #expect(rows.map { $0["devices"] as? Int } == [3, 1, 2])
        #expect(byCategory["total_devices"] as? Int == 6)
        let byYear = try cli.run("finds", "--by", "year", "--as-of", "2017-01-10", "--format", "csv")
        #expect(byYear.stdout == "year,finds,devices\n2016,2,5\n")
        let list = try #require(
            try cli.run("finds", "--as-of", "2016-07-01", "--format", "json").json() as? [[String: Any]]
        )
        #expect(list.map { $0["id"] as? String } == ["DF-1"])
        #expect(list[0]["model"] as? String == "PMN-2")

        // February 2016 (29 days): the manual team loses 5 days to weather, the dog team none.
        let assets = try #require(
            try cli.run(
                "assets",
                "--as-of",
                "2017-01-01",
                "--from",
                "2016-02-01",
                "--to",
                "2016-02-29",
                "--format",
                "json"
            )
            .json() as? [[String: Any]]
        )
        #expect(assets.map { $0["id"] as? String } == ["MDD-1", "MT-1"])
        #expect(assets.map { $0["working_days"] as? Int } == [29, 24])
        #expect(assets.map { $0["capacity_m2"] as? Int } == [17_400, 1_200])
        let early = try cli.run("assets", "--as-of", "2015-06-01", "--format", "csv")
        #expect(
            early.stdout
                == "id,type,organisation_id,productivity_m2_per_day,in_service_from\nMT-1,manual_team,ORG-2,50,2015-01-01\n"
        )

        let history = try cli.run("export", "activities", "--format", "csv", "--as-of", "2016-07-01")
        let lines = history.stdout.split(separator: "\n")
        #expect(lines.count == 4)  // header, HXL row, ACT-1's two records known by then
        #expect(
            lines[0]
                == "id,type,organisation_id,hazard_id,method,asset_ids,start_date,end_date,status,date_of_information"
        )
        #expect(
            lines[1]
                == "#activity+code,#activity+type,#org+code,#x_hazard+id,#activity+method,#x_asset+id+list,#date+start,#date+end,#status,#date+reported"
        )
        #expect(lines[3] == "ACT-1,clearance,ORG-2,HA-1,combined,MT-1;MDD-1,2016-03-01,,suspended,2016-06-15")
        let orgs = try cli.run("export", "organisations", "--format", "csv")
        #expect(
            orgs.stdout.hasPrefix(
                "id,name,type\n#org+code,#org+name,#org+type\nORG-1,National Mine Action Agency,national_authority\n"
            )
        )
        let releases = try cli.run("export", "release_events", "--format", "csv")
        // A release's released polygon, when mapped, is its last column (WKT); none here.
        #expect(releases.stdout.contains("RE-1,HA-1,2016-05-01,cleared,1000,3,ACT-1,2016-06-01,Aghdam municipality,\n"))
        let downtime = try cli.run("export", "asset_downtime", "--format", "csv")
        #expect(
            downtime.stdout
                == "asset_id,from_date,to_date,reason\n#x_asset+id,#date+start,#date+end,#x_downtime+reason\nMT-1,2016-02-01,2016-02-05,weather\n"
        )

        let findsCSV = try cli.run("export", "device_finds", "--format", "csv", "--as-of", "2017-01-01")
        #expect(
            findsCSV.stdout == """
                id,activity_id,hazard_id,date,category,model,count,disposal,lat,lon
                #x_device_finds+id,#activity+code,#x_hazard+id,#date,#item+type,#item+name,#item+num,#x_disposal,#geo+lat,#geo+lon
                DF-1,ACT-1,HA-1,2016-04-02,ap_mine,PMN-2,3,destroyed_in_situ,40.0,47.0
                DF-3,ACT-2,,2016-07-01,uxo,,2,handed_to_authorities,40.3,47.3

                """
        )
        let assetsCSV = try cli.run("export", "assets", "--format", "csv", "--as-of", "2015-06-01")
        #expect(
            assetsCSV.stdout.hasSuffix(
                "#x_assets+id,#x_asset+type,#org+code,#x_productivity+m2+daily,#date+start\nMT-1,manual_team,ORG-2,50,2015-01-01\n"
            )
        )
        let finds = try #require(try cli.run("export", "device_finds", "--format", "geojson").json() as? [String: Any])
        let features = try #require(finds["features"] as? [[String: Any]])
        #expect(features.count == 3)
        let point = try #require(features[0]["geometry"] as? [String: Any])
        #expect(point["coordinates"] as? [Double] == [47.0, 40.0])
        #expect(features[1]["geometry"] is NSNull)
        #expect((features[0]["properties"] as? [String: Any])?["category"] as? String == "ap_mine")
        let areas = try #require(try cli.run("export", "admin_areas").json() as? [String: Any])
        #expect((areas["features"] as? [[String: Any]])?.count == 2)
        #expect(try cli.run("export", "activities").status == 2)  // no geometry: CSV only
    }

    @Test func aBrokenOperationalImportIsRefusedWhole() throws {
        defer { cli.cleanUp(); try? FileManager.default.removeItem(at: dir) }
        try OperationsCLIFiles.write(to: dir)
        try "asset_id,from,to,reason\nMT-1,2016-02-05,2016-02-01,weather\n"
            .write(to: dir.appendingPathComponent("asset_downtime.csv"), atomically: true, encoding: .utf8)
        let r = try cli.run("import", dir.path, "--profile", "workload")
        #expect(r.status == 2)
        #expect(
            r.stderr.contains("asset_downtime.csv line 2: [to-before-from] to 2016-02-01 is before from 2016-02-05")
        )
        let exported = try cli.run("export", "organisations", "--format", "csv")
        #expect(exported.stdout == "id,name,type\n#org+code,#org+name,#org+type\n")
        #expect(try cli.run("export", "hazards", "--format", "csv").stdout.split(separator: "\n").count == 2)
    }

    @Test func adminAreaBoundariesComeBackAsEntered() throws {
        defer { cli.cleanUp(); try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("admin_areas.geojson")
        try """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"pcode":"AZ01","name":"Aghdam","level":1,"parent_pcode":null},"geometry":{"type":"Polygon","coordinates":[[[46.5,39.9],[47.2,39.9],[47.2,40.3],[46.5,40.3],[46.5,39.9]]]}},
        {"type":"Feature","properties":{"pcode":"AZ0101","name":"Aghdam town","level":2,"parent_pcode":"AZ01"},"geometry":null}
        ]}
        """.write(to: file, atomically: true, encoding: .utf8)
        let r = try cli.run("import", file.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("admin_areas: 2"))
        let areas = try #require(try cli.run("export", "admin_areas").json() as? [String: Any])
        let features = try #require(areas["features"] as? [[String: Any]])
        #expect(features.map { ($0["properties"] as? [String: Any])?["parent_pcode"] as? String } == [nil, "AZ01"])
        let geometry = try #require(features[0]["geometry"] as? [String: Any])
        #expect(
            geometry["coordinates"] as? [[[Double]]] == [
                [[46.5, 39.9], [47.2, 39.9], [47.2, 40.3], [46.5, 40.3], [46.5, 39.9]]
            ]
        )
        #expect(features[1]["geometry"] is NSNull)
        let csv = try cli.run("export", "admin_areas", "--format", "csv")
        // The boundary as well-known text, so the CSV imports back with it.
        #expect(
            csv.stdout
                == "pcode,name,level,parent_pcode,wkt\n#x_adm+code,#x_adm+name,#x_adm+level,#x_adm+code+parent,#geo+wkt\n"
                + "AZ01,Aghdam,1,,\"POLYGON ((46.5 39.9, 47.2 39.9, 47.2 40.3, 46.5 40.3, 46.5 39.9))\"\nAZ0101,Aghdam town,2,AZ01,\n"
        )
    }

    @Test func badOptionsGetOneLineAndStatus2() throws {
        defer { cli.cleanUp() }
        for (arguments, named) in [
            (["activities", "--status", "finished"], "finished"),
            (["activities", "--type", "demining"], "demining"),
            (["finds", "--by", "month"], "month"),
            (["assets", "--from", "2016-01-01"], "--to"),
            (["assets", "--from", "2016-02-01", "--to", "2016-01-01"], "2016-01-01"),
            (["assets", "--rest-days", "8"], "8"),
        ] {
            let r = try cli.runArray(arguments)
            #expect(r.status == 2, "\(arguments)")
            #expect(r.stderr.contains(named), "\(arguments): \(r.stderr)")
        }
    }
}
