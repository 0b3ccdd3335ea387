import Foundation

/// What a State Party did to put the Convention into its own law (APMBC Art 9: legal, administrative and other
/// measures, including penal sanctions; Art 7 form A).
public struct NationalMeasure: Hashable, Sendable, Codable {
    public enum Status: String, CaseIterable, Sendable, Codable {
        /// Legislation specific to the Convention adopted.
        case adopted
        /// Legislation being prepared or before parliament.
        case inProgress = "in_progress"
        /// The state deems its existing law sufficient.
        case existingLawSufficient = "existing_law_sufficient"
        /// No measure reported.
        case none
    }

    public var iso3: String
    public var status: Status
    /// The law's name as the source gives it.
    public var measure: String?
    public var adoptedOn: CalendarDate?
    /// Whether the measure provides penal sanctions; nil where no source read says.
    public var penalSanctions: Bool?
    public var provenance: Provenance
    public var notes: String?
    /// The programme's record the status comes from (`national_measures` id); nil for reference data.
    public var recordID: String?

    public init(
        iso3: String,
        status: Status,
        measure: String?,
        adoptedOn: CalendarDate?,
        penalSanctions: Bool?,
        provenance: Provenance,
        notes: String?
    ) {
        self.iso3 = iso3
        self.status = status
        self.measure = measure
        self.adoptedOn = adoptedOn
        self.penalSanctions = penalSanctions
        self.provenance = provenance
        self.notes = notes
    }
}

extension TreatyRegistry {
    public func nationalMeasure(of iso3: String) -> NationalMeasure? { nationalMeasures.first { $0.iso3 == iso3 } }

    /// How many States Parties stand where on Art 9, by the records (states without a record are not counted).
    public func nationalMeasureCounts() -> [NationalMeasure.Status: Int] {
        Dictionary(grouping: nationalMeasures, by: \.status).mapValues(\.count)
    }
}
