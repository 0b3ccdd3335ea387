import Foundation
import MineFreeCore
import MineFreeStore
import Vapor

/// Text made safe for HTML (element content and quoted attribute values).
func esc(_ s: String) -> String { Markup.escaped(s) }

/// What every page needs: the language, who is signed in, the CSRF token of the session, the catalogue.
struct WebContext {
    let req: Request
    let lang: String
    let account: Account

    init(_ req: Request) {
        self.req = req
        // ?lang= sets the language for the session; otherwise the browser's first supported language.
        if let asked = req.query[String.self, at: "lang"], Catalogue.languages.contains(asked) {
            req.session.data["lang"] = asked
        }
        let accepted = req.headers.first(name: .acceptLanguage)?.split(separator: ",")
            .map { String($0.prefix(2)).lowercased() }.first { Catalogue.languages.contains($0) }
        // Read only a session that exists: looking into `session` would make one for every anonymous page view.
        lang = (req.hasSession ? req.session.data["lang"] : nil) ?? accepted ?? "en"
        account = req.account
    }

    /// The session's CSRF token, made when a page first shows a form: a page without one leaves the session
    /// empty, and an empty session is never stored.
    var csrf: String {
        if let token = req.session.data["csrf"] { return token }
        let token = Tokens.make()
        req.session.data["csrf"] = token
        return token
    }

    /// A catalogue string, escaped.
    func t(_ key: String) -> String { esc(req.minefree.catalogue.text(key, lang)) }

    /// A catalogue string with `{name}` placeholders filled (values escaped).
    func t(_ key: String, _ values: [String: String]) -> String {
        var s = req.minefree.catalogue.text(key, lang)
        for (k, v) in values { s = s.replacingOccurrences(of: "{\(k)}", with: v) }
        return esc(s)
    }

