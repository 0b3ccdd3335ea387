/// Treaty implementation's kinds of record that a programme keeps itself (the rest is reference data): cooperation
/// and assistance — funding projects, and the contributions that name them.
public enum ImplementationLayers {
    public static let all: [any LayerRecord.Type] = [FundingProject.self, Contribution.self]
}
