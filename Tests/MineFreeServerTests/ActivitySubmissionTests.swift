import Foundation
import MineFreeCore
import Testing
import Vapor
import VaporTesting

@testable import MineFreeServer

/// Activities and device finds through review: an operator records only its own organisation's work, a status
/// change is a new dated record, and approved finds count in the totals.
@Suite(.serialized) struct ActivitySubmissionTests {
    func approve(_ app: Application, _ token: String, _ id: Int) async throws {
        try await ServerFixture.post(app, "/api/v1/submissions/\(id)/review", token, ["decision": "approve"]) {
            res async throws in
            #expect(res.status == .ok, "\(text(res))")
        }
    }

    @Test func anOperatorCompletesItsOwnActivityAndNoOneElses() async throws {
        let services = try await ServerFixture.prepared.value
        let view = ActivityView(records: try await services.land.activityRecords(), asOf: .today())
        let mine = try #require(view.current.first { $0.organisationID == "OP-DEMINING-1" && $0.status == .ongoing })
        let theirs = try #require(view.current.first { $0.organisationID == "OP-DEMINING-2" && $0.status == .ongoing })
        try await ServerFixture.withApp { app in
            let op = try await ServerFixture.token(app, "operator")
            let authority = try await ServerFixture.token(app, "authority")
            func completion(_ a: ActivityRecord) -> [String: Any] {
                [
                    "id": a.activityID, "type": a.type.rawValue, "organisation_id": a.organisationID,
                    "hazard_id": a.hazardID ?? "",
                    "method": a.method.rawValue, "asset_ids": a.assetIDs, "start_date": a.startDate.iso,
                    "end_date": "2026-11-30",
                    "status": "completed", "date_of_information": "2026-11-30",
                ]
            }
            try await ServerFixture.post(app, "/api/v1/submissions/activities", op, completion(theirs)) {
                res async throws in
                #expect(res.status == .forbidden)
                #expect(try object(res)["field"] as? String == "organisation_id")
            }
            var id = 0
            try await ServerFixture.post(app, "/api/v1/submissions/activities", op, completion(mine)) {
                res async throws in
                #expect(res.status == .created)
                id = try object(res)["id"] as? Int ?? 0
            }
            try await approve(app, authority, id)
            let viewer = try await ServerFixture.token(app, "viewer")
            for (day, status) in [("2026-11-30", "ongoing"), ("2026-12-01", "completed")] {
                try await app.testing().test(
                    .GET,
                    "/api/v1/activities?as_of=\(day)&hazard=\(mine.hazardID ?? "")",
                    headers: ServerFixture.bearer(viewer)
                ) { res async throws in
                    let a = (try object(res)["items"] as? [[String: Any]])?.first {
                        $0["id"] as? String == mine.activityID
                    }
                    #expect(a?["status"] as? String == status, "as of \(day)")
                    if day == "2026-12-01" { #expect((a?["records"] as? Int ?? 0) >= 2) }  // the earlier record is kept
                }
            }
        }
    }

    @Test func anOperatorReportsFindsOnlyFromItsOwnActivities() async throws {
        let services = try await ServerFixture.prepared.value
        let view = ActivityView(records: try await services.land.activityRecords(), asOf: .today())
        let mine = try #require(view.current.first { $0.organisationID == "OP-DEMINING-1" && $0.hazardID != nil })
        let theirs = try #require(view.current.first { $0.organisationID == "ARMY-ENG" && $0.hazardID != nil })
        try await ServerFixture.withApp { app in
            let op = try await ServerFixture.token(app, "operator")
            func find(_ id: String, _ a: ActivityRecord) -> [String: Any] {
                [
                    "id": id, "activity_id": a.activityID, "hazard_id": a.hazardID ?? "", "date": "2026-11-20",
                    "category": "uxo",
                    "count": 1, "disposal": "destroyed_in_situ",
                ]
            }
            try await ServerFixture.post(app, "/api/v1/submissions/finds", op, find("DF-OP-THEIRS", theirs)) {
                res async throws in
                #expect(res.status == .forbidden)
                #expect(try object(res)["field"] as? String == "activity_id")
                #expect((try object(res)["detail"] as? String)?.contains("ARMY-ENG") == true)
            }
            try await ServerFixture.post(app, "/api/v1/submissions/finds", op, find("DF-OP-MINE", mine)) {
                res async throws in
                #expect(res.status == .created, "\(text(res))")
                #expect(try object(res)["state"] as? String == "submitted")
            }
        }
    }

    @Test func approvedFindsCountInTheTotals() async throws {
        try await ServerFixture.withApp { app in
            let authority = try await ServerFixture.token(app, "authority")
            func apMines() async throws -> Int64 {
                var n: Int64 = -1
                try await app.testing().test(.GET, "/api/v1/finds", headers: ServerFixture.bearer(authority)) {
                    res async throws in
                    let row = (try object(res)["by_category"] as? [[String: Any]])?.first {
                        $0["key"] as? String == "ap_mine"
                    }
                    n = (row?["devices"] as? NSNumber)?.int64Value ?? 0
                }
                return n
            }
            let before = try await apMines()
            try await ServerFixture.post(
                app,
                "/api/v1/submissions/finds",
                authority,
                [
                    "id": "DF-TEST-1", "hazard_id": "HA-NOPE", "date": "2026-11-01", "category": "ap_mine", "count": 3,
                    "disposal": "destroyed_in_situ",
                ]
            ) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect((try object(res)["errors"] as? [[String: Any]])?.first?["rule"] as? String == "unknown-hazard")
            }
            try await ServerFixture.post(
                app,
                "/api/v1/submissions/finds",
                authority,
                [
                    "id": "DF-TEST-1", "hazard_id": "HA-00020", "date": "2026-11-01", "category": "ap_mine",
                    "model": "PMN-2", "count": 3,
                    "lon": 46.9, "lat": 40.1, "disposal": "destroyed_in_situ",
                ]
            ) { res async throws in
                #expect(res.status == .created)
                #expect(try object(res)["state"] as? String == "approved")
            }
            #expect(try await apMines() == before + 3)
        }
    }
}

