import FluentKit
import Foundation
import MineFreeCore

extension RecordRepository {
    /// A layer's records as of a day, as CSV or GeoJSON with the field names the import reads, and what is derived as
    /// of the day (a hazard's released and remaining area, status, classification and accessibility). Whole, with
    /// real ids and personal data: callers go through `export(_:format:asOf:access:)`, which protects people.
    func export(_ info: LayerInfo, format: RecordExport.Format, asOf: CalendarDate) async throws -> String {
        let rows = try await exportRows(info, asOf: asOf)
        var derived: [String: [FieldValue]] = [:]
        if info.name == HazardousArea.info.name {
            for s in try await LandRepository(database: database).view(asOf: asOf).standings {
                derived[s.hazard.localID] = [
                    .integer(s.releasedM2), .integer(s.remainingM2), .text(s.status.rawValue),
                    .text(s.classification.rawValue), .text(s.accessibility.rawValue),
                ]
            }
        }
        return Self.render(rows, info, format: format, derived: derived)
    }

    /// Rows as CSV (with the HXL row) or GeoJSON, with what is derived for each, keyed by the record's key.
    static func render(
        _ rows: [RecordRow],
        _ info: LayerInfo,
        format: RecordExport.Format,
        derived: [String: [FieldValue]] = [:]
    ) -> String {
        var out = ""
        switch format {
        case .csv:
            let extra = rows.contains { $0.extra != nil }
            out = RecordExport.csvHeader(info, extra: extra)
            for row in rows {
                RecordExport.csvLine(row, info, derived: derived[row.key(in: info)] ?? [], extra: extra, into: &out)
            }
        case .geojson:
            out = RecordExport.geojsonHeader(info)
            for (i, row) in rows.enumerated() {
                if i > 0 { out += ",\n" }
                RecordExport.feature(
                    row,
                    info,
                    derived: zip(info.derived.map(\.name), derived[row.key(in: info)] ?? []).map { ($0, $1) },
                    into: &out
                )
            }
            out += RecordExport.geojsonFooter
        }
        return out
    }
}
