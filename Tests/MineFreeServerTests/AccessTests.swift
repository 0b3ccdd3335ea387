import Foundation
import MineFreeCore
import Testing
import Vapor
import VaporTesting

@testable import MineFreeServer

/// Walks every route the server registers: each must be classified here, each non-public route must refuse
/// an anonymous request, and each must refuse the roles that may not reach it.
@Suite struct AccessTests {
    /// The least role (by permission) each route needs; "public" routes answer anyone.
    static let required: [String: Permission?] = [
        "GET /health": nil, "GET /openapi.json": nil, "GET /openapi.yaml": nil,
        // Administrators, or a scraper on the server's machine (OperationsTests); in-process requests have no address.
        "GET /metrics": .administer,
        "GET /api/v1/states": nil, "GET /api/v1/states/:code": nil, "GET /api/v1/deadlines": nil,
        "GET /api/v1/universalization": nil,
        "GET /api/v1/hazards": .readProgramme, "GET /api/v1/hazards/:id": .readProgramme,
        "GET /api/v1/releases": .readProgramme,
        "GET /api/v1/progress": .readProgramme,
        "GET /api/v1/submissions": .submitRecords, "POST /api/v1/submissions/releases": .submitRecords,
        "POST /api/v1/submissions/:id/review": .reviewSubmissions, "POST /api/v1/tokens": nil,
        "DELETE /api/v1/tokens/current": .readProgramme, "GET /api/v1/audit": .administer,
        "GET /ogc": nil, "GET /ogc/conformance": nil, "GET /ogc/collections": .readProgramme,
        "GET /ogc/collections/:collection": .readProgramme,
        "GET /ogc/collections/:collection/items": .readProgramme,
        "GET /ogc/collections/:collection/items/:feature": .readProgramme,
        "GET /static/leaflet/**": nil, "GET /static/minefree.css": nil, "GET /static/map.js": nil,
        "GET /": nil, "GET /treaty": nil, "GET /treaty/map.geojson": nil, "GET /states/:code": nil,
        "GET /deadlines": nil,
        "GET /programme": .readProgramme, "GET /activities": .readProgramme,
        // The page's former address: a redirect to /activities, which does the checking.
        "GET /operations": nil,
        "GET /api/v1/organisations": .readProgramme, "GET /api/v1/admin-areas": .readProgramme,
        "GET /api/v1/settlements": .readProgramme, "GET /api/v1/activities": .readProgramme,
        "GET /api/v1/assets": .readProgramme,
        "GET /api/v1/finds": .readProgramme, "GET /hazards": .readProgramme, "GET /hazards/:id": .readProgramme,
        "GET /signin": nil, "POST /signin": nil, "POST /signout": nil,
        "GET /releases/new": .submitRecords, "POST /releases": .submitRecords,
        "GET /hazards/new": .submitRecords, "POST /hazards": .submitRecords,
        "GET /activities/new": .submitRecords, "POST /activities": .submitRecords, "GET /finds/new": .submitRecords,
        "POST /finds": .submitRecords,
        "GET /hazards/:id/revisions/new": .submitRecords, "POST /hazards/:id/revisions": .submitRecords,
        "POST /api/v1/submissions/hazards": .submitRecords, "POST /api/v1/submissions/activities": .submitRecords,
        "POST /api/v1/submissions/finds": .submitRecords, "POST /api/v1/submissions/revisions": .submitRecords,
        "GET /review": .submitRecords, "POST /review/:id": .reviewSubmissions, "GET /audit": .administer,
        "GET /users": .administer, "GET /import": .reviewSubmissions, "POST /import": .reviewSubmissions,
        "POST /users": .administer,
        "GET /users/:username": .administer, "POST /users/:username": .administer,
        "GET /api/v1/casualties/totals": nil, "GET /api/v1/accidents/duplicates": .reviewSubmissions,
        "GET /api/v1/accidents/decisions": .readProgramme, "POST /api/v1/accidents/decisions": .reviewSubmissions,
        "GET /api/v1/people/:id": .readPersonalData,
        "GET /casualties": nil, "GET /casualties/map.geojson": nil, "GET /casualties/duplicates": .reviewSubmissions,
        "POST /casualties/duplicates": .reviewSubmissions, "GET /people/:id": .readPersonalData,
        "GET /assistance": .readProgramme, "GET /eore": .readProgramme,
        "GET /submit/:layer": .submitRecords, "POST /submit/:layer": .submitRecords,
        "GET /api/v1/assistance/gaps": .readProgramme, "GET /api/v1/people-records/:layer": .readProgramme,
        "GET /api/v1/eore/coverage": .readProgramme,
        "GET /api/v1/priorities": .readProgramme, "GET /api/v1/priorities/:id": .readProgramme,
        "GET /priorities": .readProgramme, "GET /priorities/:id": .readProgramme,
        // The forecast is an aggregate like progress, published with it.
        "GET /api/v1/forecast": nil, "GET /forecast": nil, "GET /api/v1/workplan": nil, "GET /workplan": nil,
        "GET /api/v1/planning/library": nil,
        // Treaty facts, public like the registry.
        "GET /api/v1/stockpiles": nil, "GET /api/v1/retained-mines": nil, "GET /api/v1/national-measures": nil,
        "GET /api/v1/unga-votes": nil,
        // Funding is the programme's record: its national budget need not be public.
        "GET /api/v1/funding/totals": .readProgramme, "GET /api/v1/funding/measures": .readProgramme,
        "GET /api/v1/implementation-records/:layer": .readProgramme, "GET /funding": .readProgramme,
        "GET /api/v1/interim-steps": .readProgramme, "GET /advocacy": .readProgramme,
        "GET /states-not-party": .readProgramme, "GET /api/v1/stockpile-ledger": .readProgramme,
        // The action plans measured from the registry, public like it (their recorded indicators show only to
        // the programme's readers).
        "GET /action-plans": nil, "GET /action-plans/:plan": nil, "GET /api/v1/action-plans": nil,
        "GET /api/v1/action-plans/:plan": nil, "GET /api/v1/instruments": nil,
        "GET /api/v1/figures": .readProgramme,
        // Use of mines: the reference data's reports are public; the programme's records are added for its readers.
        "GET /api/v1/use-of-mines": nil, "GET /api/v1/transparency": nil, "GET /use-of-mines": nil,
        "GET /use-of-mines/map.geojson": nil,
    ]

