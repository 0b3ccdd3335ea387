import Crypto
import FluentKit
import Foundation
import MineFreeCore
import SQLKit

/// Who asks for records about people, and why: what an export or a read of personal data is allowed and audited by.
public enum PersonalAccess: Sendable {
    /// The default: person ids replaced by keyed pseudonyms, personal data never included.
    case pseudonymised
    /// Real ids and personal data, for a role with `readPersonalData` and a stated purpose; every such read is written
    /// to the audit log with who, what and why.
    case identified(actor: String, purpose: String, address: String?)

    /// The shortest purpose a reader may state (a word or two says nothing an auditor can check).
    public static let minimumPurpose = 10
}

/// A keyed, stable pseudonym per person: HMAC-SHA256 of the person (`casualty:ID`) under the store's own secret key
/// (migration 017), so records about one person link across layers and exports without naming them, and nobody
/// without the key can go back from a pseudonym to a record id.
public struct Pseudonyms: Sendable {
    let key: SymmetricKey

    init(key hex: String) {
        var bytes: [UInt8] = []
        var i = hex.startIndex
        while let j = hex.index(i, offsetBy: 2, limitedBy: hex.endIndex), i < hex.endIndex {
            bytes.append(UInt8(hex[i..<j], radix: 16) ?? 0)
            i = j
        }
        key = SymmetricKey(data: bytes)
    }

    /// The store's key.
    public static func of(_ database: any Database) async throws -> Pseudonyms {
        struct Row: Decodable { let value: String }
        guard
            let row = try await (database as! any SQLDatabase).raw(
                "SELECT value FROM store_secrets WHERE name = 'pseudonym_key'"
            ).first(decoding: Row.self)
        else { throw PersonalDataRefused(description: "the store has no pseudonym key: run `minefree migrate`") }
        return Pseudonyms(key: row.value)
    }

    /// `P-` and 16 hexadecimal digits (64 bits: no two of a country's people share one).
    public func pseudonym(of person: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(person.utf8), using: key)
        return "P-" + mac.prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    public func pseudonym(_ kind: LayerInfo.PersonField.Kind, _ id: String) -> String {
        pseudonym(of: "\(kind.rawValue):\(id)")
    }

    /// Rows of a layer about people with each person field's id replaced by its pseudonym and the file's other
    /// attributes left out (they may hold anything); other layers' rows as they are.
    public func applied(to rows: [RecordRow], _ info: LayerInfo) -> [RecordRow] {
        guard case .aboutPeople(let fields) = info.privacy else { return rows }
        let positions = fields.compactMap { f in info.index(of: f.field).map { ($0, f.kind) } }
        var rows = rows
        for r in rows.indices {
            for (i, kind) in positions {
                if case .text(let id) = rows[r].values[i] { rows[r].values[i] = .text(pseudonym(kind, id)) }
            }
            rows[r].extra = nil
        }
        return rows
    }
}

/// A read or export of personal data the store refuses: nothing is read.
public struct PersonalDataRefused: Error, CustomStringConvertible, Sendable {
    public var description: String
}

extension RecordRepository {
    /// A layer's export as `access` allows. Personal data itself goes out only identified; records about people go
    /// out pseudonymised unless identified (their person ids replaced, the file's other attributes left out, which
    /// may hold anything). An identified export of either is audited, with its purpose, in the same transaction as
    /// nothing else: the entry is written before the export is handed back.
    public func export(
        _ info: LayerInfo,
        format: RecordExport.Format,
        asOf: CalendarDate,
        access: PersonalAccess
    ) async throws -> String {
        switch (info.privacy, access) {
        case (.none, _):
            return try await export(info, format: format, asOf: asOf)
        case (.identifying, .pseudonymised):
            throw PersonalDataRefused(
                description:
                    "\(info.name) is personal data: it is exported only identified, by a role allowed to read it, with a stated purpose"
            )
        case (.aboutPeople, .pseudonymised):
            let pseudonyms = try await Pseudonyms.of(database)
            return Self.render(
                pseudonyms.applied(to: try await exportRows(info, asOf: asOf), info),
                info,
                format: format
            )
        case (_, .identified(let actor, let purpose, let address)):
            let text = try await export(info, format: format, asOf: asOf)
            try await AccountRepository(database: database).audit(
                actor: actor,
                action: "personal.export",
                target: info.name,
                detail: "as of \(asOf), \(format.rawValue): \(purpose)",
                address: address
            )
            return text
        }
    }
}

