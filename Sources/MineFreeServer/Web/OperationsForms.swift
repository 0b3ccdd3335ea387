import Foundation
import MineFreeCore
import MineFreeStore
import Vapor

/// Forms for an activity record (new, or a change of status) and for devices found. Operators record their
/// own organisation's work; both go through review and the import's rules.
extension WebPages {
    static func activityForm(_ req: Request) async throws -> Response {
        try req.require(.submitRecords)
        let c = WebContext(req)
        let today = CalendarDate.today().iso
        var values = ["hazard_id": req.query[String.self, at: "hazard"] ?? "", "start_date": today, "date_of_information": today,
                      "organisation_id": c.account.organisation, "status": "ongoing"]
        // A change of status starts from the activity's latest record.
        if let id = req.query[String.self, at: "activity"],
            let a = ActivityView(records: try await req.minefree.land.activityRecords(), asOf: .today()).current.first(where: { $0.activityID == id })
        {
            values.merge(["id": a.activityID, "type": a.type.rawValue, "organisation_id": a.organisationID, "hazard_id": a.hazardID ?? "",
                          "method": a.method.rawValue, "asset_ids": a.assetIDs.joined(separator: ";"), "start_date": a.startDate.iso,
                          "end_date": a.endDate?.iso ?? "", "status": a.status.rawValue]) { $1 }
        }
        return c.page(c.t("activity_form.title"), activityFormBody(c, values, nil))
    }

    static func activityFormBody(_ c: WebContext, _ v: [String: String], _ problem: Problem?) -> String {
        let lockOrganisation = c.account.role == .operator
        return problemBlock(problem) + """
            <form method="post" action="/activities" class="stacked" id="activity-form">\(c.csrfField)
            <label>\(c.t("operations.activity")) <input name="id" id="activity-id" value="\(esc(v["id"] ?? ""))" required maxlength="64"></label>
            <label>\(c.t("operations.type")) <select name="type">\(options(ActivityType.allCases.map { ($0.rawValue, c.t("activity_type." + $0.rawValue)) }, selected: v["type"]))</select></label>
            <label>\(c.t("operations.organisation")) <input name="organisation_id" value="\(esc(v["organisation_id"] ?? ""))" required maxlength="64"\(lockOrganisation ? " readonly" : "")></label>
            <label>\(c.t("hazards.id")) <input name="hazard_id" value="\(esc(v["hazard_id"] ?? ""))" maxlength="64"></label>
            <label>\(c.t("operations.method")) <select name="method">\(options(ActivityMethod.allCases.map { ($0.rawValue, c.t("activity_method." + $0.rawValue)) }, selected: v["method"]))</select></label>
            <label>\(c.t("activity_form.assets")) <input name="asset_ids" value="\(esc(v["asset_ids"] ?? ""))" placeholder="OP-1-MT1;OP-1-MCH"></label>
            <label>\(c.t("operations.started")) <input type="date" name="start_date" value="\(esc(v["start_date"] ?? ""))" required></label>
            <label>\(c.t("activity_form.ended")) <input type="date" name="end_date" value="\(esc(v["end_date"] ?? ""))"></label>
            <label>\(c.t("common.status")) <select name="status" id="activity-status">\(options(ActivityStatus.allCases.map { ($0.rawValue, c.t("activity_status." + $0.rawValue)) }, selected: v["status"]))</select></label>
            <label>\(c.t("revision_form.date")) <input type="date" name="date_of_information" value="\(esc(v["date_of_information"] ?? ""))" required></label>
            <button type="submit" id="activity-submit">\(c.t("release.submit"))</button>
            </form>
            """
    }

