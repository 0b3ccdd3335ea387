import Foundation
import MineFreeReferenceData
import Testing

@testable import MineFreeCore

/// Cooperation and assistance (issue 18, Art 6): IATI 2.01–2.03 files read into projects and contributions with the
/// figures the fixtures' README works out by hand (Tests/fixtures/iati), IATI 1.03 refused, bad transactions named;
/// funding summed in US dollars at each year's rate from the shipped table.
@Suite struct FundingTests {
    let registry: TreatyRegistry
    let options: IATIReader.Options
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/iati")

    init() throws {
        registry = try ReferenceDataLoader.load(from: BundledReferenceData.directory)
        let alpha3 = Dictionary(
            registry.states.compactMap { s in s.iso2.map { ($0, s.iso3) } },
            uniquingKeysWith: { a, _ in a }
        )
        options = .init(alpha3: alpha3, today: CalendarDate(iso: "2026-12-04")!)
    }

    func read(_ name: String) throws -> IATIRead {
        try IATIReader.read(url: Self.fixtures.appendingPathComponent(name), options: options)
    }

    func day(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }

    @Test func aVersion203FileGivesItsMineActionShare() throws {
        let r = try read("iati-2.03-mine-action.xml")
        #expect(r.version == "2.03" && r.activities == 4 && r.mineActionActivities == 3)
        #expect(r.issues.isEmpty)
        let c = r.contributions
        #expect(c.count == 5)
        // A: the EUR 4.25 million commitment, the disbursement written 2021-03-01Z, a refund as a negative expenditure.
        let a = c.filter { $0.iatiIdentifier == "XI-IATI-MFTEST1-A001" }
        #expect(a.map(\.flow) == [.commitment, .disbursement, .expenditure])
        #expect(a.map(\.amount) == [4_250_000, 1_500_000, -25_000])
        #expect(a.map(\.date) == [day("2020-11-15"), day("2021-03-01"), day("2022-01-10")])
        #expect(a.allSatisfy { $0.currency == "EUR" && $0.recipient == "AZE" && $0.origin == .international })
        #expect(a[1].implementer == "Example Clearance Trust")
        // B: 60% of USD 1,000,000 (the value's currency over the activity's GBP) to Tajikistan.
        let b = try #require(c.first { $0.iatiIdentifier == "XI-IATI-MFTEST1-B002" })
        #expect(b.amount == 600_000 && b.currency == "USD" && b.recipient == "TJK")
        // D: only the transaction whose own sector is 15250.
        let d = c.filter { $0.iatiIdentifier == "XI-IATI-MFTEST1-D004" }
        #expect(d.map(\.amount) == [800_000] && d[0].recipient == "LAO")
        // Activity C (education) gives nothing.
        #expect(!c.contains { $0.iatiIdentifier == "XI-IATI-MFTEST1-C003" })
        let project = try #require(r.projects.first { $0.localID == "XI-IATI-MFTEST1-A001" })
        #expect(project.title == "Land release in the Fizuli test district")
        #expect(project.budget == 4_250_000 && project.currency == "EUR")
        #expect(project.start == day("2020-11-15") && project.end == day("2023-12-31"))
        #expect(project.implementer == "Example Clearance Trust" && project.recipient == "AZE")
        // B's budget: its 15250 share of GBP 800,000.
        #expect(r.projects.first { $0.localID == "XI-IATI-MFTEST1-B002" }?.budget == 480_000)
    }

