import Foundation

// The records of who works where and with what (GICHD Minimum Data Requirements: organisation,
// admin area, activity/task, device find, asset). Enum raw values are what files and exports carry.

/// The kind of organisation (IMAS 04.10: national mine action authority, operators).
public enum OrganisationType: String, CaseIterable, Sendable, Codable {
    case nationalAuthority = "national_authority"
    case commercialOperator = "commercial_operator"
    case nationalNGO = "national_ngo"
    case internationalNGO = "international_ngo"
    case militarySecurity = "military_security"
    case unitedNations = "un"
    case other
}

public struct Organisation: Sendable, Hashable {
    public var localID: String
    public var name: String
    public var type: OrganisationType

    public init(localID: String, name: String, type: OrganisationType) {
        self.localID = localID
        self.name = name
        self.type = type
    }
}

/// An administrative area by its P-code (OCHA common operational dataset), level 1 (province) to 4.
public struct AdminArea: Sendable {
    public static let levels = 1...4

    public var pcode: String
    public var name: String
    public var level: Int
    /// The P-code of the area one level up; nil at level 1.
    public var parentPcode: String?
    /// The boundary, when given: one polygon or several (a province with islands or an exclave), each its
    /// exterior ring then holes (lon/lat).
    public var polygons: [[[GeoPoint]]]?
    public var enteredCoordinates: String?

    public init(pcode: String, name: String, level: Int, parentPcode: String?, polygons: [[[GeoPoint]]]? = nil) {
        self.pcode = pcode
        self.name = name
        self.level = level
        self.parentPcode = parentPcode
        self.polygons = polygons
    }
}

/// IMAS 07.10 / 07.11 activities (tasks).
public enum ActivityType: String, CaseIterable, Sendable, Codable {
    case nonTechnicalSurvey = "non_technical_survey"
    case technicalSurvey = "technical_survey"
    case clearance
    case battleAreaClearance = "battle_area_clearance"
    /// A single item reported and destroyed: no hazardous area needs to be recorded for it.
    case eodSpotTask = "eod_spot_task"
}

public enum ActivityMethod: String, CaseIterable, Sendable, Codable {
    case manual, mechanical, dogs, combined
}

public enum ActivityStatus: String, CaseIterable, Sendable, Codable {
    case planned, ongoing, suspended, completed
}

/// One dated record of an activity. A change (ongoing → suspended → completed) is a new record with the
/// same activity id and a later date of information; the record before it is kept.
public struct ActivityRecord: Sendable, Hashable {
    public var activityID: String
    public var type: ActivityType
    public var organisationID: String
    public var hazardID: String?
    public var method: ActivityMethod
    public var assetIDs: [String]
    public var startDate: CalendarDate
    public var endDate: CalendarDate?
    public var status: ActivityStatus
    public var dateOfInformation: CalendarDate

    public init(
        activityID: String, type: ActivityType, organisationID: String, hazardID: String?, method: ActivityMethod,
        assetIDs: [String], startDate: CalendarDate, endDate: CalendarDate?, status: ActivityStatus, dateOfInformation: CalendarDate
    ) {
        self.activityID = activityID
        self.type = type
        self.organisationID = organisationID
        self.hazardID = hazardID
        self.method = method
        self.assetIDs = assetIDs
        self.startDate = startDate
        self.endDate = endDate
        self.status = status
        self.dateOfInformation = dateOfInformation
    }

    /// "A-1@2021-03-01": one record's key (an activity has one record per date of information).
    public var key: String { activityID + "@" + dateOfInformation.iso }
}

/// Activities as they stood at the start of a day: per activity, its latest record dated before the day.
public struct ActivityView: Sendable {
    public let asOf: CalendarDate
    /// One per activity known on the day, by activity id.
    public let current: [ActivityRecord]
    /// How many records were known for each activity (its history so far).
    public let recordCounts: [String: Int]

    public init(records: [ActivityRecord], asOf: CalendarDate) {
        self.asOf = asOf
        var latest: [String: ActivityRecord] = [:]
        var counts: [String: Int] = [:]
        for r in records where r.dateOfInformation < asOf {
            counts[r.activityID, default: 0] += 1
            if let seen = latest[r.activityID], seen.dateOfInformation >= r.dateOfInformation { continue }
            latest[r.activityID] = r
        }
        current = latest.values.sorted { $0.activityID < $1.activityID }
        recordCounts = counts
    }

    public func status(of activityID: String) -> ActivityStatus? {
        current.first { $0.activityID == activityID }?.status
    }
}

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

    public init(
        localID: String, activityID: String?, hazardID: String?, date: CalendarDate, category: DeviceCategory, model: String?,
        count: Int64, location: GeoPoint?, disposal: DeviceDisposal
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

    public init(localID: String, type: AssetType, organisationID: String, productivityM2PerDay: Int64, inServiceFrom: CalendarDate) {
        self.localID = localID
        self.type = type
        self.organisationID = organisationID
        self.productivityM2PerDay = productivityM2PerDay
        self.inServiceFrom = inServiceFrom
    }
}

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

    public init(assetID: String, from: CalendarDate, to: CalendarDate, reason: DowntimeReason) {
        self.assetID = assetID
        self.from = from
        self.to = to
        self.reason = reason
    }

    /// "MDD-1@2021-03-01": a downtime's key (one per asset and first day).
    public var key: String { assetID + "@" + from.iso }
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
        _ asset: Asset, downtime: [AssetDowntime], from: CalendarDate, to: CalendarDate, restWeekdays: Set<Int> = []
    ) -> AssetCapacity {
        guard from <= to else {
            return AssetCapacity(periodDays: 0, notInServiceDays: 0, restDays: 0, downtimeDays: 0, workingDays: 0, capacityM2: 0)
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
            periodDays: periodDays, notInServiceDays: notInService, restDays: rest, downtimeDays: downtimeDays, workingDays: working,
            capacityM2: Int64(working) * asset.productivityM2PerDay)
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

extension AdminArea {
    /// The codes an area covers: itself and every area below it, so a province's figures include its districts.
    public static func covered(by pcode: String, in areas: [AdminArea]) -> Set<String> {
        var children: [String: [String]] = [:]
        for a in areas { if let p = a.parentPcode { children[p, default: []].append(a.pcode) } }
        var result: Set<String> = [pcode]
        var queue = [pcode]
        while let next = queue.popLast() {
            for c in children[next] ?? [] where result.insert(c).inserted { queue.append(c) }
        }
        return result
    }
}
