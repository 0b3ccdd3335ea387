import FluentKit
import Foundation
import MineFreeCore
import SQLKit

/// The import pipeline every entry point shares (the CLI's `import` and `bench b1`, the web import page, forms and
/// API submissions): find the inputs, read and check them (MineFreeCore), refuse ids already stored, write everything
/// in one transaction. All or nothing, or in quarantine: the valid records stored, the refused ones reported.
public enum Importer {
    public struct Result: Sendable {
        public var outcome: RecordImport.Outcome
        public var dataset: Dataset { outcome.dataset }
        /// The import's number in `land_imports`; nil for a check that wrote nothing.
        public var importID: Int64?
        public var seconds: Double
        /// Seconds per phase, in order: what `bench` reports.
        public var phases: [(String, Double)]
    }

    /// What an import reads and how.
    public struct Request: Sendable {
        public var inputs: [ImportInput]
        public var rules: ImportRules
        public var mapping: MappingProfile
        public var mode: RecordImport.Mode
        /// Warnings found while finding the inputs (files left out).
        public var warnings: [ImportIssue]
        /// What the import log says it came from.
        public var source: String
        /// Runs inside the import's transaction once the records are written, with the import's number: what must
        /// be stored with them or not at all (a review's decision and its audit entry). Throwing rolls all back.
        public var within: (@Sendable (any Database, Int64) async throws -> Void)?

        public init(
            inputs: [ImportInput],
            rules: ImportRules,
            mapping: MappingProfile = MappingProfile(),
            mode: RecordImport.Mode = .allOrNothing,
            warnings: [ImportIssue] = [],
            source: String
        ) {
            self.inputs = inputs
            self.rules = rules
            self.mapping = mapping
            self.mode = mode
            self.warnings = warnings
            self.source = source
        }

        /// The layer files at `url` (a directory, or one file), and the files the mapping names.
        public static func files(
            _ url: URL,
            rules: ImportRules,
            mapping: MappingProfile = MappingProfile(),
            mode: RecordImport.Mode = .allOrNothing
        )
            throws -> Request
        {
            let (inputs, warnings) = try ImportInput.discover(url, mapping: mapping)
            return Request(
                inputs: inputs,
                rules: rules,
                mapping: mapping,
                mode: mode,
                warnings: warnings,
                source: url.path
            )
        }
    }

    public static func run(_ url: URL, rules: ImportRules, store: Store, progress: ((String) -> Void)? = nil)
        async throws -> Result
    {
        try await run(try Request.files(url, rules: rules), store: store, progress: progress)
    }

    /// Reads, checks and stores. Reading and checking run on another thread while the store writes: each layer as
    /// soon as its own files passed (all or nothing only), the rest once every file and every rule across files
    /// passed. All in the store's one transaction, so a refusal found late still leaves the store unchanged.
    public static func run(_ request: Request, store: Store, progress: ((String) -> Void)? = nil) async throws -> Result
    {
        let start = Date()
        progress?("checking the store")
        let known = try await knownRecords(for: request, store: store)
        var phases: [(String, Double)] = [("store-check", Date().timeIntervalSince(start))]
        let mark = Date()
        let (early, layersReady) = AsyncStream.makeStream(of: Dataset.self, bufferingPolicy: .unbounded)
        // The reader waits when the writer is four chunks behind: chunks waiting to be written are copies.
        let gate = HandOverGate(chunks: 4)
        let context = ReadRequest(request: request, known: known, progress: progress, gate: gate)
        // On a thread of its own: the reading blocks for a second and must not hold one of the few task threads.
        let reading = Task {
            try await withCheckedThrowingContinuation {
                (done: CheckedContinuation<(RecordImport.Outcome, Date), any Error>) in
                Thread.detachNewThread {
                    let result = read(context, layersReady)
                    layersReady.finish()
                    done.resume(with: result)
                }
            }
        }
        progress?("writing to \(store.configuration.summary)")
        let id: Int64
        let outcome: RecordImport.Outcome
        do {
            (id, outcome) = try await ImportTransaction.write(
                source: request.source,
                on: store.database,
                early: request.mode == .allOrNothing ? early : nil,
                partWritten: { gate.release() },
                within: request.within,
                outcome: {
                    // Whatever the reader still hands over is no longer awaited: it must not wait for a slot.
                    gate.close()
                    return try await reading.value.0
                }
            )
            gate.close()
        } catch {
            gate.close()
            // A refusal of the files explains a failed write best.
            _ = try await reading.value
            throw error
        }
        let validated = try await reading.value.1
        phases.append(("read+validate", validated.timeIntervalSince(mark)))
        phases.append(("write+index", Date().timeIntervalSince(mark)))
        phases.append(("write-after-validate", Date().timeIntervalSince(validated)))
        return Result(outcome: outcome, importID: id, seconds: Date().timeIntervalSince(start), phases: phases)
    }

