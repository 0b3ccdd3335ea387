import Foundation
import MineFreeStore
import Vapor

/// Browser sessions kept in the store (migration 007) rather than in one process's memory: a restart keeps
/// people signed in, and several servers on one PostgreSQL share them. Only the hash of a session id is
/// stored; a session ends after `idleHours` without a request.
struct StoredSessions: SessionDriver {
    static let idleHours = 12.0

    func createSession(_ data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        request.eventLoop.makeFutureWithTask {
            let id = Tokens.make()
            try await request.minefree.accounts.createSession(
                idHash: Tokens.hash(id),
                data: try Self.encode(data),
                expiresAt: Self.expiry()
            )
            return SessionID(string: id)
        }
    }

    func readSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<SessionData?> {
        request.eventLoop.makeFutureWithTask {
            // A cookie that is not a stored session (expired, forged, from another store) is no session.
            guard let text = try await request.minefree.accounts.session(idHash: Tokens.hash(sessionID.string)) else {
                return nil
            }
            return try? JSONDecoder().decode(SessionData.self, from: Data(text.utf8))
        }
    }

    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) -> EventLoopFuture<SessionID>
    {
        request.eventLoop.makeFutureWithTask {
            try await request.minefree.accounts.updateSession(
                idHash: Tokens.hash(sessionID.string),
                data: try Self.encode(data),
                expiresAt: Self.expiry()
            )
            return sessionID
        }
    }

    func deleteSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<Void> {
        request.eventLoop.makeFutureWithTask {
            try await request.minefree.accounts.deleteSession(idHash: Tokens.hash(sessionID.string))
        }
    }

    static func encode(_ data: SessionData) throws -> String {
        String(decoding: try JSONEncoder().encode(data), as: UTF8.self)
    }
    static func expiry() -> Date { Date().addingTimeInterval(idleHours * 3600) }
}
