import Foundation

/// What was found (the split Art 7 and the Monitor report: AP and AT mines, improvised, UXO, AXO, submunitions).
public enum DeviceCategory: String, CaseIterable, Sendable, Codable {
    case antiPersonnelMine = "ap_mine"
    case antiVehicleMine = "at_mine"
    case improvised = "improvised"
    case unexplodedOrdnance = "uxo"
    case abandonedOrdnance = "abandoned_ordnance"
    case submunition
    case other
}

public enum DeviceDisposal: String, CaseIterable, Sendable, Codable {
    case destroyedInSitu = "destroyed_in_situ"
    case removedAndDestroyed = "removed_and_destroyed"
    /// Handed to the police or the army.
    case handedToAuthorities = "handed_to_authorities"
    case other
}

/// Devices found in one place on one day, during an activity or on a hazard.
public struct DeviceFind: Sendable, Hashable {
    public var localID: String
    public var activityID: String?
    public var hazardID: String?
    public var date: CalendarDate
    public var category: DeviceCategory
    /// Free text, e.g. PMN-2, TM-62M.
    public var model: String?
    public var count: Int64
    public var location: GeoPoint?
    public var disposal: DeviceDisposal
    public var extra: String?

    public init(
        localID: String,
        activityID: String?,
        hazardID: String?,
        date: CalendarDate,
        category: DeviceCategory,
        model: String?,
        count: Int64,
        location: GeoPoint?,
        disposal: DeviceDisposal
    ) {
        self.localID = localID
        self.activityID = activityID
        self.hazardID = hazardID
        self.date = date
        self.category = category
        self.model = model
        self.count = count
        self.location = location
        self.disposal = disposal
    }

    public init() {
        self.init(
            localID: "",
            activityID: nil,
            hazardID: nil,
            date: .epoch,
            category: .other,
            model: nil,
            count: 0,
            location: nil,
            disposal: .other
        )
    }
}

extension DeviceFind: LayerRecord {
    public static let layer = Layer<DeviceFind>(
        name: "device_finds",
        singular: "find",
        area: .land,
        table: "device_finds",
        key: ["id"],
        date: "date",
        collection: .init(
            id: "finds",
            title: "Device finds",
            description: "Mines and explosive ordnance found, where and how they were disposed of."
        ),
        geometry: .point(\.location, { $0.location }),
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_device_finds+id"),
            .id(of: .activity, \.activityID, { $0.activityID }),
            .id(of: .hazard, \.hazardID, { $0.hazardID }),
            .date("date", \.date, { $0.date }, hxl: "#date"),
            .choice("category", \.category, { $0.category }, hxl: "#item+type"),
            .text("model", \.model, { $0.model }, maxLength: 100, hxl: "#item+name"),
            .integer("count", \.count, { $0.count }, 1...1_000_000, hxl: "#item+num"),
            .choice("disposal", \.disposal, { $0.disposal }, hxl: "#x_disposal"),
        ]
    )

    public static func check(_ f: inout DeviceFind, _ row: inout RowCheck) {
        if f.activityID == nil, f.hazardID == nil {
            row.fail(
                "required",
                "\(row.name("activity_id")) and \(row.name("hazard_id")) are both empty: say where the devices were found"
            )
        }
    }

    /// A find during an activity names the hazard that activity works on, if it names one.
    public static func checkAcross(_ c: inout CrossCheck) {
        let finds = c.records(DeviceFind.self)
        ActivityRecord.checkWorkedHazard(DeviceFind.self, finds.map { ($0.activityID, $0.hazardID) }, &c)
    }
}

/// Device finds summed as of a day.
public enum DeviceFindTotals {
    public struct Total: Sendable, Hashable {
        public var key: String
        public var finds: Int
        public var devices: Int64
    }

    /// Totals per category (in the enum's order), finds dated before `asOf`.
    public static func byCategory(_ finds: [DeviceFind], asOf: CalendarDate) -> [Total] {
        var sums: [DeviceCategory: Total] = [:]
        for f in finds where f.date < asOf {
            sums[f.category, default: Total(key: f.category.rawValue, finds: 0, devices: 0)].finds += 1
            sums[f.category]!.devices += f.count
        }
        return DeviceCategory.allCases.compactMap { sums[$0] }
    }

    /// Totals per calendar year, oldest first, finds dated before `asOf`.
    public static func byYear(_ finds: [DeviceFind], asOf: CalendarDate) -> [Total] {
        var sums: [Int: Total] = [:]
        for f in finds where f.date < asOf {
            sums[f.date.year, default: Total(key: String(f.date.year), finds: 0, devices: 0)].finds += 1
            sums[f.date.year]!.devices += f.count
        }
        return sums.keys.sorted().map { sums[$0]! }
    }
}

extension Dataset {
    public var deviceFinds: [DeviceFind] {
        get { self[DeviceFind.self] }
        set { self[DeviceFind.self] = newValue }
    }
}
