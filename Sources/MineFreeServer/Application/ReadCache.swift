import CompressNIO
import Crypto
import Foundation
import MineFreeCore
import MineFreeStore
import NIOConcurrencyHelpers
import Vapor

/// Figures and whole answers kept for one store generation and one day (`Stamp`): a new import, a new reference-data
/// load or midnight makes every kept value stale at once, and the next request computes afresh. The generation is
/// read from the store on each request (`StoreChanges`), so a write by `minefree import` beside the server, or by
/// another server on the same PostgreSQL, is seen at once. Concurrent requests for the same value wait for one
/// computation instead of each running it (a page read by a crowd costs one query, not sixty-four).
final class ReadCache: Sendable {
    /// What every kept value depends on besides its key.
    struct Stamp: Hashable, Sendable {
        let generation: Int64
        let day: CalendarDate
        /// When the store last changed: `Last-Modified` (never before the day began, whose date figures depend on).
        let changedAt: Date

        func isNewer(than other: Stamp) -> Bool {
            (generation, day) > (other.generation, other.day)
        }
    }

    /// A kept answer: its body, once gzipped, and the validators.
    struct Answer: Sendable {
        let contentType: String
        let body: ByteBuffer
        let gzipped: ByteBuffer?
        let etag: String
        var bytes: Int { body.readableBytes + (gzipped?.readableBytes ?? 0) }
    }

    private struct State {
        var stamp: Stamp?
        var values: [String: Task<any Sendable, any Error>] = [:]
        var bytes = 0
    }

    private let state = NIOLockedValueBox(State())
    /// The most the kept answers and figures may hold (bytes, estimated); past it, values are computed and served
    /// without being kept until the next generation or day. No request can grow what is kept beyond it.
    let maxBytes: Int
    /// The most values kept at once, however small each is.
    let maxEntries: Int

    init(maxBytes: Int, maxEntries: Int = 20_000) {
        self.maxBytes = maxBytes
        self.maxEntries = maxEntries
    }

    /// The value of `key` for `stamp`: the one kept, one being computed, or `compute`'s, kept when it succeeds and
    /// fits. A stamp older than the kept one (a request that read the generation just before an import committed)
    /// computes without keeping.
    func value<T: Sendable>(
        _ key: String,
        stamp: Stamp,
        compute: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let task: Task<any Sendable, any Error>? = state.withLockedValue { s in
            if let kept = s.stamp, kept.isNewer(than: stamp) { return nil }
            if s.stamp != stamp { s = State(stamp: stamp) }
            if let existing = s.values[key] { return existing }
            guard s.values.count < maxEntries, s.bytes < maxBytes else { return nil }
            let task = Task<any Sendable, any Error> {
                let value = try await compute()
                self.account(key, stamp: stamp, bytes: Self.estimatedBytes(of: value))
                return value
            }
            s.values[key] = task
            return task
        }
        guard let task else { return try await compute() }
        do {
            guard let value = try await task.value as? T else { return try await compute() }
            return value
        } catch {
            // A failure is not kept: the next request tries again.
            state.withLockedValue { s in
                if s.stamp == stamp, let kept = s.values[key], kept == task { s.values[key] = nil }
            }
            throw error
        }
    }

    /// Counts a computed value against the budget, or lets it go if it does not fit.
    private func account(_ key: String, stamp: Stamp, bytes: Int) {
        state.withLockedValue { s in
            guard s.stamp == stamp, s.values[key] != nil else { return }
            if s.bytes + bytes > maxBytes {
                s.values[key] = nil
            } else {
                s.bytes += bytes
            }
        }
    }

    /// What a kept value holds, roughly: a page's text by its bytes, a set of figures by a kilobyte.
    static func estimatedBytes(of value: any Sendable) -> Int {
        switch value {
        case let text as String: return text.utf8.count + 64
        case let answer as Answer: return answer.bytes + 256
        default: return 1024
        }
    }

    /// Keeps an answer if it fits in what is left; returns whether it was kept.
    func keep(_ answer: Answer, _ key: String, stamp: Stamp) -> Bool {
        state.withLockedValue { s in
            if let kept = s.stamp, kept.isNewer(than: stamp) { return false }
            if s.stamp != stamp { s = State(stamp: stamp) }
            let bytes = Self.estimatedBytes(of: answer)
            guard s.bytes + bytes <= maxBytes, s.values.count < maxEntries else { return false }
            s.bytes += bytes
            s.values[key] = Task { answer }
            return true
        }
    }

    /// The answer kept for `key` and `stamp`, if any (not waiting for one being computed).
    func answer(_ key: String, stamp: Stamp) async -> Answer? {
        let task = state.withLockedValue { s in s.stamp == stamp ? s.values[key] : nil }
        return try? await task?.value as? Answer
    }

    /// The keys kept or being computed (for tests).
    var keys: Set<String> { state.withLockedValue { Set($0.values.keys) } }

