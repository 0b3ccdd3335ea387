import Foundation

/// A realistic demo programme at district scale, in the files of the benchmark workload (WORKLOAD §2) and the
/// programme's own (organisations, districts, assets and their downtime, activities, device finds):
/// hazards clustered along two former front lines, released over the years (survey cancels most of the
/// suspected land, clearance most of the confirmed) by three operators' teams, with settlements, roads and
/// infrastructure around them.
/// Deterministic: the same seed gives the same files, so a demo, a screenshot and a test agree.
public enum DemoProgramme {
    public struct Size: Sendable {
        public var hazards: Int
        public var settlements: Int
        public var roads: Int
        public var infrastructure: Int
        /// Accidents as the hospital reported them (the police and the media report some of them again).
        public var accidents: Int = 45
        public init(hazards: Int, settlements: Int, roads: Int, infrastructure: Int) {
            self.hazards = hazards
            self.settlements = settlements
            self.roads = roads
            self.infrastructure = infrastructure
        }
        /// About one district of a national programme.
        public static let district = Size(hazards: 1200, settlements: 150, roads: 300, infrastructure: 120)
    }

    /// Districts and where they lie (lon, lat): the demo's admin areas.
    public static let districts: [(code: String, lon: Double, lat: Double)] = [
        ("D01", 46.55, 40.35), ("D02", 46.95, 40.10), ("D03", 47.10, 39.70), ("D04", 46.70, 39.40),
        ("D05", 46.20, 39.75),
    ]
    /// The demo's baseline survey: hazards recorded from this day on are newly found.
    public static let baseline = CalendarDate(year: 2016, month: 1, day: 1)!
    static let frontLines: [[(Double, Double)]] = [
        [
            (46.25, 40.45), (46.55, 40.35), (46.85, 40.25), (47.05, 40.05), (47.15, 39.80), (47.05, 39.55),
            (46.95, 39.30),
        ],
        [(45.95, 40.00), (46.15, 39.80), (46.35, 39.60), (46.55, 39.45)],
    ]

