import Foundation

/// One source's value for a figure that sources may disagree on — casualties in a year, mines in stock, area
/// contaminated — as a single number or a range ("between 59 and 64"), with the day the source said it.
public struct FigureReport: Sendable {
    public enum Topic: String, CaseIterable, Sendable, Codable {
        case casualties
        case minesInStock = "mines_in_stock"
        case clusterMunitionsInStock = "cluster_munitions_in_stock"
        case areaContaminated = "area_contaminated_m2"
        case minesRetained = "mines_retained"
        case other
    }

    public enum SourceKind: String, CaseIterable, Sendable, Codable {
        case government, monitor, un, ngo, media, other
    }

    public var localID: String
    /// The state the figure describes, or `ALL` for a total across states.
    public var state: String
    public var topic: Topic
    public var year: Int
    public var low: Int
    /// The range's upper end; nil for a single value.
    public var high: Int?
    public var source: String
    public var sourceKind: SourceKind?
    /// The day the source gave the figure: the record's date of information.
    public var reported: CalendarDate
    public var notes: String?
    public var extra: String?

    public init(
        localID: String,
        state: String,
        topic: Topic,
        year: Int,
        low: Int,
        high: Int? = nil,
        source: String,
        sourceKind: SourceKind? = nil,
        reported: CalendarDate,
        notes: String? = nil
    ) {
        self.localID = localID
        self.state = state
        self.topic = topic
        self.year = year
        self.low = low
        self.high = high
        self.source = source
        self.sourceKind = sourceKind
        self.reported = reported
        self.notes = notes
    }

    public init() { self.init(localID: "", state: "", topic: .other, year: 2000, low: 0, source: "", reported: .epoch) }

    /// "59" or "59–64".
    public var valueText: String { high.map { $0 == low ? String(low) : "\(low)–\($0)" } ?? String(low) }
}

extension FigureReport: LayerRecord {
    public static let layer = Layer<FigureReport>(
        name: "figure_reports",
        singular: "sourced figure",
        area: .implementation,
        table: "figure_reports",
        key: ["id"],
        date: "reported",
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_figure+id"),
            .code("state", \.state, { $0.state }, hxl: "#country+code"),
            .choice("topic", \.topic, { $0.topic }, hxl: "#indicator+code"),
            .integer("year", \.year, { $0.year }, 1990...2200, hxl: "#date+year"),
            .integer("low", \.low, { $0.low }, 0...10_000_000_000, hxl: "#value+min"),
            .integer("high", \.high, { $0.high }, 0...10_000_000_000, hxl: "#value+max"),
            .text("source", \.source, { $0.source }, maxLength: 1000, hxl: "#meta+source"),
            .choice("source_kind", \.sourceKind, { $0.sourceKind }, hxl: "#meta+source+type"),
            .date("reported", \.reported, { $0.reported }, hxl: "#date+reported"),
            .text("notes", \.notes, { $0.notes }, maxLength: 2000, hxl: "#description"),
        ]
    )

    public static func check(_ f: inout FigureReport, _ row: inout RowCheck) {
        RecordRules.checkState(f.state, "state", &row)
        if let high = f.high, high < f.low {
            row.fail("range", "\(row.name("high")) \(high) is below \(row.name("low")) \(f.low)")
        }
        if f.reported.year < f.year {
            row.fail(
                "reported-before-year",
                "\(row.name("reported")) \(f.reported) is before \(row.name("year")) \(f.year) began"
            )
        }
    }
}

/// Which source's value the programme adopts for a figure, and why. A later decision for the same figure replaces
/// an earlier one from its day on; the other sources' values stay beside it.
public struct FigureAdoption: Sendable {
    public var localID: String
    public var reportID: String
    public var reason: String
    public var decided: CalendarDate
    public var decidedBy: String?
    public var extra: String?

