import Foundation

/// A WGS84 position in degrees, as GeoJSON writes it: longitude first.
public struct GeoPoint: Hashable, Sendable {
    public var lon: Double
    public var lat: Double
    public init(lon: Double, lat: Double) {
        self.lon = lon
        self.lat = lat
    }
}

/// A position in a metric plane (metres).
public struct PlanarPoint: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    public func distance(to other: PlanarPoint) -> Double { (x - other.x).hypot(y - other.y) }
}

extension Double {
    @inline(__always) func hypot(_ other: Double) -> Double { Foundation.hypot(self, other) }
}

/// An axis-aligned box, in degrees or in metres.
public struct BoundingBox: Hashable, Sendable, Codable {
    public var minX: Double
    public var minY: Double
    public var maxX: Double
    public var maxY: Double

    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    /// A lon/lat box written as `minLon,minLat,maxLon,maxLat` (the OGC `bbox` order): nil unless four numbers in
    /// degrees with each minimum below its maximum (`allowDegenerate`: or equal, as a query box may be).
    public init?(lonLatText text: String, allowDegenerate: Bool = false) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map {
            Double($0.trimmingCharacters(in: .whitespaces))
        }
        guard parts.count == 4, let a = parts[0], let b = parts[1], let c = parts[2], let d = parts[3],
            (-180...180).contains(a), (-180...180).contains(c), (-90...90).contains(b), (-90...90).contains(d),
            allowDegenerate ? (a <= c && b <= d) : (a < c && b < d)
        else { return nil }
        self.init(minX: a, minY: b, maxX: c, maxY: d)
    }

    /// The empty box: the identity of `union`.
    public static let empty = BoundingBox(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)

    public var isEmpty: Bool { minX > maxX || minY > maxY }

    /// The lon/lat box of a polygon: its exterior ring bounds the holes too.
    /// The box of a point is the point.
    public init(point p: GeoPoint) {
        self.init(minX: p.lon, minY: p.lat, maxX: p.lon, maxY: p.lat)
    }

    public init(rings: [[GeoPoint]]) {
        self = .empty
        for p in rings.first ?? [] { extend(x: p.lon, y: p.lat) }
    }

    /// The lon/lat box of several polygons.
    public init(polygons: [[[GeoPoint]]]) {
        self = polygons.reduce(.empty) { $0.union(BoundingBox(rings: $1)) }
    }

    public mutating func extend(x: Double, y: Double) {
        if x < minX { minX = x }
        if x > maxX { maxX = x }
        if y < minY { minY = y }
        if y > maxY { maxY = y }
    }

    public func union(_ other: BoundingBox) -> BoundingBox {
        BoundingBox(
            minX: Swift.min(minX, other.minX),
            minY: Swift.min(minY, other.minY),
            maxX: Swift.max(maxX, other.maxX),
            maxY: Swift.max(maxY, other.maxY)
        )
    }

    public func intersects(_ other: BoundingBox) -> Bool {
        minX <= other.maxX && other.minX <= maxX && minY <= other.maxY && other.minY <= maxY
    }

    public func contains(x: Double, y: Double) -> Bool {
        x >= minX && x <= maxX && y >= minY && y <= maxY
    }

    public func expanded(by d: Double) -> BoundingBox {
        BoundingBox(minX: minX - d, minY: minY - d, maxX: maxX + d, maxY: maxY + d)
    }

    public var centre: (x: Double, y: Double) { ((minX + maxX) / 2, (minY + maxY) / 2) }
}
