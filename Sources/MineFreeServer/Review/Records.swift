import Foundation
import MineFreeCore
import MineFreeStore
import Vapor

/// A record an operator or the authority submits through the API or a form. It becomes a one-record import
/// file, so it meets exactly the import's rules and is stored by the same pipeline.
protocol SubmittedRecord: Codable, Sendable {
    /// `release`, `hazard`, `revision`: the submission's kind in the store and the API.
    static var kind: String { get }
    /// The import file name the record becomes.
    static var layerFile: String { get }
    /// The store layer its id must be new in.
    static var layer: LandLayer { get }
    var id: String { get }
    var hazardID: String { get }
    /// The key the store knows the record by (an activity's is its id and date of information).
    var storedKey: String { get }
    /// The organisation the record speaks for, where it names one: an operator may write only its own.
    var actingOrganisation: String? { get }
    /// The activity the record reports on, where it names one: an operator may report only its own activities' work.
    var actingActivity: String? { get }
    /// The one-record import file.
    func importFile() -> String
    /// One line for the review queue.
    var summary: String { get }
    /// Bounds the API states that the generated code does not enforce; throws a problem naming the field.
    func checkBounds() throws
}

extension SubmittedRecord {
    var storedKey: String { id }
    var actingOrganisation: String? { nil }
    var actingActivity: String? { nil }

    func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> Self {
        try JSONDecoder().decode(Self.self, from: Data(text.utf8))
    }

    static func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    func checkID(_ value: String, _ field: String) throws {
        guard (1...64).contains(value.count), !value.contains(where: \.isNewline) else {
            throw Problem.badValue(field, value, expected: "1 to 64 characters on one line")
        }
    }
}

/// A land release output (WORKLOAD release_events.csv).
struct ReleaseSubmission: SubmittedRecord, Equatable {
    static let kind = "release"
    static let layerFile = "release_events.csv"
    static let layer = LandLayer.releases
    var id: String
    var hazardID: String
    var date: String
    var method: String
    var areaM2: Int64
    var devicesFound: Int64

    enum CodingKeys: String, CodingKey {
        case id, hazardID = "hazard_id", date, method, areaM2 = "area_m2", devicesFound = "devices_found"
    }

    func importFile() -> String {
        "id,hazard_id,date,method,area_m2,devices_found\n"
            + [id, hazardID, date, method, String(areaM2), String(devicesFound)].map(Self.csvField).joined(separator: ",") + "\n"
    }

    var summary: String { "\(id): \(hazardID), \(date), \(method), \(areaM2) m²" }

    func checkBounds() throws {
        try checkID(id, "id")
        try checkID(hazardID, "hazard_id")
        guard (1...100_000_000_000).contains(areaM2) else {
            throw Problem.badValue("area_m2", String(areaM2), expected: "1 to 100,000,000,000 m²")
        }
        guard (0...1_000_000_000).contains(devicesFound) else {
            throw Problem.badValue("devices_found", String(devicesFound), expected: "0 to 1,000,000,000")
        }
    }
}

/// A newly recorded hazardous area: its polygon as entered, its area computed in the equal-area plane.
struct HazardSubmission: SubmittedRecord, Equatable {
    static let kind = "hazard"
    static let layerFile = "hazards.geojson"
    static let layer = LandLayer.hazards
    var id: String
    var region: String
    var classification: String
    var contamination: String
    /// Further types found in the area; absent in submissions made before they were recorded.
    var otherContamination: [String]?
    var informationSource: String?
    var evidence: String?
    var recordedDate: String
    /// The exterior ring, [lon, lat] positions, closed.
    var ring: [[Double]]

    var hazardID: String { id }

    enum CodingKeys: String, CodingKey {
        case id, region, classification, contamination, otherContamination = "other_contamination",
             informationSource = "information_source", evidence, recordedDate = "recorded_date", ring
    }

