import FluentKit
import Foundation
import MineFreeCore
import SQLKit
import Testing

@testable import MineFreeStore

/// People in the store: an authority's decisions on accident reports are kept as made (the database refuses to change
/// them), audited in the same transaction, checked against what is committed, and casualties are counted once as of
/// any day. On SQLite and, when `DATABASE_URL` is set, on a fresh PostgreSQL database.
@Suite(.serialized) struct PeopleStoreTests {
    let day = CalendarDate(iso: "2024-03-10")!

    func reports() -> Dataset {
        var data = Dataset()
        func accident(_ id: String, _ source: Accident.Source, killed: Int64, injured: Int64, lat: Double) -> Accident {
            var a = Accident(
                localID: id,
                source: source,
                date: day,
                location: GeoPoint(lon: 46.95, lat: lat),
                device: .antiPersonnel,
                activity: .farming,
                killed: killed,
                injured: injured
            )
            a.reported = day.adding(days: 2)
            return a
        }
        data.accidents = [
            accident("HOSP-1", .hospital, killed: 0, injured: 2, lat: 40.1),
            accident("POL-1", .police, killed: 1, injured: 2, lat: 40.101),
            accident("MED-1", .media, killed: 0, injured: 3, lat: 40.102),
        ]
        data.casualties = [("CS-1", 9), ("CS-2", 31)].map { id, age in
            var c = CasualtyEvent(
                localID: id,
                date: day,
                outcome: .injured,
                age: age,
                sex: .female,
                device: .antiPersonnel,
                location: GeoPoint(lon: 46.95, lat: 40.1)
            )
            c.accidentID = "HOSP-1"
            c.ageGroup = age < 18 ? .child : .adult
            return c
        }
        return data
    }

    func decision(_ a: String, _ b: String, _ verdict: AccidentMerges.Verdict, _ days: Int) -> AccidentMerges.Decision {
        AccidentMerges.Decision(
            pair: .init(a, b),
            verdict: verdict,
            decided: day.adding(days: days),
            decidedBy: "tmac.data",
            reason: "checked with the hospital"
        )
    }

    @Test(arguments: TreatyStoreTests.configurations)
    func decisionsAreKeptAuditedAndCountTheAccidentOnce(_ configuration: StoreConfiguration) async throws {
        try await AuditLogTests.fresh(configuration) { store in
            try await RecordRepository(database: store.database).store(reports(), source: "test")
            let people = PeopleRepository(database: store.database)
            let later = day.adding(days: 30)
            // Undecided: 2 named + (1 killed, 2 injured) + 3 injured; the three reports are proposed as one accident.
            var counted = try await people.countedCasualties(asOf: later)
            #expect(counted.people.count == 8 && counted.pending.count == 3 && counted.possiblyTwice == 7)
            let before = try await StoreChanges.current(store.database).generation
            try await people.decide(decision("POL-1", "HOSP-1", .confirmed, 5), evidence: "0 days apart")
            try await people.decide(decision("MED-1", "POL-1", .confirmed, 6), evidence: nil)
            #expect(try await StoreChanges.current(store.database).generation == before + 2)
            // One accident: 1 killed (the police), 3 injured (the media's count; two of them named by the hospital).
            counted = try await people.countedCasualties(asOf: later)
            #expect(counted.pending.isEmpty)
            #expect(counted.people.filter { $0.outcome == .killed }.count == 1)
            #expect(counted.people.filter { $0.outcome == .injured }.count == 3)
            #expect(counted.people.filter { $0.age != nil }.map(\.localID).sorted() == ["CS-1", "CS-2"])
            // As of the day after the first decision only: HOSP-1 + POL-1 (3 people), MED-1 (3).
            #expect(try await people.countedCasualties(asOf: day.adding(days: 6)).people.count == 6)
            // Refused against what is committed: nothing written.
            await #expect(throws: PeopleRepository.Refused.self) {
                try await people.decide(decision("HOSP-1", "MED-1", .rejected, 7), evidence: nil)
            }
            await #expect(throws: PeopleRepository.Refused.self) {
                try await people.decide(decision("HOSP-1", "NOPE-1", .confirmed, 7), evidence: nil)
            }
            let stored = try await people.accidentDecisions()
            #expect(stored.map(\.decision.verdict) == [.confirmed, .confirmed])
            #expect(stored.map(\.decision.pair.first) == ["HOSP-1", "MED-1"] && stored[0].evidence == "0 days apart")
            #expect(try await people.accidentDecisions(naming: "MED-1").count == 1)
            let audit = try await AccountRepository(database: store.database).auditEntries(
                matching: AuditFilter(action: "accident.confirm"),
                limit: 10,
                offset: 0
            )
            #expect(audit.entries.map(\.target) == ["MED-1 and POL-1", "HOSP-1 and POL-1"])
            #expect(audit.entries.allSatisfy { $0.actor == "tmac.data" && $0.detail == "checked with the hospital" })
            #expect(try await AccountRepository(database: store.database).verifyAuditChain().intact)
            // The database keeps every decision as made.
            let sql = store.database as! any SQLDatabase
            await #expect(throws: (any Error).self) {
                try await sql.raw("UPDATE accident_decisions SET verdict = 'rejected'").run()
            }
            await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM accident_decisions").run() }
            #expect(try await people.accidentDecisions().count == 2)
        }
    }

    /// Pseudonyms are stable within a store and keyed by it: another store's key gives another pseudonym, so a
    /// pseudonymised export cannot be linked back by anyone who guesses record ids.
    @Test(arguments: TreatyStoreTests.configurations)
    func pseudonymsAreStableAndKeyedPerStore(_ configuration: StoreConfiguration) async throws {
        var first: [String] = []
        for round in 0..<2 {
            try await AuditLogTests.fresh(configuration) { store in
                try await RecordRepository(database: store.database).store(reports(), source: "test")
                let pseudonyms = try await Pseudonyms.of(store.database)
                let a = pseudonyms.pseudonym(.casualty, "CS-1")
                #expect(a == (try await Pseudonyms.of(store.database)).pseudonym(.casualty, "CS-1"))
                #expect(a != pseudonyms.pseudonym(.casualty, "CS-2") && a != pseudonyms.pseudonym(.survivor, "CS-1"))
                #expect(a.count == 18 && a.hasPrefix("P-"))
                let records = RecordRepository(database: store.database)
                let csv = try await records.export(
                    CasualtyEvent.info,
                    format: .csv,
                    asOf: day.adding(days: 30),
                    access: .pseudonymised
                )
                #expect(csv.contains(a) && !csv.contains("CS-1"))
                // Identified: the real ids, and the audit log says who and why.
                let named = try await records.export(
                    CasualtyEvent.info,
                    format: .csv,
                    asOf: day.adding(days: 30),
                    access: .identified(actor: "tmac.va", purpose: "annual survivor survey", address: "10.0.0.9")
                )
                #expect(named.contains("CS-1") && !named.contains(a))
                let audit = try await AccountRepository(database: store.database).auditEntries(
                    matching: AuditFilter(action: "personal.export"),
                    limit: 10,
                    offset: 0
                )
                #expect(audit.entries.map(\.actor) == ["tmac.va"] && audit.entries[0].address == "10.0.0.9")
                await #expect(throws: PersonalDataRefused.self) {
                    _ = try await records.export(
                        PersonalRecord.info,
                        format: .csv,
                        asOf: day,
                        access: .pseudonymised
                    )
                }
                if round == 0 { first.append(a) } else { #expect(first != [a]) }
            }
        }
    }
}
