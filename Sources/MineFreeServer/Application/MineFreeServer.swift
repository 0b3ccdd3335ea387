import Foundation
import Logging
import MineFreeAPI
import MineFreeCore
import MineFreeReferenceData
import MineFreeStore
import OpenAPIVapor
import SQLKit
import Vapor
import Yams

/// The server: the JSON API (generated from `openapi.yaml`), OGC API - Features, the web app.
public enum MineFreeServer {
    /// Opens the store (migrations run), loads the reference data, makes sure an administrator exists,
    /// optionally loads the demo programme, and returns the services every request shares.
    public static func prepare(
        settings: ServerSettings,
        referenceDirectory: URL = BundledReferenceData.directory,
        demo: Bool = false,
        logger: Logger
    ) async throws -> MineFreeServices {
        let store = try await Store.open(settings.store, logger: logger)
        do {
            let treaty = FluentTreatyRepository(database: store.database)
            try await ReferenceDataSync.sync(from: referenceDirectory, into: treaty)
            let registry = try await treaty.registry()
            var settings = settings
            if demo {
                try await loadDemo(store: store, logger: logger)
                settings.baseline = settings.baseline ?? DemoProgramme.baseline
                settings.bounds = settings.bounds ?? ImportRules.workload.bounds
            }
            let services = MineFreeServices(
                store: store,
                registry: registry,
                settings: settings,
                catalogue: try Catalogue.load()
            )
            try await ensureAccounts(services, demo: demo, logger: logger)
            if let years = settings.personalDataRetentionYears {
                // Past its retention period personal data goes, each erasure audited; the statistics stay.
                let erased = try await PersonalDataRepository(database: store.database).eraseRecorded(
                    before: CalendarDate.today().adding(years: -years),
                    actor: "retention"
                )
                if !erased.isEmpty {
                    logger.notice(
                        "erased the personal data of \(erased.count) people, recorded over \(years) years ago"
                    )
                }
            }
            return services
        } catch {
            await store.shutdown()
            throw error
        }
    }

