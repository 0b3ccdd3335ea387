import Foundation
import MineFreeCore

/// The WORKLOAD dataset's files read the way its B2–B4 anchors read them: parsed and typed (a malformed file, a
/// missing property or an unknown code stops the run with the file, feature and property), but without the import's
/// geometry and cross-file rules, which B1 measures. The hazards are parsed on one core while the other layers are
/// parsed on the other.
struct BenchFiles {
    var hazards: [HazardousArea] = []
    var releases: [LandRelease] = []
    var settlements: [Settlement] = []
    var roads: [Road] = []
    var infrastructure: [InfrastructurePoint] = []
    var casualties: [CasualtyEvent] = []

    enum Layers { case all, hazardsAndReleases }

    static func read(_ directory: URL, layers: Layers) throws -> BenchFiles {
        let tasks: [@Sendable () throws -> BenchFiles] = [
            {
                BenchFiles(
                    hazards: try hazards(directory.appendingPathComponent("hazards.geojson"), geometry: layers == .all)
                )
            },
            {
                var rest = BenchFiles(releases: try releases(directory.appendingPathComponent("release_events.csv")))
                guard layers == .all else { return rest }
                rest.settlements = try settlements(directory.appendingPathComponent("settlements.geojson"))
                rest.roads = try roads(directory.appendingPathComponent("roads.geojson"))
                rest.infrastructure = try infrastructure(directory.appendingPathComponent("infrastructure.geojson"))
                rest.casualties = try casualties(directory.appendingPathComponent("casualties.geojson"))
                return rest
            },
        ]
        let results = ResultBox(count: tasks.count)
        DispatchQueue.concurrentPerform(iterations: tasks.count) { k in
            results.set(k, Result { try tasks[k]() })
        }
        let parts = try results.values.map { try $0!.get() }
        var files = parts[0]
        files.releases = parts[1].releases
        files.settlements = parts[1].settlements
        files.roads = parts[1].roads
        files.infrastructure = parts[1].infrastructure
        files.casualties = parts[1].casualties
        return files
    }

    init(
        hazards: [HazardousArea] = [],
        releases: [LandRelease] = [],
        settlements: [Settlement] = [],
        roads: [Road] = [],
        infrastructure: [InfrastructurePoint] = [],
        casualties: [CasualtyEvent] = []
    ) {
        self.hazards = hazards
        self.releases = releases
        self.settlements = settlements
        self.roads = roads
        self.infrastructure = infrastructure
        self.casualties = casualties
    }

    /// The hazards; without `geometry` (the forecast needs none, as the B4 anchor reads none) with no polygons.
    static func hazards(_ url: URL, geometry: Bool = true) throws -> [HazardousArea] {
        try features(url, geometry: geometry).map { f in
            var rings: [[GeoPoint]] = []
            if geometry {
                guard case .polygon(let r) = f.geometry else {
                    throw f.problem(url, "geometry", "expected a Polygon")
                }
                rings = r
            }
            return HazardousArea(
                localID: try f.text(url, "id"),
                region: try f.text(url, "region"),
                classification: try f.code(url, "status"),
                contamination: try f.code(url, "contamination"),
                recordedDate: try f.date(url, "recorded_date"),
                areaM2: try f.integer(url, "area_m2"),
                rings: rings
            )
        }
    }

    static func settlements(_ url: URL) throws -> [Settlement] {
        try features(url).map { f in
            Settlement(
                localID: try f.text(url, "id"),
                name: try f.text(url, "name"),
                population: try f.integer(url, "population"),
                idpHouseholds: try f.integer(url, "idp_households"),
                location: try f.point(url)
            )
        }
    }

    static func roads(_ url: URL) throws -> [Road] {
        try features(url).map { f in
            guard case .lineString(let line) = f.geometry else {
                throw f.problem(url, "geometry", "expected a LineString")
            }
            return Road(localID: try f.text(url, "id"), roadClass: try f.code(url, "class"), line: line)
        }
    }

    static func infrastructure(_ url: URL) throws -> [InfrastructurePoint] {
        try features(url).map { f in
            InfrastructurePoint(
                localID: try f.text(url, "id"),
                type: try f.code(url, "type"),
                location: try f.point(url)
            )
        }
    }