    func importFile() -> String {
        let coordinates = "[[" + ring.map { "[\($0.first.map { "\($0)" } ?? "null"),\($0.dropFirst().first.map { "\($0)" } ?? "null")]" }
            .joined(separator: ",") + "]]"
        return "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{"
            + "\"id\":\(GeoJSONWriter.string(id)),\"region\":\(GeoJSONWriter.string(region)),"
            + "\"status\":\(GeoJSONWriter.string(classification)),"
            // The import reads several types from one field, main one first.
            + "\"contamination\":\(GeoJSONWriter.string(([contamination] + (otherContamination ?? [])).joined(separator: ";"))),"
            + (informationSource.map { "\"information_source\":\(GeoJSONWriter.string($0))," } ?? "")
            + (evidence.map { "\"evidence\":\(GeoJSONWriter.string($0))," } ?? "")
            + "\"recorded_date\":\(GeoJSONWriter.string(recordedDate))},"
            + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":\(coordinates)}}]}\n"
    }

    var summary: String { "\(id): \(classification) \(contamination) in \(region), recorded \(recordedDate), \(max(ring.count - 1, 0)) vertices" }

    func checkBounds() throws {
        try checkID(id, "id")
        try checkID(region, "region")
        guard (4...10_000).contains(ring.count), ring.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isFinite) }) else {
            throw Problem.badValue("ring", "\(ring.count) positions", expected: "4 to 10,000 [lon, lat] positions, the first repeated last")
        }
    }

    /// Positions typed in a form: one "lon lat" or "lon,lat" per line, or a GeoJSON Polygon; the ring is
    /// closed when the last position is not the first.
    static func parseRing(_ text: String) throws -> [[Double]] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var ring: [[Double]] = []
        if trimmed.hasPrefix("{") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any],
                object["type"] as? String == "Polygon", let rings = object["coordinates"] as? [[[Double]]], let first = rings.first
            else { throw Problem.badValue("coordinates", String(trimmed.prefix(60)), expected: "a GeoJSON Polygon or one 'lon lat' per line") }
            ring = first
        } else {
            for (n, line) in trimmed.split(whereSeparator: \.isNewline).enumerated() {
                let parts = line.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" || $0 == ";" }).compactMap { Double($0) }
                guard parts.count == 2 else {
                    throw Problem.badValue("coordinates", "line \(n + 1): \(line)", expected: "two numbers, longitude then latitude")
                }
                ring.append(parts)
            }
            if let first = ring.first, ring.count > 1, ring.last != first { ring.append(first) }
        }
        return ring
    }
}

/// A dated change to a hazard's classification or accessibility (hazard_revisions.csv).
struct RevisionSubmission: SubmittedRecord, Equatable {
    static let kind = "revision"
    static let layerFile = "hazard_revisions.csv"
    static let layer = LandLayer.revisions
    var id: String
    var hazardID: String
    var date: String
    var classification: String?
    var accessibility: String?
    var inaccessibleReason: String?
    var reason: String

    enum CodingKeys: String, CodingKey {
        case id, hazardID = "hazard_id", date, classification, accessibility, inaccessibleReason = "inaccessible_reason", reason
    }

    func importFile() -> String {
        "id,hazard_id,date,classification,accessibility,inaccessible_reason,reason\n"
            + [id, hazardID, date, classification ?? "", accessibility ?? "", inaccessibleReason ?? "", reason].map(Self.csvField)
            .joined(separator: ",") + "\n"
    }

    var summary: String {
        "\(id): \(hazardID) from \(date): " + [classification, accessibility.map { $0 + (inaccessibleReason.map { " (\($0))" } ?? "") }]
            .compactMap { $0 }.joined(separator: ", ") + " — \(reason)"
    }

    func checkBounds() throws {
        try checkID(id, "id")
        try checkID(hazardID, "hazard_id")
        guard (1...2000).contains(reason.count) else { throw Problem.badValue("reason", reason, expected: "1 to 2,000 characters") }
    }
}

