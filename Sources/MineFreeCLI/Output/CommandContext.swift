import ArgumentParser
import Foundation
import Logging
import MineFreeCore
import MineFreeReferenceData
import MineFreeStore

/// What every command needs: the store opened and migrated, the reference data loaded into it, and the
/// treaty registry read back from it.
struct CommandContext {
    let store: Store
    let registry: TreatyRegistry

    /// The reference data directory: `MINEFREE_REFERENCE_DIR` if set, else the files bundled with this build.
    static func referenceDirectory(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let dir = environment["MINEFREE_REFERENCE_DIR"], !dir.isEmpty {
            return URL(fileURLWithPath: dir, isDirectory: true)
        }
        return BundledReferenceData.directory
    }

    static func open() async throws -> CommandContext {
        var logger = Logger(label: "minefree")
        logger.logLevel = .warning
        let configuration = try StoreConfiguration.fromEnvironment()
        // A store this command creates is written once, straight into its file (the server switches it to
        // write-ahead logging when it first opens it).
        let store = try await Store.open(configuration, logger: logger, journal: .rollbackWhileNew)
        do {
            let repository = FluentTreatyRepository(database: store.database)
            try await ReferenceDataSync.sync(from: referenceDirectory(), into: repository)
            return CommandContext(store: store, registry: try await repository.registry())
        } catch {
            await store.shutdown()
            throw error
        }
    }

    /// Runs `body` with an open context and always closes the store.
    static func with<T>(_ body: (CommandContext) async throws -> T) async throws -> T {
        let context = try await open()
        do {
            let result = try await body(context)
            await context.store.shutdown()
            return result
        } catch {
            await context.store.shutdown()
            throw error
        }
    }

    /// The registry with the store's stockpile, retention and Art 9 records beside the reference data, as known at
    /// the start of `date`, and those records.
    func registry(withRecordsAsOf date: CalendarDate) async throws -> (TreatyRegistry, StockpileRecords) {
        let records = try await StockpileRepository(database: store.database).records(asOf: date)
        return (registry.including(records, asOf: date), records)
    }

    /// The state named by an ISO alpha-3 or alpha-2 code, or a one-line usage error.
    func state(_ code: String) throws -> State {
        guard let state = registry.state(code) else {
            throw BadInput(
                "unknown state '\(code)': expected an ISO 3166-1 alpha-3 or alpha-2 code such as TJK or TJ (`minefree states` lists them)"
            )
        }
        return state
    }

    /// Checks a region name against the M49 regions and sub-regions in the data.
    func checkRegion(_ name: String?) throws {
        guard let name, !registry.isRegion(name) else { return }
        throw BadInput(
            "unknown region '\(name)': expected one of \(registry.regions.joined(separator: ", ")) or an M49 sub-region such as 'Central Asia'"
        )
    }
}

/// Input the user can fix: printed as one line, exit status 2.
struct BadInput: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension CalendarDate {
    /// Parses a command-line date, naming the bad value and the accepted form.
    static func argument(_ text: String) throws -> CalendarDate {
        guard let date = CalendarDate(iso: text) else {
            throw ValidationError("'\(text)' is not a calendar date: expected YYYY-MM-DD, e.g. 2009-03-02")
        }
        return date
    }
}

extension Convention: ExpressibleByArgument {}
extension ParticipationStatus: ExpressibleByArgument {}

extension Optional where Wrapped == CalendarDate {
    var text: String { self?.iso ?? "" }
}
