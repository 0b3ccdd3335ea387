import Foundation

/// One explosive ordnance risk education (EORE, IMAS 12.10) session or broadcast: when, where (a settlement, a
/// position or an admin area), who delivered it and how, to whom, on what, and how many people it reached by sex
/// and age (women, men, girls, boys: the disaggregation IMAS 12.10 and the Landmine Monitor ask for).
public struct RiskEducationSession: Sendable {
    public enum Method: String, CaseIterable, Sendable, Codable {
        case directSession = "direct_session"
        case communityFocalPoint = "community_focal_point"
        /// Radio, television, print, billboards.
        case media
        /// Social media, messaging, apps.
        case digital
        case other
    }

    /// Who the session was for: groups at particular risk are told apart (those who work the land, collect scrap,
    /// return home).
    public enum TargetGroup: String, CaseIterable, Sendable, Codable {
        case children, adults, men, women
        case returneesIDPs = "returnees_idps"
        case farmersHerders = "farmers_herders"
        case scrapCollectors = "scrap_collectors"
        case teachers
        case humanitarianWorkers = "humanitarian_workers"
        case mixed
    }

    public enum Topic: String, CaseIterable, Sendable, Codable {
        /// What mines, ERW, cluster munition remnants and improvised devices look like.
        case recognition
        case safeBehaviour = "safe_behaviour"
        /// How and to whom to report a device or a suspected area.
        case reporting
        case warningSigns = "warning_signs"
        /// Going home to land that may be contaminated.
        case safeReturn = "safe_return"
        case firstAid = "first_aid"
        /// What assistance survivors can get and where.
        case victimAssistance = "victim_assistance"
        case other
    }

    public var localID: String
    public var date: CalendarDate
    public var location: GeoPoint?
    public var settlementID: String?
    public var adminPcode: String?
    public var organisationID: String
    public var method: Method
    public var targetGroup: TargetGroup
    public var topics: [Topic] = []
    public var reachedWomen: Int64
    public var reachedMen: Int64
    public var reachedGirls: Int64
    public var reachedBoys: Int64
    public var extra: String?

    public init(
        localID: String,
        date: CalendarDate,
        organisationID: String,
        method: Method,
        targetGroup: TargetGroup,
        reached: (women: Int64, men: Int64, girls: Int64, boys: Int64),
        settlementID: String? = nil,
        location: GeoPoint? = nil,
        adminPcode: String? = nil
    ) {
        self.localID = localID
        self.date = date
        self.organisationID = organisationID
        self.method = method
        self.targetGroup = targetGroup
        (reachedWomen, reachedMen, reachedGirls, reachedBoys) = reached
        self.settlementID = settlementID
        self.location = location
        self.adminPcode = adminPcode
    }

    public init() {
        self.init(
            localID: "",
            date: .epoch,
            organisationID: "",
            method: .other,
            targetGroup: .mixed,
            reached: (0, 0, 0, 0)
        )
    }

    public var peopleReached: Int64 { reachedWomen + reachedMen + reachedGirls + reachedBoys }
}

