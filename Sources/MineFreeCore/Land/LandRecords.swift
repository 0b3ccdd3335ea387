import Foundation

/// IMAS 07.11: suspected (indirect evidence) or confirmed (direct evidence) hazardous area.
public enum HazardClassification: String, CaseIterable, Sendable, Codable {
    case suspected = "SHA"
    case confirmed = "CHA"
}

/// What contaminates an area. Reports keep these apart: the Monitor's ERW excludes mines, and
/// cluster munition remnants answer to the CCM, not the APMBC.
public enum ContaminationType: String, CaseIterable, Sendable, Codable {
    case antiPersonnel = "AP"
    case antiVehicle = "AT"
    /// Improvised mines (count as AP mines under the APMBC).
    case improvised = "IM"
    /// Explosive remnants of war other than mines: UXO and abandoned ordnance.
    case explosiveRemnants = "ERW"
    /// Cluster munition remnants.
    case clusterMunitionRemnants = "CM"

    /// Accepts the code, and "CMR" for cluster munition remnants.
    public init?(code: String) {
        if code == "CMR" { self = .clusterMunitionRemnants; return }
        self.init(rawValue: code)
    }

    /// Several types in one field, "AT;ERW", as files, the store and exports carry them; nil if one is unknown.
    public static func list(_ text: String) -> [ContaminationType]? {
        var types: [ContaminationType] = []
        for code in LandValidation.codes(text) {
            guard let t = ContaminationType(code: code) else { return nil }
            types.append(t)
        }
        return types
    }

    public static func text(_ types: [ContaminationType]) -> String { types.map(\.rawValue).joined(separator: ";") }
}

/// Where the knowledge of a hazardous area came from (GICHD minimum data requirements: information source).
public enum InformationSource: String, CaseIterable, Sendable, Codable {
    case deskAssessment = "desk_assessment"
    case nonTechnicalSurvey = "non_technical_survey"
    case technicalSurvey = "technical_survey"
    case communityReport = "community_report"
    case accidentReport = "accident_report"
    case other
}

/// IMAS 07.11 land release: by non-technical survey (cancelled), technical survey (reduced) or clearance.
public enum ReleaseMethod: String, CaseIterable, Sendable, Codable {
    case cancelled, reduced, cleared
}

/// The life cycle of a hazardous area (IMSMA: open → worked on → closed).
public enum HazardStatus: String, CaseIterable, Sendable, Codable {
    case open
    case workedOn = "worked_on"
    case closed
}

/// Whether clearance teams can reach an area (IMSMA: accessibility, with the reason when not).
public enum Accessibility: String, CaseIterable, Sendable, Codable {
    case accessible, inaccessible
}

/// A dated change to a hazard's classification or accessibility. The hazard record itself is never
/// edited: its state on any day is the recorded one with every revision dated before that day applied,
/// in date order (IMSMA NG's "Date of Information" rule, kept as history instead of overwritten).
public struct HazardRevision: Sendable, Hashable {
    public var localID: String
    public var hazardID: String
    public var dateOfInformation: CalendarDate
    public var classification: HazardClassification?
    public var accessibility: Accessibility?
    /// Why it is inaccessible (security, access denied, terrain, season…), when it is.
    public var inaccessibleReason: String?
    /// Why the change was made: "NTS found direct evidence", "data entry correction"…
    public var reason: String

    public init(
        localID: String, hazardID: String, dateOfInformation: CalendarDate, classification: HazardClassification?,
        accessibility: Accessibility?, inaccessibleReason: String?, reason: String
    ) {
        self.localID = localID
        self.hazardID = hazardID
        self.dateOfInformation = dateOfInformation
        self.classification = classification
        self.accessibility = accessibility
        self.inaccessibleReason = inaccessibleReason
        self.reason = reason
    }
}

