import Foundation
import MineFreeCore
import MineFreeStore
import Vapor

/// Creating accounts: the administrator's page and `minefree user add` share these rules.
public enum AccountAdministration {
    public typealias Refused = AccountRules.Refused

    /// Checks the new account's fields, hashes the password with Bcrypt, stores it, audits who made it.
    @discardableResult
    public static func addUser(
        username: String,
        displayName: String?,
        role: Role,
        organisation: String,
        password: String,
        by actor: String,
        accounts: AccountRepository
    ) async throws -> Account {
        if let refused = AccountRules.check(
            username: username,
            role: role,
            organisation: organisation,
            password: password
        ) {
            throw refused
        }
        let org = organisation.trimmingCharacters(in: .whitespaces)
        guard try await accounts.user(named: username) == nil else {
            throw Refused(field: "username", reason: "'\(username)' is taken")
        }
        let account = try await accounts.createUser(
            username: username,
            displayName: displayName.flatMap { $0.isEmpty ? nil : $0 } ?? username,
            role: role,
            organisation: org,
            passwordHash: try await PasswordHashing.hash(password)
        )
        try await accounts.audit(
            actor: actor,
            action: "account-created",
            target: username,
            detail: "\(role.rawValue) for \(org)"
        )
        return account
    }

    /// What an administrator may change on an existing account.
    public enum Change: Sendable, Equatable {
        /// It can no longer sign in; its sessions and tokens end.
        case disable
        case enable
        case role(Role)
        case organisation(String)
        /// A new password; its sessions and tokens end (whoever knew the old one is signed out).
        case password(String)
        /// Ends every session and API token it has.
        case revoke
    }

    /// Applies `change` to the account named `username`, writes the audit entry, and says what was done (one line).
    /// An administrator cannot disable, demote or lock out the account they are acting from.
    @discardableResult
    public static func change(
        _ username: String,
        _ change: Change,
        by actor: String,
        address: String? = nil,
        accounts: AccountRepository
    ) async throws -> String {
        guard let found = try await accounts.user(named: username) else {
            throw Refused(field: "username", reason: "no account '\(username)'")
        }
        let account = found.account
        let own = account.username == actor
        func endSignIns() async throws -> String {
            let sessions = try await accounts.deleteSessions(ofUser: account.id)
            let tokens = try await accounts.revokeTokens(userID: account.id)
            return "\(sessions) session\(sessions == 1 ? "" : "s") and \(tokens) token\(tokens == 1 ? "" : "s") ended"
        }
        let action: String
        let detail: String
        switch change {
        case .disable:
            if own { throw Refused(field: "username", reason: "you cannot disable the account you are signed in with") }
            try await accounts.setDisabled(account.id, true)
            action = "account-disabled"
            detail = try await endSignIns()
        case .enable:
            try await accounts.setDisabled(account.id, false)
            action = "account-enabled"
            detail = "enabled"
        case .role(let role):
            if role == .public {
                throw Refused(field: "role", reason: "public is the role of anyone not signed in, not an account's")
            }
            if own, role != account.role {
                throw Refused(field: "role", reason: "you cannot change the role of the account you are signed in with")
            }
            try await accounts.setRole(account.id, role)
            action = "account-role-changed"
            detail = "\(account.role.rawValue) → \(role.rawValue)"
        case .organisation(let text):
            let organisation = text.trimmingCharacters(in: .whitespaces)
            guard !organisation.isEmpty, organisation.count <= 200 else {
                throw Refused(
                    field: "organisation",
                    reason: "say which organisation the account acts for (at most 200 characters)"
                )
            }
            try await accounts.setOrganisation(account.id, organisation)
            action = "account-organisation-changed"
            detail = "\(account.organisation) → \(organisation)"
        case .password(let password):
            if let refused = AccountRules.check(
                username: account.username,
                role: account.role,
                organisation: account.organisation.isEmpty ? "-" : account.organisation,
                password: password
            ), refused.field == "password" {
                throw refused
            }
            try await accounts.setPasswordHash(account.id, try await PasswordHashing.hash(password))
            action = "account-password-reset"
            detail = try await endSignIns()
        case .revoke:
            action = "account-sessions-revoked"
            detail = try await endSignIns()
        }
        try await accounts.audit(
            actor: actor,
            action: action,
            target: account.username,
            detail: detail,
            address: address
        )
        return "\(account.username): \(action) (\(detail))"
    }
}

extension WebPages {
    static func users(_ req: Request) async throws -> Response {
        try req.require(.administer)
        let c = WebContext(req)
        return c.page(c.t("nav.users"), try await usersBody(c))
    }

    static func usersBody(_ c: WebContext, problem: String? = nil, values: [String: String] = [:]) async throws
        -> String
    {
        let users = try await c.req.minefree.accounts.accountsWithState()
        var body = table(
            [
                c.t("signin.username"), c.t("users.name"), c.t("users.role"), c.t("users.organisation"),
                c.t("users.status"),
            ],
            users.map { a, disabled in
                [
                    "<a href=\"/users/\(esc(a.username))\">\(esc(a.username))</a>", esc(a.displayName),
                    c.t("role." + a.role.rawValue), esc(a.organisation),
                    disabled ? c.t("users.disabled") : c.t("users.active"),
                ]
            },
            id: "users"
        )
        body += "<h2>\(c.t("users.add"))</h2>"
        if let problem { body += "<p class=\"problem\" id=\"problem\">\(esc(problem))</p>" }
        let roles = Role.allCases.filter { $0 != .public }.map {
            "<option value=\"\($0.rawValue)\"\(values["role"] == $0.rawValue ? " selected" : "")>\(c.t("role." + $0.rawValue))</option>"
        }.joined()
        body += """
            <form method="post" action="/users" class="stacked" id="user-form">\(c.csrfField)
            <label>\(c.t("signin.username")) <input name="username" required value="\(esc(values["username"] ?? ""))"></label>
            <label>\(c.t("users.name")) <input name="display_name" value="\(esc(values["display_name"] ?? ""))"></label>
            <label>\(c.t("users.role")) <select name="role">\(roles)</select></label>
            <label>\(c.t("users.organisation")) <input name="organisation" required value="\(esc(values["organisation"] ?? ""))"></label>
            <label>\(c.t("signin.password")) <input name="password" type="password" required minlength="10" autocomplete="new-password"></label>
            <button type="submit">\(c.t("users.add"))</button>
            </form>
            """
        return body
    }

