import Foundation

/// Reads and checks an import: any layers' files (or records a request sent), mapped onto the layers' fields, each
/// record checked by its field kinds, its geometry, its own rules, then the rules across files and against the
/// store. All or nothing by default: every record valid, or `ImportRefused` with every issue. In quarantine the
/// valid records are kept and each refused one is listed with its issues, to be fixed and imported again.
public enum RecordImport {
    public enum Mode: String, Sendable { case allOrNothing = "all-or-nothing", quarantine }

    public struct Outcome: Sendable {
        public var inputs: [ImportInput]
        /// What may be stored: everything (all or nothing), or what passed (quarantine). Records handed to the store
        /// while the import was read keep only what the rules across files read (`LayerRecord.dropStoredText`).
        public var dataset: Dataset
        /// Every issue that refused a record (quarantine; all or nothing throws them instead).
        public var issues: [ImportIssue]
        public var warnings: [ImportIssue]
        /// The input records set aside (quarantine), in input order.
        public var refused: [InputRecord]
        /// Inputs refused whole (a file that does not parse, a column missing).
        public var refusedInputs: Set<Int>

        /// How many records each input held (what `refused` is counted against).
        public var inputCounts: [Int]
        public var mode: Mode
        /// Where each kept record came from, per layer, in the dataset's order.
        public var positions: [String: [InputRecord]]
        /// The file each layer was read from.
        public var files: [String: String]

        /// A dataset checked elsewhere, as an all-or-nothing outcome.
        public init(dataset: Dataset) {
            self.init(
                inputs: [],
                dataset: dataset,
                issues: [],
                warnings: [],
                refused: [],
                refusedInputs: [],
                inputCounts: [],
                mode: .allOrNothing,
                positions: [:],
                files: [:]
            )
        }

        init(
            inputs: [ImportInput],
            dataset: Dataset,
            issues: [ImportIssue],
            warnings: [ImportIssue],
            refused: [InputRecord],
            refusedInputs: Set<Int>,
            inputCounts: [Int],
            mode: Mode,
            positions: [String: [InputRecord]],
            files: [String: String]
        ) {
            self.inputs = inputs
            self.dataset = dataset
            self.issues = issues
            self.warnings = warnings
            self.refused = refused
            self.refusedInputs = refusedInputs
            self.inputCounts = inputCounts
            self.mode = mode
            self.positions = positions
            self.files = files
        }

        /// Sets aside the records `issues` refuse (quarantine): out of the dataset, into `refused`.
        public mutating func setAside(_ more: [ImportIssue]) {
            let out = Set(more.flatMap(\.records))
            issues += more
            refused = Array(Set(refused).union(out)).sorted()
            let keep = positions.mapValues { p in Set(p.indices.filter { !out.contains(p[$0]) }) }
            dataset.filter { layer, index in keep[layer]?.contains(index) ?? true }
            positions = positions.mapValues { $0.filter { !out.contains($0) } }
        }
    }

    /// Reads the layer files at `url` (a directory, or one file) with the rules and no mapping; all or nothing.
    public static func read(
        _ url: URL,
        rules: ImportRules,
        existing: [String: KnownHazard] = [:],
        known: KnownRecords = KnownRecords()
    )
        throws -> Dataset
    {
        var known = known
        if !existing.isEmpty { known.hazards = existing }
        let (inputs, warnings) = try ImportInput.discover(url)
        return try read(inputs, rules: rules, known: known, warnings: warnings).dataset
    }

