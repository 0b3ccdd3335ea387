import Foundation
import Testing

@testable import MineFreeCore

/// Most States Parties never reported a mined area (APMBC Art 5) or cluster munition remnants (CCM Art 4). Each now
/// has a row saying so, with its source: its page reads "not applicable" with no deadline, and it is in no year's list
/// of deadlines. The few left without a row are those whose sources disagree; the loader refuses an extension of an
/// obligation a state does not have.
@Suite struct NoClearanceObligationTests {
    let registry: TreatyRegistry
    init() throws { registry = try BundledRegistry.load() }

    func day(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }

    func clearance(_ iso3: String, _ date: String, _ convention: Convention = .apmbc) throws -> DeadlineStanding {
        try registry.clearance(iso3, date, in: convention)
    }

    @Test func statesThatReportedNoMinedAreasHaveNoClearanceDeadline() throws {
        // The ISU's state pages: Canada, Japan, Australia (its initial report of 23 Dec 1999), Austria, Brazil.
        for iso3 in ["CAN", "JPN", "AUS", "AUT", "BRA", "ESP", "SWE", "IRL", "BWA", "AND", "BEL"] {
            let standing = try clearance(iso3, "2010-01-01")
            #expect(standing.status == .notApplicable, "\(iso3)")
            #expect(standing.report?.provenance.confidence == .confirmed, "\(iso3)")
            #expect(standing.report?.provenance.source.contains("apminebanconvention.org") == true, "\(iso3)")
        }
        // The Monitor, from the state's own reports: Liberia's "nil" report of 2004, the Philippines' reports to 2009.
        #expect(try clearance("LBR", "2012-01-01").report?.provenance.confidence == .singleSource)
        #expect(try clearance("PHL", "2012-01-01").status == .notApplicable)
        // The CCM: Colombia's Form F of April 2018 ("no knowledge or suspicion"), Palau's remnants destroyed in 2010,
        // before it joined; Canada inferred from every list of contaminated states, so marked unconfirmed.
        #expect(try clearance("COL", "2020-01-01", .ccm).status == .notApplicable)
        #expect(try clearance("PLW", "2020-01-01", .ccm).status == .notApplicable)
        let canada = try clearance("CAN", "2020-01-01", .ccm)
        #expect(canada.status == .notApplicable && canada.isUnconfirmed)
    }

    @Test func theYearsDeadlinesListOnlyStatesWithAnObligation() throws {
        // The 2009 Art 5 deadlines: the 29 states with an obligation falling due that year, as before the rows
        // for states without one were added (Canada's and Japan's 2009 dates are no deadline at all).
        let in2009 = registry.deadlines(.clearance, in: .apmbc, year: 2009, asOf: day("2026-12-05"))
        #expect(in2009.count == 29)
        #expect(!in2009.contains { ["CAN", "JPN", "AUS", "BEL"].contains($0.state.iso3) })
        #expect(in2009.contains { $0.state.iso3 == "BGR" && $0.outcome == .completed })
    }

    /// Palau reported mined areas in its Art 7 report of 2011 and, for 2016, none left ("never been validated mined
    /// areas"); no declaration to a meeting was read, so the completion is undated and unconfirmed.
    @Test func palauReportedMinedAreasThenNone() throws {
        let before = try clearance("PLW", "2015-01-01")
        #expect(before.status == .pending && before.deadline == day("2018-05-01"))
        let after = try clearance("PLW", "2019-01-01")
        #expect(after.status == .completed && after.completedOn == nil && after.isUnconfirmed)
    }

    /// The States Parties still without a row are those whose sources disagree (data notes): improvised mines reported
    /// since (Burkina Faso, Cameroon, the Central African Republic, Mali), areas cleared before the treaty bound the
    /// state with no declaration read (Moldova, Montenegro), islands mined in the Second World War never reported
    /// (Estonia), and no source either way (Tanzania); for the CCM, the Falklands (the United Kingdom), Nigeria, Sierra
    /// Leone, Sri Lanka, and Vanuatu (a party since 2026).
    @Test func theStatesPartiesLeftWithoutARowAreTheUnsettledOnes() {
        let files = Dictionary(uniqueKeysWithValues: ReferenceCoverage(registry).files.map { ($0.name, $0) })
        #expect(
            files["apmbc_article5.csv"]?.missing == ["BFA", "CAF", "CMR", "EST", "MDA", "MLI", "MNE", "TZA"]
        )
        #expect(files["ccm_article4.csv"]?.missing == ["GBR", "LKA", "NGA", "SLE", "VUT"])
    }

    @Test func theLoaderRefusesAnExtensionOfNoObligation() throws {
        let loaded = try BundledRegistry.load(editing: "apmbc_article5_extensions.csv") {
            $0 + "CAN,1,9MSP,,2011-03-01,,https://example.org/a,confirmed,\n"
        }
        guard case .failure(let error) = loaded else {
            Issue.record("the loader took an extension of an obligation Canada does not have")
            return
        }
        #expect(
            "\(error)".contains(
                "[extension-without-obligation] 'CAN' is extended, yet its row in apmbc_article5.csv says it has no obligation"
            )
        )
    }
}
