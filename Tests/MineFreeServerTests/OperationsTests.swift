import Foundation
import MineFreeCore
import MineFreeStore
import NIOCore
import Testing
import Vapor
import VaporTesting

@testable import MineFreeServer

/// Operations: `/health`, `/metrics`, the access log line, and what `serve` checks at start.
@Suite struct OperationsTests {
    @Test func healthSaysUpWithoutRecordCounts() async throws {
        try await ServerFixture.withApp { app in
            try await app.testing().test(.GET, "/health") { res async throws in
                #expect(res.status == .ok)
                #expect(res.headers.contentType?.subType == "json")
                let body = try object(res)
                #expect(Array(body.keys) == ["status"], "nothing but up or down: \(body)")
                #expect(body["status"] as? String == "up")
            }
        }
    }

    @Test func metricsAreRefusedToAnonymousAndNonAdministratorsWithoutALoopbackAddress() async throws {
        // In-process requests carry no client address, so only the role can grant access here.
        try await ServerFixture.withApp { app in
            try await app.testing().test(.GET, "/metrics", headers: ["Accept": "application/json"]) {
                res async throws in
                #expect(res.status == .unauthorized)
                #expect(res.headers.contentType?.subType == "problem+json")
                #expect(try object(res)["status"] as? Int == 401)
            }
            for user in ["viewer", "operator", "authority"] {
                let token = try await ServerFixture.token(app, user)
                try await app.testing().test(.GET, "/metrics", headers: ServerFixture.bearer(token)) {
                    res async throws in
                    #expect(res.status == .forbidden, "\(user)")
                    #expect(res.headers.contentType?.subType == "problem+json")
                    #expect(!text(res).contains("minefree_http_requests_total"))
                }
            }
        }
    }

    @Test func aClientAddressGrantsMetricsOnlyOnLoopback() async throws {
        #expect(AccessLog.isLoopback(try SocketAddress(ipAddress: "127.0.0.1", port: 1)))
        #expect(AccessLog.isLoopback(try SocketAddress(ipAddress: "::1", port: 1)))
        #expect(!AccessLog.isLoopback(try SocketAddress(ipAddress: "10.0.0.5", port: 1)))
        #expect(!AccessLog.isLoopback(try SocketAddress(ipAddress: "2001:db8::1", port: 1)))
        #expect(!AccessLog.isLoopback(nil))
        try await ServerFixture.withApp { app in
            // A viewer from another machine, and the anonymous from another machine, are refused.
            let remote = Request(
                application: app,
                url: "/metrics",
                remoteAddress: try SocketAddress(ipAddress: "192.0.2.7", port: 40000),
                on: app.eventLoopGroup.next()
            )
            #expect(throws: Problem.self) { try AccessLog.requireMetricsAccess(remote) }
            #expect((try? AccessLog.requireMetricsAccess(remote)) == nil)
            do {
                try AccessLog.requireMetricsAccess(remote)
            } catch let problem as Problem {
                #expect(problem.status == 401)
            }
            remote.account = Account(id: 9, username: "v", displayName: "V", role: .viewer, organisation: "DONOR")
            do {
                try AccessLog.requireMetricsAccess(remote)
                Issue.record("a viewer from another machine read the metrics")
            } catch let problem as Problem {
                #expect(problem.status == 403)
            }
            remote.account = Account(id: 1, username: "admin", displayName: "A", role: .administrator, organisation: "")
            #expect(throws: Never.self) { try AccessLog.requireMetricsAccess(remote) }
        }
    }

