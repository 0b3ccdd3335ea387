import Foundation
import MineFreeAPI
import MineFreeCore
import MineFreeStore
import OpenAPIRuntime
import Vapor

/// The JSON API: each operation of `openapi.yaml` (generated `APIProtocol`) asks the core and the store.
/// Errors are thrown as ``Problem``s and answered as problem details by ``ProblemMiddleware``.
struct APIHandler: APIProtocol {
    /// The request being answered (set by ``AccountMiddleware``).
    var request: Request {
        get throws {
            guard let r = RequestContext.current else { throw Problem(.internalServerError, "no request context") }
            return r
        }
    }

    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        let req = try request
        let counts = try await req.minefree.records.counts()
        let database: String =
            switch req.minefree.store.configuration {
            case .sqlite: "sqlite"
            case .postgres: "postgresql"
            }
        return .ok(
            .init(
                body: .json(
                    .init(
                        status: .ok,
                        database: database,
                        states: req.minefree.registry.states.count,
                        hazards: counts[HazardousArea.info.name] ?? 0
                    )
                )
            )
        )
    }
}

/// Conversions from core values to the generated API types.
enum APIMapping {
    static func convention(_ c: Components.Schemas.Convention?) -> Convention {
        switch c {
        case .ccm: return .ccm
        case .apmbc, nil: return .apmbc
        }
    }

    static func page(total: Int, limit: Int, offset: Int) -> Components.Schemas.Page {
        .init(total: total, limit: limit, offset: offset)
    }
}
