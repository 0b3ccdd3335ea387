import Foundation

/// Reads one input into records of its layer: each field from where the mapping says, checked by its kind; the
/// geometry checked by the layer's rules; the record's own rules; keys unique within the layer. Nothing here knows
/// a particular layer: the layer's description drives it.
struct LayerReader<R: LayerRecord> {
    let layer = R.layer
    let rules: ImportRules
    let mapping: MappingProfile.FileMapping
    let input: Int
    let file: String
    /// Receives the records of each chunk as soon as it is read while nothing has had an issue (all or nothing): a
    /// store writes them while the rest is read, in the transaction it rolls back on a refusal.
    var handOver: ((Dataset) -> Void)? = nil

    struct Output {
        var records: [R] = []
        var positions: [Position] = []
        var issues: [ImportIssue] = []
        var warnings: [ImportIssue] = []
        /// Each field's name in the file, for messages.
        var names: [String: String] = [:]
        /// The whole input is refused (a column missing, a file that does not parse).
        var refusedWhole = false
        /// Per field, values that look decoded twice: how many, and the first (where, what).
        var doubleEncoded: [String: (count: Int, item: String, value: String)] = [:]
    }

    /// Where a field's value comes from in this input.
    indirect enum Provider {
        case column(Int)
        case property(String)
        case constant(String)
        case translated(Provider, [String: String], otherwise: String?)
        case template([Piece])
        case date(Provider, DateFormat)
        case absent

        enum Piece {
            case literal(String)
            case source(Provider)
            case row
        }
    }

    /// Where the geometry comes from in this input.
    enum GeometryProvider {
        case none
        case feature
        case wkt(Int)
        case lonLat(Int, Int, names: (String, String))
    }

    /// A geometry read and checked, before the record's fields are.
    struct GeometryOutcome: Sendable {
        var geometry: Geometry?
        var entered: String?
        var problems: [(rule: String, message: String)] = []
        var areaM2: Double?
    }

    // MARK: - Reading

