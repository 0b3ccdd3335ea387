import Foundation

/// Someone victim assistance serves: a survivor of a mine/ERW accident, or a member of an affected family (the
/// APMBC and CCM count the families of those killed or injured as victims too). Only what statistics and the gaps
/// analysis need is here; names, contact details, disabilities and medical details are personal data, kept apart.
public struct Survivor: Sendable {
    public enum Kind: String, CaseIterable, Sendable, Codable {
        case survivor
        case familyMember = "family_member"
    }

    public var localID: String
    /// The casualty record of the accident, where the survivor is one (or, for a family member, the person killed
    /// or injured).
    public var casualtyID: String?
    public var kind: Kind
    public var sex: CasualtyEvent.Sex?
    public var ageGroup: CasualtyEvent.AgeGroup?
    /// Where the survivor lives (P-code at any level): what gaps by admin area count under.
    public var adminPcode: String?
    /// When the survivor was registered for assistance (the date of information).
    public var registered: CalendarDate
    /// The accident's date where no casualty record gives it: the start of the time to first service.
    public var accidentDate: CalendarDate?
    public var extra: String?

    public init(
        localID: String,
        kind: Kind,
        registered: CalendarDate,
        casualtyID: String? = nil,
        sex: CasualtyEvent.Sex? = nil,
        ageGroup: CasualtyEvent.AgeGroup? = nil,
        adminPcode: String? = nil,
        accidentDate: CalendarDate? = nil
    ) {
        self.localID = localID
        self.kind = kind
        self.registered = registered
        self.casualtyID = casualtyID
        self.sex = sex
        self.ageGroup = ageGroup
        self.adminPcode = adminPcode
        self.accidentDate = accidentDate
    }

    public init() { self.init(localID: "", kind: .survivor, registered: .epoch) }

    /// The accident's date: the linked casualty's (its record is the accident's), else the one given.
    public func accidentDate(casualties: [String: CasualtyEvent]) -> CalendarDate? {
        casualtyID.flatMap { casualties[$0]?.date } ?? accidentDate
    }
}

extension Survivor: LayerRecord {
    public static let layer = Layer<Survivor>(
        name: "survivors",
        singular: "survivor",
        area: .people,
        table: "survivors",
        key: ["id"],
        date: "registered",
        privacy: .aboutPeople([.init("id", .survivor), .init("casualty_id", .casualty)]),
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_survivors+id"),
            .id(of: .casualty, \.casualtyID, { $0.casualtyID }),
            .choice("kind", \.kind, { $0.kind }, hxl: "#x_survivor+type"),
            .choice("sex", \.sex, { $0.sex }, hxl: "#x_survivor+sex"),
            .choice("age_group", \.ageGroup, { $0.ageGroup }, hxl: "#x_survivor+agegroup"),
            .code("admin_pcode", \.adminPcode, { $0.adminPcode }, hxl: "#adm+code"),
            .date("registered", \.registered, { $0.registered }, hxl: "#date+registered"),
            .date("accident_date", \.accidentDate, { $0.accidentDate }, hxl: "#date+occurred"),
        ]
    )

    /// Nobody is registered for assistance before the accident that made them a victim.
    public static func check(_ s: inout Survivor, _ row: inout RowCheck) {
        if let accident = s.accidentDate, s.registered < accident {
            row.fail(
                "registered-before-accident",
                "\(row.name("registered")) \(s.registered) is before \(row.name("accident_date")) \(accident)"
            )
        }
    }

    /// The admin area is a recorded one. Against a casualty of this import: a survivor was injured, not killed (the
    /// family of someone killed are family members), a given accident date is the casualty's, and registration
    /// does not come before it.
    public static func checkAcross(_ c: inout CrossCheck) {
        let survivors = c.records(Survivor.self)
        guard !survivors.isEmpty else { return }
        if survivors.contains(where: { $0.adminPcode != nil }) {
            let known = Set((c.known.adminAreas + c.records(AdminArea.self)).map(\.pcode))
            for (i, s) in survivors.enumerated() {
                if let pcode = s.adminPcode, !known.contains(pcode) {
                    c.fail(
                        Survivor.self,
                        i,
                        "unknown-admin-area",
                        "\(c.name(Survivor.self, "admin_pcode")) '\(pcode)' \(CrossCheck.notKnown)"
                    )
                }
            }
        }
        guard survivors.contains(where: { $0.casualtyID != nil }) else { return }
        let casualties = Dictionary(
            c.records(CasualtyEvent.self).map { ($0.localID, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        for (i, s) in survivors.enumerated() {
            guard let id = s.casualtyID, let casualty = casualties[id] else { continue }
            if s.kind == .survivor, casualty.outcome == .killed {
                c.fail(
                    Survivor.self,
                    i,
                    "killed-casualty",
                    "casualty \(id) was killed: a survivor was injured (record the family as \(Kind.familyMember.rawValue))"
                )
            }
            if let given = s.accidentDate, given != casualty.date {
                c.fail(
                    Survivor.self,
                    i,
                    "accident-date-differs",
                    "\(c.name(Survivor.self, "accident_date")) \(given) differs from casualty \(id)'s date \(casualty.date)"
                )
            } else if s.registered < casualty.date {
                c.fail(
                    Survivor.self,
                    i,
                    "registered-before-accident",
                    "\(c.name(Survivor.self, "registered")) \(s.registered) is before casualty \(id)'s date \(casualty.date)"
                )
            }
        }
    }
}

extension Dataset {
    public var survivors: [Survivor] {
        get { self[Survivor.self] }
        set { self[Survivor.self] = newValue }
    }
}
