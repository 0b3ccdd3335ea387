import Foundation

/// IMAS 09.10 / 09.40 / 09.50 assets: manual teams, machines, mine detection dog teams.
public enum AssetType: String, CaseIterable, Sendable, Codable {
    case manualTeam = "manual_team"
    case machine
    case mineDetectionDogTeam = "mine_detection_dog_team"
}

public struct Asset: Sendable, Hashable {
    public var localID: String
    public var type: AssetType
    public var organisationID: String
    /// Square metres per working day (planning figure, IMAS 07.11 productivity).
    public var productivityM2PerDay: Int64
    public var inServiceFrom: CalendarDate
    public var extra: String?

    public init(
        localID: String,
        type: AssetType,
        organisationID: String,
        productivityM2PerDay: Int64,
        inServiceFrom: CalendarDate
    ) {
        self.localID = localID
        self.type = type
        self.organisationID = organisationID
        self.productivityM2PerDay = productivityM2PerDay
        self.inServiceFrom = inServiceFrom
    }

    public init() {
        self.init(localID: "", type: .manualTeam, organisationID: "", productivityM2PerDay: 0, inServiceFrom: .epoch)
    }
}

extension Asset: LayerRecord {
    public static let layer = Layer<Asset>(
        name: "assets",
        singular: "asset",
        area: .land,
        table: "assets",
        key: ["id"],
        date: "in_service_from",
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_assets+id"),
            .choice("type", \.type, { $0.type }, hxl: "#x_asset+type"),
            .id(of: .organisation, \.organisationID, { $0.organisationID }),
            // A planning figure: a whole team clears at most a few hectares a day.
            .integer(
                "productivity_m2_per_day",
                \.productivityM2PerDay,
                { $0.productivityM2PerDay },
                1...1_000_000,
                unit: "m²/day",
                hxl: "#x_productivity+m2+daily"
            ),
            .date("in_service_from", \.inServiceFrom, { $0.inServiceFrom }, hxl: "#date+start"),
        ]
    )
}

/// What an asset can do in a period: the figure the planning area builds work plans from.
public struct AssetCapacity: Sendable, Hashable {
    /// Days in the period, both ends included.
    public var periodDays: Int
    /// Days of the period before the asset entered service.
    public var notInServiceDays: Int
    /// Weekly rest days of the period while in service (not counting those also in downtime).
    public var restDays: Int
    /// Days in service, not rest days, lost to downtime (overlapping records count a day once).
    public var downtimeDays: Int
    public var workingDays: Int
    public var capacityM2: Int64

    /// `asset` over `from…to` (inclusive). `restWeekdays` are ISO weekdays (1 Monday … 7 Sunday) the teams
    /// do not work; a day in downtime that is also a rest day counts as a rest day.
    public static func of(
        _ asset: Asset,
        downtime: [AssetDowntime],
        from: CalendarDate,
        to: CalendarDate,
        restWeekdays: Set<Int> = []
    ) -> AssetCapacity {
        guard from <= to else {
            return AssetCapacity(
                periodDays: 0,
                notInServiceDays: 0,
                restDays: 0,
                downtimeDays: 0,
                workingDays: 0,
                capacityM2: 0
            )
        }
        let periodDays = from.days(until: to) + 1
        let firstDay = max(from, asset.inServiceFrom)
        let notInService = firstDay > to ? periodDays : from.days(until: firstDay)
        var down = Set<Int>()
        for d in downtime where d.assetID == asset.localID && d.to >= firstDay && d.from <= to {
            let start = max(d.from, firstDay), end = min(d.to, to)
            for k in 0...start.days(until: end) { down.insert(firstDay.days(until: start) + k) }
        }
        var rest = 0, downtimeDays = 0, working = 0
        if firstDay <= to {
            for k in 0...firstDay.days(until: to) {
                if restWeekdays.contains(firstDay.adding(days: k).isoWeekday) {
                    rest += 1
                } else if down.contains(k) {
                    downtimeDays += 1
                } else {
                    working += 1
                }
            }
        }
        return AssetCapacity(
            periodDays: periodDays,
            notInServiceDays: notInService,
            restDays: rest,
            downtimeDays: downtimeDays,
            workingDays: working,
            capacityM2: Int64(working) * asset.productivityM2PerDay
        )
    }
}

extension CalendarDate {
    /// ISO weekday: 1 Monday … 7 Sunday.
    public var isoWeekday: Int {
        // 2001-01-01 was a Monday.
        let n = CalendarDate(year: 2001, month: 1, day: 1)!.days(until: self)
        return ((n % 7) + 7) % 7 + 1
    }
}

extension Dataset {
    public var assets: [Asset] {
        get { self[Asset.self] }
        set { self[Asset.self] = newValue }
    }
}
