import FluentKit
import Foundation
import MineFreeCore
import MineFreeReferenceData
import Testing

@testable import MineFreeStore

/// The store on a real SQLite file, and on PostgreSQL as well when `DATABASE_URL` is set (CI starts one).
@Suite(.serialized) struct TreatyStoreTests {
    static var configurations: [StoreConfiguration] {
        var list: [StoreConfiguration] = [.sqlite(path: temporaryPath())]
        if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty {
            list.append(.postgres(url: url))
        }
        return list
    }

    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("minefree-test-\(UUID().uuidString).sqlite").path
    }

    func day(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }

    @Test(arguments: configurations)
    func referenceDataRoundTripsThroughTheStore(_ configuration: StoreConfiguration) async throws {
        try await withStore(configuration) { store in
            let repository = FluentTreatyRepository(database: store.database)
            let directory = BundledReferenceData.directory
            let expected = try ReferenceDataLoader.load(from: directory)
            // Force a load even when an earlier run left this exact version in the database.
            try await repository.replaceReferenceData(with: expected, checksum: "previous")
            #expect(
                try await ReferenceDataSync.sync(from: directory, into: repository)
                    == .loaded(checksum: try ReferenceDataLoader.checksum(of: directory))
            )
            #expect(
                try await ReferenceDataSync.sync(from: directory, into: repository)
                    == .unchanged(checksum: try ReferenceDataLoader.checksum(of: directory))
            )

            let stored = try await repository.registry()
            #expect(stored.states.count == expected.states.count)
            #expect(stored.participations.count == expected.participations.count)
            #expect(stored.meetings.count == expected.meetings.count)
            #expect(stored.obligationReports.count == expected.obligationReports.count)
            #expect(stored.extensions.count == expected.extensions.count)
            #expect(Set(stored.participations) == Set(expected.participations))
            #expect(Set(stored.extensions) == Set(expected.extensions))
            #expect(stored.state("TJK") == expected.state("TJK"))
            // The engine answers the same from the store as from the files.
            let tjk = stored.standing(of: stored.state("TJK")!, in: .apmbc, asOf: day("2025-01-01"))
            #expect(tjk.entryIntoForce == day("2000-04-01"))
            #expect(tjk.clearance?.deadline == day("2025-12-31"))
            #expect(stored.universalization(of: .apmbc, asOf: day("2009-03-02")).statesParties == 156)
        }
    }

    @Test(arguments: configurations)
    func invalidReferenceDataChangesNothing(_ configuration: StoreConfiguration) async throws {
        try await withStore(configuration) { store in
            let repository = FluentTreatyRepository(database: store.database)
            try await ReferenceDataSync.sync(from: BundledReferenceData.directory, into: repository)
            let before = try await repository.loadedReferenceChecksum()
            let beforeCount = try await repository.registry().participations.count

            // A copy of the data with one deposit dated before its signature.
            let broken = FileManager.default.temporaryDirectory.appendingPathComponent(
                "minefree-ref-\(UUID().uuidString)"
            )
            try FileManager.default.copyItem(at: BundledReferenceData.directory, to: broken)
            defer { try? FileManager.default.removeItem(at: broken) }
            let file = broken.appendingPathComponent("apmbc_participation.csv")
            let text = try String(contentsOf: file, encoding: .utf8)
            try text.replacingOccurrences(
                of: "apmbc,CAN,1997-12-03,1997-12-03",
                with: "apmbc,CAN,1997-12-04,1997-12-03"
            )
            .write(to: file, atomically: true, encoding: .utf8)

            await #expect(throws: ReferenceDataError.self) {
                try await ReferenceDataSync.sync(from: broken, into: repository)
            }
            #expect(try await repository.loadedReferenceChecksum() == before)
            #expect(try await repository.registry().participations.count == beforeCount)
            #expect(try await repository.registry().participation("CAN", in: .apmbc)?.signed == day("1997-12-03"))
        }
    }

    @Test func reopeningAnExistingFileKeepsItsSchemaAndRows() async throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try await Store.open(.sqlite(path: path))
        try await ReferenceDataSync.sync(
            from: BundledReferenceData.directory,
            into: FluentTreatyRepository(database: first.database)
        )
        await first.shutdown()
        let second = try await Store.open(.sqlite(path: path))
        let repository = FluentTreatyRepository(database: second.database)
        #expect(try await repository.registry().states.count == 202)
        #expect(
            try await ReferenceDataSync.sync(from: BundledReferenceData.directory, into: repository)
                == .unchanged(checksum: try ReferenceDataLoader.checksum(of: BundledReferenceData.directory))
        )
        await second.shutdown()
    }

    @Test func configurationComesFromTheEnvironmentAndNamesBadValues() throws {
        #expect(try StoreConfiguration.fromEnvironment([:]) == .sqlite(path: "./minefree.sqlite"))
        #expect(
            try StoreConfiguration.fromEnvironment(["MINEFREE_DB": "/tmp/x.sqlite"]) == .sqlite(path: "/tmp/x.sqlite")
        )
        let pg = "postgres://minefree:secret@127.0.0.1:5432/minefree"
        #expect(
            try StoreConfiguration.fromEnvironment(["DATABASE_URL": pg, "MINEFREE_DB": "/tmp/x.sqlite"])
                == .postgres(url: pg)
        )
        #expect(StoreConfiguration.postgres(url: pg).summary.contains("***"))
        #expect(!StoreConfiguration.postgres(url: pg).summary.contains("secret"))
        do {
            _ = try StoreConfiguration.fromEnvironment(["DATABASE_URL": "mysql://localhost/db"])
            Issue.record("a MySQL URL was accepted")
        } catch let error as StoreConfiguration.Invalid {
            #expect(error.variable == "DATABASE_URL")
            #expect(error.description.contains("mysql://localhost/db"))
        }
        #expect(throws: StoreConfiguration.Invalid.self) {
            try StoreConfiguration.fromEnvironment(["MINEFREE_DB": "/no/such/dir/minefree.sqlite"])
        }
        #expect(try StoreConfiguration.connectionsFromEnvironment([:]) == nil)
        #expect(try StoreConfiguration.connectionsFromEnvironment(["MINEFREE_DB_CONNECTIONS": "12"]) == 12)
        for bad in ["0", "257", "many", "-3"] {
            do {
                _ = try StoreConfiguration.connectionsFromEnvironment(["MINEFREE_DB_CONNECTIONS": bad])
                Issue.record("MINEFREE_DB_CONNECTIONS=\(bad) was accepted")
            } catch let error as StoreConfiguration.Invalid {
                #expect(error.variable == "MINEFREE_DB_CONNECTIONS" && error.description.contains(bad))
            }
        }
    }
}

extension StoreConfiguration: CustomTestStringConvertible {
    public var testDescription: String { summary }
}
