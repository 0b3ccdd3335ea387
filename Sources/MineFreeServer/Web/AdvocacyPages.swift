import Foundation
import MineFreeCore
import MineFreeStore
import Vapor

/// Advocacy and coordination: `/advocacy` (meetings and who came, pledges and which are overdue, media outputs) and
/// `/states-not-party` (each state outside the treaty, year by year, with the interim steps it took).
extension WebPages {
    static let advocacyForms = [
        AdvocacyEvent.info, EventAttendance.info, Pledge.info, StateStep.info, AdvocacyContact.info, MediaOutput.info,
    ]

    static func advocacy(_ req: Request) async throws -> Response {
        try req.require(.readProgramme)
        let c = WebContext(req)
        let date = try asOf(req)
        let key = "advocacy-page \(c.lang) \(date.iso) \(c.may(.submitRecords))"
        let body = try await req.keptFigure(key) {
            let repository = AdvocacyRepository(database: req.minefree.store.database)
            let records = try await repository.records(asOf: date)
            let pledges = try await repository.pledges(asOf: date)
            let media = try await repository.media(asOf: date)
            var body = dateForm(c, date)
            if c.may(.submitRecords) {
                body +=
                    "<p class=\"forms\">"
                    + advocacyForms.map {
                        "<a href=\"/submit/\($0.name)\" id=\"new-\($0.name)\">\(c.t("people_form.title", ["record": $0.singular]))</a>"
                    }.joined(separator: " · ") + "</p>"
            }
            let overdue = pledges.filter { $0.isOverdue(on: date) }
            body += "<div class=\"cards\">"
            body += card(c.t("advocacy.events"), String(records.events.count), "#events", id: "card-events")
            body += card(
                c.t("advocacy.pledges_open"),
                String(pledges.filter { $0.status == .open }.count),
                "#pledges",
                id: "card-open"
            )
            body += card(c.t("advocacy.overdue"), String(overdue.count), "#pledges", id: "card-overdue")
            body += card(c.t("advocacy.media"), String(media.count), "#media", id: "card-media")
            body += "</div>"
            body += "<h2 id=\"events\">\(c.t("advocacy.events"))</h2>"
            body += table(
                [
                    c.t("common.date"), c.t("advocacy.kind"), c.t("advocacy.event"), c.t("advocacy.place"),
                    c.t("advocacy.states"), c.t("advocacy.organisations"),
                ],
                records.events.sorted { $0.start > $1.start }.map { e in
                    let present = records.attendance.filter { $0.eventID == e.localID }
                    return [
                        e.start.iso, c.t("event_kind." + e.kind.rawValue), esc(e.title), esc(e.place ?? ""),
                        esc(present.compactMap(\.state).sorted().joined(separator: ", ")),
                        esc(present.compactMap(\.organisation).sorted().joined(separator: ", ")),
                    ]
                },
                id: "event-list"
            )
            body += "<h2 id=\"pledges\">\(c.t("advocacy.pledges"))</h2>"
            body += table(
                [
                    c.t("advocacy.made"), c.t("advocacy.pledger"), c.t("advocacy.what"), c.t("funding.amount"),
                    c.t("advocacy.due"), c.t("common.status"),
                ],
                pledges.map { p in
                    [
                        p.made.iso, esc(p.pledger), esc(p.what),
                        p.amount.map { "\($0) \(esc(p.currency ?? ""))" } ?? "",
                        p.due?.iso ?? "",
                        "<span class=\"outcome \(p.isOverdue(on: date) ? "missed" : p.status == .fulfilled ? "completed" : "pending")\">"
                            + c.t("pledge_status." + p.status.rawValue)
                            + (p.isOverdue(on: date) ? " · " + c.t("advocacy.overdue") : "") + "</span>",
                    ]
                },
                id: "pledge-list"
            )
            body += "<h2 id=\"media\">\(c.t("advocacy.media"))</h2>"
            body += table(
                [
                    c.t("common.date"), c.t("advocacy.kind"), c.t("advocacy.language"), c.t("advocacy.title_col"),
                    c.t("advocacy.coverage"),
                ],
                media.sorted { $0.date > $1.date }.map { m in
                    [
                        m.date.iso, c.t("media_kind." + m.kind.rawValue), esc(m.language),
                        m.url.map { "<a href=\"\(esc($0))\">\(esc(m.title))</a>" } ?? esc(m.title),
                        m.coverage.map(String.init) ?? "",
                    ]
                },
                id: "media-list",
                numeric: [4]
            )
            return body
        }
        return c.page(c.t("advocacy.title"), body)
    }

    /// `GET /states-not-party`: a row per state outside the treaty, a column per year, the steps taken of six.
    static func statesNotParty(_ req: Request) async throws -> Response {
        try req.require(.readProgramme)
        let c = WebContext(req)
        let date = try asOf(req)
        let years: Int
        if let text = req.query[String.self, at: "years"], !text.isEmpty {
            guard let n = Int(text), (1...30).contains(n) else {
                throw Problem.badValue("years", String(text.prefix(10)), expected: "a number of years from 1 to 30")
            }
            years = n
        } else {
            years = 10
        }
        let key = "states-not-party \(c.lang) \(date.iso) \(years)"
        let body = try await req.keptFigure(key) {
            let records = try await AdvocacyRepository(database: req.minefree.store.database).records(asOf: date)
            let registry = req.minefree.registry
            let rows = registry.statesNotParty(asOf: date, years: years, records: records)
            var body = dateForm(
                c,
                date,
                extra: "<label>\(c.t("advocacy.years")) <input name=\"years\" size=\"3\" value=\"\(years)\"></label>"
            )
            body += "<p>\(c.t("advocacy.steps_text", ["n": String(rows.count)]))</p>"
            let yearColumns = rows.first.map { $0.map { String($0.year) } } ?? []
            body += table(
                [c.t("common.state")] + yearColumns,
                rows.map { list in
                    let name = registry.state(list.first?.iso3 ?? "")?.name ?? ""
                    return ["<a href=\"/states/\(list.first?.iso3 ?? "")\">\(esc(name))</a>"]
                        + list.map { y in
                            guard y.outsideTreaty else {
                                return "<span class=\"steps party\">\(c.t("advocacy.party_that_year"))</span>"
                            }
                            // The title attribute is escaped once, whole: the catalogue's strings go in as they are.
                            func raw(_ key: String) -> String { req.minefree.catalogue.text(key, c.lang) }
                            var parts = y.vote.map { ["UNGA: " + raw("unga.vote." + $0.rawValue)] } ?? []
                            parts += y.treatyMeetings
                            parts += y.steps.map { raw("step_kind." + $0.rawValue) }
                            if y.contacts > 0 {
                                parts.append(
                                    raw("advocacy.contacts_n").replacingOccurrences(of: "{n}", with: String(y.contacts))
                                )
                            }
                            parts += y.reasons.map { raw("step_kind.reason_not_joining") + ": " + $0 }
                            return
                                "<span class=\"steps steps-\(y.taken)\" title=\"\(esc(parts.joined(separator: " · ")))\">\(y.taken)/\(StepYear.possible)</span>"
                        }
                },
                id: "steps-matrix",
                numeric: Set(1...max(yearColumns.count, 1))
            )
            return body
        }
        return c.page(c.t("advocacy.not_party_title"), body)
    }
}
