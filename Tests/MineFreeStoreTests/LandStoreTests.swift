import FluentKit
import Foundation
import MineFreeCore
import SQLKit
import Testing

@testable import MineFreeStore

/// The land store on SQLite and, when `DATABASE_URL` is set, PostgreSQL: bulk insert, spatial index,
/// progress flows, and one transaction for an import.
@Suite(.serialized) struct LandStoreTests {
    func day(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }

    func hexagon(_ lon: Double, _ lat: Double) -> [[GeoPoint]] {
        var ring = (0..<6).map { k -> GeoPoint in
            let a = Double(k) * .pi / 3
            return GeoPoint(lon: lon + 0.001 * cos(a), lat: lat + 0.001 * sin(a))
        }
        ring.append(ring[0])
        return [ring]
    }

    func dataset(prefix: String) -> Dataset {
        var d = Dataset()
        d.hazards = [
            HazardousArea(
                localID: "\(prefix)HA-1",
                region: "\(prefix)Khatlon",
                classification: .confirmed,
                contamination: .antiPersonnel,
                recordedDate: day("2010-05-01"),
                areaM2: 26_000,
                rings: hexagon(68.8, 37.9)
            ),
            HazardousArea(
                localID: "\(prefix)HA-2",
                region: "\(prefix)GBAO",
                classification: .suspected,
                contamination: .explosiveRemnants,
                recordedDate: day("2015-06-01"),
                areaM2: 21_000,
                rings: hexagon(71.5, 37.5)
            ),
        ]
        d.hazards[0].enteredCoordinates = "[[[68.8,37.9],[68.801,37.9],[68.801,37.901],[68.8,37.9]]]"
        d.releases = [
            LandRelease(
                localID: "\(prefix)RE-1",
                hazardID: "\(prefix)HA-1",
                date: day("2014-08-01"),
                method: .cleared,
                areaM2: 6_000,
                devicesFound: 41
            ),
            LandRelease(
                localID: "\(prefix)RE-2",
                hazardID: "\(prefix)HA-2",
                date: day("2016-02-01"),
                method: .cancelled,
                areaM2: 21_000,
                devicesFound: 0
            ),
        ]
        d.settlements = [
            Settlement(
                localID: "\(prefix)ST-1",
                name: "Qal'ai Khumb",
                population: 1_500,
                idpHouseholds: 12,
                location: GeoPoint(lon: 70.75, lat: 38.45)
            )
        ]
        d.casualties = [
            CasualtyEvent(
                localID: "\(prefix)CS-1",
                date: day("2019-04-02"),
                outcome: .injured,
                age: nil,
                sex: nil,
                device: .unknown,
                location: GeoPoint(lon: 68.81, lat: 37.91)
            )
        ]
        return d
    }