    @Test func anAnonymousClientOnLoopbackReadsTheMetricsOverARealSocket() async throws {
        try await ServerFixture.withApp { app in
            let socket = try app.testing(method: .running(hostname: "127.0.0.1", port: 0))
            try await socket.test(.GET, "/health") { res async in #expect(res.status == .ok) }
            try await socket.test(.GET, "/metrics") { res async throws in
                #expect(res.status == .ok)
                #expect(text(res).contains("# TYPE minefree_http_requests_total counter"))
                #expect(
                    text(res).contains(#"minefree_http_requests_total{method="GET",route="/health",status="2xx"} 1"#)
                )
            }
        }
    }

    @Test func metricsCountRequestsByRoutePatternAndTimeThem() async throws {
        try await ServerFixture.withApp { app in
            let admin = try await adminToken(app)
            let counter = #"minefree_http_requests_total{method="GET",route="/api/v1/states/:code",status="2xx"}"#
            let missing = #"minefree_http_requests_total{method="GET",route="/api/v1/states/:code",status="4xx"}"#
            let timed = #"minefree_http_request_duration_seconds_count{method="GET",route="/api/v1/states/:code"}"#
            let before = try await metrics(app, admin)
            for code in ["TJK", "AFG", "UKR"] {
                try await app.testing().test(.GET, "/api/v1/states/\(code)") { res async in #expect(res.status == .ok) }
            }
            try await app.testing().test(.GET, "/api/v1/states/ZZZ") { res async in #expect(res.status == .notFound) }
            try await app.testing().test(.GET, "/no/such/page-abc123") { res async in
                #expect(res.status == .notFound)
            }
            let after = try await metrics(app, admin)
            #expect(value(counter, in: after) == value(counter, in: before) + 3)
            #expect(value(missing, in: after) == value(missing, in: before) + 1)
            #expect(value(timed, in: after) == value(timed, in: before) + 4)
            #expect(after.contains("# TYPE minefree_http_request_duration_seconds histogram"))
            #expect(
                after.contains(
                    #"minefree_http_request_duration_seconds_bucket{method="GET",route="/api/v1/states/:code",le="+Inf"}"#
                )
            )
            // Raw paths never become labels: an unknown path is counted as unmatched.
            #expect(
                value(#"minefree_http_requests_total{method="GET",route="unmatched",status="4xx"}"#, in: after) >= 1
            )
            #expect(!after.contains("TJK") && !after.contains("page-abc123"))
        }
    }

    @Test func theAccessLogLineNamesTheRequestButNoSecret() async throws {
        try await ServerFixture.withApp { app in
            let request = Request(
                application: app,
                method: .GET,
                url: "/api/v1/hazards?limit=5&token=s3cr3t&password=hunter2&flag",
                headers: ["Authorization": "Bearer abcdef", "Cookie": "minefree-session=xyz"],
                remoteAddress: try SocketAddress(ipAddress: "192.0.2.7", port: 40000),
                on: app.eventLoopGroup.next()
            )
            let line = AccessLog.line(request, status: 200, duration: .milliseconds(12))
            #expect(line == "GET /api/v1/hazards?limit=*&token=*&password=*&flag 200 12.0ms - 192.0.2.7")
            for secret in ["s3cr3t", "hunter2", "abcdef", "xyz"] { #expect(!line.contains(secret)) }
            request.account = Account(
                id: 3,
                username: "authority",
                displayName: "A",
                role: .authority,
                organisation: "NMAA"
            )
            let signedIn = AccessLog.line(request, status: 403, duration: .microseconds(2500))
            #expect(signedIn == "GET /api/v1/hazards?limit=*&token=*&password=*&flag 403 2.5ms authority 192.0.2.7")
            // One request, one line: a made-up path cannot forge another line or field.
            #expect(AccessLog.clean("/a b\nGET / 200", limit: 100) == "/a\\x20b\\x0AGET\\x20/\\x20200")
            #expect(AccessLog.clean(String(repeating: "x", count: 600), limit: 500).count == 501)
        }
    }

    @Test func serveNamesThePackageWhenLeafletIsMissing() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("leaflet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(SystemCheck.missingLeafletFiles(in: directory.path) == ["leaflet.js", "leaflet.css"])
        let warning = try #require(SystemCheck.leafletWarning(directory: directory.path))
        #expect(warning.contains("apt-get install libjs-leaflet"))
        #expect(warning.contains(directory.path))
        for name in ["leaflet.js", "leaflet.css"] {
            try Data("/* */".utf8).write(to: directory.appendingPathComponent(name))
        }
        #expect(SystemCheck.leafletWarning(directory: directory.path) == nil)
    }

    @Test func theMapScriptInsertsDataAsTextAndSaysWhenItCannotLoad() async throws {
        try await ServerFixture.withApp { app in
            try await app.testing().test(.GET, "/static/map.js") { res async in
                let script = text(res)
                // No data-built string is handed to Leaflet as HTML: tooltips and popups get DOM nodes.
                #expect(!script.contains("innerHTML"))
                #expect(!script.contains("bindTooltip(f.") && !script.contains("bindPopup(f."))
                #expect(script.contains("typeof L === 'undefined'"))
                #expect(script.contains("libjs-leaflet"))
            }
        }
    }

    private func adminToken(_ app: Application) async throws -> String {
        var token = ""
        try await app.testing().test(
            .POST,
            "/api/v1/tokens",
            beforeRequest: { req in
                try req.content.encode(["username": "admin", "password": MineFreeServer.demoPassword], as: .json)
            },
            afterResponse: { res async throws in
                #expect(res.status == .created)
                token = try object(res)["token"] as? String ?? ""
            }
        )
        return token
    }

    private func metrics(_ app: Application, _ token: String) async throws -> String {
        var body = ""
        try await app.testing().test(.GET, "/metrics", headers: ServerFixture.bearer(token)) { res async in
            #expect(res.status == .ok)
            #expect(res.headers.first(name: .contentType)?.hasPrefix("text/plain; version=0.0.4") == true)
            body = text(res)
        }
        return body
    }

    /// A sample's value in the text format (0 when the series is not there yet).
    private func value(_ series: String, in text: String) -> Double {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1)) ?? -1
        }
        return 0
    }
}
