import Foundation

/// Recognising one accident reported by several sources (a hospital, the police, an operator, a community focal
/// point, the media): which reports are likely the same event, with the evidence an authority weighs before it
/// confirms or rejects the merge.
///
/// Candidates are found through a grid of cells as wide as the largest distance allowed, each cell's reports in
/// date order, so a report is compared only with the reports near it in place and time (n log n, not n²). Reports
/// without a position are compared within their admin area. Each pair is scored from five kinds of evidence;
/// pairs above the threshold are then taken best first, one report of each other source at most per report (two
/// reports from the police cannot both be the hospital's one accident), and joined into groups.
public enum AccidentMatching {
    /// One source's report of an accident: what the matching compares.
    public struct Report: Sendable, Hashable {
        public var id: String
        /// Who reported it (hospital, police, operator …): reports of one source are not matched with each other.
        public var source: String
        public var date: CalendarDate
        public var location: GeoPoint?
        /// The admin area the report names (used when it has no position).
        public var adminArea: String?
        public var killed: Int
        public var injured: Int
        public var device: CasualtyEvent.Device
        /// The people the report describes, where it does.
        public var people: [Person]

        public struct Person: Sendable, Hashable {
            public var sex: CasualtyEvent.Sex?
            public var age: Int?
            public init(sex: CasualtyEvent.Sex?, age: Int?) {
                self.sex = sex
                self.age = age
            }
        }

        public init(
            id: String,
            source: String,
            date: CalendarDate,
            location: GeoPoint?,
            adminArea: String? = nil,
            killed: Int,
            injured: Int,
            device: CasualtyEvent.Device,
            people: [Person] = []
        ) {
            self.id = id
            self.source = source
            self.date = date
            self.location = location
            self.adminArea = adminArea
            self.killed = killed
            self.injured = injured
            self.device = device
            self.people = people
        }
    }

    /// How far apart two reports of one accident may be, and how alike they must be.
    public struct Rules: Sendable, Hashable {
        /// Days between the dates two sources give.
        public var maximumDays = 3
        /// Metres between the positions two sources give.
        public var maximumMetres = 2_000.0
        /// Ages two sources give for one person may differ by this many years.
        public var ageTolerance = 3
        /// The score (0…1) from which a pair is proposed.
        public var threshold = 0.6
        public init() {}

        /// What each setting may be: a wider window would compare a national file's reports with most others.
        public static let dayRange = 0...30
        public static let metreRange = 1.0...50_000
        public static let thresholdRange = 0.0...1
    }

    /// What two reports agree and disagree on, and the score it adds up to.
    public struct Evidence: Sendable, Hashable {
        public var daysApart: Int
        /// nil: one of them has no position (compared within their admin area).
        public var metresApart: Double?
        /// |killed − killed| + |injured − injured|.
        public var countDifference: Int
        public enum DeviceAgreement: String, Sendable, Hashable { case same, unknown, different }
        public var device: DeviceAgreement
        /// People of the shorter list alike (sex, and age within the tolerance) in the other; nil: a report names none.
        public var peopleAlike: Int?
        public var peopleCompared: Int
        public var score: Double

        /// One line an authority reads beside the two reports.
        public var summary: String {
            var parts = [daysApart == 0 ? "same day" : "\(daysApart) day\(daysApart == 1 ? "" : "s") apart"]
            parts.append(metresApart.map { "\(Int($0.rounded())) m apart" } ?? "same admin area, no position")
            parts.append(
                countDifference == 0 ? "same counts" : "counts differ by \(countDifference)"
            )
            parts.append("device \(device.rawValue)")
            if let peopleAlike { parts.append("\(peopleAlike) of \(peopleCompared) people alike") }
            parts.append("score \(String(format: "%.2f", score))")
            return parts.joined(separator: ", ")
        }
    }

    /// Two reports (indices into the list matched) proposed as one accident.
    public struct Candidate: Sendable, Hashable {
        public var first: Int
        public var second: Int
        public var evidence: Evidence
    }

