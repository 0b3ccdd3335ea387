import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation

/// Which database holds the records: a SQLite file (the embedded default) or PostgreSQL.
public enum StoreConfiguration: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(url: String)

    /// The default SQLite file, relative to the working directory.
    public static let defaultSQLitePath = "./minefree.sqlite"

    /// A setting that cannot be used, named with its value so the operator can fix it.
    public struct Invalid: Error, CustomStringConvertible {
        public var variable: String
        public var value: String
        public var reason: String
        public var description: String { "\(variable) = '\(value)': \(reason)" }

        public init(variable: String, value: String, reason: String) {
            self.variable = variable
            self.value = value
            self.reason = reason
        }
    }

    /// Reads `DATABASE_URL` (PostgreSQL, when set) and `MINEFREE_DB` (SQLite file path).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> StoreConfiguration
    {
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            guard let parsed = URL(string: url), ["postgres", "postgresql"].contains(parsed.scheme ?? ""),
                parsed.host != nil
            else {
                throw Invalid(
                    variable: "DATABASE_URL",
                    value: url,
                    reason: "expected postgres://USER:PASSWORD@HOST:PORT/DATABASE"
                )
            }
            return .postgres(url: url)
        }
        let path = environment["MINEFREE_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultSQLitePath
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Invalid(variable: "MINEFREE_DB", value: path, reason: "the directory \(directory) does not exist")
        }
        return .sqlite(path: path)
    }

    /// What a log line or `minefree` prints about the store, without a password.
    public var summary: String {
        switch self {
        case .sqlite(let path): return "SQLite file \(path)"
        case .postgres(let url):
            guard var c = URLComponents(string: url) else { return "PostgreSQL" }
            if c.password != nil { c.password = "***" }
            return "PostgreSQL \(c.string ?? "")"
        }
    }

    var databaseID: DatabaseID {
        switch self {
        case .sqlite: return .sqlite
        case .postgres: return .psql
        }
    }

    /// `MINEFREE_DB_CONNECTIONS`: how many database connections the store opens (1 to 256), if set.
    public static func connectionsFromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Int? {
        guard let text = environment["MINEFREE_DB_CONNECTIONS"], !text.isEmpty else { return nil }
        guard let n = Int(text), (1...256).contains(n) else {
            throw Invalid(
                variable: "MINEFREE_DB_CONNECTIONS",
                value: text,
                reason: "expected a whole number from 1 to 256"
            )
        }
        return n
    }

    func factory() throws -> DatabaseConfigurationFactory {
        switch self {
        case .sqlite(let path):
            return .sqlite(.file(path))
        case .postgres(let url):
            return try .postgres(url: url)
        }
    }
}
