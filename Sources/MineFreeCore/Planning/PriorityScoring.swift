import Foundation

/// A hazard's place in the clearance priorities as of a day, with what put it there.
public struct RankedHazard: Sendable, Hashable {
    public var hazardID: String
    public var region: String
    public var remainingM2: Int64
    /// One per factor of the model, in the model's order.
    public var factors: [FactorScore]
    /// Σ contributions, unrounded.
    public var score: Double
    /// 1 for the first; ties on the score (to 9 decimals) go by hazard id.
    public var rank: Int

    public subscript(factor name: String) -> FactorScore? { factors.first { $0.name == name } }

    /// What `--explain` prints: the score factor by factor and the records counted.
    public var explanation: String {
        var lines = [
            "\(hazardID) (\(region), \(remainingM2) m² remaining): rank \(rank), score \(Self.decimal(score, 6))"
        ]
        for f in factors {
            let counted = f.evidence.isEmpty ? "" : ": " + f.evidence.joined(separator: ", ")
            lines.append(
                "  \(f.name) (\(f.kind.rawValue)) \(Self.decimal(f.raw, 3)) → \(Self.decimal(f.normalised, 4)) × \(Self.decimal(f.weight, 4)) = \(Self.decimal(f.contribution, 6))\(counted)"
            )
        }
        return lines.joined(separator: "\n")
    }

    /// At most `places` decimals, trailing zeros dropped: 0.15, 0.6, 5000.
    static func decimal(_ x: Double, _ places: Int) -> String {
        var text = PriorityScoring.fixed(x, places)
        guard text.contains(".") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}

/// One factor of a hazard's score.
public struct FactorScore: Sendable, Hashable {
    public var name: String
    public var kind: PriorityModel.Factor.Kind
    /// People, households, metres, weighted sites or casualties.
    public var raw: Double
    /// 0…1.
    public var normalised: Double
    public var weight: Double
    /// weight × normalised.
    public var contribution: Double
    /// The ids counted, in id order: settlements, infrastructure points or casualties within the radius, or the
    /// nearest road within the cap.
    public var evidence: [String]
}

/// The clearance priorities (issue 17): every hazard still open on the as-of day scored by a `PriorityModel` and
/// ranked. All distances are planar in one equal-area plane (WORKLOAD §1): polygon to point 0 inside, else to the
/// nearest edge; polygon to road the least distance between segments; within R means ≤ R.
///
/// Each layer is projected once and indexed in an R-tree (points; roads by segment), built once per call; hazards are
/// then scored independently on every core, so the result does not depend on how they were shared out.
public enum PriorityScoring {
    /// Ranks the hazards of `standings` recorded before `asOf` with area remaining.
    ///
    /// `plane`: the metric plane of every distance; nil centres an equal-area plane (WGS84) on the hazards. The
    /// benchmark (B2) measures in `.workload`. `polygons` supplies polygons where standings were read without them.
    public static func rank(
        standings: [HazardStanding],
        settlements: [Settlement],
        roads: [Road],
        infrastructure: [InfrastructurePoint],
        casualties: [CasualtyEvent],
        asOf: CalendarDate,
        model: PriorityModel = .default,
        plane: LambertAzimuthalEqualArea? = nil,
        polygons: [String: [[[GeoPoint]]]] = [:]
    ) -> [RankedHazard] {
        // A hazard without a polygon cannot be measured from; the store's reads always carry one.
        let active = standings.compactMap { s -> (HazardStanding, [[[GeoPoint]]])? in
            guard s.hazard.recordedDate < asOf, s.remainingM2 > 0 else { return nil }
            let p = polygons[s.hazard.localID] ?? s.hazard.polygons
            return p.isEmpty ? nil : (s, p)
        }
        let plane = plane ?? centred(on: active.map(\.1))
        let hazards = parallelMap(active, minimumCount: 256) { s, p in
            Hazard(
                id: s.hazard.localID,
                region: s.hazard.region,
                remainingM2: s.remainingM2,
                area: PlanarArea(polygons: p.map { $0.map { $0.map(plane.forward) } }),
                landUse: s.hazard.landUse,
                accessibility: s.accessibility,
                inaccessibleReason: s.inaccessibleReason
            )
        }
        let layers = Layers(
            settlements: settlements,
            roads: roads,
            infrastructure: infrastructure,
            casualties: casualties,
            plane: plane,
            model: model
        )
        return rank(hazards, layers: layers, asOf: asOf, model: model)
    }

