import Foundation
import MineFreeCore
import MineFreeStore
import Vapor

extension WebPages {
    /// Activities (IMAS tasks): by status and type, the teams and what they can clear this year, devices found.
    static func activities(_ req: Request) async throws -> Response {
        try req.requireProgrammeRead(.hazards)
        let c = WebContext(req)
        let date = try asOf(req)
        let land = req.minefree.land
        let view = ActivityView(records: try await land.activityRecords(), asOf: date)
        let organisations = Dictionary(
            uniqueKeysWithValues: try await land.organisations().map { ($0.localID, $0.name) }
        )
        var body = dateForm(c, date)

        body += "<h2>\(c.t("activities.activities"))</h2>"
        let byStatus = Dictionary(grouping: view.current, by: \.status)
        body +=
            "<div class=\"cards\">"
            + ActivityStatus.allCases.map { s in
                card(
                    c.t("activity_status." + s.rawValue),
                    String(byStatus[s]?.count ?? 0),
                    "#activities",
                    id: "card-activities-\(s.rawValue)"
                )
            }.joined() + "</div>"
        let active = view.current.filter { $0.status == .ongoing || $0.status == .suspended }.sorted {
            $0.startDate > $1.startDate
        }
        body += table(
            [
                c.t("activities.activity"), c.t("activities.type"), c.t("activities.organisation"), c.t("hazards.id"),
                c.t("activities.method"), c.t("activities.started"), c.t("common.status"),
            ],
            active.prefix(50).map { a in
                [
                    c.may(.submitRecords)
                        ? "<a href=\"/activities/new?activity=\(esc(a.activityID))\">\(esc(a.activityID))</a>"
                        : esc(a.activityID),
                    c.t("activity_type." + a.type.rawValue), esc(organisations[a.organisationID] ?? a.organisationID),
                    a.hazardID.map { "<a href=\"/hazards/\(esc($0))?as_of=\(date.iso)\">\(esc($0))</a>" } ?? "",
                    c.t("activity_method." + a.method.rawValue), a.startDate.iso,
                    c.t("activity_status." + a.status.rawValue),
                ]
            },
            id: "activities"
        )

        let from = CalendarDate(year: date.year, month: 1, day: 1)!,
            to = CalendarDate(year: date.year, month: 12, day: 31)!
        let downtime = try await land.downtime().filter { $0.from < date }
        let assets = try await land.assets().filter { $0.inServiceFrom < date }
        body += "<h2>\(c.t("activities.capacity", ["year": String(date.year)]))</h2>"
        var total: Int64 = 0
        body += table(
            [
                c.t("activities.asset"), c.t("activities.type"), c.t("activities.organisation"),
                c.t("activities.productivity"),
                c.t("activities.downtime_days"), c.t("activities.working_days"), c.t("activities.capacity_ha"),
            ],
            assets.map { a in
                let cap = AssetCapacity.of(a, downtime: downtime, from: from, to: to)
                total += cap.capacityM2
                return [
                    esc(a.localID), c.t("asset_type." + a.type.rawValue),
                    esc(organisations[a.organisationID] ?? a.organisationID),
                    c.number(a.productivityM2PerDay), String(cap.downtimeDays), String(cap.workingDays),
                    c.hectares(cap.capacityM2),
                ]
            },
            id: "assets",
            numeric: [3, 4, 5, 6]
        )
        body += "<p id=\"capacity-total\">\(c.t("activities.capacity_total", ["ha": c.hectares(total)]))</p>"

        let finds = try await land.deviceFinds()
        let byCategory = DeviceFindTotals.byCategory(finds, asOf: date)
        body += "<h2>\(c.t("activities.finds"))</h2>"
        body +=
            "<figure>"
            + SVGChart.horizontalBars(
                id: "chart-finds",
                title: req.minefree.catalogue.text("activities.finds_chart", c.lang),
                unit: req.minefree.catalogue.text("activities.devices", c.lang),
                items: byCategory.map { (req.minefree.catalogue.text("device." + $0.key, c.lang), Double($0.devices)) },
                colour: "#6d4c41"
            ) + "</figure>"
        let byYear = DeviceFindTotals.byYear(finds, asOf: date).suffix(15)
        body +=
            "<figure>"
            + SVGChart.stackedBars(
                id: "chart-finds-year",
                title: req.minefree.catalogue.text("activities.finds_year_chart", c.lang),
                unit: req.minefree.catalogue.text("activities.devices", c.lang),
                categories: byYear.map(\.key),
                series: [
                    .init(
                        name: req.minefree.catalogue.text("activities.devices", c.lang),
                        colour: "#6d4c41",
                        values: byYear.map { Double($0.devices) }
                    )
                ]
            )
            + "</figure>"
        return c.page(c.t("activities.title"), body)
    }
}
