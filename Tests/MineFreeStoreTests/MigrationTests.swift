import FluentKit
import Foundation
import MineFreeCore
import SQLKit
import Testing

@testable import MineFreeStore

/// Migrations 008 (one name per field) and 009 (casualties move to the People area) on a store created before
/// them, with rows the earlier code wrote: every value reads back unchanged under its new name.
@Suite(.serialized) struct MigrationTests {
    /// A fresh SQLite file, and on PostgreSQL (DATABASE_URL) a fresh database beside the shared one.
    static var configurations: [StoreConfiguration] {
        var list: [StoreConfiguration] = [.sqlite(path: TreatyStoreTests.temporaryPath())]
        if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty {
            list.append(.postgres(url: url))
        }
        return list
    }

    /// Runs `body` with a configuration for a store that holds nothing yet (a new database on PostgreSQL, dropped after).
    func withFreshStore(_ configuration: StoreConfiguration, _ body: (StoreConfiguration) async throws -> Void)
        async throws
    {
        guard case .postgres(let url) = configuration else { return try await body(configuration) }
        let name = "minefree_migration_\(UUID().uuidString.prefix(8).lowercased())"
        try await withStore(configuration) { store in
            try await (store.database as! any SQLDatabase).raw("CREATE DATABASE \(ident: name)").run()
        }
        var parts = URLComponents(string: url)!
        parts.path = "/" + name
        do {
            try await body(.postgres(url: parts.string!))
        } catch {
            try? await withStore(configuration) { store in
                try await (store.database as! any SQLDatabase).raw("DROP DATABASE \(ident: name)").run()
            }
            throw error
        }
        try await withStore(configuration) { store in
            try await (store.database as! any SQLDatabase).raw("DROP DATABASE \(ident: name)").run()
        }
    }

    @Test(arguments: configurations)
    func aStoreFromBeforeKeepsEveryValueUnderItsNewName(_ configuration: StoreConfiguration) async throws {
        do {
            try await migrateAStoreFromBefore(configuration)
        } catch {
            Issue.record("\(String(reflecting: error))")
        }
    }

