import Foundation
import MineFreeCore
import MineFreeStore
import Vapor

/// People's recording forms: an accident report, a casualty, a survivor, a need, a service, a risk education
/// session, an awareness group — each its layer's description made a form, through the review workflow and the
/// import's rules like every other record. Personal data has no form: it goes in only by the authority's import,
/// so names never wait in the review queue.
extension WebPages {
    static let peopleForms: [String: RecordForm] = Dictionary(
        uniqueKeysWithValues: ([
            Accident.info, CasualtyEvent.info, Survivor.info, AssistanceNeed.info, AssistanceService.info,
            RiskEducationSession.info, AwarenessGroup.info,
        ] + fundingForms + advocacyForms).map { ($0.name, RecordForm(layer: $0, action: "/submit/\($0.name)")) }
    )

    static func peopleForm(_ req: Request) throws -> RecordForm {
        let name = req.parameters.get("layer") ?? ""
        guard let form = peopleForms[name] else {
            throw Problem(
                .notFound,
                "no form for '\(String(name.prefix(50)))': forms are for \(peopleForms.keys.sorted().joined(separator: ", "))"
            )
        }
        return form
    }

    /// `GET /submit/:layer`: the empty form, dated today, an operator's organisation filled in.
    static func peopleRecordForm(_ req: Request) async throws -> Response {
        try req.require(.submitRecords)
        let c = WebContext(req)
        let form = try peopleForm(req)
        var values: [String: String] = [:]
        for f in form.layer.fields where f.kind == .date && f.required { values[f.name] = CalendarDate.today().iso }
        if form.layer.field("organisation_id") != nil { values["organisation_id"] = c.account.organisation }
        return try showForm(req, title: c.t("people_form.title", ["record": form.layer.singular]), form, values: values)
    }

    /// `POST /submit/:layer`.
    static func recordPeopleRecord(_ req: Request) async throws -> Response {
        try req.require(.submitRecords)
        // The token before anything else: a post from elsewhere is refused as such.
        try WebContext(req).checkCSRF(try? req.content.get(String.self, at: "csrf"))
        let form = try peopleForm(req)
        return try await submitForm(
            req,
            title: WebContext(req).t("people_form.title", ["record": form.layer.singular]),
            form
        )
    }

    /// Links to the forms, for pages that show people's records.
    static func peopleFormLinks(_ c: WebContext, _ layers: [LayerInfo]) -> String {
        guard c.may(.submitRecords) else { return "" }
        return "<p class=\"forms\">"
            + layers.map {
                "<a href=\"/submit/\($0.name)\" id=\"new-\($0.name)\">\(c.t("people_form.title", ["record": $0.singular]))</a>"
            }.joined(separator: " · ") + "</p>"
    }
}