    /// Checks without writing: the import's rules against what the store holds, and ids not yet stored. What the
    /// review workflow runs when a record is submitted, and `import --check`.
    public static func check(_ request: Request, store: Store) async throws -> Result {
        let start = Date()
        let known = try await knownRecords(for: request, store: store)
        var outcome = try RecordImport.read(
            request.inputs,
            rules: request.rules,
            mapping: request.mapping,
            known: known,
            mode: request.mode,
            warnings: request.warnings
        )
        try await ImportTransaction.refuseStored(&outcome, in: RecordRepository(database: store.database))
        return Result(outcome: outcome, importID: nil, seconds: Date().timeIntervalSince(start), phases: [])
    }

    /// What the store holds that the inputs' records may name; boundaries only when they bring placed records,
    /// stored hazards' polygons only for released parts.
    static func knownRecords(for request: Request, store: Store) async throws -> KnownRecords {
        let land = LandRepository(database: store.database)
        var known = try await land.knownRecords(
            withBoundaries: RecordImport.bringsPlaces(request.inputs),
            withReportsOfUse: RecordImport.refers(request.inputs, to: UseReport.info.name)
        )
        known.hazards = try await land.knownHazards()
        // Released parts are checked to lie within their hazard: stored hazards' polygons are needed only then.
        if RecordImport.bringsReleasedParts(request.inputs, mapping: request.mapping), !known.hazards.isEmpty {
            known.hazardPolygons = try await land.hazardPolygons(named: Array(known.hazards.keys))
        }
        return known
    }

    /// What the reading thread needs; the progress callback is only called, never shared otherwise.
    struct ReadRequest: @unchecked Sendable {
        let request: Request
        let known: KnownRecords
        let progress: ((String) -> Void)?
        let gate: HandOverGate
    }

    static func read(_ r: ReadRequest, _ layersReady: AsyncStream<Dataset>.Continuation)
        -> Swift.Result<(RecordImport.Outcome, Date), any Error>
    {
        do {
            let q = r.request
            let outcome = try RecordImport.read(
                q.inputs,
                rules: q.rules,
                mapping: q.mapping,
                known: r.known,
                mode: q.mode,
                warnings: q.warnings,
                progress: r.progress.map { p in { p("reading and validating \($0)") } },
                layerChecked: { part in if r.gate.enter() { layersReady.yield(part) } }
            )
            return .success((outcome, Date()))
        } catch {
            return .failure(error)
        }
    }
}

/// Bounds what the reading thread hands the writer ahead of it, and lets it go on alone once the writer no longer
/// takes chunks (it failed, or it is waiting for the whole outcome).
final class HandOverGate: @unchecked Sendable {
    // A condition and a count rather than a DispatchSemaphore: libdispatch traps when a semaphore is freed below
    // its starting value, which is how a refused import leaves this gate.
    private let condition = NSCondition()
    private var free: Int
    private var closed = false

    init(chunks: Int) { free = chunks }

    /// Waits for a slot; false when the writer takes no more chunks.
    func enter() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while free == 0 && !closed { condition.wait() }
        if closed { return false }
        free -= 1
        return true
    }

    func release() {
        condition.lock()
        free += 1
        condition.signal()
        condition.unlock()
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
