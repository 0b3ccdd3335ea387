import Foundation
import MineFreeCore
import MineFreeStore
import Vapor

/// The audit log's filters, checked alike for the page and `GET /api/v1/audit`: actor and action exactly as
/// written (at most 200 characters), `from`/`to` days (`YYYY-MM-DD`, both included, `from` not after `to`).
enum AuditQuery {
    static let pageSize = 100
    static let maximumLimit = 500

    static func filter(actor: String?, action: String?, from: String?, to: String?) throws -> AuditFilter {
        func text(_ value: String?, _ field: String) throws -> String? {
            guard let value, !value.isEmpty else { return nil }
            guard value.count <= AuditChain.maximumName else {
                throw Problem.badValue(field, String(value.prefix(40)) + "…", expected: "at most 200 characters")
            }
            return value
        }
        let first = try Parameters.optionalDay(from, field: "from")
        let last = try Parameters.optionalDay(to, field: "to")
        if let first, let last, first > last {
            throw Problem.badValue("to", last.iso, expected: "a day on or after from (\(first.iso))")
        }
        return AuditFilter(
            actor: try text(actor, "actor"),
            action: try text(action, "action"),
            from: first?.iso,
            to: last?.iso
        )
    }
}

extension WebPages {
    /// `/audit`: every entry, newest first, a hundred a page, filtered by actor, action and days.
    static func audit(_ req: Request) async throws -> Response {
        try req.require(.administer)
        let c = WebContext(req)
        let filter = try AuditQuery.filter(
            actor: req.query[String.self, at: "actor"],
            action: req.query[String.self, at: "action"],
            from: req.query[String.self, at: "from"],
            to: req.query[String.self, at: "to"]
        )
        let perPage = AuditQuery.pageSize
        let pageNumber = try Parameters.pageNumber(req.query[String.self, at: "page"], perPage: perPage)
        let (total, entries) = try await req.minefree.accounts.auditEntries(
            matching: filter,
            limit: perPage,
            offset: (pageNumber - 1) * perPage
        )
        func value(_ name: String, _ v: String?) -> String { "value=\"\(esc(v ?? ""))\" name=\"\(name)\"" }
        var body = """
            <form method="get" action="/audit" class="filters" id="audit-filter">
            <label>\(c.t("audit.actor")) <input \(value("actor", filter.actor)) maxlength="200"></label>
            <label>\(c.t("audit.action")) <input \(value("action", filter.action)) maxlength="200"></label>
            <label>\(c.t("audit.from")) <input type="date" \(value("from", filter.from))></label>
            <label>\(c.t("audit.to")) <input type="date" \(value("to", filter.to))></label>
            <button type="submit">\(c.t("audit.filter"))</button>
            </form>
            """
        body += "<p id=\"audit-count\">\(c.t("audit.count", ["n": String(total)]))</p>"
        body += table(
            [
                c.t("audit.at"), c.t("audit.actor"), c.t("audit.action"), c.t("audit.target"), c.t("audit.detail"),
                c.t("audit.address"),
            ],
            entries.map {
                [
                    esc($0.at), esc($0.actor), esc($0.action), esc($0.target), esc($0.detail ?? ""),
                    esc($0.address ?? ""),
                ]
            },
            id: "audit"
        )
        body += c.pager(
            "/audit",
            [("actor", filter.actor), ("action", filter.action), ("from", filter.from), ("to", filter.to)],
            page: pageNumber,
            perPage: perPage,
            total: total
        )
        return c.page(c.t("nav.audit"), body)
    }
}