    // The benchmark's two large layers get code of their own (the reader is reached through an existential).
    @_specialize(where R == HazardousArea)
    @_specialize(where R == LandRelease)
    func read(_ feed: RowFeed, seen: inout [String: Int]) -> Output {
        defer { feed.stop() }
        var out = Output()
        func refuse(_ rule: String, _ message: String, item: String? = nil) {
            out.issues.append(ImportIssue(file: file, item: item, rule: rule, message: message))
            out.refusedWhole = true
        }
        func crsRefusal(_ crs: String) {
            refuse(
                "crs",
                "the coordinates are in \(crs), not WGS 84 longitude/latitude: reproject the file, e.g. ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson"
            )
        }
        // Room for the whole input at once, as its first batch suggests: grown by doubling, a national layer's
        // records would be copied a dozen times and held twice.
        func reserve() {
            out.records.reserveCapacity(feed.estimatedCount)
            out.positions.reserveCapacity(feed.estimatedCount)
            seen.reserveCapacity(seen.count + feed.estimatedCount)
        }
        // A batch to read, or nil: the end, or a parse that failed midway, which refuses the input (with the records
        // its batches before gave).
        func readable(_ batch: RowBatch?) -> RowBatch? {
            guard case .failed(let rule, let message)? = batch else { return batch }
            refuse(rule, message)
            return nil
        }
        guard let opening = feed.next() else { return out }
        switch opening {
        case .failed(let rule, let message):
            refuse(rule, message)
        case .table(let table, _):
            // How the columns map is settled on the header; each batch of rows is then read the same way.
            var providers: [Provider] = []
            var missing: [String] = []
            for b in layer.bindings {
                let (p, name) = resolve(b.field, header: table.header)
                providers.append(p)
                out.names[b.field.name] = name
                if case .absent = p, b.field.required { missing.append(name) }
            }
            if case .column(let i)? = unreadColumn(in: providers, header: table.header) {
                refuse(
                    "columns",
                    "the mapping names column '\(table.header[i])', which is not in the file",
                    item: "line 1"
                )
                return out
            }
            if let problem = mappedColumnsMissing(table.header) {
                refuse("columns", problem, item: "line 1")
                return out
            }
            guard missing.isEmpty else {
                refuse("columns", "missing column(s) \(missing.joined(separator: ", "))", item: "line 1")
                return out
            }
            let geometry = geometryProvider(header: table.header)
            if layer.info.geometryRequired, case .none = geometry {
                refuse(
                    "columns",
                    "no geometry: give it as WKT in a 'wkt' column\(layer.info.geometry == .point ? " or as lon and lat columns" : "")",
                    item: "line 1"
                )
                return out
            }
            let consumed = consumedColumns(providers, geometry, header: table.header)
            let extraColumns = mapping.keepOtherFields ? table.header.indices.filter { !consumed.contains($0) } : []
            let extraColumn = table.column("extra")
            let header = table.header
            reserve()
            let sourceNames = layer.bindings.map { out.names[$0.field.name] ?? $0.field.name }
            let names = out.names
            var plane: LambertAzimuthalEqualArea?
            var batch = readable(opening)
            while case .table(let part, let first)? = batch {
                // An HXL hashtag row under the header (#date, #status…) is metadata, not a record.
                var body = part.rows[...]
                if first == 0, let row = body.first, row.fields.allSatisfy({ $0.isEmpty || $0.hasPrefix("#") }) {
                    body = body.dropFirst()
                }
                let rows = part.rows
                let offset = body.startIndex
                let geometries = checkGeometries(Array(body), provider: geometry, plane: &plane)
                inChunks(body.count, into: &out, seen: &seen) { k in
                    let row = rows[k + offset]
                    let position = Position(
                        record: InputRecord(input: input, row: first + k + offset),
                        line: row.line,
                        feature: 0,
                        id: nil
                    )
                    var extras: [(String, JSONScalar)] = []
                    for c in extraColumns where c < row.fields.count && !row.fields[c].isEmpty {
                        extras.append((header[c], .string(row.fields[c])))
                    }
                    let stated = extraColumn.flatMap { $0 < row.fields.count ? row.fields[$0] : nil }
                    return build(
                        position: position,
                        number: first + k + offset + 1,
                        csv: row,
                        feature: nil,
                        providers: providers,
                        names: names,
                        sourceNames: sourceNames,
                        geometry: geometries.isEmpty ? nil : geometries[k],
                        extras: extras,
                        statedExtra: stated,
                        missingWord: "empty"
                    )
                }
                batch = readable(feed.next())
            }
        case .features(let features, _):
            if let crs = feed.crsName, !GeoJSONReader.namesLonLatWGS84(crs) {
                crsRefusal(crs)
                return out
            }
            let isRecords = feed.isRecords
            var present = Set<String>()
            for f in features.prefix(1000) { present.formUnion(f.properties.keys) }
            var providers: [Provider] = []
            for b in layer.bindings {
                let (p, name) = resolve(b.field, properties: present)
                providers.append(p)
                out.names[b.field.name] = name
            }
            let consumed = consumedProperties(providers)
            reserve()
            let sourceNames = layer.bindings.map { out.names[$0.field.name] ?? $0.field.name }
            let names = out.names
            var plane: LambertAzimuthalEqualArea?
            var batch = readable(opening)
            while case .features(let features, let first)? = batch {
                let geometries = checkGeometries(features, plane: &plane)
                inChunks(features.count, into: &out, seen: &seen) { k in
                    let f = features[k]
                    let id = layer.info.key.first.flatMap { key in
                        layer.info.index(of: key).flatMap {
                            value(providers[$0], csv: nil, feature: f, number: first + k + 1)?.text
                        }
                    }
                    let position = Position(
                        record: InputRecord(input: input, row: first + k),
                        line: f.line,
                        feature: isRecords ? -1 : f.number,
                        id: id
                    )
                    var extras: [(String, JSONScalar)] = []
                    if mapping.keepOtherFields {
                        for (key, v) in f.properties where !consumed.contains(key) && v != .null {
                            if case .string(let s) = v, s.isEmpty { continue }
                            extras.append((key, v))
                        }
                    }
                    var stated: String?
                    if let e = f.properties["extra"] {
                        if case .json(let j) = e { stated = j } else if case .string(let s) = e { stated = s }
                    }
                    return build(
                        position: position,
                        number: first + k + 1,
                        csv: nil,
                        feature: f,
                        providers: providers,
                        names: names,
                        sourceNames: sourceNames,
                        geometry: geometries[k],
                        extras: extras,
                        statedExtra: stated,
                        missingWord: "missing"
                    )
                }
                batch = readable(feed.next())
            }
            // A crs named after the features is known only now: the records read are refused with the file.
            if !out.refusedWhole, let crs = feed.crsName, !GeoJSONReader.namesLonLatWGS84(crs) { crsRefusal(crs) }
        }
        for (field, d) in out.doubleEncoded.sorted(by: { $0.key < $1.key }) {
            let repaired = TextEncoding.repairedDoubleEncoding(d.value).map { " (probably '\($0)')" } ?? ""
            out.warnings.append(
                ImportIssue(
                    file: file,
                    item: d.item,
                    rule: "double-encoded",
                    message:
                        "\(field): \(d.count) value\(d.count == 1 ? "" : "s") look\(d.count == 1 ? "s" : "") decoded twice, e.g. '\(d.value)'\(repaired): save the file as UTF-8 from its original",
                    severity: .warning
                )
            )
        }
        return out
    }