    @Test func versions201And202DatesLanguagesAndCountrySplits() throws {
        let e = try read("iati-2.01-mine-action.xml")
        #expect(e.version == "2.01" && e.mineActionActivities == 2)
        // 750000.50 is a tie: rounded away from zero.
        #expect(e.contributions.map(\.amount) == [2_000_000, 750_001, 300_000])
        // Zones are dropped, not converted: 2015-07-01+02:00 stays 1 July.
        #expect(e.contributions[0].date == day("2015-07-01"))
        #expect(e.contributions.map(\.recipient) == ["KHM", "KHM", "SEN"])
        let f02 = try #require(e.projects.first { $0.localID == "XI-IATI-MFTEST4-201-F02" })
        #expect(f02.title == "Humanitarian demining in Casamance (fictitious)")
        #expect(f02.implementer == "Association fictive de déminage de Ziguinchor")
        #expect(f02.start == day("2016-01-04"))

        let g = try read("iati-2.02-mine-action.xml")
        #expect(g.version == "2.02" && g.activities == 3 && g.mineActionActivities == 2)
        let g01 = g.contributions.filter { $0.iatiIdentifier == "XI-IATI-MFTEST6-G01" }
        #expect(g01.map(\.flow) == [.incomingCommitment, .incomingFunds, .disbursement, .expenditure])
        #expect(g01.map(\.amount) == [900_000, 450_000, 400_000, 12_346])
        // H: half of each NOK transaction is mine action, split 70/30 between Iraq and Syria.
        let h02 = g.contributions.filter { $0.iatiIdentifier == "XI-IATI-MFTEST6-H02" }
        #expect(h02.map(\.recipient) == ["IRQ", "SYR", "IRQ", "SYR"])
        #expect(h02.map(\.amount) == [700_000, 300_000, 350_000, 150_000])
        // I (DAC-3 152 and a publisher's own "mine action" code) is not mine action.
        #expect(!g.contributions.contains { $0.iatiIdentifier == "XI-IATI-MFTEST6-I03" })
    }

