import CompressNIO
import Foundation
import MineFreeCore
import MineFreeStore
import NIOConcurrencyHelpers
import NIOCore
import Testing
import Vapor
import VaporTesting

@testable import MineFreeServer

/// What the server keeps between requests (`ReadCache`, `ReadAnswers`): a kept answer equals the one computed, a
/// new import or a refused role is never answered from it, revalidation costs a 304, large bodies travel gzipped.
@Suite struct ReadCacheTests {
    func get(_ app: Application, _ path: String, _ headers: HTTPHeaders = [:]) async throws -> (
        HTTPResponseStatus, HTTPHeaders, ByteBuffer
    ) {
        var result: (HTTPResponseStatus, HTTPHeaders, ByteBuffer)?
        try await app.testing().test(.GET, path, headers: headers) { res async in
            result = (res.status, res.headers, res.body)
        }
        return try #require(result)
    }

    @Test func aKeptAnswerEqualsTheComputedOneAndRevalidatesToA304() async throws {
        try await ServerFixture.withApp(published: [.progress, .hazards]) { app in
            for path in [
                "/api/v1/states", "/api/v1/progress?as_of=2024-06-17", "/api/v1/hazards?limit=5&status=worked_on",
                "/ogc/collections/hazards/items?limit=3",
            ] {
                // Other tests import while this one runs: read, read again and revalidate while the store's
                // generation held still.
                let ((s1, h1, first), (s2, h2, second), (s3, body3)) = try await ServerFixture.whileUnchanged {
                    let one = try await get(app, path)
                    let two = try await get(app, path)
                    var revalidate = HTTPHeaders()
                    revalidate.add(name: "If-None-Match", value: one.1.first(name: "ETag") ?? "")
                    let three = try await get(app, path, revalidate)
                    return (one, two, (three.0, three.2))
                }
                #expect(s1 == .ok && s2 == .ok, "\(path)")
                #expect(first == second, "\(path): the kept answer is the computed one")
                let etag = try #require(h1.first(name: "ETag"))
                #expect(h2.first(name: "ETag") == etag)
                #expect(h1.first(name: .cacheControl) == "public, no-cache")
                #expect(h1.first(name: .lastModified)?.hasSuffix(" GMT") == true)
                #expect(s3 == .notModified && body3.readableBytes == 0, "\(path)")
                var stale = HTTPHeaders()
                stale.add(name: "If-None-Match", value: "\"0000\"")
                #expect(try await get(app, path, stale).0 == .ok)
            }
            // Pages too: a tag from the body, private once someone is signed in.
            let token = try await ServerFixture.token(app, "viewer")
            let (status, headers, _) = try await get(app, "/treaty", ServerFixture.bearer(token))
            #expect(status == .ok && headers.first(name: .cacheControl) == "private, no-cache")
            #expect(headers.first(name: "ETag") != nil)
        }
    }

    @Test func aRoleThatMayNotReadIsNeverAnsweredFromWhatAnotherWasGiven() async throws {
        try await ServerFixture.withApp(published: [.progress]) { app in
            let token = try await ServerFixture.token(app, "viewer")
            let path = "/api/v1/hazards?limit=3"
            #expect(try await get(app, path, ServerFixture.bearer(token)).0 == .ok)
            #expect(try await get(app, path, ServerFixture.bearer(token)).0 == .ok)
            #expect(try await get(app, path).0 == .unauthorized)
        }
    }

    @Test func largeAnswersTravelGzippedAndUnzipToTheSameBytes() async throws {
        try await ServerFixture.withApp(published: [.progress, .hazards]) { app in
            // The registry's states: a large answer that other tests' imports (new generations) do not change.
            let path = "/api/v1/states"
            let (_, plainHeaders, plain) = try await get(app, path)
            #expect(plainHeaders.first(name: .contentEncoding) == nil)
            #expect(plain.readableBytes > ReadAnswers.gzipFrom)
            var accept = HTTPHeaders()
            accept.add(name: .acceptEncoding, value: "gzip, deflate, br")
            for _ in 0..<2 {  // computed, then kept
                var (status, headers, zipped) = try await get(app, path, accept)
                #expect(status == .ok && headers.first(name: .contentEncoding) == "gzip")
                #expect(zipped.readableBytes < plain.readableBytes / 3)
                let unzipped = try zipped.decompress(with: .gzip())
                #expect(unzipped == plain)
            }
            var refused = HTTPHeaders()
            refused.add(name: .acceptEncoding, value: "gzip;q=0")
            #expect(try await get(app, path, refused).1.first(name: .contentEncoding) == nil)
        }
    }

