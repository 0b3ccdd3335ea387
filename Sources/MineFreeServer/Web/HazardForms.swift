import Foundation
import MineFreeCore
import MineFreeStore
import Vapor

/// Forms for a newly found hazardous area and for a dated revision of one. Both go through the review
/// workflow and the import's rules, like the release form.
extension WebPages {
    static func problemBlock(_ problem: Problem?) -> String {
        guard let problem else { return "" }
        var body = "<div class=\"problem\" id=\"problem\"><p>\(esc(problem.detail ?? problem.title))</p>"
        if let errors = problem.errors {
            body += "<ul>" + errors.map { "<li><code>\(esc($0.rule))</code> \(esc($0.detail))</li>" }.joined() + "</ul>"
        }
        return body + "</div>"
    }

    static func options(_ values: [(String, String)], selected: String?) -> String {
        values.map { "<option value=\"\(esc($0.0))\"\($0.0 == selected ? " selected" : "")>\(esc($0.1))</option>" }.joined()
    }

    /// Submits what a form built, and answers with the outcome or the form again with every failing rule.
    static func submitForm<Record: SubmittedRecord>(
        _ req: Request, title: String, form: [String: String], build: () throws -> Record,
        render: (WebContext, [String: String], Problem?) -> String,
        recordedKey: String = "form.recorded", submittedKey: String = "form.submitted"
    ) async throws -> Response {
        let c = WebContext(req)
        do {
            let record = try build()
            let stored = try await Review.submit(record, on: req)
            let message = stored.state == .approved ? c.t(recordedKey, ["id": record.id]) : c.t(submittedKey, ["id": record.id])
            return c.page(title, "<p class=\"ok\" id=\"outcome\">\(message)</p><p><a href=\"/hazards/\(esc(record.hazardID))\">\(esc(record.hazardID))</a> · <a href=\"/review\">\(c.t("nav.review"))</a></p>",
                          status: .created)
        } catch {
            let problem = ProblemMiddleware.problem(for: error, request: req)
            guard problem.status < 500, problem.status != 401, problem.status != 403 else { throw error }
            return c.page(title, render(c, form, problem), status: HTTPResponseStatus(statusCode: problem.status))
        }
    }

    // MARK: A new hazardous area

    static func hazardForm(_ req: Request) async throws -> Response {
        try req.require(.submitRecords)
        let c = WebContext(req)
        return c.page(c.t("hazard_form.title"), hazardFormBody(c, ["recorded_date": CalendarDate.today().iso], nil))
    }

    static func hazardFormBody(_ c: WebContext, _ values: [String: String], _ problem: Problem?) -> String {
        let note = c.may(.reviewSubmissions) ? c.t("release.note_authority") : c.t("release.note_operator")
        return problemBlock(problem) + """
            <p>\(note)</p>
            <form method="post" action="/hazards" class="stacked" id="hazard-form">\(c.csrfField)
            <label>\(c.t("hazards.id")) <input name="id" id="hazard-id" value="\(esc(values["id"] ?? ""))" required maxlength="64"></label>
            <label>\(c.t("common.region")) <input name="region" id="hazard-region" value="\(esc(values["region"] ?? ""))" required maxlength="64"></label>
            <label>\(c.t("hazards.class")) <select name="classification">\(options([("SHA", c.t("class.SHA")), ("CHA", c.t("class.CHA"))], selected: values["classification"]))</select></label>
            <label>\(c.t("hazards.contamination")) <select name="contamination">\(options(ContaminationType.allCases.map { ($0.rawValue, c.t("contamination." + $0.rawValue)) }, selected: values["contamination"]))</select></label>
            <fieldset id="hazard-other-contamination"><legend>\(c.t("hazards.other_contamination"))</legend>\(ContaminationType.allCases.map { t in
                "<label class=\"inline\"><input type=\"checkbox\" name=\"also_\(t.rawValue)\" value=\"1\"\(values["also_" + t.rawValue] == nil ? "" : " checked")> \(c.t("contamination." + t.rawValue))</label>"
            }.joined(separator: " "))</fieldset>
            <label>\(c.t("hazards.information_source")) <select name="information_source"><option value="">\(c.t("hazard_form.no_source"))</option>\(options(InformationSource.allCases.map { ($0.rawValue, c.t("source." + $0.rawValue)) }, selected: values["information_source"]))</select></label>
            <label>\(c.t("hazards.evidence")) <textarea name="evidence" id="hazard-evidence" rows="2" maxlength="2000">\(esc(values["evidence"] ?? ""))</textarea></label>
            <label>\(c.t("hazards.recorded_date")) <input type="date" name="recorded_date" value="\(esc(values["recorded_date"] ?? ""))" required></label>
            <label>\(c.t("hazard_form.coordinates")) <textarea name="coordinates" id="hazard-coordinates" rows="8" required>\(esc(values["coordinates"] ?? ""))</textarea></label>
            <p class="hint">\(c.t("hazard_form.hint"))</p>
            <button type="submit" id="hazard-submit">\(c.t("release.submit"))</button>
            </form>
            """
    }