    /// How much the kept answers and figures hold, and how many there are (for tests).
    var kept: (bytes: Int, entries: Int) { state.withLockedValue { ($0.bytes, $0.values.count) } }
}

extension Request {
    private struct StampKey: StorageKey { typealias Value = ReadCache.Stamp }

    /// This request's stamp: the store's generation (read once per request, or with the bearer token's account) and
    /// today.
    func readStamp() async throws -> ReadCache.Stamp {
        if let stamp = storage[StampKey.self] { return stamp }
        return stampReadWith(try await minefree.storeStateReads.read(tokenHash: nil).store)
    }

    /// Sets this request's stamp from the store's generation read along with something else (one round trip).
    @discardableResult
    func stampReadWith(_ changes: StoreChanges.State) -> ReadCache.Stamp {
        let day = CalendarDate.today()
        let dayStart = Date(timeIntervalSince1970: TimeInterval(day.dayNumber) * 86_400)
        let stamp = ReadCache.Stamp(
            generation: changes.generation,
            day: day,
            changedAt: max(changes.changedAt, dayStart)
        )
        storage[StampKey.self] = stamp
        if minefree.settings.warmPlanning { minefree.planningWarmer.notice(stamp, minefree) }
        return stamp
    }

    /// A figure kept for this generation and day: `key` must name everything else it depends on.
    func keptFigure<T: Sendable>(_ key: String, compute: @escaping @Sendable () async throws -> T) async throws -> T {
        try await minefree.readCache.value(key, stamp: try await readStamp(), compute: compute)
    }
}

/// Answers of the read API and the OGC items kept whole, per role and organisation, URL and stamp; and for every GET
/// answer: an `ETag` (a hash of the body) that turns a revalidation into `304 Not Modified`, `Cache-Control` that
/// makes browsers and proxies revalidate (private when the answer was for someone signed in), and gzip for large
/// bodies. Innermost: the account is known, and a refused request never reaches it.
struct ReadAnswers: AsyncMiddleware {
    /// Answers that depend only on the URL, the role (and organisation), the store and the day.
    static let keptPrefixes = [
        "/api/v1/states", "/api/v1/deadlines", "/api/v1/universalization", "/api/v1/hazards", "/api/v1/releases",
        "/api/v1/organisations", "/api/v1/admin-areas", "/api/v1/settlements", "/api/v1/activities", "/api/v1/assets",
        "/api/v1/finds", "/api/v1/progress", "/api/v1/priorities", "/api/v1/forecast", "/ogc/collections",
        "/api/v1/action-plans", "/api/v1/instruments",
    ]
    /// Bodies from this size on are gzipped for a client that accepts it.
    static let personalPrefixes = ["/api/v1/people/", "/people/"]