    /// The view's hazards (its day is the as-of day).
    public static func rank(
        _ view: LandView,
        settlements: [Settlement],
        roads: [Road],
        infrastructure: [InfrastructurePoint],
        casualties: [CasualtyEvent],
        model: PriorityModel = .default,
        plane: LambertAzimuthalEqualArea? = nil,
        polygons: [String: [[[GeoPoint]]]] = [:]
    ) -> [RankedHazard] {
        rank(
            standings: view.standings,
            settlements: settlements,
            roads: roads,
            infrastructure: infrastructure,
            casualties: casualties,
            asOf: view.asOf,
            model: model,
            plane: plane,
            polygons: polygons
        )
    }

    /// From the records as read (an import's `Dataset`): the releases before `asOf` give what remains.
    public static func rank(
        hazards: [HazardousArea],
        releases: [LandRelease],
        settlements: [Settlement],
        roads: [Road],
        infrastructure: [InfrastructurePoint],
        casualties: [CasualtyEvent],
        asOf: CalendarDate,
        model: PriorityModel = .default,
        plane: LambertAzimuthalEqualArea? = nil
    ) -> [RankedHazard] {
        rank(
            LandView(hazards: hazards, releases: releases, asOf: asOf),
            settlements: settlements,
            roads: roads,
            infrastructure: infrastructure,
            casualties: casualties,
            model: model,
            plane: plane
        )
    }

    /// An equal-area plane on WGS84 centred on the polygons' box: a country's distances within a few parts in a
    /// thousand, far closer near the centre.
    static func centred(on polygons: [[[[GeoPoint]]]]) -> LambertAzimuthalEqualArea {
        var box = BoundingBox.empty
        for p in polygons { box = box.union(BoundingBox(polygons: p)) }
        guard !box.isEmpty else { return .workload }
        return .wgs84(centre: GeoPoint(lon: box.centre.x, lat: box.centre.y))
    }

    // MARK: - In the plane

    struct Hazard: Sendable {
        var id: String
        var region: String
        var remainingM2: Int64
        var area: PlanarArea
        var landUse: [LandUse] = []
        var accessibility: Accessibility = .accessible
        var inaccessibleReason: String?
    }

    /// The other layers in the plane: positions projected once, shared by every factor that reads them.
    struct Layers: Sendable {
        var settlements: [Settlement]
        var settlementPoints: [PlanarPoint]
        var roads: [Road]
        /// Each road's line; empty for roads no factor reads.
        var roadLines: [[PlanarPoint]]
        var infrastructure: [InfrastructurePoint]
        var infrastructurePoints: [PlanarPoint]
        var casualties: [CasualtyEvent]
        /// Empty for casualties no factor's window holds.
        var casualtyPoints: [PlanarPoint]

        init(
            settlements: [Settlement],
            settlementPoints: [PlanarPoint],
            roads: [Road],
            roadLines: [[PlanarPoint]],
            infrastructure: [InfrastructurePoint],
            infrastructurePoints: [PlanarPoint],
            casualties: [CasualtyEvent],
            casualtyPoints: [PlanarPoint]
        ) {
            self.settlements = settlements
            self.settlementPoints = settlementPoints
            self.roads = roads
            self.roadLines = roadLines
            self.infrastructure = infrastructure
            self.infrastructurePoints = infrastructurePoints
            self.casualties = casualties
            self.casualtyPoints = casualtyPoints
        }

        /// Projects what the model reads, and only that: a model without roads projects none.
        init(
            settlements: [Settlement],
            roads: [Road],
            infrastructure: [InfrastructurePoint],
            casualties: [CasualtyEvent],
            plane: LambertAzimuthalEqualArea,
            model: PriorityModel
        ) {
            let kinds = Set(model.factors.map(\.kind))
            let classes = Set(model.factors.flatMap { $0.roadClasses ?? [] })
            let reads =
                kinds.contains(.population) || kinds.contains(.displacedHouseholds) || kinds.contains(.blockedAccess)
            self.init(
                settlements: settlements,
                settlementPoints: reads ? parallelMap(settlements) { plane.forward($0.location) } : [],
                roads: roads,
                roadLines: parallelMap(roads, minimumCount: 256) { r in
                    classes.contains(r.roadClass) ? r.line.map(plane.forward) : []
                },
                infrastructure: infrastructure,
                infrastructurePoints: kinds.contains(.infrastructure)
                    ? parallelMap(infrastructure) { plane.forward($0.location) } : [],
                casualties: casualties,
                casualtyPoints: kinds.contains(.casualties)
                    ? parallelMap(casualties) { plane.forward($0.location) } : []
            )
        }
    }

