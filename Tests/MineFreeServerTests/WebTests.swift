import Foundation
import MineFreeCore
import Testing
import Vapor
import VaporTesting

@testable import MineFreeServer

/// The web app in-process: pages, sign-in with CSRF, the release form and review through forms, languages.
@Suite struct WebTests {
    init() {}
    static let html: HTTPHeaders = ["Accept": "text/html"]

    /// The session cookie and CSRF token a browser gets from a page.
    func session(_ app: Application, _ path: String = "/signin") async throws -> (cookie: String, csrf: String) {
        var result = ("", "")
        try await app.testing().test(.GET, path, headers: Self.html) { res async in
            let cookie = res.headers.setCookie?["minefree-session"]?.string ?? ""
            result = (cookie, ServerFixture.csrf(in: text(res)))
        }
        return result
    }

    func signIn(_ app: Application, _ user: String) async throws -> (cookie: String, csrf: String) {
        let (cookie, csrf) = try await session(app)
        var signedIn = ""
        try await app.testing().test(
            .POST,
            "/signin",
            headers: ["Cookie": "minefree-session=\(cookie)"],
            beforeRequest: { req in
                try req.content.encode(
                    ["username": user, "password": MineFreeServer.demoPassword, "csrf": csrf, "next": "/programme"],
                    as: .urlEncodedForm
                )
            }
        ) { res async in
            #expect(res.status == .seeOther)
            #expect(res.headers.first(name: .location) == "/programme")
            signedIn = res.headers.setCookie?["minefree-session"]?.string ?? ""
        }
        // The page carries the new session's CSRF token.
        let (_, newCSRF) = try await page(app, "/releases/new", cookie: signedIn)
        return (signedIn, newCSRF)
    }

    func page(_ app: Application, _ path: String, cookie: String) async throws -> (HTTPStatus, String) {
        var out = (HTTPStatus.internalServerError, "")
        try await app.testing().test(
            .GET,
            path,
            headers: ["Cookie": "minefree-session=\(cookie)", "Accept": "text/html"]
        ) { res async in
            let body = text(res)
            let csrf =
                body.range(of: "name=\"csrf\" value=\"").map { r in String(body[r.upperBound...].prefix { $0 != "\"" })
                } ?? ""
            out = (res.status, path == "/releases/new" ? csrf : body)
        }
        return out
    }

