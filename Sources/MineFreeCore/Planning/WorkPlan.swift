import Foundation

/// An Article 5 extension request's work plan, from the records: the remaining challenge by region and kind of area,
/// the yearly milestones that release it by a chosen end date working in priority order, the capacity (and money)
/// that needs beside what a scenario has, the probability the scenario meets the date, and the assumptions and risks
/// the plan rests on — the structure of the ISU's guidance for requests.
public struct WorkPlan: Sendable {
    /// What remains in one region, of one kind (suspected or confirmed).
    public struct Challenge: Sendable, Hashable, Codable {
        public var region: String
        public var classification: String
        public var areas: Int
        public var remainingM2: Int64
        enum CodingKeys: String, CodingKey {
            case region, classification, areas
            case remainingM2 = "remaining_m2"
        }
    }

    /// What a year must release in one region: the hazards finished that year in priority order, and their area.
    public struct Milestone: Sendable, Hashable, Codable {
        public var year: Int
        public var region: String
        public var areas: Int
        public var releasedM2: Int64
        /// Of which expected to be cancelled by survey (the scenario's share of suspected areas).
        public var cancelledM2: Int64
        enum CodingKeys: String, CodingKey {
            case year, region, areas
            case releasedM2 = "released_m2"
            case cancelledM2 = "cancelled_m2"
        }
    }

    public var asOf: CalendarDate
    public var until: CalendarDate
    public var scenario: ForecastScenario
    public var challenge: [Challenge]
    public var milestones: [Milestone]
    /// Clearance (m² a working day) the plan needs: the area to clear after survey, over the working days to `until`.
    public var requiredClearanceM2PerDay: Double
    /// What the scenario's teams clear on a median day at the start.
    public var scenarioClearanceM2PerDay: Double
    /// Teams of each method the plan needs, the scenario's scaled by the ratio of the two.
    public var requiredTeams: [ForecastScenario.Method: Double]
    /// The money those teams cost a year, where the scenario gives costs per asset-year.
    public var requiredFundingPerYear: Double?
    /// The chance the scenario (as it is, with its spread) finishes by `until`, from its forecast.
    public var probability: Double
    public var medianYears: Double
    public var assumptions: [String]
    public var risks: [String]