    /// A small deterministic generator (SplitMix64): the same sequence on every platform.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
        mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * unit() }
        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
        mutating func normal() -> Double {
            let u = max(unit(), 1e-12), v = unit()
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }
        mutating func pick<T>(_ items: [(T, Double)]) -> T {
            var r = unit() * items.reduce(0) { $0 + $1.1 }
            for (item, weight) in items {
                r -= weight
                if r <= 0 { return item }
            }
            return items.last!.0
        }
    }

    /// The files of the demo programme as (file name, contents).
    public static func files(
        seed: UInt64 = 7,
        size: Size = .district,
        through snapshot: CalendarDate = CalendarDate(year: 2026, month: 6, day: 30)!
    )
        -> [(name: String, contents: String)]
    {
        var rng = Random(state: seed)
        let plane = LambertAzimuthalEqualArea.workload
        func nearFront(_ sigma: Double) -> PlanarPoint {
            let line = frontLines[rng.unit() < 0.7 ? 0 : 1]
            let i = rng.int(0...(line.count - 2))
            let t = rng.unit()
            let a = plane.forward(lon: line[i].0, lat: line[i].1),
                b = plane.forward(lon: line[i + 1].0, lat: line[i + 1].1)
            let dx = b.x - a.x, dy = b.y - a.y, len = (dx * dx + dy * dy).squareRoot()
            let off = rng.normal() * sigma
            return PlanarPoint(x: a.x + t * dx - off * dy / len, y: a.y + t * dy + off * dx / len)
        }
        func district(_ p: GeoPoint) -> String {
            districts.min {
                ($0.lon - p.lon) * ($0.lon - p.lon) + ($0.lat - p.lat) * ($0.lat - p.lat)
                    < ($1.lon - p.lon) * ($1.lon - p.lon) + ($1.lat - p.lat) * ($1.lat - p.lat)
            }!.code
        }
        func rounded(_ p: GeoPoint) -> GeoPoint {
            GeoPoint(lon: (p.lon * 1e6).rounded() / 1e6, lat: (p.lat * 1e6).rounded() / 1e6)
        }
        func day(_ from: CalendarDate, _ to: CalendarDate) -> CalendarDate {
            let span = to.dayNumber - from.dayNumber
            return CalendarDate(
                dayNumber: from.dayNumber + Int(Double(max(span, 0) + 1) * rng.unit()).clamped(0, max(span, 0))
            )
        }
        let start = CalendarDate(year: 2004, month: 1, day: 1)!,
            lastRecorded = CalendarDate(year: 2025, month: 12, day: 31)!

        var hazards = "{\"type\":\"FeatureCollection\",\"features\":[\n"
        var releases = "id,hazard_id,date,method,area_m2,devices_found,activity_id,handover_date,handed_over_to\n"
        var activities =
            "id,type,organisation_id,hazard_id,method,asset_ids,start_date,end_date,status,date_of_information\n"
        var finds = "id,activity_id,hazard_id,date,category,model,count,lon,lat,disposal\n"
        var findCount = 0
        let operators = ["OP-DEMINING-1", "OP-DEMINING-2", "ARMY-ENG"]
        // Each operator's teams: two manual teams, a machine, a dog team.
        let teams = operators.map { op in ["MT1", "MT2", "MCH", "MDD"].map { "\(op)-\($0)" } }
        var releaseCount = 0
        // Where the hazards left open lie (their centres): risk education in the people's files aims near them.
        var openCentres: [PlanarPoint] = []
        for h in 0..<size.hazards {
            let centre = nearFront(3000)
            // Star-shaped ring with strictly increasing angles: simple by construction.
            let n = rng.int(7...14)
            let target = min(1500 + exp(log(4000) + 1.2 * rng.normal()), 600_000)
            let r = (target / Double.pi).squareRoot()
            var angles: [Double] = []
            var acc = rng.uniform(0, 2 * .pi)
            let gaps = (0..<n).map { _ in rng.uniform(0.6, 1.4) }
            let total = gaps.reduce(0, +)
            for g in gaps { angles.append(acc); acc += g / total * 2 * .pi }
            var ring = angles.map { a -> GeoPoint in
                let rho = r * rng.uniform(0.75, 1.2)
                return rounded(plane.inverse(PlanarPoint(x: centre.x + rho * cos(a), y: centre.y + rho * sin(a))))
            }
            ring.append(ring[0])
            let area = Int64(Ring.area(ring.map { plane.forward($0) }).rounded())
            let id = String(format: "HA-%05d", h + 1)
            let confirmed = rng.unit() < 0.55
            let contamination = rng.pick([("AP", 0.45), ("AT", 0.2), ("ERW", 0.25), ("CM", 0.1)])
            let recorded = day(start, lastRecorded)
            var coordinates = ""
            GeoJSONWriter.rings([ring], into: &coordinates)
            // What the land would serve, from the hazard's number (no draw, so the layers after keep theirs).
            let landUse = ["agricultural", "grazing", "agricultural;grazing", "residential", "forest", "water", ""][
                h % 7
            ]
            if h > 0 { hazards += ",\n" }
            hazards +=
                "{\"type\":\"Feature\",\"properties\":{\"id\":\"\(id)\",\"region\":\"\(district(plane.inverse(centre)))\",\"status\":\"\(confirmed ? "CHA" : "SHA")\",\"contamination\":\"\(contamination)\",\"recorded_date\":\"\(recorded.iso)\",\"area_m2\":\(area)\(landUse.isEmpty ? "" : ",\"land_use\":\"\(landUse)\"")},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":\(coordinates)}}"
            // Releases: survey cancels most suspected land, clearance most confirmed; some areas untouched.
            // One activity per worked hazard, by one operator's teams: ongoing from the first release, completed
            // (a new dated record) on the last when nothing remains; cleared devices are recorded as finds.
            guard rng.unit() < 0.7, recorded < snapshot else {
                openCentres.append(centre)
                continue
            }
            let activity = "ACT-\(id)"
            let op = rng.int(0...(operators.count - 1))
            var left = area
            var date = recorded
            var first: CalendarDate?
            var methods = Set<String>()
            let centroid = plane.inverse(centre)
            for _ in 0..<rng.int(1...4) where left > 0 && date < snapshot {
                date = day(date, min(CalendarDate(dayNumber: date.dayNumber + 900), snapshot))
                first = first ?? date
                let method =
                    confirmed
                    ? rng.pick([("reduced", 0.35), ("cleared", 0.6), ("cancelled", 0.05)])
                    : rng.pick([("cancelled", 0.7), ("reduced", 0.2), ("cleared", 0.1)])
                methods.insert(method)
                let part = rng.unit() < 0.4 ? left : max(1, Int64(Double(left) * rng.uniform(0.2, 0.8)))
                left -= part
                let devices = method == "cleared" ? Int64(Double(part) / 1000 * rng.uniform(0, 0.8)) : 0
                releaseCount += 1
                let handover =
                    method == "cancelled" ? "" : CalendarDate(dayNumber: date.dayNumber + rng.int(7...60)).iso
                releases +=
                    "RE-\(String(format: "%06d", releaseCount)),\(id),\(date.iso),\(method),\(part),\(devices),\(activity),"
                    + "\(handover),\(handover.isEmpty ? "" : "community of \(district(centroid))")\n"
                if devices > 0 {
                    findCount += 1
                    let category =
                        ["AP": "ap_mine", "AT": "at_mine", "ERW": "uxo", "CM": "submunition"][contamination] ?? "other"
                    let model =
                        ["ap_mine": "PMN-2", "at_mine": "TM-62M", "uxo": "OF-462 projectile", "submunition": "9N235"][
                            category
                        ] ?? ""
                    var place = ""
                    GeoJSONWriter.position(rounded(centroid), into: &place)
                    let lonLat = place.dropFirst().dropLast()
                    finds +=
                        "DF-\(String(format: "%05d", findCount)),\(activity),\(id),\(date.iso),\(category),\(model),\(devices),\(lonLat),destroyed_in_situ\n"
                }
            }
            if left > 0 { openCentres.append(centre) }
            if let first {
                let type =
                    methods.contains("cleared")
                    ? "clearance" : methods.contains("reduced") ? "technical_survey" : "non_technical_survey"
                let method =
                    type == "non_technical_survey"
                    ? "manual" : rng.pick([("manual", 0.6), ("mechanical", 0.15), ("dogs", 0.1), ("combined", 0.15)])
                let crew =
                    method == "mechanical"
                    ? [teams[op][2]]
                    : method == "dogs"
                        ? [teams[op][3]]
                        : method == "combined"
                            ? [teams[op][0], teams[op][2]]
                            : [teams[op][rng.int(0...1)]]
                let assetIDs = crew.joined(separator: ";")
                if left > 0 || date > first {
                    activities +=
                        "\(activity),\(type),\(operators[op]),\(id),\(method),\(assetIDs),\(first.iso),,ongoing,\(first.iso)\n"
                }
                if left == 0 {
                    activities +=
                        "\(activity),\(type),\(operators[op]),\(id),\(method),\(assetIDs),\(first.iso),\(date.iso),completed,\(date.iso)\n"
                }
            }
        }
        hazards += "\n]}\n"

        var placed: [GeoPoint] = []
        func points(_ name: String, _ count: Int, sigma: Double, properties: (Int) -> String) -> String {
            var out = "{\"type\":\"FeatureCollection\",\"features\":[\n"
            for i in 0..<count {
                let p = rounded(plane.inverse(nearFront(sigma)))
                placed.append(p)
                var position = ""
                GeoJSONWriter.position(p, into: &position)
                out +=
                    (i > 0 ? ",\n" : "")
                    + "{\"type\":\"Feature\",\"properties\":{\(properties(i))},\"geometry\":{\"type\":\"Point\",\"coordinates\":\(position)}}"
            }
            return out + "\n]}\n"
        }
        let syllables = [
            "ag", "bal", "cay", "dash", "gol", "qar", "kend", "lar", "mil", "nar", "sar", "tala", "xan", "yur", "zag",
            "fuz", "gan",
        ]
        var people: [(population: Int, idp: Int)] = []
        let settlements = points("settlements", size.settlements, sigma: 9000) { i in
            let name = (syllables[rng.int(0...(syllables.count - 1))] + syllables[rng.int(0...(syllables.count - 1))])
                .capitalized
            people.append((rng.int(40...6000), rng.int(0...400)))
            return
                "\"id\":\"ST-\(String(format: "%04d", i + 1))\",\"name\":\"\(name)\",\"population\":\(people[i].population),\"idp_households\":\(people[i].idp)"
        }
        // Later figures (no draws, so the layers after keep theirs): a census of every ninth settlement, and a third
        // of the displaced families of every sixth back home.
        var figures = "settlement_id,date,population,idp_households,returned_households,source\n"
        for (i, p) in people.enumerated() {
            let id = "ST-\(String(format: "%04d", i + 1))"
            if i % 9 == 4 { figures += "\(id),2024-10-01,\(p.population + p.population / 10),,,district census 2024\n" }
            if i % 6 == 1 && p.idp >= 30 { figures += "\(id),2025-09-15,,,\(p.idp / 3),return survey\n" }
        }
        // Each settlement, its district and whether an open hazard's centre lies within 3 km of it.
        let places = placed.enumerated().map { i, p in
            let at = plane.forward(p)
            return DemoPeople.Place(
                id: "ST-\(String(format: "%04d", i + 1))",
                district: district(p),
                lon: p.lon,
                lat: p.lat,
                nearHazard: openCentres.contains { ($0.x - at.x) * ($0.x - at.x) + ($0.y - at.y) * ($0.y - at.y) < 9e6 }
            )
        }
        let infrastructure = points("infrastructure", size.infrastructure, sigma: 8000) { i in
            "\"id\":\"IN-\(String(format: "%04d", i + 1))\",\"type\":\"\(rng.pick([("health", 0.15), ("school", 0.3), ("water", 0.25), ("power", 0.2), ("cultural_heritage", 0.1)]))\""
        }
        var roads = "{\"type\":\"FeatureCollection\",\"features\":[\n"
        for i in 0..<size.roads {
            var p = nearFront(8000)
            var line: [GeoPoint] = []
            let heading = rng.uniform(0, 2 * .pi)
            for _ in 0..<rng.int(2...8) {
                line.append(rounded(plane.inverse(p)))
                let step = rng.uniform(300, 2500), turn = heading + rng.uniform(-0.5, 0.5)
                p = PlanarPoint(x: p.x + step * cos(turn), y: p.y + step * sin(turn))
            }
            var coordinates = ""
            GeoJSONWriter.line(line, into: &coordinates)
            roads +=
                (i > 0 ? ",\n" : "")
                + "{\"type\":\"Feature\",\"properties\":{\"id\":\"RD-\(String(format: "%04d", i + 1))\",\"class\":\"\(rng.pick([("primary", 0.1), ("secondary", 0.3), ("track", 0.6)]))\"},\"geometry\":{\"type\":\"LineString\",\"coordinates\":\(coordinates)}}"
        }
        roads += "\n]}\n"
        let organisations =
            "id,name,type\nNMAA,National Mine Action Authority,national_authority\n"
            + "OP-DEMINING-1,Demining Operator One,international_ngo\nOP-DEMINING-2,Demining Operator Two,commercial_operator\n"
            + "ARMY-ENG,Army Engineers,military_security\n"
        var assets = "id,type,organisation_id,productivity_m2_per_day,in_service_from\n"
        var downtime = "asset_id,from,to,reason\n"
        for (o, op) in operators.enumerated() {
            for (t, team) in teams[o].enumerated() {
                let (type, productivity) = [
                    ("manual_team", 300), ("manual_team", 300), ("machine", 2500), ("mine_detection_dog_team", 1200),
                ][t]
                assets += "\(team),\(type),\(op),\(productivity + rng.int(-50...50)),2004-01-01\n"
                for year in [2024, 2025] {
                    let from = CalendarDate(year: year, month: rng.int(1...2), day: rng.int(1...28))!
                    downtime +=
                        "\(team),\(from.iso),\(CalendarDate(dayNumber: from.dayNumber + rng.int(5...25)).iso),weather\n"
                }
                if type == "machine" { downtime += "\(team),2025-07-01,2025-07-14,maintenance\n" }
            }
        }
        var adminAreas = "{\"type\":\"FeatureCollection\",\"features\":[\n"
        for (i, (d, ring)) in zip(districts, districtBoundaries()).enumerated() {
            var coordinates = ""
            GeoJSONWriter.rings([ring.map(rounded)], into: &coordinates)
            adminAreas +=
                (i > 0 ? ",\n" : "")
                + "{\"type\":\"Feature\",\"properties\":{\"pcode\":\"\(d.code)\",\"name\":\"District \(d.code.dropFirst())\","
                + "\"level\":1,\"parent_pcode\":null},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":\(coordinates)}}"
        }
        adminAreas += "\n]}\n"
        return [
            ("hazards.geojson", hazards), ("release_events.csv", releases), ("settlements.geojson", settlements),
            ("settlement_figures.csv", figures),
            ("roads.geojson", roads), ("infrastructure.geojson", infrastructure), ("organisations.csv", organisations),
            ("admin_areas.geojson", adminAreas), ("assets.csv", assets), ("asset_downtime.csv", downtime),
            ("activities.csv", activities), ("device_finds.csv", finds),
        ]
            + DemoPeople.files(
                seed: seed,
                accidents: size.accidents,
                settlements: places,
                through: snapshot
            ) + DemoFunding.files(seed: seed, through: snapshot) + DemoAdvocacy.files(through: snapshot)
            + DemoStockpiles.files(through: snapshot) + DemoActionPlans.files(through: snapshot)
            + DemoFigures.files(through: snapshot) + DemoUseOfMines.files(through: snapshot)
    }

    /// Each district's boundary: the land nearer its centre than any other (in degrees, as `district` assigns
    /// hazards), within the demo's extent. Settlements carry no admin area: the import places them.
    public static func districtBoundaries() -> [[GeoPoint]] {
        let extent = [(45.3, 38.8), (47.8, 38.8), (47.8, 41.0), (45.3, 41.0)].map { GeoPoint(lon: $0.0, lat: $0.1) }
        return districts.map { d in
            var cell = extent
            for o in districts where o.code != d.code {
                // Keep the half-plane nearer d: (o - d)·p <= (|o|² - |d|²) / 2.
                let ax = o.lon - d.lon, ay = o.lat - d.lat
                let limit = (o.lon * o.lon + o.lat * o.lat - d.lon * d.lon - d.lat * d.lat) / 2
                func side(_ p: GeoPoint) -> Double { ax * p.lon + ay * p.lat - limit }
                var clipped: [GeoPoint] = []
                for (k, p) in cell.enumerated() {
                    let q = cell[(k + 1) % cell.count]
                    if side(p) <= 0 { clipped.append(p) }
                    if (side(p) < 0) != (side(q) < 0), side(p) != 0, side(q) != 0 {
                        let t = side(p) / (side(p) - side(q))
                        clipped.append(GeoPoint(lon: p.lon + t * (q.lon - p.lon), lat: p.lat + t * (q.lat - p.lat)))
                    }
                }
                cell = clipped
            }
            return cell + [cell[0]]
        }
    }

    /// Writes the demo files into `directory` (created if needed).
    public static func write(to directory: URL, seed: UInt64 = 7, size: Size = .district) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for file in files(seed: seed, size: size) {
            try file.contents.write(to: directory.appendingPathComponent(file.name), atomically: true, encoding: .utf8)
        }
    }
}

extension Int {
    fileprivate func clamped(_ low: Int, _ high: Int) -> Int { Swift.min(Swift.max(self, low), high) }
}