    static func addUser(_ req: Request) async throws -> Response {
        try req.require(.administer)
        let c = WebContext(req)
        let form = try req.content.decode([String: String].self)
        try c.checkCSRF(form["csrf"])
        do {
            guard let role = Role(rawValue: form["role"] ?? "") else {
                throw AccountAdministration.Refused(field: "role", reason: "'\(form["role"] ?? "")' is not a role")
            }
            try await AccountAdministration.addUser(
                username: form["username"] ?? "",
                displayName: form["display_name"],
                role: role,
                organisation: form["organisation"] ?? "",
                password: form["password"] ?? "",
                by: req.account.username,
                accounts: req.minefree.accounts
            )
            return req.redirect(to: "/users")
        } catch let refused as AccountAdministration.Refused {
            var values = form
            values["password"] = nil
            return c.page(
                c.t("nav.users"),
                try await usersBody(c, problem: refused.description, values: values),
                status: .unprocessableEntity
            )
        }
    }
}

/// One account's page (`/users/NAME`): disable or enable it, change its role or organisation, set a new password,
/// end its sessions and tokens. Each form carries the session's CSRF token and names its action.
extension WebPages {
    static func account(_ req: Request) async throws -> Response {
        try req.require(.administer)
        let c = WebContext(req)
        let username = req.parameters.get("username") ?? ""
        return try await accountPage(c, username: username)
    }

    static func accountPage(_ c: WebContext, username: String, problem: String? = nil, done: String? = nil) async throws
        -> Response
    {
        guard let found = try await c.req.minefree.accounts.user(named: username) else {
            throw Problem(.notFound, "no account '\(username)'")
        }
        let a = found.account
        var body = table(
            [
                c.t("signin.username"), c.t("users.name"), c.t("users.role"), c.t("users.organisation"),
                c.t("users.status"),
            ],
            [
                [
                    esc(a.username), esc(a.displayName), c.t("role." + a.role.rawValue), esc(a.organisation),
                    found.disabled ? c.t("users.disabled") : c.t("users.active"),
                ]
            ],
            id: "account"
        )
        if let problem { body += "<p class=\"problem\" id=\"problem\">\(esc(problem))</p>" }
        if let done { body += "<p class=\"done\" id=\"done\">\(esc(done))</p>" }
        let target = "/users/" + esc(a.username)
        func form(_ action: String, _ fields: String, _ label: String) -> String {
            """
            <form method="post" action="\(target)" class="stacked" id="account-\(action)">\(c.csrfField)<input type="hidden" name="action" value="\(action)">\(fields)<button type="submit">\(label)</button></form>
            """
        }
        body +=
            found.disabled
            ? form("enable", "", c.t("users.enable")) : form("disable", "", c.t("users.disable"))
        let roles = Role.allCases.filter { $0 != .public }.map {
            "<option value=\"\($0.rawValue)\"\($0 == a.role ? " selected" : "")>\(c.t("role." + $0.rawValue))</option>"
        }.joined()
        body += form(
            "role",
            "<label>\(c.t("users.role")) <select name=\"role\">\(roles)</select></label>",
            c.t("users.change_role")
        )
        body += form(
            "organisation",
            "<label>\(c.t("users.organisation")) <input name=\"organisation\" required maxlength=\"200\" value=\"\(esc(a.organisation))\"></label>",
            c.t("users.change_organisation")
        )
        body += form(
            "password",
            "<label>\(c.t("signin.password")) <input name=\"password\" type=\"password\" required minlength=\"10\" autocomplete=\"new-password\"></label>",
            c.t("users.reset_password")
        )
        body += form("revoke", "", c.t("users.revoke"))
        return c.page(a.username, body, status: problem == nil ? .ok : .unprocessableEntity)
    }

    static func changeAccount(_ req: Request) async throws -> Response {
        try req.require(.administer)
        let c = WebContext(req)
        let form = try req.content.decode([String: String].self)
        try c.checkCSRF(form["csrf"])
        let username = req.parameters.get("username") ?? ""
        let change: AccountAdministration.Change
        switch form["action"] ?? "" {
        case "disable": change = .disable
        case "enable": change = .enable
        case "revoke": change = .revoke
        case "organisation": change = .organisation(form["organisation"] ?? "")
        case "password": change = .password(form["password"] ?? "")
        case "role":
            guard let role = Role(rawValue: form["role"] ?? "") else {
                return try await accountPage(
                    c,
                    username: username,
                    problem: "role: '\(form["role"] ?? "")' is not a role"
                )
            }
            change = .role(role)
        case let other:
            throw Problem.badValue("action", other, expected: "disable, enable, role, organisation, password or revoke")
        }
        do {
            let done = try await AccountAdministration.change(
                username,
                change,
                by: req.account.username,
                address: req.remoteAddress?.ipAddress,
                accounts: req.minefree.accounts
            )
            return try await accountPage(c, username: username, done: done)
        } catch let refused as AccountAdministration.Refused {
            return try await accountPage(c, username: username, problem: refused.description)
        }
    }
}
