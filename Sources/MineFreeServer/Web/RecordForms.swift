import Foundation
import MineFreeCore
import MineFreeStore
import Vapor

/// The recording forms at `/submit/:layer`: People's (an accident report, a casualty, a survivor, a need, a service,
/// a risk education session, an awareness group) and every treaty-implementation layer's (funding, advocacy,
/// stockpiles, action plans) — each its layer's description made a form, through the review workflow and the
/// import's rules like every other record. Personal data has no form: it goes in only by the authority's import,
/// so names never wait in the review queue.
extension WebPages {
    static let recordForms: [String: RecordForm] = Dictionary(
        uniqueKeysWithValues: ([
            Accident.info, CasualtyEvent.info, Survivor.info, AssistanceNeed.info, AssistanceService.info,
            RiskEducationSession.info, AwarenessGroup.info,
        ] + ImplementationLayers.all.map { $0.info }).map {
            ($0.name, RecordForm(layer: $0, action: "/submit/\($0.name)"))
        }
    )

    static func recordForm(_ req: Request) throws -> RecordForm {
        let name = req.parameters.get("layer") ?? ""
        guard let form = recordForms[name] else {
            throw Problem(
                .notFound,
                "no form for '\(String(name.prefix(50)))': forms are for \(recordForms.keys.sorted().joined(separator: ", "))"
            )
        }
        return form
    }

    /// `GET /submit/:layer`: the empty form, dated today, an operator's organisation filled in.
    static func recordFormPage(_ req: Request) async throws -> Response {
        try req.require(.submitRecords)
        let c = WebContext(req)
        let form = try recordForm(req)
        var values: [String: String] = [:]
        for f in form.layer.fields where f.kind == .date && f.required { values[f.name] = CalendarDate.today().iso }
        if form.layer.field("organisation_id") != nil { values["organisation_id"] = c.account.organisation }
        return try showForm(req, title: c.t("people_form.title", ["record": form.layer.singular]), form, values: values)
    }

    /// `POST /submit/:layer`.
    static func submitRecordForm(_ req: Request) async throws -> Response {
        try req.require(.submitRecords)
        // The token before anything else: a post from elsewhere is refused as such.
        try WebContext(req).checkCSRF(try? req.content.get(String.self, at: "csrf"))
        let form = try recordForm(req)
        return try await submitForm(
            req,
            title: WebContext(req).t("people_form.title", ["record": form.layer.singular]),
            form
        )
    }

    /// Links to the forms, for pages that show the records they make.
    static func recordFormLinks(_ c: WebContext, _ layers: [LayerInfo]) -> String {
        guard c.may(.submitRecords) else { return "" }
        return "<p class=\"forms\">"
            + layers.map {
                "<a href=\"/submit/\($0.name)\" id=\"new-\($0.name)\">\(c.t("people_form.title", ["record": $0.singular]))</a>"
            }.joined(separator: " · ") + "</p>"
    }
}