    /// Registers middleware and routes on `app`.
    public static func configure(_ app: Application, services: MineFreeServices) throws {
        app.minefree = services
        app.http.server.configuration.hostname = services.settings.host
        app.http.server.configuration.port = services.settings.port
        app.passwords.use(.bcrypt)
        app.sessions.use { _ in StoredSessions() }
        // Scripts never read the session cookie (HttpOnly); the store decides when it expires. `Secure` when people
        // reach the server over https (MINEFREE_PUBLIC_URL); a laptop install serves plain HTTP on loopback.
        let secure = services.settings.isHTTPS
        app.sessions.configuration = .init(cookieName: "minefree-session") { id in
            HTTPCookies.Value(string: id.string, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
        }
        // Our problem middleware replaces Vapor's error middleware: every error becomes RFC 9457 or a page.
        app.middleware = Middlewares()
        // Outermost: the access log and metrics see the status sent, problems included.
        app.middleware.use(AccessLog(app))
        app.middleware.use(SecurityHeaders(https: services.settings.isHTTPS))
        app.middleware.use(ProblemMiddleware())
        app.middleware.use(BodyLimit(maxBytes: services.settings.maxBodyBytes))
        app.middleware.use(SessionsExceptStatic(sessions: app.sessions.middleware))
        app.middleware.use(AccountMiddleware())
        app.middleware.use(ReadAnswers())

        let transport = VaporTransport(routesBuilder: app)
        try APIHandler().registerHandlers(on: transport, serverURL: URL(string: "/")!)
        app.get("openapi.json") { _ in try OpenAPIServing.json() }
        app.get("openapi.yaml") { _ in try OpenAPIServing.yaml() }
        FeaturesAPI.register(app)
        AccessLog.register(app)
        StaticFiles.register(app)
        WebPages.register(app)
    }

    /// `minefree serve`: prepare, configure, and serve until stopped.
    public static func run(
        settings: ServerSettings,
        demo: Bool,
        referenceDirectory: URL = BundledReferenceData.directory
    ) async throws {
        var logger = Logger(label: "minefree.server")
        logger.logLevel = .info
        let services = try await prepare(
            settings: settings,
            referenceDirectory: referenceDirectory,
            demo: demo,
            logger: logger
        )
        // Vapor's own command line must not see ours: it runs its `serve` with the configured host and port.
        let app = try await Application.make(Environment(name: "production", arguments: ["minefree", "serve"]))
        do {
            try configure(app, services: services)
            SystemCheck.warnIfIncomplete(logger: logger)
            logger.info("MineFree on http://\(settings.host):\(settings.port) (\(settings.store.summary))")
            try await app.execute()
        } catch {
            try? await app.asyncShutdown()
            await services.store.shutdown()
            throw error
        }
        try await app.asyncShutdown()
        await services.store.shutdown()
    }

    /// The demo programme, imported through the same pipeline as any import, once per store.
    static func loadDemo(store: Store, logger: Logger) async throws {
        // The demo's accounts share a published password: never in a store that holds anyone's real records.
        struct Count: Decodable { let n: Int64 }
        let others =
            try await (store.database as! any SQLDatabase).raw(
                "SELECT COUNT(*) AS n FROM land_imports WHERE source <> 'demo'"
            ).first(decoding: Count.self)?.n ?? 0
        guard others == 0 else {
            throw DemoRefused(
                description:
                    "--demo: \(store.configuration.summary) holds \(others) import\(others == 1 ? "" : "s") not made by the demo; serve it without --demo, or give the demo a new store (MINEFREE_DB)"
            )
        }
        let counts = try await RecordRepository(database: store.database).counts()
        guard counts[HazardousArea.info.name, default: 0] == 0 else {
            logger.info("demo: the store already holds hazards; nothing added")
            return
        }
        // The demo's files, read from memory.
        let inputs = DemoProgramme.files(seed: 7, size: .district).compactMap { f in
            RecordLayers.layer(ofFile: f.name).map {
                ImportInput(name: f.name, layer: $0, content: .data(Data(f.contents.utf8)))
            }
        }
        let result = try await Importer.run(
            Importer.Request(inputs: inputs, rules: .workload, source: "demo"),
            store: store
        )
        logger.info(
            "demo: imported \(result.dataset.hazards.count) hazards and \(result.dataset.releases.count) releases"
        )
    }

    /// The demo's accounts, one per role, sharing a password that is printed at start.
    static let demoAccounts: [(username: String, name: String, role: Role, organisation: String)] = [
        ("authority", "Authority data manager", .authority, "NMAA"),
        ("operator", "Operator data officer", .operator, "OP-DEMINING-1"),
        ("viewer", "Donor (viewer)", .viewer, "DONOR"),
    ]
    public static let demoPassword = "minefree-demo"

    static func ensureAccounts(_ services: MineFreeServices, demo: Bool, logger: Logger) async throws {
        let accounts = services.accounts
        if try await accounts.userCount() == 0 {
            let password = services.settings.adminPassword ?? (demo ? demoPassword : Tokens.make())
            try await accounts.createUser(
                username: "admin",
                displayName: "Administrator",
                role: .administrator,
                organisation: "NMAA",
                passwordHash: try Bcrypt.hash(password)
            )
            try await accounts.audit(actor: "minefree", action: "account-created", target: "admin")
            if services.settings.adminPassword == nil, !demo {
                logger.notice(
                    "first start: administrator 'admin' created with password \(password) (set MINEFREE_ADMIN_PASSWORD to choose it)"
                )
            }
        }
        guard demo else { return }
        for a in demoAccounts where try await accounts.user(named: a.username) == nil {
            try await accounts.createUser(
                username: a.username,
                displayName: a.name,
                role: a.role,
                organisation: a.organisation,
                passwordHash: try Bcrypt.hash(demoPassword)
            )
            try await accounts.audit(actor: "minefree", action: "account-created", target: a.username)
        }
        logger.notice("demo accounts: admin, authority, operator, viewer; password '\(demoPassword)' (for a demo only)")
    }
}

/// `serve --demo` on a store that holds records the demo did not make: the demo's accounts (a published password)
/// must not be added to it.
public struct DemoRefused: Error, CustomStringConvertible {
    public var description: String
}

/// `/openapi.json` and `/openapi.yaml`: the spec the server was generated from.
enum OpenAPIServing {
    static func yaml() throws -> Response {
        let response = Response(status: .ok, body: .init(data: try Data(contentsOf: OpenAPIDocument.url)))
        response.headers.replaceOrAdd(name: .contentType, value: "application/yaml")
        return response
    }

