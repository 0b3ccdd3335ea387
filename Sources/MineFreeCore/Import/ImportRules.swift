import Foundation

/// How an import checks geometry and areas: what the programme's data must satisfy beyond each field's own rules.
public struct ImportRules: Sendable {
    /// Where every position must lie (lon/lat).
    public var bounds: BoundingBox?
    public var minimumDistinctVertices: Int
    public var maximumDistinctVertices: Int?
    public var maximumVertexJump: Double?
    /// The equal-area plane for areas; nil centres one on each file's data.
    public var projection: LambertAzimuthalEqualArea?
    /// A stated area may differ from the geometry's by 1 m² plus this fraction (WORKLOAD rule 6: 0.1%).
    public var areaTolerance: Double
    /// Source column/property name for each field, where they differ (`recorded_date` → `date_found`); a key may
    /// name its layer (`release_events.id`) when layers differ. Kept for `--map`; a mapping profile says more.
    public var fieldNames: [String: String]

    public init(
        bounds: BoundingBox? = nil,
        minimumDistinctVertices: Int = 3,
        maximumDistinctVertices: Int? = nil,
        maximumVertexJump: Double? = 5000,
        projection: LambertAzimuthalEqualArea? = nil,
        areaTolerance: Double = 0.001,
        fieldNames: [String: String] = [:]
    ) {
        self.bounds = bounds
        self.minimumDistinctVertices = minimumDistinctVertices
        self.maximumDistinctVertices = maximumDistinctVertices
        self.maximumVertexJump = maximumVertexJump
        self.projection = projection
        self.areaTolerance = areaTolerance
        self.fieldNames = fieldNames
    }

    /// The benchmark dataset's rules (WORKLOAD §4.1): its bounding box, 6–40 distinct vertices, its spherical LAEA plane
    /// (the one its stated areas were computed in).
    public static let workload = ImportRules(
        bounds: BoundingBox(minX: 44.8, minY: 38.4, maxX: 50.4, maxY: 41.9),
        minimumDistinctVertices: 6,
        maximumDistinctVertices: 40,
        maximumVertexJump: 5000,
        projection: .workload
    )

    /// The smallest area a polygon may have: a sliver that rounds to nothing could never be released.
    public static let minimumAreaM2 = 1.0

    /// The plane a file's areas are measured in: the rules' own, or one centred on the file's data.
    func plane(centredOn box: BoundingBox) -> LambertAzimuthalEqualArea {
        if let projection { return projection }
        guard !box.isEmpty else { return .workload }
        return .wgs84(centre: GeoPoint(lon: box.centre.x, lat: box.centre.y))
    }

    /// The checks a polygon gets: a hazard's or a release's, or an admin boundary's (no vertex limits, no jump).
    func geometryRules(boundary: Bool, plane: LambertAzimuthalEqualArea) -> GeometryRules {
        boundary
            ? GeometryRules(maximumVertexJump: nil, bounds: bounds, projection: plane)
            : GeometryRules(
                minimumDistinctVertices: minimumDistinctVertices,
                maximumDistinctVertices: maximumDistinctVertices,
                maximumVertexJump: maximumVertexJump,
                bounds: bounds,
                projection: plane
            )
    }

    /// Whether a stated area agrees with the polygon's (rule 6).
    public func areaAgrees(stated: Int64, computed: Double) -> Bool {
        abs(Double(stated) - computed) <= 1 + areaTolerance * computed
    }
}
