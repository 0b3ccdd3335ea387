import Foundation
import Logging
import MineFreeCore
import MineFreeStore
import Testing
import Vapor
import VaporTesting

@testable import MineFreeServer

/// One store for the whole suite: a SQLite file with the reference data, the demo programme
/// (1,200 hazards) and one account per role, prepared once (the import and the password hashes
/// take seconds). Each test makes its own application over it; tests that write use ids of their own.
enum ServerFixture {
    /// A SQLite file, or the empty PostgreSQL database in `MINEFREE_TEST_SERVER_DATABASE_URL` (scripts/test.sh's
    /// PostgreSQL pass creates one for this suite alone).
    static let configuration: StoreConfiguration = {
        if let url = ProcessInfo.processInfo.environment["MINEFREE_TEST_SERVER_DATABASE_URL"], !url.isEmpty {
            return .postgres(url: url)
        }
        return .sqlite(
            path: FileManager.default.temporaryDirectory.appendingPathComponent(
                "minefree-server-\(UUID().uuidString).sqlite"
            ).path
        )
    }()

    static let prepared: Task<MineFreeServices, any Error> = Task {
        var logger = Logger(label: "minefree.test")
        logger.logLevel = .warning
        return try await MineFreeServer.prepare(
            settings: ServerSettings(store: configuration),
            demo: true,
            logger: logger
        )
    }

    /// Runs `body` with an application over the shared store; `published` is what the public may read.
    static func withApp(
        published: Set<ServerSettings.PublishedArea> = [.progress],
        planning: PlanningLibrary? = nil,
        warmPlanning: Bool = false,
        _ body: (Application) async throws -> Void
    ) async throws {
        let base = try await prepared.value
        var settings = base.settings
        settings.published = published
        settings.warmPlanning = warmPlanning
        if let planning { settings.planning = planning }
        let services = MineFreeServices(
            store: base.store,
            registry: base.registry,
            settings: settings,
            catalogue: base.catalogue
        )
        try await VaporTesting.withApp(configure: { app in try MineFreeServer.configure(app, services: services) }) {
            app in
            try await body(app)
        }
    }

    /// `body`'s result, read while no other test wrote to the shared store: tests run in parallel and some import
    /// records, so a test that reads the whole of a list twice retries until the store's generation held still.
    static func whileUnchanged<T>(_ body: () async throws -> T) async throws -> T {
        let database = try await prepared.value.store.database
        for _ in 0..<20 {
            let before = try await StoreChanges.current(database)
            let result = try await body()
            if try await StoreChanges.current(database) == before { return result }
        }
        Issue.record("the shared store kept changing while the test read it")
        return try await body()
    }

    /// A bearer token for a demo account.
    static func token(_ app: Application, _ username: String) async throws -> String {
        var token = ""
        try await app.testing().test(
            .POST,
            "/api/v1/tokens",
            beforeRequest: { req in
                try req.content.encode(["username": username, "password": MineFreeServer.demoPassword], as: .json)
            },
            afterResponse: { res async throws in
                #expect(res.status == .created)
                token = try object(res)["token"] as? String ?? ""
            }
        )
        return token
    }

    /// POSTs `body` as JSON with a bearer token.
    static func post(
        _ app: Application,
        _ path: String,
        _ token: String,
        _ body: [String: Any],
        check: (TestingHTTPResponse) async throws -> Void
    ) async throws {
        try await app.testing().test(
            .POST,
            path,
            headers: bearer(token),
            beforeRequest: { req in
                req.headers.contentType = .json
                req.body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: body))
            },
            afterResponse: check
        )
    }

    /// The CSRF token of the first form on a page ("" when it has none).
    static func csrf(in page: String) -> String {
        page.range(of: "name=\"csrf\" value=\"").map { r in String(page[r.upperBound...].prefix { $0 != "\"" }) } ?? ""
    }

    /// A browser signed in through the form: its session cookie, and the CSRF token its pages then carry.
    static func browserSignIn(_ app: Application, _ user: String, password: String = MineFreeServer.demoPassword)
        async throws -> (cookie: String, csrf: String)
    {
        var cookie = ""
        var token = ""
        try await app.testing().test(.GET, "/signin", headers: ["Accept": "text/html"]) { res async in
            cookie = res.headers.setCookie?["minefree-session"]?.string ?? ""
            token = csrf(in: text(res))
        }
        try await app.testing().test(
            .POST,
            "/signin",
            headers: ["Cookie": "minefree-session=\(cookie)"],
            beforeRequest: { req in
                try req.content.encode(["username": user, "password": password, "csrf": token], as: .urlEncodedForm)
            }
        ) { res async in
            #expect(res.status == .seeOther)
            cookie = res.headers.setCookie?["minefree-session"]?.string ?? ""
        }
        // Any page of a signed-in browser has a form (signing out) with the new session's token.
        try await app.testing().test(
            .GET,
            "/treaty",
            headers: ["Cookie": "minefree-session=\(cookie)", "Accept": "text/html"]
        ) { res async in token = csrf(in: text(res)) }
        return (cookie, token)
    }

    static func bearer(_ token: String) -> HTTPHeaders {
        var h = HTTPHeaders()
        h.bearerAuthorization = BearerAuthorization(token: token)
        return h
    }
}

func object(_ res: TestingHTTPResponse) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [String: Any] ?? [:]
}

func text(_ res: TestingHTTPResponse) -> String {
    String(buffer: res.body)
}
