import Foundation
import MineFreeAPI
import MineFreeCore
import MineFreeStore
import OpenAPIRuntime
import Vapor

extension APIHandler {
    func listSubmissions(_ input: Operations.ListSubmissions.Input) async throws -> Operations.ListSubmissions.Output {
        let req = try request
        try req.require(.submitRecords)
        let page = try Parameters.page(limit: input.query.limit, offset: input.query.offset)
        let state = input.query.state.flatMap { SubmissionState(rawValue: $0.rawValue) }
        let (total, items) = try await Review.list(state: state, limit: page.limit, offset: page.offset, on: req)
        return .ok(
            .init(
                body: .json(
                    .init(
                        page: APIMapping.page(total: total, limit: page.limit, offset: page.offset),
                        items: try items.map(Self.submission)
                    )
                )
            )
        )
    }

    // Each kind's body becomes the record's JSON (the generated types encode with the fields' names) and meets the
    // import's own rules.
    func submitRelease(_ input: Operations.SubmitRelease.Input) async throws -> Operations.SubmitRelease.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType, "send application/json") }
        return .created(.init(body: .json(try await submit(LandRelease.info, body))))
    }

    func submitHazard(_ input: Operations.SubmitHazard.Input) async throws -> Operations.SubmitHazard.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType, "send application/json") }
        return .created(.init(body: .json(try await submit(HazardousArea.info, body))))
    }

    func submitRevision(_ input: Operations.SubmitRevision.Input) async throws -> Operations.SubmitRevision.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType, "send application/json") }
        return .created(.init(body: .json(try await submit(HazardRevision.info, body))))
    }

    func submitActivity(_ input: Operations.SubmitActivity.Input) async throws -> Operations.SubmitActivity.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType, "send application/json") }
        return .created(.init(body: .json(try await submit(ActivityRecord.info, body))))
    }

    func submitFind(_ input: Operations.SubmitFind.Input) async throws -> Operations.SubmitFind.Output {
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType, "send application/json") }
        return .created(.init(body: .json(try await submit(DeviceFind.info, body))))
    }

    private func submit<Body: Encodable>(_ layer: LayerInfo, _ body: Body) async throws -> Components.Schemas.Submission
    {
        try Self.submission(try await Review.submit(try Submission(layer: layer, body: body), on: try request))
    }

    func reviewSubmission(_ input: Operations.ReviewSubmission.Input) async throws -> Operations.ReviewSubmission.Output
    {
        let req = try request
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType, "send application/json") }
        let stored = try await Review.decide(
            input.path.id,
            approve: body.decision == .approve,
            comment: body.comment,
            on: req
        )
        return .ok(.init(body: .json(try Self.submission(stored))))
    }

    static func submission(_ s: StoredSubmission) throws -> Components.Schemas.Submission {
        let iso = ISO8601DateFormatter()
        let payload = try JSONDecoder().decode(OpenAPIObjectContainer.self, from: Data(s.payload.utf8))
        return .init(
            id: s.id,
            kind: Components.Schemas.Submission.KindPayload(rawValue: s.kind) ?? .release,
            recordId: s.recordID,
            state: APIMapping.api(s.state),
            submittedBy: s.submittedBy,
            organisation: s.organisation,
            submittedAt: iso.date(from: s.submittedAt) ?? Date(timeIntervalSince1970: 0),
            reviewedBy: s.reviewedBy,
            reviewedAt: s.reviewedAt.flatMap { iso.date(from: $0) },
            comment: s.comment,
            payload: payload
        )
    }
}

extension APIHandler {
    func createToken(_ input: Operations.CreateToken.Input) async throws -> Operations.CreateToken.Output {
        let req = try request
        guard case .json(let body) = input.body else { throw Problem(.unsupportedMediaType, "send application/json") }
        let account = try await SignIn.verify(username: body.username, password: body.password, on: req)
        let token = Tokens.make()
        let expires = Date().addingTimeInterval(Double(req.minefree.settings.tokenHours) * 3600)
        try await req.minefree.accounts.addToken(hash: Tokens.hash(token), userID: account.id, expiresAt: expires)
        try await req.minefree.accounts.audit(
            actor: account.username,
            action: "token-created",
            target: "account",
            address: req.clientAddress
        )
        return .created(.init(body: .json(.init(token: token, role: account.role.rawValue, expiresAt: expires))))
    }

    func revokeToken(_ input: Operations.RevokeToken.Input) async throws -> Operations.RevokeToken.Output {
        let req = try request
        guard let bearer = req.headers.bearerAuthorization, req.account.role != .public else {
            throw Problem(.unauthorized, "send the bearer token to revoke")
        }
        try await req.minefree.accounts.revokeToken(hash: Tokens.hash(bearer.token))
        try await req.minefree.accounts.audit(
            actor: req.account.username,
            action: "token-revoked",
            target: "account",
            address: req.clientAddress
        )
        return .noContent(.init())
    }
}
