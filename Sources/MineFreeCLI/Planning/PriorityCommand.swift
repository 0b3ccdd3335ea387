import ArgumentParser
import Foundation
import MineFreeCore
import MineFreeStore

/// `minefree priority`: the open hazards ranked by a priority model as of a day, each with why.
struct PriorityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "priority",
        abstract: "Rank the open hazards for clearance by a priority model, with each factor's part in the score.",
        discussion: """
            The default model is the workload's B2 score (population and displaced households within 1 km, the nearest
            primary or secondary road, infrastructure within 500 m, casualties within 2 km in the last 5 years).
            --model FILE reads another (JSON; docs/priority-model.json is the default written out). --compare FILE
            ranks by a second model too and lists the hazards that moved most, with the factors that moved them.
            """
    )

    @Option(
        name: .customLong("as-of"),
        help: "Start of this day (YYYY-MM-DD); default today. Only records known then count.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?
    @Option(help: "A priority model file (JSON).") var model: String?
    @Option(help: "A second model file: show which hazards move between the two and why.") var compare: String?
    @Option(help: "How many hazards to list (0: all).") var top: Int = 20
    @Option(help: "Only hazards of this region (a region code or an admin area P-code at any level).")
    var region: String?
    @Option(help: "Explain one hazard's score: every factor and the records it counted.") var explain: String?
    @OptionGroup var output: FormatOption

    func run() async throws {
        let date = asOf ?? .today()
        guard top >= 0 else { throw BadInput("--top \(top) must be 0 or more") }
        let first = try model.map(Self.model(at:)) ?? .default
        let second = try compare.map(Self.model(at:))
        try await CommandContext.with { context in
            let inputs = try await PlanningRepository(database: context.store.database).priorityInputs(asOf: date)
            var covered: Set<String>?
            if let region {
                do {
                    covered = try await LandRepository(database: context.store.database).regionsCovered(by: region)
                } catch let unknown as RegionFilter.Unknown {
                    throw BadInput(unknown.description)
                }
            }
            let ranked = inputs.ranked(by: first, regions: covered)
            if let explain {
                guard let hazard = ranked.first(where: { $0.hazardID == explain }) else {
                    let known = inputs.view.standings.contains { $0.hazard.localID == explain }
                    throw BadInput(
                        known
                            ? "hazard '\(explain)' is not open as of \(date) (released, or recorded later)\(region.map { " or not in region '\($0)'" } ?? "")"
                            : "no hazard '\(explain)' recorded before \(date)"
                    )
                }
                switch output.format {
                case .json: print(try JSONOutput.render(RankedJSON(hazard)))
                default: print(hazard.explanation)
                }
                return
            }
            let shown = top == 0 ? ranked : Array(ranked.prefix(top))
            if let second {
                let comparison = PriorityComparison(before: ranked, after: inputs.ranked(by: second, regions: covered))
                let moves = comparison.largestMoves(top == 0 ? comparison.moves.count : top)
                switch output.format {
                case .json:
                    print(try JSONOutput.render(moves.map(MoveJSON.init)))
                case .csv, .table:
                    let table = Tabulation(
                        columns: ["hazard_id", "rank_before", "rank_after", "move", "why"],
                        rows: moves.map {
                            [
                                $0.hazardID, $0.before.map(String.init) ?? "", $0.after.map(String.init) ?? "",
                                $0.move.map(String.init) ?? "", $0.changes.first?.explanation ?? "",
                            ]
                        }
                    )
                    if output.format == .csv {
                        print(table.csv())
                    } else {
                        print("Hazards that move most from \(first.name) to \(second.name) as of \(date)")
                        print(table.text())
                    }
                }
                return
            }
            switch output.format {
            case .json:
                print(
                    try JSONOutput.render(
                        PriorityJSON(
                            model: first.name,
                            asOf: date,
                            ranked: ranked.count,
                            hazards: shown.map(RankedJSON.init)
                        )
                    )
                )
            case .csv:
                print(PriorityScoring.csv(shown), terminator: "")
            case .table:
                print(
                    "Clearance priorities as of \(date) by \(first.name): \(ranked.count) open hazards\(top > 0 && ranked.count > top ? ", the first \(top)" : "")"
                )
                let names = first.factors.map(\.name)
                print(
                    Tabulation(
                        columns: ["rank", "hazard_id", "region", "remaining_m2", "score"] + names,
                        rows: shown.map { h in
                            [
                                String(h.rank), h.hazardID, h.region, String(h.remainingM2),
                                String(format: "%.4f", h.score),
                            ]
                                + h.factors.map { String(format: "%.4f", $0.contribution) }
                        }
                    ).text()
                )
                print("(factor columns: each factor's contribution to the score; --explain ID for the records counted)")
            }
        }
    }

    /// A model file read and checked; a mistake is one line naming the file, key and value.
    static func model(at path: String) throws -> PriorityModel {
        let data = try PlanningFile.read(path, kind: "model")
        do {
            return try PriorityModel.decode(from: data, file: path)
        } catch let problem as PriorityModelError {
            throw BadInput(problem.description)
        }
    }
}

/// The files planning reads (priority models, forecast scenarios): a few kilobytes each, so a file much larger is not
/// one and is not read whole.
enum PlanningFile {
    static let maximumBytes = 1 << 20

    static func read(_ path: String, kind: String) throws -> Data {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        guard let size else { throw BadInput("cannot read \(kind) file '\(path)': no such file") }
        guard size <= maximumBytes else {
            throw BadInput("\(kind) file '\(path)' is \(size) bytes: a \(kind) is at most 1 MiB")
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw BadInput("cannot read \(kind) file '\(path)': \(error.localizedDescription)")
        }
    }
}

struct PriorityJSON: Encodable {
    var model: String
    var as_of: String
    var ranked: Int
    var hazards: [RankedJSON]
    init(model: String, asOf: CalendarDate, ranked: Int, hazards: [RankedJSON]) {
        self.model = model
        self.as_of = asOf.iso
        self.ranked = ranked
        self.hazards = hazards
    }
}

struct RankedJSON: Encodable {
    struct Factor: Encodable {
        var name: String
        var kind: String
        var raw: Double
        var normalised: Double
        var weight: Double
        var contribution: Double
        var counted: [String]
    }
    var hazard_id: String
    var region: String
    var remaining_m2: Int64
    var rank: Int
    var score: Double
    var factors: [Factor]
    init(_ h: RankedHazard) {
        hazard_id = h.hazardID
        region = h.region
        remaining_m2 = h.remainingM2
        rank = h.rank
        score = h.score
        factors = h.factors.map {
            Factor(
                name: $0.name,
                kind: $0.kind.rawValue,
                raw: $0.raw,
                normalised: $0.normalised,
                weight: $0.weight,
                contribution: $0.contribution,
                counted: $0.evidence
            )
        }
    }
}

struct MoveJSON: Encodable {
    var hazard_id: String
    var rank_before: Int?
    var rank_after: Int?
    var move: Int?
    var why: [String]
    init(_ m: PriorityComparison.Move) {
        hazard_id = m.hazardID
        rank_before = m.before
        rank_after = m.after
        move = m.move
        why = m.changes.map(\.explanation)
    }
}
