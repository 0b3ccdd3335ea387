import Foundation
import MineFreeReferenceData
import Testing

@testable import MineFreeCore

/// The review conferences' action plans (issue 18 §4): the plans as sourced reference data, measures computed from
/// the registry year by year beside the figures sources published, recorded indicators answered by a measure or by
/// entered values, one state's progress over a plan; the records' rules.
@Suite struct ActionPlanTests {
    let registry: TreatyRegistry
    init() throws { registry = try ReferenceDataLoader.load(from: BundledReferenceData.directory) }

    func day(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }

    @Test func thePlansAsReferenceData() throws {
        #expect(registry.actionPlans.map(\.code) == ["nairobi", "cartagena", "maputo", "oslo", "siem_reap_angkor"])
        let oslo = try #require(registry.actionPlan("oslo"))
        #expect(oslo.adoptedOn == day("2019-11-29") && oslo.meetingCode == "4RC" && oslo.years == 2020...2024)
        #expect(oslo.actions == 50 && oslo.provenance.confidence == .confirmed)
        #expect(registry.actionPlan("nairobi")?.actions == 70 && registry.actionPlan("cartagena")?.actions == 67)
        #expect(registry.actionPlan("maputo")?.actions == 31)
        // The adopted Siem Reap-Angkor plan's count was not read: left empty rather than guessed.
        #expect(registry.actionPlan("siem_reap_angkor")?.actions == nil)
    }

