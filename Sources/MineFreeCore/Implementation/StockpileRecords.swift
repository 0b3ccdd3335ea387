import Foundation

/// The numbers a stockpile record counts: up to ten billion (the largest stockpiles ever declared held tens of
/// millions of mines; a hundred times more still reads as a typing error).
let stockQuantityRange: ClosedRange<Int64> = 0...10_000_000_000

/// A figure a programme (or a monitor) records about a state's stockpile, as its Art 7 form B or a CCM Art 7 report
/// gives it: the stock declared at entry into force, what remained on a day, or a stock found after destruction was
/// declared complete. Dated by the day it describes. Beside the reference data's `StockpileFigure`s, and preferred
/// to them where both describe the same day.
public struct StockReport: Sendable {
    public enum Kind: String, CaseIterable, Sendable, Codable {
        case declaredAtEntry = "declared_at_entry"
        case remaining
        case foundLater = "found_later"
    }

    public var localID: String
    public var state: String
    public var convention: Convention
    public var date: CalendarDate
    public var kind: Kind
    /// The type as the report names it (`PFM-1`, `PMN-2`, `all`).
    public var mineType: String
    public var quantity: Int
    public var unit: StockpileFigure.Unit
    /// Where the figure was reported (`Art 7 report 2009, form B`).
    public var reportedIn: String?
    public var source: String?
    public var extra: String?

    public init(
        localID: String,
        state: String,
        convention: Convention = .apmbc,
        date: CalendarDate,
        kind: Kind,
        mineType: String,
        quantity: Int,
        unit: StockpileFigure.Unit = .mines,
        reportedIn: String? = nil,
        source: String? = nil
    ) {
        self.localID = localID
        self.state = state
        self.convention = convention
        self.date = date
        self.kind = kind
        self.mineType = mineType
        self.quantity = quantity
        self.unit = unit
        self.reportedIn = reportedIn
        self.source = source
    }

    public init() { self.init(localID: "", state: "", date: .epoch, kind: .remaining, mineType: "", quantity: 0) }
}

extension StockReport: LayerRecord {
    public static let layer = Layer<StockReport>(
        name: "stockpile_reports",
        singular: "stockpile figure",
        area: .implementation,
        table: "stockpile_reports",
        key: ["id"],
        date: "date",
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_stock+id"),
            .code("state", \.state, { $0.state }, hxl: "#country+code"),
            .choice("convention", \.convention, { $0.convention }, hxl: "#x_treaty"),
            .date("date", \.date, { $0.date }, hxl: "#date"),
            .choice("kind", \.kind, { $0.kind }, hxl: "#x_stock+type"),
            .text("mine_type", \.mineType, { $0.mineType }, maxLength: 200, hxl: "#item+type"),
            .integer("quantity", \.quantity, { $0.quantity }, stockQuantityRange, unit: "items", hxl: "#x_stock+num"),
            .choice("unit", \.unit, { $0.unit }, hxl: "#x_stock+unit"),
            .text("reported_in", \.reportedIn, { $0.reportedIn }, maxLength: 500, hxl: "#meta+report"),
            .text("source", \.source, { $0.source }, maxLength: 1000, hxl: "#meta+source"),
        ]
    )

    public static func check(_ r: inout StockReport, _ row: inout RowCheck) {
        RecordRules.checkState(r.state, "state", &row)
        StockpileRules.checkUnit(r.unit, r.convention, &row)
    }
}

/// Mines (or cluster munitions) destroyed in one event or campaign: where, how, how many. The stock remaining on a
/// day is the last declared figure less what was destroyed since (`StockpileLedger`).
public struct StockDestruction: Sendable {
    public enum Method: String, CaseIterable, Sendable, Codable {
        case openDetonation = "open_detonation"
        case openBurning = "open_burning"
        case incineration
        /// Dismantled in a plant, explosives recovered or burned in a contained facility.
        case industrial
        case other
    }

    public var localID: String
    public var state: String
    public var convention: Convention
    public var start: CalendarDate?
    /// The last day: the record's date of information (the mines are gone from then on).
    public var end: CalendarDate
    public var method: Method
    public var site: String?
    public var mineType: String
    public var quantity: Int
    public var unit: StockpileFigure.Unit
    public var source: String?
    public var extra: String?

    public init(
        localID: String,
        state: String,
        convention: Convention = .apmbc,
        start: CalendarDate? = nil,
        end: CalendarDate,
        method: Method,
        site: String? = nil,
        mineType: String,
        quantity: Int,
        unit: StockpileFigure.Unit = .mines,
        source: String? = nil
    ) {
        self.localID = localID
        self.state = state
        self.convention = convention
        self.start = start
        self.end = end
        self.method = method
        self.site = site
        self.mineType = mineType
        self.quantity = quantity
        self.unit = unit
        self.source = source
    }

