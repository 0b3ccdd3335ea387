import Foundation
import MineFreeCore
import SQLKit
import Testing

@testable import MineFreeStore

/// Every layer exports with the names the import reads: a store's export, imported into an empty store, exports
/// again byte for byte — as GeoJSON (layers with geometry) and as CSV (geometry as WKT or lat/lon).
@Suite struct RecordRoundTripTests {
    typealias Exports = [String: String]

    static let asOf = CalendarDate(iso: "2100-01-01")!

    /// The demo programme, plus what it lacks: casualties, accidents, victim assistance, risk education, revisions,
    /// released parts mapped as polygons, attributes beyond the fields.
    static let prepared = Task {
        () throws -> (geojson: [String: (Exports, Exports)], csv: [String: (Exports, Exports)]) in
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "minefree-roundtrip-\(UUID().uuidString)"
        )
        defer { try? FileManager.default.removeItem(at: root) }
        let demo = root.appendingPathComponent("demo")
        try DemoProgramme.write(to: demo)
        let first = root.appendingPathComponent("first.sqlite").path
        var original: [RecordExport.Format: Exports] = [:]
        try await withStore(.sqlite(path: first)) { store in
            _ = try await Importer.run(demo, rules: .workload, store: store)
            let supplement = root.appendingPathComponent("supplement")
            try FileManager.default.createDirectory(at: supplement, withIntermediateDirectories: true)
            let open = try #require(
                try await LandRepository(database: store.database).view(asOf: asOf).standings.first {
                    $0.status == .open
                }?.hazard
            )
            let full = try #require(
                try await LandRepository(database: store.database).hazards(withGeometry: true, only: [open.localID])
                    .first
            )
            // Half the hazard's extent around its first vertex's centroid: a part that lies within it.
            let ring = full.rings[0]
            let c = AdminBoundaries.centroid(ring)!
            let part = ring.map { "[\(c.lon + ($0.lon - c.lon) / 2),\(c.lat + ($0.lat - c.lat) / 2)]" }.joined(
                separator: ","
            )
            try """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"id":"RE-MAPPED-1","hazard_id":"\(open.localID)","date":"2099-01-01","method":"cleared","devices_found":2,"team_leader":"A. Aliyev","checked":true},"geometry":{"type":"Polygon","coordinates":[[\(part)]]}}
            ]}
            """.write(
                to: supplement.appendingPathComponent("release_events.geojson"),
                atomically: true,
                encoding: .utf8
            )
            try """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"id":"CS-1","date":"2021-04-02","outcome":"injured","age":12,"sex":"M","device":"AP","source_ref":"H-2021-77"},"geometry":{"type":"Point","coordinates":[47.25,40.05]}},
            {"type":"Feature","properties":{"id":"CS-2","date":"2023-09-14","outcome":"killed","device":"unknown"},"geometry":{"type":"Point","coordinates":[47.31,40.12]}}
            ]}
            """.write(to: supplement.appendingPathComponent("casualties.geojson"), atomically: true, encoding: .utf8)
            // One accident as two sources reported it, and one reported by the media with only its district.
            try """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"id":"AC-H-1","source":"hospital","source_reference":"H-2021-77","date":"2021-04-02","reported":"2021-04-03","device":"AP","device_model":"PMN-2","activity":"herding","handled":"no","hazard_id":"\(open.localID)","killed":0,"injured":1,"ward":"surgery"},"geometry":{"type":"Point","coordinates":[47.25,40.05]}},
            {"type":"Feature","properties":{"id":"AC-P-1","source":"police","date":"2021-04-01","device":"AP","activity":"herding","killed":0,"injured":1},"geometry":{"type":"Point","coordinates":[47.252,40.051]}},
            {"type":"Feature","properties":{"id":"AC-M-1","source":"media","date":"2023-09-14","admin_pcode":"\(DemoProgramme.districts[0].code)","device":"unknown","activity":"collecting_scrap","handled":"yes","killed":1,"injured":2},"geometry":null}
            ]}
            """.write(to: supplement.appendingPathComponent("accidents.geojson"), atomically: true, encoding: .utf8)
            // Personal data, kept apart: names with commas and quotes survive the round trip.
            try """
            id,casualty_id,name,date_of_birth,phone,address,medical_notes,recorded
            PD-1,CS-1,"Aliyev, Ramil ""Rama"" R.",2009-02-11,+994 50 000 0001,"Kangarli, Aghdam",below-knee amputation,2021-04-10

            """.write(to: supplement.appendingPathComponent("personal_data.csv"), atomically: true, encoding: .utf8)
            try """
            id,hazard_id,date,classification,accessibility,inaccessible_reason,reason
            HR-1,\(open.localID),2098-05-01,CHA,inaccessible,"security, until the front moves",NTS found a PMN-2 and a tripwire

            """.write(to: supplement.appendingPathComponent("hazard_revisions.csv"), atomically: true, encoding: .utf8)
            // Victim assistance: CS-1's survivor, CS-2's family (CS-2 was killed), their needs and services.
            let district = DemoProgramme.districts[0].code
            try """
            id,casualty_id,kind,sex,age_group,admin_pcode,registered,accident_date
            SV-1,CS-1,survivor,M,child,\(district),2021-04-10,
            SV-2,CS-2,family_member,F,adult,,2023-10-01,

            """.write(to: supplement.appendingPathComponent("survivors.csv"), atomically: true, encoding: .utf8)
            try """
            id,survivor_id,pillar,identified,priority
            ND-1,SV-1,rehabilitation,2021-04-10,high
            ND-2,SV-2,psychosocial,2023-10-01,

            """.write(to: supplement.appendingPathComponent("assistance_needs.csv"), atomically: true, encoding: .utf8)
            try """
            id,survivor_id,need_id,pillar,organisation_id,provider,referred,started,ended,follow_up,outcome,recorded,case_worker
            SE-1,SV-1,ND-1,rehabilitation,,"Prosthetic and orthopaedic centre, Baku",2021-04-10,2021-05-01,2021-09-30,2022-03-01,completed,,R. Aliyeva
            SE-2,SV-2,ND-2,psychosocial,NMAA,,2023-10-01,2023-10-15,,,ongoing,2023-11-01,

            """.write(
                to: supplement.appendingPathComponent("assistance_services.csv"),
                atomically: true,
                encoding: .utf8
            )
            // Risk education: a session named by its settlement, one placed by a position; two awareness groups.
            try """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"id":"EO-1","date":"2024-03-01","settlement_id":"ST-0001","organisation_id":"NMAA","method":"direct_session","target_group":"children","topics":"recognition;reporting","reached_f":0,"reached_m":0,"reached_girls":12,"reached_boys":15,"facilitator":"S. Mammadova"},"geometry":null},
            {"type":"Feature","properties":{"id":"EO-2","date":"2024-05-01","admin_pcode":"\(district)","organisation_id":"OP-DEMINING-1","method":"community_focal_point","target_group":"farmers_herders","topics":"safe_behaviour","reached_f":4,"reached_m":9},"geometry":{"type":"Point","coordinates":[47.25,40.05]}}
            ]}
            """.write(to: supplement.appendingPathComponent("eore_sessions.geojson"), atomically: true, encoding: .utf8)
            try """
            id,settlement_id,since,members,organisation_id,until
            AG-1,ST-0001,2022-05-01,12,NMAA,
            AG-2,ST-0002,2021-01-15,7,,2023-06-30

            """.write(to: supplement.appendingPathComponent("awareness_groups.csv"), atomically: true, encoding: .utf8)
            _ = try await Importer.run(supplement, rules: .workload, store: store)
            for format in RecordExport.Format.allCases { original[format] = try await exports(store, format) }
        }
        var result: [RecordExport.Format: [String: (Exports, Exports)]] = [:]
        for format in RecordExport.Format.allCases {
            let dir = root.appendingPathComponent("export-\(format.rawValue)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            for info in RecordLayers.infos where format == .csv || info.hasGeometry {
                try original[format]![info.name]!.write(
                    to: dir.appendingPathComponent("\(info.name).\(format.rawValue)"),
                    atomically: true,
                    encoding: .utf8
                )
            }
            // The layers without geometry come as CSV beside the GeoJSON ones.
            for info in RecordLayers.infos where format == .geojson && !info.hasGeometry {
                try original[.csv]![info.name]!.write(
                    to: dir.appendingPathComponent("\(info.name).csv"),
                    atomically: true,
                    encoding: .utf8
                )
            }
            try await withStore(.sqlite(path: root.appendingPathComponent("again-\(format.rawValue).sqlite").path)) {
                store in
                _ = try await Importer.run(dir, rules: .workload, store: store)
                let again = try await exports(store, format)
                result[format] = Dictionary(
                    uniqueKeysWithValues: RecordLayers.names.map { ($0, (original[format]!, again)) }
                )
            }
        }
        return (result[.geojson]!, result[.csv]!)
    }

    static func exports(_ store: Store, _ format: RecordExport.Format) async throws -> Exports {
        let records = RecordRepository(database: store.database)
        var out: Exports = [:]
        for info in RecordLayers.infos {
            out[info.name] = try await records.export(info, format: info.hasGeometry ? format : .csv, asOf: asOf)
        }
        return out
    }

    @Test(arguments: RecordLayers.names)
    func everyLayerComesBackAsGeoJSON(_ layer: String) async throws {
        let (first, again) = try await Self.prepared.value.geojson[layer]!
        #expect(first[layer]!.split(separator: "\n").count > 2, "\(layer) holds records")
        #expect(first[layer] == again[layer], "\(layer)")
    }

    @Test(arguments: RecordLayers.names)
    func everyLayerComesBackAsCSV(_ layer: String) async throws {
        let (first, again) = try await Self.prepared.value.csv[layer]!
        #expect(first[layer]!.split(separator: "\n").count > 2, "\(layer) holds records")
        #expect(first[layer] == again[layer], "\(layer)")
    }

    @Test func theMappedPartAndTheExtraPropertiesTravel() async throws {
        let (exports, _) = try await Self.prepared.value.geojson[LandRelease.info.name]!
        let releases = exports[LandRelease.info.name]!
        #expect(releases.contains(#""extra":{"checked":true,"team_leader":"A. Aliyev"}"#))
        #expect(releases.contains(#""id":"RE-MAPPED-1""#))
        let (csv, _) = try await Self.prepared.value.csv[LandRelease.info.name]!
        #expect(csv[LandRelease.info.name]!.contains("POLYGON (("))
        #expect(csv[HazardRevision.info.name]!.contains("\"security, until the front moves\""))
    }
}
