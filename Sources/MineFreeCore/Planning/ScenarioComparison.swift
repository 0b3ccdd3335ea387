import Foundation

/// Forecasts of the same work list under several scenarios, side by side per scope: what a change of capacity or
/// money moves (e.g. today's 5% international share against double it).
public struct ScenarioComparison: Sendable {
    public struct Cell: Sendable, Hashable {
        public var p10Years: Double
        public var p50Years: Double
        public var p90Years: Double
        public var p50Year: Int?
        /// The share of iterations done by the deadline, when one is given.
        public var probabilityByDeadline: Double?
    }

    public struct Row: Sendable, Hashable {
        public var scope: String
        public var hazards: Int
        public var remainingM2: Int64
        /// One per scenario, in the comparison's order.
        public var cells: [Cell]
    }

    public let scenarios: [String]
    public let deadline: CalendarDate?
    public let rows: [Row]

    /// `forecasts` of one work list (their scopes are taken from the first).
    public init(_ forecasts: [CompletionForecast], deadline: CalendarDate? = nil) {
        scenarios = forecasts.map(\.scenario.name)
        self.deadline = deadline
        let scopes = forecasts.first?.scopes ?? []
        rows = scopes.map { scope in
            Row(
                scope: scope.scope,
                hazards: scope.hazards,
                remainingM2: scope.remainingM2,
                cells: forecasts.map { f in
                    let s =
                        f.scopes.first { $0.scope == scope.scope }
                        ?? ScopeForecast(scope: scope.scope, hazards: 0, remainingM2: 0, asOf: f.asOf, years: [])
                    return Cell(
                        p10Years: s.p10,
                        p50Years: s.p50,
                        p90Years: s.p90,
                        p50Year: s.calendarYear(s.p50),
                        probabilityByDeadline: deadline.map { s.probability(completedBy: $0) }
                    )
                }
            )
        }
    }

    /// One line per scope; per scenario its P10/P50/P90 years, P50 year and (with a deadline) the probability.
    public func csv() -> String {
        var header = ["scope", "hazards", "remaining_m2"]
        for name in scenarios {
            header += ["p10_years", "p50_years", "p90_years", "p50_year"].map { "\(name)_\($0)" }
            if deadline != nil { header.append("\(name)_p_done_by_deadline") }
        }
        var out = header.joined(separator: ",") + "\n"
        for row in rows {
            var fields = [row.scope, "\(row.hazards)", "\(row.remainingM2)"]
            for c in row.cells {
                fields += [c.p10Years, c.p50Years, c.p90Years].map(ScopeForecast.years)
                fields.append(c.p50Year.map(String.init) ?? "never")
                if let p = c.probabilityByDeadline { fields.append(String(format: "%.4f", p)) }
            }
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    /// Each scenario's median shift against the first, in years, per scope (negative: sooner).
    public func medianShift(scope: String) -> [Double] {
        guard let row = rows.first(where: { $0.scope == scope }), let first = row.cells.first else { return [] }
        return row.cells.map { $0.p50Years - first.p50Years }
    }
}
