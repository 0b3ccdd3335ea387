import Foundation
import MineFreeCore

/// `minefree bench dedupe`: issue 16's benchmark of recognising one accident reported twice. The dataset's
/// casualties are one source's reports; a second source repeats 30 % of them with noise (dates ± 2 days, positions
/// up to 500 m away, one count ± 1, ages ± 1), drawn from a seeded generator so every run makes the same reports.
/// The matching is timed alone, and its pairs are scored against the known repeats.
enum DedupeBench {
    struct Outcome {
        var reports: Int
        var repeats: Int
        var proposed: Int
        var correct: Int
        /// The accidents the proposed pairs leave (reports joined into groups: timed with the matching).
        var accidents: Int
        var precision: Double { proposed == 0 ? 1 : Double(correct) / Double(proposed) }
        var recall: Double { repeats == 0 ? 1 : Double(correct) / Double(repeats) }
        var phases: [(String, Double)]
    }

    static func run(data: URL, seed: UInt64, runs: Int = 1) throws -> Outcome {
        let start = Date()
        let casualties = try RecordImport.read(data.appendingPathComponent("casualties.geojson"), rules: .workload)
            .casualties
        let read = Date()
        let (reports, truth) = reportsWithRepeats(casualties, seed: seed)
        let made = Date()
        // Each run matches the same reports from nothing: the pairs, the one-to-one step and the groups.
        var matches: [(String, Double)] = []
        var pairs: [AccidentMatching.Candidate] = []
        var groups: [[Int]] = []
        for run in 1...max(runs, 1) {
            // The last run's results freed first, outside the time.
            (pairs, groups) = ([], [])
            let began = Date()
            pairs = AccidentMatching.candidates(reports)
            groups = AccidentMatching.groups(count: reports.count, pairs: pairs.map { ($0.first, $0.second) })
            matches.append((runs > 1 ? "match-\(run)" : "match", Date().timeIntervalSince(began)))
        }
        let correct = pairs.filter { truth[$0.second] == $0.first || truth[$0.first] == $0.second }.count
        return Outcome(
            reports: reports.count,
            repeats: truth.count,
            proposed: pairs.count,
            correct: correct,
            accidents: groups.count,
            phases: [
                ("read", read.timeIntervalSince(start)), ("second-source", made.timeIntervalSince(read)),
            ] + matches
        )
    }

    /// The first source's reports (one per casualty), then the second source's repeats in a shuffled order; `truth`
    /// maps each repeat's index to its original's.
    static func reportsWithRepeats(_ casualties: [CasualtyEvent], seed: UInt64) -> (
        [AccidentMatching.Report], [Int: Int]
    ) {
        var reports = casualties.map { c in
            AccidentMatching.Report(
                id: c.localID,
                source: "operator",
                date: c.date,
                location: c.location,
                killed: c.outcome == .killed ? 1 : 0,
                injured: c.outcome == .injured ? 1 : 0,
                device: c.device,
                people: [.init(sex: c.sex, age: c.age)]
            )
        }
        var random = SeededRandom(seed: seed)
        var originals = Array(reports.indices)
        originals.shuffle(using: &random)
        originals = Array(originals.prefix(reports.count * 3 / 10))
        var truth: [Int: Int] = [:]
        for original in originals {
            var r = reports[original]
            r.id = "HOSP-" + r.id
            r.source = "hospital"
            r.date = r.date.adding(days: Int(random.next() % 5) - 2)
            // Up to 500 m in any direction, uniform over the disc.
            let distance = 500 * random.unit().squareRoot()
            let bearing = 2 * Double.pi * random.unit()
            let p = r.location!
            r.location = GeoPoint(
                lon: p.lon + distance * sin(bearing) / (111_195.08 * cos(p.lat * .pi / 180)),
                lat: p.lat + distance * cos(bearing) / 111_195.08
            )
            // One count one more or one fewer (never none at all), or unchanged.
            switch random.next() % 3 {
            case 0: if r.injured > 0 { r.injured += 1 } else { r.killed += 1 }
            case 1:
                if r.killed + r.injured > 1 {
                    r.injured > 0 ? (r.injured -= 1) : (r.killed -= 1)
                } else {
                    r.injured += 1
                }
            default: break
            }
            r.people = r.people.map { .init(sex: $0.sex, age: $0.age.map { max(0, $0 + Int(random.next() % 3) - 1) }) }
            truth[reports.count] = original
            reports.append(r)
        }
        return (reports, truth)
    }
}
