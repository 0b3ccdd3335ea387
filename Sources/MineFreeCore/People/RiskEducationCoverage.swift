import Foundation

/// Whether risk education reaches the people living beside the hazards: each settlement within `within` metres of a
/// hazard still open on the as-of day (not closed: `HazardStanding.status`), reached in the period or not, with the
/// casualties within the same distance in the recent years, ranked.
///
/// A settlement is **reached** by a session that names it; by a session with a position and no settlement, counted
/// for the nearest settlement within `sessionRadius` metres (a session at the village school or mosque, a few hundred
/// metres from the settlement's point); or by an awareness group of its own active in the period.
///
/// Every proximity goes through an R-tree (hazard boxes, settlement and casualty points), then exact metres in an
/// equal-area plane centred on the settlement (LAEA on WGS84), where at a few kilometres the plane's distances and
/// the ellipsoid's differ by well under a millimetre.
public enum RiskEducationCoverage {
    public struct Options: Sendable, Hashable {
        /// How close to an open hazard a settlement must lie to count (metres).
        public var within: Double = 2000
        /// How far from a settlement an unlinked session with a position still counts for it (metres).
        public var sessionRadius: Double = 500
        /// Casualties counted nearby: those of the last this many years before the as-of day.
        public var casualtyYears: Int = 5
        public var ranking: Ranking = .population

        public init(
            within: Double = 2000,
            sessionRadius: Double = 500,
            casualtyYears: Int = 5,
            ranking: Ranking = .population
        ) {
            self.within = within
            self.sessionRadius = sessionRadius
            self.casualtyYears = casualtyYears
            self.ranking = ranking
        }
    }

    public enum Ranking: String, CaseIterable, Sendable {
        /// Largest population first, then most casualties nearby.
        case population
        /// Most casualties nearby first, then largest population.
        case casualties
    }

    public struct Row: Sendable, Hashable {
        public var settlementID: String
        public var name: String
        public var adminPcode: String?
        /// Where the settlement is: what a map of coverage draws.
        public var location: GeoPoint
        public var population: Int64
        public var nearestHazardID: String
        /// Metres from the settlement to that hazard's polygon; 0 inside it.
        public var metres: Double
        public var reached: Bool
        public var sessions: Int
        public var peopleReached: Int64
        public var awarenessGroups: Int
        public var casualtiesNearby: Int
    }