    /// What one input record came to, before its key is checked against the records before it.
    struct Built {
        var record: R?
        var position: Position
        /// Issues of its fields and geometry, then of its own rules (dropped when the key repeats: the record is
        /// refused for that first).
        var issues: [ImportIssue] = []
        var ruleIssues: [ImportIssue] = []
        /// Where in `issues` a repeated key is said: after the key's own fields, as a reader finds it.
        var keyIssueAt = 0
        var key: String?
        var doubleEncoded: [(field: String, value: String)] = []
    }

    /// Builds the records of `count` rows and accepts them in order (keys unique, the first standing), a chunk at a
    /// time, handing each chunk over while nothing has had an issue. One core: building rows on both was no faster
    /// while the store writes the chunks handed over (measured, docs/BENCHMARKS.md).
    func inChunks(_ count: Int, into out: inout Output, seen: inout [String: Int], _ build: (Int) -> Built) {
        let chunk = 32_768
        var start = 0
        while start < count {
            let end = min(start + chunk, count)
            let before = out.records.count
            for k in start..<end { accept(build(k), into: &out, seen: &seen) }
            if let handOver, out.issues.isEmpty {
                var part = Dataset()
                part[R.self] = Array(out.records[before...])
                handOver(part)
                for k in before..<out.records.count { out.records[k].dropStoredText() }
            }
            start = end
        }
    }

