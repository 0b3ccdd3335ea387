import FluentKit
import Foundation
import MineFreeCore
import SQLKit

/// One import's write: every layer's rows in one transaction (bulk inserts, foreign keys' order), the spatial
/// index told of the new rows, the land's kept progress flows added. Either every row is stored or none is.
enum ImportTransaction {
    /// Writes what `outcome()` returns. Layers `early` hands over (each as soon as its own files passed, while the rest
    /// is still being read) are written as they come. Ids already stored are refused before each write (in quarantine
    /// they are set aside instead). If `outcome()` throws, nothing is stored; a write that fails before the outcome is
    /// known defers to its refusal, which explains it better.
    static func write(
        source: String,
        on database: any Database,
        early: AsyncStream<Dataset>?,
        partWritten: @escaping @Sendable () -> Void = {},
        within: (@Sendable (any Database, Int64) async throws -> Void)? = nil,
        outcome: @escaping @Sendable () async throws -> RecordImport.Outcome
    ) async throws -> (Int64, RecordImport.Outcome) {
        try await StoreDialect.bulkWriteTransaction(database) { db in
            let sql = db as! any SQLDatabase
            let records = RecordRepository(database: db)
            // One import writes at a time (SQLite's write lock does this by itself from the first insert on), so the
            // rules that read the store can be checked again below against what is committed.
            try await StoreDialect.lockForImport(db)
            struct ID: Decodable { let id: Int64 }
            let importID = try await sql.insert(into: "land_imports")
                .columns("imported_at", "source", "summary")
                .values(SQLBind(Date()), SQLBind(source), SQLBind(""))
                .returning("id").first(decoding: ID.self)!.id
            // Each indexed table's largest id before the insert: the spatial index learns the new rows' ids from it.
            var idsBefore: [String: Int64] = [:]
            for info in RecordLayers.infos where info.spatialIndex {
                idsBefore[info.table] = try await StoreDialect.largestID(in: info.table, db)
            }
            let counts = try await records.counts()
            // The plain indexes of the tables this import fills from empty are built once, after the last row: the
            // releases arrive in chunks while they are read.
            let deferred = try await StoreDialect.dropIndexesOfEmptyTables(
                RecordLayers.infos.filter { counts[$0.name, default: 0] == 0 }.map(\.table),
                db
            )
            var written = Set<String>()
            for await part in early ?? AsyncStream { $0.finish() } {
                do {
                    for t in RecordLayers.writeOrder where part.count(of: t) > 0 {
                        if counts[t.info.name, default: 0] > 0,
                            !(try await records.storedKeys(t.info, among: part.keys(of: t))).isEmpty
                        {
                            // Report every layer's stored ids at once, as a check after reading would.
                            var all = try await outcome()
                            try await refuseStored(&all, in: records)
                        }
                        try await StoreDialect.bulkInsert(
                            [rows(t, part.parentsFirst, importID: importID)],
                            on: db,
                            buildIndexesAfter: false
                        )
                        written.insert(t.info.name)
                    }
                    partWritten()
                } catch let error as ImportRefused {
                    throw error
                } catch {
                    _ = try await outcome()
                    throw error
                }
            }
            var result = try await outcome()
            try await refuseStored(&result, in: records, skipping: written)
            let d = result.dataset.parentsFirst
            let summary = d.counts.filter { $0.count > 0 }.map { "\($0.count) \($0.layer)" }.joined(separator: ", ")
            try await sql.update("land_imports").set("summary", to: SQLBind(summary)).where(
                "id",
                .equal,
                SQLBind(importID)
            ).run()
            // The progress flows are summed on another core while the rows are written.
            let flows = Task { LandRepository.PendingFlows(of: d) }
            var tables: [BulkRows] = []
            for t in RecordLayers.writeOrder where !written.contains(t.info.name) {
                tables.append(rows(t, d, importID: importID))
            }
            try await StoreDialect.bulkInsert(tables, on: db, buildIndexesAfter: false)
            for create in deferred { try await sql.raw(SQLQueryString(create)).run() }
            let pending = await flows.value
            try await LandRepository.addProgressFlows(pending, on: db)
            try await LandRepository.addReleaseTotals(pending, on: db)
            try await StoreChanges.record(db)
            for t in RecordLayers.all where t.info.spatialIndex {
                let boxes = boxes(t, d)
                guard !boxes.isEmpty else { continue }
                try await StoreDialect.indexSpatially(
                    .init(table: t.info.table, idBefore: idsBefore[t.info.table] ?? 0, boxes: boxes),
                    importID: importID,
                    db
                )
            }
            // The records were checked against the store as read before this transaction; another import committed
            // meanwhile may have released the same hazards. Checked again here, where nothing can change.
            if counts[LandRelease.info.name, default: 0] > 0 {
                try await recheckReleasedArea(of: d, in: db, outcome: result)
            }
            try await within?(db, importID)
            result.dataset = d
            return (importID, result)
        }
    }

