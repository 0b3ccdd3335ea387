import Foundation
import MineFreeCore
import MineFreeStore
import Vapor

/// The operator → authority review workflow. Submissions are checked against the import's rules when
/// submitted and again when approved (the store may have changed); only approved ones reach the land
/// records, through `LandImporter`, so official figures (and the kept progress flows) count them.
enum Review {
    static func list(state: SubmissionState?, limit: Int, offset: Int, on req: Request) async throws -> (Int, [StoredSubmission]) {
        try req.require(.submitRecords)
        // Operators see their own organisation's submissions; the authority sees all.
        let organisation = req.account.role == .operator ? req.account.organisation : nil
        return try await req.minefree.accounts.submissions(state: state, organisation: organisation, limit: limit, offset: offset)
    }

    static func submit<Record: SubmittedRecord>(_ record: Record, on req: Request) async throws -> StoredSubmission {
        try req.require(.submitRecords)
        try record.checkBounds()
        if let org = record.actingOrganisation, !req.account.role.mayAct(for: org, ownOrganisation: req.account.organisation) {
            throw Problem(.forbidden, "an operator records its own organisation's work: '\(org)' is not \(req.account.organisation)",
                          field: "organisation_id")
        }
        if let activity = record.actingActivity, let org = try await req.minefree.land.activityOrganisation(activity),
            !req.account.role.mayAct(for: org, ownOrganisation: req.account.organisation)
        {
            throw Problem(.forbidden, "an operator reports its own organisation's activities: '\(activity)' is \(org)'s, not \(req.account.organisation)'s",
                          field: "activity_id")
        }
        let accounts = req.minefree.accounts
        try await check(record, on: req)
        if try await accounts.pendingSubmission(recordID: record.storedKey, kind: Record.kind) {
            throw Problem(.unprocessableEntity, "id '\(record.id)' is already waiting for review in another submission", field: "id",
                          errors: [.init(item: record.id, rule: "already-submitted", detail: "choose a new id")])
        }
        var stored = try await accounts.submit(kind: Record.kind, recordID: record.storedKey, payload: try record.encoded(), by: req.account)
        try await accounts.audit(actor: req.account.username, action: "submit", target: "submission \(stored.id)", detail: "\(Record.kind) \(record.id)")
        // The authority's own records need no second pair of eyes.
        if req.account.role.may(.reviewSubmissions) {
            stored = try await decide(stored.id, approve: true, comment: "recorded by the authority", on: req)
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
            throw Problem(.conflict, "submission \(id) was already \(submission.state.rawValue) by \(submission.reviewedBy ?? "?")")
        }
        if approve {
            try await record(try SubmittedPayload.record(kind: submission.kind, payload: submission.payload), on: req)
        } else if let missing = SubmissionState.missingReason(approve: false, comment: comment) {
            throw Problem(.badRequest, missing, field: "comment")
        }
        guard try await accounts.decide(id, state: approve ? .approved : .returned, by: req.account.username, comment: comment) else {
            throw Problem(.conflict, "submission \(id) was reviewed by someone else meanwhile")
        }
        try await accounts.audit(actor: req.account.username, action: approve ? "approve" : "return", target: "submission \(id)", detail: comment)
        return try await accounts.submission(id: id)!
    }

    /// Validates without storing: the import's rules against the store as it is, and the id not yet used.
    static func check(_ record: some SubmittedRecord, on req: Request) async throws {
        try await withImportFile(record) { url in
            _ = try await LandImporter.check(url, profile: req.minefree.settings.importProfile, store: req.minefree.store)
        }
    }

    /// Stores an approved record through the import pipeline (one transaction, progress flows kept).
    static func record(_ record: any SubmittedRecord, on req: Request) async throws {
        try await withImportFile(record) { url in
            _ = try await LandImporter.run(url, profile: req.minefree.settings.importProfile, store: req.minefree.store)
        }
    }

    private static func withImportFile(_ record: some SubmittedRecord, _ body: (URL) async throws -> Void) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minefree-submission-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent(type(of: record).layerFile)
        try record.importFile().write(to: url, atomically: true, encoding: .utf8)
        try await body(url)
    }
}
