import Foundation
import MineFreeCore
import Testing

@testable import MineFreeStore

/// Accounts, tokens, the audit log and submissions on SQLite and, when `DATABASE_URL` is set, PostgreSQL.
@Suite(.serialized) struct AccountStoreTests {
    @Test(arguments: TreatyStoreTests.configurations)
    func accountsTokensAuditAndSubmissions(_ configuration: StoreConfiguration) async throws {
        try await withStore(configuration) { store in
            let repo = AccountRepository(database: store.database)
            let name = "op-\(UUID().uuidString.prefix(8).lowercased())"
            let account = try await repo.createUser(
                username: name,
                displayName: "Operator",
                role: .operator,
                organisation: "OP-1",
                passwordHash: "hash"
            )
            #expect(account.role == .operator && account.organisation == "OP-1")
            #expect(try await repo.user(named: name)?.passwordHash == "hash")

            // A token is found by its hash until it expires.
            try await repo.addToken(
                hash: "live-\(name)",
                userID: account.id,
                expiresAt: Date().addingTimeInterval(3600)
            )
            try await repo.addToken(hash: "old-\(name)", userID: account.id, expiresAt: Date().addingTimeInterval(-1))
            #expect(try await repo.account(forTokenHash: "live-\(name)")?.username == name)
            #expect(try await repo.account(forTokenHash: "old-\(name)") == nil)
            // Many tokens in one statement (the server asks for every request waiting at once), over the 500 asked
            // per statement: the live ones of enabled accounts, with the store's generation.
            let other = try await repo.createUser(
                username: "x" + name,
                displayName: "Other",
                role: .viewer,
                organisation: "",
                passwordHash: "hash"
            )
            try await repo.addToken(hash: "live-x\(name)", userID: other.id, expiresAt: Date().addingTimeInterval(3600))
            let asked =
                ["live-\(name)", "old-\(name)", "live-x\(name)", "live-\(name)"] + (0..<600).map { "none-\($0)" }
            let found = try await repo.storeStateAndAccounts(forTokenHashes: asked)
            #expect(found.accounts.mapValues(\.username) == ["live-\(name)": name, "live-x\(name)": "x" + name])
            #expect(found.accounts["live-x\(name)"]?.role == .viewer)
            #expect(found.store == (try await StoreChanges.current(store.database)) && found.store.generation >= 1)
            let none = try await repo.storeStateAndAccounts(forTokenHashes: [])
            #expect(none.accounts.isEmpty && none.store == found.store)

            let submission = try await repo.submit(kind: "release", recordID: "R-\(name)", payload: "{}", by: account)
            #expect(submission.state == .submitted && submission.organisation == "OP-1")
            #expect(try await repo.pendingSubmission(recordID: "R-\(name)", kind: "release"))
            // Decided once; a second decision finds nothing waiting.
            #expect(try await repo.decide(submission.id, state: .returned, by: "authority", comment: "no report"))
            #expect(try await !repo.decide(submission.id, state: .approved, by: "authority", comment: nil))
            let stored = try await repo.submission(id: submission.id)
            #expect(stored?.state == .returned && stored?.comment == "no report" && stored?.reviewedBy == "authority")
            let mine = try await repo.submissions(state: .returned, organisation: "OP-1", limit: 10, offset: 0)
            #expect(mine.items.contains { $0.recordID == "R-\(name)" })
            #expect(
                try await repo.submissions(state: .returned, organisation: "OP-OTHER", limit: 10, offset: 0).items
                    .allSatisfy { $0.recordID != "R-\(name)" }
            )

            try await repo.audit(actor: name, action: "test", target: "audit", detail: "one")
            let (total, entries) = try await repo.auditEntries(limit: 1, offset: 0)
            #expect(total >= 1)
            #expect(entries.first?.actor == name && entries.first?.detail == "one")
        }
    }
}