    static let gzipFrom = 8 * 1024

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .GET else { return try await next.respond(to: request) }
        let path = request.url.path
        if Self.personalPrefixes.contains(where: { path.hasPrefix($0) }) {
            // Personal data: read afresh (and audited) every time, kept by no cache on the way.
            let response = try await next.respond(to: request)
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            return response
        }
        guard Self.keptPrefixes.contains(where: { path == $0 || path.hasPrefix($0 + "/") }) else {
            let response = try await next.respond(to: request)
            return try Self.validated(response, for: request, lastModified: nil)
        }
        let stamp = try await request.readStamp()
        let key = "answer \(request.account.role.rawValue) \(request.account.organisation) \(request.url.string)"
        let cache = request.minefree.readCache
        if let answer = await cache.answer(key, stamp: stamp) {
            return Self.response(answer, for: request, stamp: stamp)
        }
        let response = try await next.respond(to: request)
        // The generated API handlers stream their body: collected here (an answer is at most a page).
        guard response.status == .ok, response.headers.first(name: "ETag") == nil,
            let body = try await response.body.collect(on: request.eventLoop).get()
        else { return try Self.validated(response, for: request, lastModified: stamp.changedAt) }
        let answer = Answer(
            contentType: response.headers.first(name: .contentType) ?? "application/json",
            body: body,
            gzipped: body.readableBytes >= Self.gzipFrom ? try Self.gzip(body) : nil,
            etag: Self.etag(body)
        )
        _ = cache.keep(answer, key, stamp: stamp)
        return Self.response(answer, for: request, stamp: stamp)
    }

    typealias Answer = ReadCache.Answer

    static func response(_ answer: Answer, for request: Request, stamp: ReadCache.Stamp) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: answer.contentType)
        headers.replaceOrAdd(name: "ETag", value: answer.etag)
        headers.replaceOrAdd(name: .lastModified, value: httpDate(stamp.changedAt))
        headers.replaceOrAdd(name: .cacheControl, value: cacheControl(request))
        headers.replaceOrAdd(name: .vary, value: "Accept-Encoding, Authorization, Cookie")
        if notModified(request, etag: answer.etag, lastModified: stamp.changedAt) {
            return Response(status: .notModified, headers: headers)
        }
        if let gzipped = answer.gzipped, acceptsGzip(request) {
            headers.replaceOrAdd(name: .contentEncoding, value: "gzip")
            return Response(status: .ok, headers: headers, body: .init(buffer: gzipped))
        }
        return Response(status: .ok, headers: headers, body: .init(buffer: answer.body))
    }

    /// Validators, cache rules and gzip for an answer that is not kept (pages, problems are left alone).
    static func validated(_ response: Response, for request: Request, lastModified: Date?) throws -> Response {
        guard response.status == .ok, var body = response.body.buffer,
            response.headers.first(name: .contentEncoding) == nil
        else { return response }
        let etag = response.headers.first(name: "ETag") ?? etag(body)
        response.headers.replaceOrAdd(name: "ETag", value: etag)
        if !response.headers.contains(name: .cacheControl) {
            response.headers.replaceOrAdd(name: .cacheControl, value: cacheControl(request))
        }
        if let lastModified { response.headers.replaceOrAdd(name: .lastModified, value: httpDate(lastModified)) }
        response.headers.replaceOrAdd(name: .vary, value: "Accept-Encoding, Authorization, Cookie")
        if notModified(request, etag: etag, lastModified: lastModified) {
            return Response(status: .notModified, headers: response.headers)
        }
        if body.readableBytes >= gzipFrom, acceptsGzip(request) {
            response.body = .init(buffer: try gzip(&body))
            response.headers.replaceOrAdd(name: .contentEncoding, value: "gzip")
        }
        return response
    }

    /// A strong validator from the body's bytes: equal bodies, equal tags, whichever process or day made them.
    static func etag(_ body: ByteBuffer) -> String {
        let digest = body.withUnsafeReadableBytes { SHA256.hash(data: $0) }
        return "\"" + Tokens.hex(digest.prefix(12)) + "\""
    }

    static func gzip(_ body: ByteBuffer) throws -> ByteBuffer {
        var copy = body
        return try gzip(&copy)
    }

    static func gzip(_ body: inout ByteBuffer) throws -> ByteBuffer {
        try body.compress(with: .gzip(configuration: .init(compressionLevel: 6)))
    }

    /// Revalidate every time (figures change with each import and each day), privately when the answer was made for
    /// someone signed in.
    static func cacheControl(_ request: Request) -> String {
        request.account.role == .public ? "public, no-cache" : "private, no-cache"
    }

    static func acceptsGzip(_ request: Request) -> Bool {
        request.headers[.acceptEncoding].contains { header in
            header.split(separator: ",").contains { part in
                let coding = part.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                let refused = part.replacingOccurrences(of: " ", with: "").hasSuffix(";q=0")
                return coding.lowercased() == "gzip" && !refused
            }
        }
    }

    /// RFC 9110 §13.1: If-None-Match first (any listed tag, weak or strong, matches); If-Modified-Since only without it.
    static func notModified(_ request: Request, etag: String, lastModified: Date?) -> Bool {
        let noneMatch = request.headers["If-None-Match"]
        if !noneMatch.isEmpty {
            return noneMatch.contains { header in
                header.split(separator: ",").contains { tag in
                    let t = tag.trimmingCharacters(in: .whitespaces)
                    return t == "*" || t == etag || t == "W/" + etag
                }
            }
        }
        if let lastModified, let since = request.headers.first(name: .ifModifiedSince),
            let sinceDate = parseHTTPDate(since)
        {
            return lastModified.timeIntervalSince1970.rounded(.down) <= sinceDate.timeIntervalSince1970
        }
        return false
    }

    static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// RFC 9110's IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), from the day number and the seconds of the day.
    static func httpDate(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let s = seconds - days * 86_400
        let d = CalendarDate(dayNumber: days)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        return
            "\(weekdays[((days % 7) + 7) % 7]), \(two(d.day)) \(months[d.month - 1]) \(d.year) \(two(s / 3600)):\(two(s / 60 % 60)):\(two(s % 60)) GMT"
    }

    /// An IMF-fixdate back to its instant (nil for anything else: the header is then ignored).
    static func parseHTTPDate(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]),
            let month = months.firstIndex(of: String(parts[2])),
            let year = Int(parts[3]), let date = CalendarDate(year: year, month: month + 1, day: day)
        else { return nil }
        let time = parts[4].split(separator: ":").compactMap { Int($0) }
        guard time.count == 3, (0..<24).contains(time[0]), (0..<60).contains(time[1]), (0..<61).contains(time[2])
        else { return nil }
        return Date(
            timeIntervalSince1970: TimeInterval(date.dayNumber * 86_400 + time[0] * 3600 + time[1] * 60 + time[2])
        )
    }
}
