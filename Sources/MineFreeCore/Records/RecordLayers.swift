import Foundation

/// Every kind of record MineFree keeps: the one registration a new kind adds (in its area's list).
public enum RecordLayers {
    /// In the order an import checks them and reports their issues: hazards first, which releases are checked against.
    public static let all: [any LayerRecord.Type] = LandLayers.all + PeopleLayers.all + ImplementationLayers.all

    public static let infos: [LayerInfo] = all.map { $0.info }
    public static let names: [String] = infos.map(\.name)
    private static let byName: [String: Int] = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })

    public static func info(named name: String) -> LayerInfo? { byName[name].map { infos[$0] } }
    public static func type(named name: String) -> (any LayerRecord.Type)? { byName[name].map { all[$0] } }

    /// The layer whose file this is (`hazards.geojson`, `release_events.csv`), if any.
    public static func layer(ofFile file: String) -> LayerInfo? {
        let url = URL(fileURLWithPath: file)
        guard ["csv", "geojson", "json"].contains(url.pathExtension.lowercased()) else { return nil }
        return info(named: url.deletingPathExtension().lastPathComponent)
    }

    /// Every file name an import recognises.
    public static var fileNames: [String] { infos.flatMap(\.files) }

    /// The order the store writes layers in: each after the layers it names (foreign keys), otherwise as in `all`.
    public static let writeOrder: [any LayerRecord.Type] = {
        var placed: [String] = []
        var order: [any LayerRecord.Type] = []
        var left = Array(all.indices)
        while !left.isEmpty {
            let next =
                left.firstIndex { i in
                    infos[i].fields.compactMap(\.references?.layer).allSatisfy {
                        $0 == infos[i].name || placed.contains($0) || byName[$0] == nil
                    }
                } ?? 0
            let i = left.remove(at: next)
            placed.append(infos[i].name)
            order.append(all[i])
        }
        return order
    }()
}

extension LayerRecord {
    public static var info: LayerInfo { layer.info }
}

/// Records of every kind, as an import brings them.
public struct Dataset: Sendable {
    private var batches: [String: any Sendable] = [:]

    public init() {}

    public subscript<R: LayerRecord>(_ type: R.Type) -> [R] {
        get { batches[R.layer.info.name] as? [R] ?? [] }
        set { batches[R.layer.info.name] = newValue }
    }

    public func count(of type: (some LayerRecord).Type) -> Int { self[type].count }

    /// A dataset of this layer's records alone.
    public func only<R: LayerRecord>(_ type: R.Type) -> Dataset {
        var d = Dataset()
        d[type] = self[type]
        return d
    }

    /// Changes a layer's records in place: taken out first, so a change to one record copies nothing.
    public mutating func modify<R: LayerRecord>(_ type: R.Type, _ change: (inout [R]) -> Void) {
        var records = batches.removeValue(forKey: R.layer.info.name) as? [R] ?? []
        change(&records)
        batches[R.layer.info.name] = records
    }

    /// Adds records of a layer; the first batch is kept as it is, not copied.
    mutating func append<R: LayerRecord>(_ records: [R]) {
        if batches[R.layer.info.name] == nil { batches[R.layer.info.name] = records; return }
        modify(R.self) { $0 += records }
    }

    /// How many records of each layer, in `RecordLayers.all`'s order.
    public var counts: [(layer: String, count: Int)] {
        RecordLayers.all.map { t in (t.info.name, count(of: t)) }
    }

    public var isEmpty: Bool { counts.allSatisfy { $0.count == 0 } }

    /// Each layer's record keys (an id, or "id@date").
    public var keys: [(layer: LayerInfo, keys: [String])] {
        RecordLayers.all.map { t in (t.info, keys(of: t)) }
    }

    public func keys<R: LayerRecord>(of type: R.Type) -> [String] {
        let layer = R.layer
        return self[type].map { layer.key(of: $0) }
    }

    /// Keeps the records `keep(layer, index)` says.
    mutating func filter(_ keep: (String, Int) -> Bool) {
        for t in RecordLayers.all { filter(t, keep) }
    }

    private mutating func filter<R: LayerRecord>(_ type: R.Type, _ keep: (String, Int) -> Bool) {
        let name = R.layer.info.name
        let records = self[type]
        guard !records.isEmpty else { return }
        self[type] = records.enumerated().filter { keep(name, $0.offset) }.map(\.element)
    }
}