    /// One record: its fields, its geometry, its own rules.
    @_specialize(where R == HazardousArea)
    @_specialize(where R == LandRelease)
    func build(
        position: Position,
        number: Int,
        csv: CSVTable.Row?,
        feature: GeoJSONFeature?,
        providers: [Provider],
        names: [String: String],
        sourceNames: [String],
        geometry: GeometryOutcome?,
        extras: [(String, JSONScalar)],
        statedExtra: String?,
        missingWord: String
    ) -> Built {
        var record = R()
        var built = Built(position: position)
        func fail(_ rule: String, _ message: String) {
            built.issues.append(
                ImportIssue(file: file, item: position.item, rule: rule, message: message, records: [position.record])
            )
        }
        // The key's text: one field's value, or several joined by "@" (an activity's id and date of information).
        var key = ""
        var keyFields = 0
        let keyIndices = layer.keyIndices
        let lastKey = keyIndices.last
        for (i, b) in layer.bindings.enumerated() {
            let name = sourceNames[i]
            if let raw = value(providers[i], csv: csv, feature: feature, number: number) {
                if case .string(let text) = raw, text.utf8.contains(where: { $0 >= 0x80 }),
                    TextEncoding.looksDoubleEncoded(text)
                {
                    built.doubleEncoded.append((name, text))
                }
                switch FieldParser.parse(raw, b.field, name: name) {
                case .value(let v):
                    b.set(&record, v)
                    if keyIndices.contains(i) {
                        key = keyFields == 0 ? v.fileText : key + "@" + v.fileText
                        keyFields += 1
                    }
                case .issues(let found):
                    for f in found { fail(f.rule, f.message) }
                }
            } else if b.field.required {
                fail("required", "\(name) is \(missingWord)")
            }
            if i == lastKey {
                built.keyIssueAt = built.issues.count
                if keyFields == keyIndices.count { built.key = key }
            }
        }
        if let g = geometry {
            for p in g.problems { fail(p.rule, p.message) }
            if g.problems.isEmpty, let geometry = g.geometry { layer.geometry?.set(&record, geometry, g.entered) }
        }
        var extra: [String: JSONScalar] = [:]
        if let statedExtra, !statedExtra.isEmpty {
            if let object = try? JSONSerialization.jsonObject(with: Data(statedExtra.utf8)) as? [String: Any] {
                for (k, v) in object { extra[k] = JSONScalar(any: v) }
            } else {
                fail("extra", "extra '\(statedExtra.prefix(40))' is not a JSON object")
            }
        }
        for (k, v) in extras { extra[k] = v }
        if case .aboutPeople = layer.info.privacy {
            // Kept as extra, a name would travel wherever the statistical record goes.
            for k in extra.keys.sorted() where PersonalRecord.looksPersonal(k) {
                fail(
                    "personal-data",
                    "column '\(k)' looks like personal data: put names, dates of birth, contact and medical details in personal_data (kept apart, read only by role), not in \(layer.info.name)"
                )
            }
        }
        if !extra.isEmpty {
            record.extra =
                "{"
                + extra.keys.sorted().map { GeoJSONWriter.string($0) + ":" + extra[$0]!.jsonText }.joined(
                    separator: ","
                ) + "}"
        }
        // The record's own rules need every field read.
        if built.issues.isEmpty {
            var check = RowCheck(
                rules: rules,
                geometryAreaM2: geometry?.areaM2,
                file: file,
                position: position,
                names: names
            )
            R.check(&record, &check)
            built.ruleIssues = check.issues
        }
        if built.issues.isEmpty, built.ruleIssues.isEmpty { built.record = record }
        return built
    }

    /// Takes a built record in file order: a repeated key refuses it (the first record stands).
    func accept(_ b: Built, into out: inout Output, seen: inout [String: Int]) {
        var issues = b.issues
        var ruleIssues = b.ruleIssues
        if let key = b.key {
            if let first = seen[key] {
                let at = first < 0 ? "feature \(-first)" : "line \(first)"
                let message: String
                if layer.keyIndices.count == 1 {
                    message = "\(out.names[layer.info.key[0]] ?? layer.info.key[0]) '\(key)' repeats \(at)"
                } else {
                    let parts = key.split(separator: "@", omittingEmptySubsequences: false)
                    let owner =
                        layer.bindings[layer.keyIndices[0]].field.references.flatMap {
                            RecordLayers.info(named: $0.layer)?.singular
                        }
                        ?? layer.info.singular
                    message =
                        "\(owner) '\(parts.dropLast().joined(separator: "@"))' already has a record dated \(parts.last ?? "") (\(at)): a change needs a later date"
                }
                issues.insert(
                    ImportIssue(
                        file: file,
                        item: b.position.item,
                        rule: layer.info.keyRule,
                        message: message,
                        records: [b.position.record]
                    ),
                    at: b.keyIssueAt
                )
                ruleIssues = []
            } else {
                // Where the first one is, as the message names it (a feature's number, negated, or a line): all that
                // is kept of it, for a national layer holds millions of keys.
                seen[key] = b.position.feature > 0 ? -b.position.feature : b.position.line
            }
        }
        for (field, value) in b.doubleEncoded {
            let d = out.doubleEncoded[field]
            out.doubleEncoded[field] = ((d?.count ?? 0) + 1, d?.item ?? b.position.item, d?.value ?? value)
        }
        if issues.isEmpty, ruleIssues.isEmpty, let record = b.record {
            out.records.append(record)
            out.positions.append(b.position)
        } else {
            out.issues += issues + ruleIssues
        }
    }