    static func key(_ route: Route) -> String {
        "\(route.method.rawValue) /"
            + route.path.map { component -> String in
                switch component {
                case .constant(let s): return s
                case .parameter(let p): return ":" + p
                case .anything: return "*"
                case .catchall: return "**"
                }
            }.joined(separator: "/")
    }

    /// A concrete path for a route pattern.
    static func concrete(_ key: String) -> (HTTPMethod, String) {
        let parts = key.split(separator: " ", maxSplits: 1)
        let path = String(parts[1]).replacingOccurrences(of: ":code", with: "TJK").replacingOccurrences(
            of: ":id",
            with: "1"
        )
        .replacingOccurrences(of: ":collection", with: "hazards").replacingOccurrences(of: ":feature", with: "HA-00001")
        .replacingOccurrences(of: "**", with: "leaflet.js").replacingOccurrences(
            of: "people-records/:layer",
            with: "people-records/survivors"
        )
        .replacingOccurrences(of: "implementation-records/:layer", with: "implementation-records/contributions")
        .replacingOccurrences(of: ":layer", with: "casualties").replacingOccurrences(of: ":plan", with: "oslo")
        return (HTTPMethod(rawValue: String(parts[0])), path)
    }

    @Test func everyRouteIsClassifiedAndRefusesWhoMayNotReachIt() async throws {
        // Progress is not published here, so the public may read only the treaty registry.
        try await ServerFixture.withApp(published: []) { app in
            let keys = Set(app.routes.all.map(Self.key))
            #expect(
                keys == Set(Self.required.keys),
                "unclassified: \(keys.subtracting(Self.required.keys)); gone: \(Set(Self.required.keys).subtracting(keys))"
            )
            var tokens: [Role: String] = [:]
            for (role, user) in [(Role.viewer, "viewer"), (.operator, "operator"), (.authority, "authority")] {
                tokens[role] = try await ServerFixture.token(app, user)
            }
            for (key, permission) in Self.required.sorted(by: { $0.key < $1.key }) {
                guard let permission else { continue }
                let (method, path) = Self.concrete(key)
                try await app.testing().test(method, path, headers: ["Accept": "application/json"]) { res async in
                    #expect(res.status == .unauthorized, "anonymous \(key)")
                }
                for role in [Role.viewer, .operator, .authority] where !role.may(permission) {
                    try await app.testing().test(method, path, headers: ServerFixture.bearer(tokens[role]!)) {
                        res async in
                        #expect(res.status == .forbidden, "\(role) \(key)")
                    }
                }
            }
        }
    }

    /// Every route, asked by the public and by each role: every answer (pages, API, errors, files) carries the
    /// security headers; every form POST with a signed-in browser's cookie but no CSRF token is refused with 403.
    @Test func everyRouteAnswersWithSecurityHeadersAndEveryFormNeedsItsCSRFToken() async throws {
        try await ServerFixture.withApp(published: []) { app in
            var tokens: [String] = [""]
            for user in ["viewer", "operator", "authority"] { tokens.append(try await ServerFixture.token(app, user)) }
            for key in Self.required.keys.sorted() {
                let (method, path) = Self.concrete(key)
                for token in tokens {
                    var headers: HTTPHeaders = ["Accept": "text/html"]
                    if !token.isEmpty { headers.bearerAuthorization = BearerAuthorization(token: token) }
                    try await app.testing().test(method, path, headers: headers) { res async in
                        let csp = res.headers.first(name: "Content-Security-Policy") ?? ""
                        #expect(csp.contains("default-src 'self'"), "\(key): no CSP")
                        #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(key)")
                        #expect(res.headers.first(name: "X-Frame-Options") == "DENY", "\(key)")
                        #expect(res.headers.first(name: "Referrer-Policy") == "same-origin", "\(key)")
                        #expect(res.status.code < 500, "\(key) answered \(res.status)")
                    }
                }
            }
            // A signed-in administrator's browser (it may reach every form): no CSRF token, no effect.
            let cookie = try await ServerFixture.browserSignIn(app, "admin").cookie
            for key in Self.required.keys.sorted() where key.hasPrefix("POST /") && !key.hasPrefix("POST /api/") {
                let (method, path) = Self.concrete(key)
                try await app.testing().test(
                    method,
                    path,
                    headers: ["Cookie": "minefree-session=\(cookie)", "Accept": "text/html"],
                    beforeRequest: { req in
                        if path == "/import" {
                            req.headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=b")
                            req.body = ByteBuffer(
                                string:
                                    "--b\r\nContent-Disposition: form-data; name=\"quarantine\"\r\n\r\n1\r\n--b--\r\n"
                            )
                        } else {
                            try req.content.encode(
                                ["username": "admin", "password": "x", "decision": "approve"],
                                as: .urlEncodedForm
                            )
                        }
                    }
                ) { res async in
                    #expect(res.status == .forbidden, "\(key) without a CSRF token answered \(res.status)")
                }
            }
        }
    }

    @Test func rolesGrantWhatTheTreatyWorkNeeds() {
        #expect(Role.public.may(.readPublished) && !Role.public.may(.readProgramme))
        #expect(
            Role.viewer.may(.readProgramme) && !Role.viewer.may(.readPersonalData) && !Role.viewer.may(.submitRecords)
        )
        #expect(Role.operator.may(.submitRecords) && !Role.operator.may(.reviewSubmissions))
        #expect(
            Role.authority.may(.reviewSubmissions) && Role.authority.may(.readPersonalData)
                && !Role.authority.may(.administer)
        )
        #expect(Role.administrator.may(.administer))
        #expect(
            Role.operator.mayAct(for: "OP-1", ownOrganisation: "OP-1")
                && !Role.operator.mayAct(for: "OP-2", ownOrganisation: "OP-1")
        )
    }
}
