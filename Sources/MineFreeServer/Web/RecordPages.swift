import Foundation
import MineFreeCore
import MineFreeStore
import Vapor

extension WebPages {
    // MARK: Sign in

    static func signInForm(_ req: Request) async throws -> Response {
        let c = WebContext(req)
        let next = LocalRedirect.target(req.query[String.self, at: "next"])
        let body = """
            <form method="post" action="/signin" class="stacked" id="signin-form">\(c.csrfField)
            <input type="hidden" name="next" value="\(esc(next))">
            <label>\(c.t("signin.username")) <input name="username" id="username" autocomplete="username" required></label>
            <label>\(c.t("signin.password")) <input name="password" id="password" type="password" autocomplete="current-password" required></label>
            <button type="submit" id="signin-submit">\(c.t("nav.sign_in"))</button>
            </form>
            """
        return c.page(c.t("nav.sign_in"), body)
    }

    struct SignInForm: Content {
        var username: String
        var password: String
        var csrf: String?
        var next: String?
    }

    static func signIn(_ req: Request) async throws -> Response {
        let c = WebContext(req)
        let form = try req.content.decode(SignInForm.self)
        try c.checkCSRF(form.csrf)
        let account = try await SignIn.verify(username: form.username, password: form.password, on: req)
        // A new session id on sign-in (no fixation), a new CSRF token with it.
        if let old = req.session.id {
            try await req.application.sessions.driver.deleteSession(old, for: req).get()
            req.session.id = nil
        }
        req.session.data = SessionData()
        req.session.data["user"] = String(account.id)
        req.session.data["csrf"] = Tokens.make()
        req.session.data["lang"] = c.lang
        return req.redirect(to: LocalRedirect.target(form.next))
    }

    static func signOut(_ req: Request) async throws -> Response {
        let c = WebContext(req)
        try c.checkCSRF(try req.content.get(String?.self, at: "csrf"))
        if req.account.role != .public {
            try await req.minefree.accounts.audit(
                actor: req.account.username,
                action: "sign-out",
                target: "account",
                address: req.clientAddress
            )
        }
        req.session.destroy()
        return req.redirect(to: "/")
    }

    // MARK: Review

    static func reviewList(_ req: Request) async throws -> Response {
        try req.require(.submitRecords)
        let c = WebContext(req)
        var state: SubmissionState? = .submitted
        if let text = req.query[String.self, at: "state"] {
            if text == "all" || text.isEmpty {
                state = nil
            } else {
                guard let s = SubmissionState(rawValue: text) else {
                    throw Problem.badValue("state", text, expected: "submitted, approved, returned or all")
                }
                state = s
            }
        }
        let (total, items) = try await Review.list(state: state, limit: 200, offset: 0, on: req)
        let filters = (["submitted", "approved", "returned", "all"]).map { s in
            s == (state?.rawValue ?? "all")
                ? "<strong>\(c.t("review.state." + s))</strong>"
                : "<a href=\"/review?state=\(s)\">\(c.t("review.state." + s))</a>"
        }.joined(separator: " · ")
        var body = "<p>\(filters)</p><p>\(c.t("review.count", ["n": String(total)]))</p>"
        let reviewer = c.may(.reviewSubmissions)
        body += table(
            [
                c.t("review.submission"), c.t("review.record"), c.t("review.by"), c.t("common.status"),
                c.t("review.comment"), "",
            ],
            try items.map { s in
                let r = try Submission(kind: s.kind, payload: s.payload)
                var actions = ""
                if reviewer, s.state.awaitsReview {
                    actions = """
                        <form method="post" action="/review/\(s.id)" class="inline">\(c.csrfField)<input type="hidden" name="decision" value="approve"><button type="submit" id="approve-\(s.id)">\(c.t("review.approve"))</button></form>
                        <form method="post" action="/review/\(s.id)" class="inline">\(c.csrfField)<input type="hidden" name="decision" value="return"><input name="comment" placeholder="\(c.t("review.why"))" id="comment-\(s.id)"><button type="submit" id="return-\(s.id)">\(c.t("review.return"))</button></form>
                        """
                }
                return [
                    String(s.id),
                    c.t("review.kind." + s.kind) + ": " + esc(r.summary),
                    esc("\(s.submittedBy) (\(s.organisation))"),
                    "<span class=\"review \(s.state.rawValue)\">\(c.t("review.state." + s.state.rawValue))</span>",
                    esc(s.comment ?? ""), actions,
                ]
            },
            id: "submissions"
        )
        return c.page(c.t("nav.review"), body)
    }

    static func reviewDecision(_ req: Request) async throws -> Response {
        try req.require(.reviewSubmissions)
        let c = WebContext(req)
        let form = try req.content.decode([String: String].self)
        try c.checkCSRF(form["csrf"])
        guard let id = req.parameters.get("id").flatMap(Int64.init) else {
            throw Problem(.notFound, "no such submission")
        }
        guard let decision = form["decision"], decision == "approve" || decision == "return" else {
            throw Problem.badValue("decision", form["decision"] ?? "", expected: "approve or return")
        }
        _ = try await Review.decide(
            id,
            approve: decision == "approve",
            comment: form["comment"].flatMap { $0.isEmpty ? nil : $0 },
            on: req
        )
        return req.redirect(to: "/review")
    }
}