    /// The import pipeline's read.
    ///
    /// `layerChecked`, when given (all or nothing only), receives records as soon as they are read — a chunk of a
    /// layer at a time, while nothing read so far had an issue — while the rest is still being read: a store may start
    /// writing them in a transaction it rolls back if this function then throws. Layers whose records the rules across
    /// files complete (`LayerRecord.completedAcross`) are not handed over early.
    public static func read(
        _ inputs: [ImportInput],
        rules: ImportRules,
        mapping: MappingProfile = MappingProfile(),
        known: KnownRecords = KnownRecords(),
        mode: Mode = .allOrNothing,
        warnings: [ImportIssue] = [],
        progress: ((String) -> Void)? = nil,
        layerChecked: (@Sendable (Dataset) -> Void)? = nil
    ) throws -> Outcome {
        var issues: [ImportIssue] = []
        var warnings = warnings
        // Each layer from one file: a directory holding both NAME.csv and NAME.geojson most likely holds one twice.
        var inputs = inputs
        var claimed: [String: String] = [:]
        inputs.removeAll { input in
            guard !mapping.names(input.name), let first = claimed[input.layer.name] else {
                claimed[input.layer.name] = claimed[input.layer.name] ?? input.name
                return false
            }
            issues.append(
                ImportIssue(
                    file: input.name,
                    item: nil,
                    rule: "layer",
                    message: "\(input.layer.name) are already read from \(first): give them in one file"
                )
            )
            return true
        }
        // Check the inputs layer by layer in the registry's order (hazards first, which releases are checked against),
        // each parsed a batch at a time (`RowFeed`), the next input's first batches while the one before is checked:
        // a national file's rows, which weigh more than its records, are never held whole.
        let order = Dictionary(uniqueKeysWithValues: RecordLayers.names.enumerated().map { ($1, $0) })
        let sorted = inputs.indices.sorted {
            (order[inputs[$0].layer.name] ?? 0, $0) < (order[inputs[$1].layer.name] ?? 0, $1)
        }
        progress?("reading \(inputs.map(\.name).joined(separator: ", "))")
        var inputCounts = Array(repeating: 0, count: inputs.count)
        var state = ReadState()
        var next = sorted.first.map { RowFeed(inputs[$0]) }
        for (k, i) in sorted.enumerated() {
            let rows = next!
            next = k + 1 < sorted.count ? RowFeed(inputs[sorted[k + 1]]) : nil
            progress?("checking \(inputs[i].name)")
            // While nothing has had an issue, each chunk of records is handed to the store as soon as it is read.
            let early =
                mode == .allOrNothing && issues.isEmpty && state.issues.isEmpty
                && !(RecordLayers.type(named: inputs[i].layer.name)?.completedAcross ?? true)
            state.read(
                inputs[i],
                index: i,
                rows,
                rules: rules,
                mapping: mapping.mapping(for: inputs[i].name),
                handOver: early ? layerChecked : nil
            )
            // An input refused whole counts no records.
            inputCounts[i] = state.refusedInputs.contains(i) ? 0 : rows.count
            // A layer's keys are needed only while its inputs are read.
            if k + 1 == sorted.count || inputs[sorted[k + 1]].layer.name != inputs[i].layer.name {
                state.seen[inputs[i].layer.name] = nil
            }
        }
        issues += state.issues
        warnings += state.warnings
        var refusedInputs = state.refusedInputs
        for issue in issues where issue.records.isEmpty {
            if let k = inputs.firstIndex(where: { $0.name == issue.file }) { refusedInputs.insert(k) }
        }

        // The rules across files and against the store; in quarantine again without what they refused, until nothing
        // more falls (a refused hazard takes its releases with it).
        var dataset = state.dataset
        var positions = state.positions
        var refused = Set(issues.flatMap(\.records))
        if mode == .quarantine { remove(refused, inputs: refusedInputs, from: &dataset, &positions) }
        var rounds = 0
        while true {
            var cross = CrossCheck(
                dataset: dataset,
                known: known,
                rules: rules,
                positions: positions,
                files: state.files,
                names: state.names
            )
            for t in RecordLayers.all {
                // Each layer's issues in the order of its records, whichever rule found them.
                let before = cross.issues.count
                cross.run(t)
                let found = cross.issues[before...].enumerated().sorted {
                    ($0.element.records.first ?? InputRecord(input: .max, row: .max), $0.offset)
                        < ($1.element.records.first ?? InputRecord(input: .max, row: .max), $1.offset)
                }
                cross.issues.replaceSubrange(before..., with: found.map(\.element))
            }
            dataset = cross.dataset
            issues += cross.issues
            rounds += 1
            let more = Set(cross.issues.flatMap(\.records)).subtracting(refused)
            guard mode == .quarantine, !more.isEmpty, rounds < 10 else { break }
            refused.formUnion(more)
            remove(more, inputs: [], from: &dataset, &positions)
        }
        if mode == .allOrNothing, !issues.isEmpty { throw ImportRefused(issues: issues, warnings: warnings) }
        return Outcome(
            inputs: inputs,
            dataset: dataset,
            issues: issues,
            warnings: warnings,
            refused: refused.sorted(),
            refusedInputs: refusedInputs,
            inputCounts: inputCounts,
            mode: mode,
            positions: positions.mapValues { $0.map(\.record) },
            files: state.files
        )
    }

