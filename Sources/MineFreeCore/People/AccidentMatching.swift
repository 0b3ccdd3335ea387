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
            alike = matchedPeople(short, long, rules)
        }
        // Each kind of evidence scores 0…1; unknowns score in between, so that missing detail neither proves nor
        // refutes a match. The weights: place and time first, then what happened and to whom.
        let dateScore = 1 - Double(days) / Double(rules.maximumDays + 1)
        let placeScore = metres.map { 1 - $0 / rules.maximumMetres } ?? 0.4
        let countScore = counts == 0 ? 1.0 : (counts == 1 ? 0.6 : 0.2)
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

    /// How many of `short` find a person alike in `long`, each of `long` taken once (first come). A report names a
    /// few people: the taken ones are bits of a word, not a list made per comparison.
    static func matchedPeople(_ short: [Report.Person], _ long: [Report.Person], _ rules: Rules) -> Int {
        guard long.count <= 64 else {
            var taken = [Bool](repeating: false, count: long.count)
            var n = 0
            for person in short {
                if let i = long.indices.first(where: { !taken[$0] && alikePeople(person, long[$0], rules) }) {
                    taken[i] = true
                    n += 1
                }
            }
            return n
        }
        var taken: UInt64 = 0
        var n = 0
        for person in short {
            for i in long.indices where taken & (1 << UInt64(i)) == 0 && alikePeople(person, long[i], rules) {
                taken |= 1 << UInt64(i)
                n += 1
                break
            }
        }
        return n
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
        // One pass over the reports: a report is a struct of strings and lists, and reading it again per step (or
        // copying one per comparison) cost more than the comparisons.
        var day = [Int](repeating: 0, count: reports.count)
        var source = [Int](repeating: 0, count: reports.count)
        var located: [Int] = []
        var unlocated: [Int] = []
        var maxLat = 0.0
        var sourceNumbers: [String: Int] = [:]
        var lastSource: (name: String, number: Int)?
        for i in reports.indices {
            day[i] = reports[i].date.dayNumber
            // Reports come in runs of one source: the last one's number saves hashing its name again.
            if let last = lastSource, last.name == reports[i].source {
                source[i] = last.number
            } else {
                let name = reports[i].source
                let number = sourceNumbers[name] ?? sourceNumbers.count
                sourceNumbers[name] = number
                source[i] = number
                lastSource = (name, number)
            }
            if let p = reports[i].location {
                located.append(i)
                maxLat = max(maxLat, abs(p.lat))
            } else if reports[i].adminArea != nil {
                unlocated.append(i)
            }
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
        // never narrower than that); a report meets the reports of its own and the eight cells around it. All of them
        // lie in one array sorted by (cell, day), each entry holding the numbers the walk reads, so a cell and its
        // days are one run of memory and a window is found by moving forward, not searched.
        if !located.isEmpty {
            let cellLat = rules.maximumMetres / 111_000 * 1.01
            let cellLon = cellLat / max(cos(min(maxLat + cellLat, 89) * .pi / 180), 0.01)
            struct Entry {
                var day: Int32
                var source: Int32
                var index: Int32
                var lat: Double
                var lon: Double
                var cosLat: Double
            }
            struct Cell: Hashable {
                var x: Int32
                var y: Int32
            }
            // Each report's cell numbered as first met; the entries then placed cell by cell (a counting sort, one
            // pass) and each cell's few entries sorted by day.
            var cellNumber: [Cell: Int] = [:]
            var cells: [Cell] = []
            var cellOf = [Int](repeating: 0, count: located.count)
            var counts: [Int] = []
            for (k, i) in located.enumerated() {
                let p = reports[i].location!
                let cell = Cell(
                    x: Int32(clamping: Int((p.lon / cellLon).rounded(.down))),
                    y: Int32(clamping: Int((p.lat / cellLat).rounded(.down)))
                )
                let n = cellNumber[cell] ?? cells.count
                if n == cells.count {
                    cellNumber[cell] = n
                    cells.append(cell)
                    counts.append(0)
                }
                cellOf[k] = n
                counts[n] += 1
            }
            var starts = [Int](repeating: 0, count: cells.count + 1)
            for n in cells.indices { starts[n + 1] = starts[n] + counts[n] }
            var next = Array(starts.dropLast())
            var entries = [Entry](
                repeating: Entry(day: 0, source: 0, index: 0, lat: 0, lon: 0, cosLat: 0),
                count: located.count
            )
            for (k, i) in located.enumerated() {
                let p = reports[i].location!
                entries[next[cellOf[k]]] = Entry(
                    day: Int32(clamping: day[i]),
                    source: Int32(source[i]),
                    index: Int32(i),
                    lat: p.lat,
                    lon: p.lon,
                    cosLat: cos(p.lat * .pi / 180)
                )
                next[cellOf[k]] += 1
            }
            for n in cells.indices {
                entries[starts[n]..<starts[n + 1]].sort { ($0.day, $0.index) < ($1.day, $1.index) }
            }
            let window = Int32(rules.maximumDays)
            let limit = rules.maximumMetres * rules.maximumMetres
            let metresPerDegree = 6_371_008.8 * .pi / 180
            entries.withUnsafeBufferPointer { e in
                for (n, cell) in cells.enumerated() {
                    let own = starts[n]..<starts[n + 1]
                    // The cell itself and the four neighbours after it in (x, y) order: each pair of cells once.
                    for (dx, dy): (Int32, Int32) in [(0, 0), (0, 1), (1, -1), (1, 0), (1, 1)] {
                        guard let m = cellNumber[Cell(x: cell.x + dx, y: cell.y + dy)] else { continue }
                        let near = starts[m]..<starts[m + 1]
                        let same = dx == 0 && dy == 0
                        var low = near.lowerBound
                        for a in own {
                            let ea = e[a]
                            // Entries of `own` come in date order, so the window's first entry only moves forward.
                            while low < near.upperBound, e[low].day < ea.day - window { low += 1 }
                            var k = same ? max(low, a + 1) : low
                            while k < near.upperBound, e[k].day <= ea.day + window {
                                let eb = e[k]
                                k += 1
                                if ea.source == eb.source { continue }
                                // The distance `evidence` measures, on the numbers at hand, before the reports
                                // themselves are read: east-west at this report's latitude, not the pair's middle,
                                // so 1 % slack (a few thousandths at most between the two); `evidence` decides.
                                let north = (eb.lat - ea.lat) * metresPerDegree
                                guard north * north <= limit else { continue }
                                let east = (eb.lon - ea.lon) * metresPerDegree * ea.cosLat
                                guard east * east + north * north <= limit * 1.01 else { continue }
                                consider(Int(ea.index), Int(eb.index))
                            }
                        }
                    }
                }
            }
        }
        // Reports without a position: compared with every report of their admin area near in time.
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
        // Which sources each report is already paired with: a bit per source (a handful of sources in practice),
        // in one array rather than a set of names per report.
        var sourceNumbers: [String: Int] = [:]
        let source = reports.map { r in
            if let n = sourceNumbers[r.source] { return n }
            sourceNumbers[r.source] = sourceNumbers.count
            return sourceNumbers.count - 1
        }
        let words = (sourceNumbers.count + 63) / 64
        var pairedWith = [UInt64](repeating: 0, count: reports.count * words)
        func isPaired(_ report: Int, _ source: Int) -> Bool {
            pairedWith[report * words + source / 64] & (1 << UInt64(source % 64)) != 0
        }
        func pair(_ report: Int, _ source: Int) { pairedWith[report * words + source / 64] |= 1 << UInt64(source % 64) }
        var kept: [Candidate] = []
        for c in sorted {
            let a = source[c.first]
            let b = source[c.second]
            if isPaired(c.first, b) || isPaired(c.second, a) { continue }
            pair(c.first, b)
            pair(c.second, a)
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
        // A group's root is its lowest index (the lower root is kept at each join), so walking the reports in order
        // meets every root before the rest of its group: the groups come out in order without sorting.
        var groupOf = [Int](repeating: -1, count: count)
        var groups: [[Int]] = []
        for i in 0..<count {
            let r = root(i)
            if r == i {
                groupOf[i] = groups.count
                groups.append([i])
            } else {
                groups[groupOf[r]].append(i)
            }
        }
        return groups
    }
}
