import Foundation
import MineFreeReferenceData
import Testing

@testable import MineFreeCore

/// The bundled reference data, as the tests that read real dates from it load it.
enum BundledRegistry {
    static func load() throws -> TreatyRegistry { try ReferenceDataLoader.load(from: BundledReferenceData.directory) }

    /// The bundled data with one file edited, loaded from a copy: the registry, or the loader's error.
    static func load(editing name: String, _ edit: (String) -> String) throws -> Result<TreatyRegistry, any Error> {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minefree-edited-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: BundledReferenceData.directory, to: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent(name)
        try edit(try String(contentsOf: file, encoding: .utf8)).write(to: file, atomically: true, encoding: .utf8)
        return Result { try ReferenceDataLoader.load(from: dir) }
    }
}

extension TreatyRegistry {
    /// A state's clearance obligation (APMBC Art 5, CCM Art 4) at the start of a day given as `YYYY-MM-DD`.
    func clearance(_ iso3: String, _ date: String, in convention: Convention = .apmbc) throws -> DeadlineStanding {
        let state = try #require(self.state(iso3))
        return try #require(standing(of: state, in: convention, asOf: CalendarDate(iso: date)!).clearance)
    }
}