    // MARK: - Values

    func value(_ p: Provider, csv: CSVTable.Row?, feature: GeoJSONFeature?, number: Int) -> JSONScalar? {
        switch p {
        case .absent: return nil
        case .constant(let s): return .string(s)
        case .column(let i):
            guard let row = csv, i < row.fields.count else { return nil }
            let cell = row.fields[i]
            guard let first = cell.utf8.first else { return nil }
            // Trim only what needs it: most cells have no surrounding space.
            if Self.isSpace(first) || Self.isSpace(cell.utf8.last!) {
                let t = cell.trimmingCharacters(in: .whitespaces)
                return t.isEmpty ? nil : .string(t)
            }
            return .string(cell)
        case .property(let name):
            guard let v = feature?.properties[name] else { return nil }
            switch v {
            case .null: return nil
            case .string(let s):
                // Trim only what needs it: Foundation's trimming costs more than the rest of the value.
                guard let first = s.utf8.first, let last = s.utf8.last else { return nil }
                guard Self.isSpace(first) || Self.isSpace(last) else { return v }
                let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
                return t.isEmpty ? nil : .string(t)
            default: return v
            }
        case .date(let source, let format):
            guard let v = value(source, csv: csv, feature: feature, number: number) else { return nil }
            return .string(format.iso(v.text) ?? v.text)
        case .translated(let source, let table, let otherwise):
            guard let v = value(source, csv: csv, feature: feature, number: number) else {
                return otherwise.map(JSONScalar.string)
            }
            let text = v.text
            if let t = table[text] ?? table.first(where: { $0.key.caseInsensitiveCompare(text) == .orderedSame })?.value
            {
                return .string(t)
            }
            return otherwise.map(JSONScalar.string) ?? v
        case .template(let pieces):
            var out = ""
            for piece in pieces {
                switch piece {
                case .literal(let s): out += s
                case .row: out += String(number)
                case .source(let p): out += value(p, csv: csv, feature: feature, number: number)?.text ?? ""
                }
            }
            return out.isEmpty ? nil : .string(out)
        }
    }

    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// A field's source in a CSV file, and the name messages give it.
    func resolve(_ field: Field, header: [String]) -> (Provider, String) {
        func column(_ name: String) -> Provider {
            if let i = header.firstIndex(of: name) { return .column(i) }
            return .column(-1 - (header.count))  // flagged by `unreadColumn`
        }
        if let source = mapping.fields[field.name] {
            return (provider(source, column: column), sourceName(source, field))
        }
        if let name = rules.fieldNames[layer.info.name + "." + field.name] ?? rules.fieldNames[field.name] {
            return header.contains(name) ? (.column(header.firstIndex(of: name)!), name) : (.absent, name)
        }
        for name in [field.name] + field.aliases {
            if let i = header.firstIndex(of: name) { return (.column(i), name) }
        }
        return (.absent, field.name)
    }

    /// A field's source among a GeoJSON file's properties.
    func resolve(_ field: Field, properties: Set<String>) -> (Provider, String) {
        if let source = mapping.fields[field.name] {
            return (provider(source, column: { .property($0) }), sourceName(source, field))
        }
        if let name = rules.fieldNames[layer.info.name + "." + field.name] ?? rules.fieldNames[field.name] {
            return (.property(name), name)
        }
        let name = ([field.name] + field.aliases).first { properties.contains($0) } ?? field.name
        return (.property(name), name)
    }

    func provider(_ source: MappingProfile.ValueSource, column: (String) -> Provider) -> Provider {
        switch source {
        case .column(let c): return column(c)
        case .constant(let v): return .constant(v)
        case .translated(let c, let values, let otherwise): return .translated(column(c), values, otherwise: otherwise)
        case .date(let c, let f): return DateFormat(f).map { .date(column(c), $0) } ?? column(c)
        case .template(let t):
            let parsed = (try? Template(t)) ?? Template.empty
            return .template(
                parsed.parts.map {
                    switch $0 {
                    case .literal(let s): return .literal(s)
                    case .row: return .row
                    case .column(let c): return .source(column(c))
                    }
                }
            )
        }
    }

