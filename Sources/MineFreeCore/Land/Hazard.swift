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

    /// Other spellings files use.
    public static let aliases = ["CMR": "CM"]

    /// Accepts the code, and "CMR" for cluster munition remnants.
    public init?(code: String) {
        self.init(rawValue: Self.aliases[code] ?? code)
    }

    /// Several types in one field, "AT;ERW", as files, the store and exports carry them; nil if one is unknown.
    public static func list(_ text: String) -> [ContaminationType]? {
        var types: [ContaminationType] = []
        for code in text.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
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

/// What a hazardous area blocks: the use its land would have (IMSMA's blocked resources). A model can weigh farmland
/// and grazing that families need to return above forest.
public enum LandUse: String, CaseIterable, Sendable, Codable {
    /// Farmland: fields, orchards, vineyards.
    case agricultural
    case grazing
    case residential
    /// Roads, bridges, power lines, canals.
    case infrastructure
    /// Springs, wells, rivers and the paths to them.
    case water
    case forest
    case other
}

/// The life cycle of a hazardous area (IMSMA: open → worked on → closed).
public enum HazardStatus: String, CaseIterable, Sendable, Codable {
    case open
    case workedOn = "worked_on"
    case closed
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
    /// What the land would be used for once released; several where it is mixed (`agricultural;grazing`).
    public var landUse: [LandUse] = []
    public var areaM2: Int64
    /// One polygon or several (an area in parts), each its exterior ring then holes, lon/lat.
    public var polygons: [[[GeoPoint]]] { didSet { bounds = BoundingBox(polygons: polygons) } }
    public var bounds: BoundingBox
    /// The GeoJSON coordinates text as the user entered it (kept as provenance), when it came from a file.
    public var enteredCoordinates: String?
    public var extra: String?

    public init(
        localID: String,
        region: String,
        classification: HazardClassification,
        contamination: ContaminationType,
        recordedDate: CalendarDate,
        areaM2: Int64,
        rings: [[GeoPoint]]
    ) {
        self.init(
            localID: localID,
            region: region,
            classification: classification,
            contamination: contamination,
            recordedDate: recordedDate,
            areaM2: areaM2,
            polygons: rings.isEmpty ? [] : [rings]
        )
    }

    public init(
        localID: String,
        region: String,
        classification: HazardClassification,
        contamination: ContaminationType,
        recordedDate: CalendarDate,
        areaM2: Int64,
        polygons: [[[GeoPoint]]]
    ) {
        self.localID = localID
        self.region = region
        self.classification = classification
        self.contamination = contamination
        self.recordedDate = recordedDate
        self.areaM2 = areaM2
        self.polygons = polygons
        self.bounds = BoundingBox(polygons: polygons)
    }

    public init() {
        self.init(
            localID: "",
            region: "",
            classification: .suspected,
            contamination: .antiPersonnel,
            recordedDate: .epoch,
            areaM2: 0,
            polygons: []
        )
    }

    /// The first polygon's rings: the whole area when it is one polygon.
    public var rings: [[GeoPoint]] { polygons.first ?? [] }

    /// Whether the area was found after the programme's baseline (new contamination, not the baseline's).
    public func isNewlyFound(baseline: CalendarDate?) -> Bool {
        guard let baseline else { return false }
        return recordedDate >= baseline
    }
}

extension HazardousArea: LayerRecord {
    public static let layer = Layer<HazardousArea>(
        name: "hazards",
        singular: "hazard",
        area: .land,
        table: "hazardous_areas",
        key: ["id"],
        date: "recorded_date",
        spatialIndex: true,
        collection: .init(
            id: "hazards",
            title: "Hazardous areas",
            description: "Suspected and confirmed hazardous areas with what is released and what remains as of the day."
        ),
        derived: [
            Field("released_m2", .integer(0...Int64.max), required: false, unit: "m²", hxl: "#x_area_m2+released"),
            Field("remaining_m2", .integer(0...Int64.max), required: false, unit: "m²", hxl: "#x_area_m2+remaining"),
            Field("status", .choice(HazardStatus.allCases.map(\.rawValue)), required: false, hxl: "#status"),
            Field(
                "classification_as_of",
                .choice(HazardClassification.allCases.map(\.rawValue)),
                required: false,
                hxl: "#status+class+current"
            ),
            Field("accessibility", .choice(Accessibility.allCases.map(\.rawValue)), required: false, hxl: "#access"),
        ],
        geometry: .polygons(\.polygons, { $0.polygons }, entered: \.enteredCoordinates),
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_hazards+id"),
            // A P-code once admin areas are recorded (checked then), else the programme's own region code.
            .code("region", \.region, { $0.region }, hxl: "#adm1+code"),
            // `status` is what the benchmark's files call it.
            .choice(
                "classification",
                \.classification,
                { $0.classification },
                hxl: "#status+class",
                aliases: ["status"]
            ),
            FieldBinding(
                field: Field(
                    "contamination",
                    .choice(ContaminationType.allCases.map(\.rawValue)),
                    required: true,
                    hxl: "#x_contamination",
                    valueAliases: ContaminationType.aliases,
                    severalInto: "other_contamination"
                ),
                get: { .text($0.contamination.rawValue) },
                set: { h, v in
                    // "AP;AT": the first is the main type, which progress counts the area under; the rest are further types.
                    let codes = v.codes.compactMap(ContaminationType.init(rawValue:))
                    guard let main = codes.first else { return }
                    h.contamination = main
                    for t in codes.dropFirst() where !h.otherContamination.contains(t) {
                        h.otherContamination.append(t)
                    }
                }
            ),
            FieldBinding(
                field: Field(
                    "other_contamination",
                    .choices(ContaminationType.allCases.map(\.rawValue)),
                    required: false,
                    hxl: "#x_contamination+other",
                    valueAliases: ContaminationType.aliases
                ),
                get: { $0.otherContamination.isEmpty ? .null : .list($0.otherContamination.map(\.rawValue)) },
                set: { h, v in
                    for t in v.codes.compactMap(ContaminationType.init(rawValue:))
                    where !h.otherContamination.contains(t) {
                        h.otherContamination.append(t)
                    }
                }
            ),
            .choice("information_source", \.informationSource, { $0.informationSource }, hxl: "#meta+source"),
            FieldBinding(
                field: Field(
                    "land_use",
                    .choices(LandUse.allCases.map(\.rawValue)),
                    required: false,
                    hxl: "#x_land_use"
                ),
                get: { $0.landUse.isEmpty ? .null : .list($0.landUse.map(\.rawValue)) },
                set: { h, v in
                    for u in v.codes.compactMap(LandUse.init(rawValue:)) where !h.landUse.contains(u) {
                        h.landUse.append(u)
                    }
                }
            ),
            .text("evidence", \.evidence, { $0.evidence }, maxLength: 2000, hxl: "#description+evidence"),
            .date("recorded_date", \.recordedDate, { $0.recordedDate }, hxl: "#date+recorded"),
            // Computed from the polygon when not given.
            .integer(
                "area_m2",
                \.areaM2,
                { $0.areaM2 },
                1...100_000_000_000,
                required: false,
                unit: "m²",
                hxl: "#x_area_m2"
            ),
        ]
    )

    /// Rule 6: a stated area agrees with the polygon's equal-area area; an area not stated is the polygon's.
    public static func check(_ h: inout HazardousArea, _ row: inout RowCheck) {
        if h.otherContamination.contains(h.contamination) {
            row.fail(
                "duplicate-value",
                "\(row.name("other_contamination")) names the main type \(h.contamination.rawValue) again"
            )
        }
        guard let computed = row.geometryAreaM2 else { return }
        if h.areaM2 == 0 {
            h.areaM2 = max(1, Int64(computed.rounded()))
        } else if !row.rules.areaAgrees(stated: h.areaM2, computed: computed) {
            row.fail(
                "area-mismatch",
                "\(row.name("area_m2")) \(h.areaM2) differs from the polygon's \(Int64(computed.rounded())) m² by more than 1 m² + \(row.rules.areaTolerance * 100)%"
            )
        }
    }

    /// A hazard's region is a recorded admin area once any is recorded, and its polygon lies at least partly in it.
    public static func checkAcross(_ c: inout CrossCheck) {
        let hazards = c.records(HazardousArea.self)
        guard !hazards.isEmpty else { return }
        let areas = c.known.adminAreas + c.records(AdminArea.self)
        // No admin areas at all (the benchmark dataset): regions are programme codes and stay unchecked.
        guard !areas.isEmpty else { return }
        let levels = Set(areas.map(\.pcode))
        for (i, h) in hazards.enumerated() where !levels.contains(h.region) {
            c.fail(
                HazardousArea.self,
                i,
                "unknown-admin-area",
                "region '\(h.region)' is not a recorded admin area P-code"
            )
        }
        let boundaries = AdminBoundaries(areas)
        guard !boundaries.isEmpty else { return }
        for (i, h) in hazards.enumerated()
        where levels.contains(h.region) && boundaries.meets(h.region, polygons: h.polygons) == false {
            c.fail(
                HazardousArea.self,
                i,
                "outside-admin-area",
                "the polygon lies wholly outside the boundary of '\(boundaries.boundaryArea(of: h.region) ?? h.region)', its region"
            )
        }
    }
}

extension Dataset {
    public var hazards: [HazardousArea] {
        get { self[HazardousArea.self] }
        set { self[HazardousArea.self] = newValue }
    }
}

extension CalendarDate {
    /// The empty value of a record's date before it is read (never stored: a record is kept only once read).
    static let epoch = CalendarDate(year: 1970, month: 1, day: 1)!
}

extension HazardousArea: KeepsEnteredCoordinates {}
