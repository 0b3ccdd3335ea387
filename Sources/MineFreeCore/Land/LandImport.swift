import Foundation

/// One reason an import was refused: which file, which feature or line, which rule, what value.
public struct ImportIssue: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    /// "feature 12 (HA-0000012)" or "line 5"; nil for the file as a whole.
    public var item: String?
    public var rule: String
    public var message: String

    public var description: String { "\(file)\(item.map { " \($0)" } ?? ""): [\(rule)] \(message)" }

    public init(file: String, item: String?, rule: String, message: String) {
        self.file = file
        self.item = item
        self.rule = rule
        self.message = message
    }
}

/// The import was refused; nothing was stored. Every issue found is listed.
public struct ImportRefused: Error, Sendable, CustomStringConvertible {
    public var issues: [ImportIssue]
    public init(issues: [ImportIssue]) { self.issues = issues }
    public var description: String {
        "import refused, nothing stored (\(issues.count) issue\(issues.count == 1 ? "" : "s")):\n"
            + issues.prefix(200).map { "  " + $0.description }.joined(separator: "\n")
            + (issues.count > 200 ? "\n  … and \(issues.count - 200) more" : "")
    }

    /// Issues per rule, for a summary line.
    public var countsByRule: [String: Int] { Dictionary(grouping: issues, by: \.rule).mapValues(\.count) }
}

/// How an import checks its input.
public struct LandImportProfile: Sendable {
    /// Where every position must lie (lon/lat).
    public var bounds: BoundingBox?
    public var minimumDistinctVertices: Int
    public var maximumDistinctVertices: Int?
    public var maximumVertexJump: Double?
    /// The equal-area plane for areas; nil centres one on the data.
    public var projection: LambertAzimuthalEqualArea?
    /// A stated area may differ from the geometry's by 1 m² plus this fraction (WORKLOAD rule 6: 0.1%).
    public var areaTolerance: Double
    /// Source column/property name for each canonical field, where they differ (`recorded_date` → `date_found`);
    /// a key may name its layer (`release_events.id`) when layers differ.
    public var fieldNames: [String: String]

    public init(
        bounds: BoundingBox? = nil, minimumDistinctVertices: Int = 3, maximumDistinctVertices: Int? = nil,
        maximumVertexJump: Double? = 5000, projection: LambertAzimuthalEqualArea? = nil, areaTolerance: Double = 0.001,
        fieldNames: [String: String] = [:]
    ) {
        self.bounds = bounds
        self.minimumDistinctVertices = minimumDistinctVertices
        self.maximumDistinctVertices = maximumDistinctVertices
        self.maximumVertexJump = maximumVertexJump
        self.projection = projection
        self.areaTolerance = areaTolerance
        self.fieldNames = fieldNames
    }

    /// The benchmark dataset's rules (WORKLOAD §4.1): its bounding box, 6–40 distinct vertices, its LAEA plane.
    public static let workload = LandImportProfile(
        bounds: BoundingBox(minX: 44.8, minY: 38.4, maxX: 50.4, maxY: 41.9), minimumDistinctVertices: 6,
        maximumDistinctVertices: 40, maximumVertexJump: 5000, projection: .workload)
}

/// Everything one import brings, validated.
public struct LandDataset: Sendable {
    public var hazards: [HazardousArea] = []
    public var releases: [LandRelease] = []
    public var settlements: [Settlement] = []
    public var roads: [Road] = []
    public var infrastructure: [InfrastructurePoint] = []
    public var casualties: [CasualtyEvent] = []
    public var revisions: [HazardRevision] = []
    public var organisations: [Organisation] = []
    public var adminAreas: [AdminArea] = []
    public var activities: [ActivityRecord] = []
    public var deviceFinds: [DeviceFind] = []
    public var assets: [Asset] = []
    public var downtime: [AssetDowntime] = []

    public init() {}

    public var counts: [(layer: String, count: Int)] {
        [("hazards", hazards.count), ("release_events", releases.count), ("settlements", settlements.count),
         ("roads", roads.count), ("infrastructure", infrastructure.count), ("casualties", casualties.count),
         ("hazard_revisions", revisions.count), ("organisations", organisations.count), ("admin_areas", adminAreas.count),
         ("activities", activities.count), ("device_finds", deviceFinds.count), ("assets", assets.count),
         ("asset_downtime", downtime.count)]
    }
}

