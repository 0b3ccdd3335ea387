import ArgumentParser
import Foundation
import MineFreeCore
import MineFreeStore
import SQLKit

/// `minefree export LAYER`: GeoJSON (RFC 7946) or CSV with an HXL hashtag row, as of a date.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export a layer as GeoJSON or as CSV with HXL hashtags, as of a date.")

    @Argument(help: """
        hazards, release_events, settlements, roads, infrastructure, casualties, hazard_revisions, organisations, admin_areas, \
        activities, device_finds, assets or asset_downtime.
        """)
    var layer: String
    @Option(help: "geojson or csv.") var format: String = "geojson"
    @Option(name: .customLong("as-of"), help: "Start of this day (YYYY-MM-DD); default today.", transform: CalendarDate.argument)
    var asOf: CalendarDate?
    @Option(help: "Write to this file instead of standard output.") var out: String?

    func run() async throws {
        guard let layer = LandLayer(rawValue: self.layer) else {
            throw BadInput("unknown layer '\(self.layer)': expected \(LandLayer.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard format == "geojson" || format == "csv" else { throw BadInput("unknown format '\(format)': expected geojson or csv") }
        if !layer.hasGeometry, format == "geojson" { throw BadInput("\(layer.rawValue) has no geometry: use --format csv") }
        if let out {
            let dir = URL(fileURLWithPath: out).deletingLastPathComponent().path
            guard FileManager.default.fileExists(atPath: dir) else { throw BadInput("cannot write '\(out)': directory \(dir) does not exist") }
        }
        let date = asOf ?? .today()
        let text = try await CommandContext.with { context in
            try await LayerExport.render(layer, format: format, asOf: date, repository: LandRepository(database: context.store.database))
        }
        if let out {
            try text.write(toFile: out, atomically: true, encoding: .utf8)
        } else {
            print(text, terminator: "")
        }
    }
}

/// One layer's rows as of a day, with their attribute columns, HXL tags and geometry.
enum LayerExport {
    struct Column {
        let name: String
        let hxl: String
        let kind: Kind
        enum Kind { case text, integer, real }
    }

    static func columns(_ layer: LandLayer) -> [Column] {
        switch layer {
        case .hazards:
            return [.init(name: "region", hxl: "#adm1+code", kind: .text), .init(name: "classification", hxl: "#status+class", kind: .text),
                    .init(name: "contamination", hxl: "#x_contamination", kind: .text),
                    .init(name: "other_contamination", hxl: "#x_contamination+other", kind: .text),
                    .init(name: "information_source", hxl: "#meta+source", kind: .text), .init(name: "evidence", hxl: "#description+evidence", kind: .text),
                    .init(name: "recorded_date", hxl: "#date+recorded", kind: .text),
                    .init(name: "area_m2", hxl: "#x_area_m2", kind: .integer)]
        case .releases:
            return [.init(name: "hazard_local_id", hxl: "#x_hazard+id", kind: .text), .init(name: "date", hxl: "#date", kind: .text),
                    .init(name: "method", hxl: "#x_method", kind: .text), .init(name: "area_m2", hxl: "#x_area_m2", kind: .integer),
                    .init(name: "devices_found", hxl: "#x_devices", kind: .integer),
                    .init(name: "activity_local_id", hxl: "#activity+code", kind: .text),
                    .init(name: "handover_date", hxl: "#date+handover", kind: .text), .init(name: "handed_over_to", hxl: "#org+handover", kind: .text)]
        case .organisations:
            return [.init(name: "name", hxl: "#org+name", kind: .text), .init(name: "type", hxl: "#org+type", kind: .text)]
        case .adminAreas:
            return [.init(name: "name", hxl: "#x_adm+name", kind: .text), .init(name: "level", hxl: "#x_adm+level", kind: .integer),
                    .init(name: "parent_local_id", hxl: "#x_adm+code+parent", kind: .text)]
        case .activities:
            return [.init(name: "type", hxl: "#activity+type", kind: .text), .init(name: "organisation_local_id", hxl: "#org+code", kind: .text),
                    .init(name: "hazard_local_id", hxl: "#x_hazard+id", kind: .text), .init(name: "method", hxl: "#activity+method", kind: .text),
                    .init(name: "asset_ids", hxl: "#x_asset+id+list", kind: .text), .init(name: "start_date", hxl: "#date+start", kind: .text),
                    .init(name: "end_date", hxl: "#date+end", kind: .text), .init(name: "status", hxl: "#status", kind: .text),
                    .init(name: "date_of_information", hxl: "#date+reported", kind: .text)]
        case .deviceFinds:
            return [.init(name: "activity_local_id", hxl: "#activity+code", kind: .text), .init(name: "hazard_local_id", hxl: "#x_hazard+id", kind: .text),
                    .init(name: "date", hxl: "#date", kind: .text), .init(name: "category", hxl: "#item+type", kind: .text),
                    .init(name: "model", hxl: "#item+name", kind: .text), .init(name: "count", hxl: "#item+num", kind: .integer),
                    .init(name: "disposal", hxl: "#x_disposal", kind: .text)]
        case .assets:
            return [.init(name: "type", hxl: "#x_asset+type", kind: .text), .init(name: "organisation_local_id", hxl: "#org+code", kind: .text),
                    .init(name: "productivity_m2_per_day", hxl: "#x_productivity+m2+daily", kind: .integer),
                    .init(name: "in_service_from", hxl: "#date+start", kind: .text)]
        case .downtime:
            return [.init(name: "asset_local_id", hxl: "#x_asset+id", kind: .text), .init(name: "from_date", hxl: "#date+start", kind: .text),
                    .init(name: "to_date", hxl: "#date+end", kind: .text), .init(name: "reason", hxl: "#x_downtime+reason", kind: .text)]
        case .settlements:
            return [.init(name: "name", hxl: "#loc+name", kind: .text), .init(name: "population", hxl: "#population", kind: .integer),
                    .init(name: "idp_households", hxl: "#affected+idps+households", kind: .integer),
                    .init(name: "admin_pcode", hxl: "#adm+code", kind: .text)]
        case .roads: return [.init(name: "class", hxl: "#x_road+class", kind: .text)]
        case .infrastructure: return [.init(name: "type", hxl: "#loc+type", kind: .text)]
        case .revisions:
            return [.init(name: "hazard_local_id", hxl: "#x_hazard+id", kind: .text), .init(name: "date", hxl: "#date", kind: .text),
                    .init(name: "classification", hxl: "#status+class", kind: .text), .init(name: "accessibility", hxl: "#access", kind: .text),
                    .init(name: "inaccessible_reason", hxl: "#access+reason", kind: .text), .init(name: "reason", hxl: "#description", kind: .text)]
        case .casualties:
            return [.init(name: "date", hxl: "#date", kind: .text), .init(name: "outcome", hxl: "#affected+outcome", kind: .text),
                    .init(name: "age", hxl: "#affected+age", kind: .integer), .init(name: "sex", hxl: "#affected+sex", kind: .text),
                    .init(name: "device", hxl: "#x_device", kind: .text)]
        }
    }

    static func render(_ layer: LandLayer, format: String, asOf: CalendarDate, repository: LandRepository) async throws -> String {
        let rows = try await repository.exportRows(layer)
        let cols = columns(layer)
        // Hazards gain what is derived as of the day: released, remaining, status.
        var derived: [String: HazardStanding] = [:]
        if layer == .hazards {
            for s in try await repository.view(asOf: asOf).standings { derived[s.hazard.localID] = s }
        }
        let dateColumn: String? = switch layer {
        case .hazards: "recorded_date"
        case .releases, .casualties, .revisions, .deviceFinds: "date"
        case .activities: "date_of_information"
        case .assets: "in_service_from"
        case .downtime: "from_date"
        case .settlements, .roads, .infrastructure, .organisations, .adminAreas: nil
        }
        // Downtime is keyed by asset and first day: it has no id of its own.
        let hasID = layer != .downtime
        let idTag = switch layer {
        case .organisations: "#org+code"
        case .adminAreas: "#x_adm+code"
        case .activities: "#activity+code"
        default: "#x_\(layer.rawValue)+id"
        }
        let pointColumns = layer == .settlements || layer == .infrastructure || layer == .casualties || layer == .deviceFinds
        var out = ""
        var first = true
        if format == "csv" {
            var header = (hasID ? ["id"] : []) + cols.map(\.name)
            var tags = (hasID ? [idTag] : []) + cols.map(\.hxl)
            if layer == .hazards {
                header += ["released_m2", "remaining_m2", "status", "classification_as_of", "accessibility"]
                tags += ["#x_area_m2+released", "#x_area_m2+remaining", "#status", "#status+class+current", "#access"]
            }
            if pointColumns {
                header += ["lat", "lon"]
                tags += ["#geo+lat", "#geo+lon"]
            }
            out = header.joined(separator: ",") + "\n" + tags.joined(separator: ",") + "\n"
        } else {
            out = "{\"type\":\"FeatureCollection\",\"name\":\(GeoJSONWriter.string(layer.rawValue)),\"features\":[\n"
        }
        for row in rows {
            let id = hasID ? try row.decode(column: "local_id", as: String.self) : ""
            if let dateColumn, let d = try row.decode(column: dateColumn, as: String?.self), let day = CalendarDate(iso: d), day >= asOf {
                continue
            }
            var values: [(Column, String)] = []
            for c in cols {
                switch c.kind {
                case .text: values.append((c, try row.decode(column: c.name, as: String?.self) ?? ""))
                case .integer: values.append((c, try row.decode(column: c.name, as: Int64?.self).map(String.init) ?? ""))
                case .real: values.append((c, try row.decode(column: c.name, as: Double?.self).map { $0.description } ?? ""))
                }
            }
            var extra: [(String, String, Bool)] = []
            if let s = derived[id] {
                extra = [("released_m2", String(s.releasedM2), true), ("remaining_m2", String(s.remainingM2), true), ("status", s.status.rawValue, false),
                         ("classification_as_of", s.classification.rawValue, false), ("accessibility", s.accessibility.rawValue, false)]
            }
            let (lonColumn, latColumn) = layer == .deviceFinds ? ("lon", "lat") : ("min_lon", "min_lat")
            let lon = layer.isSpatial || layer == .deviceFinds ? try row.decode(column: lonColumn, as: Double?.self) : nil
            let lat = layer.isSpatial || layer == .deviceFinds ? try row.decode(column: latColumn, as: Double?.self) : nil
            if format == "csv" {
                var cells = (hasID ? [id] : []) + values.map(\.1) + extra.map(\.1)
                if pointColumns {
                    cells += [lat?.description ?? "", lon?.description ?? ""]
                }
                out += cells.map(Tabulation.csvField).joined(separator: ",") + "\n"
            } else {
                if !first { out += ",\n" }
                first = false
                out += "{\"type\":\"Feature\",\"id\":\(GeoJSONWriter.string(id)),\"properties\":{\"id\":\(GeoJSONWriter.string(id))"
                for (c, v) in values {
                    out += ",\(GeoJSONWriter.string(c.name)):"
                    out += v.isEmpty ? "null" : (c.kind == .text ? GeoJSONWriter.string(v) : v)
                }
                for (k, v, numeric) in extra { out += ",\(GeoJSONWriter.string(k)):" + (numeric ? v : GeoJSONWriter.string(v)) }
                out += "},\"geometry\":"
                switch layer {
                case .hazards: out += "{\"type\":\"Polygon\",\"coordinates\":" + (try row.decode(column: "coordinates", as: String.self)) + "}"
                case .roads: out += "{\"type\":\"LineString\",\"coordinates\":" + (try row.decode(column: "coordinates", as: String.self)) + "}"
                case .adminAreas:
                    // A boundary is optional: without one the feature's geometry is null (RFC 7946 §3.2).
                    if let coordinates = try row.decode(column: "coordinates", as: String?.self) {
                        out += "{\"type\":\"\(GeoJSONWriter.polygonalType(ofCoordinates: coordinates))\",\"coordinates\":" + coordinates + "}"
                    } else {
                        out += "null"
                    }
                case .deviceFinds where lon == nil || lat == nil: out += "null"
                default:
                    var p = ""
                    GeoJSONWriter.position(GeoPoint(lon: lon ?? 0, lat: lat ?? 0), into: &p)
                    out += "{\"type\":\"Point\",\"coordinates\":\(p)}"
                }
                out += "}"
            }
        }
        if format != "csv" { out += "\n]}\n" }
        return out
    }
}