/// A recorded hazardous area. Its area is the recorded one (what land release is counted against).
public struct HazardousArea: Sendable {
    /// The programme's own id (IMSMA "local id"), e.g. HA-0000001.
    public var localID: String
    /// Admin area code (P-code or programme region).
    public var region: String
    public var classification: HazardClassification
    /// The main contamination: what progress by contamination counts the area under.
    public var contamination: ContaminationType
    /// Any further types found in the same area (an AP and AT minefield, mines among ERW), main one excluded.
    public var otherContamination: [ContaminationType] = []
    public var recordedDate: CalendarDate
    /// Where the knowledge of the area came from, and what it rests on (a mine seen, an accident, a record).
    public var informationSource: InformationSource?
    public var evidence: String?
    public var areaM2: Int64
    /// Exterior ring then holes, lon/lat.
    public var rings: [[GeoPoint]]
    public var bounds: BoundingBox
    /// The GeoJSON coordinates text as the user entered it (kept as provenance), when it came from a file.
    public var enteredCoordinates: String?

    public init(
        localID: String, region: String, classification: HazardClassification, contamination: ContaminationType,
        recordedDate: CalendarDate, areaM2: Int64, rings: [[GeoPoint]]
    ) {
        self.localID = localID
        self.region = region
        self.classification = classification
        self.contamination = contamination
        self.recordedDate = recordedDate
        self.areaM2 = areaM2
        self.rings = rings
        self.bounds = BoundingBox(rings: rings)
    }

    /// Whether the area was found after the programme's baseline (new contamination, not the baseline's).
    public func isNewlyFound(baseline: CalendarDate?) -> Bool {
        guard let baseline else { return false }
        return recordedDate >= baseline
    }
}

/// One land release output: part of a hazard cancelled, reduced or cleared on a date.
public struct LandRelease: Sendable {
    public var localID: String
    public var hazardID: String
    public var date: CalendarDate
    public var method: ReleaseMethod
    public var areaM2: Int64
    public var devicesFound: Int64
    /// The activity (task) whose output this is, when recorded.
    public var activityID: String?
    /// When the land was handed over to its users (IMAS 07.11 handover), and to whom.
    public var handoverDate: CalendarDate?
    public var handedOverTo: String?

    public init(
        localID: String, hazardID: String, date: CalendarDate, method: ReleaseMethod, areaM2: Int64, devicesFound: Int64,
        activityID: String? = nil, handoverDate: CalendarDate? = nil, handedOverTo: String? = nil
    ) {
        self.localID = localID
        self.hazardID = hazardID
        self.date = date
        self.method = method
        self.areaM2 = areaM2
        self.devicesFound = devicesFound
        self.activityID = activityID
        self.handoverDate = handoverDate
        self.handedOverTo = handedOverTo
    }
}

/// A settlement: where people live and displaced households wait to return.
public struct Settlement: Sendable {
    public var localID: String
    public var name: String
    public var population: Int64
    public var idpHouseholds: Int64
    public var location: GeoPoint
    /// The admin area (P-code) the settlement lies in: as given, or placed by the recorded boundaries.
    public var adminPcode: String?

    public init(localID: String, name: String, population: Int64, idpHouseholds: Int64, location: GeoPoint, adminPcode: String? = nil) {
        self.localID = localID
        self.name = name
        self.population = population
        self.idpHouseholds = idpHouseholds
        self.location = location
        self.adminPcode = adminPcode
    }
}

public enum RoadClass: String, CaseIterable, Sendable, Codable {
    case primary, secondary, track
}

public struct Road: Sendable {
    public var localID: String
    public var roadClass: RoadClass
    public var line: [GeoPoint]
    public var enteredCoordinates: String?
}

public enum InfrastructureType: String, CaseIterable, Sendable, Codable {
    case health, school, water, power
    case culturalHeritage = "cultural_heritage"
}

public struct InfrastructurePoint: Sendable {
    public var localID: String
    public var type: InfrastructureType
    public var location: GeoPoint
}

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