    static func casualties(_ url: URL) throws -> [CasualtyEvent] {
        try features(url).map { f in
            CasualtyEvent(
                localID: try f.text(url, "id"),
                date: try f.date(url, "date"),
                outcome: try f.code(url, "outcome"),
                age: f.feature.properties["age"]?.number.map { Int($0) },
                sex: f.feature.properties["sex"]?.string.flatMap(CasualtyEvent.Sex.init(rawValue:)),
                device: try f.code(url, "device"),
                location: try f.point(url)
            )
        }
    }

    static func releases(_ url: URL) throws -> [LandRelease] {
        let table: CSVTable
        do { table = try CSVTable(contentsOf: url) } catch { throw BadInput("\(url.lastPathComponent): \(error)") }
        let columns = try ["id", "hazard_id", "date", "method", "area_m2", "devices_found"].map { name in
            guard let k = table.column(name) else { throw BadInput("\(url.lastPathComponent): no column '\(name)'") }
            return k
        }
        return try table.rows.map { row in
            func bad(_ k: Int, _ expected: String) -> BadInput {
                BadInput(
                    "\(url.lastPathComponent) line \(row.line): \(table.header[columns[k]]) = '\(row.fields[columns[k]])': expected \(expected)"
                )
            }
            let f = columns.map { row.fields[$0] }
            guard let date = CalendarDate(iso: f[2]) else { throw bad(2, "a date YYYY-MM-DD") }
            guard let method = ReleaseMethod(rawValue: f[3]) else { throw bad(3, "cancelled, reduced or cleared") }
            guard let area = Int64(f[4]) else { throw bad(4, "an integer") }
            guard let devices = Int64(f[5]) else { throw bad(5, "an integer") }
            return LandRelease(
                localID: f[0],
                hazardID: f[1],
                date: date,
                method: method,
                areaM2: area,
                devicesFound: devices
            )
        }
    }

    private static func features(_ url: URL, geometry: Bool = true) throws -> [Feature] {
        do {
            let data = try Data(contentsOf: url, options: .alwaysMapped)
            return try GeoJSONReader.read(data: data, geometry: geometry, enteredText: false).map(Feature.init)
        } catch let error as GeoJSONReader.SyntaxError {
            throw BadInput("\(url.lastPathComponent) \(error)")
        } catch {
            throw BadInput("cannot read '\(url.path)': \(error.localizedDescription)")
        }
    }

    /// A feature's typed properties, each failure naming the file, the feature and the property.
    private struct Feature {
        var feature: GeoJSONFeature
        var geometry: GeoJSONGeometry? { feature.geometry }

        func problem(_ url: URL, _ key: String, _ expected: String) -> BadInput {
            let value =
                key == "geometry" ? (feature.geometry?.typeName ?? "null") : (feature.properties[key]?.text ?? "(none)")
            return BadInput(
                "\(url.lastPathComponent) feature \(feature.number) (line \(feature.line)): \(key) = '\(value)': \(expected)"
            )
        }

        func text(_ url: URL, _ key: String) throws -> String {
            guard let s = feature.properties[key]?.string, !s.isEmpty else { throw problem(url, key, "expected text") }
            return s
        }

        func integer(_ url: URL, _ key: String) throws -> Int64 {
            guard let n = feature.properties[key]?.number, n == n.rounded(), abs(n) < 1e15 else {
                throw problem(url, key, "expected an integer")
            }
            return Int64(n)
        }

        func date(_ url: URL, _ key: String) throws -> CalendarDate {
            guard let s = feature.properties[key]?.string, let d = CalendarDate(iso: s) else {
                throw problem(url, key, "expected a date YYYY-MM-DD")
            }
            return d
        }

        func code<Code: RawRepresentable & CaseIterable>(_ url: URL, _ key: String) throws -> Code
        where Code.RawValue == String {
            guard let s = feature.properties[key]?.string, let c = Code(rawValue: s) else {
                throw problem(url, key, "expected one of \(Code.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return c
        }

        func point(_ url: URL) throws -> GeoPoint {
            guard case .point(let p) = feature.geometry else { throw problem(url, "geometry", "expected a Point") }
            return p
        }
    }
}

/// Results written by concurrent tasks, each into its own slot.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<BenchFiles, Error>?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ k: Int, _ value: Result<BenchFiles, Error>) { lock.withLock { slots[k] = value } }
    var values: [Result<BenchFiles, Error>?] { lock.withLock { slots } }
}
