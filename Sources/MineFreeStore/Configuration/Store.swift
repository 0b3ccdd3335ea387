import FluentKit
import Foundation
import Logging
import NIOCore
import NIOPosix

/// The open store: a Fluent database on SQLite or PostgreSQL with the schema migrated.
///
/// The CLI opens one of its own; the server (a later target) registers the same configuration and
/// migrations on its application's `Databases`, so both see one schema.
public final class Store: Sendable {
    public let configuration: StoreConfiguration
    public let databases: Databases
    let logger: Logger
    /// The store's own event loops (one connection each) and the threads SQLite's calls block.
    let eventLoops: MultiThreadedEventLoopGroup
    let threads: NIOThreadPool
    /// One more connection, on a loop and thread of its own, for `stateDatabase`; opened when first used.
    let stateDatabases: Databases
    let stateLoop: MultiThreadedEventLoopGroup
    let stateThread: NIOThreadPool

    private init(
        configuration: StoreConfiguration,
        databases: Databases,
        logger: Logger,
        eventLoops: MultiThreadedEventLoopGroup,
        threads: NIOThreadPool
    ) throws {
        self.configuration = configuration
        self.databases = databases
        self.logger = logger
        self.eventLoops = eventLoops
        self.threads = threads
        stateLoop = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        stateThread = NIOThreadPool(numberOfThreads: 1)
        stateThread.start()
        stateDatabases = Databases(threadPool: stateThread, on: stateLoop)
        stateDatabases.use(try configuration.factory(), as: configuration.databaseID, isDefault: true)
    }

    /// How many connections a store opens when `MINEFREE_DB_CONNECTIONS` does not say: enough that a long import
    /// (which holds one for its whole transaction) or a slow report leaves others for the reads, which SQLite's
    /// write-ahead log lets run beside a writer.
    public static var defaultConnections: Int { max(4, 2 * System.coreCount) }

    /// How a SQLite store journals its writes (PostgreSQL has its own log).
    public enum Journal: Sendable {
        /// Write-ahead logging: readers never wait for a writer, which a server needs. Each page is written twice,
        /// to the log and, at a checkpoint (at the latest when the last connection closes), into the file.
        case writeAheadLog
        /// For a command that creates the store: while the file is new, each page is written once, straight into
        /// it, with a rollback journal of the pages a transaction changes (of a new store, almost none) — the first
        /// national import costs one write of its pages, not two. A store that exists keeps write-ahead logging, and
        /// the next open in `writeAheadLog` (any `serve`) switches a new one over.
        case rollbackWhileNew
    }

    /// Opens the store and brings its schema up to date (migrations run on every start).
    public static func open(
        _ configuration: StoreConfiguration,
        logger: Logger = Logger(label: "minefree.store"),
        migrations: [any Migration] = MineFreeMigrations.all,
        journal: Journal = .writeAheadLog,
        connections: Int? = nil
    ) async throws -> Store {
        var writeAheadLog = true
        if case .rollbackWhileNew = journal, case .sqlite(let path) = configuration,
            !FileManager.default.fileExists(atPath: path)
        {
            writeAheadLog = false
        }
        // Fluent's SQLite driver keeps one connection per event loop: the store's own group, sized to the connections
        // wanted, gives it that many; SQLite's blocking calls run on as many threads of the store's own pool.
        let n = try connections ?? StoreConfiguration.connectionsFromEnvironment() ?? defaultConnections
        let eventLoops = MultiThreadedEventLoopGroup(numberOfThreads: n)
        let threads = NIOThreadPool(numberOfThreads: n)
        threads.start()
        let databases = Databases(threadPool: threads, on: eventLoops)
        databases.use(try configuration.factory(), as: configuration.databaseID, isDefault: true)
        let store = try Store(
            configuration: configuration,
            databases: databases,
            logger: logger,
            eventLoops: eventLoops,
            threads: threads
        )
        do {
            try await StoreDialect.prepare(store.database, writeAheadLog: writeAheadLog)
            if writeAheadLog {
                try await StoreDialect.configureConnections(databases, logger: logger)
                try await StoreDialect.configureConnections(store.stateDatabases, logger: logger)
                try await store.migrate(migrations)
            } else {
                // A new file's schema (a hundred statements, each its own commit) is written without waiting for the
                // disk at each; the first commit after, with FULL, syncs the whole file. A power cut before that
                // leaves a new file with no records in it, never a store that lost any.
                try await StoreDialect.configureConnections(databases, logger: logger, synchronous: "OFF")
                try await store.migrate(migrations)
                try await StoreDialect.configureConnections(databases, logger: logger)
            }
        } catch {
            await store.shutdown()
            throw error
        }
        return store
    }

    /// A database handle for queries.
    public var database: any Database {
        databases.database(logger: logger, on: databases.eventLoopGroup.any())!
    }

    /// A connection of its own for the short reads every request makes before anything else (the store's generation,
    /// a bearer token's account: `StoreChanges`, `AccountRepository.storeStateAndAccounts`), so they never queue behind
    /// a long query or an import on the others. Nothing else should use it.
    public var stateDatabase: any Database {
        stateDatabases.database(logger: logger, on: stateLoop.any())!
    }

    /// Applies every migration not yet applied, in order.
    public func migrate(_ list: [any Migration] = MineFreeMigrations.all) async throws {
        let migrations = Migrations()
        migrations.add(list)
        let migrator = Migrator(
            databases: databases,
            migrations: migrations,
            logger: logger,
            on: databases.eventLoopGroup.any(),
            migrationLogLevel: .debug
        )
        try await migrator.setupIfNeeded().get()
        try await migrator.prepareBatch().get()
    }

    public func shutdown() async {
        await stateDatabases.shutdownAsync()
        try? await stateLoop.shutdownGracefully()
        try? await stateThread.shutdownGracefully()
        await databases.shutdownAsync()
        try? await eventLoops.shutdownGracefully()
        try? await threads.shutdownGracefully()
    }
}
