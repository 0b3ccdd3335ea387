import Foundation

/// A person killed or injured by a mine or an explosive remnant of war, located where it happened (the benchmark's
/// casualty layer), with what statistics are kept by (sex, age or age group, civilian / military / deminer, injuries)
/// and, where known, the accident report it belongs to and who reported it. Names and other personal data are kept
/// apart, protected by role, with every access audited.
public struct CasualtyEvent: Sendable {
    public enum Outcome: String, CaseIterable, Sendable, Codable { case killed, injured }
    public enum Sex: String, CaseIterable, Sendable, Codable {
        case male = "M"
        case female = "F"
    }
    /// The device involved; `unknown` where the report does not say.
    public enum Device: String, CaseIterable, Sendable, Codable {
        case antiPersonnel = "AP"
        case antiVehicle = "AT"
        case explosiveRemnants = "ERW"
        case clusterMunitionRemnants = "CM"
        /// An improvised mine (victim-activated: an anti-personnel mine under the treaty).
        case improvisedMine = "IM"
        case unknown
    }

    /// Civilian, military or deminer (the Landmine Monitor's split; a deminer injured at work is a demining casualty).
    public enum Status: String, CaseIterable, Sendable, Codable { case civilian, military, deminer }
    /// Under 18: a child (the Monitor's definition).
    public enum AgeGroup: String, CaseIterable, Sendable, Codable { case child, adult }
    public enum Injury: String, CaseIterable, Sendable, Codable {
        case lowerLimbAmputation = "lower_limb_amputation"
        case upperLimbAmputation = "upper_limb_amputation"
        case eye, hearing, burns, fragments, other
    }

    public var localID: String
    public var date: CalendarDate
    public var outcome: Outcome
    public var age: Int?
    public var sex: Sex?
    public var device: Device
    public var location: GeoPoint
    /// The accident report this person is counted in.
    public var accidentID: String?
    public var status: Status?
    /// As reported where the age is not known; derived from the age where it is.
    public var ageGroup: AgeGroup?
    public var injuries: [Injury] = []
    /// Who reported this casualty (a hospital, the police …).
    public var source: Accident.Source?
    public var extra: String?

    public init(
        localID: String,
        date: CalendarDate,
        outcome: Outcome,
        age: Int?,
        sex: Sex?,
        device: Device,
        location: GeoPoint
    ) {
        self.localID = localID
        self.date = date
        self.outcome = outcome
        self.age = age
        self.sex = sex
        self.device = device
        self.location = location
    }

    public init() {
        self.init(
            localID: "",
            date: .epoch,
            outcome: .injured,
            age: nil,
            sex: nil,
            device: .unknown,
            location: GeoPoint(lon: 0, lat: 0)
        )
    }
}

