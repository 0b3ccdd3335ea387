import Foundation

public enum DowntimeReason: String, CaseIterable, Sendable, Codable {
    case maintenance, weather, security
    case standDown = "stand_down"
    case other
}

/// Days an asset cannot work, both ends included.
public struct AssetDowntime: Sendable, Hashable {
    public var assetID: String
    public var from: CalendarDate
    public var to: CalendarDate
    public var reason: DowntimeReason
    public var extra: String?

    public init(assetID: String, from: CalendarDate, to: CalendarDate, reason: DowntimeReason) {
        self.assetID = assetID
        self.from = from
        self.to = to
        self.reason = reason
    }

    public init() { self.init(assetID: "", from: .epoch, to: .epoch, reason: .other) }

    /// "MDD-1@2021-03-01": a downtime's key (one per asset and first day).
    public var key: String { assetID + "@" + from.iso }
}

extension AssetDowntime: LayerRecord {
    public static let layer = Layer<AssetDowntime>(
        name: "asset_downtime",
        singular: "downtime",
        area: .land,
        table: "asset_downtime",
        key: ["asset_id", "from_date"],
        date: "from_date",
        fields: [
            .id(of: .asset, \.assetID, { $0.assetID }),
            // `from` and `to` are what earlier files call them.
            .date("from_date", \.from, { $0.from }, hxl: "#date+start", aliases: ["from"]),
            .date("to_date", \.to, { $0.to }, hxl: "#date+end", aliases: ["to"]),
            .choice("reason", \.reason, { $0.reason }, hxl: "#x_downtime+reason"),
        ]
    )

    public static func check(_ d: inout AssetDowntime, _ row: inout RowCheck) {
        if d.to < d.from {
            row.fail("to-before-from", "\(row.name("to_date")) \(d.to) is before \(row.name("from_date")) \(d.from)")
        }
    }
}

extension Dataset {
    public var downtime: [AssetDowntime] {
        get { self[AssetDowntime.self] }
        set { self[AssetDowntime.self] = newValue }
    }
}