    /// Previous and next links of a paged list, keeping its filters (values percent-encoded).
    func pager(_ path: String, _ parameters: [(String, String?)], page: Int, perPage: Int, total: Int) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+#")
        let query = parameters.compactMap { name, value in
            value.map { "\(name)=\($0.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")&" }
        }.joined()
        var links = ""
        if page > 1 {
            links += "<a rel=\"prev\" href=\"\(path)?\(esc(query))page=\(page - 1)\">← \(t("common.previous"))</a> "
        }
        if page * perPage < total {
            links += "<a rel=\"next\" href=\"\(path)?\(esc(query))page=\(page + 1)\">\(t("common.next")) →</a>"
        }
        return "<p class=\"pager\">\(links)</p>"
    }

    var csrfField: String { "<input type=\"hidden\" name=\"csrf\" value=\"\(esc(csrf))\">" }

    /// Refuses a form post whose CSRF token is not this session's.
    func checkCSRF(_ sent: String?) throws {
        guard let sent, !sent.isEmpty, let expected = req.session.data["csrf"],
            Tokens.equal(sent, expected)
        else {
            throw Problem(
                .forbidden,
                "the form has expired or did not come from this site: reload the page and try again",
                field: "csrf"
            )
        }
    }

    func may(_ p: Permission) -> Bool { account.role.may(p) }

    func mayRead(_ area: ServerSettings.PublishedArea) -> Bool {
        account.role.may(.readProgramme) || req.minefree.settings.published.contains(area)
    }

    func number(_ n: Int64) -> String {
        let f = NumberFormatter()
        f.numberStyle = .decimal
        f.locale = Locale(identifier: lang == "fr" ? "fr_FR" : "en_GB")
        return f.string(from: NSNumber(value: n)) ?? String(n)
    }

    /// An area as people read it: hectares, two decimals, computed exactly.
    func hectares(_ m2: Int64) -> String {
        let s = AreaUnit.hectares.format(m2, decimals: 2)
        return lang == "fr" ? s.replacingOccurrences(of: ".", with: ",") + " ha" : s + " ha"
    }

    /// The page: navigation by role, language switch, the body, and scripts.
    func page(_ title: String, _ body: String, head: String = "", status: HTTPResponseStatus = .ok) -> Response {
        var nav = [
            ("/", t("nav.home")), ("/treaty", t("nav.treaty")), ("/deadlines", t("nav.deadlines")),
            ("/action-plans", t("nav.action_plans")), ("/use-of-mines", t("nav.use")),
        ]
        if mayRead(.progress) {
            nav.append(("/programme", t("nav.programme"))); nav.append(("/forecast", t("nav.forecast")))
            nav.append(("/workplan", t("nav.workplan")))
        }
        if mayRead(.hazards) {
            nav.append(("/hazards", t("nav.hazards"))); nav.append(("/activities", t("nav.activities")))
            nav.append(("/priorities", t("nav.priorities")))
        }
        nav.append(("/casualties", t("nav.casualties")))
        if may(.readProgramme) {
            nav.append(("/assistance", t("nav.assistance"))); nav.append(("/eore", t("nav.eore")))
            nav.append(("/funding", t("nav.funding"))); nav.append(("/advocacy", t("nav.advocacy")))
            nav.append(("/states-not-party", t("nav.states_not_party")))
        }
        if may(.submitRecords) {
            nav.append(("/releases/new", t("nav.record_release"))); nav.append(("/review", t("nav.review")))
        }
        if may(.reviewSubmissions) {
            nav.append(("/import", t("nav.import"))); nav.append(("/casualties/duplicates", t("nav.duplicates")))
        }
        if may(.administer) { nav.append(("/users", t("nav.users"))); nav.append(("/audit", t("nav.audit"))) }
        let path = req.url.path
        let links = nav.map { href, label in
            "<a href=\"\(href)\"\(href == path ? " aria-current=\"page\"" : "")>\(label)</a>"
        }.joined()
        let user =
            account.role == .public
            ? "<a href=\"/signin\" id=\"signin-link\">\(t("nav.sign_in"))</a>"
            : "<span class=\"who\" id=\"who\">\(esc(account.displayName)) · \(t("role." + account.role.rawValue))</span>"
                // A client with a bearer token has no session to end: no form, and no session made for its CSRF token.
                + (req.headers.bearerAuthorization != nil
                    ? ""
                    : "<form method=\"post\" action=\"/signout\" class=\"inline\">\(csrfField)<button type=\"submit\" id=\"signout\">\(t("nav.sign_out"))</button></form>")
        let languages = Catalogue.languages.map { l in
            l == lang
                ? "<strong>\(l.uppercased())</strong>"
                : "<a href=\"?lang=\(l)\" hreflang=\"\(l)\">\(l.uppercased())</a>"
        }.joined(separator: " ")
        let html = """
            <!doctype html>
            <html lang="\(lang)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(esc(title)) · MineFree</title>
            <link rel="stylesheet" href="/static/minefree.css">
            \(head)
            </head>
            <body>
            <header><a class="brand" href="/">MineFree</a><nav>\(links)</nav><div class="account">\(user)<span class="lang">\(languages)</span></div></header>
            <main>
            <h1>\(esc(title))</h1>
            \(body)
            </main>
            <footer>\(t("footer.sources"))</footer>
            </body>
            </html>
            """
        let response = Response(status: status, body: .init(string: html))
        response.headers.contentType = .html
        return response
    }
}

extension WebPages {
    /// A problem as a page (for browsers): what went wrong, in words.
    static func errorPage(_ problem: Problem, request: Request) -> Response {
        let context = WebContext(request)
        var body = "<p class=\"problem\" id=\"problem\">\(esc(problem.detail ?? problem.title))</p>"
        if let errors = problem.errors, !errors.isEmpty {
            body +=
                "<ul class=\"rules\">"
                + errors.map { "<li><code>\(esc($0.rule))</code> \(esc($0.detail))</li>" }.joined() + "</ul>"
        }
        if problem.status == 401 { body += "<p><a href=\"/signin\">\(context.t("nav.sign_in"))</a></p>" }
        return context.page(
            "\(problem.status) \(problem.title)",
            body,
            status: HTTPResponseStatus(statusCode: problem.status)
        )
    }
}

/// A table: header cells and rows of already-escaped cells.
func table(_ headers: [String], _ rows: [[String]], id: String? = nil, numeric: Set<Int> = []) -> String {
    var out = "<table\(id.map { " id=\"\($0)\"" } ?? "")><thead><tr>"
    for (i, h) in headers.enumerated() { out += "<th\(numeric.contains(i) ? " class=\"num\"" : "")>\(h)</th>" }
    out += "</tr></thead><tbody>"
    for row in rows {
        out += "<tr>"
        for (i, cell) in row.enumerated() { out += "<td\(numeric.contains(i) ? " class=\"num\"" : "")>\(cell)</td>" }
        out += "</tr>"
    }
    return out + "</tbody></table>"
}