extension CasualtyEvent: LayerRecord {
    public static let layer = Layer<CasualtyEvent>(
        name: "casualties",
        singular: "casualty",
        area: .people,
        table: "casualties",
        key: ["id"],
        date: "date",
        spatialIndex: true,
        privacy: .aboutPeople([.init("id", .casualty)]),
        geometry: .point(\.location, { $0.location }),
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_casualties+id"),
            .date("date", \.date, { $0.date }, hxl: "#date"),
            .choice("outcome", \.outcome, { $0.outcome }, hxl: "#x_casualty+outcome"),
            .integer("age", \.age, { $0.age }, 0...130, unit: "years", hxl: "#x_casualty+age"),
            .choice("sex", \.sex, { $0.sex }, hxl: "#x_casualty+sex"),
            .choice("device", \.device, { $0.device }, hxl: "#x_device", valueAliases: ["CMR": "CM"]),
            .id(of: .accident, \.accidentID, { $0.accidentID }),
            .choice("status", \.status, { $0.status }, hxl: "#x_casualty+status"),
            .choice("age_group", \.ageGroup, { $0.ageGroup }, hxl: "#x_casualty+agegroup"),
            .choices("injuries", \.injuries, { $0.injuries }, hxl: "#x_casualty+injuries"),
            .choice("source", \.source, { $0.source }, hxl: "#meta+source"),
        ]
    )

    /// The age group follows from the age (under 18: a child) and may not contradict it.
    public static func check(_ c: inout CasualtyEvent, _ row: inout RowCheck) {
        guard let age = c.age else { return }
        let group: AgeGroup = age < 18 ? .child : .adult
        if let given = c.ageGroup, given != group {
            row.fail(
                "age-group",
                "\(row.name("age_group")) \(given.rawValue) contradicts \(row.name("age")) \(age) (a child is under 18)"
            )
        }
        c.ageGroup = group
    }

    /// A casualty counted in an accident report of this import makes its killed or injured count no larger than the
    /// report's own.
    public static func checkAcross(_ c: inout CrossCheck) {
        let casualties = c.records(CasualtyEvent.self)
        guard casualties.contains(where: { $0.accidentID != nil }) else { return }
        let accidents = Dictionary(
            c.records(Accident.self).map { ($0.localID, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        var counted: [String: (killed: Int64, injured: Int64, lastRow: Int)] = [:]
        for (i, casualty) in casualties.enumerated() {
            guard let id = casualty.accidentID, accidents[id] != nil else { continue }
            var n = counted[id] ?? (0, 0, i)
            if casualty.outcome == .killed { n.killed += 1 } else { n.injured += 1 }
            n.lastRow = i
            counted[id] = n
        }
        for (id, n) in counted.sorted(by: { $0.key < $1.key }) {
            let a = accidents[id]!
            if n.killed > a.killed || n.injured > a.injured {
                c.fail(
                    CasualtyEvent.self,
                    n.lastRow,
                    "more-casualties-than-reported",
                    "accident \(id) reports \(a.killed) killed and \(a.injured) injured, but \(n.killed) killed and \(n.injured) injured casualties name it"
                )
            }
        }
    }
}

/// Casualties as of a day, counted the way reports count them.
public enum CasualtyTotals {
    public struct Total: Sendable, Hashable {
        public var key: String
        public var killed: Int
        public var injured: Int
        public var total: Int { killed + injured }
    }

    /// What casualties are counted by: the Landmine Monitor's breakdowns.
    public enum Breakdown: String, CaseIterable, Sendable {
        case year, device, sex, outcome
        /// Child or adult (from the age where given).
        case age
        /// Civilian, military or deminer.
        case status
        /// Who reported the casualty.
        case source
        /// What the people were doing: from the accident report the casualty is counted in.
        case activity
        /// The admin area the accident report names, else the one the casualty's position lies in.
        case area

        /// The key a casualty is counted under (`unknown` where the record does not say); `accidents` by id;
        /// `areas` the admin area each casualty was placed in by its position, by casualty id.
        public func key(_ c: CasualtyEvent, accidents: [String: Accident] = [:], areas: [String: String] = [:])
            -> String
        {
            switch self {
            case .year: return String(c.date.year)
            case .device: return c.device.rawValue
            case .sex: return c.sex?.rawValue ?? "unknown"
            case .outcome: return c.outcome.rawValue
            case .age: return c.ageGroup?.rawValue ?? "unknown"
            case .status: return c.status?.rawValue ?? "unknown"
            case .source: return (c.source ?? c.accidentID.flatMap { accidents[$0]?.source })?.rawValue ?? "unknown"
            case .activity: return c.accidentID.flatMap { accidents[$0]?.activity.rawValue } ?? "unknown"
            case .area: return c.accidentID.flatMap { accidents[$0]?.adminPcode } ?? areas[c.localID] ?? "unknown"
            }
        }

        /// Whether counting by it reads the accident reports.
        public var needsAccidents: Bool { [.source, .activity, .area].contains(self) }
    }

    /// Totals per `by` (year, device, sex, outcome), events dated before `asOf`, keys in order.
    public static func totals(_ events: [CasualtyEvent], asOf: CalendarDate, by key: (CasualtyEvent) -> String)
        -> [Total]
    {
        var sums: [String: Total] = [:]
        for e in events where e.date < asOf {
            let k = key(e)
            var t = sums[k] ?? Total(key: k, killed: 0, injured: 0)
            if e.outcome == .killed { t.killed += 1 } else { t.injured += 1 }
            sums[k] = t
        }
        return sums.keys.sorted().map { sums[$0]! }
    }
}

extension CasualtyTotals {
    /// A total as a role without `readPersonalData` may see it: small counts of people can point at a person.
    public struct Cell: Sendable, Hashable {
        public var key: String
        public var killed: Int?
        public var injured: Int?
        public var total: Int?
        public var suppressed: Bool { total == nil || killed == nil }
    }

    /// Statistical disclosure control on a table whose grand total is published. A row counting fewer than
    /// `minimum` people (but some) is suppressed whole; a row shown whose killed or injured count is that small
    /// keeps its total and hides the split. Where one row alone is suppressed, the total would give it away, so the
    /// smallest other row is suppressed too. `minimum` 1 or less suppresses nothing.
    public static func suppressed(_ totals: [Total], minimum: Int) -> [Cell] {
        var cells = totals.map { Cell(key: $0.key, killed: $0.killed, injured: $0.injured, total: $0.total) }
        guard minimum > 1 else { return cells }
        func small(_ n: Int) -> Bool { n > 0 && n < minimum }
        var hidden: [Int] = []
        for (i, t) in totals.enumerated() {
            if small(t.total) {
                cells[i] = Cell(key: t.key, killed: nil, injured: nil, total: nil)
                hidden.append(i)
            } else if small(t.killed) || small(t.injured) {
                cells[i].killed = nil
                cells[i].injured = nil
            }
        }
        if hidden.count == 1,
            let next = totals.indices.filter({ !hidden.contains($0) && totals[$0].total > 0 })
                .min(by: { (totals[$0].total, $0) < (totals[$1].total, $1) })
        {
            cells[next] = Cell(key: totals[next].key, killed: nil, injured: nil, total: nil)
        }
        return cells
    }
}

extension Dataset {
    public var casualties: [CasualtyEvent] {
        get { self[CasualtyEvent.self] }
        set { self[CasualtyEvent.self] = newValue }
    }
}
