import Foundation
import MineFreeAPI
import MineFreeCore
import MineFreeStore
import OpenAPIRuntime
import SQLKit
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
        // A query that touches the store but no table: up or down, nothing about what it holds.
        do {
            guard let sql = req.minefree.store.database as? any SQLDatabase else { throw Abort(.serviceUnavailable) }
            try await sql.raw("SELECT 1").run()
        } catch {
            req.logger.error("health: the store does not answer: \(String(reflecting: error))")
            return .serviceUnavailable(.init(body: .json(.init(status: .down))))
        }
        return .ok(.init(body: .json(.init(status: .up))))
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

    /// Stored records as JSON objects, each field by its name (and a GeoJSON geometry where the layer has one).
    static func objects(_ rows: [RecordRow], _ info: LayerInfo) throws -> [OpenAPIObjectContainer] {
        try rows.map { row -> OpenAPIObjectContainer in
            var object: [String: (any Sendable)?] = [:]
            for (field, value) in zip(info.fields, row.values) {
                switch value {
                case .null: object[field.name] = nil
                case .text(let s): object[field.name] = s
                case .integer(let n): object[field.name] = Int(n)
                case .date(let d): object[field.name] = d.iso
                case .list(let items): object[field.name] = items
                }
            }
            if let type = row.geometryType, let coordinates = row.coordinates,
                let parsed = try? JSONDecoder().decode(OpenAPIValueContainer.self, from: Data(coordinates.utf8))
            {
                object["geometry"] = ["type": type, "coordinates": parsed.value] as [String: (any Sendable)?]
            }
            return try OpenAPIObjectContainer(unvalidatedValue: object)
        }
    }

    static func page(total: Int, limit: Int, offset: Int) -> Components.Schemas.Page {
        .init(total: total, limit: limit, offset: offset)
    }

    // Core values to API values by exhaustive switches, never `init(rawValue:)!`: a case added to a core enum
    // stops the build here until the spec and this mapping name it, instead of crashing the server on first use.

    static func api(_ s: ParticipationStatus) -> Components.Schemas.ParticipationStatus {
        switch s {
        case .notSigned: .notSigned
        case .signatory: .signatory
        case .partyNotInForce: .partyNotInForce
        case .party: .party
        case .withdrawalPending: .withdrawalPending
        case .withdrawn: .withdrawn
        }
    }

    static func api(_ o: DeadlineOutcome) -> Components.Schemas.DeadlineEvent.OutcomePayload {
        switch o {
        case .completed: .completed
        case .completedLate: .completedLate
        case .extended: .extended
        case .missed: .missed
        case .pending: .pending
        case .completedUndated: .completedUndated
        case .notReported: .notReported
        case .extensionRequested: .extensionRequested
        case .decisionNotRecorded: .decisionNotRecorded
        }
    }

    static func api(_ s: SubmissionState) -> Components.Schemas.SubmissionState {
        switch s {
        case .submitted: .submitted
        case .approved: .approved
        case .returned: .returned
        }
    }

    static func api(_ c: ContaminationType) -> Components.Schemas.Contamination {
        switch c {
        case .antiPersonnel: .ap
        case .antiVehicle: .at
        case .improvised: .im
        case .explosiveRemnants: .erw
        case .clusterMunitionRemnants: .cm
        }
    }

    static func api(_ s: InformationSource) -> Components.Schemas.InformationSource {
        switch s {
        case .deskAssessment: .deskAssessment
        case .nonTechnicalSurvey: .nonTechnicalSurvey
        case .technicalSurvey: .technicalSurvey
        case .communityReport: .communityReport
        case .accidentReport: .accidentReport
        case .other: .other
        }
    }

    static func api(_ s: HazardStatus) -> Components.Schemas.HazardStatus {
        switch s {
        case .open: .open
        case .workedOn: .workedOn
        case .closed: .closed
        }
    }

    static func api(_ m: ReleaseMethod) -> Components.Schemas.ReleaseMethod {
        switch m {
        case .cancelled: .cancelled
        case .reduced: .reduced
        case .cleared: .cleared
        }
    }
}
