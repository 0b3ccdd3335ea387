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
            passwordHash: try Bcrypt.hash(password)
        )
        try await accounts.audit(
            actor: actor,
            action: "account-created",
            target: username,
            detail: "\(role.rawValue) for \(org)"
        )
        return account
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
        let users = try await c.req.minefree.accounts.users()
        var body = table(
            [c.t("signin.username"), c.t("users.name"), c.t("users.role"), c.t("users.organisation")],
            users.map {
                [esc($0.username), esc($0.displayName), c.t("role." + $0.role.rawValue), esc($0.organisation)]
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
