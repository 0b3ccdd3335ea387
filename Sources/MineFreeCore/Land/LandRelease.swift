import Foundation

/// IMAS 07.11 land release: by non-technical survey (cancelled), technical survey (reduced) or clearance.
public enum ReleaseMethod: String, CaseIterable, Sendable, Codable {
    case cancelled, reduced, cleared
}

/// One land release output: part of a hazard cancelled, reduced or cleared on a date, with the released part's
/// polygon where it was mapped (a cleared area).
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
    /// The released part of the hazard, where it was mapped.
    public var polygons: [[[GeoPoint]]]?
    public var enteredCoordinates: String?
    public var extra: String?

    public init(
        localID: String,
        hazardID: String,
        date: CalendarDate,
        method: ReleaseMethod,
        areaM2: Int64,
        devicesFound: Int64,
        activityID: String? = nil,
        handoverDate: CalendarDate? = nil,
        handedOverTo: String? = nil
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

    public init() { self.init(localID: "", hazardID: "", date: .epoch, method: .cancelled, areaM2: 0, devicesFound: 0) }
}

extension LandRelease: LayerRecord {
    public static let layer = Layer<LandRelease>(
        name: "release_events",
        singular: "release",
        area: .land,
        table: "land_releases",
        key: ["id"],
        date: "date",
        collection: .init(
            id: "releases",
            title: "Land release",
            description:
                "Land release outputs (cancelled, reduced, cleared), with the released part's polygon where it was mapped; see hazard_id."
        ),
        geometry: .polygons(\.polygons, { $0.polygons }, entered: \.enteredCoordinates),
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_release_events+id"),
            .id(of: .hazard.namingRecord, \.hazardID, { $0.hazardID }),
            .date("date", \.date, { $0.date }, hxl: "#date"),
            .choice("method", \.method, { $0.method }, hxl: "#x_method"),
            // Computed from the polygon when one is given and the area is not.
            .integer(
                "area_m2",
                \.areaM2,
                { $0.areaM2 },
                1...100_000_000_000,
                required: false,
                unit: "m²",
                hxl: "#x_area_m2"
            ),
            .integer(
                "devices_found",
                \.devicesFound,
                { $0.devicesFound },
                0...1_000_000_000,
                required: false,
                hxl: "#x_devices"
            ),
            .id(of: .activity, \.activityID, { $0.activityID }),
            .date("handover_date", \.handoverDate, { $0.handoverDate }, hxl: "#date+handover"),
            .text("handed_over_to", \.handedOverTo, { $0.handedOverTo }, maxLength: 200, hxl: "#org+handover"),
        ]
    )

    public static func check(_ r: inout LandRelease, _ row: inout RowCheck) {
        if let computed = row.geometryAreaM2 {
            if r.areaM2 == 0 {
                r.areaM2 = max(1, Int64(computed.rounded()))
            } else if !row.rules.areaAgrees(stated: r.areaM2, computed: computed) {
                row.fail(
                    "area-mismatch",
                    "\(row.name("area_m2")) \(r.areaM2) differs from the polygon's \(Int64(computed.rounded())) m² by more than 1 m² + \(row.rules.areaTolerance * 100)%"
                )
            }
        } else if r.areaM2 == 0 {
            row.fail("required", "\(row.name("area_m2")) is empty: give the area released, or its polygon")
        }
        // IMAS 07.11: land is handed over once released, never before.
        if let handover = r.handoverDate, handover < r.date {
            row.fail(
                "handover-before-release",
                "\(row.name("handover_date")) \(handover) is before the release date \(r.date)"
            )
        }
        if r.handedOverTo != nil, r.handoverDate == nil {
            row.fail("required", "\(row.name("handed_over_to")) is given without \(row.name("handover_date"))")
        }
    }

    /// Rules 7–8: a release is not dated before its hazard was recorded, and a hazard's releases never add up to more
    /// than its area (counting what the store already holds). A release's activity works on its hazard; its polygon
    /// lies within the hazard's.
    public static func checkAcross(_ c: inout CrossCheck) {
        let releases = c.records(LandRelease.self)
        guard !releases.isEmpty else { return }
        // Every hazard a release may name (this import's over the store's), numbered, with what the store already
        // released from it: then one hash lookup per release, and the sums in an array.
        var number: [String: Int] = [:]
        var known: [KnownHazard] = []
        let imported = c.records(HazardousArea.self)
        number.reserveCapacity(c.known.hazards.count + imported.count)
        known.reserveCapacity(c.known.hazards.count + imported.count)
        for (id, h) in c.known.hazards {
            number[id] = known.count
            known.append(h)
        }
        var polygons: [Int: [[[GeoPoint]]]] = [:]
        let mapped = releases.contains { $0.polygons != nil }
        for h in imported {
            let k = number[h.localID] ?? known.count
            if k == known.count {
                number[h.localID] = k
                known.append(KnownHazard(recordedDate: h.recordedDate, areaM2: h.areaM2, releasedM2: 0))
            } else {
                known[k] = KnownHazard(recordedDate: h.recordedDate, areaM2: h.areaM2, releasedM2: known[k].releasedM2)
            }
            if mapped { polygons[k] = h.polygons }
        }
        var released = known.map(\.releasedM2)
        var named: [Int: [Int]] = [:]
        for (i, r) in releases.enumerated() {
            guard let k = number[r.hazardID] else { continue }  // unknown-hazard: the reference check says so
            if r.date < known[k].recordedDate {
                c.fail(
                    LandRelease.self,
                    [i],
                    item: "release \(r.localID)",
                    "release-before-recording",
                    "date \(r.date) is before hazard \(r.hazardID) was recorded (\(known[k].recordedDate))"
                )
            }
            // Saturating: an absurd area must be refused as too large, not trap.
            let (sum, overflow) = released[k].addingReportingOverflow(r.areaM2)
            released[k] = overflow ? Int64.max : sum
            named[k, default: []].append(i)
            if let part = r.polygons, let hazard = polygons[k] ?? c.known.hazardPolygons[r.hazardID],
                let problem = ReleasedPart.outside(part, of: hazard)
            {
                c.fail(
                    LandRelease.self,
                    i,
                    "release-outside-hazard",
                    "the released polygon \(problem) hazard \(r.hazardID)'s polygon"
                )
            }
        }
        let exceeding = number.filter { named[$0.value] != nil && released[$0.value] > known[$0.value].areaM2 }
        for (hazard, k) in exceeding.sorted(by: { $0.key < $1.key }) {
            c.fail(
                LandRelease.self,
                named[k]!,
                item: "hazard \(hazard)",
                "release-exceeds-hazard",
                "releases add up to \(released[k]) m², more than the hazard's \(known[k].areaM2) m²"
            )
        }
        if releases.contains(where: { $0.activityID != nil }) {
            ActivityRecord.checkWorkedHazard(LandRelease.self, releases.map { ($0.activityID, $0.hazardID) }, &c)
        }
    }
}