    @Test func measuresYearByYearBesideThePublishedFigures() throws {
        // Chile (27 Feb 2020) and the United Kingdom (14 Nov 2020) finished clearance in 2020, as the Monitor counts.
        #expect(registry.measure(.art5Completed, year: 2020).states == ["CHL", "GBR"])
        // The 18MSP (Nov 2020) granted seven Art 5 extensions.
        #expect(
            registry.measure(.art5Extensions, year: 2020).states == ["BIH", "COD", "COL", "NER", "SEN", "SSD", "UKR"]
        )
        let oslo = try #require(registry.actionPlan("oslo"))
        let progress = ActionPlanProgress(plan: oslo, registry: registry, asOf: day("2026-12-04"))
        #expect(progress.years == [2019, 2020, 2021, 2022, 2023, 2024])
        // The published figures beside MineFree's: 164 States Parties and 2 completions, as published; 32 States Parties
        // with clearance obligations at the end of 2020 against the Monitor's 33 of October 2020, which still counted
        // the United Kingdom (done 14 Nov 2020).
        func published(_ m: PlanMeasure) throws -> ActionPlanProgress.Published {
            try #require(progress.published.first { $0.figure.measure == m && $0.figure.year == 2020 })
        }
        #expect(try published(.statesParties).figure.value == 164 && published(.statesParties).computed?.value == 164)
        #expect(try published(.art5Outstanding).figure.value == 33 && published(.art5Outstanding).computed?.value == 32)
        #expect(try !published(.art5Outstanding).computed!.states.contains("GBR"))
        #expect(try published(.art5Completed).computed?.value == 2)
        // An undated published figure is shown, never compared with a year it may not describe.
        let art9 = try #require(progress.published.first { $0.figure.measure == .art9WithoutMeasure })
        #expect(art9.figure.year == nil && art9.computed == nil && art9.figure.valueText == "52")
        let completions = try #require(progress.measures.first { $0.measure == .art5Completed })
        #expect(completions.values.first { $0.year == 2020 }?.value == 2)
        // A count of what happened sums over the plan's years; a count on a day does not.
        #expect(completions.planTotal == completions.values.dropFirst().reduce(0) { $0 + $1.value })
        #expect(progress.measures.first { $0.measure == .statesParties }?.planTotal == nil)
        // Known on a day: in mid-2021 only 2020 has ended.
        #expect(ActionPlanProgress(plan: oslo, registry: registry, asOf: day("2021-06-01")).years == [2019, 2020])
        #expect(ActionPlanProgress(plan: oslo, registry: registry, asOf: day("2019-12-01")).years.isEmpty)
        // Art 9: what the records say, and how many States Parties they say nothing about.
        let measures = registry.measure(.art9WithoutMeasure, year: 2024)
        #expect(measures.unknown > 0 && measures.value + Int64(measures.unknown) <= 164)
        let percent = try #require(registry.planFigures.first { $0.plan == "maputo" })
        #expect(percent.valueText == "37 %")
    }

    @Test func recordedIndicatorsAnsweredByAMeasureOrByEnteredValues() throws {
        let oslo = try #require(registry.actionPlan("oslo"))
        let records = ActionPlanRecords(
            actions: [PlanAction(localID: "OAP-27", plan: "oslo", number: 27, text: "Complete clearance (test)")],
            indicators: [
                PlanIndicator(
                    localID: "I-27a",
                    plan: "oslo",
                    text: "States Parties that completed clearance (test)",
                    actionID: "OAP-27",
                    measure: .art5Completed
                ),
                PlanIndicator(localID: "I-33", plan: "oslo", text: "Victim assistance focal points (test)"),
                PlanIndicator(localID: "I-X", plan: "maputo", text: "Another plan's indicator (test)"),
            ],
            values: [
                IndicatorValue(
                    localID: "V1",
                    indicatorID: "I-33",
                    date: day("2022-11-01"),
                    value: "21",
                    source: "test"
                ),
                IndicatorValue(
                    localID: "V2",
                    indicatorID: "I-33",
                    date: day("2024-11-01"),
                    value: "26",
                    source: "test"
                ),
                IndicatorValue(localID: "V3", indicatorID: "I-33", date: day("2024-11-01"), value: "1", state: "TJK"),
            ]
        )
        let progress = ActionPlanProgress(plan: oslo, registry: registry, records: records, asOf: day("2024-01-01"))
        #expect(progress.indicators.map(\.indicator.localID) == ["I-27a", "I-33"])
        let first = progress.indicators[0]
        #expect(first.action?.number == 27 && first.computed?.year == 2023 && first.computed?.measure == .art5Completed)
        // Entered values known on the day, across States Parties only (the state's value is its own page's).
        #expect(progress.indicators[1].entered.map(\.value) == ["21"])

        let tajikistan = try #require(registry.state("TJK"))
        let state = StatePlanProgress(
            state: tajikistan,
            plan: oslo,
            registry: registry,
            records: records,
            asOf: day("2026-12-04")
        )
        #expect(state.start == day("2020-01-01") && state.end == day("2025-01-01"))
        #expect(state.rows[0] == .init(question: "participation", atStart: "party", now: "party"))
        #expect(state.entered.map(\.localID) == ["V3"])
        let chile = StatePlanProgress(
            state: try #require(registry.state("CHL")),
            plan: oslo,
            registry: registry,
            asOf: day("2026-12-04")
        )
        let clearance = try #require(chile.rows.first { $0.question == "clearance (Art 5)" })
        #expect(clearance.now == "completed on 2020-02-27" && clearance.atStart.hasPrefix("extended"))
    }

    @Test func recordRulesNameTheBadValue() throws {
        func read(_ inputs: [(LayerInfo, String)]) throws -> String {
            try RecordImport.read(
                inputs.map { ImportInput(name: $0.0.name + ".csv", layer: $0.0, content: .data(Data($0.1.utf8))) },
                rules: ImportRules(),
                mode: .quarantine
            ).issues.map(\.description).joined(separator: "\n")
        }
        let messages = try read([
            (
                PlanAction.info,
                """
                id,plan,number,text
                A1,oslo,27,Clearance
                A2,oslo,27,Clearance again
                A3,ottawa,1,Unknown plan

                """
            ),
            (
                PlanIndicator.info,
                """
                id,plan,action_id,text,measure
                I1,oslo,A9,Indicator,art5_completed
                I2,oslo,,Indicator,art5_finished

                """
            ),
            (
                IndicatorValue.info,
                """
                id,indicator_id,date,value
                V1,I1,2024-01-01,"1,200"
                V2,I1,2024-01-01,1e3

                """
            ),
        ])
        #expect(messages.contains("action 27 of plan oslo is already record A1"), "\(messages)")
        #expect(messages.contains("plan 'ottawa' is not one of nairobi, cartagena, maputo, oslo, siem_reap_angkor"))
        #expect(messages.contains("A9"), "\(messages)")
        #expect(messages.contains("art5_finished"))
        #expect(messages.contains("value '1,200' is not a decimal number") && messages.contains("value '1e3'"))
    }

    @Test func aBadPlanFileIsRefusedWithItsLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minefree-plans-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: BundledReferenceData.directory, to: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent(ReferenceDataLoader.actionPlansFile)
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(
            of: "oslo,Oslo Action Plan 2020-2024,4RC,2019-11-29",
            with: "oslo,Oslo Action Plan 2020-2024,4RC,2019-12-29"
        )
        try text.write(to: file, atomically: true, encoding: .utf8)
        #expect {
            try ReferenceDataLoader.load(from: dir)
        } throws: { error in
            "\(error)".contains("action_plans.csv") && "\(error)".contains("adopted_on 2019-12-29 is not a day of 4RC")
        }
    }
}
