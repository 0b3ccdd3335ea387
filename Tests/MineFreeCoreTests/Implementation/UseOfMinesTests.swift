import Foundation
import MineFreeReferenceData
import Testing

@testable import MineFreeCore

/// Use of mines (issue 20 §1): the reference data's reports with their dated assessments and responses, the standing
/// they give as known on a day (a past view never shows a later finding), States Parties alleged to have used mines,
/// open allegations, and the rules that refuse a bad report.
@Suite struct UseOfMinesTests {
    let registry: TreatyRegistry
    init() throws { registry = try ReferenceDataLoader.load(from: BundledReferenceData.directory) }

    func day(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }
    func cases(_ on: String) -> [UseCase] { UseOfMines.cases(registry.useOfMines, registry: registry, asOf: day(on)) }
    func use(_ id: String, _ on: String) -> UseCase? { cases(on).first { $0.report.localID == id } }

    @Test func theReferenceReportsCarrySourcesAndDatedFindings() throws {
        let use = registry.useOfMines
        #expect(use.reports.count == 45)
        #expect(use.assessments.count == 159)
        #expect(use.responses.count == 54)
        #expect(use.reports.allSatisfy { $0.source.hasPrefix("http") && $0.confidence != nil })
        // Myanmar's forces: new use found in every Monitor edition since 1999, still confirmed by the 2025 edition.
        let myanmar = try #require(self.use("mmr-army-1999", "2026-01-01"))
        #expect(myanmar.status == .confirmed)
        #expect(myanmar.report.actorState == "MMR")
        #expect(myanmar.years.contains(2024))
        #expect(myanmar.actorWasStateParty == false)
    }

    @Test func aPastViewShowsOnlyTheFindingsKnownThen() throws {
        // Ukraine's forces around Izium in 2022 (PFM-1): Human Rights Watch found it credible on 31 January 2023,
        // the day Ukraine's foreign ministry answered that the report would be studied.
        #expect(use("ukr-izium-2022", "2023-01-31") == nil)
        let first = try #require(use("ukr-izium-2022", "2023-02-01"))
        #expect(first.status == .credible)
        #expect(first.assessments.map(\.assessedBy) == ["Human Rights Watch"])
        #expect(first.answered)
        #expect(first.actorWasStateParty == true)
        // The Monitor's 2023 edition (read as known by the end of 2023) counted it confirmed; the 2024 edition
        // called it credible again: the latest finding stands.
        #expect(use("ukr-izium-2022", "2024-01-01")?.status == .confirmed)
        #expect(use("ukr-izium-2022", "2024-11-21")?.status == .credible)
        #expect(use("ukr-izium-2022", "2024-11-21")?.assessments.count == 4)
    }

    @Test func anAllegationTheAccusedDeniedAndTheMonitorLeftOpen() throws {
        // Thailand's allegation of new PMN-2 use by Cambodia (12 August 2025): open and unanswered for a day,
        // then denied by Cambodia (27 August), recorded by the Monitor's 2025 edition without a finding.
        let first = try #require(use("khm-tha-2025", "2025-08-13"))
        #expect(first.status == .alleged)
        #expect(first.isOpenWithoutAnswer)
        #expect(use("khm-tha-2025", "2025-08-28")?.status == .denied)
        #expect(use("khm-tha-2025", "2025-08-28")?.isOpenWithoutAnswer == false)
        let later = try #require(use("khm-tha-2025", "2026-01-01"))
        #expect(later.status == .alleged)
        #expect(later.answered)
        #expect(later.responses.contains { $0.kind == .requestForClarification && $0.responded == day("2025-08-15") })
    }

    @Test func useByStatesPartiesWhileBound() throws {
        // Yemen (party since 1999) for 2011, Türkiye (party since 2004) alleged for 2009; Israel and Russia are not
        // party, so their use is not a compliance question under Art 1.
        let parties = UseOfMines.byStatesParties(cases("2026-01-01")).map(\.report.localID)
        #expect(parties.contains("yem-gov-2011"))
        #expect(parties.contains("tur-army-2009"))
        #expect(parties.contains("ukr-izium-2022"))
        #expect(!parties.contains("isr-golan-2011"))
        #expect(!parties.contains("rus-ukr-2022"))
        // Before the allegation against Cambodia was made, it is not among them.
        #expect(!UseOfMines.byStatesParties(cases("2025-08-01")).contains { $0.report.localID == "khm-tha-2025" })
    }

