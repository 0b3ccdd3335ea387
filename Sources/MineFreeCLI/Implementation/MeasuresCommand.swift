import ArgumentParser
import Foundation
import MineFreeCore

/// `minefree measures`: the States Parties' national implementation measures (APMBC Art 9), with their sources.
struct MeasuresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measures",
        abstract:
            "National implementation measures (APMBC Art 9): legislation adopted, in progress, existing law deemed sufficient, or none.",
        discussion: """
            Every State Party with a record, one state (--state), or one status (--status adopted, in_progress,
            existing_law_sufficient or none), with the law, the day it was adopted where a source gives it, whether
            it provides penal sanctions, and the source. A programme's latest record of a state (national_measures,
            named in the record column) stands in place of the reference data's row. States without either are not
            counted.
            """
    )

    @Option(help: "A state (ISO alpha-3 or alpha-2 code).") var state: String?
    @Option(help: "adopted, in_progress, existing_law_sufficient or none.") var status: String?
    @Option(
        name: .customLong("as-of"),
        help: "Records known at the start of this day (YYYY-MM-DD); default today.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?
    @OptionGroup var output: FormatOption

    func validate() throws {
        if let status, NationalMeasure.Status(rawValue: status) == nil {
            throw ValidationError(
                "status '\(status)' is not one of \(NationalMeasure.Status.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
    }

    struct MeasureJSON: Encodable {
        let iso3: String
        let status: String
        let measure: String?
        let adopted_on: String?
        let penal_sanctions: Bool?
        let source: String
        let confidence: String
        let record_id: String?
    }

    func run() async throws {
        try await CommandContext.with { context in
            let (registry, _) = try await context.registry(withRecordsAsOf: asOf ?? .today())
            var measures = registry.nationalMeasures.sorted { $0.iso3 < $1.iso3 }
            if let code = state {
                let s = try context.state(code)
                measures = measures.filter { $0.iso3 == s.iso3 }
                if measures.isEmpty {
                    throw BadInput("no Article 9 record for \(s.iso3) (\(s.name)) in the reference data or the records")
                }
            }
            if let status { measures = measures.filter { $0.status.rawValue == status } }
            switch output.format {
            case .json:
                print(
                    try JSONOutput.render(
                        measures.map {
                            MeasureJSON(
                                iso3: $0.iso3,
                                status: $0.status.rawValue,
                                measure: $0.measure,
                                adopted_on: $0.adoptedOn?.iso,
                                penal_sanctions: $0.penalSanctions,
                                source: $0.provenance.source,
                                confidence: $0.provenance.confidence.rawValue,
                                record_id: $0.recordID
                            )
                        }
                    )
                )
            case .csv, .table:
                let table = Tabulation(
                    columns: [
                        "iso3", "status", "adopted_on", "penal_sanctions", "measure", "confidence", "source", "record",
                    ],
                    rows: measures.map {
                        [
                            $0.iso3, $0.status.rawValue, $0.adoptedOn.text,
                            $0.penalSanctions.map { $0 ? "yes" : "no" } ?? "", $0.measure ?? "",
                            $0.provenance.confidence.rawValue, $0.provenance.source, $0.recordID ?? "",
                        ]
                    }
                )
                if output.format == .csv {
                    print(table.csv())
                } else {
                    let counts = registry.nationalMeasureCounts()
                    print(
                        "Article 9 records: "
                            + NationalMeasure.Status.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(
                                separator: ", "
                            )
                            + " (of \(registry.nationalMeasures.count) States Parties recorded)"
                    )
                    print(table.text())
                }
            }
        }
    }
}
