import Testing

@testable import MineFreeCore

/// Each rule of the reference data loader refuses a broken file with file, line and rule.
@Suite struct ReferenceDataValidationTests {
    func only(_ issues: [ReferenceDataIssue]) -> ReferenceDataIssue? { issues.count == 1 ? issues[0] : nil }

    @Test func theFixtureLoads() throws {
        #expect(try Fixture.issues(replacing: "states.csv") { $0 }.isEmpty)
    }

    @Test func aDuplicateStateIsRefused() throws {
        let issues = try Fixture.issues(replacing: "states.csv") {
            $0 + "AAA,AX,999,Again,un_member,Europe,Northern Europe,,1955-12-14,\(Fixture.src),confirmed\n"
        }
        let issue = try #require(only(issues))
        #expect(issue.file == "states.csv")
        #expect(issue.line == 9)
        #expect(issue.rule == "unique-state")
        #expect(issue.message.contains("AAA"))
    }

    @Test func anUnknownStateCodeIsRefused() throws {
        let issues = try Fixture.issues(replacing: "apmbc_participation.csv") {
            $0.replacingOccurrences(of: "apmbc,BBB,", with: "apmbc,QQQ,")
        }
        // The row is refused, so BBB's obligation rows no longer name a party: each is reported too.
        #expect(issues.map(\.rule) == ["unknown-state", "not-a-party", "not-a-party"])
        let issue = issues[0]
        #expect(issue.file == "apmbc_participation.csv")
        #expect(issue.line == 3)
        #expect(issue.message.contains("QQQ"))
    }

    @Test func aRatificationBeforeItsSignatureIsRefused() throws {
        let issues = try Fixture.issues(replacing: "apmbc_participation.csv") {
            $0.replacingOccurrences(of: "apmbc,AAA,1997-12-03,1998-01-10", with: "apmbc,AAA,1998-02-03,1998-01-10")
        }
        let issue = try #require(only(issues))
        #expect(issue.rule == "signature-before-deposit")
        #expect(issue.line == 2)
    }

    @Test func anAccessionAfterASignatureIsRefused() throws {
        let issues = try Fixture.issues(replacing: "apmbc_participation.csv") {
            $0.replacingOccurrences(of: "apmbc,BBB,,2005-07-15", with: "apmbc,BBB,1997-12-03,2005-07-15")
        }
        #expect(try #require(only(issues)).rule == "signature-before-deposit")
    }

    @Test func anEntryIntoForceThatBreaksArticle17IsRefused() throws {
        let issues = try Fixture.issues(replacing: "apmbc_participation.csv") {
            $0.replacingOccurrences(of: "accession,2000-08-01", with: "accession,2000-09-01")
        }
        let issue = try #require(only(issues))
        #expect(issue.rule == "entry-into-force")
        #expect(issue.line == 5)
        #expect(issue.message.contains("2000-08-01"))
    }

    @Test func anImpossibleDateIsRefused() throws {
        let issues = try Fixture.issues(replacing: "apmbc_participation.csv") {
            $0.replacingOccurrences(of: "2005-07-15", with: "2005-02-29")
        }
        let issue = try #require(issues.first)
        #expect(issue.rule == "date")
        #expect(issue.file == "apmbc_participation.csv")
        #expect(issue.line == 3)
        #expect(issue.message.contains("2005-02-29"))
    }

    @Test func aWithdrawalEffectiveBeforeSixMonthsIsRefused() throws {
        let issues = try Fixture.issues(replacing: "apmbc_participation.csv") {
            $0.replacingOccurrences(of: "2025-06-27,2025-12-27", with: "2025-06-27,2025-10-01")
        }
        #expect(try #require(only(issues)).rule == "withdrawal")
    }

    @Test func anUnknownDecisionsRecordedValueIsRefused() throws {
        let issues = try Fixture.issues(replacing: "apmbc_meetings.csv") { _ in
            """
            convention,code,name,city,country_iso3,start_date,end_date,decisions_recorded,source,confidence
            apmbc,9MSP,Ninth Meeting of the States Parties,Geneva,,2008-11-24,2008-11-28,some,\(Fixture.src),confirmed

            """
        }
        #expect(issues.map(\.rule) == ["enum"] && issues.first?.message.contains("'some'") == true)
    }

    @Test func aSuspensionBeforeAnyDepositIsRefused() throws {
        // The optional column: a signatory cannot suspend what it never joined, nor a party before its deposit.
        let issues = try Fixture.issues(replacing: "apmbc_participation.csv") { _ in
            """
            convention,iso3,signed,deposited,instrument,entry_into_force,withdrawal_notified,withdrawal_effective,suspension_notified,source,confidence,notes
            apmbc,AAA,1997-12-03,1998-01-10,ratification,1999-03-01,,,1998-01-09,\(Fixture.src),confirmed,
            apmbc,BBB,,2005-07-15,accession,,,,2025-07-18,\(Fixture.src),confirmed,
            apmbc,CCC,1997-12-04,,,,,,2025-07-18,\(Fixture.src),confirmed,signed only
            apmbc,DDD,,2000-02-10,accession,2000-08-01,2025-06-27,2025-12-27,,\(Fixture.src),confirmed,withdrew
            apmbc,VVV,1997-12-04,1998-02-17,ratification,,,,,\(Fixture.src),single-source,

            """
        }
        #expect(issues.map(\.rule) == ["suspension", "suspension"])
        #expect(issues.map(\.line) == [2, 4])
    }

    @Test func anExtensionBeyondTenYearsOrToAnUnknownMeetingIsRefused() throws {
        let long = try Fixture.issues(replacing: "apmbc_article5_extensions.csv") {
            $0.replacingOccurrences(of: "2019-03-01", with: "2019-03-02")
        }
        #expect(try #require(only(long)).rule == "extension")
        let meeting = try Fixture.issues(replacing: "apmbc_article5_extensions.csv") {
            $0.replacingOccurrences(of: "9MSP", with: "99MSP")
        }
        #expect(meeting.map(\.rule) == ["unknown-meeting", "required"])
    }

    @Test func aSourceThatIsNotAURLAndAnUnknownConfidenceAreRefused() throws {
        let issues = try Fixture.issues(replacing: "apmbc_meetings.csv") {
            $0.replacingOccurrences(of: "\(Fixture.src),confirmed", with: "my notes,sure")
        }
        #expect(Set(issues.map(\.rule)) == ["source", "enum"])
    }

    @Test func everyIssueIsReportedNotOnlyTheFirst() throws {
        let issues = try Fixture.issues(replacing: "states.csv") {
            $0.replacingOccurrences(of: "1955-12-14", with: "1955-13-14")
                .replacingOccurrences(of: "Central Asia,,1992-03-02", with: "Central Asia,,")
        }
        #expect(issues.map(\.rule) == ["date", "un-member-since"])
        #expect(issues.map(\.line) == [2, 3])
    }

    @Test func aTruncatedFileIsACSVError() {
        #expect(throws: CSVTable.ParseError.unterminatedQuote(line: 2)) {
            try CSVTable(text: "a,b\n\"unterminated,1\n")
        }
        #expect(throws: CSVTable.ParseError.fieldCount(line: 3, expected: 2, found: 1)) {
            try CSVTable(text: "a,b\n1,2\n3\n")
        }
    }
}
