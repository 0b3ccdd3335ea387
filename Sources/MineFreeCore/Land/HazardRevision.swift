import Foundation

/// Whether clearance teams can reach an area (IMSMA: accessibility, with the reason when not).
public enum Accessibility: String, CaseIterable, Sendable, Codable {
    case accessible, inaccessible
}

/// A dated change to a hazard's classification or accessibility. The hazard record itself is never
/// edited: its state on any day is the recorded one with every revision dated before that day applied,
/// in date order (IMSMA NG's "Date of Information" rule, kept as history instead of overwritten).
public struct HazardRevision: Sendable, Hashable {
    public var localID: String
    public var hazardID: String
    public var dateOfInformation: CalendarDate
    public var classification: HazardClassification?
    public var accessibility: Accessibility?
    /// Why it is inaccessible (security, access denied, terrain, season…), when it is.
    public var inaccessibleReason: String?
    /// Why the change was made: "NTS found direct evidence", "data entry correction"…
    public var reason: String
    public var extra: String?

    public init(
        localID: String,
        hazardID: String,
        dateOfInformation: CalendarDate,
        classification: HazardClassification?,
        accessibility: Accessibility?,
        inaccessibleReason: String?,
        reason: String
    ) {
        self.localID = localID
        self.hazardID = hazardID
        self.dateOfInformation = dateOfInformation
        self.classification = classification
        self.accessibility = accessibility
        self.inaccessibleReason = inaccessibleReason
        self.reason = reason
    }

    public init() {
        self.init(
            localID: "",
            hazardID: "",
            dateOfInformation: .epoch,
            classification: nil,
            accessibility: nil,
            inaccessibleReason: nil,
            reason: ""
        )
    }
}

extension HazardRevision: LayerRecord {
    public static let layer = Layer<HazardRevision>(
        name: "hazard_revisions",
        singular: "revision",
        area: .land,
        table: "hazard_revisions",
        key: ["id"],
        date: "date",
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_hazard_revisions+id"),
            .id(of: .hazard.namingRecord, \.hazardID, { $0.hazardID }),
            .date("date", \.dateOfInformation, { $0.dateOfInformation }, hxl: "#date"),
            .choice("classification", \.classification, { $0.classification }, hxl: "#status+class"),
            .choice("accessibility", \.accessibility, { $0.accessibility }, hxl: "#access"),
            .text(
                "inaccessible_reason",
                \.inaccessibleReason,
                { $0.inaccessibleReason },
                maxLength: 500,
                hxl: "#access+reason"
            ),
            .text("reason", \.reason, { $0.reason }, maxLength: 2000, hxl: "#description"),
        ]
    )

    public static func check(_ r: inout HazardRevision, _ row: inout RowCheck) {
        if r.classification == nil, r.accessibility == nil {
            row.fail(
                "required",
                "a revision changes \(row.name("classification")) or \(row.name("accessibility")); both are empty"
            )
        }
    }

    /// A revision is not dated before its hazard was recorded.
    public static func checkAcross(_ c: inout CrossCheck) {
        let revisions = c.records(HazardRevision.self)
        guard !revisions.isEmpty else { return }
        var recorded = c.known.hazards.mapValues(\.recordedDate)
        for h in c.records(HazardousArea.self) { recorded[h.localID] = h.recordedDate }
        for (i, r) in revisions.enumerated() {
            guard let date = recorded[r.hazardID], r.dateOfInformation < date else { continue }
            c.fail(
                HazardRevision.self,
                [i],
                item: "revision \(r.localID)",
                "revision-before-recording",
                "date \(r.dateOfInformation) is before hazard \(r.hazardID) was recorded (\(date))"
            )
        }
    }
}

extension Dataset {
    public var revisions: [HazardRevision] {
        get { self[HazardRevision.self] }
        set { self[HazardRevision.self] = newValue }
    }
}
