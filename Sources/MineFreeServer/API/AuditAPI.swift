import Foundation
import MineFreeAPI
import MineFreeCore
import MineFreeStore
import Vapor

extension APIHandler {
    /// `GET /api/v1/audit`: the whole log a page at a time (at most 500 entries), newest first, filtered by actor,
    /// action and days.
    func listAudit(_ input: Operations.ListAudit.Input) async throws -> Operations.ListAudit.Output {
        let req = try request
        try req.require(.administer)
        let q = input.query
        let page = try Parameters.page(limit: q.limit, offset: q.offset, maximum: AuditQuery.maximumLimit)
        let filter = try AuditQuery.filter(actor: q.actor, action: q.action, from: q.from, to: q.to)
        let (total, entries) = try await req.minefree.accounts.auditEntries(
            matching: filter,
            limit: page.limit,
            offset: page.offset
        )
        let iso = ISO8601DateFormatter()
        return .ok(
            .init(
                body: .json(
                    .init(
                        page: APIMapping.page(total: total, limit: page.limit, offset: page.offset),
                        items: entries.map {
                            .init(
                                id: $0.id,
                                at: iso.date(from: $0.at) ?? Date(timeIntervalSince1970: 0),
                                actor: $0.actor,
                                action: $0.action,
                                target: $0.target,
                                detail: $0.detail,
                                address: $0.address
                            )
                        }
                    )
                )
            )
        )
    }
}
