import Foundation

public enum InfrastructureType: String, CaseIterable, Sendable, Codable {
    case health, school, water, power
    case culturalHeritage = "cultural_heritage"
}

public struct InfrastructurePoint: Sendable {
    public var localID: String
    public var type: InfrastructureType
    public var location: GeoPoint
    public var extra: String?

    public init(localID: String, type: InfrastructureType, location: GeoPoint) {
        self.localID = localID
        self.type = type
        self.location = location
    }

    public init() { self.init(localID: "", type: .health, location: GeoPoint(lon: 0, lat: 0)) }
}

extension InfrastructurePoint: LayerRecord {
    public static let layer = Layer<InfrastructurePoint>(
        name: "infrastructure",
        singular: "site",
        area: .land,
        table: "infrastructure_points",
        key: ["id"],
        date: nil,
        spatialIndex: true,
        collection: .init(
            id: "infrastructure",
            title: "Infrastructure",
            description: "Health, school, water, power and cultural heritage sites."
        ),
        geometry: .point(\.location, { $0.location }),
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_infrastructure+id"),
            .choice("type", \.type, { $0.type }, hxl: "#loc+type"),
        ]
    )
}

extension Dataset {
    public var infrastructure: [InfrastructurePoint] {
        get { self[InfrastructurePoint.self] }
        set { self[InfrastructurePoint.self] = newValue }
    }
}
