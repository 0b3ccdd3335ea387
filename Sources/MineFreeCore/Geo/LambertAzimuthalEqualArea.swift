import Foundation

/// The spherical Lambert azimuthal equal-area projection (Snyder, USGS PP 1395, eqs. 24-2…24-4, 20-18,
/// 24-16). Areas are preserved exactly on the sphere, so hazard areas are computed here; on a sphere the
/// closed forms are what PROJ itself evaluates (`+proj=laea +R=…`), to about 1e-9 m.
public struct LambertAzimuthalEqualArea: Sendable, Hashable {
    public let centre: GeoPoint
    public let radius: Double
    private let lon0: Double
    private let sinLat0: Double
    private let cosLat0: Double

    /// The authalic radius PROJ uses for `+R` in the benchmark (WORKLOAD §1).
    public static let meanEarthRadius = 6_371_008.8

    public init(centre: GeoPoint, radius: Double = meanEarthRadius) {
        self.centre = centre
        self.radius = radius
        lon0 = centre.lon * .pi / 180
        let lat0 = centre.lat * .pi / 180
        sinLat0 = sin(lat0)
        cosLat0 = cos(lat0)
    }

    /// `+proj=laea +lat_0=40.15 +lon_0=47.6 +R=6371008.8`: the metric CRS of the benchmark dataset.
    public static let workload = LambertAzimuthalEqualArea(centre: GeoPoint(lon: 47.6, lat: 40.15))

    @inline(__always)
    public func forward(lon: Double, lat: Double) -> PlanarPoint {
        let lam = lon * .pi / 180 - lon0
        let phi = lat * .pi / 180
        let sinPhi = sin(phi)
        let cosPhi = cos(phi)
        let cosLam = cos(lam)
        let k = (2.0 / (1.0 + sinLat0 * sinPhi + cosLat0 * cosPhi * cosLam)).squareRoot()
        return PlanarPoint(
            x: radius * k * cosPhi * sin(lam),
            y: radius * k * (cosLat0 * sinPhi - sinLat0 * cosPhi * cosLam))
    }

    public func forward(_ p: GeoPoint) -> PlanarPoint { forward(lon: p.lon, lat: p.lat) }

    public func inverse(_ p: PlanarPoint) -> GeoPoint {
        let rho = (p.x * p.x + p.y * p.y).squareRoot()
        guard rho > 0 else { return centre }
        let c = 2 * asin(min(1, rho / (2 * radius)))
        let sinC = sin(c)
        let cosC = cos(c)
        let phi = asin(cosC * sinLat0 + p.y * sinC * cosLat0 / rho)
        let lam = lon0 + atan2(p.x * sinC, rho * cosLat0 * cosC - p.y * sinLat0 * sinC)
        return GeoPoint(lon: lam * 180 / .pi, lat: phi * 180 / .pi)
    }
}