    /// A factor made ready: its records' R-tree and what each counts for.
    enum Prepared: Sendable {
        /// Points with a value each (people, households, a type's weight, 1 a casualty).
        case points(tree: RTree, points: [PlanarPoint], values: [Double], ids: [String], radius: Double)
        /// Road segments, each with its road's index.
        case nearestLine(
            tree: RTree,
            segments: [(PlanarPoint, PlanarPoint)],
            boxes: [BoundingBox],
            road: [Int],
            ids: [String],
            cap: Double
        )
        /// The hazard's own attributes: its land use, its accessibility, its remaining area in days of clearance.
        case landUse([LandUse: Double])
        case accessibility
        case clearanceCost(m2PerDay: Double, days: Double)
        /// Road segments of the classes counted, each with its road, and per road the settlements it serves.
        case blockedAccess(
            tree: RTree,
            segments: [(PlanarPoint, PlanarPoint)],
            road: [Int],
            served: [[Int]],
            roadIDs: [String],
            population: [Double],
            settlementIDs: [String],
            cap: Double
        )
    }

    static func prepare(_ f: PriorityModel.Factor, _ layers: Layers, asOf: CalendarDate) -> Prepared {
        func points(_ indices: [Int], _ at: (Int) -> PlanarPoint, _ value: (Int) -> Double, _ id: (Int) -> String)
            -> Prepared
        {
            let p = indices.map(at)
            return .points(
                tree: RTree(boxes: p.map { BoundingBox(minX: $0.x, minY: $0.y, maxX: $0.x, maxY: $0.y) }),
                points: p,
                values: indices.map(value),
                ids: indices.map(id),
                radius: f.radiusM ?? 0
            )
        }
        switch f.kind {
        case .population, .displacedHouseholds:
            let s = layers.settlements
            let people = f.kind == .population
            return points(
                Array(s.indices),
                { layers.settlementPoints[$0] },
                { Double(people ? s[$0].population : s[$0].idpHouseholds) },
                { s[$0].localID }
            )
        case .infrastructure:
            let sites = layers.infrastructure
            let weights = f.typeWeights ?? [:]
            return points(
                sites.indices.filter { (weights[sites[$0].type] ?? 0) > 0 },
                { layers.infrastructurePoints[$0] },
                { weights[sites[$0].type] ?? 0 },
                { sites[$0].localID }
            )
        case .casualties:
            let c = layers.casualties
            let since = asOf.adding(years: -(f.years ?? 0))
            return points(
                c.indices.filter { c[$0].date >= since && c[$0].date < asOf },
                { layers.casualtyPoints[$0] },
                { _ in 1 },
                { c[$0].localID }
            )
        case .landUse: return .landUse(f.useWeights ?? [:])
        case .accessibility: return .accessibility
        case .clearanceCost: return .clearanceCost(m2PerDay: f.m2PerDay ?? 1, days: f.normaliser ?? 1)
        case .blockedAccess:
            let classes = Set(f.roadClasses ?? [])
            let radius = f.radiusM ?? 0
            let s = layers.settlements
            let settlementTree = RTree(
                boxes: layers.settlementPoints.map { BoundingBox(minX: $0.x, minY: $0.y, maxX: $0.x, maxY: $0.y) }
            )
            var segments: [(PlanarPoint, PlanarPoint)] = []
            var road: [Int] = []
            var served = Array(repeating: [Int](), count: layers.roads.count)
            for (i, r) in layers.roads.enumerated() where classes.contains(r.roadClass) {
                let line = layers.roadLines[i]
                let pairs = line.count == 1 ? [(line[0], line[0])] : Array(zip(line, line.dropFirst()))
                var near = Set<Int>()
                for (a, b) in pairs {
                    let box = BoundingBox(
                        minX: min(a.x, b.x),
                        minY: min(a.y, b.y),
                        maxX: max(a.x, b.x),
                        maxY: max(a.y, b.y)
                    )
                    settlementTree.search(box.expanded(by: radius)) { k in
                        if PlanarArea.squaredDistance(layers.settlementPoints[k], a, b) <= radius * radius {
                            near.insert(k)
                        }
                    }
                }
                served[i] = near.sorted()
                segments += pairs
                road += repeatElement(i, count: pairs.count)
            }
            return .blockedAccess(
                tree: RTree(
                    boxes: segments.map { a, b in
                        BoundingBox(minX: min(a.x, b.x), minY: min(a.y, b.y), maxX: max(a.x, b.x), maxY: max(a.y, b.y))
                    }
                ),
                segments: segments,
                road: road,
                served: served,
                roadIDs: layers.roads.map(\.localID),
                population: s.map { Double($0.population) },
                settlementIDs: s.map(\.localID),
                cap: f.capM ?? 0
            )
        case .roadDistance:
            let classes = Set(f.roadClasses ?? [])
            var segments: [(PlanarPoint, PlanarPoint)] = []
            var road: [Int] = []
            for (i, r) in layers.roads.enumerated() where classes.contains(r.roadClass) {
                let line = layers.roadLines[i]
                // A one-position road is a segment of no length: still a place a hazard can be near.
                let pairs = line.count == 1 ? [(line[0], line[0])] : Array(zip(line, line.dropFirst()))
                segments += pairs
                road += repeatElement(i, count: pairs.count)
            }
            let boxes = segments.map { a, b in
                BoundingBox(minX: min(a.x, b.x), minY: min(a.y, b.y), maxX: max(a.x, b.x), maxY: max(a.y, b.y))
            }
            return .nearestLine(
                tree: RTree(boxes: boxes),
                segments: segments,
                boxes: boxes,
                road: road,
                ids: layers.roads.map(\.localID),
                cap: f.capM ?? 0
            )
        }
    }

