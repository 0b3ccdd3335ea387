import Foundation

/// A reference ellipsoid, by its semi-major axis and flattening.
public struct Ellipsoid: Sendable, Hashable {
    public let semiMajorAxis: Double
    public let flattening: Double

    public init(semiMajorAxis: Double, inverseFlattening: Double) {
        self.semiMajorAxis = semiMajorAxis
        flattening = 1 / inverseFlattening
    }

    public var eccentricitySquared: Double { flattening * (2 - flattening) }

    /// GPS positions and GeoJSON (RFC 7946) are WGS84.
    public static let wgs84 = Ellipsoid(semiMajorAxis: 6_378_137, inverseFlattening: 298.257_223_563)
    /// ETRS89's ellipsoid (EPSG:3035); its minor axis differs from WGS84's by 0.1 mm.
    public static let grs80 = Ellipsoid(semiMajorAxis: 6_378_137, inverseFlattening: 298.257_222_101)
}

/// The Lambert azimuthal equal-area projection, on a sphere or, oblique, on an ellipsoid (Snyder, USGS PP 1395).
/// Areas in the plane equal areas on the surface, so hazard areas are the shoelace areas of projected vertices.
///
/// Sphere (the default, and the benchmark's `+R=6371008.8`): eqs. 24-2…24-4, 20-18, 24-16; the closed forms
/// are what PROJ itself evaluates, to about 1e-9 m.
///
/// Ellipsoid (`init(centre:ellipsoid:)`, `+ellps=WGS84`): latitudes go to the authalic sphere of radius Rq
/// (eqs. 3-11…3-13), where the spherical formulas apply, and D rescales x and y so the scale is true in every
/// direction at the centre (eqs. 24-17…24-20; inverse 24-26…24-30, φ from β by 3-18 refined with 3-16).
/// A GIS's ellipsoidal or geodesic areas (EPSG:3035, GeographicLib) agree with these to 1e-6 or better; a sphere's
/// do not: its areas run 0.44 % over the ellipsoid's at 5° N, 0.2 % under at 44° N, 0.56 % under at 60° N
/// (docs/AREAS.md).
public struct LambertAzimuthalEqualArea: Sendable, Hashable {
    public let centre: GeoPoint
    /// The sphere's radius; on an ellipsoid, the authalic radius Rq (the sphere with the ellipsoid's surface area).
    public let radius: Double
    /// nil on the sphere.
    public let ellipsoid: Ellipsoid?
    private let lon0: Double
    // Sine and cosine of the centre's authalic latitude β1 (on the sphere, its latitude).
    private let sinLat0: Double
    private let cosLat0: Double
    // Ellipsoid only (e = 0 on the sphere, where D = 1 and x, y scale by the radius alone).
    private let e: Double
    private let e2: Double
    private let qp: Double
    private let sinBetaPerSeries: Double  // (1 − e²)/qp: sin β = sin φ · series · this, one product for two divisions
    private let d: Double
    private let radiusTimesD: Double
    private let radiusOverD: Double

    /// The authalic radius PROJ uses for `+R` in the benchmark (WORKLOAD §1).
    public static let meanEarthRadius = 6_371_008.8

    public init(centre: GeoPoint, radius: Double = meanEarthRadius) {
        self.centre = centre
        self.radius = radius
        ellipsoid = nil
        lon0 = centre.lon * .pi / 180
        let lat0 = centre.lat * .pi / 180
        sinLat0 = sin(lat0)
        cosLat0 = cos(lat0)
        e = 0
        e2 = 0
        qp = 2
        sinBetaPerSeries = 0
        d = 1
        radiusTimesD = radius
        radiusOverD = radius
    }

    public init(centre: GeoPoint, ellipsoid: Ellipsoid) {
        self.centre = centre
        self.ellipsoid = ellipsoid
        let a = ellipsoid.semiMajorAxis
        e2 = ellipsoid.eccentricitySquared
        precondition(
            e2 > 0 && e2 <= 0.007,
            "an Earth ellipsoid, e² ≤ 0.007 (forward's series for q); a sphere takes init(centre:radius:)"
        )
        e = e2.squareRoot()
        lon0 = centre.lon * .pi / 180
        let qp = Self.q(sinPhi: 1, e: e, e2: e2)
        self.qp = qp
        sinBetaPerSeries = (1 - e2) / qp
        let rq = a * (qp / 2).squareRoot()
        radius = rq
        let lat0 = centre.lat * .pi / 180
        let sinPhi0 = sin(lat0)
        let sinBeta0 = Self.q(sinPhi: sinPhi0, e: e, e2: e2) / qp
        let cosBeta0 = Self.cosine(ofSine: sinBeta0)
        sinLat0 = sinBeta0
        cosLat0 = cosBeta0
        // D → 1 at a pole (the polar aspect), where m1 / cos β1 is 0/0.
        let m1 = cos(lat0) / (1 - e2 * sinPhi0 * sinPhi0).squareRoot()
        let d = cosBeta0 > 1e-12 ? a * m1 / (rq * cosBeta0) : 1
        self.d = d
        radiusTimesD = rq * d
        radiusOverD = rq / d
    }

    /// `+proj=laea +lat_0=… +lon_0=… +ellps=WGS84`.
    public static func wgs84(centre: GeoPoint) -> LambertAzimuthalEqualArea {
        LambertAzimuthalEqualArea(centre: centre, ellipsoid: .wgs84)
    }

