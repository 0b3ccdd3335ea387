import Foundation
import Logging
import MineFreeCore
import MineFreeStore
import Testing
import Vapor
import VaporTesting

@testable import MineFreeServer

/// Managing accounts (disable, enable, role, organisation, password, revoke) on the accounts page, each audited;
/// the audit log paged and filtered on its page and in the API; `--demo` refusing a store with other records.
@Suite(.serialized) struct AccountAdministrationTests {
    static let html: HTTPHeaders = ["Accept": "text/html"]
    static let password = "a password long enough"

    /// A new account of the shared demo store, with a name no other test uses.
    static func newAccount(_ role: Role, _ services: MineFreeServices) async throws -> String {
        let name = "\(role.rawValue)-\(UUID().uuidString.prefix(8).lowercased())"
        try await AccountAdministration.addUser(
            username: name,
            displayName: nil,
            role: role,
            organisation: role == .operator ? "OP-DEMINING-1" : "NMAA",
            password: password,
            by: "test",
            accounts: services.accounts
        )
        return name
    }

    /// POST /api/v1/tokens: the status and the token, if one came.
    static func token(_ app: Application, _ username: String, _ password: String = password) async throws -> (
        HTTPStatus, String
    ) {
        var out = (HTTPStatus.internalServerError, "")
        try await app.testing().test(
            .POST,
            "/api/v1/tokens",
            beforeRequest: { req in
                try req.content.encode(["username": username, "password": password], as: .json)
            },
            afterResponse: { res async throws in
                out = (res.status, try object(res)["token"] as? String ?? "")
            }
        )
        return out
    }

    static func status(_ app: Application, _ path: String, token: String) async throws -> HTTPStatus {
        var status = HTTPStatus.internalServerError
        try await app.testing().test(.GET, path, headers: ServerFixture.bearer(token)) { res async in
            status = res.status
        }
        return status
    }

    /// Signs in through the form: the session cookie, and the CSRF token of a page seen with it.
    static func signIn(_ app: Application, _ username: String, _ password: String) async throws -> (String, String) {
        try await ServerFixture.browserSignIn(app, username, password: password)
    }

    static func csrf(_ page: String) -> String { ServerFixture.csrf(in: page) }

    static func get(_ app: Application, _ path: String, cookie: String) async throws -> (HTTPStatus, String) {
        var out = (HTTPStatus.internalServerError, "")
        try await app.testing().test(
            .GET,
            path,
            headers: ["Cookie": "minefree-session=\(cookie)", "Accept": "text/html"]
        ) { res async in
            out = (res.status, text(res))
        }
        return out
    }

    /// The administrator's form on `/users/NAME`.
    static func change(
        _ app: Application,
        _ username: String,
        _ fields: [String: String],
        admin: (cookie: String, csrf: String)
    ) async throws -> (HTTPStatus, String) {
        var out = (HTTPStatus.internalServerError, "")
        try await app.testing().test(
            .POST,
            "/users/\(username)",
            headers: ["Cookie": "minefree-session=\(admin.cookie)", "Accept": "text/html"],
            beforeRequest: { req in
                try req.content.encode(fields.merging(["csrf": admin.csrf]) { $1 }, as: .urlEncodedForm)
            }
        ) { res async in
            out = (res.status, text(res))
        }
        return out
    }

    static func adminSession(_ app: Application) async throws -> (cookie: String, csrf: String) {
        try await signIn(app, "admin", MineFreeServer.demoPassword)
    }

    static func auditTargets(_ services: MineFreeServices, _ target: String) async throws -> [String] {
        try await services.accounts.auditEntries(limit: 500, offset: 0).entries.filter { $0.target == target }
            .map(\.action)
    }