    func sourceName(_ source: MappingProfile.ValueSource, _ field: Field) -> String {
        switch source {
        case .column(let c), .translated(let c, _, _), .date(let c, _): return c
        case .constant, .template: return field.name
        }
    }

    /// A column a mapping names that the file lacks (`resolve` marks it with a negative index).
    func unreadColumn(in providers: [Provider], header: [String]) -> Provider? {
        for p in providers {
            if case .column(let i) = p, i < 0 { return .column(0) }
        }
        return nil
    }

    /// Columns the mapping names (directly, in a translation or a template) that the file lacks.
    func mappedColumnsMissing(_ header: [String]) -> String? {
        var wanted: [String] = []
        for (_, source) in mapping.fields.sorted(by: { $0.key < $1.key }) {
            switch source {
            case .column(let c), .translated(let c, _, _), .date(let c, _): wanted.append(c)
            case .template(let t): wanted += (try? Template(t))?.columns ?? []
            case .constant: break
            }
        }
        let missing = wanted.filter { !header.contains($0) }
        return missing.isEmpty
            ? nil
            : "the mapping names column(s) \(missing.joined(separator: ", ")), which the file lacks (it has \(header.joined(separator: ", ")))"
    }

    /// CSV columns read as fields or geometry, or written by an export (derived figures), or MineFree's own.
    func consumedColumns(_ providers: [Provider], _ geometry: GeometryProvider, header: [String]) -> Set<Int> {
        var used = Set<Int>()
        func mark(_ p: Provider) {
            switch p {
            case .column(let i) where i >= 0: used.insert(i)
            case .translated(let s, _, _), .date(let s, _): mark(s)
            case .template(let pieces): for case .source(let s) in pieces { mark(s) }
            default: break
            }
        }
        providers.forEach(mark)
        switch geometry {
        case .wkt(let i): used.insert(i)
        case .lonLat(let a, let b, _): used.formUnion([a, b])
        default: break
        }
        let ignored = Set(
            layer.info.derived.map(\.name) + layer.info.fields.flatMap { [$0.name] + $0.aliases } + ["extra"]
        )
        for (i, name) in header.enumerated() where ignored.contains(name) || name.hasPrefix("minefree_") {
            used.insert(i)
        }
        return used
    }

    func consumedProperties(_ providers: [Provider]) -> Set<String> {
        var used = Set(
            layer.info.derived.map(\.name) + layer.info.fields.flatMap { [$0.name] + $0.aliases } + ["extra"]
        )
        func mark(_ p: Provider) {
            switch p {
            case .property(let n): used.insert(n)
            case .translated(let s, _, _), .date(let s, _): mark(s)
            case .template(let pieces): for case .source(let s) in pieces { mark(s) }
            default: break
            }
        }
        providers.forEach(mark)
        // A feature's own `id` (an admin area's, whose id field is `pcode`) is its name, not an attribute.
        return used.union([ImportReport.issuesColumn, "id"])
    }

    // MARK: - Geometry

    func geometryProvider(header: [String]) -> GeometryProvider {
        guard layer.info.hasGeometry else { return .none }
        func index(_ names: [String]) -> Int? {
            header.firstIndex { h in names.contains { $0.caseInsensitiveCompare(h) == .orderedSame } }
        }
        switch mapping.geometry {
        case .wkt(let column)?: return header.firstIndex(of: column).map(GeometryProvider.wkt) ?? .none
        case .lonLat(let lon, let lat)?:
            guard let x = header.firstIndex(of: lon), let y = header.firstIndex(of: lat) else { return .none }
            return .lonLat(x, y, names: (lon, lat))
        case .geojson?, nil: break
        }
        if let w = index(["wkt", "geometry", "the_geom", "geom"]) { return .wkt(w) }
        if layer.info.geometry == .point, let x = index(["lon", "longitude", "lng"]),
            let y = index(["lat", "latitude"])
        {
            return .lonLat(x, y, names: (header[x], header[y]))
        }
        return .none
    }