    /// `+proj=laea +lat_0=40.15 +lon_0=47.6 +R=6371008.8`: the metric CRS of the benchmark dataset.
    public static let workload = LambertAzimuthalEqualArea(centre: GeoPoint(lon: 47.6, lat: 40.15))

    public var isEllipsoidal: Bool { e != 0 }

    /// Snyder's q (eq. 3-12); (1/2e)·ln((1 − e·s)/(1 + e·s)) is −atanh(e·s)/e.
    static func q(sinPhi s: Double, e: Double, e2: Double) -> Double {
        (1 - e2) * (s / (1 - e2 * s * s) + atanh(e * s) / e)
    }

    /// q/((1 − e²)·sin φ) as a power series in x = e²·sin²φ, for `forward`: atanh and the division cost about
    /// 45 ns a vertex, this polynomial a few. With 1/(1 − x) = Σ xᵏ and atanh(e·s)/e = s·Σ xᵏ/(2k+1),
    /// q = (1 − e²)·s·Σ xᵏ·(2k+2)/(2k+1). For x ≤ 0.007 the terms after x⁷ are below 3e-18 of the sum, so q
    /// agrees with the closed form to 3 ulps; every terrestrial ellipsoid has e² ≈ 0.0067. Evaluated in pairs
    /// (Estrin's scheme): Horner's chain of dependent products made forward 30 % slower than the sphere's.
    @inline(__always)
    static func qSeries(x: Double) -> Double {
        let x2 = x * x
        let x4 = x2 * x2
        let c01 = 2 + 4.0 / 3 * x
        let c23 = 6.0 / 5 + 8.0 / 7 * x
        let c45 = 10.0 / 9 + 12.0 / 11 * x
        let c67 = 14.0 / 13 + 16.0 / 15 * x
        return (c01 + c23 * x2) + (c45 + c67 * x2) * x4
    }

    /// cos from sin for an angle in [−90°, 90°]; (1 − s)(1 + s) keeps its digits near the poles, 1 − s² does not.
    @inline(__always)
    static func cosine(ofSine s: Double) -> Double {
        max(0, (1 - s) * (1 + s)).squareRoot()
    }

    @inline(__always)
    public func forward(lon: Double, lat: Double) -> PlanarPoint {
        let lam = lon * .pi / 180 - lon0
        let phi = lat * .pi / 180
        // On the ellipsoid the spherical formulas take the authalic latitude β: sin β = q/qp (eq. 3-11).
        let sinPhi: Double
        let cosPhi: Double
        if e == 0 {
            sinPhi = sin(phi)
            cosPhi = cos(phi)
        } else {
            let s = sin(phi)
            sinPhi = s * Self.qSeries(x: e2 * s * s) * sinBetaPerSeries
            cosPhi = Self.cosine(ofSine: sinPhi)
        }
        let cosLam = cos(lam)
        let k = (2.0 / (1.0 + sinLat0 * sinPhi + cosLat0 * cosPhi * cosLam)).squareRoot()
        return PlanarPoint(
            x: radiusTimesD * k * cosPhi * sin(lam),
            y: radiusOverD * k * (cosLat0 * sinPhi - sinLat0 * cosPhi * cosLam)
        )
    }

    public func forward(_ p: GeoPoint) -> PlanarPoint { forward(lon: p.lon, lat: p.lat) }

    public func inverse(_ p: PlanarPoint) -> GeoPoint {
        // Undo D (eq. 24-28); on the sphere D = 1 and this changes no bit.
        let x = p.x / d
        let y = p.y * d
        let rho = (x * x + y * y).squareRoot()
        guard rho > 0 else { return centre }
        let c = 2 * asin(min(1, rho / (2 * radius)))
        let sinC = sin(c)
        let cosC = cos(c)
        let phi = asin(cosC * sinLat0 + y * sinC * cosLat0 / rho)
        let lam = lon0 + atan2(x * sinC, rho * cosLat0 * cosC - y * sinLat0 * sinC)
        let lat = e == 0 ? phi : latitude(authalic: phi)
        return GeoPoint(lon: lam * 180 / .pi, lat: lat * 180 / .pi)
    }

    /// Geodetic latitude φ from authalic latitude β (radians): Snyder's series 3-18 to start, then Newton's
    /// steps on q (eq. 3-16), which reach double precision in one or two steps where the series alone stops
    /// near 1e-9 rad.
    func latitude(authalic beta: Double) -> Double {
        let q = qp * sin(beta)
        let e4 = e2 * e2
        let e6 = e4 * e2
        var phi =
            beta
            + (e2 / 3 + 31 * e4 / 180 + 517 * e6 / 5040) * sin(2 * beta)
            + (23 * e4 / 360 + 251 * e6 / 3780) * sin(4 * beta)
            + (761 * e6 / 45360) * sin(6 * beta)
        for _ in 0..<4 {
            let s = sin(phi)
            let c = cos(phi)
            guard c > 1e-12 else { break }  // at a pole the series is exact and the step 0/0
            let w = 1 - e2 * s * s
            let step = w * w / (2 * c) * (q / (1 - e2) - s / w - atanh(e * s) / e)
            phi += step
            if abs(step) < 1e-15 { break }
        }
        return phi
    }
}