    /// The plan for the hazards of `workList` (in priority order, as the forecast works them) to be released by
    /// `until`, with `forecast` the scenario's forecast of the same list.
    public init(
        workList: [ForecastHazard],
        asOf: CalendarDate,
        until: CalendarDate,
        scenario: ForecastScenario,
        forecast: CompletionForecast
    ) {
        self.asOf = asOf
        self.until = until
        self.scenario = scenario
        var cells: [String: Challenge] = [:]
        for h in workList {
            let key = "\(h.region)|\(h.classification.rawValue)"
            cells[
                key,
                default: Challenge(
                    region: h.region,
                    classification: h.classification.rawValue,
                    areas: 0,
                    remainingM2: 0
                )
            ]
            .areas += 1
            cells[key]!.remainingM2 += h.remainingM2
        }
        challenge = cells.values.sorted { ($0.region, $0.classification) < ($1.region, $1.classification) }

        // The effort each hazard takes (m² to clear after survey), spread evenly over the working time to `until`:
        // a hazard is due in the year its cumulative effort, in priority order, is reached.
        let share = scenario.shaCancelledShare
        let effort = workList.map { h in
            Double(h.remainingM2) * (h.classification == .suspected ? 1 - share : 1)
        }
        let total = effort.reduce(0, +)
        let span = max(until.decimalYear - asOf.decimalYear, 1.0 / 365)
        let workingDays = span * scenario.workingDaysPerYear
        // Contamination the scenario expects to be found meanwhile must be cleared too (not in the milestones: its
        // areas are not known yet).
        requiredClearanceM2PerDay = (total + scenario.newContaminationM2PerYear * span) / workingDays
        // An area the scenario keeps closed until a day cannot be due before that day's year.
        func opens(_ h: ForecastHazard) -> CalendarDate? {
            scenario.inaccessible.filter { $0.hazards.contains(h.hazardID) || $0.regions.contains(h.region) }
                .map(\.opens).max()
        }
        var done = 0.0
        var byYearRegion: [String: Milestone] = [:]
        var waiting = (areas: 0, m2: Int64(0))
        var late = (areas: 0, m2: Int64(0))
        for (h, e) in zip(workList, effort) {
            done += e
            // The decimal year by which this much effort is done at an even pace.
            let t = asOf.decimalYear + (total > 0 ? done / total : 1) * span
            var year = min(Int((t - 1e-9).rounded(.down)), until.year)
            if let open = opens(h), open > asOf {
                if open.year > year {
                    waiting.areas += 1
                    waiting.m2 += h.remainingM2
                    year = open.year
                }
                if open >= until {
                    late.areas += 1
                    late.m2 += h.remainingM2
                }
            }
            let key = "\(year)|\(h.region)"
            let cancelled =
                h.classification == .suspected ? Int64((Double(h.remainingM2) * share).rounded()) : 0
            byYearRegion[key, default: Milestone(year: year, region: h.region, areas: 0, releasedM2: 0, cancelledM2: 0)]
                .areas += 1
            byYearRegion[key]!.releasedM2 += h.remainingM2
            byYearRegion[key]!.cancelledM2 += cancelled
        }
        milestones = byYearRegion.values.sorted { ($0.year, $0.region) < ($1.year, $1.region) }

        scenarioClearanceM2PerDay = ForecastScenario.Method.allCases.reduce(0) {
            let t = scenario.teams($1)
            return $0 + t.teams * t.medianM2PerDay
        }
        let ratio = scenarioClearanceM2PerDay > 0 ? requiredClearanceM2PerDay / scenarioClearanceM2PerDay : 0
        var teams: [ForecastScenario.Method: Double] = [:]
        for m in ForecastScenario.Method.allCases where scenario.teams(m).teams > 0 {
            teams[m] = scenario.teams(m).teams * ratio
        }
        requiredTeams = teams
        if let costs = scenario.funding?.costPerAssetYear, !costs.isEmpty {
            requiredFundingPerYear = teams.reduce(0) { $0 + $1.value * (costs[$1.key] ?? 0) }
        } else {
            requiredFundingPerYear = nil
        }
        probability = forecast.national.probability(completedBy: until)
        medianYears = forecast.national.p50

        let median = { (m: ForecastScenario.Method) in scenario.teams(m).medianM2PerDay }
        assumptions = [
            "\(Int(scenario.workingDaysPerYear)) working days a year",
            "survey cancels \(Int((share * 100).rounded())) % of the suspected area; the rest is cleared",
            "median productivity per team a working day: manual \(Self.number(median(.manual))) m², machine \(Self.number(median(.machine))) m², dog \(Self.number(median(.dog))) m²",
            "teams today: manual \(Self.number(scenario.teams(.manual).teams)), machine \(Self.number(scenario.teams(.machine).teams)), dog \(Self.number(scenario.teams(.dog).teams)), survey \(Self.number(scenario.survey.teams))",
            "the hazards are worked in priority order, one national queue",
        ]
        var risks = [
            "productivity varies (log-σ manual \(Self.number(scenario.teams(.manual).logSigma)), machine \(Self.number(scenario.teams(.machine).logSigma)), dog \(Self.number(scenario.teams(.dog).logSigma))) and hazards are harder or easier than their area says (log-σ \(Self.number(scenario.difficultyLogSigma)))"
        ]
        if scenario.newContaminationM2PerYear > 0 {
            risks.append(
                "newly found contamination: \(Self.number(scenario.newContaminationM2PerYear.rounded())) m² a year joins the queue\(scenario.newContaminationFromRecords ? " (the area recorded in the five years before the day, per year)" : "")"
            )
        } else {
            risks.append("no newly found contamination is assumed: areas found later extend the plan")
        }
        if !scenario.inaccessible.isEmpty {
            risks.append(
                "\(scenario.inaccessible.count) group(s) of areas cannot be entered until a later date: \(waiting.areas) area(s), \(waiting.m2) m², are due in the year they open rather than at the even pace"
            )
        }
        if late.areas > 0 {
            risks.append(
                "\(late.areas) area(s), \(late.m2) m², open only on or after \(until.iso): they cannot be released by the end date"
            )
        }
        if let f = scenario.funding, let first = f.periods.first {
            risks.append(
                "funding: \(Self.number(first.totalPerYear)) a year from \(first.from.iso), \(Int((first.internationalShare * 100).rounded())) % international"
            )
        }
        self.risks = risks
    }

    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(format: "%.2f", x)
    }

    /// The plan as Markdown: the sections of an extension request's work plan.
    public func markdown() -> String {
        var out = "# Article 5 work plan: release by \(until.iso)\n\n"
        out += "As of \(asOf.iso), scenario “\(scenario.name)”.\n\n"
        out += "## Remaining challenge\n\n| region | kind | areas | remaining m² |\n|---|---|---:|---:|\n"
        for c in challenge { out += "| \(c.region) | \(c.classification) | \(c.areas) | \(c.remainingM2) |\n" }
        let areas = challenge.reduce(0) { $0 + $1.areas }
        let m2 = challenge.reduce(Int64(0)) { $0 + $1.remainingM2 }
        out += "| **all** | | **\(areas)** | **\(m2)** |\n\n"
        out += "## Annual milestones\n\n| year | region | areas | m² to release | of which cancelled by survey |\n"
        out += "|---|---|---:|---:|---:|\n"
        for m in milestones {
            out += "| \(m.year) | \(m.region) | \(m.areas) | \(m.releasedM2) | \(m.cancelledM2) |\n"
        }
        var years: [Int: (Int, Int64)] = [:]
        for m in milestones { years[m.year, default: (0, 0)].0 += m.areas; years[m.year]!.1 += m.releasedM2 }
        out += "\nBy year: "
        out += years.keys.sorted().map { "\($0): \(years[$0]!.0) areas, \(years[$0]!.1) m²" }.joined(separator: "; ")
        out += ".\n\n## Capacity and funding\n\n"
        out +=
            "Clearance needed: \(Self.number(requiredClearanceM2PerDay.rounded())) m² a working day; the scenario's teams clear \(Self.number(scenarioClearanceM2PerDay.rounded())) m² on a median day"
        if scenarioClearanceM2PerDay > 0 {
            out += String(
                format: " (%.2f× as much is needed).\n\n",
                requiredClearanceM2PerDay / scenarioClearanceM2PerDay
            )
        } else {
            out += ".\n\n"
        }
        out += "| method | teams in the scenario | teams needed |\n|---|---:|---:|\n"
        for m in ForecastScenario.Method.allCases where scenario.teams(m).teams > 0 {
            out +=
                "| \(m.rawValue) | \(Self.number(scenario.teams(m).teams)) | \(String(format: "%.1f", requiredTeams[m] ?? 0)) |\n"
        }
        if let money = requiredFundingPerYear {
            out += "\nFunding needed for those teams: \(Self.number(money.rounded())) a year.\n"
        }
        out += "\n## Probability\n\n"
        out += String(
            format:
                "Under the scenario as it is, the probability of releasing all of it by %@ is %.0f %% (median: %@ years from %@).\n\n",
            until.iso,
            probability * 100,
            medianYears.isFinite ? String(format: "%.1f", medianYears) : "never",
            asOf.iso
        )
        out += "## Assumptions\n\n" + assumptions.map { "- \($0)\n" }.joined()
        out += "\n## Risks\n\n" + risks.map { "- \($0)\n" }.joined()
        return out
    }

    /// The same as HTML (a page of its own, to print or attach).
    public func html() -> String {
        var out = "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Article 5 work plan</title><body>"
        var inTable = false
        for line in markdown().split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("|") {
                if line.hasPrefix("|---") { continue }
                let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                    .map {
                        Self.escape($0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "**", with: ""))
                    }
                if !inTable {
                    out += "<table><tr>" + cells.map { "<th>\($0)</th>" }.joined() + "</tr>"
                    inTable = true
                } else {
                    out += "<tr>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>"
                }
                continue
            }
            if inTable {
                out += "</table>"
                inTable = false
            }
            if line.hasPrefix("# ") {
                out += "<h1>\(Self.escape(String(line.dropFirst(2))))</h1>"
            } else if line.hasPrefix("## ") {
                out += "<h2>\(Self.escape(String(line.dropFirst(3))))</h2>"
            } else if line.hasPrefix("- ") {
                out += "<li>\(Self.escape(String(line.dropFirst(2))))</li>"
            } else if !line.isEmpty {
                out += "<p>\(Self.escape(line))</p>"
            }
        }
        if inTable { out += "</table>" }
        return out + "</body></html>\n"
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