    @Test func aDisabledAccountCannotSignInAndItsTokenStopsWorking() async throws {
        try await ServerFixture.withApp { app in
            let services = app.minefree
            let name = try await Self.newAccount(.viewer, services)
            let (created, token) = try await Self.token(app, name)
            #expect(created == .created)
            #expect(try await Self.status(app, "/api/v1/hazards?limit=1", token: token) == .ok)

            let admin = try await Self.adminSession(app)
            // The accounts page links to the account; its page has one form per action, each with the CSRF token.
            let (listed, users) = try await Self.get(app, "/users", cookie: admin.cookie)
            #expect(listed == .ok && users.contains("href=\"/users/\(name)\""))
            let (_, page) = try await Self.get(app, "/users/\(name)", cookie: admin.cookie)
            for action in ["disable", "role", "organisation", "password", "revoke"] {
                #expect(page.contains("id=\"account-\(action)\""), "\(action)")
            }
            #expect(page.components(separatedBy: "name=\"csrf\"").count - 1 >= 6)

            // Without the CSRF token nothing happens.
            let (forged, _) = try await Self.change(app, name, ["action": "disable"], admin: (admin.cookie, "forged"))
            #expect(forged == .forbidden)
            #expect(try await Self.status(app, "/api/v1/hazards?limit=1", token: token) == .ok)

            let (disabled, after) = try await Self.change(app, name, ["action": "disable"], admin: admin)
            #expect(disabled == .ok)
            #expect(after.contains("account-disabled (0 sessions and 1 token ended)"))
            #expect(after.contains("id=\"account-enable\""))
            #expect(try await Self.status(app, "/api/v1/hazards?limit=1", token: token) == .unauthorized)
            #expect(try await Self.token(app, name).0 == .unauthorized)

            // Enabled again, it signs in with its password; the token ended with the disabling stays ended.
            let (enabled, _) = try await Self.change(app, name, ["action": "enable"], admin: admin)
            #expect(enabled == .ok)
            let (again, newToken) = try await Self.token(app, name)
            #expect(again == .created)
            #expect(try await Self.status(app, "/api/v1/hazards?limit=1", token: newToken) == .ok)
            #expect(try await Self.status(app, "/api/v1/hazards?limit=1", token: token) == .unauthorized)

            let actions = try await Self.auditTargets(services, name)
            #expect(actions.contains("account-disabled") && actions.contains("account-enabled"))
            let entry = try #require(
                try await services.accounts.auditEntries(
                    matching: AuditFilter(actor: "admin", action: "account-disabled"),
                    limit: 500,
                    offset: 0
                ).entries.first { $0.target == name }
            )
            #expect(entry.detail == "0 sessions and 1 token ended")

            // An administrator cannot disable their own account.
            let (own, ownPage) = try await Self.change(app, "admin", ["action": "disable"], admin: admin)
            #expect(own == .unprocessableEntity && ownPage.contains("you cannot disable"))
        }
    }

    @Test func revokingEndsSessionsAndTokensAndARoleChangeAppliesAtOnce() async throws {
        try await ServerFixture.withApp { app in
            let services = app.minefree
            let name = try await Self.newAccount(.operator, services)
            let (_, token) = try await Self.token(app, name)
            #expect(try await Self.status(app, "/api/v1/submissions", token: token) == .ok)
            let (cookie, _) = try await Self.signIn(app, name, Self.password)
            #expect(try await Self.get(app, "/treaty", cookie: cookie).1.contains("id=\"who\""))

            let admin = try await Self.adminSession(app)
            let (revoked, page) = try await Self.change(app, name, ["action": "revoke"], admin: admin)
            #expect(revoked == .ok && page.contains("account-sessions-revoked (1 session and 1 token ended)"))
            let (_, treaty) = try await Self.get(app, "/treaty", cookie: cookie)
            #expect(!treaty.contains("id=\"who\"") && treaty.contains("id=\"signin-link\""))
            #expect(try await Self.status(app, "/api/v1/submissions", token: token) == .unauthorized)

            // From operator to viewer: its next request may no longer see submissions.
            let (_, fresh) = try await Self.token(app, name)
            #expect(try await Self.status(app, "/api/v1/submissions", token: fresh) == .ok)
            let (changed, _) = try await Self.change(app, name, ["action": "role", "role": "viewer"], admin: admin)
            #expect(changed == .ok)
            #expect(try await Self.status(app, "/api/v1/submissions", token: fresh) == .forbidden)
            let (badRole, badPage) = try await Self.change(
                app,
                name,
                ["action": "role", "role": "public"],
                admin: admin
            )
            #expect(badRole == .unprocessableEntity && badPage.contains("id=\"problem\""))

            let (moved, _) = try await Self.change(
                app,
                name,
                ["action": "organisation", "organisation": "OP-DEMINING-2"],
                admin: admin
            )
            #expect(moved == .ok)
            #expect(try await services.accounts.user(named: name)?.account.organisation == "OP-DEMINING-2")

            // A new password: the old one no longer signs in, the new one does, and the token in hand ends.
            let (short, _) = try await Self.change(
                app,
                name,
                ["action": "password", "password": "short"],
                admin: admin
            )
            #expect(short == .unprocessableEntity)
            let (reset, _) = try await Self.change(
                app,
                name,
                ["action": "password", "password": "another long password"],
                admin: admin
            )
            #expect(reset == .ok)
            #expect(try await Self.status(app, "/api/v1/hazards?limit=1", token: fresh) == .unauthorized)
            #expect(try await Self.token(app, name).0 == .unauthorized)
            #expect(try await Self.token(app, name, "another long password").0 == .created)

            #expect(
                Set(try await Self.auditTargets(services, name)).isSuperset(of: [
                    "account-created", "account-sessions-revoked", "account-role-changed",
                    "account-organisation-changed", "account-password-reset",
                ])
            )
            #expect(try await services.accounts.verifyAuditChain().intact)
        }
    }

    @Test func theAuditLogPagesThroughEveryEntryAndFilters() async throws {
        try await ServerFixture.withApp { app in
            let services = app.minefree
            let name = try await Self.newAccount(.viewer, services)
            for _ in 0..<3 { #expect(try await Self.token(app, name, "wrong password!").0 == .unauthorized) }
            let admin = try await ServerFixture.token(app, "admin")

            // Every entry once, whatever the page size. Other tests write entries meanwhile (sign-ins, personal data
            // reads), which shift a newest-first list: walk again until no entry was added during a walk.
            var seen: [Int64] = []
            var total = 0
            for _ in 0..<20 {
                seen = []
                var first = -1
                var offset = 0
                repeat {
                    try await app.testing().test(
                        .GET,
                        "/api/v1/audit?limit=7&offset=\(offset)",
                        headers: ServerFixture.bearer(admin)
                    ) { res async throws in
                        #expect(res.status == .ok)
                        let body = try object(res)
                        total = (body["page"] as? [String: Any])?["total"] as? Int ?? 0
                        if first < 0 { first = total }
                        let items = body["items"] as? [[String: Any]] ?? []
                        seen += items.compactMap { ($0["id"] as? NSNumber)?.int64Value }
                    }
                    offset += 7
                } while offset < total
                if total == first { break }
            }
            #expect(total > 7)
            #expect(seen.count >= total && Set(seen).count >= total)

            // By actor and action: exactly the three failed sign-ins of this account.
            try await app.testing().test(
                .GET,
                "/api/v1/audit?actor=\(name)&action=sign-in-failed",
                headers: ServerFixture.bearer(admin)
            ) { res async throws in
                #expect(res.status == .ok)
                let body = try object(res)
                #expect((body["page"] as? [String: Any])?["total"] as? Int == 3)
                let items = body["items"] as? [[String: Any]] ?? []
                #expect(items.count == 3 && items.allSatisfy { $0["action"] as? String == "sign-in-failed" })
                #expect(items.allSatisfy { $0.keys.contains("address") || $0["address"] == nil })
            }
            let today = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
            for (query, expected) in [("from=\(today)", 3), ("to=1999-12-31", 0), ("from=\(today)&to=\(today)", 3)] {
                try await app.testing().test(
                    .GET,
                    "/api/v1/audit?actor=\(name)&\(query)",
                    headers: ServerFixture.bearer(admin)
                ) { res async throws in
                    #expect(res.status == .ok)
                    #expect((try object(res)["page"] as? [String: Any])?["total"] as? Int == expected, "\(query)")
                }
            }
            for bad in ["limit=501", "limit=0", "from=2026-13-01", "from=2025-02-01&to=2025-01-01", "offset=-1"] {
                try await app.testing().test(.GET, "/api/v1/audit?\(bad)", headers: ServerFixture.bearer(admin)) {
                    res async in
                    #expect(res.status == .badRequest, "\(bad)")
                }
            }

            // The page: filtered, with the address column, paged by a hundred.
            let session = try await Self.adminSession(app)
            let (status, page) = try await Self.get(
                app,
                "/audit?actor=\(name)&action=sign-in-failed",
                cookie: session.cookie
            )
            #expect(status == .ok)
            #expect(page.contains("id=\"audit-filter\"") && page.contains("Address"))
            #expect(page.components(separatedBy: "<td>sign-in-failed</td>").count - 1 == 3)
            let (_, all) = try await Self.get(app, "/audit", cookie: session.cookie)
            let count = try await services.accounts.auditEntries(limit: 1, offset: 0).total
            #expect(all.contains("rel=\"next\"") == (count > 100))
            let lastPage = (count + 99) / 100
            let (lastStatus, last) = try await Self.get(app, "/audit?page=\(lastPage)", cookie: session.cookie)
            #expect(
                lastStatus == .ok && !last.contains("rel=\"next\"") && (lastPage == 1 || last.contains("rel=\"prev\""))
            )
            #expect(try await Self.get(app, "/audit?page=0", cookie: session.cookie).0 == .badRequest)
            #expect(try await Self.get(app, "/audit?page=9223372036854775807", cookie: session.cookie).0 == .badRequest)
        }
    }

    @Test func theDemoRefusesAStoreWithRecordsItDidNotMake() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "minefree-demo-refused-\(UUID().uuidString).sqlite"
        ).path
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        // An authority's upload: the demo's organisations, imported under another name.
        let store = try await Store.open(.sqlite(path: path))
        let inputs = DemoProgramme.files(seed: 7, size: .district).filter { $0.name == "organisations.csv" }.compactMap
        { f in
            RecordLayers.layer(ofFile: f.name).map {
                ImportInput(name: f.name, layer: $0, content: .data(Data(f.contents.utf8)))
            }
        }
        #expect(inputs.count == 1)
        do {
            _ = try await Importer.run(
                Importer.Request(inputs: inputs, rules: .workload, source: "upload by authority"),
                store: store
            )
            await store.shutdown()
        } catch {
            await store.shutdown()
            throw error
        }
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        do {
            let services = try await MineFreeServer.prepare(
                settings: ServerSettings(store: .sqlite(path: path)),
                demo: true,
                logger: logger
            )
            await services.store.shutdown()
            Issue.record("--demo accepted a store with an upload in it")
        } catch let refused as DemoRefused {
            #expect(refused.description.hasPrefix("--demo: SQLite file \(path) holds 1 import not made by the demo"))
        }
        // No account was added, least of all with the published password.
        let after = try await Store.open(.sqlite(path: path))
        let users = try await AccountRepository(database: after.database).userCount()
        await after.shutdown()
        #expect(users == 0)
    }
}
