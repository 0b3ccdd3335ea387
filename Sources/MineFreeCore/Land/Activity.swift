import Foundation

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
    public var extra: String?

    public init(
        activityID: String,
        type: ActivityType,
        organisationID: String,
        hazardID: String?,
        method: ActivityMethod,
        assetIDs: [String],
        startDate: CalendarDate,
        endDate: CalendarDate?,
        status: ActivityStatus,
        dateOfInformation: CalendarDate
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

    public init() {
        self.init(
            activityID: "",
            type: .clearance,
            organisationID: "",
            hazardID: nil,
            method: .manual,
            assetIDs: [],
            startDate: .epoch,
            endDate: nil,
            status: .planned,
            dateOfInformation: .epoch
        )
    }

    /// "A-1@2021-03-01": one record's key (an activity has one record per date of information).
    public var key: String { activityID + "@" + dateOfInformation.iso }
}

extension ActivityRecord: LayerRecord {
    public static let layer = Layer<ActivityRecord>(
        name: "activities",
        singular: "activity",
        area: .land,
        table: "activities",
        key: ["id", "date_of_information"],
        keyRule: "duplicate-record",
        date: "date_of_information",
        fields: [
            .code("id", \.activityID, { $0.activityID }, hxl: "#activity+code"),
            .choice("type", \.type, { $0.type }, hxl: "#activity+type"),
            .id(of: .organisation, \.organisationID, { $0.organisationID }),
            // Empty only for an EOD spot task.
            .id(of: .hazard, \.hazardID, { $0.hazardID }),
            .choice("method", \.method, { $0.method }, hxl: "#activity+method"),
            .codes(
                "asset_ids",
                \.assetIDs,
                { $0.assetIDs },
                maxCount: 50,
                hxl: "#x_asset+id+list",
                references: LinkedID.asset.reference
            ),
            .date("start_date", \.startDate, { $0.startDate }, hxl: "#date+start"),
            .date("end_date", \.endDate, { $0.endDate }, hxl: "#date+end"),
            .choice("status", \.status, { $0.status }, hxl: "#status"),
            .date("date_of_information", \.dateOfInformation, { $0.dateOfInformation }, hxl: "#date+reported"),
        ]
    )

    public static func check(_ a: inout ActivityRecord, _ row: inout RowCheck) {
        if let end = a.endDate, end < a.startDate {
            row.fail(
                "end-before-start",
                "\(row.name("end_date")) \(end) is before \(row.name("start_date")) \(a.startDate)"
            )
        }
        // Only an EOD spot task may stand without a hazardous area (a single item, reported and destroyed).
        if a.type != .eodSpotTask, a.hazardID == nil {
            row.fail("required", "\(row.name("hazard_id")) is empty: a \(a.type.rawValue) works on a hazardous area")
        }
    }

    /// Each record of `type` that names an activity names the hazard that activity works on (its latest record's).
    static func checkWorkedHazard<R: LayerRecord>(
        _ type: R.Type,
        _ pairs: [(activity: String?, hazard: String?)],
        _ c: inout CrossCheck
    ) {
        guard pairs.contains(where: { $0.activity != nil }) else { return }
        var worked = c.known.activityHazards
        var latest: [String: CalendarDate] = [:]
        for r in c.records(ActivityRecord.self) where latest[r.activityID].map({ $0 < r.dateOfInformation }) ?? true {
            latest[r.activityID] = r.dateOfInformation
            worked[r.activityID] = .some(r.hazardID)
        }
        for (i, pair) in pairs.enumerated() {
            guard let a = pair.activity, let hazard = worked[a], let named = pair.hazard else { continue }
            // A find named no hazard of its own, or an EOD spot task works on none: nothing to disagree.
            if type == LandRelease.self || hazard != nil, hazard != named {
                c.fail(
                    type,
                    i,
                    "activity-hazard-mismatch",
                    "activity '\(a)' works on \(hazard.map { "hazard '\($0)'" } ?? "no hazard"), not on \(c.name(type, "hazard_id")) '\(named)'"
                )
            }
        }
    }
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

extension Dataset {
    public var activities: [ActivityRecord] {
        get { self[ActivityRecord.self] }
        set { self[ActivityRecord.self] = newValue }
    }
}
