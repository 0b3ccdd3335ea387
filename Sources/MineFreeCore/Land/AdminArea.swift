import Foundation

/// An administrative area by its P-code (OCHA common operational dataset), level 1 (province) to 4.
public struct AdminArea: Sendable {
    public static let levels = 1...4

    public var pcode: String
    public var name: String
    public var level: Int
    /// The P-code of the area one level up; nil at level 1.
    public var parentPcode: String?
    /// The boundary, when given: one polygon or several (a province with islands or an exclave), each its
    /// exterior ring then holes (lon/lat).
    public var polygons: [[[GeoPoint]]]?
    public var enteredCoordinates: String?
    public var extra: String?

    public init(pcode: String, name: String, level: Int, parentPcode: String?, polygons: [[[GeoPoint]]]? = nil) {
        self.pcode = pcode
        self.name = name
        self.level = level
        self.parentPcode = parentPcode
        self.polygons = polygons
    }

    public init() { self.init(pcode: "", name: "", level: 1, parentPcode: nil) }

    /// Areas ordered so each comes after its parent: how the store writes them (the hierarchy is a foreign key).
    public static func parentsFirst(_ areas: [AdminArea]) -> [AdminArea] {
        areas.sorted { ($0.level, $0.pcode) < ($1.level, $1.pcode) }
    }

    /// The codes an area covers: itself and every area below it, so a province's figures include its districts.
    public static func covered(by pcode: String, in areas: [AdminArea]) -> Set<String> {
        var children: [String: [String]] = [:]
        for a in areas { if let p = a.parentPcode { children[p, default: []].append(a.pcode) } }
        var result: Set<String> = [pcode]
        var queue = [pcode]
        while let next = queue.popLast() {
            for c in children[next] ?? [] where result.insert(c).inserted { queue.append(c) }
        }
        return result
    }
}

extension AdminArea: LayerRecord {
    public static let layer = Layer<AdminArea>(
        name: "admin_areas",
        singular: "admin area",
        area: .land,
        table: "admin_areas",
        key: ["pcode"],
        date: nil,
        collection: .init(
            id: "admin_areas",
            title: "Admin areas",
            description: "Administrative areas by P-code, level and parent, with their boundary where one was recorded."
        ),
        geometry: .polygons(\.polygons, { $0.polygons }, entered: \.enteredCoordinates, isBoundary: true),
        fields: [
            .code("pcode", \.pcode, { $0.pcode }, hxl: "#x_adm+code"),
            .text("name", \.name, { $0.name }, maxLength: 200, hxl: "#x_adm+name"),
            .integer("level", \.level, { $0.level }, 1...4, hxl: "#x_adm+level", expectation: "an admin level 1…4"),
            .code(
                "parent_pcode",
                \.parentPcode,
                { $0.parentPcode },
                hxl: "#x_adm+code+parent",
                references: Reference("admin_areas", rule: "unknown-parent")
            ),
        ]
    )

    /// The hierarchy: a level-1 area has no parent; any other lies in an area one level up.
    public static func checkAcross(_ c: inout CrossCheck) {
        let areas = c.records(AdminArea.self)
        guard !areas.isEmpty else { return }
        var levels: [String: Int] = [:]
        for a in c.known.adminAreas + areas { levels[a.pcode] = a.level }
        let parent = c.name(AdminArea.self, "parent_pcode")
        for (i, a) in areas.enumerated() {
            if a.level == 1 {
                if let p = a.parentPcode {
                    c.fail(
                        AdminArea.self,
                        i,
                        "parent-level",
                        "'\(a.pcode)' is level 1 and cannot have a parent ('\(p)')"
                    )
                }
            } else if let p = a.parentPcode {
                if let pl = levels[p], pl != a.level - 1 {
                    c.fail(
                        AdminArea.self,
                        i,
                        "parent-level",
                        "parent '\(p)' of level-\(a.level) area '\(a.pcode)' is level \(pl), not \(a.level - 1)"
                    )
                }
            } else {
                c.fail(
                    AdminArea.self,
                    i,
                    "required",
                    "\(parent) is empty: a level-\(a.level) area lies in a level-\(a.level - 1) one"
                )
            }
        }
    }
}

extension Dataset {
    /// The same records, admin areas ordered parents first: how a store writes them (the hierarchy is a foreign key).
    public var parentsFirst: Dataset {
        var d = self
        if !d.adminAreas.isEmpty { d.adminAreas = AdminArea.parentsFirst(d.adminAreas) }
        return d
    }

    public var adminAreas: [AdminArea] {
        get { self[AdminArea.self] }
        set { self[AdminArea.self] = newValue }
    }
}

extension AdminArea: KeepsEnteredCoordinates {}