extension RiskEducationSession: LayerRecord {
    public static let layer = Layer<RiskEducationSession>(
        name: "eore_sessions",
        singular: "EORE session",
        area: .people,
        table: "eore_sessions",
        key: ["id"],
        date: "date",
        geometry: .point(\.location, { $0.location }),
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_eore_sessions+id"),
            .date("date", \.date, { $0.date }, hxl: "#date"),
            .id(of: .settlement, \.settlementID, { $0.settlementID }),
            .code("admin_pcode", \.adminPcode, { $0.adminPcode }, hxl: "#adm+code"),
            .id(of: .organisation, \.organisationID, { $0.organisationID }),
            .choice("method", \.method, { $0.method }, hxl: "#x_method"),
            .choice("target_group", \.targetGroup, { $0.targetGroup }, hxl: "#x_target_group"),
            .choices("topics", \.topics, { $0.topics }, hxl: "#x_topics"),
            // HXL's #reached with its sex and age attributes, so a humanitarian dashboard reads the counts as such.
            .integer(
                "reached_f",
                \.reachedWomen,
                { $0.reachedWomen },
                0...100_000_000,
                required: false,
                hxl: "#reached+f+adults"
            ),
            .integer(
                "reached_m",
                \.reachedMen,
                { $0.reachedMen },
                0...100_000_000,
                required: false,
                hxl: "#reached+m+adults"
            ),
            .integer(
                "reached_girls",
                \.reachedGirls,
                { $0.reachedGirls },
                0...100_000_000,
                required: false,
                hxl: "#reached+f+children"
            ),
            .integer(
                "reached_boys",
                \.reachedBoys,
                { $0.reachedBoys },
                0...100_000_000,
                required: false,
                hxl: "#reached+m+children"
            ),
        ]
    )

    /// A session reached someone, and says where: a settlement, a position or an admin area.
    public static func check(_ s: inout RiskEducationSession, _ row: inout RowCheck) {
        if s.peopleReached == 0 {
            row.fail(
                "no-one-reached",
                "\(["reached_f", "reached_m", "reached_girls", "reached_boys"].map { row.name($0) }.joined(separator: ", ")) are all 0 or empty: say how many people the session reached"
            )
        }
        if s.settlementID == nil, s.location == nil, s.adminPcode == nil {
            row.fail(
                "required",
                "no \(row.name("settlement_id")), no position and no \(row.name("admin_pcode")): say where the session was held"
            )
        }
    }

    /// The admin area a session names is a recorded one.
    public static func checkAcross(_ c: inout CrossCheck) {
        let sessions = c.records(RiskEducationSession.self)
        guard sessions.contains(where: { $0.adminPcode != nil }) else { return }
        let known = Set((c.known.adminAreas + c.records(AdminArea.self)).map(\.pcode))
        for (i, s) in sessions.enumerated() {
            if let pcode = s.adminPcode, !known.contains(pcode) {
                c.fail(
                    RiskEducationSession.self,
                    i,
                    "unknown-admin-area",
                    "\(c.name(RiskEducationSession.self, "admin_pcode")) '\(pcode)' \(CrossCheck.notKnown)"
                )
            }
        }
    }
}

/// A community awareness group (volunteers trained to pass risk education on and report devices) in a settlement,
/// from the day it formed, with its members, until it stopped where it did.
public struct AwarenessGroup: Sendable {
    public var localID: String
    public var settlementID: String
    /// When the group formed (the date of information).
    public var since: CalendarDate
    public var members: Int64
    /// The organisation that trained and supports it.
    public var organisationID: String?
    /// The last day the group was active, once it stopped.
    public var until: CalendarDate?
    public var extra: String?

    public init(
        localID: String,
        settlementID: String,
        since: CalendarDate,
        members: Int64,
        organisationID: String? = nil,
        until: CalendarDate? = nil
    ) {
        self.localID = localID
        self.settlementID = settlementID
        self.since = since
        self.members = members
        self.organisationID = organisationID
        self.until = until
    }

    public init() { self.init(localID: "", settlementID: "", since: .epoch, members: 0) }

    /// Whether the group was active on some day of `period`, as known at the start of `asOf`.
    public func isActive(in period: Range<CalendarDate>, asOf: CalendarDate) -> Bool {
        since < asOf && since < period.upperBound && (until ?? period.upperBound) >= period.lowerBound
    }
}

extension AwarenessGroup: LayerRecord {
    public static let layer = Layer<AwarenessGroup>(
        name: "awareness_groups",
        singular: "awareness group",
        area: .people,
        table: "awareness_groups",
        key: ["id"],
        date: "since",
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_awareness_groups+id"),
            .id(of: .settlement, \.settlementID, { $0.settlementID }),
            .date("since", \.since, { $0.since }, hxl: "#date+start"),
            .integer("members", \.members, { $0.members }, 1...10_000, hxl: "#x_members"),
            .id(of: .organisation, \.organisationID, { $0.organisationID }),
            .date("until", \.until, { $0.until }, hxl: "#date+end"),
        ]
    )

    public static func check(_ g: inout AwarenessGroup, _ row: inout RowCheck) {
        if let until = g.until, until < g.since {
            row.fail("until-before-since", "\(row.name("until")) \(until) is before \(row.name("since")) \(g.since)")
        }
    }
}

extension Dataset {
    public var riskEducationSessions: [RiskEducationSession] {
        get { self[RiskEducationSession.self] }
        set { self[RiskEducationSession.self] = newValue }
    }

    public var awarenessGroups: [AwarenessGroup] {
        get { self[AwarenessGroup.self] }
        set { self[AwarenessGroup.self] = newValue }
    }
}
