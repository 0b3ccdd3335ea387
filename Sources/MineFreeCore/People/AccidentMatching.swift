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
        var alike: Int?
        var compared = 0
        if !a.people.isEmpty, !b.people.isEmpty {
            let (short, long) = a.people.count <= b.people.count ? (a.people, b.people) : (b.people, a.people)
            compared = short.count
            alike = matchedPeople(short, long, rules)
        }
        return assess(
            days: days,
            metres: metres,
            counts: abs(a.killed - b.killed) + abs(a.injured - b.injured),
            devices: (a.device, b.device),
            alike: alike,
            compared: compared,
            rules: rules
        )
    }

    /// The score of what two reports near in time and place agree on: one rule, whether the reports were read whole
    /// (`evidence`) or as the walk's packed entries.
    static func assess(
        days: Int,
        metres: Double?,
        counts: Int,
        devices: (CasualtyEvent.Device, CasualtyEvent.Device),
        alike: Int?,
        compared: Int,
        rules: Rules
    ) -> Evidence {
        let device: Evidence.DeviceAgreement =
            devices.0 == .unknown || devices.1 == .unknown
            ? .unknown : (devices.0 == devices.1 ? .same : .different)
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

    /// A report's people as the walk keeps them: up to four in one word (16 bits each: sex in two, age + 1 in
    /// fourteen, 0 for unknown), so comparing two reports reads neither report. nil: more people, or an age outside
    /// 0…16,382 — such a report is compared whole.
    struct PackedPeople: RandomAccessCollection {
        var count: Int
        var bits: UInt64
        var startIndex: Int { 0 }
        var endIndex: Int { count }

        init(count: Int, bits: UInt64) {
            self.count = count
            self.bits = bits
        }

        init?(_ people: [Report.Person]) {
            guard people.count <= 4 else { return nil }
            var bits: UInt64 = 0
            for (i, person) in people.enumerated() {
                let sex: UInt64 =
                    switch person.sex {
                    case nil: 0
                    case .male: 1
                    case .female: 2
                    }
                var age: UInt64 = 0
                if let a = person.age {
                    guard (0...16_382).contains(a) else { return nil }
                    age = UInt64(a + 1)
                }
                bits |= (sex << 14 | age) << UInt64(16 * i)
            }
            self.count = people.count
            self.bits = bits
        }

        subscript(i: Int) -> Report.Person {
            let word = bits >> UInt64(16 * i) & 0xFFFF
            let sex: CasualtyEvent.Sex? =
                switch word >> 14 {
                case 1: .male
                case 2: .female
                default: nil
                }
            let age = word & 0x3FFF
            return Report.Person(sex: sex, age: age == 0 ? nil : Int(age) - 1)
        }
    }

    /// How many of `short` find a person alike in `long`, each of `long` taken once (first come). A report names a
    /// few people: the taken ones are bits of a word, not a list made per comparison.
    static func matchedPeople<People: RandomAccessCollection<Report.Person>>(
        _ short: People,
        _ long: People,
        _ rules: Rules
    ) -> Int where People.Index == Int {
        guard long.count <= 64 else {
            var taken = [Bool](repeating: false, count: long.count)
            var n = 0
            for person in short {
                if let i = long.indices.first(where: {
                    !taken[$0 - long.startIndex] && alikePeople(person, long[$0], rules)
                }) {
                    taken[i - long.startIndex] = true
                    n += 1
                }
            }
            return n
        }
        var taken: UInt64 = 0
        var n = 0
        for person in short {
            for i in long.indices
            where taken & (1 << UInt64(i - long.startIndex)) == 0 && alikePeople(person, long[i], rules) {
                taken |= 1 << UInt64(i - long.startIndex)
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
        let (pairs, sources) = reports.withUnsafeBufferPointer { pairsAboveThreshold($0, rules: rules) }
        return oneToOne(pairs, sources: sources)
    }

    /// Every pair of reports from different sources scoring at least the threshold (each pair once, in no order), and
    /// each report's source as a number. The reports are read through a buffer: indexing the array inside the walk
    /// copied each report compared (retaining its strings and list), which at national scale cost more than comparing.
    static func pairsAboveThreshold(
        _ reports: UnsafeBufferPointer<Report>,
        rules: Rules
    ) -> (pairs: [Candidate], sources: [Int32]) {
        var all: [Candidate] = []
        // One pass over the reports, in their order (their strings and lists lie in memory in about that order): each
        // positioned report becomes an entry holding what the walk reads — its day, source, place, counts, device and
        // people packed — so a pair is scored without reading either report again. At national scale the reports no
        // longer fit the processor's caches, and reading two per pair (or the reports in any other order) cost more
        // than the walk.
        var source = [Int32](repeating: 0, count: reports.count)
        var placed: [WalkEntry] = []
        placed.reserveCapacity(reports.count)
        var unlocated: [Int] = []
        var maxLat = 0.0
        var sourceNumbers: [String: Int32] = [:]
        var lastSource: (name: String, number: Int32)?
        for i in reports.indices {
            // Reports come in runs of one source: the last one's number saves hashing its name again.
            if let last = lastSource, last.name == reports[i].source {
                source[i] = last.number
            } else {
                let name = reports[i].source
                let number = sourceNumbers[name] ?? Int32(sourceNumbers.count)
                sourceNumbers[name] = number
                source[i] = number
                lastSource = (name, number)
            }
            // A position that is no number is compared as none would be (never near anything).
            if let p = reports[i].location, p.lat.isFinite, p.lon.isFinite {
                maxLat = max(maxLat, abs(p.lat))
                let packed =
                    UInt8(exactly: reports[i].killed) != nil && UInt8(exactly: reports[i].injured) != nil
                    ? PackedPeople(reports[i].people) : nil
                placed.append(
                    WalkEntry(
                        day: Int32(clamping: reports[i].date.dayNumber),
                        source: source[i],
                        index: Int32(i),
                        killed: UInt8(clamping: reports[i].killed),
                        injured: UInt8(clamping: reports[i].injured),
                        device: reports[i].device,
                        peopleCount: Int8(packed?.count ?? -1),
                        people: packed?.bits ?? 0,
                        lat: p.lat,
                        lon: p.lon
                    )
                )
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
        // Positioned reports: cells as wide as the largest distance (in degrees at the highest latitude, so a cell is
        // never narrower than that); a report meets the reports of its own and the eight cells around it. The entries
        // are laid out cell by cell, each cell's in day order, so a cell and its days are one run of memory and a
        // window is found by moving forward, not searched.
        if !placed.isEmpty {
            let cellLat = rules.maximumMetres / 111_000 * 1.01
            let cellLon = cellLat / max(cos(min(maxLat + cellLat, 89) * .pi / 180), 0.01)
            var cellTable = CellTable()
            var cells: [(x: Int32, y: Int32)] = []
            var cellOf = [Int32](repeating: 0, count: placed.count)
            var counts: [Int] = []
            for k in placed.indices {
                let x = Int32(clamping: Int((placed[k].lon / cellLon).rounded(.down)))
                let y = Int32(clamping: Int((placed[k].lat / cellLat).rounded(.down)))
                let n = cellTable.number(x, y)
                if n == cells.count {
                    cells.append((x, y))
                    counts.append(0)
                }
                cellOf[k] = Int32(n)
                counts[n] += 1
            }
            // The cells renumbered in (x, y) order, so that a cell's neighbours lie beside it in memory (the next cell,
            // and a few of the next column's): the walk then stays in the caches at national scale, and finds the
            // neighbours by moving forward instead of looking them up.
            struct Ranked {
                var key: Int64
                var number: Int32
            }
            func key(_ x: Int64, _ y: Int64) -> Int64 { (x << 32) + (y + 0x8000_0000) }
            var ranked = cells.indices.map {
                Ranked(key: key(Int64(cells[$0].x), Int64(cells[$0].y)), number: Int32($0))
            }
            ranked.sort { $0.key < $1.key }
            var rank = [Int32](repeating: 0, count: cells.count)
            for (r, cell) in ranked.enumerated() { rank[Int(cell.number)] = Int32(r) }
            cells = ranked.map { cells[Int($0.number)] }
            counts = ranked.map { counts[Int($0.number)] }
            let keys = ranked.map(\.key)
            ranked = []
            for k in cellOf.indices { cellOf[k] = rank[Int(cellOf[k])] }
            // The entries in (day, index) order — counted where the days span no more than a few times their number,
            // else sorted — then placed cell by cell in that order, so each cell's entries come out in day order
            // without sorting cell by cell (which moved the entries a second time).
            var byDay = [Int32](repeating: 0, count: placed.count)
            let firstDay = placed.lazy.map(\.day).min()!
            let lastDay = placed.lazy.map(\.day).max()!
            if Int(lastDay) - Int(firstDay) < 4 * placed.count + 4_096 {
                var at = [Int](repeating: 0, count: Int(lastDay) - Int(firstDay) + 2)
                for entry in placed { at[Int(entry.day - firstDay) + 1] += 1 }
                for d in 1..<at.count { at[d] += at[d - 1] }
                for k in placed.indices {
                    byDay[at[Int(placed[k].day - firstDay)]] = Int32(k)
                    at[Int(placed[k].day - firstDay)] += 1
                }
            } else {
                byDay = placed.indices.map { Int32($0) }
                byDay.sort { (placed[Int($0)].day, $0) < (placed[Int($1)].day, $1) }
            }
            var starts = [Int](repeating: 0, count: cells.count + 1)
            for n in cells.indices { starts[n + 1] = starts[n] + counts[n] }
            var next = Array(starts.dropLast())
            // Each entry's cell number becomes its place.
            for k in byDay.indices {
                let n = Int(cellOf[Int(byDay[k])])
                cellOf[Int(byDay[k])] = Int32(next[n])
                next[n] += 1
            }
            let position = cellOf
            // Written straight to their places (stores the processor need not wait on, unlike moving the entries
            // round their cycles in place, each move waiting for the last).
            let entries = [WalkEntry](unsafeUninitializedCapacity: placed.count) { buffer, count in
                for k in placed.indices { (buffer.baseAddress! + Int(position[k])).initialize(to: placed[k]) }
                count = placed.count
            }
            placed = []
            // Each entry's day beside the entries: moving a window's start reads only days.
            let days = entries.map(\.day)

            let window = Int32(rules.maximumDays)
            let limit = rules.maximumMetres * rules.maximumMetres
            let metresPerDegree = 6_371_008.8 * .pi / 180
            /// `evidence` for two entries, from the entries alone where both are packed.
            func considerEntries(_ ea: WalkEntry, _ eb: WalkEntry) {
                guard ea.peopleCount >= 0, eb.peopleCount >= 0 else {
                    return consider(Int(ea.index), Int(eb.index))
                }
                let metres = Self.metres(GeoPoint(lon: ea.lon, lat: ea.lat), GeoPoint(lon: eb.lon, lat: eb.lat))
                guard metres <= rules.maximumMetres else { return }
                var alike: Int?
                var compared = 0
                if ea.peopleCount > 0, eb.peopleCount > 0 {
                    let p = PackedPeople(count: Int(ea.peopleCount), bits: ea.people)
                    let q = PackedPeople(count: Int(eb.peopleCount), bits: eb.people)
                    let (short, long) = p.count <= q.count ? (p, q) : (q, p)
                    compared = short.count
                    alike = matchedPeople(short, long, rules)
                }
                let e = assess(
                    days: Int(abs(eb.day - ea.day)),
                    metres: metres,
                    counts: abs(Int(ea.killed) - Int(eb.killed)) + abs(Int(ea.injured) - Int(eb.injured)),
                    devices: (ea.device, eb.device),
                    alike: alike,
                    compared: compared,
                    rules: rules
                )
                guard e.score >= rules.threshold else { return }
                let (i, j) = (Int(ea.index), Int(eb.index))
                all.append(Candidate(first: min(i, j), second: max(i, j), evidence: e))
            }
            entries.withUnsafeBufferPointer { e in
                days.withUnsafeBufferPointer { days in
                    /// Each report of cell `n` with the reports of cell `m` near it in time (each pair once); `cosine`
                    /// is at most the cosine of any latitude between them.
                    func meet(_ n: Int, _ m: Int, _ cosine: Double) {
                        let own = starts[n]..<starts[n + 1]
                        let near = starts[m]..<starts[m + 1]
                        var low = near.lowerBound
                        for a in own {
                            let ea = e[a]
                            // Entries of `own` come in date order, so the window's first entry only moves forward.
                            while low < near.upperBound, days[low] < ea.day - window { low += 1 }
                            var k = m == n ? max(low, a + 1) : low
                            while k < near.upperBound, days[k] <= ea.day + window {
                                let eb = e[k]
                                k += 1
                                if ea.source == eb.source { continue }
                                // The distance `evidence` measures, at most, on the numbers at hand: east-west at the
                                // cells' latitude farthest from the equator, never more than at the pair's middle (and
                                // 1 % slack for rounding); the exact distance decides.
                                let north = (eb.lat - ea.lat) * metresPerDegree
                                guard north * north <= limit else { continue }
                                let east = (eb.lon - ea.lon) * metresPerDegree * cosine
                                guard east * east + north * north <= limit * 1.01 else { continue }
                                considerEntries(ea, eb)
                            }
                        }
                    }
                    // The first cell at or after the next column's neighbour below: only moves forward.
                    var column = 0
                    for (n, cell) in cells.enumerated() {
                        let (x, y) = (Int64(cell.x), Int64(cell.y))
                        // The rows of cells y − 1 to y + 1 span these latitudes: the cosine at the one farther from
                        // the equator is the least between them (one per cell, not per report).
                        let farthest = max(abs(Double(y - 1) * cellLat), abs(Double(y + 2) * cellLat))
                        let cosine = max(cos(min(farthest, 90) * .pi / 180), 0)
                        // The cell itself and the four neighbours after it in (x, y) order: each pair of cells once.
                        meet(n, n, cosine)
                        if n + 1 < keys.count, keys[n + 1] == key(x, y + 1) { meet(n, n + 1, cosine) }
                        while column < keys.count, keys[column] < key(x + 1, y - 1) { column += 1 }
                        for c in column..<min(column + 3, keys.count) where keys[c] <= key(x + 1, y + 1) {
                            meet(n, c, cosine)
                        }
                    }
                }
            }
        }
        // Reports without a position: compared with every report of their admin area near in time.
        if !unlocated.isEmpty {
            var isUnlocated = [Bool](repeating: false, count: reports.count)
            for i in unlocated { isUnlocated[i] = true }
            var day = [Int](repeating: 0, count: reports.count)
            for i in reports.indices where reports[i].adminArea != nil { day[i] = reports[i].date.dayNumber }
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
                    // Two unpositioned reports (no position, or one that is no number) meet twice, once from each:
                    // keep the meeting from the lower index.
                    if j == i || (isUnlocated[j] && j < i) { continue }
                    consider(i, j)
                }
            }
        }
        return (all, source)
    }

    /// A positioned report as the walk reads it (see `pairsAboveThreshold`).
    /// 40 bytes: the fewer bytes an entry, the fewer the walk and the placing move at national scale.
    struct WalkEntry {
        var day: Int32
        var source: Int32
        var index: Int32
        var killed: UInt8
        var injured: UInt8
        var device: CasualtyEvent.Device
        /// How many people `people` holds; -1: the report is compared whole (more than 255 killed or injured, or
        /// people no word holds: see `PackedPeople`).
        var peopleCount: Int8
        var people: UInt64
        var lat: Double
        var lon: Double
    }

    /// The walk's cells numbered by their (x, y) in the order first met: open addressing over a power-of-two table,
    /// the key mixed by one multiplication. A dictionary hashed each of the several hundred thousand look-ups of a
    /// national file with its seeded hash, which cost more than the comparisons it led to.
    struct CellTable {
        private var keys = [Int64](repeating: 0, count: 64)
        /// The cell's number, -1 for an empty slot.
        private var numbers = [Int32](repeating: -1, count: 64)
        private(set) var count = 0

        private static func key(_ x: Int32, _ y: Int32) -> Int64 { Int64(x) << 32 | Int64(UInt32(bitPattern: y)) }

        private func slot(_ key: Int64) -> Int {
            // Fibonacci hashing: the high bits of the product, as many as the table has slots.
            let bits = keys.count.trailingZeroBitCount
            return Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
        }

        /// The cell's number, numbering it next if it is new.
        mutating func number(_ x: Int32, _ y: Int32) -> Int {
            let key = Self.key(x, y)
            var at = slot(key)
            while numbers[at] >= 0 {
                if keys[at] == key { return Int(numbers[at]) }
                at = (at + 1) & (keys.count - 1)
            }
            keys[at] = key
            numbers[at] = Int32(count)
            count += 1
            // At most half full: probes stay short.
            if count * 2 > keys.count { grow() }
            return count - 1
        }

        private mutating func grow() {
            let (oldKeys, oldNumbers) = (keys, numbers)
            keys = [Int64](repeating: 0, count: oldKeys.count * 2)
            numbers = [Int32](repeating: -1, count: oldKeys.count * 2)
            for k in oldKeys.indices where oldNumbers[k] >= 0 {
                var at = slot(oldKeys[k])
                while numbers[at] >= 0 { at = (at + 1) & (keys.count - 1) }
                keys[at] = oldKeys[k]
                numbers[at] = oldNumbers[k]
            }
        }
    }

    /// Best first; a pair is kept unless one of its reports is already paired with another report of the other's
    /// source. Ties go to the earlier reports, so the result does not depend on the order the pairs were found in.
    static func oneToOne(_ pairs: [Candidate], sources source: [Int32]) -> [Candidate] {
        // Sorted as small keys (score, the two reports and their sources, where the pair is), not as the pairs with
        // their evidence; the loop then reads only the keys and the marks.
        struct Key {
            var score: Double
            var first: Int32
            var second: Int32
            var firstSource: Int32
            var secondSource: Int32
            var at: Int32
        }
        var keys = pairs.indices.map { k in
            Key(
                score: pairs[k].evidence.score,
                first: Int32(pairs[k].first),
                second: Int32(pairs[k].second),
                firstSource: source[pairs[k].first],
                secondSource: source[pairs[k].second],
                at: Int32(k)
            )
        }
        keys.sort {
            if $0.score != $1.score { return $0.score > $1.score }
            if $0.first != $1.first { return $0.first < $1.first }
            return $0.second < $1.second
        }
        // Which sources each report is already paired with: a bit per source (a handful of sources in practice: one
        // byte per report), in one array rather than a set of names per report.
        let bytes = (Int(source.max() ?? 0) + 8) / 8
        var pairedWith = [UInt8](repeating: 0, count: source.count * bytes)
        var kept: [Candidate] = []
        kept.reserveCapacity(keys.count)
        pairedWith.withUnsafeMutableBufferPointer { marks in
            func isPaired(_ report: Int32, _ source: Int32) -> Bool {
                marks[Int(report) * bytes + Int(source) / 8] & (1 << UInt8(source % 8)) != 0
            }
            func pair(_ report: Int32, _ source: Int32) {
                marks[Int(report) * bytes + Int(source) / 8] |= 1 << UInt8(source % 8)
            }
            for key in keys {
                if isPaired(key.first, key.secondSource) || isPaired(key.second, key.firstSource) { continue }
                pair(key.first, key.secondSource)
                pair(key.second, key.firstSource)
                kept.append(pairs[Int(key.at)])
            }
        }
        return kept
    }

    /// The accidents the pairs make: groups of report indices joined by any pair (each group in index order; a
    /// report in no pair is a group of its own), in the order of their first report.
    public static func groups(count: Int, pairs: [(Int, Int)]) -> [[Int]] {
        var parent = Array(0..<count)
        parent.withUnsafeMutableBufferPointer { parent in
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
            // Every report straight to its root.
            for i in 0..<count { parent[i] = parent[parent[i]] }
        }
        // A group's root is its lowest index (the lower root is kept at each join), and a root precedes the rest of
        // its group: counting each group's size, laying the groups out in one array and cutting it makes them in
        // order, each list allocated once at its size.
        var at = [Int](repeating: 0, count: count)
        for i in 0..<count { at[parent[i]] += 1 }
        // Sizes to where each group starts, then to where it ends once its reports are laid out.
        var end = 0
        var roots = 0
        for i in 0..<count where parent[i] == i {
            (at[i], end) = (end, end + at[i])
            roots += 1
        }
        var flat = [Int](repeating: 0, count: count)
        for i in 0..<count {
            flat[at[parent[i]]] = i
            at[parent[i]] += 1
        }
        var groups: [[Int]] = []
        groups.reserveCapacity(roots)
        var start = 0
        for i in 0..<count where parent[i] == i {
            groups.append(Array(flat[start..<at[i]]))
            start = at[i]
        }
        return groups
    }
}