    @Test func noMineActionVersion1AndBadTransactions() throws {
        let none = try read("iati-2.03-no-mine-action.xml")
        // 15261 is child soldiers, not mine action.
        #expect(none.activities == 2 && none.mineActionActivities == 0 && none.contributions.isEmpty)
        #expect(none.warnings.map(\.rule) == ["no-mine-action"])

        let legacy = #expect(throws: IATIRefused.self) { try read("iati-1.03-legacy.xml") }
        #expect(legacy?.message.contains("IATI version 1.03 is not supported") == true)
        #expect(throws: IATIRefused.self) {
            try IATIReader.read(
                data: Data("<iati-organisations version=\"2.03\"/>".utf8),
                name: "o.xml",
                options: options
            )
        }
        #expect(throws: IATIRefused.self) {
            try IATIReader.read(
                data: Data("<iati-activities version=\"2.03\"><oops>".utf8),
                name: "x.xml",
                options: options
            )
        }

        let bad = try read("iati-2.03-bad.xml")
        #expect(bad.contributions.map(\.amount) == [10_000])
        #expect(bad.issues.map(\.rule) == ["iati-value", "iati-value", "unknown-currency", "iati-date"])
        #expect(bad.issues.allSatisfy { $0.item?.contains("XI-IATI-MFTEST11-BAD-01, transaction at line") == true })
        #expect(bad.issues[1].message.contains("'12,5' is not a number"))
        #expect(bad.issues[3].message.contains("'2021-13-45'"))
    }

    @Test func republishedTransactionsKeepTheirIDs() throws {
        let first = try read("iati-2.03-mine-action.xml").contributions.map(\.localID)
        let again = try read("iati-2.03-mine-action.xml").contributions.map(\.localID)
        #expect(first == again && Set(first).count == first.count)
        #expect(first.allSatisfy { $0.hasPrefix("iati-") && $0.count == 21 })
        #expect(IATIReader.day("2020-01-01T10:00:00Z") == day("2020-01-01"))
        #expect(IATIReader.day("2020-01-01+0200") == nil && IATIReader.day("2020-02-30") == nil)
    }

    @Test func totalsInDollarsAtEachYearsRate() throws {
        let rates = ExchangeRates(registry.exchangeRates)
        // Fed G.5A: USD 1.1830 per euro in 2021.
        #expect(rates.rate("EUR", year: 2021) == 0.84531)
        var contributions = try read("iati-2.03-mine-action.xml").contributions
        contributions += try read("iati-2.02-mine-action.xml").contributions
        let asOf = day("2026-12-04")
        let byYear = FundingTotals.of(contributions, by: [.year, .recipient], rates: rates, asOf: asOf)
        // Disbursements and incoming funds: EUR 1.5 million in 2021 at 0.84531, NOK 350,000 + 150,000 in 2019 at 8.8001.
        let azerbaijan = try #require(byYear.rows.first { $0.key == ["2021", "AZE"] })
        #expect(abs(azerbaijan.usd - 1_500_000 / 0.84531) < 0.01)
        let iraq2019 = try #require(byYear.rows.first { $0.key == ["2019", "IRQ"] })
        #expect(abs(iraq2019.usd - 350_000 / 8.8001) < 0.01)
        #expect(byYear.rows.map { $0.key[0] } == byYear.rows.map { $0.key[0] }.sorted())
        #expect(byYear.unconverted.isEmpty)
        // Commitments only: A's EUR 4.25 million in 2020, H's NOK 1 million in 2019.
        let promised = FundingTotals.of(
            contributions,
            by: [.donor],
            rates: rates,
            selection: .init(flows: [.commitment]),
            asOf: asOf
        )
        #expect(promised.count == 3)
        #expect(abs(promised.totalUSD - (4_250_000 / 0.87642 + 1_000_000 / 8.8001)) < 0.01)
        // As of a day before the 2021 disbursement, it is not known.
        let before = FundingTotals.of(contributions, by: [.recipient], rates: rates, asOf: day("2021-03-01"))
        #expect(!before.rows.contains { $0.key == ["AZE"] })
        // A currency-year with no rate is listed apart, never converted with a neighbour's rate.
        var old = contributions[1]
        old.date = day("2005-06-01")
        let missing = FundingTotals.of([old], by: [.donor], rates: rates, asOf: asOf)
        #expect(
            missing.rows.isEmpty
                && missing.unconverted == [.init(currency: "EUR", year: 2005, amount: 1_500_000, contributions: 1)]
        )
    }

    @Test func theInternationalShareAndMoneyPerSquareMetre() {
        let rates = ExchangeRates([])
        let national = Contribution(
            localID: "N-1",
            date: day("2024-03-01"),
            flow: .disbursement,
            donor: "State budget",
            origin: .national,
            amount: 19_000_000,
            currency: "USD",
            sector: .surveyClearance,
            recipient: "AZE"
        )
        var international = national
        international.localID = "I-1"
        international.origin = .international
        international.amount = 1_000_000
        let (m, unconverted) = FundingMeasures.of(
            [national, international],
            recipient: "AZE",
            period: day("2024-01-01")..<day("2025-01-01"),
            rates: rates,
            releasedSquareMetres: 40_000_000,
            asOf: day("2026-01-01")
        )
        // About 5% from abroad, as Azerbaijan reports since 2020.
        #expect(m.internationalShare == 0.05 && unconverted.isEmpty)
        #expect(m.usdPerSquareMetre == 0.5)
        #expect(
            FundingMeasures(nationalUSD: 0, internationalUSD: 0, releasedSquareMetres: nil).internationalShare == nil
        )
    }

    @Test func recordRulesNameTheBadValue() throws {
        let csv = """
            id,date,flow,donor,origin,recipient,amount,currency,sector
            C-1,2024-01-10,disbursement,EU,international,AZE,1000,EUR,survey_clearance
            C-2,2024-01-10,incoming_funds,EU,international,AZ,-5,EURO,mine_action

            """
        let input = ImportInput(name: "contributions.csv", layer: Contribution.info, content: .data(Data(csv.utf8)))
        let outcome = try RecordImport.read([input], rules: ImportRules(), mode: .quarantine)
        #expect(outcome.dataset.contributions.map(\.localID) == ["C-1"])
        let rules = Set(outcome.issues.map(\.rule))
        #expect(rules == ["state-code", "unknown-currency", "below-minimum"], "\(outcome.issues)")
    }
}

@Suite struct IATINumberTests {
    @Test func decimalsAreReadExactlyAndRoundedAwayFromZero() {
        #expect(IATIReader.decimal("1234.56") == Decimal(string: "1234.56"))
        #expect(IATIReader.decimal("-25000") == -25000)
        for bad in ["12,5", "1e5", "", "-", ".", "1-2", "1.2.3", "0x10", "NaN", "١٢"] {
            #expect(IATIReader.decimal(bad) == nil, "\(bad)")
        }
        #expect(IATIReader.whole(Decimal(string: "750000.50")!) == 750_001)
        #expect(IATIReader.whole(Decimal(string: "-0.5")!) == -1)
        #expect(IATIReader.whole(Decimal(string: "12345.49")!) == 12_345)
        // 60% of 1,000,000.01 is 600,000.006: exact in decimal, no binary drift.
        #expect(IATIReader.whole(Decimal(string: "1000000.01")! * Decimal(string: "0.6")!) == 600_000)
    }
}

