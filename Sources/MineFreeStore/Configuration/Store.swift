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

    private init(configuration: StoreConfiguration, databases: Databases, logger: Logger) {
        self.configuration = configuration
        self.databases = databases
        self.logger = logger
    }

    /// Opens the store and brings its schema up to date (migrations run on every start).
    public static func open(
        _ configuration: StoreConfiguration,
        logger: Logger = Logger(label: "minefree.store"),
        migrations: [any Migration] = MineFreeMigrations.all
    ) async throws -> Store {
        let databases = Databases(threadPool: NIOThreadPool.singleton, on: MultiThreadedEventLoopGroup.singleton)
        databases.use(try configuration.factory(), as: configuration.databaseID, isDefault: true)
        let store = Store(configuration: configuration, databases: databases, logger: logger)
        do {
            try await StoreDialect.prepare(store.database)
            try await StoreDialect.configureConnections(databases, logger: logger)
            try await store.migrate(migrations)
        } catch {
            await databases.shutdownAsync()
            throw error
        }
        return store
    }

    /// A database handle for queries.
    public var database: any Database {
        databases.database(logger: logger, on: databases.eventLoopGroup.any())!
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
        await databases.shutdownAsync()
    }
}
