import Foundation

/// One input of an import: a file, the bytes of an uploaded one, or records a request sent, and the layer it holds.
public struct ImportInput: Sendable {
    public enum Content: Sendable {
        case file(URL)
        case data(Data)
        /// Records a form or the API sent, each a property list and a geometry, like a GeoJSON feature.
        case records([GeoJSONFeature])
    }

    /// The name the user knows it by: the file's name, or the layer's for records a request sent.
    public var name: String
    public var layer: LayerInfo
    public var content: Content

    public init(name: String, layer: LayerInfo, content: Content) {
        self.name = name
        self.layer = layer
        self.content = content
    }

    var isCSV: Bool { name.lowercased().hasSuffix(".csv") }

    /// The inputs at `url`: the layer files a directory holds (and the files the mapping names), or the one file `url`
    /// names. Files that are no layer's are left out with a warning; nothing found is an issue.
    public static func discover(_ url: URL, mapping: MappingProfile = MappingProfile()) throws -> (
        inputs: [ImportInput], warnings: [ImportIssue]
    ) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw ImportRefused(issues: [
                ImportIssue(file: url.path, item: nil, rule: "file-missing", message: "no such file or directory")
            ])
        }
        func layer(_ name: String) -> LayerInfo? {
            mapping.mapping(for: name).layer.flatMap(RecordLayers.info(named:)) ?? RecordLayers.layer(ofFile: name)
        }
        var inputs: [ImportInput] = []
        var warnings: [ImportIssue] = []
        if isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path))?.sorted() ?? []
            for name in names where !name.hasPrefix(".") {
                let file = url.appendingPathComponent(name)
                var sub: ObjCBool = false
                guard FileManager.default.fileExists(atPath: file.path, isDirectory: &sub), !sub.boolValue else {
                    continue
                }
                if let l = layer(name) {
                    inputs.append(ImportInput(name: name, layer: l, content: .file(file)))
                } else if ["csv", "geojson", "json"].contains(file.pathExtension.lowercased()) {
                    warnings.append(
                        ImportIssue(
                            file: name,
                            item: nil,
                            rule: "layer",
                            message:
                                "left out: not a layer file (name it after its layer, e.g. hazards.geojson, or give its layer in a mapping profile)",
                            severity: .warning
                        )
                    )
                }
            }
            if inputs.isEmpty {
                throw ImportRefused(
                    issues: [
                        ImportIssue(
                            file: url.path,
                            item: nil,
                            rule: "file-missing",
                            message: "no layer files (\(RecordLayers.fileNames.joined(separator: ", ")))"
                        )
                    ],
                    warnings: warnings
                )
            }
        } else {
            guard let l = layer(url.lastPathComponent) else {
                throw ImportRefused(issues: [
                    ImportIssue(
                        file: url.lastPathComponent,
                        item: nil,
                        rule: "layer",
                        message:
                            "unknown layer: the file name must be one of \(RecordLayers.fileNames.joined(separator: ", ")), or a mapping profile must give its layer"
                    )
                ])
            }
            inputs = [ImportInput(name: url.lastPathComponent, layer: l, content: .file(url))]
        }
        return (inputs, warnings)
    }

    /// A record sent as JSON (a form, the API): its properties are the layer's fields; its geometry is `geometry` (a
    /// GeoJSON geometry), `ring` (a polygon's exterior ring, [[lon, lat], …]) or `lon` and `lat`.
    public static func record(json data: Data, layer: LayerInfo) throws -> ImportInput {
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ImportRefused(issues: [
                ImportIssue(file: layer.name, item: nil, rule: "json", message: "expected a JSON object")
            ])
        }
        var properties: [String: JSONScalar] = [:]
        var geometryJSON: Any?
        for (key, value) in object {
            switch key {
            case "geometry": geometryJSON = value
            case "ring" where layer.hasGeometry:
                geometryJSON = ["type": "Polygon", "coordinates": [value]]
            case "lon",
                "lat" where layer.geometry == .point:
                continue
            default: properties[key] = JSONScalar(any: value)
            }
        }
        if layer.geometry == .point, let lon = object["lon"], let lat = object["lat"], !(lon is NSNull),
            !(lat is NSNull)
        {
            geometryJSON = ["type": "Point", "coordinates": [lon, lat]]
        }
        var feature = GeoJSONFeature(number: 1, line: 1, properties: properties, geometry: nil, enteredCoordinates: nil)
        if let g = geometryJSON, !(g is NSNull) {
            let wrapped: [String: Any] = [
                "type": "FeatureCollection",
                "features": [["type": "Feature", "properties": [String: Any](), "geometry": g]],
            ]
            let text = try JSONSerialization.data(withJSONObject: wrapped)
            do {
                let parsed = try GeoJSONReader.read(data: text).first
                feature.geometry = parsed?.geometry
                feature.enteredCoordinates = parsed?.enteredCoordinates
            } catch {
                throw ImportRefused(issues: [
                    ImportIssue(
                        file: layer.name,
                        item: nil,
                        rule: "geometry",
                        message: "the geometry is not GeoJSON: \(error)"
                    )
                ])
            }
        }
        return ImportInput(name: layer.name, layer: layer, content: .records([feature]))
    }
}