/// What the store already holds that an import's releases are checked against (rules 7 and 8).
public struct KnownHazard: Sendable {
    public var recordedDate: CalendarDate
    public var areaM2: Int64
    public var releasedM2: Int64
    public init(recordedDate: CalendarDate, areaM2: Int64, releasedM2: Int64) {
        self.recordedDate = recordedDate
        self.areaM2 = areaM2
        self.releasedM2 = releasedM2
    }
}

/// The records other than hazards that the store already holds, which an import's records may refer to.
public struct KnownRecords: Sendable {
    /// The admin areas stored (with their boundaries, when recorded). None: hazards' regions are not checked.
    public var adminAreas: [AdminArea]
    public var organisations: Set<String>
    /// Activity id → the hazard of its latest record (nil for an EOD spot task without one).
    public var activityHazards: [String: String?]
    public var assets: Set<String>

    public init(adminAreas: [AdminArea] = [], organisations: Set<String> = [], activityHazards: [String: String?] = [:],
                assets: Set<String> = []) {
        self.adminAreas = adminAreas
        self.organisations = organisations
        self.activityHazards = activityHazards
        self.assets = assets
    }
}

/// Reads and validates a land dataset (the files of WORKLOAD §2, any subset). All or nothing: either
/// every record is valid and returned, or ``ImportRefused`` lists every failure.
public enum LandImport {
    public static let layerFiles = [
        "hazards.geojson", "release_events.csv", "settlements.geojson", "roads.geojson", "infrastructure.geojson",
        "casualties.geojson", "hazard_revisions.csv", "organisations.csv", "admin_areas.csv", "admin_areas.geojson",
        "assets.csv", "asset_downtime.csv", "activities.csv", "device_finds.csv",
    ]

    /// Reads the known layer files present in `directory` (or the one file `url` names).
    ///
    /// `hazardsChecked`, when given, receives the hazards as soon as their own file passed its rules (1–6),
    /// while the other files are still being checked: a store may start writing them in a transaction
    /// it rolls back if this function then throws. It is not called when the hazards file has issues.
    public static func read(
        _ url: URL, profile: LandImportProfile, existing: [String: KnownHazard] = [:], known: KnownRecords = KnownRecords(),
        progress: ((String) -> Void)? = nil, hazardsChecked: (@Sendable ([HazardousArea]) -> Void)? = nil
    ) throws -> LandDataset {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw ImportRefused(issues: [ImportIssue(file: url.path, item: nil, rule: "file-missing", message: "no such file or directory")])
        }
        var files: [URL] = []
        if isDirectory.boolValue {
            files = layerFiles.map { url.appendingPathComponent($0) }.filter { FileManager.default.fileExists(atPath: $0.path) }
            if files.isEmpty {
                throw ImportRefused(issues: [
                    ImportIssue(file: url.path, item: nil, rule: "file-missing",
                                message: "no layer files (\(layerFiles.joined(separator: ", ")))")
                ])
            }
        } else {
            guard layerFiles.contains(url.lastPathComponent) else {
                throw ImportRefused(issues: [
                    ImportIssue(file: url.lastPathComponent, item: nil, rule: "layer",
                                message: "unknown layer: the file name must be one of \(layerFiles.joined(separator: ", "))")
                ])
            }
            files = [url]
        }
        var state = LandValidation(profile: profile, existing: existing, known: known)
        // Parse every file at once (the hazards file is most of the bytes), then validate in order:
        // hazards first, because releases are checked against them.
        let present = layerFiles.compactMap { name in files.first { $0.lastPathComponent == name } }
        progress?("reading \(present.map(\.lastPathComponent).joined(separator: ", "))")
        // Validating the hazards inside this map, as soon as they are parsed, gains nothing: the other files are parsed
        // sooner, and libdispatch runs a `concurrentPerform` nested in another on one thread, so the polygon checks
        // would lose the second core.
        let parsed = parallelMap(present, minimumCount: 2) { LandValidation.parse($0) }
        for (file, content) in zip(present, parsed) {
            progress?("validating \(file.lastPathComponent)")
            state.validate(file.lastPathComponent, content)
            // The hazards are validated first (`layerFiles`' order), so no issue yet means theirs passed.
            if file.lastPathComponent == "hazards.geojson", state.issues.isEmpty {
                hazardsChecked?(state.dataset.hazards)
            }
        }
        state.checkReleasesAgainstHazards()
        state.checkRevisionsAgainstHazards()
        state.checkOperations()
        guard state.issues.isEmpty else { throw ImportRefused(issues: state.issues) }
        return state.dataset
    }
}

