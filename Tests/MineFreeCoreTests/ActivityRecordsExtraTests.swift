import Testing

@testable import MineFreeCore

@Suite struct AdminAreaCoverageTests {
    @Test func aProvinceCoversItsDistrictsAndTheirCommunes() {
        let areas = [
            AdminArea(pcode: "TJ01", name: "Khatlon", level: 1, parentPcode: nil),
            AdminArea(pcode: "TJ0101", name: "Shahritus", level: 2, parentPcode: "TJ01"),
            AdminArea(pcode: "TJ0102", name: "Panj", level: 2, parentPcode: "TJ01"),
            AdminArea(pcode: "TJ010201", name: "Panj jamoat", level: 3, parentPcode: "TJ0102"),
            AdminArea(pcode: "TJ02", name: "GBAO", level: 1, parentPcode: nil),
        ]
        #expect(AdminArea.covered(by: "TJ01", in: areas) == ["TJ01", "TJ0101", "TJ0102", "TJ010201"])
        #expect(AdminArea.covered(by: "TJ0102", in: areas) == ["TJ0102", "TJ010201"])
        #expect(AdminArea.covered(by: "TJ02", in: areas) == ["TJ02"])
        // A code the areas do not hold covers only itself (the programme's region codes without admin areas).
        #expect(AdminArea.covered(by: "R01", in: areas) == ["R01"])
    }
}

@Suite struct AccountRulesTests {
    @Test func aNewAccountNeedsAUsableNameRoleOrganisationAndPassword() {
        #expect(
            AccountRules.check(
                username: "tmac.data",
                role: .authority,
                organisation: "TMAC",
                password: "long enough pw"
            ) == nil
        )
        #expect(
            AccountRules.check(username: "BAD NAME", role: .operator, organisation: "HALO", password: "long enough pw")?
                .field == "username"
        )
        #expect(
            AccountRules.check(username: "donor", role: .public, organisation: "EU", password: "long enough pw")?.field
                == "role"
        )
        #expect(
            AccountRules.check(username: "donor", role: .viewer, organisation: "EU", password: "short")?.description
                == "password: use at least 10 characters"
        )
        #expect(
            AccountRules.check(username: "donor", role: .viewer, organisation: "  ", password: "long enough pw")?.field
                == "organisation"
        )
    }

    @Test func aReturnedSubmissionSaysWhyAndADecisionStands() {
        #expect(SubmissionState.missingReason(approve: false, comment: "  \n") == "say why the submission is returned")
        #expect(SubmissionState.missingReason(approve: false, comment: nil) != nil)
        #expect(SubmissionState.missingReason(approve: false, comment: "area exceeds the survey polygon") == nil)
        #expect(SubmissionState.missingReason(approve: true, comment: nil) == nil)
        #expect(SubmissionState.allCases.filter(\.awaitsReview) == [.submitted])
    }

    @Test func aBoxIsReadInTheOGCOrder() {
        #expect(
            BoundingBox(lonLatText: "44.8, 38.4,50.4,41.9")
                == BoundingBox(minX: 44.8, minY: 38.4, maxX: 50.4, maxY: 41.9)
        )
        #expect(BoundingBox(lonLatText: "1,2,3") == nil)
        #expect(BoundingBox(lonLatText: "50,40,45,41") == nil)
        #expect(BoundingBox(lonLatText: "10,50,10,50") == nil)
        #expect(BoundingBox(lonLatText: "10,50,10,50", allowDegenerate: true) != nil)
        #expect(BoundingBox(lonLatText: "10,95,11,96") == nil)
    }
}