    /// Takes the refused records (and every record of refused inputs) out of the dataset and the positions.
    static func remove(
        _ refused: Set<InputRecord>,
        inputs: Set<Int>,
        from dataset: inout Dataset,
        _ positions: inout [String: [Position]]
    ) {
        guard !refused.isEmpty || !inputs.isEmpty else { return }
        let kept = positions.mapValues { p in
            p.indices.filter { !refused.contains(p[$0].record) && !inputs.contains(p[$0].record.input) }
        }
        let keep = kept.mapValues(Set.init)
        dataset.filter { layer, index in keep[layer]?.contains(index) ?? true }
        for (layer, k) in kept { positions[layer] = k.map { positions[layer]![$0] } }
    }
}

/// The records read so far, with where each came from.
struct ReadState {
    var dataset = Dataset()
    var positions: [String: [Position]] = [:]
    var files: [String: String] = [:]
    var names: [String: [String: String]] = [:]
    var seen: [String: [String: Int]] = [:]
    var issues: [ImportIssue] = []
    var warnings: [ImportIssue] = []
    var refusedInputs = Set<Int>()

    mutating func read(
        _ input: ImportInput,
        index: Int,
        _ rows: RowFeed,
        rules: ImportRules,
        mapping: MappingProfile.FileMapping,
        handOver: (@Sendable (Dataset) -> Void)?
    ) {
        guard let type = RecordLayers.type(named: input.layer.name) else {
            rows.stop()
            return
        }
        read(type, input, index: index, rows, rules: rules, mapping: mapping, handOver: handOver)
    }

    private mutating func read<R: LayerRecord>(
        _ type: R.Type,
        _ input: ImportInput,
        index: Int,
        _ rows: RowFeed,
        rules: ImportRules,
        mapping: MappingProfile.FileMapping,
        handOver: (@Sendable (Dataset) -> Void)?
    ) {
        let name = R.info.name
        var reader = LayerReader<R>(rules: rules, mapping: mapping, input: index, file: input.name)
        reader.handOver = handOver
        var seenHere = seen[name] ?? [:]
        let out = reader.read(rows, seen: &seenHere)
        seen[name] = seenHere
        dataset.append(out.records)
        if positions[name] == nil { positions[name] = out.positions } else { positions[name]! += out.positions }
        files[name] = files[name] ?? input.name
        names[name] = out.names
        issues += out.issues
        warnings += out.warnings
        if out.refusedWhole { refusedInputs.insert(index) }
    }
}

extension CrossCheck {
    mutating func run<R: LayerRecord>(_ type: R.Type) {
        checkReferences(type)
        R.checkAcross(&self)
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

extension RecordImport {
    /// Whether an import of `url` (a layer file, or a directory of them) brings records placed in admin areas
    /// (hazards, settlements): only then are the stored boundaries needed to check it.
    public static func bringsPlaces(_ url: URL) -> Bool {
        let placed = [HazardousArea.info, Settlement.info].flatMap(\.files)
        return placed.contains(url.lastPathComponent)
            || placed.contains { FileManager.default.fileExists(atPath: url.appendingPathComponent($0).path) }
    }

    /// The same for inputs already found.
    public static func bringsPlaces(_ inputs: [ImportInput]) -> Bool {
        inputs.contains { $0.layer.name == HazardousArea.info.name || $0.layer.name == Settlement.info.name }
    }

    /// Whether any input's records may name a record of `layer` (one of its fields refers to that layer).
    public static func refers(_ inputs: [ImportInput], to layer: String) -> Bool {
        inputs.contains { $0.layer.fields.contains { $0.references?.layer == layer } }
    }
}

extension RecordImport {
    /// Whether the inputs may bring releases with a polygon (a GeoJSON file, a mapped geometry, a CSV with a WKT
    /// column): only then are the stored hazards' polygons needed to check them.
    public static func bringsReleasedParts(_ inputs: [ImportInput], mapping: MappingProfile) -> Bool {
        inputs.contains { input in
            guard input.layer.name == LandRelease.info.name else { return false }
            if !input.isCSV || mapping.mapping(for: input.name).geometry != nil { return true }
            guard case .file(let url) = input.content, let handle = try? FileHandle(forReadingFrom: url) else {
                return true
            }
            defer { try? handle.close() }
            let head = String(decoding: (try? handle.read(upToCount: 4096)) ?? Data(), as: UTF8.self).prefix {
                $0 != "\n"
            }.lowercased()
            return ["wkt", "geometry", "the_geom", "geom"].contains {
                head.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.contains($0)
            }
        }
    }
}