    func migrateAStoreFromBefore(_ configuration: StoreConfiguration) async throws {
        try await withFreshStore(configuration) { fresh in
            // The store as migrations 001–007 left it, with rows as the code of that time wrote them.
            let shipped = Array(MineFreeMigrations.all.prefix(7))
            let old = try await Store.open(fresh, migrations: shipped)
            do {
                let sql = old.database as! any SQLDatabase
                try await sql.raw(
                    "INSERT INTO land_imports (imported_at, source, summary) VALUES (\(bind: Date()), 'before', '')"
                ).run()
                try await sql.raw(
                    """
                    INSERT INTO hazardous_areas (local_id, import_id, min_lon, min_lat, max_lon, max_lat, region, classification, contamination,
                        recorded_date, area_m2, coordinates)
                    VALUES ('HA-1', 1, 68.8, 37.9, 68.801, 37.901, 'R01', 'CHA', 'AP', '2010-05-01', 9000,
                        '[[[68.8,37.9],[68.801,37.9],[68.801,37.901],[68.8,37.9]]]')
                    """
                ).run()
                try await sql.raw(
                    "INSERT INTO organisations (local_id, import_id, name, type) VALUES ('ORG-1', 1, 'FSD', 'international_ngo')"
                ).run()
                try await sql.raw(
                    "INSERT INTO admin_areas (local_id, import_id, name, level) VALUES ('R01', 1, 'Khatlon', 1)"
                ).run()
                try await sql.raw(
                    "INSERT INTO admin_areas (local_id, import_id, name, level, parent_local_id) VALUES ('R0101', 1, 'Panj', 2, 'R01')"
                ).run()
                try await sql.raw(
                    """
                    INSERT INTO assets (local_id, import_id, type, organisation_local_id, productivity_m2_per_day, in_service_from)
                    VALUES ('MT-1', 1, 'manual_team', 'ORG-1', 60, '2009-01-01')
                    """
                ).run()
                try await sql.raw(
                    "INSERT INTO asset_downtime (asset_local_id, import_id, from_date, to_date, reason) VALUES ('MT-1', 1, '2010-01-04', '2010-01-08', 'weather')"
                ).run()
                try await sql.raw(
                    """
                    INSERT INTO activities (local_id, import_id, type, organisation_local_id, hazard_local_id, method, asset_ids, start_date, status,
                        date_of_information)
                    VALUES ('ACT-1', 1, 'clearance', 'ORG-1', 'HA-1', 'manual', 'MT-1', '2011-03-01', 'ongoing', '2011-03-01')
                    """
                ).run()
                try await sql.raw(
                    """
                    INSERT INTO land_releases (local_id, import_id, hazard_local_id, date, method, area_m2, devices_found, activity_local_id,
                        handover_date, handed_over_to)
                    VALUES ('RE-1', 1, 'HA-1', '2011-08-01', 'cleared', 4000, 12, 'ACT-1', '2011-09-01', 'Panj jamoat')
                    """
                ).run()
                try await sql.raw(
                    """
                    INSERT INTO hazard_revisions (local_id, import_id, hazard_local_id, date, classification, reason)
                    VALUES ('HR-1', 1, 'HA-1', '2010-06-01', 'CHA', 'NTS found a mine')
                    """
                ).run()
                try await sql.raw(
                    """
                    INSERT INTO device_finds (local_id, import_id, activity_local_id, hazard_local_id, date, category, model, count, lon, lat, disposal)
                    VALUES ('DF-1', 1, 'ACT-1', 'HA-1', '2011-04-02', 'ap_mine', 'PMN', 12, 68.8005, 37.9004, 'destroyed_in_situ')
                    """
                ).run()
                try await sql.raw(
                    """
                    INSERT INTO casualty_events (local_id, import_id, min_lon, min_lat, max_lon, max_lat, date, outcome, age, sex, device)
                    VALUES ('CS-1', 1, 68.81, 37.91, 68.81, 37.91, '2009-04-02', 'injured', 12, 'M', 'AP'),
                           ('CS-2', 1, 69.5, 38.2, 69.5, 38.2, '2010-11-20', 'killed', NULL, NULL, 'unknown')
                    """
                ).run()
                try await StoreDialect.refreshSpatialIndex(on: "casualty_events", importID: 1, old.database)
            } catch {
                await old.shutdown()
                throw error
            }
            await old.shutdown()

            // Opened by today's code: 008 and 009 run.
            try await withStore(fresh) { store in
                let records = RecordRepository(database: store.database)
                let land = LandRepository(database: store.database)
                let casualties = try await records.records(CasualtyEvent.self)
                #expect(casualties.map(\.localID) == ["CS-1", "CS-2"])
                #expect(casualties.map(\.date) == [CalendarDate(iso: "2009-04-02")!, CalendarDate(iso: "2010-11-20")!])
                #expect(casualties.map(\.outcome) == [.injured, .killed])
                #expect(casualties.map(\.age) == [12, nil])
                #expect(casualties.map(\.sex) == [.male, nil])
                #expect(casualties.map(\.device) == [.antiPersonnel, .unknown])
                #expect(casualties[0].location == GeoPoint(lon: 68.81, lat: 37.91))
                // The spatial index moved with its table.
                let near = try await records.featurePage(
                    CasualtyEvent.info,
                    box: BoundingBox(minX: 68.7, minY: 37.8, maxX: 68.9, maxY: 38.0),
                    asOf: CalendarDate(iso: "2030-01-01")!,
                    limit: 10,
                    offset: 0
                )
                #expect(near.rows.map { $0.key(in: CasualtyEvent.info) } == ["CS-1"])

                let release = try #require(try await land.releases().first)
                #expect(
                    release.hazardID == "HA-1" && release.activityID == "ACT-1" && release.areaM2 == 4000
                        && release.devicesFound == 12
                )
                #expect(
                    release.handoverDate == CalendarDate(iso: "2011-09-01") && release.handedOverTo == "Panj jamoat"
                        && release.polygons == nil
                )
                #expect(try await land.revisions().map(\.hazardID) == ["HA-1"])
                #expect(try await land.adminAreas().map(\.parentPcode) == [nil, "R01"])
                #expect(try await land.assets().map(\.organisationID) == ["ORG-1"])
                #expect(try await land.downtime().map(\.assetID) == ["MT-1"])
                let activity = try #require(try await land.activityRecords().first)
                #expect(
                    activity.organisationID == "ORG-1" && activity.hazardID == "HA-1" && activity.assetIDs == ["MT-1"]
                )
                let find = try #require(try await land.deviceFinds().first)
                #expect(
                    find.activityID == "ACT-1" && find.hazardID == "HA-1" && find.count == 12
                        && find.location == GeoPoint(lon: 68.8005, lat: 37.9004)
                )
                let view = try await land.view(asOf: CalendarDate(iso: "2012-01-01")!)
                #expect(view.standings.first?.remainingM2 == 5000)

                // And the store takes new records as before: a casualty imported now joins the moved ones.
                let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "minefree-migrated-\(UUID().uuidString)"
                )
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: dir) }
                try """
                {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"CS-3","date":"2012-05-05","outcome":"injured","age":40,"sex":"F","device":"AT","reporter":"Panj hospital"},"geometry":{"type":"Point","coordinates":[68.82,37.92]}}]}
                """.write(to: dir.appendingPathComponent("casualties.geojson"), atomically: true, encoding: .utf8)
                _ = try await Importer.run(dir, rules: ImportRules(), store: store)
                let after = try await records.records(CasualtyEvent.self)
                #expect(after.map(\.localID) == ["CS-1", "CS-2", "CS-3"])
                #expect(after[2].extra == #"{"reporter":"Panj hospital"}"#)
            }
        }
    }
}