/// Decodes a stored submission's payload by its kind.
enum SubmittedPayload {
    static func record(kind: String, payload: String) throws -> any SubmittedRecord {
        switch kind {
        case ReleaseSubmission.kind: return try ReleaseSubmission.decode(payload)
        case HazardSubmission.kind: return try HazardSubmission.decode(payload)
        case RevisionSubmission.kind: return try RevisionSubmission.decode(payload)
        case ActivitySubmission.kind: return try ActivitySubmission.decode(payload)
        case FindSubmission.kind: return try FindSubmission.decode(payload)
        default: throw StoredRecordError(table: "submissions", key: kind, field: "kind", value: kind)
        }
    }
}

/// A dated record of an activity: a new one, or a change of its status (a new row, the old one kept).
struct ActivitySubmission: SubmittedRecord, Equatable {
    static let kind = "activity"
    static let layerFile = "activities.csv"
    static let layer = LandLayer.activities
    var id: String
    var type: String
    var organisationID: String
    var hazardID: String
    var method: String
    var assetIDs: [String]
    var startDate: String
    var endDate: String?
    var status: String
    var dateOfInformation: String

    enum CodingKeys: String, CodingKey {
        case id, type, organisationID = "organisation_id", hazardID = "hazard_id", method, assetIDs = "asset_ids", startDate = "start_date"
        case endDate = "end_date", status, dateOfInformation = "date_of_information"
    }

    /// Activities are keyed by id and date of information: the store refuses a second record of the same day.
    var storedKey: String { id + "@" + dateOfInformation }
    var actingOrganisation: String? { organisationID }

    func importFile() -> String {
        "id,type,organisation_id,hazard_id,method,asset_ids,start_date,end_date,status,date_of_information\n"
            + [id, type, organisationID, hazardID, method, assetIDs.joined(separator: ";"), startDate, endDate ?? "", status, dateOfInformation]
            .map(Self.csvField).joined(separator: ",") + "\n"
    }

    var summary: String { "\(id): \(type) by \(organisationID) on \(hazardID.isEmpty ? "no hazard" : hazardID), \(status) from \(dateOfInformation)" }

    func checkBounds() throws {
        try checkID(id, "id")
        try checkID(organisationID, "organisation_id")
        guard assetIDs.count <= 50 else { throw Problem.badValue("asset_ids", "\(assetIDs.count) assets", expected: "at most 50") }
    }
}

/// Devices found on one day in one place (device_finds.csv).
struct FindSubmission: SubmittedRecord, Equatable {
    static let kind = "find"
    static let layerFile = "device_finds.csv"
    static let layer = LandLayer.deviceFinds
    var id: String
    var activityID: String?
    var hazardID: String
    var date: String
    var category: String
    var model: String?
    var count: Int64
    var lon: Double?
    var lat: Double?
    var disposal: String

    enum CodingKeys: String, CodingKey {
        case id, activityID = "activity_id", hazardID = "hazard_id", date, category, model, count, lon, lat, disposal
    }

    var storedKey: String { id }
    var actingActivity: String? { activityID }

    func importFile() -> String {
        "id,activity_id,hazard_id,date,category,model,count,lon,lat,disposal\n"
            + [id, activityID ?? "", hazardID, date, category, model ?? "", String(count), lon.map { "\($0)" } ?? "", lat.map { "\($0)" } ?? "", disposal]
            .map(Self.csvField).joined(separator: ",") + "\n"
    }

    var summary: String { "\(id): \(count) × \(category)\(model.map { " (\($0))" } ?? "") on \(hazardID), \(date), \(disposal)" }

    func checkBounds() throws {
        try checkID(id, "id")
        guard (1...1_000_000).contains(count) else { throw Problem.badValue("count", String(count), expected: "1 to 1,000,000") }
    }
}