/// Whether a released part lies within its hazard: every vertex of the part inside the hazard (or within a metre of
/// its edge, as digitised outlines of the same line differ), and no vertex of the hazard inside the part (which
/// would mean their edges cross).
enum ReleasedPart {
    static let tolerance = 1.0

    /// What is wrong, "has a vertex outside" or "crosses the edge of", or nil when it lies within.
    static func outside(_ part: [[[GeoPoint]]], of hazard: [[[GeoPoint]]]) -> String? {
        guard let origin = hazard.first?.first?.first else { return nil }
        let plane = LambertAzimuthalEqualArea.wgs84(centre: origin)
        let h = hazard.map { $0.map { $0.map(plane.forward) } }
        let p = part.map { $0.map { $0.map(plane.forward) } }
        for polygon in p {
            for vertex in polygon.first ?? [] where !inside(vertex, h) && distance(vertex, h) > tolerance {
                return "has a vertex outside"
            }
        }
        for polygon in h {
            for ring in polygon {
                for vertex in ring where strictlyInside(vertex, p) && distance(vertex, p) > tolerance {
                    return "crosses the edge of"
                }
            }
        }
        return nil
    }

    static func inside(_ q: PlanarPoint, _ polygons: [[[PlanarPoint]]]) -> Bool {
        polygons.contains { rings in
            guard let exterior = rings.first, Ring.contains(exterior, q) else { return false }
            return !rings.dropFirst().contains { Ring.contains($0, q) }
        }
    }

    static func strictlyInside(_ q: PlanarPoint, _ polygons: [[[PlanarPoint]]]) -> Bool { inside(q, polygons) }

    static func distance(_ q: PlanarPoint, _ polygons: [[[PlanarPoint]]]) -> Double {
        var best = Double.infinity
        for rings in polygons {
            for ring in rings where ring.count > 1 {
                for (a, b) in zip(ring, ring.dropFirst()) { best = min(best, Segment.distance(q, a, b)) }
            }
        }
        return best
    }
}

extension Dataset {
    public var releases: [LandRelease] {
        get { self[LandRelease.self] }
        set { self[LandRelease.self] = newValue }
    }
}

extension LandRelease: KeepsEnteredCoordinates {}