    /// The CSV rows' geometries, parsed and checked on every core.
    /// The geometries of a batch of rows. The plane areas are measured in is centred on the first batch's data and
    /// kept for the rest (`plane`), so that where a batch starts never changes a measure.
    func checkGeometries(_ rows: [CSVTable.Row], provider: GeometryProvider, plane: inout LambertAzimuthalEqualArea?)
        -> [GeometryOutcome]
    {
        switch provider {
        case .none, .feature: return []
        case .wkt(let column):
            let parsed: [(GeoJSONGeometry?, String?)] = rows.map { row in
                guard column < row.fields.count, !row.fields[column].trimmingCharacters(in: .whitespaces).isEmpty else {
                    return (nil, nil)
                }
                do {
                    return (try WKTReader.read(Substring(row.fields[column])), nil)
                } catch {
                    return (nil, "\(error)")
                }
            }
            let centred = plane ?? rules.plane(centredOn: Self.firstVertices(parsed.map(\.0)))
            plane = centred
            return parallelMap(Array(parsed.indices), minimumCount: 256) { i in
                if let problem = parsed[i].1 { return GeometryOutcome(problems: [("geometry", "WKT: \(problem)")]) }
                return check(parsed[i].0, entered: nil, plane: centred, place: false)
            }
        case .lonLat(let x, let y, let names):
            return rows.map { row in
                let lon = x < row.fields.count ? row.fields[x].trimmingCharacters(in: .whitespaces) : ""
                let lat = y < row.fields.count ? row.fields[y].trimmingCharacters(in: .whitespaces) : ""
                switch (lon.isEmpty, lat.isEmpty) {
                case (true, true): return check(nil, entered: nil, plane: .workload, place: true)
                case (false, false):
                    guard let a = Double(lon), let b = Double(lat) else {
                        return GeometryOutcome(problems: [
                            ("number", "\(names.0),\(names.1) '\(lon),\(lat)' are not decimal degrees")
                        ])
                    }
                    return check(.point(GeoPoint(lon: a, lat: b)), entered: nil, plane: .workload, place: true)
                default:
                    return GeometryOutcome(problems: [("required", "a place needs both \(names.0) and \(names.1)")])
                }
            }
        }
    }

    /// The features' geometries, checked on every core (polygons cost most).
    func checkGeometries(_ features: [GeoJSONFeature], plane: inout LambertAzimuthalEqualArea?) -> [GeometryOutcome?] {
        guard layer.info.hasGeometry else { return Array(repeating: nil, count: features.count) }
        let centred = plane ?? rules.plane(centredOn: Self.firstVertices(features.map(\.geometry)))
        plane = centred
        return parallelMap(features, minimumCount: 256) { f in
            check(f.geometry, entered: f.enteredCoordinates, plane: centred, place: false)
        }
    }

    /// The box of each polygon's first vertex: where a plane centred on the data is centred.
    static func firstVertices(_ geometries: [GeoJSONGeometry?]) -> BoundingBox {
        var b = BoundingBox.empty
        for g in geometries {
            switch g {
            case .polygon(let rings)?: if let p = rings.first?.first { b.extend(x: p.lon, y: p.lat) }
            case .multiPolygon(let ps)?: if let p = ps.first?.first?.first { b.extend(x: p.lon, y: p.lat) }
            default: break
            }
        }
        return b
    }

