import FluentKit
import Foundation
import MineFreeCore

/// Advocacy and coordination records as of a day: events and who attended, the interim steps and contacts an
/// interim-steps view reads, pledges as they stand.
public struct AdvocacyRepository: Sendable {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    public func records(asOf: CalendarDate) async throws -> AdvocacyRecords {
        let r = RecordRepository(database: database)
        return AdvocacyRecords(
            events: try await r.records(AdvocacyEvent.self, asOf: asOf),
            attendance: try await r.records(EventAttendance.self, asOf: asOf),
            steps: try await r.records(StateStep.self, asOf: asOf),
            contacts: try await r.records(AdvocacyContact.self, asOf: asOf)
        )
    }

    /// Each pledge's latest record known at the start of `asOf`.
    public func pledges(asOf: CalendarDate) async throws -> [Pledge] {
        LatestRecords.of(
            try await RecordRepository(database: database).records(Pledge.self, asOf: asOf),
            id: \.localID,
            date: \.recorded,
            asOf: asOf
        )
    }

    public func media(asOf: CalendarDate) async throws -> [MediaOutput] {
        try await RecordRepository(database: database).records(MediaOutput.self, asOf: asOf)
    }
}