    /// Query parameters by name with their type and allowed values, read from the spec: what names the
    /// parameter at fault when the generated code cannot decode a request.
    static let parameterRules: [String: (type: String?, values: [String]?)] = {
        guard let text = try? String(contentsOf: OpenAPIDocument.url, encoding: .utf8),
            let spec = (try? Yams.load(yaml: text)) as? [String: Any]
        else { return [:] }
        let schemas = (spec["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
        var parameters: [[String: Any]] = []
        if let shared = (spec["components"] as? [String: Any])?["parameters"] as? [String: Any] {
            parameters += shared.values.compactMap { $0 as? [String: Any] }
        }
        for case let item as [String: Any] in (spec["paths"] as? [String: Any] ?? [:]).values {
            for case let operation as [String: Any] in item.values {
                parameters += (operation["parameters"] as? [[String: Any]] ?? []).filter { $0["name"] != nil }
            }
        }
        var rules: [String: (type: String?, values: [String]?)] = [:]
        for p in parameters {
            guard let name = p["name"] as? String, var schema = p["schema"] as? [String: Any] else { continue }
            if let ref = schema["$ref"] as? String,
                let target = schemas[String(ref.split(separator: "/").last ?? "")] as? [String: Any]
            {
                schema = target
            }
            rules[name] = (schema["type"] as? String, schema["enum"] as? [String])
        }
        return rules
    }()

    static func offendingParameter(in request: Request) -> String? {
        guard let query = request.url.query else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).removingPercentEncoding ?? String($0)
            }
            guard let name = parts.first, let rule = parameterRules[name] else { continue }
            let value = parts.count > 1 ? parts[1] : ""
            if let values = rule.values, !values.contains(value) { return name }
            if rule.type == "integer", Int(value) == nil { return name }
            if rule.type == "number", Double(value) == nil { return name }
        }
        return nil
    }

    static func expectation(of name: String) -> String {
        guard let rule = parameterRules[name] else { return "a valid value" }
        if let values = rule.values { return "one of " + values.joined(separator: ", ") }
        if rule.type == "integer" { return "a whole number" }
        if rule.type == "number" { return "a number" }
        return "a valid value"
    }

    /// openapi.yaml as JSON, converted once.
    static let jsonData: Data? = {
        guard let text = try? String(contentsOf: OpenAPIDocument.url, encoding: .utf8),
            let object = try? Yams.load(yaml: text)
        else { return nil }
        return try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }()

    static func json() throws -> Response {
        guard let data = jsonData else { throw Problem(.internalServerError, "openapi.yaml could not be read") }
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: "application/json")
        return response
    }
}

/// Leaflet from Debian's libjs-leaflet (its install path, not a copy), and the app's own CSS and map script.
enum StaticFiles {
    static let leafletDirectory =
        ProcessInfo.processInfo.environment["MINEFREE_LEAFLET_DIR"] ?? "/usr/share/javascript/leaflet"

    static func register(_ app: Application) {
        app.get("static", "leaflet", "**") { req async throws -> Response in
            let parts = req.parameters.getCatchall()
            guard !parts.isEmpty, !parts.contains(where: { $0 == ".." || $0.hasPrefix(".") || $0.contains("/") }) else {
                throw Problem(.notFound, "no such file")
            }
            let path = leafletDirectory + "/" + parts.joined(separator: "/")
            guard FileManager.default.fileExists(atPath: path) else {
                throw Problem(
                    .notFound,
                    "\(parts.joined(separator: "/")) is not in \(leafletDirectory): install Debian's libjs-leaflet"
                )
            }
            return try await req.fileio.asyncStreamFile(at: path)
        }
        for (name, type) in [("minefree.css", "text/css"), ("map.js", "text/javascript")] {
            app.get("static", .constant(name)) { _ -> Response in
                guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "static") else {
                    throw Problem(.notFound, "no such file")
                }
                let response = Response(status: .ok, body: .init(data: try Data(contentsOf: url)))
                response.headers.replaceOrAdd(name: .contentType, value: type + "; charset=utf-8")
                return response
            }
        }
    }
}