    @Test func publicPagesShowTheTreaty() async throws {
        try await ServerFixture.withApp { app in
            try await app.testing().test(.GET, "/treaty?as_of=2009-03-02", headers: Self.html) { res async in
                #expect(res.status == .ok)
                let body = text(res)
                #expect(body.contains("156 States Parties as of 2009-03-02"))
                #expect(body.contains("<svg") && body.contains("id=\"chart-universalization\""))
                #expect(body.contains("href=\"/states/TJK?as_of=2009-03-02\">Tajikistan</a>"))
            }
            try await app.testing().test(.GET, "/states/TJK?as_of=2025-01-01", headers: Self.html) { res async in
                let body = text(res)
                #expect(body.contains("2025-12-31") && body.contains("2010-04-01"))
            }
            // Each convention names its own clearance: the CCM's Art 4 is about cluster munition remnants.
            try await app.testing().test(.GET, "/states/MOZ?as_of=2025-01-01", headers: Self.html) { res async in
                let body = text(res)
                #expect(body.contains("<h3>Clearance of mined areas (Art 5)</h3>"))
                #expect(body.contains("<h3>Clearance of cluster munition remnants (Art 4)</h3>"))
                #expect(body.contains("<h3>Stockpile destruction (Art 3)</h3>"))
            }
            // Ukraine's suspension notice is shown beside its status, with what it does not change.
            try await app.testing().test(.GET, "/states/UKR?as_of=2025-09-01", headers: Self.html) { res async in
                #expect(text(res).contains("<td>Suspension notified</td><td>2025-07-18: the state told the depositary"))
            }
            // Türkiye's deadline passed after the 22MSP, whose decisions are only partly recorded: the page says so.
            try await app.testing().test(.GET, "/states/TUR?as_of=2026-06-01", headers: Self.html) { res async in
                let body = text(res)
                #expect(body.contains("<span class=\"outcome decision_not_recorded\">Passed; a meeting that could"))
                #expect(
                    body.contains("<td>Decisions partly recorded</td><td>the 22MSP decided more extension requests")
                )
            }
            // Venezuela's completion and its declaration at the 13MSP; in French too.
            try await app.testing().test(.GET, "/states/VEN?as_of=2014-01-01", headers: Self.html) { res async in
                #expect(text(res).contains("<td>Completion declared</td><td>at the 13MSP, on 2013-12-03</td>"))
            }
            try await app.testing().test(.GET, "/states/BDI?as_of=2015-01-01&lang=fr", headers: Self.html) {
                res async in
                #expect(text(res).contains("<td>Achèvement déclaré</td><td>à la 3RC (jour non enregistré)</td>"))
            }
            // Australia reported no mined areas (its initial report, as the ISU reads it): no deadline is shown, only
            // why none runs, with the source. Tanzania has no Art 5 row: no record was read, not a failure to report.
            try await app.testing().test(.GET, "/states/AUS?as_of=2025-01-01", headers: Self.html) { res async in
                let clearance =
                    text(res).components(separatedBy: "Clearance of mined areas (Art 5)").dropFirst().first?
                    .components(separatedBy: "</table>").first ?? ""
                #expect(
                    clearance.contains(
                        "<span class=\"outcome not_applicable\">Not applicable</span>: no mined area under its jurisdiction or control reported; no clearance deadline runs"
                    )
                )
                #expect(
                    clearance.contains(
                        "https://www.apminebanconvention.org/states-parties-to-the-convention/australia/"
                    )
                )
                #expect(!clearance.contains("Original deadline"))
            }
            // Canada's CCM row is inferred from every list of contaminated states: "not applicable" carries the mark.
            try await app.testing().test(.GET, "/states/CAN?as_of=2026-01-01", headers: Self.html) { res async in
                let remnants =
                    text(res).components(separatedBy: "Clearance of cluster munition remnants (Art 4)").dropFirst()
                    .first?.components(separatedBy: "</table>").first ?? ""
                #expect(remnants.contains("no clearance deadline runs <abbr class=\"unconfirmed\""))
            }
            try await app.testing().test(.GET, "/states/TZA?as_of=2025-01-01&lang=fr", headers: Self.html) {
                res async in
                let clearance =
                    text(res).components(separatedBy: "(Art 5)").dropFirst().first?
                    .components(separatedBy: "</table>").first ?? ""
                #expect(clearance.contains("<span class=\"outcome not_reported\">"))
                #expect(clearance.contains("2011-05-01"))
            }
            // An unconfirmed reading is never plain fact: Chad's extension to 2030 carries the mark on its state page
            // and on the year's deadlines, where Cambodia's single-source grant does not.
            try await app.testing().test(.GET, "/states/TCD?as_of=2026-06-01", headers: Self.html) { res async in
                let body = text(res)
                #expect(body.contains("Ahead (extended)</span> <abbr class=\"unconfirmed\""))
                #expect(
                    body.contains(
                        "5RC  → 2030-01-01 <small>(<a href=\"https://www.mineactionreview.org/country/chad/anti-personnel-mines\">Source</a>, unconfirmed)</small> <abbr class=\"unconfirmed\""
                    )
                )
            }
            // Sierra Leone's missing 2014 report rests on a list that breaks off at "Sierra" in the copy read.
            try await app.testing().test(.GET, "/states/SLE?as_of=2016-01-01", headers: Self.html) { res async in
                let body = text(res)
                let row =
                    body.components(separatedBy: "Art 7 report for 2014").dropFirst().first?
                    .components(separatedBy: "</tr>").first ?? ""
                #expect(row.contains("unconfirmed)</small> <abbr class=\"unconfirmed\""))
            }
            try await app.testing().test(.GET, "/deadlines?year=2025&as_of=2026-06-01", headers: Self.html) {
                res async in
                let body = text(res)
                func row(_ code: String) -> String {
                    body.components(separatedBy: "/states/\(code)").dropFirst().first?.components(separatedBy: "</tr>")
                        .first ?? ""
                }
                let chad = row("TCD")
                let cambodia = row("KHM")
                #expect(chad.contains("<abbr class=\"unconfirmed\""))
                #expect(!cambodia.isEmpty && !cambodia.contains("<abbr class=\"unconfirmed\""))
            }
            // A state outside the treaty: its votes on the UNGA resolution, each with its forum.
            try await app.testing().test(.GET, "/states/AZE?as_of=2023-01-01", headers: Self.html) { res async in
                let body = text(res)
                #expect(body.contains("id=\"unga-votes\"") && body.contains("A/RES/65/48"))
            }
            // The same through the API: who missed the 2008 deadline and with how many mines.
            try await app.testing().test(.GET, "/api/v1/stockpiles?as_of=2009-01-01") { res async throws in
                #expect(res.status == .ok)
                let body = try #require(
                    try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [String: Any]
                )
                let missed = try #require(body["missed"] as? [[String: Any]])
                #expect(missed.map { $0["iso3"] as? String } == ["BLR", "GRC", "TUR"])
                #expect((missed.first?["held"] as? [String: Any])?["quantity"] as? Int == 3_400_000)
            }
            try await app.testing().test(.GET, "/api/v1/retained-mines?state=TUR") { res async throws in
                let body = try #require(
                    try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [String: Any]
                )
                #expect((body["items"] as? [[String: Any]])?.compactMap { $0["retained"] as? Int } == [15_125, 15_100])
            }
            try await app.testing().test(.GET, "/api/v1/national-measures?state=GBR") { res async throws in
                let body = try #require(
                    try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [String: Any]
                )
                let uk = try #require((body["items"] as? [[String: Any]])?.first)
                #expect(uk["adopted_on"] as? String == "1998-07-28" && uk["status"] as? String == "adopted")
            }
            try await app.testing().test(.GET, "/api/v1/unga-votes?year=2014") { res async throws in
                let body = try #require(
                    try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [String: Any]
                )
                let votes = try #require(body["items"] as? [[String: Any]])
                #expect(votes.count == 10 && votes.filter { $0["vote"] as? String == "yes" }.count == 8)
            }
            try await app.testing().test(.GET, "/api/v1/stockpiles?state=ZZ") { res async in
                #expect(res.status == .badRequest)
            }
            // A state's stockpile in figures: Belarus held about 3.4 million PFM-1 mines at its 2008 deadline.
            try await app.testing().test(.GET, "/states/BLR?as_of=2018-01-01", headers: Self.html) { res async in
                let body = text(res)
                #expect(body.contains("id=\"stockpile-explained\"") && body.contains("3,400,000 PFM-1 mines left"))
                #expect(body.contains("id=\"stockpile-figures\"") && body.contains("id=\"retained-mines\""))
                #expect(body.contains("id=\"measures\"") && body.contains("existing law deemed sufficient"))
            }
            try await app.testing().test(.GET, "/deadlines?year=2009&as_of=2009-03-02", headers: Self.html) {
                res async in
                #expect(text(res).components(separatedBy: "class=\"outcome extended\"").count - 1 == 15)
            }
            // A bad value is a 400 page that names it.
            try await app.testing().test(.GET, "/treaty?as_of=yesterday", headers: Self.html) { res async in
                #expect(res.status == .badRequest)
                #expect(text(res).contains("as_of &#39;yesterday&#39; is not valid"))
            }
            // Unpublished programme pages ask an anonymous visitor to sign in.
            try await app.testing().test(.GET, "/hazards", headers: Self.html) { res async in
                #expect(res.status == .unauthorized)
                #expect(text(res).contains("href=\"/signin\""))
            }
        }
    }

    @Test func theWorldMapColoursStatesByTheirStatusOnTheDay() async throws {
        try await ServerFixture.withApp { app in
            try await app.testing().test(.GET, "/treaty/map.geojson?as_of=2009-03-02") { res async throws in
                #expect(res.status == .ok)
                let features = try object(res)["features"] as? [[String: Any]] ?? []
                #expect(features.count == 177)
                func status(_ iso3: String) -> String? {
                    (features.first { ($0["properties"] as? [String: Any])?["iso3"] as? String == iso3 }?["properties"]
                        as? [String: Any])?["status"] as? String
                }
                #expect(status("TJK") == "party")
                #expect(status("POL") == "signatory")
                #expect(status("USA") == "not_signed")
                #expect(status("FIN") == "not_signed")  // Finland acceded only in 2012
            }
            try await app.testing().test(.GET, "/treaty/map.geojson?as_of=2026-11-01") { res async throws in
                let features = try object(res)["features"] as? [[String: Any]] ?? []
                let fin =
                    features.first { ($0["properties"] as? [String: Any])?["iso3"] as? String == "FIN" }?["properties"]
                    as? [String: Any]
                #expect(fin?["status"] as? String != "party")  // Finland's 2025 withdrawal
            }
            // While Poland's withdrawal is pending, its page and the API give the day it takes effect, and Art 20(3).
            try await app.testing().test(.GET, "/states/POL?as_of=2025-12-01", headers: ["Accept": "text/html"]) {
                res in
                #expect(
                    text(res).contains(
                        "takes effect on 2026-02-20 (Art 20(2)), unless Poland is then engaged in an armed conflict: then only when that conflict ends (Art 20(3))"
                    )
                )
            }
            try await app.testing().test(.GET, "/api/v1/states/POL?as_of=2025-12-01") { res async throws in
                let conventions = try object(res)["conventions"] as? [[String: Any]] ?? []
                #expect(conventions.first?["withdrawal_expected"] as? String == "2026-02-20")
            }
            try await app.testing().test(.GET, "/treaty/map.geojson?convention=ccm&as_of=2009-03-02") {
                res async throws in
                let features = try object(res)["features"] as? [[String: Any]] ?? []
                // the CCM entered into force in 2010
                #expect(features.allSatisfy { ($0["properties"] as? [String: Any])?["status"] as? String != "party" })
            }
        }
    }

    @Test func signingInOpensTheDashboardWithMapAndCharts() async throws {
        try await ServerFixture.withApp { app in
            let (cookie, _) = try await signIn(app, "viewer")
            let (status, body) = try await page(app, "/programme?as_of=2026-01-01", cookie: cookie)
            #expect(status == .ok)
            #expect(body.contains("id=\"map\"") && body.contains("/static/leaflet/leaflet.js"))
            #expect(body.contains("id=\"chart-release\"") && body.contains("id=\"chart-remaining\""))
            #expect(body.contains("id=\"baseline\""))
            // The demo's regions are recorded admin areas: the table names them.
            #expect(body.contains(">D03</a> District 03</td>"))
            #expect(body.contains("Donor (viewer) · Viewer"))
            // A viewer has no form to record releases.
            let (formStatus, _) = try await page(app, "/releases/new", cookie: cookie)
            #expect(formStatus == .forbidden)
        }
    }

    @Test func theHazardListFiltersByStatusContaminationAndRegion() async throws {
        let services = try await ServerFixture.prepared.value
        let day = CalendarDate(year: 2026, month: 1, day: 1)!
        let view = try await services.land.view(asOf: day)
        let expected = view.standings.filter {
            $0.status == .closed && $0.hazard.contamination == .clusterMunitionRemnants && $0.hazard.region == "D01"
        }
        #expect(!expected.isEmpty)
        try await ServerFixture.withApp(published: [.progress, .hazards]) { app in
            let (status, body) = try await page(
                app,
                "/hazards?as_of=2026-01-01&status=closed&contamination=CM&region=D01",
                cookie: ""
            )
            #expect(status == .ok)
            #expect(body.contains("<p>\(expected.count) hazardous areas"))
            let shown = body.components(separatedBy: "<a href=\"/hazards/HA-").count - 1
            #expect(shown == min(expected.count, 50))
            #expect(body.contains("<option value=\"CM\" selected>"))
            let (bad, _) = try await page(app, "/hazards?contamination=XX", cookie: "")
            #expect(bad == .badRequest)
        }
    }

    @Test func aSessionOutlivesARestartAndEndsAtSignOut() async throws {
        var cookie = "", csrf = ""
        try await ServerFixture.withApp { app in (cookie, csrf) = try await signIn(app, "viewer") }
        #expect(!cookie.isEmpty)
        // The store keeps only the hash of the id: the cookie itself is nowhere in it.
        let services = try await ServerFixture.prepared.value
        #expect(try await services.accounts.session(idHash: cookie) == nil)
        #expect(try await services.accounts.session(idHash: Tokens.hash(cookie)) != nil)
        // A new server process on the same store: still signed in.
        try await ServerFixture.withApp { app in
            let (status, body) = try await page(app, "/programme", cookie: cookie)
            #expect(status == .ok)
            #expect(body.contains("id=\"signout\""))
            try await app.testing().test(
                .POST,
                "/signout",
                headers: ["Cookie": "minefree-session=\(cookie)"],
                beforeRequest: { req in
                    try req.content.encode(["csrf": csrf], as: .urlEncodedForm)
                }
            ) { res async in
                #expect(res.status == .seeOther)
            }
            // Signed out: the old cookie is no session any more.
            let (_, after) = try await page(app, "/programme", cookie: cookie)
            #expect(!after.contains("id=\"signout\""))
        }
        #expect(try await services.accounts.session(idHash: Tokens.hash(cookie)) == nil)
    }

    @Test func aWrongPasswordOrAMissingCSRFTokenIsRefused() async throws {
        try await ServerFixture.withApp { app in
            let (cookie, csrf) = try await session(app)
            try await app.testing().test(
                .POST,
                "/signin",
                headers: ["Cookie": "minefree-session=\(cookie)", "Accept": "text/html"],
                beforeRequest: { req in
                    try req.content.encode(
                        ["username": "viewer", "password": "nope", "csrf": csrf],
                        as: .urlEncodedForm
                    )
                }
            ) { res async in
                #expect(res.status == .unauthorized)
            }
            try await app.testing().test(
                .POST,
                "/signin",
                headers: ["Cookie": "minefree-session=\(cookie)"],
                beforeRequest: { req in
                    try req.content.encode(
                        ["username": "viewer", "password": MineFreeServer.demoPassword, "csrf": "forged"],
                        as: .urlEncodedForm
                    )
                }
            ) { res async in
                #expect(res.status == .forbidden)
            }
        }
    }

    @Test func theAuthorityRecordsAReleaseThroughTheFormAndSeesTheRulesWhenWrong() async throws {
        // An open hazard far down the list (the review tests take the first ones).
        let open = try await ServerFixture.prepared.value.land.view(asOf: .today()).standings.filter {
            $0.status == .open
        }
        let hazard = open[open.count - 1].hazard.localID
        try await ServerFixture.withApp { app in
            let (cookie, csrf) = try await signIn(app, "authority")
            let headers: HTTPHeaders = ["Cookie": "minefree-session=\(cookie)", "Accept": "text/html"]
            try await app.testing().test(
                .POST,
                "/releases",
                headers: headers,
                beforeRequest: { req in
                    try req.content.encode(
                        [
                            "csrf": csrf, "id": "WEB-TEST-1", "hazard_id": hazard, "date": "2026-04-01",
                            "method": "cleared",
                            "area_m2": "999999999", "devices_found": "0",
                        ],
                        as: .urlEncodedForm
                    )
                }
            ) { res async in
                #expect(res.status == .unprocessableEntity)
                let body = text(res)
                #expect(body.contains("release-exceeds-hazard"))
                // What was typed comes back.
                #expect(body.contains("value=\"WEB-TEST-1\""))
            }
            try await app.testing().test(
                .POST,
                "/releases",
                headers: headers,
                beforeRequest: { req in
                    try req.content.encode(
                        [
                            "csrf": csrf, "id": "WEB-TEST-1", "hazard_id": hazard, "date": "2026-04-01",
                            "method": "reduced",
                            "area_m2": "1", "devices_found": "0",
                        ],
                        as: .urlEncodedForm
                    )
                }
            ) { res async in
                #expect(res.status == .created)
                #expect(text(res).contains("Release WEB-TEST-1 is recorded."))
            }
        }
    }

    @Test func pagesSpeakFrenchAndTheCatalogueIsComplete() async throws {
        let catalogue = try Catalogue.load()
        for lang in Catalogue.languages {
            #expect(catalogue.missing(in: lang).isEmpty, "\(lang) lacks \(catalogue.missing(in: lang))")
        }
        try await ServerFixture.withApp { app in
            try await app.testing().test(.GET, "/treaty?lang=fr&as_of=2009-03-02", headers: Self.html) { res async in
                let body = text(res)
                #expect(body.contains("<html lang=\"fr\">"))
                #expect(body.contains("156 États parties au 2009-03-02"))
            }
            try await app.testing().test(
                .GET,
                "/",
                headers: ["Accept": "text/html", "Accept-Language": "fr-FR,fr;q=0.9"]
            ) { res async in
                #expect(text(res).contains("États parties au traité d&#39;interdiction des mines"))
            }
        }
    }

    @Test func chartsScaleToNiceNumbers() {
        #expect(SVGChart.niceScale(37).max == 40)
        #expect(SVGChart.niceScale(156).max == 200)
        #expect(SVGChart.niceScale(0).max == 1)
        let svg = SVGChart.stackedBars(
            id: "t",
            title: "T <&>",
            unit: "ha",
            categories: ["2024", "2025"],
            series: [.init(name: "cleared", colour: "#000", values: [10, 20])]
        )
        #expect(svg.contains("T &lt;&amp;&gt;"))
        #expect(svg.components(separatedBy: "<rect").count - 1 == 3)  // two bars and one legend swatch
    }
}

