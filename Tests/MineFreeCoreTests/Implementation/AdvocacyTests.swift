import Foundation
import MineFreeReferenceData
import Testing

@testable import MineFreeCore

/// Advocacy records (issue 18): the interim steps of a state outside the treaty year by year — its UNGA vote from the
/// reference data, the treaty meetings its delegation attended, its own steps, the contacts — and pledges that fall
/// overdue; the record rules name what is wrong.
@Suite struct AdvocacyTests {
    let registry: TreatyRegistry
    init() throws { registry = try ReferenceDataLoader.load(from: BundledReferenceData.directory) }

    func day(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }

    var records: AdvocacyRecords {
        AdvocacyRecords(
            events: [
                AdvocacyEvent(localID: "E1", kind: .meetingOfStatesParties, title: "21MSP", start: day("2023-11-20")),
                AdvocacyEvent(localID: "E2", kind: .workshop, title: "Workshop", start: day("2023-05-01")),
            ],
            attendance: [
                EventAttendance(localID: "A1", eventID: "E1", date: day("2023-11-20"), state: "AZE", level: .observer),
                // A workshop is no treaty meeting: attending it is not the step.
                EventAttendance(localID: "A2", eventID: "E2", date: day("2023-05-01"), state: "AZE"),
            ],
            steps: [
                StateStep(localID: "S1", state: "AZE", date: day("2023-11-22"), kind: .statementOfSupport),
                StateStep(
                    localID: "S2",
                    state: "AZE",
                    date: day("2023-12-01"),
                    kind: .reasonNotJoining,
                    detail: "conflict"
                ),
                StateStep(localID: "S3", state: "AZE", date: day("2024-03-01"), kind: .voluntaryReport),
            ],
            contacts: [
                AdvocacyContact(
                    localID: "C1",
                    date: day("2023-06-01"),
                    state: "AZE",
                    kind: .letter,
                    organisation: "ICBL",
                    subject: "report"
                )
            ]
        )
    }

    @Test func aStateOutsideTheTreatyYearByYear() throws {
        let years = registry.stepYears(of: "AZE", years: 2022...2024, records: records, asOf: day("2025-01-01"))
        #expect(years.map(\.year) == [2022, 2023, 2024])
        #expect(years.allSatisfy { $0.status == .notSigned })
        // Azerbaijan voted for the resolution in 2022 (unga_votes.csv).
        #expect(years[0].vote == .yes && years[0].taken == 1)
        #expect(years[1].treatyMeetings == ["21MSP"] && years[1].steps == [.statementOfSupport])
        #expect(years[1].reasons == ["conflict"] && years[1].contacts == 1)
        #expect(years[1].taken == 2 + (years[1].vote == .yes ? 1 : 0))
        #expect(years[2].steps == [.voluntaryReport])
        // Known on a day: the 2024 report is not known at the start of 2024-03-01.
        let before = registry.stepYears(of: "AZE", years: 2024...2024, records: records, asOf: day("2024-03-01"))
        #expect(before[0].steps.isEmpty)
        // The states outside the treaty include Azerbaijan, never a State Party.
        let outside = registry.statesNotParty(asOf: day("2025-01-01"), years: 2, records: records)
        #expect(outside.contains { $0.first?.iso3 == "AZE" } && !outside.contains { $0.first?.iso3 == "TJK" })
        #expect(outside.allSatisfy { $0.map(\.year) == [2023, 2024] })
    }

    @Test func pledgesFallOverdueAndTheLatestRecordCounts() {
        let open = Pledge(
            localID: "P1",
            made: day("2024-11-29"),
            pledger: "Donor",
            what: "Support",
            status: .open,
            recorded: day("2024-11-29"),
            due: day("2025-12-31")
        )
        var kept = open
        kept.status = .fulfilled
        kept.recorded = day("2025-11-01")
        #expect(!open.isOverdue(on: day("2025-12-31")) && open.isOverdue(on: day("2026-01-01")))
        #expect(!kept.isOverdue(on: day("2026-01-01")))
        let now = LatestRecords.of([open, kept], id: \.localID, date: \.recorded, asOf: day("2026-01-01"))
        #expect(now.map(\.status) == [.fulfilled])
        let then = LatestRecords.of([open, kept], id: \.localID, date: \.recorded, asOf: day("2025-06-01"))
        #expect(then.map(\.status) == [.open])
    }

    @Test func recordRulesNameTheBadValue() throws {
        let attendance = """
            id,event_id,date,state,organisation
            A1,E1,2023-11-20,AZE,ICBL
            A2,E1,2023-11-20,,

            """
        let events = """
            id,kind,title,start_date,end_date,country
            E1,msp,21MSP,2023-11-20,2023-11-19,Switzerland

            """
        let media = """
            id,date,kind,language,title
            M1,2024-11-25,press_release,English,Opening

            """
        let outcome = try RecordImport.read(
            [
                ImportInput(name: "events.csv", layer: AdvocacyEvent.info, content: .data(Data(events.utf8))),
                ImportInput(
                    name: "event_attendance.csv",
                    layer: EventAttendance.info,
                    content: .data(Data(attendance.utf8))
                ),
                ImportInput(name: "media_outputs.csv", layer: MediaOutput.info, content: .data(Data(media.utf8))),
            ],
            rules: ImportRules(),
            mode: .quarantine
        )
        let messages = outcome.issues.map(\.description).joined(separator: "\n")
        #expect(messages.contains("end_date 2023-11-19 is before start_date 2023-11-20"), "\(messages)")
        #expect(messages.contains("country 'Switzerland' is not an ISO 3166 alpha-3 code"))
        #expect(messages.contains("give state (a state's delegation) or organisation, not both"))
        #expect(messages.contains("language 'English' is not an ISO 639 code"))
        // Both attendance rows fail (both given; neither given) and the event they name was refused too.
        #expect(outcome.dataset.count(of: EventAttendance.self) == 0)
    }
}
