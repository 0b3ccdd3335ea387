import Foundation

/// What the store already holds of a hazard: what a new import's releases are checked against (rules 7 and 8).
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

/// What the store already holds that an import's records may name.
public struct KnownRecords: Sendable {
    public var hazards: [String: KnownHazard]
    /// The admin areas stored (with their boundaries, when recorded). None: hazards' regions are not checked.
    public var adminAreas: [AdminArea]
    public var organisations: Set<String>
    /// Activity id → the hazard of its latest record (nil for an EOD spot task without one).
    public var activityHazards: [String: String?]
    public var assets: Set<String>
    /// Stored hazards' polygons, where an import needs them (releases with a polygon, checked to lie within their hazard).
    public var hazardPolygons: [String: [[[GeoPoint]]]]
    /// Ids of any other layer, by layer name.
    public var ids: [String: Set<String>]

    public init(
        hazards: [String: KnownHazard] = [:],
        adminAreas: [AdminArea] = [],
        organisations: Set<String> = [],
        activityHazards: [String: String?] = [:],
        assets: Set<String> = [],
        hazardPolygons: [String: [[[GeoPoint]]]] = [:],
        ids: [String: Set<String>] = [:]
    ) {
        self.hazards = hazards
        self.adminAreas = adminAreas
        self.organisations = organisations
        self.activityHazards = activityHazards
        self.assets = assets
        self.hazardPolygons = hazardPolygons
        self.ids = ids
    }

    /// Whether the store holds a record of `layer` with this id.
    public func contains(_ layer: String, _ id: String) -> Bool {
        switch layer {
        case Self.names.hazards: return hazards[id] != nil
        case Self.names.adminAreas: return adminAreas.contains { $0.pcode == id }
        case Self.names.organisations: return organisations.contains(id)
        case Self.names.activities: return activityHazards[id] != nil
        case Self.names.assets: return assets.contains(id)
        default: return ids[layer]?.contains(id) ?? false
        }
    }

    /// The layers' names, read once: `contains` runs for every reference of every record.
    static let names = (
        hazards: HazardousArea.info.name, adminAreas: AdminArea.info.name, organisations: Organisation.info.name,
        activities: ActivityRecord.info.name, assets: Asset.info.name
    )

    /// The layers other records name whose stored ids go into `ids`: every layer a field refers to but those with a
    /// field of their own above.
    public static var layersKnownByID: [String] {
        let own: Set<String> = [names.hazards, names.adminAreas, names.organisations, names.activities, names.assets]
        return Set(RecordLayers.infos.flatMap { $0.fields.compactMap(\.references?.layer) }).subtracting(own).sorted()
    }
}

/// Where a record came from: its input and place in it, and how an issue names it.
struct Position: Sendable {
    var record: InputRecord
    var line: Int
    /// The feature's 1-based number in a GeoJSON file; 0 for a CSV line; -1 for a record a request sent.
    var feature: Int
    /// The id the feature gave (GeoJSON and requests only: a CSV line is named by its number).
    var id: String?

    var item: String {
        if feature > 0 { return "feature \(feature)\(id.map { " (\($0))" } ?? "") line \(line)" }
        if feature < 0 { return "record" + (id.map { " \($0)" } ?? "") }
        return "line \(line)"
    }
}

/// One record's rules beyond its fields' own: what `LayerRecord.check` sees.
public struct RowCheck {
    public let rules: ImportRules
    /// The record's polygon area in the rules' equal-area plane, when it has a valid polygon.
    public let geometryAreaM2: Double?
    let file: String
    let position: Position
    let names: [String: String]
    var issues: [ImportIssue] = []

    init(rules: ImportRules, geometryAreaM2: Double?, file: String, position: Position, names: [String: String]) {
        self.rules = rules
        self.geometryAreaM2 = geometryAreaM2
        self.file = file
        self.position = position
        self.names = names
    }

    /// The field's name in the file (a mapped column's, where the file calls it otherwise).
    public func name(_ field: String) -> String { names[field] ?? field }

    public mutating func fail(_ rule: String, _ message: String) {
        issues.append(
            ImportIssue(file: file, item: position.item, rule: rule, message: message, records: [position.record])
        )
    }
}