    /// Evidence for two reports, or nil when they are too far apart in time or place to be one accident.
    public static func evidence(_ a: Report, _ b: Report, rules: Rules = Rules()) -> Evidence? {
        let days = abs(a.date.days(until: b.date))
        guard days <= rules.maximumDays else { return nil }
        var metres: Double?
        if let p = a.location, let q = b.location {
            let d = Self.metres(p, q)
            guard d <= rules.maximumMetres else { return nil }
            metres = d
        } else {
            guard let area = a.adminArea, area == b.adminArea else { return nil }
        }
        let counts = abs(a.killed - b.killed) + abs(a.injured - b.injured)
        let device: Evidence.DeviceAgreement =
            a.device == .unknown || b.device == .unknown ? .unknown : (a.device == b.device ? .same : .different)
        var alike: Int?
        var compared = 0
        if !a.people.isEmpty, !b.people.isEmpty {
            let (short, long) = a.people.count <= b.people.count ? (a.people, b.people) : (b.people, a.people)
            compared = short.count
            var taken = [Bool](repeating: false, count: long.count)
            var n = 0
            for person in short {
                if let i = long.indices.first(where: { !taken[$0] && alikePeople(person, long[$0], rules) }) {
                    taken[i] = true
                    n += 1
                }
            }
            alike = n
        }
        // Each kind of evidence scores 0…1; unknowns score in between, so that missing detail neither proves nor
        // refutes a match. The weights: place and time first, then what happened and to whom.
        let dateScore = 1 - Double(days) / Double(rules.maximumDays + 1)
        let placeScore = metres.map { 1 - $0 / rules.maximumMetres } ?? 0.4
        let countScore = [1.0, 0.6, 0.2][min(counts, 2)]
        let deviceScore: Double =
            switch device {
            case .same: 1
            case .unknown: 0.6
            case .different: 0
            }
        let peopleScore = alike.map { Double($0) / Double(compared) } ?? 0.6
        let score =
            0.25 * dateScore + 0.30 * placeScore + 0.20 * countScore + 0.10 * deviceScore + 0.15 * peopleScore
        return Evidence(
            daysApart: days,
            metresApart: metres,
            countDifference: counts,
            device: device,
            peopleAlike: alike,
            peopleCompared: compared,
            score: score
        )
    }

    static func alikePeople(_ p: Report.Person, _ q: Report.Person, _ rules: Rules) -> Bool {
        if let s = p.sex, let t = q.sex, s != t { return false }
        if let x = p.age, let y = q.age, abs(x - y) > rules.ageTolerance { return false }
        return true
    }

    /// Metres between two points (the sphere, locally flat: at the few kilometres compared, well within a metre).
    static func metres(_ p: GeoPoint, _ q: GeoPoint) -> Double {
        let radius = 6_371_008.8
        let midLat = (p.lat + q.lat) / 2 * .pi / 180
        let dx = (q.lon - p.lon) * .pi / 180 * cos(midLat) * radius
        let dy = (q.lat - p.lat) * .pi / 180 * radius
        return (dx * dx + dy * dy).squareRoot()
    }

    /// The pairs proposed as one accident, best first: each above the threshold, and each report paired with at most
    /// one report of any other source.
    public static func candidates(_ reports: [Report], rules: Rules = Rules()) -> [Candidate] {
        oneToOne(pairsAboveThreshold(reports, rules: rules), reports)
    }

