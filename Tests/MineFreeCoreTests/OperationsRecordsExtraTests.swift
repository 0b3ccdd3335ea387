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