    static func recordActivity(_ req: Request) async throws -> Response {
        try req.require(.submitRecords)
        let c = WebContext(req)
        let form = try req.content.decode([String: String].self)
        try c.checkCSRF(form["csrf"])
        return try await submitForm(req, title: c.t("activity_form.title"), form: form, build: {
            ActivitySubmission(
                id: (form["id"] ?? "").trimmingCharacters(in: .whitespaces), type: form["type"] ?? "",
                organisationID: (form["organisation_id"] ?? "").trimmingCharacters(in: .whitespaces),
                hazardID: (form["hazard_id"] ?? "").trimmingCharacters(in: .whitespaces), method: form["method"] ?? "",
                assetIDs: (form["asset_ids"] ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
                startDate: form["start_date"] ?? "", endDate: form["end_date"].flatMap { $0.isEmpty ? nil : $0 }, status: form["status"] ?? "",
                dateOfInformation: form["date_of_information"] ?? "")
        }, render: activityFormBody)
    }

    static func findForm(_ req: Request) async throws -> Response {
        try req.require(.submitRecords)
        let c = WebContext(req)
        return c.page(c.t("find_form.title"), findFormBody(c, [
            "hazard_id": req.query[String.self, at: "hazard"] ?? "", "activity_id": req.query[String.self, at: "activity"] ?? "",
            "date": CalendarDate.today().iso, "count": "1",
        ], nil))
    }

    static func findFormBody(_ c: WebContext, _ v: [String: String], _ problem: Problem?) -> String {
        problemBlock(problem) + """
            <form method="post" action="/finds" class="stacked" id="find-form">\(c.csrfField)
            <label>\(c.t("find_form.id")) <input name="id" id="find-id" value="\(esc(v["id"] ?? ""))" required maxlength="64"></label>
            <label>\(c.t("hazards.id")) <input name="hazard_id" value="\(esc(v["hazard_id"] ?? ""))" required maxlength="64"></label>
            <label>\(c.t("operations.activity")) <input name="activity_id" value="\(esc(v["activity_id"] ?? ""))" maxlength="64"></label>
            <label>\(c.t("common.date")) <input type="date" name="date" value="\(esc(v["date"] ?? ""))" required></label>
            <label>\(c.t("find_form.category")) <select name="category">\(options(DeviceCategory.allCases.map { ($0.rawValue, c.t("device." + $0.rawValue)) }, selected: v["category"]))</select></label>
            <label>\(c.t("find_form.model")) <input name="model" value="\(esc(v["model"] ?? ""))" maxlength="100" placeholder="PMN-2"></label>
            <label>\(c.t("find_form.count")) <input type="number" name="count" min="1" value="\(esc(v["count"] ?? "1"))" required></label>
            <label>\(c.t("find_form.lon")) <input name="lon" value="\(esc(v["lon"] ?? ""))"></label>
            <label>\(c.t("find_form.lat")) <input name="lat" value="\(esc(v["lat"] ?? ""))"></label>
            <label>\(c.t("find_form.disposal")) <select name="disposal">\(options(DeviceDisposal.allCases.map { ($0.rawValue, c.t("disposal." + $0.rawValue)) }, selected: v["disposal"]))</select></label>
            <button type="submit" id="find-submit">\(c.t("release.submit"))</button>
            </form>
            """
    }

    static func recordFind(_ req: Request) async throws -> Response {
        try req.require(.submitRecords)
        let c = WebContext(req)
        let form = try req.content.decode([String: String].self)
        try c.checkCSRF(form["csrf"])
        func decimal(_ key: String) throws -> Double? {
            guard let text = form[key], !text.isEmpty else { return nil }
            guard let v = Double(text) else { throw Problem.badValue(key, text, expected: "decimal degrees") }
            return v
        }
        return try await submitForm(req, title: c.t("find_form.title"), form: form, build: {
            guard let count = Int64(form["count"] ?? "") else { throw Problem.badValue("count", form["count"] ?? "", expected: "a whole number, 1 or more") }
            return FindSubmission(
                id: (form["id"] ?? "").trimmingCharacters(in: .whitespaces), activityID: form["activity_id"].flatMap { $0.isEmpty ? nil : $0 },
                hazardID: (form["hazard_id"] ?? "").trimmingCharacters(in: .whitespaces), date: form["date"] ?? "", category: form["category"] ?? "",
                model: form["model"].flatMap { $0.isEmpty ? nil : $0 }, count: count, lon: try decimal("lon"), lat: try decimal("lat"),
                disposal: form["disposal"] ?? "")
        }, render: findFormBody)
    }
}
