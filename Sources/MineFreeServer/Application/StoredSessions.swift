import Foundation
import MineFreeStore
import Vapor

/// Browser sessions kept in the store (migration 007) rather than in one process's memory: a restart keeps
/// people signed in, and several servers on one PostgreSQL share them. Only the hash of a session id is
/// stored; a session ends after `idleHours` without a request.
///
/// The store is written only when something changed: a session with nothing in it (an anonymous visitor, a
/// cookie nobody issued) is never stored, and a session read unchanged is written again only to push its expiry
/// back, at most every `refreshMinutes`. So page views, static files and forged cookies cost a read, not a write.
struct StoredSessions: SessionDriver {
    static let idleHours = 12.0
    static let refreshMinutes = 10.0

    /// What was read for this request, to tell whether it needs writing back.
    private struct ReadKey: StorageKey { typealias Value = (data: SessionData, expiresAt: Date) }

    func createSession(_ data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        request.eventLoop.makeFutureWithTask {
            let id = Tokens.make()
            // Vapor makes a session for a cookie it could not find and for any read of `session`; an empty one
            // gets an id (for the cookie) but no row.
            guard !data.snapshot.isEmpty else { return SessionID(string: id) }
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
            guard
                let found = try await request.minefree.accounts.sessionRecord(idHash: Tokens.hash(sessionID.string)),
                let data = try? JSONDecoder().decode(SessionData.self, from: Data(found.data.utf8))
            else { return nil }
            request.storage[ReadKey.self] = (data, found.expiresAt)
            return data
        }
    }

    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) -> EventLoopFuture<SessionID>
    {
        request.eventLoop.makeFutureWithTask {
            if let read = request.storage[ReadKey.self], read.data == data,
                read.expiresAt.timeIntervalSinceNow > (Self.idleHours * 60 - Self.refreshMinutes) * 60
            {
                return sessionID
            }
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

/// Vapor's sessions for every path but the static files, which need no one's session.
struct SessionsExceptStatic: AsyncMiddleware {
    let sessions: SessionsMiddleware

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.url.path.hasPrefix("/static/") { return try await next.respond(to: request) }
        return try await sessions.respond(to: request, chainingTo: next).get()
    }
}
