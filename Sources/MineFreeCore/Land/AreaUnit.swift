import Foundation

/// Areas for people: m², hectares, km², exact in both directions (1 ha = 10,000 m²; 1 km² = 100 ha).
public enum AreaUnit: String, CaseIterable, Sendable {
    case squareMetres = "m2"
    case hectares = "ha"
    case squareKilometres = "km2"

    public var squareMetres: Int64 {
        switch self {
        case .squareMetres: return 1
        case .hectares: return 10_000
        case .squareKilometres: return 1_000_000
        }
    }

    /// `m2` in this unit as a decimal string with `decimals` places, rounded half up, computed in integers.
    public func format(_ m2: Int64, decimals: Int) -> String {
        let per = squareMetres
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        // (m2 * scale / per) rounded half away from zero, without floating point.
        let numerator = m2.magnitude * UInt64(scale)
        let q = (numerator + UInt64(per) / 2) / UInt64(per)
        let whole = q / UInt64(scale)
        let frac = q % UInt64(scale)
        let sign = m2 < 0 && q > 0 ? "-" : ""
        guard decimals > 0 else { return "\(sign)\(whole)" }
        let f = String(frac)
        return "\(sign)\(whole)." + String(repeating: "0", count: decimals - f.count) + f
    }
}
