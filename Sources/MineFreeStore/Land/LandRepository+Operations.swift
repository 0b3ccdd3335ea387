import FluentKit
import Foundation
import MineFreeCore
import SQLKit

/// Organisations, admin areas, assets, downtime, activities and device finds, read back as core records.
extension LandRepository {
    public func organisations() async throws -> [Organisation] {
        struct Row: Decodable { let local_id: String; let name: String; let type: String }
        return try await sql.raw("SELECT local_id, name, type FROM organisations ORDER BY local_id").all(decoding: Row.self).map { r in
            guard let t = OrganisationType(rawValue: r.type) else {
                throw StoredRecordError(table: "organisations", key: r.local_id, field: "type", value: r.type)
            }
            return Organisation(localID: r.local_id, name: r.name, type: t)
        }
    }

    /// The organisation of an activity's latest record, if the activity is stored.
    public func activityOrganisation(_ activityID: String) async throws -> String? {
        struct Row: Decodable { let organisation_local_id: String }
        return try await sql.raw("""
            SELECT organisation_local_id FROM activities WHERE local_id = \(bind: activityID)
            ORDER BY date_of_information DESC LIMIT 1
            """).first(decoding: Row.self)?.organisation_local_id
    }

    /// The region codes a filter on `pcode` covers: itself and every admin area below it (nil: no filter).
    public func regionsCovered(by pcode: String?) async throws -> Set<String>? {
        guard let pcode else { return nil }
        return AdminArea.covered(by: pcode, in: try await adminAreas())
    }

    /// Admin areas without their boundaries.
    public func adminAreas() async throws -> [AdminArea] {
        struct Row: Decodable { let local_id: String; let name: String; let level: Int64; let parent_local_id: String? }
        return try await sql.raw("SELECT local_id, name, level, parent_local_id FROM admin_areas ORDER BY level, local_id")
            .all(decoding: Row.self)
            .map { AdminArea(pcode: $0.local_id, name: $0.name, level: Int($0.level), parentPcode: $0.parent_local_id) }
    }

    /// The box of each recorded boundary, by P-code (areas without one are absent).
    public func adminAreaBoxes() async throws -> [String: BoundingBox] {
        struct Row: Decodable { let local_id: String; let min_lon: Double; let min_lat: Double; let max_lon: Double; let max_lat: Double }
        var boxes: [String: BoundingBox] = [:]
        for r in try await sql.raw("SELECT local_id, min_lon, min_lat, max_lon, max_lat FROM admin_areas WHERE min_lon IS NOT NULL")
            .all(decoding: Row.self)
        {
            boxes[r.local_id] = BoundingBox(minX: r.min_lon, minY: r.min_lat, maxX: r.max_lon, maxY: r.max_lat)
        }
        return boxes
    }

    /// One page of settlements in id order, those in `regions` only when given, with how many match in all.
    public func settlementPage(regions: Set<String>?, limit: Int, offset: Int) async throws -> (total: Int, settlements: [Settlement]) {
        let filter: SQLQueryString = regions.map { " WHERE admin_pcode IN " + Self.list($0.sorted()) } ?? ""
        struct Count: Decodable { let n: Int64 }
        struct Row: Decodable {
            let local_id: String; let name: String; let population: Int64; let idp_households: Int64; let admin_pcode: String?
            let min_lon: Double; let min_lat: Double
        }
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM settlements" + filter).first(decoding: Count.self)?.n ?? 0
        let rows = try await sql.raw(
            "SELECT local_id, name, population, idp_households, admin_pcode, min_lon, min_lat FROM settlements" + filter
                + " ORDER BY local_id LIMIT \(unsafeRaw: String(limit)) OFFSET \(unsafeRaw: String(offset))"
        ).all(decoding: Row.self)
        // A point's box is the point.
        return (Int(total), rows.map {
            Settlement(localID: $0.local_id, name: $0.name, population: $0.population, idpHouseholds: $0.idp_households,
                       location: GeoPoint(lon: $0.min_lon, lat: $0.min_lat), adminPcode: $0.admin_pcode)
        })
    }