struct LandValidation {
    let profile: LandImportProfile
    let existing: [String: KnownHazard]
    let known: KnownRecords
    var dataset = LandDataset()
    var issues: [ImportIssue] = []
    /// Where each record came from ("line 4", "feature 2 (HA-2) line 3"), for the checks across files.
    var hazardFeatures: [(number: Int, line: Int)] = []
    var releaseLines: [Int] = []
    var activityLines: [Int] = []
    var findLines: [Int] = []
    var assetLines: [Int] = []
    var downtimeLines: [Int] = []
    var adminAreaItems: [String] = []
    var settlementItems: [String] = []
    var adminAreaFile = ""

    init(profile: LandImportProfile, existing: [String: KnownHazard], known: KnownRecords) {
        self.profile = profile
        self.existing = existing
        self.known = known
    }

    var layer = ""

    func name(_ canonical: String) -> String {
        profile.fieldNames[layer + "." + canonical] ?? profile.fieldNames[canonical] ?? canonical
    }

    mutating func fail(_ file: String, _ item: String?, _ rule: String, _ message: String) {
        issues.append(ImportIssue(file: file, item: item, rule: rule, message: message))
    }

    /// A layer file parsed but not yet validated.
    enum Parsed {
        case features([GeoJSONFeature])
        case table(CSVTable)
        case failed(rule: String, message: String)
    }

    static func parse(_ url: URL) -> Parsed {
        do {
            if url.pathExtension == "csv" { return .table(try CSVTable(contentsOf: url)) }
            return .features(try GeoJSONReader.read(contentsOf: url))
        } catch let error as GeoJSONReader.SyntaxError {
            return .failed(rule: "geojson", message: error.description)
        } catch let error as CSVTable.ParseError {
            return .failed(rule: "csv", message: error.description)
        } catch {
            return .failed(rule: "read", message: "\(error)")
        }
    }

    mutating func validate(_ layer: String, _ parsed: Parsed) {
        self.layer = String(layer.prefix { $0 != "." })
        let features: [GeoJSONFeature]
        switch parsed {
        case .failed(let rule, let message):
            fail(layer, nil, rule, message)
            return
        case .table(let table):
            switch layer {
            case "hazard_revisions.csv": readRevisions(table, file: layer)
            case "organisations.csv": readOrganisations(table, file: layer)
            case "admin_areas.csv": readAdminAreas(table, file: layer)
            case "assets.csv": readAssets(table, file: layer)
            case "asset_downtime.csv": readDowntime(table, file: layer)
            case "activities.csv": readActivities(table, file: layer)
            case "device_finds.csv": readDeviceFinds(table, file: layer)
            default: readReleases(table, file: layer)
            }
            return
        case .features(let f):
            features = f
        }
        switch layer {
        case "hazards.geojson": readHazards(features, file: layer)
        case "settlements.geojson": readSettlements(features, file: layer)
        case "roads.geojson": readRoads(features, file: layer)
        case "infrastructure.geojson": readInfrastructure(features, file: layer)
        case "casualties.geojson": readCasualties(features, file: layer)
        case "admin_areas.geojson": readAdminAreas(features, file: layer)
        default: break
        }
    }

    // MARK: - Shared property checks (rules 1–4)

    static func item(_ f: GeoJSONFeature) -> String {
        let id = f.properties["id"]?.text
        return "feature \(f.number)\(id.map { " (\($0))" } ?? "") line \(f.line)"
    }

    mutating func text(_ f: GeoJSONFeature, _ field: String, _ file: String) -> String? {
        guard let v = f.properties[name(field)], v != .null else {
            fail(file, Self.item(f), "required", "\(name(field)) is missing")
            return nil
        }
        return v.text
    }

    mutating func integer(_ f: GeoJSONFeature, _ field: String, _ file: String, minimum: Int64) -> Int64? {
        guard let v = f.properties[name(field)], v != .null else {
            fail(file, Self.item(f), "required", "\(name(field)) is missing")
            return nil
        }
        guard let n = v.number ?? v.string.flatMap(Double.init), n == n.rounded(), abs(n) < 9e15 else {
            fail(file, Self.item(f), "number", "\(name(field)) '\(v.text)' is not a whole number")
            return nil
        }
        guard Int64(n) >= minimum else {
            fail(file, Self.item(f), "range", "\(name(field)) \(Int64(n)) is below \(minimum)")
            return nil
        }
        return Int64(n)
    }

