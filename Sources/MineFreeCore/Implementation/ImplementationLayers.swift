/// Treaty implementation's kinds of record that a programme keeps itself (the rest is reference data): cooperation
/// and assistance (funding projects, the contributions that name them); advocacy and coordination (meetings and
/// events, who attended, pledges, interim steps of states outside the treaty, contacts, media outputs); stockpiles
/// and what the treaty's articles ask states to report of them (stock figures, destructions, retained mines, Art 9
/// measures, production facilities, transfers); the review conferences' action plans (their actions, indicators and
/// the values entered for them); figures sources disagree on, and the value adopted;
/// reports that mines were used, their dated assessments and the responses to them.
public enum ImplementationLayers {
    public static let all: [any LayerRecord.Type] = [
        FundingProject.self, Contribution.self, AdvocacyEvent.self, EventAttendance.self, Pledge.self, StateStep.self,
        AdvocacyContact.self, MediaOutput.self, StockReport.self, StockDestruction.self, RetentionReport.self,
        NationalMeasureReport.self, ProductionFacility.self, MineTransfer.self, PlanAction.self, PlanIndicator.self,
        IndicatorValue.self, FigureReport.self, FigureAdoption.self, UseReport.self, UseAssessment.self,
        UseResponse.self,
    ]
}
