import Foundation
import Logging
import MineFreeCore
import NIOCore
import Prometheus
import Vapor

/// One access log line per request and the request metrics `/metrics` serves.
///
/// The line is `METHOD PATH STATUS DURATIONms USER CLIENT`, written at info level to the `minefree.access`
/// logger: the path keeps the query's parameter names but never their values (a value may be a secret), the
/// user is the account's user name or `-`; no header, cookie, token, password or body is ever written.
/// It is the outermost middleware, so it sees the status the client was sent, problems included.
struct AccessLog: AsyncMiddleware {
    let logger: Logger
    let metrics: RequestMetrics

    init(_ app: Application) {
        var logger = Logger(label: "minefree.access")
        // `LOG_LEVEL` (Vapor's name for it) quietens or widens it; tests make thousands of requests in-process.
        logger.logLevel = app.environment == .testing ? .warning : .info
        if let text = Environment.get("LOG_LEVEL") {
            if let level = Logger.Level(rawValue: text.lowercased()) {
                logger.logLevel = level
            } else {
                logger.warning(
                    "LOG_LEVEL '\(text)' is not one of trace, debug, info, notice, warning, error, critical: the access log stays at \(logger.logLevel)"
                )
            }
        }
        self.logger = logger
        self.metrics = app.requestMetrics
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            // Only reached if an error escaped the problem middleware: Vapor answers it with a 500.
            let status = (error as? any AbortError)?.status.code ?? 500
            record(request, status: status, duration: ContinuousClock.now - start)
            throw error
        }
        record(request, status: response.status.code, duration: ContinuousClock.now - start)
        return response
    }

    private func record(_ request: Request, status: UInt, duration: Duration) {
        metrics.record(
            method: request.method.rawValue,
            route: Self.route(of: request),
            status: status,
            duration: duration
        )
        logger.info("\(Self.line(request, status: status, duration: duration))")
    }

    /// The log line of a request answered with `status` after `duration`.
    static func line(_ request: Request, status: UInt, duration: Duration) -> String {
        let ms = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        let user = request.account.role == .public ? "-" : request.account.username
        let client = request.remoteAddress?.ipAddress ?? "-"
        return "\(request.method.rawValue) \(loggedPath(request.url)) \(status) \(String(format: "%.1f", ms))ms "
            + "\(clean(user, limit: 100)) \(client)"
    }

    /// The path, and the query's parameter names with every value replaced by `*`: `/api/v1/hazards?limit=*`.
    static func loggedPath(_ url: URI) -> String {
        var text = clean(url.path.isEmpty ? "/" : url.path, limit: 500)
        if let query = url.query, !query.isEmpty {
            let names = query.split(separator: "&", omittingEmptySubsequences: true).prefix(20).map { pair in
                let name = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                return clean(String(name), limit: 40) + (pair.contains("=") ? "=*" : "")
            }
            text += "?" + names.joined(separator: "&")
        }
        return text
    }

    /// Control characters and spaces escaped (one request, one line, fields split by spaces), bounded in length.
    static func clean(_ text: String, limit: Int) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(limit) {
            if scalar.value < 0x21 || scalar.value == 0x7F || scalar == "\\" {
                out += String(format: "\\x%02X", scalar.value)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return text.unicodeScalars.count > limit ? out + "…" : out
    }

    /// The matched route's pattern (`/api/v1/hazards/:id`), never the raw path: the metrics stay bounded
    /// whatever paths clients make up.
    static func route(of request: Request) -> String {
        guard let route = request.route else { return "unmatched" }
        return "/" + route.path.map(\.description).joined(separator: "/")
    }

    /// `GET /metrics`.
    static func register(_ app: Application) {
        let metrics = app.requestMetrics
        app.get("metrics") { request async throws -> Response in
            try requireMetricsAccess(request)
            let response = Response(status: .ok, body: .init(string: metrics.text()))
            response.headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            return response
        }
    }

    /// Administrators, or a client on this machine (a scraper beside the server). A proxy on the same machine
    /// forwards as loopback: block `/metrics` there (README).
    static func requireMetricsAccess(_ request: Request) throws {
        if request.account.role == .administrator || isLoopback(request.remoteAddress) { return }
        if request.account.role == .public {
            throw Problem(.unauthorized, "the metrics are for administrators (or a scraper on the server's machine)")
        }
        throw Problem(.forbidden, "the metrics are for administrators (or a scraper on the server's machine)")
    }

    static func isLoopback(_ address: SocketAddress?) -> Bool {
        guard let ip = address?.ipAddress else { return false }
        return ip == "::1" || ip.hasPrefix("127.") || ip.hasPrefix("::ffff:127.")
    }
}

/// Request counts by method, route and status class, and a latency histogram by method and route, in one
/// Prometheus registry per application.
final class RequestMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    static let buckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]
    static var requests: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "minefree",
            subsystem: "http",
            metricName: "requests",
            unitName: "total",
            helpText: "HTTP requests answered, by method, matched route and status class"
        )
    }
    static var duration: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "minefree",
            subsystem: "http",
            metricName: "request_duration",
            unitName: "seconds",
            helpText: "Time from receiving a request to its response, by method and matched route"
        )
    }

    func record(method: String, route: String, status: UInt, duration: Duration) {
        let statusClass = (100...599).contains(status) ? "\(status / 100)xx" : "other"
        registry.makeCounter(
            descriptor: Self.requests,
            labels: [("method", method), ("route", route), ("status", statusClass)]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: Self.duration,
            labels: [("method", method), ("route", route)],
            buckets: Self.buckets
        ).record(duration)
    }

    /// The Prometheus text exposition format.
    func text() -> String {
        registry.emitToString()
    }
}

extension Application {
    private struct RequestMetricsKey: StorageKey { typealias Value = RequestMetrics }

    /// This application's request metrics (made on first use).
    var requestMetrics: RequestMetrics {
        if let metrics = storage[RequestMetricsKey.self] { return metrics }
        let metrics = RequestMetrics()
        storage[RequestMetricsKey.self] = metrics
        return metrics
    }
}

/// What `minefree serve` needs from the system, checked at start: a missing part is named with what installs it.
enum SystemCheck {
    /// Leaflet's files the map pages load, missing from `directory`.
    static func missingLeafletFiles(in directory: String) -> [String] {
        ["leaflet.js", "leaflet.css"].filter { !FileManager.default.fileExists(atPath: directory + "/" + $0) }
    }

    /// The warning for missing Leaflet files, or nil when they are all there.
    static func leafletWarning(directory: String = StaticFiles.leafletDirectory) -> String? {
        let missing = missingLeafletFiles(in: directory)
        guard !missing.isEmpty else { return nil }
        return "Leaflet is missing (\(missing.joined(separator: ", ")) not in \(directory)): the maps will show a "
            + "notice instead. Install it with `apt-get install libjs-leaflet` (Debian, Ubuntu), or set "
            + "MINEFREE_LEAFLET_DIR to a directory holding leaflet.js and leaflet.css."
    }

    static func warnIfIncomplete(logger: Logger) {
        if let warning = leafletWarning() { logger.warning("\(warning)") }
    }
}
