import Foundation

/// The two conventions MineFree tracks. Their rules (periods, report timing, withdrawal) come from
/// the treaty texts and live here; their dated facts (who joined when) are reference data.
public enum Convention: String, CaseIterable, Sendable, Codable {
    /// Anti-Personnel Mine Ban Convention (Ottawa, 1997).
    case apmbc
    /// Convention on Cluster Munitions (Dublin/Oslo, 2008).
    case ccm

    public var shortTitle: String {
        switch self {
        case .apmbc: return "Mine Ban Treaty (APMBC)"
        case .ccm: return "Convention on Cluster Munitions (CCM)"
        }
    }

    /// Instruments needed before the convention enters into force (APMBC Art 17.1: 40; CCM Art 17.1: 30).
    public var instrumentsForEntryIntoForce: Int {
        switch self {
        case .apmbc: return 40
        case .ccm: return 30
        }
    }

    /// The article and period of an obligation with a deadline.
    public func article(of obligation: Obligation) -> Int {
        switch (self, obligation) {
        case (.apmbc, .stockpileDestruction): return 4
        case (.apmbc, .clearance): return 5
        case (.ccm, .stockpileDestruction): return 3
        case (.ccm, .clearance): return 4
        }
    }

    /// Years after entry into force for the state (APMBC Art 4: 4, Art 5.1: 10; CCM Art 3.2: 8, Art 4.1: 10).
    public func years(for obligation: Obligation) -> Int {
        switch (self, obligation) {
        case (.apmbc, .stockpileDestruction): return 4
        case (.apmbc, .clearance): return 10
        case (.ccm, .stockpileDestruction): return 8
        case (.ccm, .clearance): return 10
        }
    }

    /// The longest single extension a meeting may grant, in years; nil where the convention allows none
    /// (APMBC Art 4 has no extension; APMBC Art 5.3: up to 10; CCM Art 3.3: up to 4; CCM Art 4.5: up to 5).
    public func maximumExtensionYears(for obligation: Obligation) -> Int? {
        switch (self, obligation) {
        case (.apmbc, .stockpileDestruction): return nil
        case (.apmbc, .clearance): return 10
        case (.ccm, .stockpileDestruction): return 4
        case (.ccm, .clearance): return 5
        }
    }

    /// Art 7.1 of both: the initial transparency report within 180 days of entry into force.
    public var initialReportDays: Int { 180 }

    /// Art 7.2 of both: annual updates, covering the last calendar year, by 30 April.
    public var annualReportMonthDay: (month: Int, day: Int) { (4, 30) }

    /// Art 20.2 of both: a withdrawal takes effect six months after the instrument is received
    /// (later if the state is then engaged in armed conflict, Art 20.3).
    public var withdrawalNoticeMonths: Int { 6 }

    public static func parse(_ text: String) -> Convention? {
        Convention(rawValue: text.lowercased())
    }
}

/// Obligations with a deadline counted from entry into force.
public enum Obligation: String, CaseIterable, Sendable, Codable {
    /// APMBC Art 4 / CCM Art 3.
    case stockpileDestruction = "stockpile_destruction"
    /// APMBC Art 5 / CCM Art 4.
    case clearance

    /// The obligation a convention's article number names, or nil.
    public static func forArticle(_ article: Int, in convention: Convention) -> Obligation? {
        allCases.first { convention.article(of: $0) == article }
    }
}

/// The kind of instrument by which a state expresses consent to be bound (UN Treaty Collection marks:
/// none = ratification, A = acceptance, AA = approval, a = accession, d = succession).
public enum InstrumentKind: String, CaseIterable, Sendable, Codable {
    case ratification, acceptance, approval, accession, succession

    /// Ratification, acceptance and approval follow a signature; accession and succession do not.
    public var requiresSignature: Bool {
        switch self {
        case .ratification, .acceptance, .approval: return true
        case .accession, .succession: return false
        }
    }
}

/// How sure the data is: every reference row says so, because a wrong date is worse than a blank.
public enum Confidence: String, CaseIterable, Sendable, Codable {
    /// Read on the depositary's or the ISU's page, or two independent sources agree.
    case confirmed
    /// One source only.
    case singleSource = "single-source"
    /// Believed but not confirmed by a source that was read.
    case unconfirmed
}

/// Where a fact comes from.
public struct Provenance: Hashable, Sendable, Codable {
    public var source: String
    public var confidence: Confidence

    public init(source: String, confidence: Confidence) {
        self.source = source
        self.confidence = confidence
    }
}
