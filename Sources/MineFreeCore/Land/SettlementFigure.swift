import Foundation

/// A settlement's population or displaced households as known from a day: a census, a survey, families who
/// returned. The settlement's own numbers hold until its first figure; each figure holds until the next one, so a
/// ranking as of a past day counts the people known then.
public struct SettlementFigure: Sendable, Hashable {
    public var settlementID: String
    /// The date of information: the figure is known from this day.
    public var date: CalendarDate
    public var population: Int?
    /// Displaced households still waiting to return.
    public var idpHouseholds: Int?
    /// Households that came back since the figure before (what a return reports; the waiting count is `idpHouseholds`).
    public var returnedHouseholds: Int?
    /// Who counted: a census, an authority's survey, a community focal point.
    public var source: String?
    public var extra: String?

    public init(
        settlementID: String,
        date: CalendarDate,
        population: Int? = nil,
        idpHouseholds: Int? = nil,
        returnedHouseholds: Int? = nil,
        source: String? = nil
    ) {
        self.settlementID = settlementID
        self.date = date
        self.population = population
        self.idpHouseholds = idpHouseholds
        self.returnedHouseholds = returnedHouseholds
        self.source = source
    }

    public init() { self.init(settlementID: "", date: .epoch) }

    /// The settlements with the figures known before `date` applied, oldest first: a population or a count of
    /// displaced households replaces the one before; a return alone (`returnedHouseholds` with no waiting count)
    /// takes the families who came back off the waiting count, never below zero.
    public static func apply(
        _ figures: [SettlementFigure],
        to settlements: [Settlement],
        asOf date: CalendarDate
    ) -> [Settlement] {
        var known: [String: [SettlementFigure]] = [:]
        for f in figures where f.date < date { known[f.settlementID, default: []].append(f) }
        guard !known.isEmpty else { return settlements }
        return settlements.map { s in
            guard let figures = known[s.localID] else { return s }
            var s = s
            for f in figures.sorted(by: { $0.date < $1.date }) {
                if let p = f.population { s.population = Int64(p) }
                if let h = f.idpHouseholds {
                    s.idpHouseholds = Int64(h)
                } else if let r = f.returnedHouseholds {
                    s.idpHouseholds = max(0, s.idpHouseholds - Int64(r))
                }
            }
            return s
        }
    }
}

extension SettlementFigure: LayerRecord {
    public static let layer = Layer<SettlementFigure>(
        name: "settlement_figures",
        singular: "settlement figure",
        area: .land,
        table: "settlement_figures",
        key: ["settlement_id", "date"],
        keyRule: "duplicate-record",
        date: "date",
        fields: [
            .id(of: .settlement, \.settlementID, { $0.settlementID }),
            .date("date", \.date, { $0.date }, hxl: "#date+reported"),
            .integer("population", \.population, { $0.population }, 0...2_000_000_000, hxl: "#population"),
            .integer(
                "idp_households",
                \.idpHouseholds,
                { $0.idpHouseholds },
                0...1_000_000_000,
                hxl: "#affected+idps+households"
            ),
            .integer(
                "returned_households",
                \.returnedHouseholds,
                { $0.returnedHouseholds },
                0...1_000_000_000,
                hxl: "#affected+returnees+households"
            ),
            .text("source", \.source, { $0.source }, maxLength: 500, hxl: "#meta+source"),
        ]
    )

    public static func check(_ f: inout SettlementFigure, _ row: inout RowCheck) {
        if f.population == nil && f.idpHouseholds == nil && f.returnedHouseholds == nil {
            row.fail(
                "no-figure",
                "a settlement figure gives \(row.name("population")), \(row.name("idp_households")) or \(row.name("returned_households"))"
            )
        }
    }
}

extension Dataset {
    public var settlementFigures: [SettlementFigure] {
        get { self[SettlementFigure.self] }
        set { self[SettlementFigure.self] = newValue }
    }
}