/// The rules across records, files and the store: what `LayerRecord.checkAcross` sees. Issues name each record by its
/// place in its file.
public struct CrossCheck {
    public internal(set) var dataset: Dataset
    public let known: KnownRecords
    public let rules: ImportRules
    var positions: [String: [Position]]
    var files: [String: String]
    var names: [String: [String: String]]
    var issues: [ImportIssue] = []
    private var imported: [String: Set<String>] = [:]

    init(
        dataset: Dataset,
        known: KnownRecords,
        rules: ImportRules,
        positions: [String: [Position]],
        files: [String: String],
        names: [String: [String: String]]
    ) {
        self.dataset = dataset
        self.known = known
        self.rules = rules
        self.positions = positions
        self.files = files
        self.names = names
    }

    public func records<R: LayerRecord>(_ type: R.Type) -> [R] { dataset[type] }

    /// Changes records a rule completes (settlements placed in the admin area that holds them), in place.
    public mutating func modify<R: LayerRecord>(_ type: R.Type, _ change: (inout [R]) -> Void) {
        dataset.modify(type, change)
    }

    /// The file the layer's records came from in this import.
    public func file<R: LayerRecord>(_ type: R.Type) -> String { files[R.info.name] ?? R.info.files[0] }

    /// The field's name in that file.
    public func name<R: LayerRecord>(_ type: R.Type, _ field: String) -> String { names[R.info.name]?[field] ?? field }

    /// How an issue names the record: "line 5", "feature 2 (HA-2) line 3".
    public func item<R: LayerRecord>(_ type: R.Type, _ index: Int) -> String {
        positions[R.info.name].map { $0[index].item } ?? "\(R.info.singular) \(index + 1)"
    }

    public mutating func fail<R: LayerRecord>(_ type: R.Type, _ index: Int, _ rule: String, _ message: String) {
        fail(type, [index], item: item(type, index), rule, message)
    }

    /// An issue about the records at `indices`, named by `item` ("hazard HA-3" for the releases that exceed it).
    public mutating func fail<R: LayerRecord>(
        _ type: R.Type,
        _ indices: [Int],
        item: String,
        _ rule: String,
        _ message: String
    ) {
        let refs = positions[R.info.name].map { p in indices.map { p[$0].record } } ?? []
        issues.append(ImportIssue(file: file(type), item: item, rule: rule, message: message, records: refs))
    }

    /// Whether a record of `layer` with this id is in this import or in the store.
    public mutating func exists(_ layer: String, _ id: String) -> Bool {
        if known.contains(layer, id) { return true }
        if imported[layer] == nil, let t = RecordLayers.type(named: layer) { imported[layer] = ids(of: t) }
        return imported[layer]?.contains(id) ?? false
    }

    private func ids<R: LayerRecord>(of type: R.Type) -> Set<String> {
        guard let id = R.info.idField, let i = R.info.index(of: id) else { return [] }
        return Set(dataset[type].map { R.layer.value(i, of: $0).fileText })
    }

    static let notKnown = "is neither in this import nor in the store"

    /// Every field that names another layer's record names one this import brings or the store holds.
    @_specialize(where R == HazardousArea)
    @_specialize(where R == LandRelease)
    mutating func checkReferences<R: LayerRecord>(_ type: R.Type) {
        let layer = R.layer
        let refs = layer.bindings.indices.filter { layer.bindings[$0].field.references != nil }
        guard !refs.isEmpty else { return }
        for (n, record) in dataset[type].enumerated() {
            for i in refs {
                let field = layer.bindings[i].field
                let reference = field.references!
                // One code without an array, several from the list.
                let value = layer.value(i, of: record)
                if case .text(let code) = value, exists(reference.layer, code) { continue }
                for code in value.codes where !exists(reference.layer, code) {
                    let name = self.name(type, field.name)
                    let subject: String
                    if case .codes = field.kind {
                        subject =
                            "\(RecordLayers.info(named: reference.layer)?.singular ?? reference.layer) '\(code)' in \(name)"
                    } else {
                        subject = "\(name) '\(code)'"
                    }
                    let item =
                        reference.namesRecord ? "\(R.info.singular) \(layer.key(of: record))" : self.item(type, n)
                    fail(type, [n], item: item, reference.rule, "\(subject) \(Self.notKnown)")
                }
            }
        }
    }
}
