import Foundation
import MineFreeCore
import MineFreeStore
import Vapor

/// A land release output as an operator submits it (the API body and the web form share it).
struct ReleaseSubmission: Codable, Sendable, Equatable {
    var id: String
    var hazardID: String
    var date: String
    var method: String
    var areaM2: Int64
    var devicesFound: Int64

    enum CodingKeys: String, CodingKey {
        case id, hazardID = "hazard_id", date, method, areaM2 = "area_m2", devicesFound = "devices_found"
    }

    static func decode(_ text: String) throws -> ReleaseSubmission {
        try JSONDecoder().decode(ReleaseSubmission.self, from: Data(text.utf8))
    }

    func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The record as the one-row `release_events.csv` the import reads, so a submission meets exactly the
    /// import's rules (WORKLOAD §4.1) and is stored by the same pipeline.
    func csv() -> String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        return "id,hazard_id,date,method,area_m2,devices_found\n"
            + [id, hazardID, date, method, String(areaM2), String(devicesFound)].map(field).joined(separator: ",") + "\n"
    }
}

/// The operator → authority review workflow. Submissions are checked against the import's rules when
/// submitted and again when approved (the store may have changed); only approved ones reach the land
/// records, through `LandImporter`, so official figures (and the kept progress flows) count them.
enum Review {
    static let kind = "release"

    static func list(state: SubmissionState?, limit: Int, offset: Int, on req: Request) async throws -> (Int, [StoredSubmission]) {
        try req.require(.submitRecords)
        // Operators see their own organisation's submissions; the authority sees all.
        let organisation = req.account.role == .operator ? req.account.organisation : nil
        return try await req.minefree.accounts.submissions(state: state, organisation: organisation, limit: limit, offset: offset)
    }

    static func submit(_ release: ReleaseSubmission, on req: Request) async throws -> StoredSubmission {
        try req.require(.submitRecords)
        // The bounds openapi.yaml states (the generated code does not enforce them).
        guard (1...64).contains(release.id.count) else { throw Problem.badValue("id", release.id, expected: "1 to 64 characters") }
        guard (1...64).contains(release.hazardID.count) else { throw Problem.badValue("hazard_id", release.hazardID, expected: "1 to 64 characters") }
        guard (1...100_000_000_000).contains(release.areaM2) else {
            throw Problem.badValue("area_m2", String(release.areaM2), expected: "1 to 100,000,000,000 m²")
        }
        guard (0...1_000_000_000).contains(release.devicesFound) else {
            throw Problem.badValue("devices_found", String(release.devicesFound), expected: "0 to 1,000,000,000")
        }
        let accounts = req.minefree.accounts
        try await check(release, on: req)
        if try await accounts.pendingSubmission(recordID: release.id, kind: kind) {
            throw Problem(.unprocessableEntity, "id '\(release.id)' is already waiting for review in another submission", field: "id",
                          errors: [.init(item: release.id, rule: "already-submitted", detail: "choose a new id")])
        }
        var stored = try await accounts.submit(kind: kind, recordID: release.id, payload: try release.encoded(), by: req.account)
        try await accounts.audit(actor: req.account.username, action: "submit", target: "submission \(stored.id)", detail: "release \(release.id)")
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
            let release = try ReleaseSubmission.decode(submission.payload)
            try await record(release, on: req)
        } else if (comment ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw Problem(.badRequest, "say why the submission is returned", field: "comment")
        }
        guard try await accounts.decide(id, state: approve ? .approved : .returned, by: req.account.username, comment: comment) else {
            throw Problem(.conflict, "submission \(id) was reviewed by someone else meanwhile")
        }
        try await accounts.audit(actor: req.account.username, action: approve ? "approve" : "return", target: "submission \(id)", detail: comment)
        return try await accounts.submission(id: id)!
    }

    /// Validates without storing: the import's rules against the store as it is, and the id not yet used.
    static func check(_ release: ReleaseSubmission, on req: Request) async throws {
        try await withReleaseFile(release) { url in
            let land = req.minefree.land
            let dataset = try LandImport.read(url, profile: LandImportProfile(), existing: try await land.knownHazards())
            if try await !land.storedIDs(.releases, among: dataset.releases.map(\.localID)).isEmpty {
                throw ImportRefused(issues: [ImportIssue(file: "release_events.csv", item: "release \(release.id)", rule: "already-stored",
                                                         message: "id '\(release.id)' is already in the store (a correction is a new record)")])
            }
        }
    }

    /// Stores an approved release through the import pipeline (one transaction, progress flows kept).
    static func record(_ release: ReleaseSubmission, on req: Request) async throws {
        try await withReleaseFile(release) { url in
            _ = try await LandImporter.run(url, profile: LandImportProfile(), store: req.minefree.store)
        }
    }

    private static func withReleaseFile(_ release: ReleaseSubmission, _ body: (URL) async throws -> Void) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minefree-submission-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("release_events.csv")
        try release.csv().write(to: url, atomically: true, encoding: .utf8)
        try await body(url)
    }
}