    static func recordHazard(_ req: Request) async throws -> Response {
        try req.require(.submitRecords)
        let c = WebContext(req)
        let form = try req.content.decode([String: String].self)
        try c.checkCSRF(form["csrf"])
        return try await submitForm(req, title: c.t("hazard_form.title"), form: form, build: {
            HazardSubmission(
                id: (form["id"] ?? "").trimmingCharacters(in: .whitespaces), region: (form["region"] ?? "").trimmingCharacters(in: .whitespaces),
                classification: form["classification"] ?? "", contamination: form["contamination"] ?? "",
                // The main type ticked again is not a further one.
                otherContamination: ContaminationType.allCases.map(\.rawValue).filter { form["also_" + $0] != nil && $0 != form["contamination"] },
                informationSource: form["information_source"].flatMap { $0.isEmpty ? nil : $0 },
                evidence: form["evidence"].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 },
                recordedDate: form["recorded_date"] ?? "", ring: try HazardSubmission.parseRing(form["coordinates"] ?? ""))
        }, render: hazardFormBody)
    }

    // MARK: A dated revision

    static func revisionForm(_ req: Request) async throws -> Response {
        try req.require(.submitRecords)
        let c = WebContext(req)
        let hazard = req.parameters.get("id") ?? ""
        return c.page(c.t("revision_form.title", ["id": hazard]), revisionFormBody(c, ["hazard_id": hazard, "date": CalendarDate.today().iso], nil))
    }

    static func revisionFormBody(_ c: WebContext, _ values: [String: String], _ problem: Problem?) -> String {
        let hazard = values["hazard_id"] ?? ""
        return problemBlock(problem) + """
            <form method="post" action="/hazards/\(esc(hazard))/revisions" class="stacked" id="revision-form">\(c.csrfField)
            <input type="hidden" name="hazard_id" value="\(esc(hazard))">
            <label>\(c.t("revision_form.id")) <input name="id" id="revision-id" value="\(esc(values["id"] ?? ""))" required maxlength="64"></label>
            <label>\(c.t("revision_form.date")) <input type="date" name="date" value="\(esc(values["date"] ?? ""))" required></label>
            <label>\(c.t("hazards.class")) <select name="classification"><option value="">\(c.t("revision_form.unchanged"))</option>\(options([("SHA", c.t("class.SHA")), ("CHA", c.t("class.CHA"))], selected: values["classification"]))</select></label>
            <label>\(c.t("hazards.accessibility")) <select name="accessibility"><option value="">\(c.t("revision_form.unchanged"))</option>\(options([("accessible", c.t("access.accessible")), ("inaccessible", c.t("access.inaccessible"))], selected: values["accessibility"]))</select></label>
            <label>\(c.t("revision_form.inaccessible_reason")) <input name="inaccessible_reason" value="\(esc(values["inaccessible_reason"] ?? ""))" maxlength="500"></label>
            <label>\(c.t("hazard.reason")) <input name="reason" id="revision-reason" value="\(esc(values["reason"] ?? ""))" required maxlength="2000"></label>
            <button type="submit" id="revision-submit">\(c.t("release.submit"))</button>
            </form>
            """
    }

    static func recordRevision(_ req: Request) async throws -> Response {
        try req.require(.submitRecords)
        let c = WebContext(req)
        var form = try req.content.decode([String: String].self)
        try c.checkCSRF(form["csrf"])
        form["hazard_id"] = req.parameters.get("id") ?? ""
        func optional(_ key: String) -> String? { form[key].flatMap { $0.isEmpty ? nil : $0 } }
        return try await submitForm(req, title: c.t("revision_form.title", ["id": form["hazard_id"] ?? ""]), form: form, build: {
            RevisionSubmission(
                id: (form["id"] ?? "").trimmingCharacters(in: .whitespaces), hazardID: form["hazard_id"] ?? "", date: form["date"] ?? "",
                classification: optional("classification"), accessibility: optional("accessibility"),
                inaccessibleReason: optional("inaccessible_reason"), reason: form["reason"] ?? "")
        }, render: revisionFormBody)
    }
}
