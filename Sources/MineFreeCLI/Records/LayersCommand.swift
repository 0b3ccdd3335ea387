import ArgumentParser
import Foundation
import MineFreeCore

/// `minefree layers [LAYER]`: the kinds of record MineFree keeps, from their descriptions — what an import file,
/// an export, the API and the forms call each field, what it holds, whether it must be given.
struct LayersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layers",
        abstract: "The kinds of record and their fields: names, kinds, units, whether required, HXL hashtags."
    )

    @Argument(help: "One layer (default: the list of layers).") var layer: String?
    @OptionGroup var output: FormatOption

    func run() throws {
        guard let name = layer else {
            let table = Tabulation(
                columns: ["layer", "area", "files", "key", "date", "geometry", "fields"],
                rows: RecordLayers.infos.map { i in
                    [
                        i.name, i.area.rawValue, i.files.joined(separator: " "), i.key.joined(separator: "+"),
                        i.dateField ?? "",
                        i.geometry == .none ? "" : i.geometry.rawValue + (i.geometryRequired ? "" : " (optional)"),
                        String(i.fields.count),
                    ]
                }
            )
            switch output.format {
            case .table: print(table.text())
            case .csv: print(table.csv())
            case .json: print(try JSONOutput.render(RecordLayers.infos.map(LayerJSON.init)))
            }
            return
        }
        guard let info = RecordLayers.info(named: name) else {
            throw BadInput("unknown layer '\(name)': expected \(RecordLayers.names.joined(separator: ", "))")
        }
        let table = Tabulation(
            columns: ["field", "kind", "required", "unit", "hxl", "names", "also_read_as"],
            rows: info.fields.map { f in
                [
                    f.name, Self.kind(f), f.required ? "yes" : "", f.unit ?? "", f.hxl,
                    f.references.map { "\($0.layer) (\($0.rule))" } ?? "",
                    f.aliases.joined(separator: " "),
                ]
            }
        )
        switch output.format {
        case .table:
            print(
                "\(info.name) (\(info.area.rawValue)): files \(info.files.joined(separator: " or ")), key \(info.key.joined(separator: " + "))"
                    + (info.dateField.map { ", dated by \($0)" } ?? ", undated")
                    + (info.hasGeometry
                        ? ", geometry \(info.geometry.expected)\(info.geometryRequired ? "" : " or none")" : "")
            )
            print(table.text())
        case .csv: print(table.csv())
        case .json: print(try JSONOutput.render(LayerJSON(info)))
        }
    }

    static func kind(_ f: Field) -> String {
        switch f.kind {
        case .code: return "code (1–64 characters)"
        case .text(let max): return "text (≤ \(max))"
        case .integer(let r):
            return r.upperBound == Int64.max
                ? "whole number ≥ \(r.lowerBound)" : "whole number \(r.lowerBound)–\(r.upperBound)"
        case .date: return "date YYYY-MM-DD"
        case .choice(let v): return "one of " + v.joined(separator: ", ")
        case .choices(let v): return "any of " + v.joined(separator: ", ") + " (a;b)"
        case .codes(let max): return "codes a;b (≤ \(max))"
        }
    }

    struct LayerJSON: Encodable {
        struct FieldJSON: Encodable {
            let name: String; let kind: String; let required: Bool; let unit: Nullable<String>; let hxl: String
            let references: Nullable<String>; let aliases: [String]; let allowed_values: [String]
        }
        let name: String; let area: String; let table: String; let files: [String]; let key: [String];
        let date_field: Nullable<String>
        let geometry: String; let geometry_required: Bool; let fields: [FieldJSON]; let derived: [String]

        init(_ i: LayerInfo) {
            name = i.name; area = i.area.rawValue; table = i.table; files = i.files; key = i.key;
            date_field = Nullable(i.dateField)
            geometry = i.geometry.rawValue; geometry_required = i.geometryRequired; derived = i.derived.map(\.name)
            fields = i.fields.map {
                FieldJSON(
                    name: $0.name,
                    kind: LayersCommand.kind($0),
                    required: $0.required,
                    unit: Nullable($0.unit),
                    hxl: $0.hxl,
                    references: Nullable($0.references?.layer),
                    aliases: $0.aliases,
                    allowed_values: $0.allowedValues
                )
            }
        }
    }
}