extension JSONScalar {
    /// A value JSONSerialization read: scalars as they are, arrays and objects as their JSON text.
    init(any value: Any) {
        switch value {
        case is NSNull: self = .null
        case let s as String: self = .string(s)
        case let n as NSNumber where n.isBoolean: self = .bool(n.boolValue)
        case let n as NSNumber: self = .number(n.doubleValue)
        default:
            let data =
                (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes]))
                ?? Data("null".utf8)
            self = .json(String(decoding: data, as: UTF8.self))
        }
    }

    /// The value as JSON text.
    var jsonText: String {
        switch self {
        case .string(let s): return GeoJSONWriter.string(s)
        case .number: return text
        case .bool(let b): return String(b)
        case .null: return "null"
        case .json(let j): return j
        }
    }
}

extension NSNumber {
    /// Whether JSONSerialization read `true` or `false` (it hands booleans over as NSNumbers too).
    var isBoolean: Bool { String(describing: type(of: self)).contains("Boolean") }
}

/// A batch of an input's rows: CSV rows or features, numbered from `first` in the input.
enum RowBatch: Sendable {
    case table(CSVTable, first: Int)
    case features([GeoJSONFeature], first: Int)
    case failed(rule: String, message: String)

    var count: Int {
        switch self {
        case .table(let t, _): return t.rows.count
        case .features(let f, _): return f.count
        case .failed: return 0
        }
    }
}

/// An input parsed a batch at a time on a thread of its own, at most two batches ahead of its reader: a national
/// layer's rows (millions) are never all held at once, and parsing one batch overlaps checking the one before.
final class RowFeed: @unchecked Sendable {
    static let batchSize = 32_768
    /// Records a request sent (named "record …" rather than by a line of a file).
    let isRecords: Bool
    let isCSV: Bool
    private let condition = NSCondition()
    private var ready: [RowBatch] = []
    private var ended = false
    private var stopped = false
    private var rowCount = 0
    private var crs: String?
    private var estimate = 0
    private struct Stopped: Error {}

    init(_ input: ImportInput, batchSize: Int = RowFeed.batchSize) {
        if case .records = input.content { isRecords = true } else { isRecords = false }
        isCSV = input.isCSV
        Thread.detachNewThread { [self] in produce(input, batchSize) }
    }

    /// The next batch; nil once the input is read (or the parse failed, after its `.failed` batch).
    func next() -> RowBatch? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && !ended { condition.wait() }
        guard !ready.isEmpty else { return nil }
        condition.broadcast()
        return ready.removeFirst()
    }

    /// Rows handed over so far (all of them once `next` returned nil).
    var count: Int { condition.withLock { rowCount } }

    /// How many rows the input holds, as its first batch suggests.
    var estimatedCount: Int { condition.withLock { estimate } }

    /// The CRS a GeoJSON file names, as far as it is read.
    var crsName: String? { condition.withLock { crs } }

    /// The reader takes no more: the parse stops and what it holds is let go.
    func stop() {
        condition.withLock {
            stopped = true
            ready.removeAll()
            condition.broadcast()
        }
    }

    private func put(_ batch: RowBatch, crs name: String? = nil, read: (offset: Int, of: Int)? = nil) throws {
        condition.lock()
        defer { condition.unlock() }
        while ready.count >= 2 && !stopped { condition.wait() }
        if stopped { throw Stopped() }
        ready.append(batch)
        rowCount += batch.count
        crs = name
        if estimate == 0 {
            estimate = batch.count
            if let read, read.offset > 0, read.offset < read.of {
                estimate = Int(Double(batch.count) * Double(read.of) / Double(read.offset) * 1.02) + 1
            }
        }
        condition.broadcast()
    }

    private func produce(_ input: ImportInput, _ batchSize: Int) {
        do {
            switch input.content {
            case .records(let records): try put(.features(records, first: 0))
            case .file(let url): try produce(FileBytes(contentsOf: url), batchSize)
            case .data(let data): try produce(FileBytes(data: data), batchSize)
            }
        } catch is Stopped {
        } catch let error as GeoJSONReader.SyntaxError {
            try? put(.failed(rule: "geojson", message: error.description))
        } catch let error as CSVTable.ParseError {
            try? put(.failed(rule: "csv", message: error.description))
        } catch {
            try? put(.failed(rule: "read", message: "\(error)"))
        }
        condition.withLock {
            ended = true
            condition.broadcast()
        }
    }

    private func produce(_ source: FileBytes, _ batchSize: Int) throws {
        var first = 0
        if isCSV {
            var reader = try CSVReader(utf8: source.bytes)
            source.releaseAll()
            let header = try reader.header()
            var rows: [CSVTable.Row]
            repeat {
                rows = try reader.rows(max: batchSize)
                source.release(before: reader.i)
                try put(
                    .table(CSVTable(header: header, rows: rows), first: first),
                    read: (reader.i, source.bytes.count)
                )
                first += rows.count
            } while rows.count == batchSize
        } else {
            let stream = GeoJSONFeatureStream(source)
            var any = false
            while let features = try stream.next(max: batchSize) {
                try put(
                    .features(features, first: first),
                    crs: stream.crsName,
                    read: (stream.offset, source.bytes.count)
                )
                first += features.count
                any = true
            }
            if !any { try put(.features([], first: 0)) }
            // The members after the features (a late crs) are read by now.
            condition.withLock { crs = stream.crsName }
        }
    }
}