    @Test func anImportOutsideTheServerIsSeenAtTheNextRequest() async throws {
        try await ServerFixture.withApp(published: [.progress, .hazards]) { app in
            let services = app.minefree
            let path = "/api/v1/progress?as_of=2035-01-01"
            func released() async throws -> Int64 {
                let (_, _, body) = try await get(app, path)
                let json = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
                let national = try #require(json?["national"] as? [String: Any])
                return try #require((national["released_m2"] as? NSNumber)?.int64Value)
            }
            let before = try await released()
            #expect(try await released() == before)  // kept
            // A new hazard and a release of it, stored as `minefree import` beside the server would; inside the demo's
            // box, as other tests running meanwhile expect the layer's extent to be.
            let id = "RC-\(UUID().uuidString.prefix(8))"
            var d = Dataset()
            d.hazards = [
                HazardousArea(
                    localID: id,
                    region: "RC",
                    classification: .confirmed,
                    contamination: .antiPersonnel,
                    recordedDate: CalendarDate(iso: "2030-01-01")!,
                    areaM2: 5_000,
                    rings: [
                        [
                            GeoPoint(lon: 45.0, lat: 38.6), GeoPoint(lon: 45.001, lat: 38.6),
                            GeoPoint(lon: 45.001, lat: 38.601), GeoPoint(lon: 45.0, lat: 38.6),
                        ]
                    ]
                )
            ]
            d.releases = [
                LandRelease(
                    localID: id + "-R",
                    hazardID: id,
                    date: CalendarDate(iso: "2031-03-17")!,
                    method: .cleared,
                    areaM2: 1_234,
                    devicesFound: 1
                )
            ]
            try await RecordRepository(database: services.store.database).store(d, source: "test")
            #expect(try await released() == before + 1_234)
            // And the figure served equals the one summed from every record (the slow path).
            let land = services.land
            let day = CalendarDate(iso: "2035-01-01")!
            let (recorded, releasedFlows) = try await land.progressFlowsFromRecords(asOf: day)
            let slow = ProgressSummary.of(recorded: recorded, released: releasedFlows, asOf: day)
            #expect(try await released() == slow.national.releasedM2)
        }
    }

    @Test func theHTTPDateRoundTripsAndStampsAreOrdered() {
        let date = Date(timeIntervalSince1970: 784_111_777)  // RFC 9110's example instant
        #expect(ReadAnswers.httpDate(date) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(ReadAnswers.parseHTTPDate("Sun, 06 Nov 1994 08:49:37 GMT") == date)
        #expect(ReadAnswers.parseHTTPDate("Sunday, 06-Nov-94 08:49:37 GMT") == nil)
        let day = CalendarDate(iso: "2026-12-03")!
        let a = ReadCache.Stamp(generation: 4, day: day, changedAt: date)
        #expect(ReadCache.Stamp(generation: 5, day: day, changedAt: date).isNewer(than: a))
        #expect(ReadCache.Stamp(generation: 4, day: day.adding(days: 1), changedAt: date).isNewer(than: a))
        #expect(!a.isNewer(than: a))
    }