    public init(localID: String, reportID: String, reason: String, decided: CalendarDate, decidedBy: String? = nil) {
        self.localID = localID
        self.reportID = reportID
        self.reason = reason
        self.decided = decided
        self.decidedBy = decidedBy
    }

    public init() { self.init(localID: "", reportID: "", reason: "", decided: .epoch) }
}

extension FigureAdoption: LayerRecord {
    public static let layer = Layer<FigureAdoption>(
        name: "figure_adoptions",
        singular: "adopted figure",
        area: .implementation,
        table: "figure_adoptions",
        key: ["id"],
        date: "decided",
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_adoption+id"),
            .code(
                "report_id",
                \.reportID,
                { $0.reportID },
                hxl: "#x_figure+id",
                references: Reference("figure_reports", rule: "unknown-figure")
            ),
            .text("reason", \.reason, { $0.reason }, maxLength: 2000, hxl: "#description+reason"),
            .date("decided", \.decided, { $0.decided }, hxl: "#date+decided"),
            .text("decided_by", \.decidedBy, { $0.decidedBy }, maxLength: 300, hxl: "#org+decider"),
        ]
    )
}

/// A figure as the sources give it at the start of a day: every source's value or range, the span they cover, and
/// the value the programme adopted (with its reason) if it chose one. Nothing is averaged.
public struct SourcedFigure: Sendable {
    public var state: String
    public var topic: FigureReport.Topic
    public var year: Int
    /// Oldest first.
    public var reports: [FigureReport]
    public var adopted: FigureReport?
    public var adoption: FigureAdoption?

    public var lowest: Int { reports.map(\.low).min() ?? 0 }
    public var highest: Int { reports.map { $0.high ?? $0.low }.max() ?? 0 }
    /// The sources agree when they all give the same single number.
    public var agree: Bool { lowest == highest }
    public var rangeText: String { agree ? String(lowest) : "\(lowest)–\(highest)" }

    /// The figures a selection asks for: a state (or `ALL`), a topic, a year, only those whose sources disagree. The
    /// CLI and the API ask through this one rule.
    public static func select(
        _ figures: [SourcedFigure],
        state: String? = nil,
        topic: FigureReport.Topic? = nil,
        year: Int? = nil,
        disputedOnly: Bool = false
    ) -> [SourcedFigure] {
        figures.filter {
            (state == nil || $0.state == state) && (topic == nil || $0.topic == topic)
                && (year == nil || $0.year == year)
                && (!disputedOnly || !$0.agree)
        }
    }

    /// Groups the reports and adoptions known before `asOf` by state, topic and year.
    public static func of(
        _ reports: [FigureReport],
        adoptions: [FigureAdoption],
        asOf: CalendarDate
    ) -> [SourcedFigure] {
        let known = reports.filter { $0.reported < asOf }
        let byID = Dictionary(known.map { ($0.localID, $0) }, uniquingKeysWith: { a, _ in a })
        struct Key: Hashable { let state: String, topic: FigureReport.Topic, year: Int }
        var latest: [Key: FigureAdoption] = [:]
        for a in adoptions where a.decided < asOf {
            guard let r = byID[a.reportID] else { continue }
            let key = Key(state: r.state, topic: r.topic, year: r.year)
            if let seen = latest[key], (seen.decided, seen.localID) >= (a.decided, a.localID) { continue }
            latest[key] = a
        }
        return Dictionary(grouping: known) { Key(state: $0.state, topic: $0.topic, year: $0.year) }
            .map { key, group in
                let adoption = latest[key]
                return SourcedFigure(
                    state: key.state,
                    topic: key.topic,
                    year: key.year,
                    reports: group.sorted { ($0.reported, $0.localID) < ($1.reported, $1.localID) },
                    adopted: adoption.flatMap { byID[$0.reportID] },
                    adoption: adoption
                )
            }
            .sorted { ($0.state, $0.topic.rawValue, $0.year) < ($1.state, $1.topic.rawValue, $1.year) }
    }
}