@Suite struct IATISpoolTests {
    @Test func aSpooledReadWritesTheSameRecordsAsCSV() throws {
        let registry = try ReferenceDataLoader.load(from: BundledReferenceData.directory)
        let alpha3 = Dictionary(
            registry.states.compactMap { s in s.iso2.map { ($0, s.iso3) } },
            uniquingKeysWith: { a, _ in a }
        )
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iati-spool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = FundingTests.fixtures.appendingPathComponent("iati-2.02-mine-action.xml")
        let today = CalendarDate(iso: "2026-12-04")!
        let kept = try IATIReader.read(url: file, options: .init(alpha3: alpha3, today: today))
        let spooled = try IATIReader.read(url: file, options: .init(alpha3: alpha3, today: today, spool: dir))
        #expect(spooled.contributions.isEmpty && spooled.contributionCount == kept.contributions.count)
        #expect(spooled.projectCount == kept.projects.count)
        // The spooled files read back through the ordinary import give the records kept in memory.
        let outcome = try RecordImport.read(spooled.inputs(), rules: ImportRules())
        #expect(outcome.issues.isEmpty, "\(outcome.issues)")
        #expect(outcome.dataset.contributions.map(\.localID) == kept.contributions.map(\.localID))
        #expect(
            outcome.dataset.contributions.map(\.amount) == [
                900_000, 450_000, 400_000, 12_346, 700_000, 300_000, 350_000, 150_000,
            ]
        )
        #expect(outcome.dataset.fundingProjects.map(\.title) == kept.projects.map(\.title))
    }
}

@Suite struct IATIExportTests {
    @Test func anExportReadsBackAsTheSameMoney() throws {
        let registry = try ReferenceDataLoader.load(from: BundledReferenceData.directory)
        let alpha3 = Dictionary(
            registry.states.compactMap { s in s.iso2.map { ($0, s.iso3) } },
            uniquingKeysWith: { a, _ in a }
        )
        let alpha2 = Dictionary(alpha3.map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let today = CalendarDate(iso: "2026-12-04")!
        var projects: [FundingProject] = []
        var contributions: [Contribution] = []
        for name in ["iati-2.03-mine-action.xml", "iati-2.02-mine-action.xml"] {
            let r = try IATIReader.read(
                url: FundingTests.fixtures.appendingPathComponent(name),
                options: .init(alpha3: alpha3, today: today)
            )
            projects += r.projects
            contributions += r.contributions
        }
        // A contribution of the state's own budget, with no project, and a name that needs escaping.
        contributions.append(
            Contribution(
                localID: "N-1",
                date: CalendarDate(iso: "2024-02-01")!,
                flow: .disbursement,
                donor: "Ministry of Finance & Economy <demo>",
                origin: .national,
                amount: 2_000_000,
                currency: "AZN",
                sector: .surveyClearance,
                recipient: "AZE"
            )
        )
        let xml = IATIWriter.document(
            projects: projects,
            contributions: contributions,
            publisher: .init(ref: "XI-IATI-MFEXPORT", name: "Demo mine action agency"),
            alpha2: alpha2,
            generated: today
        )
        #expect(xml.contains("<iati-activities version=\"2.03\""))
        #expect(xml.contains("Ministry of Finance &amp; Economy &lt;demo&gt;"))
        let back = try IATIReader.read(
            data: Data(xml.utf8),
            name: "export.xml",
            options: .init(alpha3: alpha3, today: today)
        )
        #expect(back.version == "2.03" && back.issues.isEmpty)
        #expect(back.mineActionActivities == projects.count + 1)
        func money(_ list: [Contribution]) -> [String] {
            list.map { "\($0.date) \($0.flow.rawValue) \($0.amount) \($0.currency) \($0.recipient ?? "-") \($0.donor)" }
                .sorted()
        }
        #expect(money(back.contributions) == money(contributions))
        #expect(Set(back.projects.map(\.title)).isSuperset(of: projects.map(\.title)))
    }
}
