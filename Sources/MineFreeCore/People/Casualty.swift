import Foundation

/// A mine/ERW casualty as a located event (the benchmark's casualty layer). Names and other
/// personal data, their protection by role and the audit of every access, arrive with the People area.
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
        case unknown
    }

    public var localID: String
    public var date: CalendarDate
    public var outcome: Outcome
    public var age: Int?
    public var sex: Sex?
    public var device: Device
    public var location: GeoPoint
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
        geometry: .point(\.location, { $0.location }),
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_casualties+id"),
            .date("date", \.date, { $0.date }, hxl: "#date"),
            .choice("outcome", \.outcome, { $0.outcome }, hxl: "#affected+outcome"),
            .integer("age", \.age, { $0.age }, 0...130, unit: "years", hxl: "#affected+age"),
            .choice("sex", \.sex, { $0.sex }, hxl: "#affected+sex"),
            .choice("device", \.device, { $0.device }, hxl: "#x_device", valueAliases: ["CMR": "CM"]),
        ]
    )
}

/// Casualties as of a day, counted the way reports count them.
public enum CasualtyTotals {
    public struct Total: Sendable, Hashable {
        public var key: String
        public var killed: Int
        public var injured: Int
        public var total: Int { killed + injured }
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

extension Dataset {
    public var casualties: [CasualtyEvent] {
        get { self[CasualtyEvent.self] }
        set { self[CasualtyEvent.self] = newValue }
    }
}