    @Test func selectionsByStateActorYearAndStanding() {
        let all = cases("2026-01-01")
        // Where the use took place or whose forces used them: Russia's in Ukraine count for both.
        let ukraine = UseOfMines.select(all, state: "UKR").map(\.report.localID)
        #expect(ukraine.contains("rus-ukr-2022") && ukraine.contains("ukr-izium-2022"))
        #expect(UseOfMines.select(all, state: "RUS").contains { $0.report.localID == "rus-ukr-2022" })
        // Use from 24 February 2022 with no end given runs through the latest finding (the Monitor's 2025 edition).
        #expect(UseOfMines.select(all, actor: "RUS", year: 2024).contains { $0.report.localID == "rus-ukr-2022" })
        #expect(UseOfMines.select(all, actor: "houthi").count == 2)
        #expect(UseOfMines.select(all, weapon: .clusterMunition).count == 9)
        let byYear = UseOfMines.byYearAndActor(UseOfMines.select(all, state: "SYR", year: 2012))
        #expect(byYear.filter { $0.year == 2012 }.map { "\($0.actor) \($0.reports)" } == ["SYR 2"])
    }

    @Test func aDenialNeverLowersAFindingAndTheProgrammeCorrectsByID() throws {
        let report = UseReport(
            localID: "R1",
            actorKind: .state,
            actorState: "AZE",
            actorName: "Armed forces",
            territory: "AZE",
            weapon: .antiPersonnelMine,
            reported: day("2007-04-20"),
            sourceKind: .media,
            source: "interview"
        )
        func a(_ id: String, _ s: UseAssessment.Status, _ d: String) -> UseAssessment {
            UseAssessment(localID: id, reportID: "R1", status: s, assessed: day(d), assessedBy: "x", source: "y")
        }
        let records = UseRecords(
            reports: [report],
            assessments: [
                a("A1", .alleged, "2007-05-01"), a("A2", .confirmed, "2008-01-01"), a("A3", .denied, "2008-02-01"),
            ]
        )
        let now = try #require(UseOfMines.cases(records, registry: registry, asOf: day("2009-01-01")).first)
        #expect(now.status == .confirmed)
        #expect(now.answered)
        let then = try #require(UseOfMines.cases(records, registry: registry, asOf: day("2007-06-01")).first)
        #expect(then.status == .alleged && then.isOpenWithoutAnswer)
        // A programme's record of the same id replaces the reference row; others stand beside it.
        var corrected = report
        corrected.localID = "mmr-army-1999"
        corrected.actorName = "Corrected"
        let merged = registry.useOfMines.including(UseRecords(reports: [corrected, report]))
        #expect(merged.reports.count == 46)
        #expect(merged.reports.first { $0.localID == "mmr-army-1999" }?.actorName == "Corrected")
    }

    @Test func badReportsAreRefusedNamingTheValue() throws {
        let csv = """
            id,actor_kind,actor_state,actor_name,territory,used_from,used_to,precision,weapon,reported,source_kind,source
            R1,state,,Armed forces,AZE,2020-01-01,,day,ap_mine,2020-02-01,media,x
            R2,non_state_armed_group,AZE,A group,AZE,2020-01-01,,day,ap_mine,2020-02-01,media,x
            R3,state,AZE,Armed forces,AZE,2021-01-01,2020-01-01,day,ap_mine,2021-02-01,media,x
            R4,state,AZE,Armed forces,AZE,2021-01-01,,day,ap_mine,2020-12-01,media,x
            R5,state,AZE,Armed forces,AZ,2021-01-01,,day,ap_mine,2021-12-01,media,x
            R6,state,AZE,Armed forces,AZE,2021-01-01,,day,landmine,2021-12-01,media,x
            R7,state,AZE,Armed forces,AZE,2020-01-01,,day,ap_mine,2020-02-01,media,x

            """
        let assessments = """
            id,report_id,status,assessed,assessed_by,source
            A1,R9,confirmed,2021-01-01,Monitor,x
            A2,R7,confirmed,2019-12-01,Monitor,x

            """
        let refused = #expect(throws: ImportRefused.self) {
            try UseRecords.read([
                ("use_reports.csv", Data(csv.utf8)), ("use_assessments.csv", Data(assessments.utf8)),
            ])
        }
        let issues = try #require(refused).issues.map { "\($0.rule): \($0.message)" }
        #expect(issues.contains { $0.hasPrefix("actor-state: actor_state is empty") })
        #expect(issues.contains { $0.hasPrefix("actor-state: actor_state 'AZE' names a state") })
        #expect(issues.contains("period: used_to 2020-01-01 is before used_from 2021-01-01"))
        #expect(
            issues.contains("reported-before-use: reported 2020-12-01 is before the use it reports began (2021-01-01)")
        )
        #expect(issues.contains { $0.hasPrefix("state-code: territory 'AZ'") })
        #expect(issues.contains { $0.hasPrefix("enum:") && $0.contains("landmine") })
        #expect(issues.contains { $0.hasPrefix("unknown-use-report: report_id 'R9'") })
        #expect(
            issues.contains(
                "dated-before-report: assessed 2019-12-01 is before use report 'R7' was reported (2020-02-01)"
            )
        )
    }
}