    @Test(arguments: TreatyStoreTests.configurations)
    func aDatasetIsStoredIndexedAndSummed(_ configuration: StoreConfiguration) async throws {
        try await withStore(configuration) { store in
            let repository = LandRepository(database: store.database)
            let prefix = "T\(UUID().uuidString.prefix(6))-"
            try await RecordRepository(database: store.database).store(dataset(prefix: prefix), source: "test")

            let known = try await repository.knownHazards()
            #expect(known["\(prefix)HA-1"]?.releasedM2 == 6_000)
            #expect(known["\(prefix)HA-2"]?.recordedDate == day("2015-06-01"))
            #expect(
                try await RecordRepository(database: store.database).storedKeys(
                    Settlement.info,
                    among: ["\(prefix)ST-1", "nope"]
                ) == ["\(prefix)ST-1"]
            )

            let hazards = try await repository.hazards(withGeometry: true).filter { $0.localID.hasPrefix(prefix) }
            #expect(hazards.count == 2)
            // What the user entered is what is stored; a hazard without entered text gets its rings written out.
            #expect(hazards[0].rings.first?.count == 4)
            #expect(hazards[1].rings.first?.count == 7)

            // The spatial index finds the GBAO hazard by its box only.
            let gbao = try await StoreDialect.spatialCandidates(
                in: "hazardous_areas",
                box: (71.49, 37.49, 71.51, 37.51),
                store.database
            )
            struct Row: Decodable { let local_id: String }
            let sql = store.database as! any SQLDatabase
            let names = try await sql.select().column("local_id").from("hazardous_areas").where("id", .in, gbao).all(
                decoding: Row.self
            )
            #expect(names.map(\.local_id).filter { $0.hasPrefix(prefix) } == ["\(prefix)HA-2"])

            let (recorded, released) = try await repository.progressFlows(asOf: day("2016-01-01"))
            let ours = { (region: String) in region.hasPrefix(prefix) }
            #expect(
                recorded.filter { ours($0.region) }.sorted { $0.region < $1.region } == [
                    ProgressTable.RecordedFlow(
                        region: "\(prefix)GBAO",
                        contamination: "ERW",
                        year: 2015,
                        areaM2: 21_000
                    ),
                    ProgressTable.RecordedFlow(
                        region: "\(prefix)Khatlon",
                        contamination: "AP",
                        year: 2010,
                        areaM2: 26_000
                    ),
                ]
            )
            // The 2016 cancellation comes after the day.
            #expect(
                released.filter { ours($0.region) } == [
                    ProgressTable.ReleasedFlow(
                        region: "\(prefix)Khatlon",
                        contamination: "AP",
                        year: 2014,
                        method: .cleared,
                        areaM2: 6_000
                    )
                ]
            )
        }
    }

    @Test(arguments: TreatyStoreTests.configurations)
    func keptFlowsAgreeWithTheRecordsAfterEveryImport(_ configuration: StoreConfiguration) async throws {
        try await withStore(configuration) { (store: Store) async throws -> Void in
            let repository = LandRepository(database: store.database)
            let prefix = "F\(UUID().uuidString.prefix(6))-"
            try await RecordRepository(database: store.database).store(dataset(prefix: prefix), source: "first")
            // A later import releases more of a hazard the first one stored.
            var later = Dataset()
            later.releases = [
                LandRelease(
                    localID: "\(prefix)RE-3",
                    hazardID: "\(prefix)HA-1",
                    date: day("2014-08-20"),
                    method: .cleared,
                    areaM2: 500,
                    devicesFound: 2
                ),
                LandRelease(
                    localID: "\(prefix)RE-4",
                    hazardID: "\(prefix)HA-1",
                    date: day("2016-06-15"),
                    method: .reduced,
                    areaM2: 700,
                    devicesFound: 0
                ),
            ]
            try await RecordRepository(database: store.database).store(later, source: "second")
            func ours<T>(_ flows: [T], _ region: (T) -> String) -> [T] { flows.filter { region($0).hasPrefix(prefix) } }
            for date in ["2014-09-01", "2016-01-01", "2016-07-01", "2030-01-01"].map(day) {
                let kept = try await repository.progressFlows(asOf: date)
                let summed = try await repository.progressFlowsFromRecords(asOf: date)
                #expect(Set(ours(kept.0, \.region)) == Set(ours(summed.0, \.region)), "\(date)")
                #expect(Set(ours(kept.1, \.region)) == Set(ours(summed.1, \.region)), "\(date)")
            }
            let (_, released) = try await repository.progressFlows(asOf: day("2015-01-01"))
            #expect(
                ours(released, \.region) == [
                    ProgressTable.ReleasedFlow(
                        region: "\(prefix)Khatlon",
                        contamination: "AP",
                        year: 2014,
                        method: .cleared,
                        areaM2: 6_500
                    )
                ]
            )
        }
    }

    @Test(arguments: TreatyStoreTests.configurations)
    func aViewOfSomeHazardsAndAPageOfReleasesAgreeWithTheWhole(_ configuration: StoreConfiguration) async throws {
        try await withStore(configuration) { (store: Store) async throws -> Void in
            let repository = LandRepository(database: store.database)
            let prefix = "V\(UUID().uuidString.prefix(6))-"
            var d = dataset(prefix: prefix)
            d.releases.append(
                LandRelease(
                    localID: "\(prefix)RE-3",
                    hazardID: "\(prefix)HA-1",
                    date: day("2016-03-01"),
                    method: .reduced,
                    areaM2: 4_000,
                    devicesFound: 0
                )
            )
            d.revisions = [
                HazardRevision(
                    localID: "\(prefix)RV-1",
                    hazardID: "\(prefix)HA-2",
                    dateOfInformation: day("2015-09-01"),
                    classification: .confirmed,
                    accessibility: .inaccessible,
                    inaccessibleReason: "snow",
                    reason: "NTS"
                )
            ]
            try await RecordRepository(database: store.database).store(d, source: "test")
            let ids = ["\(prefix)HA-1", "\(prefix)HA-2"]
            for date in ["2015-01-01", "2016-02-15", "2017-01-01"].map(day) {
                let whole = Dictionary(
                    uniqueKeysWithValues: try await repository.view(asOf: date).standings.map {
                        ($0.hazard.localID, $0)
                    }
                )
                let some = try await repository.view(asOf: date, only: ids).standings
                #expect(some.map(\.hazard.localID) == ids.filter { whole[$0] != nil }, "\(date)")
                for s in some {
                    #expect(s.releasedM2 == whole[s.hazard.localID]?.releasedM2, "\(s.hazard.localID) \(date)")
                    #expect(s.classification == whole[s.hazard.localID]?.classification)
                    #expect(s.accessibility == whole[s.hazard.localID]?.accessibility)
                }
            }
            // As of 2017: HA-1 has 6,000 + 4,000 m² released of 26,000; HA-2 is closed, confirmed and inaccessible since 2015-09.
            let both = try await repository.view(asOf: day("2017-01-01"), only: ids).standings
            #expect(both.map(\.releasedM2) == [10_000, 21_000])
            #expect(both.map(\.status) == [.workedOn, .closed])
            #expect(both[1].classification == .confirmed && both[1].inaccessibleReason == "snow")
            #expect(try await repository.view(asOf: day("2017-01-01"), only: []).standings.isEmpty)

            // A page of hazards filtered in SQL agrees with filtering the whole view.
            let regions: Set<String> = ["\(prefix)Khatlon", "\(prefix)GBAO"]
            for date in ["2015-01-01", "2016-02-15", "2017-01-01"].map(day) {
                let whole = try await repository.view(asOf: date).standings.filter {
                    regions.contains($0.hazard.region)
                }
                for status in [nil] + HazardStatus.allCases.map(Optional.some) {
                    let page = try await repository.hazardPage(
                        asOf: date,
                        regions: regions,
                        contamination: nil,
                        status: status,
                        limit: 10,
                        offset: 0
                    )
                    let expected = whole.filter { status == nil || $0.status == status }
                    #expect(page.total == expected.count, "\(date) \(String(describing: status))")
                    #expect(page.standings.map(\.hazard.localID) == expected.map(\.hazard.localID))
                    #expect(page.standings.map(\.releasedM2) == expected.map(\.releasedM2))
                }
            }
            let ap = try await repository.hazardPage(
                asOf: day("2017-01-01"),
                regions: regions,
                contamination: .antiPersonnel,
                status: nil,
                limit: 10,
                offset: 0
            )
            #expect(ap.standings.map(\.hazard.localID) == ["\(prefix)HA-1"])
            let second = try await repository.hazardPage(
                asOf: day("2017-01-01"),
                regions: regions,
                contamination: nil,
                status: nil,
                limit: 1,
                offset: 1
            )
            #expect(second.total == 2 && second.standings.map(\.hazard.localID) == ["\(prefix)HA-2"])

            let page = try await repository.releasePage(
                asOf: day("2017-01-01"),
                hazard: "\(prefix)HA-1",
                method: nil,
                limit: 1,
                offset: 0
            )
            #expect(page.total == 2)
            #expect(page.releases.map(\.localID) == ["\(prefix)RE-3"])  // newest first
            let next = try await repository.releasePage(
                asOf: day("2017-01-01"),
                hazard: "\(prefix)HA-1",
                method: nil,
                limit: 1,
                offset: 1
            )
            #expect(next.releases.map(\.localID) == ["\(prefix)RE-1"])
            let cleared = try await repository.releasePage(
                asOf: day("2016-01-01"),
                hazard: "\(prefix)HA-1",
                method: .cleared,
                limit: 10,
                offset: 0
            )
            #expect(cleared.total == 1 && cleared.releases.first?.areaM2 == 6_000)
        }
    }

    /// The first import packs the empty R*Tree in one pass (`RTreePacker`); a later one inserts into it. Both
    /// leave a tree SQLite's own check accepts, and the index finds exactly the rows whose boxes meet a query box.
    @Test func aPackedSpatialIndexIsSQLitesOwnAndGrowsByInserts() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "minefree-rtree-\(UUID().uuidString).sqlite"
        ).path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        try await withStore(.sqlite(path: path)) { (store: Store) async throws -> Void in
            let repository = LandRepository(database: store.database)
            let sql = store.database as! any SQLDatabase
            func batch(_ prefix: String, _ n: Int, offset: Double) -> Dataset {
                var d = Dataset()
                // Enough hazards for three levels of 51-cell nodes, and as many points.
                d.hazards = (0..<n).map { k in
                    HazardousArea(
                        localID: "\(prefix)HA-\(k)",
                        region: "R",
                        classification: .confirmed,
                        contamination: .antiPersonnel,
                        recordedDate: day("2010-05-01"),
                        areaM2: 26_000,
                        rings: hexagon(60 + Double(k % 97) * 0.01 + offset, 30 + Double(k / 97) * 0.01 + offset)
                    )
                }
                d.settlements = (0..<n).map { k in
                    Settlement(
                        localID: "\(prefix)ST-\(k)",
                        name: "S",
                        population: 20,
                        idpHouseholds: 0,
                        location: GeoPoint(lon: 60.003 + Double(k % 89) * 0.011, lat: 30.002 - Double(k / 89) * 0.007)
                    )
                }
                return d
            }
            struct Check: Decodable { let result: String }
            struct Box: Decodable {
                let id: Int64; let min_lon: Double; let min_lat: Double; let max_lon: Double; let max_lat: Double
            }
            func verify() async throws {
                for table in ["hazardous_areas", "settlements"] {
                    let check = try await sql.raw("SELECT rtreecheck(\(bind: table + "_rtree")) AS result").first(
                        decoding: Check.self
                    )
                    #expect(check?.result == "ok", "\(table)")
                    let rows = try await sql.raw("SELECT id, min_lon, min_lat, max_lon, max_lat FROM \(ident: table)")
                        .all(decoding: Box.self)
                    let indexed = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table + "_rtree")").first(
                        decoding: Count.self
                    )
                    #expect(indexed?.n == Int64(rows.count))
                    for q in [
                        (60.1, 30.05, 60.2, 30.1), (59.0, 29.0, 59.5, 29.5), (60.0, 29.9, 61.5, 30.3),
                        (60.2555, 30.1, 60.2556, 30.3),
                    ] {
                        let found = Set(try await StoreDialect.spatialCandidates(in: table, box: q, store.database))
                        let expected = Set(
                            rows.filter {
                                $0.max_lon >= q.0 && $0.min_lon <= q.2 && $0.max_lat >= q.1 && $0.min_lat <= q.3
                            }.map(\.id)
                        )
                        #expect(found == expected, "\(table) \(q)")
                    }
                }
            }
            struct Count: Decodable { let n: Int64 }
            try await RecordRepository(database: store.database).store(batch("A", 3000, offset: 0), source: "first")
            let nodes = try await sql.raw("SELECT COUNT(*) AS n FROM hazardous_areas_rtree_node").first(
                decoding: Count.self
            )
            #expect((nodes?.n ?? 0) > 51)
            try await verify()
            try await RecordRepository(database: store.database).store(batch("B", 700, offset: 0.005), source: "second")
            try await verify()
        }
    }

    @Test func aFailedImportLeavesNoRow() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "minefree-land-\(UUID().uuidString).sqlite"
        ).path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await withStore(.sqlite(path: path)) { (store: Store) async throws -> Void in
            let repository = LandRepository(database: store.database)
            var broken = dataset(prefix: "")
            // The release names a hazard that is not stored: the foreign key fails after the hazards were written.
            broken.releases.append(
                LandRelease(
                    localID: "RE-X",
                    hazardID: "HA-404",
                    date: day("2016-01-01"),
                    method: .cleared,
                    areaM2: 1,
                    devicesFound: 0
                )
            )
            await #expect(throws: (any Error).self) {
                try await RecordRepository(database: store.database).store(broken, source: "test")
            }
            let counts = try await RecordRepository(database: store.database).counts()
            #expect(counts.allSatisfy { $0.1 == 0 })
            // The index the insert into the empty table dropped, to build it after, is back with the rollback.
            struct Index: Decodable { let name: String }
            let indexes = try await (store.database as! any SQLDatabase).raw(
                "SELECT name FROM sqlite_schema WHERE type = 'index'"
            )
            .all(decoding: Index.self).map(\.name)
            #expect(indexes.contains("land_releases_by_hazard"))
        }
    }

    /// SQLite's bulk insert binds each row on the connection's own handle, which sqlite-nio keeps internal (read by
    /// reflection): if a later sqlite-nio hid it, imports would silently fall back to the slower literal path.
    /// Both paths store the same values, of the same types.
    @Test func sqliteBindsRowsOnItsHandleAndLiteralsStoreTheSame() async throws {
        let path = TreatyStoreTests.temporaryPath()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        try await withStore(.sqlite(path: path)) { (store: Store) async throws -> Void in
            let sql = store.database as! any SQLDatabase
            #expect(try await StoreDialect.withSQLiteHandle(store.database) { _ in true } == true)
            try await sql.raw("CREATE TABLE bulk_probe (k TEXT, i INTEGER, d REAL, n TEXT)").run()
            let values: [(String, Int64?, Double, String?)] = [
                ("a'b", 1, 0.1, nil), ("", nil, -1.5e-7, "x\"y\\z\n"), ("Qal'ai ü 😀", Int64.max, 45.123456, ""),
            ]
            let rows = BulkRows(table: "bulk_probe", columns: ["k", "i", "d", "n"], count: values.count) { i, w in
                let v = values[i]
                try w.text(v.0); w.int(v.1); try w.double(v.2); try w.text(v.3)
            }
            try await StoreDialect.bulkInsert([rows], on: store.database)
            try await StoreDialect.insertLiterals([rows], sql)
            struct Row: Decodable, Equatable {
                let k: String; let i: Int64?; let d: Double; let n: String?; let types: String
            }
            let stored = try await sql.raw(
                """
                SELECT k, i, d, n, typeof(k) || typeof(i) || typeof(d) || typeof(n) AS types FROM bulk_probe ORDER BY rowid
                """
            ).all(decoding: Row.self)
            #expect(stored.count == 6)
            #expect(Array(stored.prefix(3)) == Array(stored.suffix(3)))
            #expect(stored.prefix(3).map(\.k) == values.map(\.0))
            #expect(stored.prefix(3).map(\.d) == values.map(\.2))
            #expect(stored.first?.types == "textintegerrealnull")
            // A row with fewer values than columns is refused, not half-bound.
            let short = BulkRows(table: "bulk_probe", columns: ["k", "i"], count: 1) { _, w in try w.text("only") }
            await #expect(throws: StoreDialect.BulkWriteError.self) {
                try await StoreDialect.bulkInsert([short], on: store.database)
            }
        }
    }
}
