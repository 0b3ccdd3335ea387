import Foundation

/// A settlement: where people live and displaced households wait to return.
public struct Settlement: Sendable {
    public var localID: String
    public var name: String
    public var population: Int64
    public var idpHouseholds: Int64
    public var location: GeoPoint
    /// The admin area (P-code) the settlement lies in: as given, or placed by the recorded boundaries.
    public var adminPcode: String?
    public var extra: String?

    public init(
        localID: String,
        name: String,
        population: Int64,
        idpHouseholds: Int64,
        location: GeoPoint,
        adminPcode: String? = nil
    ) {
        self.localID = localID
        self.name = name
        self.population = population
        self.idpHouseholds = idpHouseholds
        self.location = location
        self.adminPcode = adminPcode
    }

    public init() {
        self.init(localID: "", name: "", population: 0, idpHouseholds: 0, location: GeoPoint(lon: 0, lat: 0))
    }
}

extension Settlement: LayerRecord {
    public static let layer = Layer<Settlement>(
        name: "settlements",
        singular: "settlement",
        area: .land,
        table: "settlements",
        key: ["id"],
        date: nil,
        spatialIndex: true,
        collection: .init(
            id: "settlements",
            title: "Settlements",
            description: "Settlements with their population and displaced households waiting to return."
        ),
        geometry: .point(\.location, { $0.location }),
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_settlements+id"),
            .text("name", \.name, { $0.name }, maxLength: 200, hxl: "#loc+name"),
            .integer("population", \.population, { $0.population }, 0...2_000_000_000, hxl: "#population"),
            .integer(
                "idp_households",
                \.idpHouseholds,
                { $0.idpHouseholds },
                0...1_000_000_000,
                hxl: "#affected+idps+households"
            ),
            .code("admin_pcode", \.adminPcode, { $0.adminPcode }, hxl: "#adm+code"),
        ]
    )

    /// Placed by the boundaries when it names no area: known only once every file is read.
    public static var completedAcross: Bool { true }

    /// A settlement names a recorded admin area and lies in it wherever that area (or one above it) has a boundary;
    /// one naming none is placed in the most precise area whose boundary holds it.
    public static func checkAcross(_ c: inout CrossCheck) {
        let settlements = c.records(Settlement.self)
        guard !settlements.isEmpty else { return }
        let areas = c.known.adminAreas + c.records(AdminArea.self)
        let known = Set(areas.map(\.pcode))
        let boundaries = AdminBoundaries(areas)
        var placed: [(Int, String)] = []
        for (i, s) in settlements.enumerated() {
            guard let pcode = s.adminPcode else {
                if !boundaries.isEmpty, let area = boundaries.locate(s.location) { placed.append((i, area)) }
                continue
            }
            if !known.contains(pcode) {
                c.fail(
                    Settlement.self,
                    i,
                    "unknown-admin-area",
                    "\(c.name(Settlement.self, "admin_pcode")) '\(pcode)' \(CrossCheck.notKnown)"
                )
            } else if boundaries.contains(pcode, s.location) == false {
                c.fail(
                    Settlement.self,
                    i,
                    "outside-admin-area",
                    "(\(s.location.lon), \(s.location.lat)) lies outside the boundary of '\(boundaries.boundaryArea(of: pcode) ?? pcode)'"
                )
            }
        }
        if !placed.isEmpty {
            c.modify(Settlement.self) { records in for (i, area) in placed { records[i].adminPcode = area } }
        }
    }
}

extension Dataset {
    public var settlements: [Settlement] {
        get { self[Settlement.self] }
        set { self[Settlement.self] = newValue }
    }
}