/// The authority uploads files from the browser: the import's rules, all or nothing.
@Suite struct ImportPageTests {
    func multipart(_ files: [(String, String)], csrf: String, fields: [(String, String)] = [], mapping: String? = nil)
        -> (HTTPHeaders, ByteBuffer)
    {
        let boundary = "minefree-test-boundary"
        var body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(csrf)\r\n"
        for (name, value) in fields {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        if let mapping {
            body +=
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"mapping\"; filename=\"profile.json\"\r\nContent-Type: application/json\r\n\r\n\(mapping)\r\n"
        }
        for (name, content) in files {
            body +=
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"files[]\"; filename=\"\(name)\"\r\nContent-Type: text/csv\r\n\r\n\(content)\r\n"
        }
        body += "--\(boundary)--\r\n"
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return (headers, ByteBuffer(string: body))
    }

    @Test func anUploadIsStoredWholeOrRefusedWithEveryRule() async throws {
        try await ServerFixture.withApp { app in
            let web = WebTests()
            let (cookie, csrf) = try await web.signIn(app, "authority")
            let orgs = "id,name,type\nOP-UPLOAD-1,Upload Operator,national_ngo\n"
            let badAssets =
                "id,type,organisation_id,productivity_m2_per_day,in_service_from\nUP-T1,manual_team,OP-UPLOAD-1,0,2026-01-01\nUP-T2,machine,OP-NOPE,100,2026-01-01\nUP-T3,robot,OP-UPLOAD-1,100,2026-01-01\n"
            var (headers, body) = multipart([("organisations.csv", orgs), ("assets.csv", badAssets)], csrf: csrf)
            headers.replaceOrAdd(name: .cookie, value: "minefree-session=\(cookie)")
            headers.replaceOrAdd(name: .accept, value: "text/html")
            try await app.testing().test(.POST, "/import", headers: headers, body: body) { res async in
                #expect(res.status == .unprocessableEntity)
                let page = text(res)
                #expect(
                    page.contains("<code>range</code>") && page.contains("<code>enum</code>")
                        && page.contains("<code>unknown-organisation</code>")
                )
            }
            // Nothing was stored: the organisation is still unknown.
            let viewer = try await ServerFixture.token(app, "viewer")
            try await app.testing().test(.GET, "/api/v1/organisations", headers: ServerFixture.bearer(viewer)) {
                res async throws in
                #expect(
                    !((try object(res)["items"] as? [[String: Any]]) ?? []).contains {
                        $0["id"] as? String == "OP-UPLOAD-1"
                    }
                )
            }
            let goodAssets =
                "id,type,organisation_id,productivity_m2_per_day,in_service_from\nUP-T1,manual_team,OP-UPLOAD-1,250,2026-01-01\n"
            (headers, body) = multipart([("organisations.csv", orgs), ("assets.csv", goodAssets)], csrf: csrf)
            headers.replaceOrAdd(name: .cookie, value: "minefree-session=\(cookie)")
            try await app.testing().test(.POST, "/import", headers: headers, body: body) { res async in
                #expect(res.status == .created)
                #expect(text(res).contains("id=\"import-counts\""))
            }
            try await app.testing().test(.GET, "/api/v1/organisations", headers: ServerFixture.bearer(viewer)) {
                res async throws in
                #expect(
                    ((try object(res)["items"] as? [[String: Any]]) ?? []).contains {
                        $0["id"] as? String == "OP-UPLOAD-1"
                    }
                )
            }
        }
    }

    @Test func anUploadInQuarantineStoresTheValidRecordsAndOffersTheRefusedOnes() async throws {
        try await ServerFixture.withApp { app in
            let (cookie, csrf) = try await WebTests().signIn(app, "authority")
            // A partner's own file, its columns mapped by a profile uploaded beside it.
            let partners = "code,title,kind\nOP-UPLOAD-Q,Quarantine Operator,ngo\n"
            let mapping =
                #"{"files": {"partners.csv": {"layer": "organisations", "fields": {"id": "code", "name": "title", "type": {"column": "kind", "values": {"ngo": "national_ngo"}}}}}}"#
            let assets =
                "id,type,organisation_id,productivity_m2_per_day,in_service_from\nUP-Q1,manual_team,OP-UPLOAD-Q,200,2026-01-01\nUP-Q2,robot,OP-UPLOAD-Q,100,2026-01-01\n"
            var (headers, body) = multipart(
                [("partners.csv", partners), ("assets.csv", assets)],
                csrf: csrf,
                fields: [("quarantine", "1")],
                mapping: mapping
            )
            headers.replaceOrAdd(name: .cookie, value: "minefree-session=\(cookie)")
            headers.replaceOrAdd(name: .accept, value: "text/html")
            try await app.testing().test(.POST, "/import", headers: headers, body: body) { res async in
                #expect(res.status == .created)
                let page = text(res)
                #expect(page.contains("id=\"quarantine\""))
                #expect(page.contains("1 records were set aside"))
                #expect(page.contains("download=\"assets.csv\""))
                #expect(page.contains("download=\"issues.csv\""))
                #expect(page.contains("<code>enum</code>"))
            }
            let viewer = try await ServerFixture.token(app, "viewer")
            try await app.testing().test(.GET, "/api/v1/assets?as_of=2026-06-01", headers: ServerFixture.bearer(viewer))
            { res async throws in
                let ids = ((try object(res)["items"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
                #expect(ids.contains("UP-Q1") && !ids.contains("UP-Q2"))
            }
        }
    }
}