    /// Scores and ranks hazards already in the plane.
    static func rank(_ hazards: [Hazard], layers: Layers, asOf: CalendarDate, model: PriorityModel) -> [RankedHazard] {
        let prepared = model.factors.map { prepare($0, layers, asOf: asOf) }
        var ranked = parallelMap(hazards, minimumCount: 64) { h in
            var factors: [FactorScore] = []
            factors.reserveCapacity(model.factors.count)
            var score = 0.0
            for (f, p) in zip(model.factors, prepared) {
                let (raw, normalised, evidence) = measure(h, f, p)
                let contribution = f.weight * normalised
                score += contribution
                factors.append(
                    FactorScore(
                        name: f.name,
                        kind: f.kind,
                        raw: raw,
                        normalised: normalised,
                        weight: f.weight,
                        contribution: contribution,
                        evidence: evidence
                    )
                )
            }
            return RankedHazard(
                hazardID: h.id,
                region: h.region,
                remainingM2: h.remainingM2,
                factors: factors,
                score: score,
                rank: 0
            )
        }
        sortByRank(&ranked)
        return ranked
    }

    /// Highest score first, the score rounded to 9 decimals (as the benchmark writes it, numpy's round: × 10⁹ to
    /// nearest even) so that two scores equal in print tie, then by hazard id.
    static func sortByRank(_ ranked: inout [RankedHazard]) {
        let keys = ranked.map { ($0.score * 1e9).rounded(.toNearestOrEven) }
        var order = Array(ranked.indices)
        order.sort { a, b in keys[a] != keys[b] ? keys[a] > keys[b] : ranked[a].hazardID < ranked[b].hazardID }
        ranked = order.enumerated().map { r, i in
            var h = ranked[i]
            h.rank = r + 1
            return h
        }
    }

    /// A factor's raw value for one hazard, normalised, with the ids counted.
    static func measure(_ h: Hazard, _ f: PriorityModel.Factor, _ p: Prepared) -> (Double, Double, [String]) {
        let area = h.area
        switch p {
        case .landUse(let weights):
            // The use that weighs most, and every use recorded (the explanation names them).
            let best = h.landUse.map { weights[$0] ?? 0 }.max() ?? 0
            return (best, best, h.landUse.map(\.rawValue))
        case .accessibility:
            let open = h.accessibility == .accessible
            return (open ? 1 : 0, open ? 1 : 0, open ? [] : [h.inaccessibleReason ?? "inaccessible"])
        case .clearanceCost(let m2PerDay, let days):
            let needed = Double(h.remainingM2) / m2PerDay
            return (needed, 1 - min(needed / days, 1), [])
        case .blockedAccess(let tree, let segments, let road, let served, let roadIDs, let population, let ids, let cap):
            // The roads passing within the cap, then the settlements they serve, each once.
            var roads = Set<Int>()
            tree.search(area.box.expanded(by: cap)) { k in
                if !roads.contains(road[k]), area.squaredDistance(toSegment: segments[k].0, segments[k].1) <= cap * cap
                {
                    roads.insert(road[k])
                }
            }
            var people = Set<Int>()
            for r in roads { people.formUnion(served[r]) }
            let sum = people.reduce(0.0) { $0 + population[$1] }
            let evidence = roads.map { roadIDs[$0] }.sorted() + people.map { ids[$0] }.sorted()
            return (sum, min(sum / (f.normaliser ?? 1), 1), evidence)
        case .points(let tree, let points, let values, let ids, let radius):
            var sum = 0.0
            var counted: [String] = []
            tree.search(area.box.expanded(by: radius)) { i in
                guard area.contains(points[i], within: radius) else { return }
                sum += values[i]
                counted.append(ids[i])
            }
            counted.sort()
            return (sum, min(sum / (f.normaliser ?? 1), 1), counted)
        case .nearestLine(let tree, let segments, let boxes, let road, let ids, let cap):
            let (d, nearest) = nearestLine(area, tree, segments, boxes, road, ids, cap: cap)
            let metres = min(cap, d)
            return (metres, 1 - metres / cap, nearest.map { [ids[$0]] } ?? [])
        }
    }

