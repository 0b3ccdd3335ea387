import Foundation

public enum RoadClass: String, CaseIterable, Sendable, Codable {
    case primary, secondary, track
}

public struct Road: Sendable {
    public var localID: String
    public var roadClass: RoadClass
    public var line: [GeoPoint]
    public var enteredCoordinates: String?
    public var extra: String?

    public init(localID: String, roadClass: RoadClass, line: [GeoPoint], enteredCoordinates: String? = nil) {
        self.localID = localID
        self.roadClass = roadClass
        self.line = line
        self.enteredCoordinates = enteredCoordinates
    }

    public init() { self.init(localID: "", roadClass: .track, line: []) }
}

extension Road: LayerRecord {
    public static let layer = Layer<Road>(
        name: "roads",
        singular: "road",
        area: .land,
        table: "roads",
        key: ["id"],
        date: nil,
        spatialIndex: true,
        collection: .init(id: "roads", title: "Roads", description: "Roads by class."),
        geometry: .line(\.line, { $0.line }, entered: \.enteredCoordinates),
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_roads+id"),
            .choice("class", \.roadClass, { $0.roadClass }, hxl: "#x_road+class"),
        ]
    )
}

extension Dataset {
    public var roads: [Road] {
        get { self[Road.self] }
        set { self[Road.self] = newValue }
    }
}

extension Road: KeepsEnteredCoordinates {}
