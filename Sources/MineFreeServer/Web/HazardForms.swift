import Foundation
import MineFreeCore
import MineFreeStore
import Vapor

/// The recording forms: a land release, a newly found hazardous area, a dated revision of one, an activity record
/// (new, or a change of status), devices found. Each is its layer's description made a form (`RecordForm`); each
/// goes through the review workflow and the import's rules. Operators record their own organisation's work.
extension WebPages {
    static let releaseFields = RecordForm(layer: LandRelease.info, action: "/releases")
    static let hazardFields = RecordForm(layer: HazardousArea.info, action: "/hazards")
    static let findFields = RecordForm(layer: DeviceFind.info, action: "/finds")

    static func revisionFields(hazard: String) -> RecordForm {
        RecordForm(layer: HazardRevision.info, action: "/hazards/\(hazard)/revisions", hidden: ["hazard_id"])
    }

    static func activityFields(_ c: WebContext) -> RecordForm {
        RecordForm(
            layer: ActivityRecord.info,
            action: "/activities",
            locked: c.account.role == .operator ? ["organisation_id"] : []
        )
    }

    // MARK: A land release

    static func releaseForm(_ req: Request) async throws -> Response {
        let c = WebContext(req)
        return try showForm(
            req,
            title: c.t("release.title"),
            releaseFields,
            values: [
                "hazard_id": req.query[String.self, at: "hazard"] ?? "", "date": CalendarDate.today().iso,
                "devices_found": "0",
            ]
        )
    }

    static func recordRelease(_ req: Request) async throws -> Response {
        try await submitForm(
            req,
            title: WebContext(req).t("release.title"),
            releaseFields,
            recordedKey: "release.recorded",
            submittedKey: "release.submitted"
        )
    }

    // MARK: A new hazardous area

    static func hazardForm(_ req: Request) async throws -> Response {
        try showForm(
            req,
            title: WebContext(req).t("hazard_form.title"),
            hazardFields,
            values: ["recorded_date": CalendarDate.today().iso]
        )
    }

    static func recordHazard(_ req: Request) async throws -> Response {
        try await submitForm(req, title: WebContext(req).t("hazard_form.title"), hazardFields)
    }

    // MARK: A dated revision

    static func revisionForm(_ req: Request) async throws -> Response {
        let hazard = req.parameters.get("id") ?? ""
        return try showForm(
            req,
            title: WebContext(req).t("revision_form.title", ["id": hazard]),
            revisionFields(hazard: hazard),
            values: ["hazard_id": hazard, "date": CalendarDate.today().iso]
        )
    }

    static func recordRevision(_ req: Request) async throws -> Response {
        let hazard = req.parameters.get("id") ?? ""
        return try await submitForm(
            req,
            title: WebContext(req).t("revision_form.title", ["id": hazard]),
            revisionFields(hazard: hazard)
        ) {
            $0["hazard_id"] = hazard
        }
    }

    // MARK: An activity record

    static func activityForm(_ req: Request) async throws -> Response {
        let c = WebContext(req)
        let today = CalendarDate.today().iso
        var values = [
            "hazard_id": req.query[String.self, at: "hazard"] ?? "", "start_date": today, "date_of_information": today,
            "organisation_id": c.account.organisation, "status": "ongoing",
        ]
        // A change of status starts from the activity's latest record.
        if let id = req.query[String.self, at: "activity"],
            let a = ActivityView(records: try await req.minefree.land.activityRecords(), asOf: .today()).current.first(
                where: { $0.activityID == id })
        {
            for (k, v) in zip(ActivityRecord.info.fields.map(\.name), ActivityRecord.layer.values(of: a))
            where k != "date_of_information" {
                values[k] = v.fileText
            }
        }
        return try showForm(req, title: c.t("activity_form.title"), activityFields(c), values: values)
    }

    static func recordActivity(_ req: Request) async throws -> Response {
        let c = WebContext(req)
        return try await submitForm(req, title: c.t("activity_form.title"), activityFields(c))
    }

    // MARK: Devices found

    static func findForm(_ req: Request) async throws -> Response {
        try showForm(
            req,
            title: WebContext(req).t("find_form.title"),
            findFields,
            values: [
                "hazard_id": req.query[String.self, at: "hazard"] ?? "",
                "activity_id": req.query[String.self, at: "activity"] ?? "",
                "date": CalendarDate.today().iso, "count": "1",
            ]
        )
    }

    static func recordFind(_ req: Request) async throws -> Response {
        try await submitForm(req, title: WebContext(req).t("find_form.title"), findFields)
    }
}