    /// The hazards the import releases land of, whose releases now add up to more than their area: refused,
    /// naming each (rule `release-exceeds-hazard`, as the check before the write names it).
    static func recheckReleasedArea(of dataset: Dataset, in db: any Database, outcome: RecordImport.Outcome)
        async throws
    {
        let sql = db as! any SQLDatabase
        let hazards = Array(Set(dataset[LandRelease.self].map(\.hazardID))).sorted()
        struct Over: Decodable { let local_id: String; let area_m2: Int64; let released: Int64 }
        var over: [Over] = []
        for start in stride(from: 0, to: hazards.count, by: 500) {
            let chunk = hazards[start..<min(start + 500, hazards.count)]
            over += try await sql.raw(
                """
                SELECT h.local_id, h.area_m2, CAST(SUM(r.area_m2) AS BIGINT) AS released
                FROM hazardous_areas h JOIN land_releases r ON r.hazard_id = h.local_id
                WHERE h.local_id IN (\(binds: Array(chunk)))
                GROUP BY h.local_id, h.area_m2
                HAVING SUM(r.area_m2) > h.area_m2
                """
            ).all(decoding: Over.self)
        }
        guard !over.isEmpty else { return }
        let file = outcome.files[LandRelease.info.name] ?? LandRelease.info.name
        throw ImportRefused(
            issues: over.map {
                ImportIssue(
                    file: file,
                    item: $0.local_id,
                    rule: "release-exceeds-hazard",
                    message:
                        "hazard \($0.local_id) would have \($0.released) m² released, more than its \($0.area_m2) m²: another import released part of it meanwhile"
                )
            },
            warnings: outcome.warnings
        )
    }

    static func rows<R: LayerRecord>(_ type: R.Type, _ dataset: Dataset, importID: Int64) -> BulkRows {
        RecordTables.bulkRows(dataset[type], importID: importID)
    }

    static func boxes<R: LayerRecord>(_ type: R.Type, _ dataset: Dataset) -> [BoundingBox] {
        RecordTables.boxes(dataset[type])
    }

    /// Refuses records whose ids are already stored: a correction is a new record, never an overwrite. All or nothing:
    /// the import is refused; in quarantine those records are set aside with the rest.
    static func refuseStored(
        _ outcome: inout RecordImport.Outcome,
        in records: RecordRepository,
        skipping: Set<String> = []
    ) async throws {
        var issues: [ImportIssue] = []
        let counts = try await records.counts()
        // Only layers the store already holds rows of can repeat a stored key: an import into empty tables reads no keys.
        for t in RecordLayers.all where counts[t.info.name, default: 0] > 0 && !skipping.contains(t.info.name) {
            let keys = outcome.dataset.keys(of: t)
            guard !keys.isEmpty else { continue }
            let info = t.info
            let stored = try await records.storedKeys(info, among: keys)
            guard !stored.isEmpty else { continue }
            for (i, key) in keys.enumerated() where stored.contains(key) {
                issues.append(
                    ImportIssue(
                        file: outcome.files[info.name] ?? info.name,
                        item: key,
                        rule: "already-stored",
                        message: "id '\(key)' is already in the store (record a correction as a new record)",
                        records: outcome.positions[info.name].map { [$0[i]] } ?? []
                    )
                )
            }
        }
        guard !issues.isEmpty else { return }
        if outcome.mode == .allOrNothing { throw ImportRefused(issues: issues, warnings: outcome.warnings) }
        outcome.setAside(issues)
    }
}

extension RecordRepository {
    /// Stores a dataset already checked, in one transaction and indexed; returns the import's id. Either every row
    /// is stored or none is.
    @discardableResult
    public func store(_ dataset: Dataset, source: String) async throws -> Int64 {
        let outcome = RecordImport.Outcome(dataset: dataset)
        return try await ImportTransaction.write(source: source, on: database, early: nil, outcome: { outcome }).0
    }
}