    /// Every pair of reports from different sources scoring at least the threshold (each pair once, in no order).
    static func pairsAboveThreshold(_ reports: [Report], rules: Rules) -> [Candidate] {
        var all: [Candidate] = []
        // What the walk compares, as plain numbers: a report is a struct of strings and lists, and copying one per
        // comparison cost more than the comparison.
        let day = reports.map(\.date.dayNumber)
        var sourceNumbers: [String: Int] = [:]
        let source = reports.map { r in
            if let n = sourceNumbers[r.source] { return n }
            sourceNumbers[r.source] = sourceNumbers.count
            return sourceNumbers.count - 1
        }
        func consider(_ i: Int, _ j: Int) {
            guard source[i] != source[j], let e = evidence(reports[i], reports[j], rules: rules),
                e.score >= rules.threshold
            else { return }
            all.append(Candidate(first: min(i, j), second: max(i, j), evidence: e))
        }
        /// The first position in `list` (in date order) dated `first` or later.
        func start(_ list: [Int], _ first: Int) -> Int {
            var low = 0
            var high = list.count
            while low < high {
                let mid = (low + high) / 2
                if day[list[mid]] < first { low = mid + 1 } else { high = mid }
            }
            return low
        }
        // Positioned reports: cells as wide as the largest distance (in degrees at the highest latitude, so a cell is
        // never narrower than that); a report meets the reports of its own and the eight cells around it.
        let located = reports.indices.filter { reports[$0].location != nil }
        if !located.isEmpty {
            let lon = reports.map { $0.location?.lon ?? 0 }
            let lat = reports.map { $0.location?.lat ?? 0 }
            let maxLat = located.map { abs(lat[$0]) }.max()!
            let cellLat = rules.maximumMetres / 111_000 * 1.01
            let cellLon = cellLat / max(cos(min(maxLat + cellLat, 89) * .pi / 180), 0.01)
            struct Cell: Hashable { var x: Int; var y: Int }
            // Each cell's reports as (day, index) side by side, in date order: the windows are scanned in memory
            // that lies together, not through the whole list.
            var cells: [Cell: [(day: Int, index: Int)]] = [:]
            for i in located {
                cells[
                    Cell(x: Int((lon[i] / cellLon).rounded(.down)), y: Int((lat[i] / cellLat).rounded(.down))),
                    default: []
                ]
                .append((day[i], i))
            }
            for key in cells.keys { cells[key]!.sort { ($0.day, $0.index) < ($1.day, $1.index) } }
            for (cell, members) in cells {
                for dx in -1...1 {
                    for dy in -1...1 {
                        let other = Cell(x: cell.x + dx, y: cell.y + dy)
                        // Each pair of cells once: the neighbour at or after this one in (x, y) order.
                        guard (other.x, other.y) >= (cell.x, cell.y), let near = cells[other] else { continue }
                        let same = other == cell
                        for (d, i) in members {
                            let first = d - rules.maximumDays
                            let last = d + rules.maximumDays
                            var low = 0
                            var high = near.count
                            while low < high {
                                let mid = (low + high) / 2
                                if near[mid].day < first { low = mid + 1 } else { high = mid }
                            }
                            var k = low
                            while k < near.count, near[k].day <= last {
                                let j = near[k].index
                                k += 1
                                // In one cell each pair is met from both ends: keep it once.
                                if same, j <= i { continue }
                                if source[i] == source[j] { continue }
                                let dy = (lat[j] - lat[i]) * 111_195.08
                                guard dy * dy <= rules.maximumMetres * rules.maximumMetres else { continue }
                                consider(i, j)
                            }
                        }
                    }
                }
            }
        }
        // Reports without a position: compared with every report of their admin area near in time.
        let unlocated = reports.indices.filter { reports[$0].location == nil && reports[$0].adminArea != nil }
        if !unlocated.isEmpty {
            var byArea: [String: [Int]] = [:]
            for i in reports.indices { if let area = reports[i].adminArea { byArea[area, default: []].append(i) } }
            for key in byArea.keys { byArea[key]!.sort { (day[$0], $0) < (day[$1], $1) } }
            for i in unlocated {
                let near = byArea[reports[i].adminArea!]!
                var k = start(near, day[i] - rules.maximumDays)
                let last = day[i] + rules.maximumDays
                while k < near.count, day[near[k]] <= last {
                    let j = near[k]
                    k += 1
                    // Two unpositioned reports meet twice (once from each): keep the meeting from the lower index.
                    if j == i || (reports[j].location == nil && j < i) { continue }
                    consider(i, j)
                }
            }
        }
        return all
    }

    /// Best first; a pair is kept unless one of its reports is already paired with another report of the other's
    /// source. Ties go to the earlier reports, so the result does not depend on the order the pairs were found in.
    static func oneToOne(_ pairs: [Candidate], _ reports: [Report]) -> [Candidate] {
        let sorted = pairs.sorted {
            if $0.evidence.score != $1.evidence.score { return $0.evidence.score > $1.evidence.score }
            if $0.first != $1.first { return $0.first < $1.first }
            return $0.second < $1.second
        }
        var pairedWith: [Int: Set<String>] = [:]
        var kept: [Candidate] = []
        for c in sorted {
            let a = reports[c.first].source
            let b = reports[c.second].source
            if pairedWith[c.first]?.contains(b) == true || pairedWith[c.second]?.contains(a) == true { continue }
            pairedWith[c.first, default: []].insert(b)
            pairedWith[c.second, default: []].insert(a)
            kept.append(c)
        }
        return kept
    }

    /// The accidents the pairs make: groups of report indices joined by any pair (each group in index order; a
    /// report in no pair is a group of its own), in the order of their first report.
    public static func groups(count: Int, pairs: [(Int, Int)]) -> [[Int]] {
        var parent = Array(0..<count)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i {
                parent[i] = parent[parent[i]]
                i = parent[i]
            }
            return i
        }
        for (a, b) in pairs {
            let (ra, rb) = (root(a), root(b))
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        var byRoot: [Int: [Int]] = [:]
        for i in 0..<count { byRoot[root(i), default: []].append(i) }
        return byRoot.values.sorted { $0[0] < $1[0] }
    }
}
