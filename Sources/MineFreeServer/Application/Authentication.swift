import Foundation
import MineFreeCore
import MineFreeStore
import Vapor

/// Who is asking: a bearer token (the API), a signed-in session (the web), or the anonymous public.
struct AccountMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        var account = Account.anonymous
        if let bearer = request.headers.bearerAuthorization {
            let found = try await request.minefree.storeStateReads.read(tokenHash: Tokens.hash(bearer.token))
            request.stampReadWith(found.store)
            guard let tokenAccount = found.account else {
                throw Problem(
                    .unauthorized,
                    "the bearer token is unknown or has expired: ask POST /api/v1/tokens for a new one"
                )
            }
            account = tokenAccount
        } else if request.hasSession, let text = request.session.data["user"], let id = Int64(text),
            let found = try await request.minefree.accounts.user(id: id)
        {
            // A browser sends the cookie with whatever a page from another site makes it send: writes to the API
            // with the cookie alone could be forged. They need the bearer token, or the session's CSRF token.
            if request.url.path.hasPrefix("/api/"), !request.method.isSafe {
                guard let sent = request.headers.first(name: "X-CSRF-Token"),
                    let expected = request.session.data["csrf"], Tokens.equal(sent, expected)
                else {
                    throw Problem(
                        .forbidden,
                        "API writes need a bearer token (POST /api/v1/tokens), or the session's CSRF token in X-CSRF-Token"
                    )
                }
            }
            account = found
        }
        request.account = account
        try APIAccess.check(request)
        // The generated API handlers have no Request parameter; they read it from here.
        return try await RequestContext.$current.withValue(request) {
            try await next.respond(to: request)
        }
    }
}

enum RequestContext {
    @TaskLocal static var current: Request?
}

extension Request {
    private struct AccountKey: StorageKey { typealias Value = Account }

    var account: Account {
        get { storage[AccountKey.self] ?? .anonymous }
        set { storage[AccountKey.self] = newValue }
    }

    /// Refuses the request unless its account may do `permission`: 401 for the anonymous, 403 for a role that may not.
    func require(_ permission: Permission) throws {
        guard !account.role.may(permission) else { return }
        if account.role == .public {
            throw Problem(.unauthorized, "sign in (or send a bearer token) to do this")
        }
        throw Problem(.forbidden, "the role \(account.role.rawValue) may not do this (\(permission.rawValue))")
    }

    /// Reading programme data: allowed for signed-in roles, and for the public where the authority publishes it.
    func requireProgrammeRead(_ area: ServerSettings.PublishedArea) throws {
        if minefree.settings.published.contains(area) { return }
        try require(.readProgramme)
    }
}

/// Bearer tokens: 32 random bytes shown once; only their SHA-256 is stored.
enum Tokens {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(
            of: "/",
            with: "_"
        )
        .replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        hex(SHA256.hash(data: Data(token.utf8)))
    }

    /// Lower-case hex of some bytes (`String(format:)` per byte costs a token check tens of microseconds).
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Compares two secrets in time that does not depend on where they first differ.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}

/// Signing in, the same for the web form and the token endpoint: a wrong name and a wrong password answer alike,
/// and take as long (bcrypt runs for an unknown name too). Throttled per account and per address
/// (``SignInThrottle``): `429` with `Retry-After` while either must wait.
enum SignIn {
    static func verify(username: String, password: String, on request: Request) async throws -> Account {
        guard username.count <= AccountRules.maximumUsernameLength else {
            throw Problem(
                .badRequest,
                "the user name is longer than \(AccountRules.maximumUsernameLength) characters",
                field: "username"
            )
        }
        guard password.utf8.count <= AccountRules.maximumPasswordBytes else {
            throw Problem(
                .badRequest,
                "the password is longer than \(AccountRules.maximumPasswordBytes) bytes",
                field: "password"
            )
        }
        let address = request.clientAddress
        do {
            try request.minefree.signInThrottle.begin(account: username, address: address)
        } catch let locked as SignInThrottle.Locked {
            throw Problem(
                .tooManyRequests,
                "too many sign-in attempts: try again in \(locked.retryAfter) s",
                retryAfter: locked.retryAfter
            )
        }
        let repository = request.minefree.accounts
        let user = try await repository.user(named: username)
        let matches = try await PasswordHashing.verify(
            password,
            against: user?.passwordHash ?? PasswordHashing.unknownUserHash
        )
        guard let user, matches, !user.disabled else {
            try await repository.audit(
                actor: username,
                action: "sign-in-failed",
                target: "account",
                address: address
            )
            throw Problem(.unauthorized, "unknown user name or wrong password")
        }
        request.minefree.signInThrottle.succeeded(account: username, address: address)
        try await repository.audit(actor: username, action: "sign-in", target: "account", address: address)
        return user.account
    }
}

extension Request {
    /// The client's address as the server sees it (the proxy's, behind one).
    var clientAddress: String { remoteAddress?.ipAddress ?? "unknown" }
}

/// The API operations that need a signed-in role, checked before the generated code decodes anything, so an
/// anonymous or unentitled request is told 401 or 403 rather than what is wrong with its body.
enum APIAccess {
    static let rules: [(method: HTTPMethod, prefix: String, permission: Permission)] = [
        (.POST, "/api/v1/submissions/releases", .submitRecords),
        (.POST, "/api/v1/submissions/hazards", .submitRecords),
        (.POST, "/api/v1/submissions/revisions", .submitRecords),
        (.POST, "/api/v1/submissions/activities", .submitRecords),
        (.POST, "/api/v1/submissions/finds", .submitRecords),
        (.POST, "/api/v1/submissions/", .reviewSubmissions),  // …/{id}/review
        (.GET, "/api/v1/submissions", .submitRecords),
        (.GET, "/api/v1/audit", .administer),
        (.GET, "/api/v1/accidents/duplicates", .reviewSubmissions),
        (.GET, "/api/v1/accidents/decisions", .readProgramme),
        (.POST, "/api/v1/accidents/decisions", .reviewSubmissions),
        (.GET, "/api/v1/people/", .readPersonalData),
        (.GET, "/api/v1/assistance/", .readProgramme),
        (.GET, "/api/v1/eore/", .readProgramme),
        (.GET, "/api/v1/people-records/", .readProgramme),
        (.GET, "/api/v1/funding/", .readProgramme),
        (.GET, "/api/v1/implementation-records/", .readProgramme),
        (.GET, "/api/v1/interim-steps", .readProgramme),
        (.GET, "/api/v1/stockpile-ledger", .readProgramme),
        (.GET, "/api/v1/figures", .readProgramme),
        (.DELETE, "/api/v1/tokens/current", .readProgramme),  // any signed-in account
    ]

    static func check(_ request: Request) throws {
        let path = request.url.path
        guard path.hasPrefix("/api/") else { return }
        if let rule = rules.first(where: { $0.method == request.method && path.hasPrefix($0.prefix) }) {
            try request.require(rule.permission)
        }
    }
}
