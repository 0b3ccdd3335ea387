import Foundation
import MineFreeCore
import MineFreeStore
import Vapor

/// A record an operator or the authority submits through the API or a form: one layer's record as a JSON object
/// (its fields by name; its geometry as `geometry`, `ring`, or `lon`/`lat`), checked by the import's own rules and
/// stored by the same pipeline. The store keeps it as that JSON until the authority decides.
struct Submission {
    /// The layers records may be submitted to, by the kind the store and the API call a submission.
    static let layers: [String: LayerInfo] = Dictionary(
        uniqueKeysWithValues: ([
            LandRelease.info, HazardousArea.info, HazardRevision.info, ActivityRecord.info, DeviceFind.info,
            Accident.info, CasualtyEvent.info, Survivor.info, AssistanceNeed.info, AssistanceService.info,
            RiskEducationSession.info, AwarenessGroup.info,
        ] + ImplementationLayers.all.map { $0.info }).map {
            ($0.singular, $0)
        }
    )

    let layer: LayerInfo
    /// The record as JSON, keys sorted.
    let payload: String
    private let object: [String: Any]

    init(layer: LayerInfo, object: [String: Any]) throws {
        self.layer = layer
        self.object = object
        payload = String(
            decoding: try JSONSerialization.data(
                withJSONObject: object,
                options: [.sortedKeys, .withoutEscapingSlashes]
            ),
            as: UTF8.self
        )
    }

    /// A stored submission.
    init(kind: String, payload: String) throws {
        guard let layer = Self.layers[kind] else {
            throw StoredRecordError(table: "submissions", key: kind, field: "kind", value: kind)
        }
        guard let object = try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any] else {
            throw StoredRecordError(
                table: "submissions",
                key: kind,
                field: "payload",
                value: String(payload.prefix(40))
            )
        }
        self.layer = layer
        self.object = object
        self.payload = payload
    }

    /// A body the API decoded, as the record's JSON: the generated types encode with the spec's (the fields') names.
    init<Body: Encodable>(layer: LayerInfo, body: Body) throws {
        let data = try JSONEncoder().encode(body)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Problem(.badRequest, "expected a JSON object")
        }
        try self.init(layer: layer, object: object)
    }

    var kind: String { layer.singular }

    func text(_ field: String) -> String? {
        switch object[field] {
        case let s as String: return s.isEmpty ? nil : s
        case let n as NSNumber: return n.stringValue
        default: return nil
        }
    }

    var id: String { text(layer.key[0]) ?? "" }

    /// The key the store knows the record by: its id, or "id@date" for a dated row (an activity's record).
    var storedKey: String { layer.key.map { text($0) ?? "" }.joined(separator: "@") }

    /// The hazard the record is about, for the link after it is recorded.
    var hazardID: String? { layer.name == HazardousArea.info.name ? text("id") : text("hazard_id") }

    /// The one-record input the import reads.
    func input() throws -> ImportInput {
        try ImportInput.record(json: Data(payload.utf8), layer: layer)
    }

    /// One line for the review queue: the id, then each value given, in the layer's order.
    var summary: String {
        let values = layer.fields.dropFirst().compactMap { f -> String? in
            guard let v = object[f.name], !(v is NSNull) else { return nil }
            let text = (v as? [Any]).map { $0.map { "\($0)" }.joined(separator: ";") } ?? "\(v)"
            return text.isEmpty ? nil : text + (f.unit.map { " \($0)" } ?? "")
        }
        let shape =
            object["ring"].map { r in "\(max(((r as? [Any])?.count ?? 1) - 1, 0)) vertices" }
            ?? (object["geometry"] is NSNull || object["geometry"] == nil ? nil : "with its geometry")
        return "\(id): " + (values + [shape].compactMap { $0 }).joined(separator: ", ")
    }
}