    /// The settlements near an open hazard, ranked. `polygons` supplies hazards' polygons where the view was read
    /// without them (the store's view); otherwise each standing's own are used.
    public static func rows(
        settlements: [Settlement],
        view: LandView,
        polygons: [String: [[[GeoPoint]]]] = [:],
        sessions: [RiskEducationSession],
        groups: [AwarenessGroup],
        casualties: [CasualtyEvent],
        period: Range<CalendarDate>,
        options: Options = Options()
    ) -> [Row] {
        let asOf = view.asOf
        let open = openHazards(view).compactMap { s -> (id: String, polygons: [[[GeoPoint]]])? in
            let p = polygons[s.hazard.localID] ?? s.hazard.polygons
            return p.isEmpty ? nil : (s.hazard.localID, p)
        }
        let hazardTree = RTree(boxes: open.map { BoundingBox(polygons: $0.polygons) })

        // Who reached each settlement: sessions naming it, sessions placed nearest it, its active groups.
        let settlementIndex = Dictionary(
            settlements.enumerated().map { ($1.localID, $0) },
            uniquingKeysWith: { a, _ in a }
        )
        let settlementTree = RTree(boxes: settlements.map { BoundingBox(point: $0.location) })
        var sessionCount = [Int](repeating: 0, count: settlements.count)
        var people = [Int64](repeating: 0, count: settlements.count)
        for s in sessions where s.date < asOf && period.contains(s.date) {
            var target: Int?
            if let id = s.settlementID {
                target = settlementIndex[id]
            } else if let p = s.location {
                let plane = LambertAzimuthalEqualArea.wgs84(centre: p)
                var best = Double.infinity
                settlementTree.search(box(around: p, metres: options.sessionRadius)) { i in
                    let d = plane.forward(settlements[i].location).distance(to: PlanarPoint(x: 0, y: 0))
                    guard d <= options.sessionRadius else { return }
                    // The nearest; of two as near, the lower id (the tree visits in no fixed order).
                    if let t = target, (best, settlements[t].localID) <= (d, settlements[i].localID) { return }
                    best = d
                    target = i
                }
            }
            guard let t = target else { continue }
            sessionCount[t] += 1
            people[t] += s.peopleReached
        }
        var groupCount = [Int](repeating: 0, count: settlements.count)
        for g in groups where g.isActive(in: period, asOf: asOf) {
            if let i = settlementIndex[g.settlementID] { groupCount[i] += 1 }
        }

        let since = asOf.adding(years: -options.casualtyYears)
        let recent = casualties.filter { $0.date < asOf && $0.date >= since }
        let casualtyTree = RTree(boxes: recent.map { BoundingBox(point: $0.location) })

        var rows: [Row] = []
        for (i, s) in settlements.enumerated() {
            let query = box(around: s.location, metres: options.within)
            let plane = LambertAzimuthalEqualArea.wgs84(centre: s.location)
            let origin = PlanarPoint(x: 0, y: 0)
            var nearest: (id: String, metres: Double)?
            hazardTree.search(query) { h in
                let projected = open[h].polygons.map { $0.map { $0.map(plane.forward) } }
                let d = ReleasedPart.inside(origin, projected) ? 0 : ReleasedPart.distance(origin, projected)
                guard d <= options.within else { return }
                if let n = nearest, (n.metres, n.id) <= (d, open[h].id) { return }
                nearest = (open[h].id, d)
            }
            guard let hazard = nearest else { continue }
            var nearby = 0
            casualtyTree.search(query) { c in
                if plane.forward(recent[c].location).distance(to: origin) <= options.within { nearby += 1 }
            }
            rows.append(
                Row(
                    settlementID: s.localID,
                    name: s.name,
                    adminPcode: s.adminPcode,
                    location: s.location,
                    population: s.population,
                    nearestHazardID: hazard.id,
                    metres: hazard.metres,
                    reached: sessionCount[i] > 0 || groupCount[i] > 0,
                    sessions: sessionCount[i],
                    peopleReached: people[i],
                    awarenessGroups: groupCount[i],
                    casualtiesNearby: nearby
                )
            )
        }
        switch options.ranking {
        case .population:
            rows.sort {
                ($1.population, $1.casualtiesNearby, $0.settlementID) < (
                    $0.population, $0.casualtiesNearby, $1.settlementID
                )
            }
        case .casualties:
            rows.sort {
                ($1.casualtiesNearby, $1.population, $0.settlementID) < (
                    $0.casualtiesNearby, $0.population, $1.settlementID
                )
            }
        }
        return rows
    }

    /// The hazards still open on the view's day: known, and not closed (open or worked on, land left to release).
    public static func openHazards(_ view: LandView) -> [HazardStanding] {
        view.standings.filter { $0.status != .closed }
    }

    /// A lon/lat box holding every point within `metres` of `p`: a degree of latitude is at least 110.5 km and a
    /// degree of longitude that times the cosine of the latitude, so the box errs only on the large side.
    static func box(around p: GeoPoint, metres: Double) -> BoundingBox {
        let dLat = metres / 110_000
        let cosine = max(cos(min(abs(p.lat) + dLat, 90) * .pi / 180), 1e-6)
        let dLon = min(dLat / cosine, 180)
        return BoundingBox(minX: p.lon - dLon, minY: p.lat - dLat, maxX: p.lon + dLon, maxY: p.lat + dLat)
    }
}