    mutating func enumValue<E: RawRepresentable & CaseIterable>(_ f: GeoJSONFeature, _ field: String, _ file: String, _: E.Type)
        -> E? where E.RawValue == String
    {
        guard let raw = text(f, field, file) else { return nil }
        guard let e = E(rawValue: raw) else {
            fail(file, Self.item(f), "enum", "\(name(field)) '\(raw)' is not one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return e
    }

    /// A property that may be absent: missing, null and empty all mean not stated.
    func optionalText(_ f: GeoJSONFeature, _ field: String) -> String? {
        f.properties[name(field)].flatMap { $0 == .null || $0.text.isEmpty ? nil : $0.text }
    }

    /// An enum value that may be absent (missing, null or empty).
    mutating func optionalEnum<E: RawRepresentable & CaseIterable>(_ f: GeoJSONFeature, _ field: String, _ file: String, _: E.Type)
        -> E? where E.RawValue == String
    {
        guard optionalText(f, field) != nil else { return nil }
        return enumValue(f, field, file, E.self)
    }


    /// "AP; AT" → ["AP", "AT"]: several values in one field, as CSV and GeoJSON carry them.
    static func codes(_ text: String) -> [String] {
        guard text.contains(";") else { return [text] }
        return text.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    mutating func date(_ f: GeoJSONFeature, _ field: String, _ file: String) -> CalendarDate? {
        guard let raw = text(f, field, file) else { return nil }
        guard let d = CalendarDate(iso: raw) else {
            fail(file, Self.item(f), "date", "\(name(field)) '\(raw)' is not a calendar date YYYY-MM-DD")
            return nil
        }
        return d
    }

    /// Rule 3: ids unique within the file.
    mutating func uniqueIDs(_ features: [GeoJSONFeature], file: String) -> Set<Int> {
        var seen: [String: Int] = [:]
        var duplicates = Set<Int>()
        for f in features {
            guard let id = f.properties[name("id")]?.text else { continue }
            if let first = seen[id] {
                fail(file, Self.item(f), "unique-id", "id '\(id)' repeats feature \(first)")
                duplicates.insert(f.number)
            } else {
                seen[id] = f.number
            }
        }
        return duplicates
    }

    /// Rules 1–2: the geometry type the layer needs, every position inside the bounds.
    mutating func point(_ f: GeoJSONFeature, _ file: String) -> GeoPoint? {
        guard case .point(let p)? = f.geometry else {
            fail(file, Self.item(f), "geometry-type", "geometry is \(f.geometry?.typeName ?? "null"), a Point is expected")
            return nil
        }
        return inBounds([p], f, file) ? p : nil
    }

    mutating func inBounds(_ positions: [GeoPoint], _ f: GeoJSONFeature, _ file: String) -> Bool {
        guard let b = profile.bounds else { return true }
        for (i, p) in positions.enumerated() where !b.contains(x: p.lon, y: p.lat) {
            fail(file, Self.item(f), "bounds", "position \(i + 1) (\(p.lon), \(p.lat)) lies outside \(b.minX)…\(b.maxX) E, \(b.minY)…\(b.maxY) N")
            return false
        }
        return true
    }

    // MARK: - Layers

    mutating func readHazards(_ features: [GeoJSONFeature], file: String) {
        let duplicates = uniqueIDs(features, file: file)
        let projection = profile.projection ?? Self.centredProjection(features)
        let rules = GeometryRules(
            minimumDistinctVertices: profile.minimumDistinctVertices, maximumDistinctVertices: profile.maximumDistinctVertices,
            maximumVertexJump: profile.maximumVertexJump, bounds: profile.bounds, projection: projection)
        // Rules 5–6 cost most: check the polygons on every core.
        let checks = parallelMap(features) { f -> PolygonCheck? in
            guard case .polygon(let rings)? = f.geometry else { return nil }
            return PolygonValidator.check(rings: rings, rules: rules)
        }
        var hazards: [HazardousArea] = []
        hazards.reserveCapacity(features.count)
        for (k, f) in features.enumerated() {
            let before = issues.count
            guard case .polygon(let rings)? = f.geometry, let check = checks[k] else {
                fail(file, Self.item(f), "geometry-type", "geometry is \(f.geometry?.typeName ?? "null"), a Polygon is expected")
                continue
            }
            for problem in check.problems { fail(file, Self.item(f), problem.rule, problem.description) }
            let id = text(f, "id", file)
            let region = text(f, "region", file)
            let classification = enumValue(f, "status", file, HazardClassification.self)
            // One code, or several "AP;AT": the first is the main one, which progress counts the area under.
            var types: [ContaminationType] = []
            for code in text(f, "contamination", file).map(Self.codes) ?? [] {
                guard let type = ContaminationType(code: code) else {
                    fail(file, Self.item(f), "enum",
                         "\(name("contamination")) '\(code)' is not one of \(ContaminationType.allCases.map(\.rawValue).joined(separator: ", "))")
                    continue
                }
                if types.contains(type) {
                    fail(file, Self.item(f), "duplicate-value", "\(name("contamination")) names \(type.rawValue) twice")
                } else {
                    types.append(type)
                }
            }
            let contamination = types.first
            let source = optionalEnum(f, "information_source", file, InformationSource.self)
            let evidence = optionalText(f, "evidence")
            let recorded = date(f, "recorded_date", file)
            var area: Int64?
            if f.properties[name("area_m2")] == nil || f.properties[name("area_m2")] == .null {
                area = check.isValid ? Int64(check.areaM2.rounded()) : nil
            } else {
                area = integer(f, "area_m2", file, minimum: 1)
            }
            // Rule 6: the stated area agrees with the ring's equal-area area.
            if let stated = area, check.isValid, abs(Double(stated) - check.areaM2) > 1 + profile.areaTolerance * check.areaM2 {
                fail(file, Self.item(f), "area-mismatch",
                     "area_m2 \(stated) differs from the polygon's \(Int64(check.areaM2.rounded())) m² by more than 1 m² + \(profile.areaTolerance * 100)%")
            }
            guard issues.count == before, !duplicates.contains(f.number), let id, let region, let classification,
                let contamination, let recorded, let area
            else { continue }
            var hazard = HazardousArea(
                localID: id, region: region, classification: classification, contamination: contamination,
                recordedDate: recorded, areaM2: area, rings: rings)
            hazard.otherContamination = Array(types.dropFirst())
            hazard.informationSource = source
            hazard.evidence = evidence
            hazard.enteredCoordinates = f.enteredCoordinates
            hazards.append(hazard)
            hazardFeatures.append((f.number, f.line))
        }
        dataset.hazards = hazards
    }

    static func centredProjection(_ features: [GeoJSONFeature]) -> LambertAzimuthalEqualArea {
        var b = BoundingBox.empty
        for f in features {
            if case .polygon(let rings)? = f.geometry, let p = rings.first?.first { b.extend(x: p.lon, y: p.lat) }
        }
        guard !b.isEmpty else { return .workload }
        return LambertAzimuthalEqualArea(centre: GeoPoint(lon: b.centre.x, lat: b.centre.y))
    }

    mutating func readSettlements(_ features: [GeoJSONFeature], file: String) {
        let duplicates = uniqueIDs(features, file: file)
        for f in features {
            let before = issues.count
            let p = point(f, file)
            let id = text(f, "id", file)
            let nameValue = text(f, "name", file)
            let population = integer(f, "population", file, minimum: 0)
            let idp = integer(f, "idp_households", file, minimum: 0)
            // Optional: when absent, the recorded boundaries place the settlement (checkOperations).
            let admin = optionalText(f, "admin_pcode")
            guard issues.count == before, !duplicates.contains(f.number), let p, let id, let nameValue, let population, let idp
            else { continue }
            dataset.settlements.append(Settlement(localID: id, name: nameValue, population: population, idpHouseholds: idp, location: p,
                                                  adminPcode: admin))
            settlementItems.append(Self.item(f))
        }
    }

    mutating func readRoads(_ features: [GeoJSONFeature], file: String) {
        let duplicates = uniqueIDs(features, file: file)
        for f in features {
            let before = issues.count
            guard case .lineString(let line)? = f.geometry else {
                fail(file, Self.item(f), "geometry-type", "geometry is \(f.geometry?.typeName ?? "null"), a LineString is expected")
                continue
            }
            if line.count < 2 { fail(file, Self.item(f), "vertex-count", "a LineString needs at least 2 positions") }
            _ = inBounds(line, f, file)
            let id = text(f, "id", file)
            let roadClass = enumValue(f, "class", file, RoadClass.self)
            guard issues.count == before, !duplicates.contains(f.number), let id, let roadClass else { continue }
            dataset.roads.append(Road(localID: id, roadClass: roadClass, line: line, enteredCoordinates: f.enteredCoordinates))
        }
    }

    mutating func readInfrastructure(_ features: [GeoJSONFeature], file: String) {
        let duplicates = uniqueIDs(features, file: file)
        for f in features {
            let before = issues.count
            let p = point(f, file)
            let id = text(f, "id", file)
            let type = enumValue(f, "type", file, InfrastructureType.self)
            guard issues.count == before, !duplicates.contains(f.number), let p, let id, let type else { continue }
            dataset.infrastructure.append(InfrastructurePoint(localID: id, type: type, location: p))
        }
    }

    mutating func readCasualties(_ features: [GeoJSONFeature], file: String) {
        let duplicates = uniqueIDs(features, file: file)
        for f in features {
            let before = issues.count
            let p = point(f, file)
            let id = text(f, "id", file)
            let d = date(f, "date", file)
            let outcome = enumValue(f, "outcome", file, CasualtyEvent.Outcome.self)
            let age = integer(f, "age", file, minimum: 0)
            let sex = enumValue(f, "sex", file, CasualtyEvent.Sex.self)
            let device = enumValue(f, "device", file, CasualtyEvent.Device.self)
            guard issues.count == before, !duplicates.contains(f.number), let p, let id, let d, let outcome, let device
            else { continue }
            dataset.casualties.append(
                CasualtyEvent(localID: id, date: d, outcome: outcome, age: age.map(Int.init), sex: sex, device: device, location: p))
        }
    }

    mutating func readReleases(_ table: CSVTable, file: String) {
        let columns = ["id", "hazard_id", "date", "method", "area_m2", "devices_found"].map(name)
        let missing = columns.filter { table.column($0) == nil }
        guard missing.isEmpty else {
            fail(file, "line 1", "columns", "missing column(s) \(missing.joined(separator: ", "))")
            return
        }
        let (cID, cHazard, cDate, cMethod, cArea, cDevices) = (
            table.column(columns[0])!, table.column(columns[1])!, table.column(columns[2])!, table.column(columns[3])!,
            table.column(columns[4])!, table.column(columns[5])!
        )
        // Optional columns (the benchmark's file has none of them).
        let (cActivity, cHandover, cHandedTo) = (
            table.column(name("activity_id")), table.column(name("handover_date")), table.column(name("handed_over_to")))
        // An HXL hashtag row under the header (#date, #status…) is metadata, not a record.
        var rows = table.rows[...]
        if let first = rows.first, first.fields.allSatisfy({ $0.isEmpty || $0.hasPrefix("#") }) { rows = rows.dropFirst() }
        var seen: [String: Int] = [:]
        seen.reserveCapacity(rows.count)
        dataset.releases.reserveCapacity(rows.count)
        releaseLines.reserveCapacity(rows.count)
        for row in rows {
            // Only a failure needs the item's text: 200,000 rows need none.
            var item: String { "line \(row.line)" }
            let before = issues.count
            let id = row.fields[cID]
            if id.isEmpty { fail(file, item, "required", "\(columns[0]) is empty") }
            if let previous = seen.updateValue(row.line, forKey: id) { fail(file, item, "unique-id", "id '\(id)' repeats line \(previous)") }
            let hazard = row.fields[cHazard]
            if hazard.isEmpty { fail(file, item, "required", "\(columns[1]) is empty") }
            let d = CalendarDate(iso: row.fields[cDate])
            if d == nil { fail(file, item, "date", "\(columns[2]) '\(row.fields[cDate])' is not a calendar date YYYY-MM-DD") }
            let method = ReleaseMethod(rawValue: row.fields[cMethod])
            if method == nil {
                fail(file, item, "enum", "\(columns[3]) '\(row.fields[cMethod])' is not one of cancelled, reduced, cleared")
            }
            let area = Int64(row.fields[cArea])
            if area == nil {
                fail(file, item, "number", "\(columns[4]) '\(row.fields[cArea])' is not a whole number")
            } else if area! < 1 {
                fail(file, item, "range", "\(columns[4]) \(area!) is below 1")
            }
            let devices = Int64(row.fields[cDevices])
            if devices == nil || devices! < 0 {
                fail(file, item, "number", "\(columns[5]) '\(row.fields[cDevices])' is not a whole number ≥ 0")
            }
            func optional(_ column: Int?) -> String? {
                guard let column, case let v = row.fields[column].trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
                return v
            }
            let activity = optional(cActivity)
            let handedTo = optional(cHandedTo)
            let handoverText = optional(cHandover)
            var handover: CalendarDate?
            if let v = handoverText {
                handover = CalendarDate(iso: v)
                if handover == nil {
                    fail(file, item, "date", "\(name("handover_date")) '\(v)' is not a calendar date YYYY-MM-DD")
                } else if let d, handover! < d {
                    // IMAS 07.11: land is handed over once released, never before.
                    fail(file, item, "handover-before-release", "\(name("handover_date")) \(v) is before the release date \(d)")
                }
            }
            if handedTo != nil, handoverText == nil {
                fail(file, item, "required", "\(name("handed_over_to")) is given without \(name("handover_date"))")
            }
            guard issues.count == before, let d, let method, let area, let devices else { continue }
            dataset.releases.append(
                LandRelease(localID: id, hazardID: hazard, date: d, method: method, areaM2: area, devicesFound: devices,
                            activityID: activity, handoverDate: handover, handedOverTo: handedTo))
            releaseLines.append(row.line)
        }
    }

    mutating func readRevisions(_ table: CSVTable, file: String) {
        let columns = ["id", "hazard_id", "date", "classification", "accessibility", "inaccessible_reason", "reason"].map(name)
        let missing = columns.filter { table.column($0) == nil }
        guard missing.isEmpty else {
            fail(file, "line 1", "columns", "missing column(s) \(missing.joined(separator: ", "))")
            return
        }
        var rows = table.rows[...]
        if let first = rows.first, first.fields.allSatisfy({ $0.isEmpty || $0.hasPrefix("#") }) { rows = rows.dropFirst() }
        var seen: [String: Int] = [:]
        for row in rows {
            let item = "line \(row.line)"
            let before = issues.count
            func value(_ k: Int) -> String? { table.value(row, columns[k]) }
            let id = value(0) ?? ""
            if id.isEmpty { fail(file, item, "required", "\(columns[0]) is empty") }
            if let first = seen[id] { fail(file, item, "unique-id", "id '\(id)' repeats line \(first)") }
            seen[id] = row.line
            let hazard = value(1) ?? ""
            if hazard.isEmpty { fail(file, item, "required", "\(columns[1]) is empty") }
            let d = value(2).flatMap(CalendarDate.init(iso:))
            if d == nil { fail(file, item, "date", "\(columns[2]) '\(value(2) ?? "")' is not a calendar date YYYY-MM-DD") }
            let classification = value(3).flatMap(HazardClassification.init(rawValue:))
            if let raw = value(3), classification == nil { fail(file, item, "enum", "\(columns[3]) '\(raw)' is not one of SHA, CHA") }
            let accessibility = value(4).flatMap(Accessibility.init(rawValue:))
            if let raw = value(4), accessibility == nil {
                fail(file, item, "enum", "\(columns[4]) '\(raw)' is not one of accessible, inaccessible")
            }
            if value(3) == nil, value(4) == nil {
                fail(file, item, "required", "a revision changes \(columns[3]) or \(columns[4]); both are empty")
            }
            let reason = value(6) ?? ""
            if reason.isEmpty { fail(file, item, "required", "\(columns[6]) is empty: say why the record changes") }
            guard issues.count == before, let d else { continue }
            dataset.revisions.append(
                HazardRevision(localID: id, hazardID: hazard, dateOfInformation: d, classification: classification,
                               accessibility: accessibility, inaccessibleReason: value(5), reason: reason))
        }
    }

    /// A revision names a known hazard and is not dated before the hazard was recorded.
    mutating func checkRevisionsAgainstHazards() {
        guard !dataset.revisions.isEmpty else { return }
        var recorded = existing.mapValues(\.recordedDate)
        for h in dataset.hazards { recorded[h.localID] = h.recordedDate }
        for r in dataset.revisions {
            guard let date = recorded[r.hazardID] else {
                fail("hazard_revisions.csv", "revision \(r.localID)", "unknown-hazard",
                     "hazard_id '\(r.hazardID)' is neither in this import nor in the store")
                continue
            }
            if r.dateOfInformation < date {
                fail("hazard_revisions.csv", "revision \(r.localID)", "revision-before-recording",
                     "date \(r.dateOfInformation) is before hazard \(r.hazardID) was recorded (\(date))")
            }
        }
    }

    /// Rules 7–8: each release names a known hazard, is not dated before it was recorded, and a
    /// hazard's releases never add up to more than its area (counting what the store already holds).
    mutating func checkReleasesAgainstHazards() {
        guard !dataset.releases.isEmpty else { return }
        // Every hazard a release may name (this import's over the store's), numbered, with what the store already
        // released from it: then one hash lookup per release, and the sums in an array.
        var number: [String: Int] = [:]
        var known: [KnownHazard] = []
        number.reserveCapacity(existing.count + dataset.hazards.count)
        known.reserveCapacity(existing.count + dataset.hazards.count)
        for (id, h) in existing {
            number[id] = known.count
            known.append(h)
        }
        for h in dataset.hazards {
            if let k = number[h.localID] {
                known[k] = KnownHazard(recordedDate: h.recordedDate, areaM2: h.areaM2, releasedM2: known[k].releasedM2)
            } else {
                number[h.localID] = known.count
                known.append(KnownHazard(recordedDate: h.recordedDate, areaM2: h.areaM2, releasedM2: 0))
            }
        }
        let file = "release_events.csv"
        var released = known.map(\.releasedM2)
        var named = [Bool](repeating: false, count: known.count)
        for r in dataset.releases {
            guard let k = number[r.hazardID] else {
                fail(file, "release \(r.localID)", "unknown-hazard", "hazard_id '\(r.hazardID)' is neither in this import nor in the store")
                continue
            }
            if r.date < known[k].recordedDate {
                fail(file, "release \(r.localID)", "release-before-recording",
                     "date \(r.date) is before hazard \(r.hazardID) was recorded (\(known[k].recordedDate))")
            }
            // Saturating: an absurd area must be refused as too large, not trap (found by schemathesis).
            let (sum, overflow) = released[k].addingReportingOverflow(r.areaM2)
            released[k] = overflow ? Int64.max : sum
            named[k] = true
        }
        let exceeding = number.filter { named[$0.value] && released[$0.value] > known[$0.value].areaM2 }
        for (hazard, k) in exceeding.sorted(by: { $0.key < $1.key }) {
            fail(file, "hazard \(hazard)", "release-exceeds-hazard",
                 "releases add up to \(released[k]) m², more than the hazard's \(known[k].areaM2) m²")
        }
    }
}

/// `transform` over `items` on every core, results in order.
func parallelMap<T, R>(_ items: [T], minimumCount: Int = 1000, _ transform: (T) -> R) -> [R] {
    let n = items.count
    guard n >= minimumCount, n > 1 else { return items.map(transform) }
    return [R](unsafeUninitializedCapacity: n) { buffer, initialized in
        let chunks = min(n, ProcessInfo.processInfo.activeProcessorCount * 4)
        let size = (n + chunks - 1) / chunks
        let base = buffer.baseAddress!
        items.withUnsafeBufferPointer { input in
            withoutActuallyEscaping(transform) { transform in
                let box = UnsafeSendable((input, base, transform))
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    let (input, base, transform) = box.value
                    let start = c * size
                    let end = min(start + size, n)
                    guard start < end else { return }
                    for i in start..<end { (base + i).initialize(to: transform(input[i])) }
                }
            }
        }
        initialized = n
    }
}

/// Hands non-Sendable values to `concurrentPerform`, whose iterations touch disjoint indices only.
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

extension LandImport {
    /// Whether an import of `url` (a layer file, or a directory of them) brings records placed in admin areas
    /// (hazards, settlements): only then are the stored boundaries needed to check it.
    public static func bringsPlaces(_ url: URL) -> Bool {
        let placed = ["hazards.geojson", "settlements.geojson"]
        return placed.contains(url.lastPathComponent)
            || placed.contains { FileManager.default.fileExists(atPath: url.appendingPathComponent($0).path) }
    }
}