    @Test func oneComputationServesEveryConcurrentAskerAndAnOlderStampIsNotKept() async throws {
        let cache = ReadCache(maxBytes: 1 << 20)
        let day = CalendarDate(iso: "2026-12-03")!
        let stamp = ReadCache.Stamp(generation: 7, day: day, changedAt: Date())
        let runs = NIOLockedValueBox(0)
        let values = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<32 {
                group.addTask {
                    try await cache.value("k", stamp: stamp) {
                        runs.withLockedValue { $0 += 1 }
                        try await Task.sleep(for: .milliseconds(50))
                        return 42
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(values == Array(repeating: 42, count: 32))
        #expect(runs.withLockedValue { $0 } == 1)
        // A request that read the generation before a newer one was seen computes its own value, unkept.
        let older = ReadCache.Stamp(generation: 6, day: day, changedAt: Date())
        #expect(try await cache.value("k", stamp: older) { 41 } == 41)
        #expect(try await cache.value("k", stamp: stamp) { 0 } == 42)
        // A newer generation makes every kept value stale.
        let newer = ReadCache.Stamp(generation: 8, day: day, changedAt: Date())
        #expect(try await cache.value("k", stamp: newer) { 43 } == 43)
    }

    @Test func whatIsKeptStaysWithinItsBudgetWhateverIsAsked() async throws {
        let cache = ReadCache(maxBytes: 10_000, maxEntries: 50)
        let stamp = ReadCache.Stamp(generation: 1, day: CalendarDate(iso: "2026-12-03")!, changedAt: Date())
        // A crawler asking for a thousand different pages of a kilobyte each: every answer right, few kept.
        for i in 0..<1_000 {
            let page = try await cache.value("page \(i)", stamp: stamp) {
                String(repeating: "x", count: 1_000) + "\(i)"
            }
            #expect(page.hasSuffix("\(i)"))
        }
        #expect(cache.kept.bytes <= 10_000)
        #expect(cache.kept.entries <= 50)
        // Small figures are bounded by their number.
        let many = ReadCache(maxBytes: 1 << 30, maxEntries: 50)
        for i in 0..<500 { #expect(try await many.value("n \(i)", stamp: stamp) { i } == i) }
        #expect(many.kept.entries == 50)
    }
}

/// `StoreStateReads`: the requests waiting at once share one read, and none is answered from a read that began before
/// it arrived (a write committed before a request is seen by it).
@Suite struct StoreStateReadsTests {
    @Test func concurrentRequestsShareReadsThatBeganAfterTheyArrived() async throws {
        // The "store": a generation a writer keeps raising; each read takes a little while, like a round trip.
        let generation = NIOLockedValueBox<Int64>(1)
        let account = Account(id: 7, username: "ann", displayName: "Ann", role: .viewer, organisation: "")
        let reads = StoreStateReads { hashes in
            let seen = generation.withLockedValue { $0 }
            try await Task.sleep(for: .milliseconds(2))
            return (
                StoreChanges.State(generation: seen, changedAt: nil),
                Dictionary(uniqueKeysWithValues: hashes.filter { $0.hasPrefix("live") }.map { ($0, account) })
            )
        }
        let writer = Task {
            while !Task.isCancelled {
                generation.withLockedValue { $0 += 1 }
                try? await Task.sleep(for: .microseconds(300))
            }
        }
        let requests = 2_000
        let stale = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<requests {
                group.addTask {
                    let token = i % 3 == 0 ? nil : (i % 3 == 1 ? "live-\(i)" : "dead-\(i)")
                    let arrived = generation.withLockedValue { $0 }
                    let answer = try await reads.read(tokenHash: token)
                    #expect(answer.account == (i % 3 == 1 ? account : nil), "request \(i)")
                    return answer.store.generation < arrived ? 1 : 0
                }
            }
            return try await group.reduce(0, +)
        }
        writer.cancel()
        #expect(stale == 0, "no request is answered from a read that began before it arrived")
        // Far fewer statements than requests (each read serves all who waited for it).
        #expect(reads.reads >= 1 && reads.reads < requests / 4, "\(reads.reads) reads for \(requests) requests")
    }

    @Test func aFailedReadFailsItsWaitersAndTheNextReadServesAgain() async throws {
        let fail = NIOLockedValueBox(true)
        struct Down: Error {}
        let reads = StoreStateReads { _ in
            if fail.withLockedValue({ $0 }) { throw Down() }
            return (StoreChanges.State(generation: 5, changedAt: nil), [:])
        }
        await #expect(throws: Down.self) { try await reads.read(tokenHash: "t") }
        fail.withLockedValue { $0 = false }
        #expect(try await reads.read(tokenHash: nil).store.generation == 5)
    }
}
