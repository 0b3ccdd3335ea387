import FluentKit
import Foundation
import MineFreeCore
import MineFreeStore
import Vapor

/// The operator → authority review workflow. Submissions are checked against the import's rules when
/// submitted and again when approved (the store may have changed); only approved ones reach the records, through
/// the `Importer`, so official figures (and the kept progress flows) count them.
enum Review {
    static func list(state: SubmissionState?, limit: Int, offset: Int, on req: Request) async throws -> (
        Int, [StoredSubmission]
    ) {
        try req.require(.submitRecords)
        let organisation = ReviewPolicy.visibleOrganisation(for: req.account.role, own: req.account.organisation)
        return try await req.minefree.accounts.submissions(
            state: state,
            organisation: organisation,
            limit: limit,
            offset: offset
        )
    }

    static func submit(_ record: Submission, on req: Request) async throws -> StoredSubmission {
        try req.require(.submitRecords)
        let account = req.account
        if let org = record.text("organisation_id"),
            let refusal = ReviewPolicy.refusal(
                role: account.role,
                ownOrganisation: account.organisation,
                recordOrganisation: org,
                field: "organisation_id"
            )
        {
            throw Problem(.forbidden, refusal, field: "organisation_id")
        }
        if let activity = record.text("activity_id"),
            let org = try await req.minefree.land.activityOrganisation(activity),
            let refusal = ReviewPolicy.refusal(
                role: account.role,
                ownOrganisation: account.organisation,
                recordOrganisation: org,
                field: "activity_id"
            )
        {
            throw Problem(.forbidden, refusal, field: "activity_id")
        }
        let accounts = req.minefree.accounts
        try await check(record, on: req)
        if try await accounts.pendingSubmission(recordID: record.storedKey, kind: record.kind) {
            throw Problem(
                .unprocessableEntity,
                "id '\(record.id)' is already waiting for review in another submission",
                field: "id",
                errors: [.init(item: record.id, rule: "already-submitted", detail: "choose a new id")]
            )
        }
        // The submission and its audit entry together, or neither.
        let address = req.clientAddress
        let (kind, key, payload, id) = (record.kind, record.storedKey, record.payload, record.id)
        var stored = try await req.minefree.store.database.transaction { db in
            let accounts = AccountRepository(database: db)
            let stored = try await accounts.submit(kind: kind, recordID: key, payload: payload, by: account)
            try await accounts.audit(
                actor: account.username,
                action: "submit",
                target: "submission \(stored.id)",
                detail: "\(kind) \(id)",
                address: address
            )
            return stored
        }
        if ReviewPolicy.recordsDirectly(account.role) {
            stored = try await decide(stored.id, approve: true, comment: ReviewPolicy.directComment, on: req)
        }
        return stored
    }

    static func decide(_ id: Int64, approve: Bool, comment: String?, on req: Request) async throws -> StoredSubmission {
        try req.require(.reviewSubmissions)
        let accounts = req.minefree.accounts
        guard let submission = try await accounts.submission(id: id) else {
            throw Problem(.notFound, "no submission \(id)", field: "id")
        }
        guard submission.state.awaitsReview else {
            throw Problem(
                .conflict,
                "submission \(id) was already \(submission.state.rawValue) by \(submission.reviewedBy ?? "?")"
            )
        }
        let reviewer = req.account.username
        let address = req.clientAddress
        // The decision, its audit entry and (on approval) the records go in one transaction: all of them or none.
        let decided: @Sendable (any Database) async throws -> Void = { db in
            let accounts = AccountRepository(database: db)
            guard
                try await accounts.decide(id, state: approve ? .approved : .returned, by: reviewer, comment: comment)
            else {
                throw Problem(.conflict, "submission \(id) was reviewed by someone else meanwhile")
            }
            try await accounts.audit(
                actor: reviewer,
                action: approve ? "approve" : "return",
                target: "submission \(id)",
                detail: comment,
                address: address
            )
        }
        if approve {
            var request = try request(
                try Submission(kind: submission.kind, payload: submission.payload),
                source: "submission \(id)",
                on: req
            )
            request.within = { db, _ in try await decided(db) }
            _ = try await Importer.run(request, store: req.minefree.store)
        } else {
            if let missing = SubmissionState.missingReason(approve: false, comment: comment) {
                throw Problem(.badRequest, missing, field: "comment")
            }
            try await req.minefree.store.database.transaction { db in try await decided(db) }
        }
        guard let stored = try await accounts.submission(id: id) else {
            throw Problem(.notFound, "no submission \(id)", field: "id")
        }
        return stored
    }

    /// Checks without storing: the import's rules against the store as it is, and the id not yet used.
    static func check(_ record: Submission, on req: Request) async throws {
        _ = try await Importer.check(request(record, source: "submission", on: req), store: req.minefree.store)
    }

    static func request(_ record: Submission, source: String, on req: Request) throws -> Importer.Request {
        Importer.Request(inputs: [try record.input()], rules: req.minefree.settings.importRules, source: source)
    }
}