    public init() { self.init(localID: "", state: "", end: .epoch, method: .other, mineType: "", quantity: 0) }
}

extension StockDestruction: LayerRecord {
    public static let layer = Layer<StockDestruction>(
        name: "stockpile_destructions",
        singular: "destruction",
        area: .implementation,
        table: "stockpile_destructions",
        key: ["id"],
        date: "end_date",
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_destruction+id"),
            .code("state", \.state, { $0.state }, hxl: "#country+code"),
            .choice("convention", \.convention, { $0.convention }, hxl: "#x_treaty"),
            .date("start_date", \.start, { $0.start }, hxl: "#date+start"),
            .date("end_date", \.end, { $0.end }, hxl: "#date+end"),
            .choice("method", \.method, { $0.method }, hxl: "#x_destruction+method"),
            .text("site", \.site, { $0.site }, maxLength: 300, hxl: "#loc+name"),
            .text("mine_type", \.mineType, { $0.mineType }, maxLength: 200, hxl: "#item+type"),
            .integer(
                "quantity",
                \.quantity,
                { $0.quantity },
                stockQuantityRange,
                unit: "items",
                hxl: "#x_destruction+num"
            ),
            .choice("unit", \.unit, { $0.unit }, hxl: "#x_stock+unit"),
            .text("source", \.source, { $0.source }, maxLength: 1000, hxl: "#meta+source"),
        ]
    )

    public static func check(_ d: inout StockDestruction, _ row: inout RowCheck) {
        RecordRules.checkState(d.state, "state", &row)
        StockpileRules.checkUnit(d.unit, d.convention, &row)
        if let start = d.start, d.end < start {
            row.fail(
                "end-before-start",
                "\(row.name("end_date")) \(d.end) is before \(row.name("start_date")) \(start)"
            )
        }
    }
}

/// A State Party's report of the mines it retains under Art 3 (training in detection, clearance or destruction;
/// development of those techniques) for a year: how many, how many consumed and for what, which institution holds
/// them. Beside the reference data's `RetainedMinesReport`s, and preferred to them for the same state and year.
public struct RetentionReport: Sendable {
    public enum Purpose: String, CaseIterable, Sendable, Codable {
        case training, research, development
        case trainingAndDevelopment = "training_and_development"
    }

    public var localID: String
    public var state: String
    public var year: Int
    public var retained: Int
    public var consumed: Int?
    public var purpose: Purpose?
    public var institution: String?
    /// The day of the report: the record's date of information.
    public var reported: CalendarDate
    public var source: String?
    public var extra: String?

    public init(
        localID: String,
        state: String,
        year: Int,
        retained: Int,
        reported: CalendarDate,
        consumed: Int? = nil,
        purpose: Purpose? = nil,
        institution: String? = nil,
        source: String? = nil
    ) {
        self.localID = localID
        self.state = state
        self.year = year
        self.retained = retained
        self.reported = reported
        self.consumed = consumed
        self.purpose = purpose
        self.institution = institution
        self.source = source
    }

    public init() { self.init(localID: "", state: "", year: 1999, retained: 0, reported: .epoch) }
}

extension RetentionReport: LayerRecord {
    public static let layer = Layer<RetentionReport>(
        name: "retained_mine_reports",
        singular: "retained-mine report",
        area: .implementation,
        table: "retained_mine_reports",
        key: ["id"],
        date: "reported",
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_retained+id"),
            .code("state", \.state, { $0.state }, hxl: "#country+code"),
            .integer("year", \.year, { $0.year }, 1999...2200, hxl: "#date+year"),
            .integer(
                "retained",
                \.retained,
                { $0.retained },
                stockQuantityRange,
                unit: "mines",
                hxl: "#x_retained+num"
            ),
            .integer(
                "consumed",
                \.consumed,
                { $0.consumed },
                stockQuantityRange,
                unit: "mines",
                hxl: "#x_consumed+num"
            ),
            .choice("purpose", \.purpose, { $0.purpose }, hxl: "#x_retained+purpose"),
            .text("institution", \.institution, { $0.institution }, maxLength: 300, hxl: "#org+holder"),
            .date("reported", \.reported, { $0.reported }, hxl: "#date+reported"),
            .text("source", \.source, { $0.source }, maxLength: 1000, hxl: "#meta+source"),
        ]
    )

    public static func check(_ r: inout RetentionReport, _ row: inout RowCheck) {
        RecordRules.checkState(r.state, "state", &row)
        // The treaty entered into force on 1 March 1999: no report describes a year before it, nor a year not begun.
        if r.reported.year < r.year {
            row.fail(
                "reported-before-year",
                "\(row.name("reported")) \(r.reported) is before \(row.name("year")) \(r.year) began"
            )
        }
    }
}