    /// Distance to the nearest segment within `cap` and its road (of two as near, the lower id), else (∞, nil).
    /// Searches a small box first and widens it only while nothing is found within it: most hazards lie near a road,
    /// and anything outside a box grown by r lies farther than r.
    static func nearestLine(
        _ area: PlanarArea,
        _ tree: RTree,
        _ segments: [(PlanarPoint, PlanarPoint)],
        _ boxes: [BoundingBox],
        _ road: [Int],
        _ ids: [String],
        cap: Double
    ) -> (Double, Int?) {
        var best = Double.infinity
        var nearest: Int?
        var candidates: [(gap: Double, segment: Int)] = []
        var r = min(cap, 250)
        while true {
            candidates.removeAll(keepingCapacity: true)
            tree.search(area.box.expanded(by: r)) { s in
                candidates.append((PlanarArea.squaredGap(area.box, boxes[s]), s))
            }
            // Nearest boxes first: once a box lies farther than the best distance, so does everything after it.
            candidates.sort { $0.gap < $1.gap }
            for (gap, s) in candidates {
                if gap > best { break }
                let d = area.squaredDistance(toSegment: segments[s].0, segments[s].1)
                if d < best || (d == best && nearest.map { ids[road[s]] < ids[$0] } == true) {
                    best = d
                    nearest = road[s]
                }
            }
            if best <= r * r || r >= cap { break }
            r = min(cap, r * 4)
        }
        let metres = best.squareRoot()
        return metres <= cap ? (metres, nearest) : (.infinity, nil)
    }

    // MARK: - Output

    /// The benchmark's B2 file (WORKLOAD §4.2), rows in rank order: the default model's columns from the first factor
    /// of each kind (a kind the model lacks is written 0).
    public static func b2CSV(_ ranked: [RankedHazard]) -> String {
        var out = "hazard_id,pop1k,idp1k,road_m,infra,cas,score,rank\n"
        out.reserveCapacity(ranked.count * 64)
        for h in ranked.sorted(by: { $0.rank < $1.rank }) {
            func raw(_ kind: PriorityModel.Factor.Kind) -> Double { h.factors.first { $0.kind == kind }?.raw ?? 0 }
            out += h.hazardID
            out += ",\(Int64(raw(.population))),\(Int64(raw(.displacedHouseholds))),"
            out += fixed(raw(.roadDistance), 3)
            out += ",\(Int64(raw(.infrastructure))),\(Int64(raw(.casualties))),"
            out += fixed(h.score, 9)
            out += ",\(h.rank)\n"
        }
        return out
    }

    /// Every factor's raw value, normalised value and contribution, for `minefree priority` and exports.
    public static func csv(_ ranked: [RankedHazard]) -> String {
        guard let first = ranked.first else { return "rank,hazard_id,region,remaining_m2,score\n" }
        var header = ["rank", "hazard_id", "region", "remaining_m2", "score"]
        for f in first.factors { header += [f.name, "\(f.name)_normalised", "\(f.name)_contribution"] }
        var out = header.joined(separator: ",") + "\n"
        for h in ranked {
            var row = ["\(h.rank)", h.hazardID, h.region, "\(h.remainingM2)", fixed(h.score, 9)]
            for f in h.factors { row += [fixed(f.raw, 3), fixed(f.normalised, 6), fixed(f.contribution, 9)] }
            out += row.joined(separator: ",") + "\n"
        }
        return out
    }

    /// `x` with `places` decimals, rounded as printf rounds (the exact binary value, half to even): through the C
    /// library, as `String(format:)` costs several times more and a national file writes 70,000 of these.
    static func fixed(_ x: Double, _ places: Int) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 352) { buffer in
            let n = withVaList([Int32(places), x]) { vsnprintf(buffer.baseAddress!, buffer.count, "%.*f", $0) }
            return String(
                decoding: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: min(Int(n), buffer.count - 1)),
                as: UTF8.self
            )
        }
    }
}