/// The administrator adds an account on the accounts page; the new account signs in.
@Suite struct AccountPageTests {
    @Test func anAdministratorAddsAnOperatorWhoCanThenSignIn() async throws {
        try await ServerFixture.withApp { app in
            let web = WebTests()
            let (cookie, csrf) = try await web.signIn(app, "admin")
            let headers: HTTPHeaders = ["Cookie": "minefree-session=\(cookie)", "Accept": "text/html"]
            try await app.testing().test(
                .POST,
                "/users",
                headers: headers,
                beforeRequest: { req in
                    try req.content.encode(
                        [
                            "csrf": csrf, "username": "BAD NAME", "role": "operator", "organisation": "HALO",
                            "password": "long enough password",
                        ],
                        as: .urlEncodedForm
                    )
                }
            ) { res async in
                #expect(res.status == .unprocessableEntity)
                #expect(text(res).contains("username: &#39;BAD NAME&#39; must be"))
            }
            try await app.testing().test(
                .POST,
                "/users",
                headers: headers,
                beforeRequest: { req in
                    try req.content.encode(
                        [
                            "csrf": csrf, "username": "halo.az", "display_name": "HALO Trust data officer",
                            "role": "operator",
                            "organisation": "HALO", "password": "long enough password",
                        ],
                        as: .urlEncodedForm
                    )
                }
            ) { res async in
                #expect(res.status == .seeOther)
            }
            try await app.testing().test(
                .POST,
                "/api/v1/tokens",
                beforeRequest: { req in
                    try req.content.encode(["username": "halo.az", "password": "long enough password"], as: .json)
                }
            ) { res async throws in
                #expect(res.status == .created)
                #expect(try object(res)["role"] as? String == "operator")
            }
        }
    }
}