/// Personal data: read by person, audited; erased by person or when its retention period has passed.
public struct PersonalDataRepository: Sendable {
    public let database: any Database
    var sql: any SQLDatabase { database as! any SQLDatabase }
    public init(database: any Database) { self.database = database }

    /// The personal records about one person (named by a casualty's or survivor's id, or the record's own), written to
    /// the audit log with who read them and why, before they are handed back. None found is audited too: the
    /// question itself says whom someone looked for.
    public func records(about person: String, access: PersonalAccess) async throws -> [PersonalRecord] {
        guard case .identified(let actor, let purpose, let address) = access else {
            throw PersonalDataRefused(description: "personal data is read only identified, with a stated purpose")
        }
        let found = try await RecordRepository(database: database).records(
            PersonalRecord.self,
            where: "casualty_id = \(bind: person) OR survivor_id = \(bind: person) OR local_id = \(bind: person)"
        )
        try await AccountRepository(database: database).audit(
            actor: actor,
            action: "personal.read",
            target: person,
            detail: "\(found.count) record\(found.count == 1 ? "" : "s"): \(purpose)",
            address: address
        )
        return found
    }

    /// Erases a person's personal data (the right to erasure): the statistical records about them stay, anonymous.
    /// The erasure is audited by person id, without the data. Returns how many records went.
    @discardableResult
    public func erase(person: String, actor: String, reason: String, address: String? = nil) async throws -> Int {
        try await StoreDialect.serialisedWriteTransaction(database) { db in
            let sql = db as! any SQLDatabase
            struct Count: Decodable { let n: Int64 }
            let n =
                try await sql.raw(
                    "SELECT COUNT(*) AS n FROM personal_data WHERE casualty_id = \(bind: person) OR survivor_id = \(bind: person) OR local_id = \(bind: person)"
                ).first(decoding: Count.self)?.n ?? 0
            try await sql.raw(
                "DELETE FROM personal_data WHERE casualty_id = \(bind: person) OR survivor_id = \(bind: person) OR local_id = \(bind: person)"
            ).run()
            try await StoreChanges.record(db)
            try await AccountRepository.audit(
                within: db,
                actor: actor,
                action: "personal.erase",
                target: person,
                detail: "\(n) record\(n == 1 ? "" : "s") erased: \(reason)",
                address: address
            )
            return Int(n)
        }
    }

    /// Erases the personal records recorded before `cutoff` (a retention period counted back from today), each
    /// person audited as erased. Returns the people whose data went.
    public func eraseRecorded(before cutoff: CalendarDate, actor: String) async throws -> [String] {
        struct Row: Decodable { let local_id: String; let casualty_id: String?; let survivor_id: String? }
        let rows = try await sql.raw(
            "SELECT local_id, casualty_id, survivor_id FROM personal_data WHERE recorded < \(bind: cutoff.iso) ORDER BY local_id"
        ).all(decoding: Row.self)
        for row in rows {
            try await StoreDialect.serialisedWriteTransaction(database) { db in
                try await (db as! any SQLDatabase).raw(
                    "DELETE FROM personal_data WHERE local_id = \(bind: row.local_id)"
                ).run()
                try await StoreChanges.record(db)
                try await AccountRepository.audit(
                    within: db,
                    actor: actor,
                    action: "personal.erase",
                    target: row.casualty_id ?? row.survivor_id ?? row.local_id,
                    detail: "record \(row.local_id) erased: recorded before \(cutoff), past the retention period"
                )
            }
        }
        return rows.map { $0.casualty_id ?? $0.survivor_id ?? $0.local_id }
    }
}