/// What a State Party did to put the Convention into its own law (Art 9; Art 7 form A), as a programme records it on
/// a day. A later status of the same measure (a bill adopted) is a new record of its id with a later `recorded` day;
/// the latest known on a day replaces the reference data's row for the state.
public struct NationalMeasureReport: Sendable {
    public enum PenalSanctions: String, CaseIterable, Sendable, Codable { case yes, no }

    public var localID: String
    public var state: String
    public var status: NationalMeasure.Status
    public var measure: String?
    public var adoptedOn: CalendarDate?
    public var penalSanctions: PenalSanctions?
    public var recorded: CalendarDate
    public var source: String?
    public var extra: String?

    public init(
        localID: String,
        state: String,
        status: NationalMeasure.Status,
        recorded: CalendarDate,
        measure: String? = nil,
        adoptedOn: CalendarDate? = nil,
        penalSanctions: PenalSanctions? = nil,
        source: String? = nil
    ) {
        self.localID = localID
        self.state = state
        self.status = status
        self.recorded = recorded
        self.measure = measure
        self.adoptedOn = adoptedOn
        self.penalSanctions = penalSanctions
        self.source = source
    }

    public init() { self.init(localID: "", state: "", status: .none, recorded: .epoch) }
}

extension NationalMeasureReport: LayerRecord {
    public static let layer = Layer<NationalMeasureReport>(
        name: "national_measures",
        singular: "national measure",
        area: .implementation,
        table: "national_measure_records",
        key: ["id", "recorded"],
        keyRule: "duplicate-record",
        date: "recorded",
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_measure+id"),
            .code("state", \.state, { $0.state }, hxl: "#country+code"),
            .choice("status", \.status, { $0.status }, hxl: "#status"),
            .text("measure", \.measure, { $0.measure }, maxLength: 1000, hxl: "#x_measure+name"),
            .date("adopted_on", \.adoptedOn, { $0.adoptedOn }, hxl: "#date+adopted"),
            .choice("penal_sanctions", \.penalSanctions, { $0.penalSanctions }, hxl: "#x_measure+penal"),
            .date("recorded", \.recorded, { $0.recorded }, hxl: "#date+reported"),
            .text("source", \.source, { $0.source }, maxLength: 1000, hxl: "#meta+source"),
        ]
    )

    public static func check(_ m: inout NationalMeasureReport, _ row: inout RowCheck) {
        RecordRules.checkState(m.state, "state", &row)
        if let adopted = m.adoptedOn {
            if m.status != .adopted {
                row.fail(
                    "adopted-on-without-adoption",
                    "\(row.name("adopted_on")) \(adopted) is given but \(row.name("status")) is \(m.status.rawValue)"
                )
            }
            if m.recorded < adopted {
                row.fail(
                    "recorded-before-adopted",
                    "\(row.name("recorded")) \(m.recorded) is before \(row.name("adopted_on")) \(adopted)"
                )
            }
        }
    }
}

/// A facility that produced anti-personnel mines (Art 7 form E) and its state on a day: producing, production
/// ceased, converted to other products, or decommissioned. A later state is a new record of its id.
public struct ProductionFacility: Sendable {
    public enum Status: String, CaseIterable, Sendable, Codable {
        case producing, ceased, converted, decommissioned
    }

    public var localID: String
    public var state: String
    public var name: String
    public var place: String?
    public var status: Status
    public var ceasedOn: CalendarDate?
    public var decommissionedOn: CalendarDate?
    public var recorded: CalendarDate
    public var source: String?
    public var extra: String?

    public init(
        localID: String,
        state: String,
        name: String,
        status: Status,
        recorded: CalendarDate,
        place: String? = nil,
        ceasedOn: CalendarDate? = nil,
        decommissionedOn: CalendarDate? = nil,
        source: String? = nil
    ) {
        self.localID = localID
        self.state = state
        self.name = name
        self.status = status
        self.recorded = recorded
        self.place = place
        self.ceasedOn = ceasedOn
        self.decommissionedOn = decommissionedOn
        self.source = source
    }

    public init() { self.init(localID: "", state: "", name: "", status: .ceased, recorded: .epoch) }
}