    public func assets() async throws -> [Asset] {
        struct Row: Decodable {
            let local_id: String; let type: String; let organisation_local_id: String; let productivity_m2_per_day: Int64
            let in_service_from: String
        }
        let rows = try await sql.raw("""
            SELECT local_id, type, organisation_local_id, productivity_m2_per_day, in_service_from FROM assets ORDER BY local_id
            """).all(decoding: Row.self)
        return try rows.map { r in
            guard let t = AssetType(rawValue: r.type), let from = CalendarDate(iso: r.in_service_from) else {
                throw StoredRecordError(table: "assets", key: r.local_id, field: "type/in_service_from", value: "\(r.type)/\(r.in_service_from)")
            }
            return Asset(localID: r.local_id, type: t, organisationID: r.organisation_local_id, productivityM2PerDay: r.productivity_m2_per_day,
                         inServiceFrom: from)
        }
    }

    public func downtime() async throws -> [AssetDowntime] {
        struct Row: Decodable { let asset_local_id: String; let from_date: String; let to_date: String; let reason: String }
        let rows = try await sql.raw("SELECT asset_local_id, from_date, to_date, reason FROM asset_downtime ORDER BY asset_local_id, from_date")
            .all(decoding: Row.self)
        return try rows.map { r in
            guard let from = CalendarDate(iso: r.from_date), let to = CalendarDate(iso: r.to_date), let reason = DowntimeReason(rawValue: r.reason)
            else {
                throw StoredRecordError(table: "asset_downtime", key: r.asset_local_id, field: "from_date/to_date/reason",
                                        value: "\(r.from_date)/\(r.to_date)/\(r.reason)")
            }
            return AssetDowntime(assetID: r.asset_local_id, from: from, to: to, reason: reason)
        }
    }

    /// Every dated record of every activity, oldest information first.
    public func activityRecords() async throws -> [ActivityRecord] {
        struct Row: Decodable {
            let local_id: String; let type: String; let organisation_local_id: String; let hazard_local_id: String?; let method: String
            let asset_ids: String; let start_date: String; let end_date: String?; let status: String; let date_of_information: String
        }
        let rows = try await sql.raw("""
            SELECT local_id, type, organisation_local_id, hazard_local_id, method, asset_ids, start_date, end_date, status, date_of_information
            FROM activities ORDER BY date_of_information, local_id
            """).all(decoding: Row.self)
        return try rows.map { r in
            guard let type = ActivityType(rawValue: r.type), let method = ActivityMethod(rawValue: r.method),
                let status = ActivityStatus(rawValue: r.status), let start = CalendarDate(iso: r.start_date),
                let info = CalendarDate(iso: r.date_of_information)
            else {
                throw StoredRecordError(table: "activities", key: r.local_id, field: "type/method/status/dates",
                                        value: "\(r.type)/\(r.method)/\(r.status)/\(r.start_date)/\(r.date_of_information)")
            }
            return ActivityRecord(
                activityID: r.local_id, type: type, organisationID: r.organisation_local_id, hazardID: r.hazard_local_id, method: method,
                assetIDs: r.asset_ids.split(separator: ";").map(String.init), startDate: start,
                endDate: r.end_date.flatMap(CalendarDate.init(iso:)), status: status, dateOfInformation: info)
        }
    }

    public func deviceFinds() async throws -> [DeviceFind] {
        struct Row: Decodable {
            let local_id: String; let activity_local_id: String?; let hazard_local_id: String?; let date: String; let category: String
            let model: String?; let count: Int64; let lon: Double?; let lat: Double?; let disposal: String
        }
        let rows = try await sql.raw("""
            SELECT local_id, activity_local_id, hazard_local_id, date, category, model, count, lon, lat, disposal
            FROM device_finds ORDER BY date, local_id
            """).all(decoding: Row.self)
        return try rows.map { r in
            guard let d = CalendarDate(iso: r.date), let c = DeviceCategory(rawValue: r.category), let disposal = DeviceDisposal(rawValue: r.disposal)
            else {
                throw StoredRecordError(table: "device_finds", key: r.local_id, field: "date/category/disposal",
                                        value: "\(r.date)/\(r.category)/\(r.disposal)")
            }
            let place = r.lon.flatMap { lon in r.lat.map { GeoPoint(lon: lon, lat: $0) } }
            return DeviceFind(localID: r.local_id, activityID: r.activity_local_id, hazardID: r.hazard_local_id, date: d, category: c,
                              model: r.model, count: r.count, location: place, disposal: disposal)
        }
    }
}