    /// One geometry against the layer's kind and the rules. `place`: it came from lon/lat columns.
    func check(_ g: GeoJSONGeometry?, entered: String?, plane: LambertAzimuthalEqualArea, place: Bool)
        -> GeometryOutcome
    {
        let kind = layer.info.geometry
        let required = layer.info.geometryRequired
        guard let g else {
            return required
                ? GeometryOutcome(problems: [("geometry-type", "geometry is null, \(kind.expected) is expected")])
                : GeometryOutcome()
        }
        func mismatch() -> GeometryOutcome {
            var found = g.typeName
            if case .malformed(_, let reason) = g { found += " (\(reason))" }
            return GeometryOutcome(problems: [
                ("geometry-type", "geometry is \(found), \(kind.expected)\(required ? "" : " (or null)") is expected")
            ])
        }
        switch (kind, g) {
        case (.point, .point(let p)):
            if let problem = CoordinateCheck.problem(p, index: 1, bounds: rules.bounds, place: place) {
                return GeometryOutcome(problems: [problem])
            }
            return GeometryOutcome(geometry: .point(p))
        case (.lineString, .lineString(let line)):
            var out = GeometryOutcome(geometry: .line(line), entered: entered)
            if line.count < 2 { out.problems.append(("vertex-count", "a LineString needs at least 2 positions")) }
            for (i, p) in line.enumerated() {
                if let problem = CoordinateCheck.problem(p, index: i + 1, bounds: rules.bounds, place: false) {
                    out.problems.append(problem)
                    break
                }
            }
            return out
        case (.polygon, .polygon(let rings)), (.multiPolygon, .polygon(let rings)):
            return checkPolygons([rings], entered: entered, plane: plane)
        case (.multiPolygon, .multiPolygon(let parts)) where !parts.isEmpty:
            return checkPolygons(parts, entered: entered, plane: plane)
        default:
            return mismatch()
        }
    }

    func checkPolygons(_ parts: [[[GeoPoint]]], entered: String?, plane: LambertAzimuthalEqualArea) -> GeometryOutcome {
        let geometryRules = rules.geometryRules(boundary: layer.geometry?.isBoundary ?? false, plane: plane)
        var out = GeometryOutcome(geometry: .polygons(parts), entered: entered)
        var area = 0.0
        for (k, rings) in parts.enumerated() {
            // Each part is checked like a polygon of its own, and named when there are several.
            let prefix = parts.count > 1 ? "polygon \(k + 1): " : ""
            let check = PolygonValidator.check(rings: rings, rules: geometryRules)
            for problem in check.problems {
                var message = prefix + problem.description
                if case .invalidCoordinate(let r, let v) = problem, r < rings.count, v - 1 < rings[r].count {
                    message += CoordinateCheck.hint(rings[r][v - 1])
                }
                out.problems.append((problem.rule, message))
            }
            area += check.areaM2
        }
        if out.problems.isEmpty {
            if area < ImportRules.minimumAreaM2 {
                out.problems.append(
                    (
                        "area-too-small",
                        "the polygon's area is \(String(format: "%.2f", area)) m², less than 1 m²: a sliver cannot be surveyed or released"
                    )
                )
            }
            out.areaM2 = area
        }
        return out
    }
}

/// Positions: a longitude/latitude pair, inside the bounds, with a hint when they look projected or swapped.
enum CoordinateCheck {
    static func problem(_ p: GeoPoint, index: Int, bounds: BoundingBox?, place: Bool) -> (
        rule: String, message: String
    )? {
        let what = place ? "place" : "position \(index)"
        guard p.lon.isFinite, p.lat.isFinite, abs(p.lon) <= 180, abs(p.lat) <= 90 else {
            return ("coordinate", "\(what) (\(p.lon), \(p.lat)) is not a longitude/latitude pair" + hint(p))
        }
        if let b = bounds, !b.contains(x: p.lon, y: p.lat) {
            let swapped = b.contains(x: p.lat, y: p.lon) ? " (longitude and latitude look swapped)" : ""
            return (
                "bounds",
                "\(what) (\(p.lon), \(p.lat)) lies outside \(b.minX)…\(b.maxX) E, \(b.minY)…\(b.maxY) N\(swapped)"
            )
        }
        return nil
    }

    /// Why a position may not be lon/lat degrees.
    static func hint(_ p: GeoPoint) -> String {
        if abs(p.lon) > 1000 || abs(p.lat) > 1000 {
            return
                " — it looks like metres in a projected system: reproject to WGS 84 longitude/latitude (EPSG:4326), e.g. ogr2ogr -t_srs EPSG:4326"
        }
        if abs(p.lat) > 90, abs(p.lon) <= 90 { return " — longitude and latitude look swapped" }
        return ""
    }
}

extension Template {
    static let empty = try! Template("")
}