extension ProductionFacility: LayerRecord {
    public static let layer = Layer<ProductionFacility>(
        name: "production_facilities",
        singular: "production facility",
        area: .implementation,
        table: "production_facilities",
        key: ["id", "recorded"],
        keyRule: "duplicate-record",
        date: "recorded",
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_facility+id"),
            .code("state", \.state, { $0.state }, hxl: "#country+code"),
            .text("name", \.name, { $0.name }, maxLength: 300, hxl: "#x_facility+name"),
            .text("place", \.place, { $0.place }, maxLength: 300, hxl: "#loc+name"),
            .choice("status", \.status, { $0.status }, hxl: "#status"),
            .date("ceased_on", \.ceasedOn, { $0.ceasedOn }, hxl: "#date+ceased"),
            .date("decommissioned_on", \.decommissionedOn, { $0.decommissionedOn }, hxl: "#date+decommissioned"),
            .date("recorded", \.recorded, { $0.recorded }, hxl: "#date+reported"),
            .text("source", \.source, { $0.source }, maxLength: 1000, hxl: "#meta+source"),
        ]
    )

    public static func check(_ f: inout ProductionFacility, _ row: inout RowCheck) {
        RecordRules.checkState(f.state, "state", &row)
        if f.status == .producing, let ceased = f.ceasedOn {
            row.fail(
                "producing-after-ceased",
                "\(row.name("status")) is producing but \(row.name("ceased_on")) is \(ceased)"
            )
        }
        if f.status == .decommissioned, f.decommissionedOn == nil {
            row.fail("required", "\(row.name("decommissioned_on")) is empty for a decommissioned facility")
        }
        if let ceased = f.ceasedOn, let gone = f.decommissionedOn, gone < ceased {
            row.fail(
                "decommissioned-before-ceased",
                "\(row.name("decommissioned_on")) \(gone) is before \(row.name("ceased_on")) \(ceased)"
            )
        }
        for (name, day) in [("ceased_on", f.ceasedOn), ("decommissioned_on", f.decommissionedOn)] {
            if let day, f.recorded < day {
                row.fail(
                    "recorded-before-event",
                    "\(row.name("recorded")) \(f.recorded) is before \(row.name(name)) \(day)"
                )
            }
        }
    }
}

/// Mines moved from one state to another (Art 3(2) allows a transfer for destruction, and Art 7 asks for transfers
/// of retained mines): a stock leaves the sender's ledger and enters the receiver's on the day.
public struct MineTransfer: Sendable {
    public enum Purpose: String, CaseIterable, Sendable, Codable {
        case destruction
        case trainingAndDevelopment = "training_and_development"
        /// A transfer outside Art 3 — what the campaign reports as a violation or a transfer between states not party.
        case other
    }

    public var localID: String
    public var date: CalendarDate
    public var from: String
    public var to: String
    public var mineType: String
    public var quantity: Int
    public var purpose: Purpose
    public var source: String?
    public var extra: String?

    public init(
        localID: String,
        date: CalendarDate,
        from: String,
        to: String,
        mineType: String,
        quantity: Int,
        purpose: Purpose,
        source: String? = nil
    ) {
        self.localID = localID
        self.date = date
        self.from = from
        self.to = to
        self.mineType = mineType
        self.quantity = quantity
        self.purpose = purpose
        self.source = source
    }

    public init() { self.init(localID: "", date: .epoch, from: "", to: "", mineType: "", quantity: 0, purpose: .other) }
}

extension MineTransfer: LayerRecord {
    public static let layer = Layer<MineTransfer>(
        name: "mine_transfers",
        singular: "transfer",
        area: .implementation,
        table: "mine_transfers",
        key: ["id"],
        date: "date",
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_transfer+id"),
            .date("date", \.date, { $0.date }, hxl: "#date"),
            .code("from_state", \.from, { $0.from }, hxl: "#country+code+from"),
            .code("to_state", \.to, { $0.to }, hxl: "#country+code+to"),
            .text("mine_type", \.mineType, { $0.mineType }, maxLength: 200, hxl: "#item+type"),
            .integer(
                "quantity",
                \.quantity,
                { $0.quantity },
                stockQuantityRange,
                unit: "mines",
                hxl: "#x_transfer+num"
            ),
            .choice("purpose", \.purpose, { $0.purpose }, hxl: "#x_transfer+purpose"),
            .text("source", \.source, { $0.source }, maxLength: 1000, hxl: "#meta+source"),
        ]
    )

    public static func check(_ t: inout MineTransfer, _ row: inout RowCheck) {
        RecordRules.checkState(t.from, "from_state", &row)
        RecordRules.checkState(t.to, "to_state", &row)
        if t.from == t.to {
            row.fail("same-state", "\(row.name("to_state")) '\(t.to)' is the sender itself")
        }
    }
}

enum StockpileRules {
    /// Anti-personnel mines count in mines; cluster munitions in munitions or the submunitions they hold.
    static func checkUnit(_ unit: StockpileFigure.Unit, _ convention: Convention, _ row: inout RowCheck) {
        if (convention == .apmbc) != (unit == .mines) {
            row.fail(
                "unit-for-convention",
                "\(row.name("unit")) \(unit.rawValue) does not count \(convention.rawValue.uppercased()) stockpiles: "
                    + (convention == .apmbc ? "use mines" : "use cluster_munitions or submunitions")
            )
        }
    }
}
