import Foundation

/// One source's report of a mine/ERW accident (IMAS 04.10: an undesired event that results in harm): where and when,
/// the device, what the people were doing, and how many were killed and injured. A hospital, the police, an operator
/// and the media may each report the same accident: each report is kept as it came, with its source, and
/// `AccidentMatching` proposes which reports are one accident for an authority to confirm.
public struct Accident: Sendable, Hashable {
    /// Who reported the accident.
    public enum Source: String, CaseIterable, Sendable, Codable {
        case hospital, police, `operator`
        case communityFocalPoint = "community_focal_point"
        case media, ngo, government, military, other
    }

    /// What the people were doing when the device went off, as the Landmine Monitor and IMSMA record it.
    public enum ActivityAtTheTime: String, CaseIterable, Sendable, Codable {
        case farming, herding
        case collectingFoodOrWood = "collecting_food_or_wood"
        case collectingScrap = "collecting_scrap"
        case travelling, playing, household, tampering, demining, military, other, unknown
    }

    public enum Handled: String, CaseIterable, Sendable, Codable { case yes, no }

    public var localID: String
    public var source: Source
    /// The source's own reference (a hospital's case number, a police file).
    public var sourceReference: String?
    public var date: CalendarDate
    /// When the report became known (the date of information): the accident's date when the report does not say.
    public var reported: CalendarDate?
    public var location: GeoPoint?
    /// The admin area (P-code) the report names; needed when it gives no position.
    public var adminPcode: String?
    public var device: CasualtyEvent.Device
    /// Free text, e.g. PMN-2, PFM-1, TM-62M.
    public var deviceModel: String?
    public var activity: ActivityAtTheTime
    /// Whether the device was being handled (picked up, moved, taken apart); nil where the report does not say.
    public var handled: Handled?
    public var hazardID: String?
    /// The clearance activity during which it happened (a demining accident).
    public var activityID: String?
    public var killed: Int64
    public var injured: Int64
    public var extra: String?

    public init(
        localID: String,
        source: Source,
        date: CalendarDate,
        location: GeoPoint?,
        device: CasualtyEvent.Device,
        activity: ActivityAtTheTime,
        killed: Int64,
        injured: Int64
    ) {
        self.localID = localID
        self.source = source
        self.date = date
        self.reported = date
        self.location = location
        self.device = device
        self.activity = activity
        self.killed = killed
        self.injured = injured
    }

    public init() {
        self.init(
            localID: "",
            source: .other,
            date: .epoch,
            location: nil,
            device: .unknown,
            activity: .unknown,
            killed: 0,
            injured: 0
        )
        reported = nil
    }

    /// A demining accident: it happened during clearance or survey (Art 7 and the Monitor count them apart).
    public var isDeminingAccident: Bool { activity == .demining || activityID != nil }

    /// What the matching compares.
    public var matchingReport: AccidentMatching.Report {
        AccidentMatching.Report(
            id: localID,
            source: source.rawValue,
            date: date,
            location: location,
            adminArea: adminPcode,
            killed: Int(killed),
            injured: Int(injured),
            device: device
        )
    }
}

extension Accident: LayerRecord {
    public static let layer = Layer<Accident>(
        name: "accidents",
        singular: "accident",
        area: .people,
        table: "accidents",
        key: ["id"],
        date: "reported",
        // No field names a person, but a report's other columns may: refused, and left out of pseudonymised exports.
        privacy: .aboutPeople([]),
        geometry: .point(\.location, { $0.location }),
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_accidents+id"),
            .choice("source", \.source, { $0.source }, hxl: "#meta+source"),
            .text("source_reference", \.sourceReference, { $0.sourceReference }, maxLength: 200, hxl: "#meta+ref"),
            .date("date", \.date, { $0.date }, hxl: "#date+occurred"),
            .date("reported", \.reported, { $0.reported }, hxl: "#date+reported"),
            .code("admin_pcode", \.adminPcode, { $0.adminPcode }, hxl: "#adm+code"),
            .choice("device", \.device, { $0.device }, hxl: "#x_device", valueAliases: ["CMR": "CM"]),
            .text("device_model", \.deviceModel, { $0.deviceModel }, maxLength: 100, hxl: "#item+name"),
            .choice("activity", \.activity, { $0.activity }, hxl: "#activity+type"),
            .choice("handled", \.handled, { $0.handled }, hxl: "#x_handled"),
            .id(of: .hazard, \.hazardID, { $0.hazardID }),
            .id(of: .activity, \.activityID, { $0.activityID }),
            .integer("killed", \.killed, { $0.killed }, 0...10_000, hxl: "#affected+killed"),
            .integer("injured", \.injured, { $0.injured }, 0...10_000, hxl: "#affected+injured"),
        ]
    )

    public static func check(_ a: inout Accident, _ row: inout RowCheck) {
        if a.killed + a.injured == 0 {
            row.fail(
                "no-casualties",
                "\(row.name("killed")) and \(row.name("injured")) are both 0: an accident harms someone (an event that harmed nobody is an incident)"
            )
        }
        if a.location == nil, a.adminPcode == nil {
            row.fail("required", "no position and no \(row.name("admin_pcode")): say where the accident happened")
        }
        guard let reported = a.reported else {
            a.reported = a.date
            return
        }
        if reported < a.date {
            row.fail(
                "reported-before-accident",
                "\(row.name("reported")) \(reported) is before the accident's \(row.name("date")) \(a.date)"
            )
        }
    }

    /// The admin area a report names is a recorded one.
    public static func checkAcross(_ c: inout CrossCheck) {
        let accidents = c.records(Accident.self)
        guard accidents.contains(where: { $0.adminPcode != nil }) else { return }
        let known = Set((c.known.adminAreas + c.records(AdminArea.self)).map(\.pcode))
        for (i, a) in accidents.enumerated() {
            if let pcode = a.adminPcode, !known.contains(pcode) {
                c.fail(
                    Accident.self,
                    i,
                    "unknown-admin-area",
                    "\(c.name(Accident.self, "admin_pcode")) '\(pcode)' \(CrossCheck.notKnown)"
                )
            }
        }
    }
}

extension Dataset {
    public var accidents: [Accident] {
        get { self[Accident.self] }
        set { self[Accident.self] = newValue }
    }
}
