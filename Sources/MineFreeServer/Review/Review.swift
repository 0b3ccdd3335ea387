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
        var stored = try await accounts.submit(
            kind: record.kind,
            recordID: record.storedKey,
            payload: record.payload,
            by: account
        )
        try await accounts.audit(
            actor: account.username,
            action: "submit",
            target: "submission \(stored.id)",
            detail: "\(record.kind) \(record.id)"
        )
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
        if approve {
            try await record(
                try Submission(kind: submission.kind, payload: submission.payload),
                source: "submission \(id)",
                on: req
            )
        } else if let missing = SubmissionState.missingReason(approve: false, comment: comment) {
            throw Problem(.badRequest, missing, field: "comment")
        }
        guard
            try await accounts.decide(
                id,
                state: approve ? .approved : .returned,
                by: req.account.username,
                comment: comment
            )
        else {
            throw Problem(.conflict, "submission \(id) was reviewed by someone else meanwhile")
        }
        try await accounts.audit(
            actor: req.account.username,
            action: approve ? "approve" : "return",
            target: "submission \(id)",
            detail: comment
        )
        return try await accounts.submission(id: id)!
    }

    /// Checks without storing: the import's rules against the store as it is, and the id not yet used.
    static func check(_ record: Submission, on req: Request) async throws {
        _ = try await Importer.check(request(record, source: "submission", on: req), store: req.minefree.store)
    }

    /// Stores an approved record through the import pipeline (one transaction, progress flows kept).
    static func record(_ record: Submission, source: String, on req: Request) async throws {
        _ = try await Importer.run(request(record, source: source, on: req), store: req.minefree.store)
    }

    static func request(_ record: Submission, source: String, on req: Request) throws -> Importer.Request {
        Importer.Request(inputs: [try record.input()], rules: req.minefree.settings.importRules, source: source)
    }
}
