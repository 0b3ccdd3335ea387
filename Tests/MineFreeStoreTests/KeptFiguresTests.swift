import FluentKit
import Foundation
import MineFreeCore
import SQLKit
import Testing

@testable import MineFreeStore

/// What the server reads instead of summing every record (migration 012) equals what summing every record gives:
/// progress for every day of a year, each hazard's standing, the counts, the baseline split, keyset pages; on
/// SQLite and, with `DATABASE_URL`, PostgreSQL.
@Suite(.serialized) struct KeptFiguresTests {
    func day(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }

    /// A small programme in two imports: hazards recorded through 2015 and 2016 in three regions, releases of each
    /// after its recording (the second import releases more of the first's hazards and brings hazards of its own).
    func programme(prefix: String) -> (first: Dataset, second: Dataset, regions: Set<String>) {
        var seed: UInt64 = 0x5EED
        func next(_ n: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(n))
        }
        let regions = ["\(prefix)Khatlon", "\(prefix)GBAO", "\(prefix)Sughd"]
        let start = day("2015-01-01")
        func hazard(_ i: Int) -> HazardousArea {
            HazardousArea(
                localID: "\(prefix)HA-\(String(format: "%03d", i))",
                region: regions[next(3)],
                classification: next(2) == 0 ? .confirmed : .suspected,
                contamination: next(3) == 0 ? .explosiveRemnants : .antiPersonnel,
                recordedDate: start.adding(days: next(700)),
                areaM2: Int64(10_000 + next(40) * 1_000),
                rings: [
                    [
                        GeoPoint(lon: 68.0 + Double(i) * 0.01, lat: 38.0),
                        GeoPoint(lon: 68.005 + Double(i) * 0.01, lat: 38.0),
                        GeoPoint(lon: 68.005 + Double(i) * 0.01, lat: 38.005),
                        GeoPoint(lon: 68.0 + Double(i) * 0.01, lat: 38.0),
                    ]
                ]
            )
        }
        var released: [String: Int64] = [:]
        var n = 0
        func releases(of h: HazardousArea, count: Int) -> [LandRelease] {
            (0..<count).compactMap { _ -> LandRelease? in
                let left = h.areaM2 - released[h.localID, default: 0]
                guard left > 0 else { return nil }
                let m2 = min(left, Int64(1_000 + next(12) * 1_000))
                released[h.localID, default: 0] += m2
                n += 1
                return LandRelease(
                    localID: "\(prefix)RE-\(n)",
                    hazardID: h.localID,
                    // On the day of recording at the earliest, up to two years after.
                    date: h.recordedDate.adding(days: next(730)),
                    method: ReleaseMethod.allCases[next(3)],
                    areaM2: m2,
                    devicesFound: Int64(next(4))
                )
            }
        }
        var first = Dataset()
        first.hazards = (0..<30).map(hazard)
        first.releases = first.hazards.flatMap { releases(of: $0, count: next(4)) }
        var second = Dataset()
        second.hazards = (30..<45).map(hazard)
        second.releases =
            first.hazards.flatMap { releases(of: $0, count: next(3)) }
            + second.hazards.flatMap { releases(of: $0, count: next(4)) }
        return (first, second, Set(regions))
    }

    func stored(_ store: Store, prefix: String) async throws -> Set<String> {
        let p = programme(prefix: prefix)
        try await RecordRepository(database: store.database).store(p.first, source: "first")
        try await RecordRepository(database: store.database).store(p.second, source: "second")
        return p.regions
    }

    /// Flows summed per key, of this test's regions only (PostgreSQL is shared with the other tests).
    func normalised(_ flows: ([ProgressTable.RecordedFlow], [ProgressTable.ReleasedFlow]), prefix: String) -> (
        [String: Int64], [String: Int64]
    ) {
        var recorded: [String: Int64] = [:]
        var released: [String: Int64] = [:]
        for f in flows.0 where f.region.hasPrefix(prefix) {
            recorded["\(f.region) \(f.contamination) \(f.year)", default: 0] += f.areaM2
        }
        for f in flows.1 where f.region.hasPrefix(prefix) {
            released["\(f.region) \(f.contamination) \(f.year) \(f.method.rawValue)", default: 0] += f.areaM2
        }
        return (recorded.filter { $0.value != 0 }, released.filter { $0.value != 0 })
    }

    @Test(arguments: TreatyStoreTests.configurations)
    func progressAsOfEveryDayOfAYearAgreesWithTheRecords(_ configuration: StoreConfiguration) async throws {
        try await withStore(configuration) { (store: Store) async throws -> Void in
            let prefix = "P\(UUID().uuidString.prefix(6))-"
            _ = try await stored(store, prefix: prefix)
            let land = LandRepository(database: store.database)
            var checked = 0
            var sawPartialMonth = false
            for offset in 0..<366 {
                let date = day("2016-01-01").adding(days: offset)
                let fast = normalised(try await land.progressFlows(asOf: date), prefix: prefix)
                let slow = normalised(try await land.progressFlowsFromRecords(asOf: date), prefix: prefix)
                #expect(fast.0 == slow.0, "recorded as of \(date)")
                #expect(fast.1 == slow.1, "released as of \(date)")
                if date.day > 1, !sawPartialMonth {
                    let month = CalendarDate(year: date.year, month: date.month, day: 1)!
                    let part = try await land.progressFlowsFromRecords(asOf: date, since: month)
                    sawPartialMonth = !normalised(part, prefix: prefix).1.isEmpty
                }
                checked += 1
            }
            #expect(checked == 366)
            // The days inside a month did read records of that month, not only kept flows.
            #expect(sawPartialMonth)
            // A whole figure as a check on the test itself: everything recorded is counted once all of it is known.
            let all = normalised(try await land.progressFlows(asOf: day("2030-01-01")), prefix: prefix)
            let p = programme(prefix: prefix)
            #expect(all.0.values.reduce(0, +) == (p.first.hazards + p.second.hazards).map(\.areaM2).reduce(0, +))
            #expect(all.1.values.reduce(0, +) == (p.first.releases + p.second.releases).map(\.areaM2).reduce(0, +))
        }
    }

    @Test(arguments: TreatyStoreTests.configurations)
    func keptStandingsCountsAndSplitAgreeWithTheDerivedOnes(_ configuration: StoreConfiguration) async throws {
        try await withStore(configuration) { (store: Store) async throws -> Void in
            let prefix = "K\(UUID().uuidString.prefix(6))-"
            let regions = try await stored(store, prefix: prefix)
            let land = LandRepository(database: store.database)
            let sql = store.database as! any SQLDatabase

            // The kept totals are the releases' sums and last days, after two imports.
            struct Total: Decodable, Equatable {
                let hazard_id: String; let released_m2: Int64; let last_release: String
            }
            let kept = try await sql.raw(
                "SELECT hazard_id, released_m2, last_release FROM hazard_release_totals WHERE hazard_id LIKE \(bind: prefix + "%") ORDER BY hazard_id"
            ).all(decoding: Total.self)
            let p = programme(prefix: prefix)
            let releases = p.first.releases + p.second.releases
            let expected = Dictionary(grouping: releases, by: \.hazardID).map { id, rs in
                Total(
                    hazard_id: id,
                    released_m2: rs.map(\.areaM2).reduce(0, +),
                    last_release: rs.map(\.date).max()!.iso
                )
            }.sorted { $0.hazard_id < $1.hazard_id }
            #expect(kept == expected)
            #expect(kept.count > 30)

            // Every 9th day from 2015 to 2018: each status filter's page and count, and the split.
            for offset in stride(from: 0, to: 4 * 365, by: 9) {
                let date = day("2015-01-01").adding(days: offset)
                let whole = try await land.view(asOf: date).standings.filter { regions.contains($0.hazard.region) }
                for status in [nil] + HazardStatus.allCases.map(Optional.some) {
                    let filter = LandRepository.HazardFilter(asOf: date, regions: regions, status: status)
                    let want = whole.filter { status == nil || $0.status == status }
                    let page = try await land.hazardPage(filter, limit: 1000)
                    #expect(
                        page.map(\.hazard.localID) == want.map(\.hazard.localID),
                        "\(date) \(String(describing: status))"
                    )
                    #expect(page.map(\.releasedM2) == want.map(\.releasedM2), "\(date)")
                    #expect(try await land.hazardCount(filter) == want.count, "\(date)")
                }
                let split = try await land.baselineSplit(asOf: date, baseline: day("2016-01-01"), regions: regions)
                let derived = LandView(
                    hazards: whole.map(\.hazard),
                    releasedBefore: Dictionary(uniqueKeysWithValues: whole.map { ($0.hazard.localID, $0.releasedM2) }),
                    revisions: [],
                    asOf: date
                ).split(baseline: day("2016-01-01"))
                #expect(split == derived, "\(date)")
            }

            // Keyset pages, seven at a time, walk the whole list once, in order.
            let date = day("2016-09-15")
            let filter = LandRepository.HazardFilter(asOf: date, regions: regions)
            let whole = try await land.hazardPage(filter, limit: 1000).map(\.hazard.localID)
            var walked: [String] = []
            var after: String?
            while true {
                let page = try await land.hazardPage(filter, after: after, limit: 7)
                walked += page.map(\.hazard.localID)
                guard page.count == 7 else { break }
                after = page.last?.hazard.localID
            }
            #expect(walked == whole)
            #expect(whole.count == (p.first.hazards + p.second.hazards).filter { $0.recordedDate < date }.count)
        }
    }

    @Test(arguments: TreatyStoreTests.configurations)
    func everyImportRaisesTheGeneration(_ configuration: StoreConfiguration) async throws {
        try await withStore(configuration) { (store: Store) async throws -> Void in
            let before = try await StoreChanges.current(store.database)
            let p = programme(prefix: "G\(UUID().uuidString.prefix(6))-")
            try await RecordRepository(database: store.database).store(p.first, source: "first")
            let after = try await StoreChanges.current(store.database)
            // PostgreSQL is shared: other tests' imports may raise it too, never lower it.
            #expect(after.generation > before.generation)
            #expect(after.changedAt >= before.changedAt)
            #expect(after.changedAt.timeIntervalSinceNow > -60)
        }
    }
}
