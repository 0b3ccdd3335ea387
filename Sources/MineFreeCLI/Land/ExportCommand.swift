import ArgumentParser
import Foundation
import MineFreeCore
import MineFreeStore

/// `minefree export LAYER`: GeoJSON (RFC 7946) or CSV with an HXL hashtag row, as of a date, with the field names
/// the import reads, so an export imports back as it is. Records about people go out pseudonymised unless
/// `--identified` with a `--purpose`; personal data only so; each identified export is audited.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a layer as GeoJSON or as CSV with HXL hashtags, as of a date."
    )

    @Argument(help: ArgumentHelp(stringLiteral: RecordLayers.names.joined(separator: ", ") + ".")) var layer: String
    @Option(help: "geojson or csv (CSV carries geometry as lat/lon columns or WKT).") var format: String = "geojson"
    @Option(
        name: .customLong("as-of"),
        help: "Start of this day (YYYY-MM-DD); default today.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?
    @Option(help: "Write to this file instead of standard output.") var out: String?
    @Flag(help: "Records about people with their real ids, and personal data: audited, needs --purpose.")
    var identified = false
    @OptionGroup var reader: PersonalReaderOptions

    func run() async throws {
        guard let info = RecordLayers.info(named: layer) else {
            throw BadInput("unknown layer '\(layer)': expected \(RecordLayers.names.joined(separator: ", "))")
        }
        guard let format = RecordExport.Format(rawValue: format) else {
            throw BadInput("unknown format '\(self.format)': expected geojson or csv")
        }
        if !info.hasGeometry, format == .geojson { throw BadInput("\(info.name) has no geometry: use --format csv") }
        if let out {
            let dir = URL(fileURLWithPath: out).deletingLastPathComponent().path
            guard FileManager.default.fileExists(atPath: dir) else {
                throw BadInput("cannot write '\(out)': directory \(dir) does not exist")
            }
        }
        let access = try reader.access(identified: identified)
        let date = asOf ?? .today()
        let text = try await CommandContext.with { context in
            do {
                return try await RecordRepository(database: context.store.database).export(
                    info,
                    format: format,
                    asOf: date,
                    access: access
                )
            } catch let refused as PersonalDataRefused {
                throw BadInput(refused.description + (identified ? "" : ": add --identified --purpose '…'"))
            }
        }
        if let out {
            try text.write(toFile: out, atomically: true, encoding: .utf8)
        } else {
            print(text, terminator: "")
        }
    }
}
