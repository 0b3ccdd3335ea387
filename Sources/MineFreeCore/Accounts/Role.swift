import Foundation

/// Who may do what. A programme's data belongs to its national authority: operators submit their own
/// organisation's records for review, viewers and donors read without personal data, the public sees
/// only what the authority publishes.
public enum Role: String, CaseIterable, Sendable, Codable {
    case administrator
    /// The national authority's data manager: records directly, reviews operators' submissions.
    case authority
    /// An operator's data officer: submits its own organisation's records, which count once approved.
    case `operator`
    /// Donors, partners, monitors: read everything but personal data.
    case viewer
    /// Anyone not signed in.
    case `public`

    public var label: String {
        switch self {
        case .administrator: return "Administrator"
        case .authority: return "Authority data manager"
        case .operator: return "Operator"
        case .viewer: return "Viewer"
        case .public: return "Public"
        }
    }
}

/// What a request may need.
public enum Permission: String, CaseIterable, Sendable {
    /// The treaty registry and whatever the authority publishes.
    case readPublished
    /// The programme's records (hazards, releases, progress, maps) whether published or not.
    case readProgramme
    /// Names and other personal data of casualties and survivors (every read is audited).
    case readPersonalData
    /// Submit records for review.
    case submitRecords
    /// Approve or return submissions; record directly.
    case reviewSubmissions
    /// Read the audit log, manage accounts.
    case administer
}

extension Role {
    public func may(_ permission: Permission) -> Bool {
        switch permission {
        case .readPublished: return true
        case .readProgramme: return self != .public
        case .readPersonalData: return self == .administrator || self == .authority
        case .submitRecords: return self == .operator || self == .authority || self == .administrator
        case .reviewSubmissions: return self == .authority || self == .administrator
        case .administer: return self == .administrator
        }
    }

    /// Whether this role may submit or see a record of `organisation`: operators only their own.
    public func mayAct(for organisation: String, ownOrganisation: String) -> Bool {
        self != .operator || organisation == ownOrganisation
    }
}

/// A submission's life: an operator submits, the authority approves (it is recorded and counts) or returns
/// it with a comment (the operator may submit a corrected one as a new submission).
public enum SubmissionState: String, CaseIterable, Sendable, Codable {
    case submitted, approved, returned

    /// Reviews apply only to what waits for review; a decision is never overwritten.
    public var awaitsReview: Bool { self == .submitted }

    /// What a reviewer's decision lacks, if anything: a record is returned with the reason, so the operator
    /// knows what to mend; an approval may go without a word.
    public static func missingReason(approve: Bool, comment: String?) -> String? {
        guard !approve, (comment ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return "say why the submission is returned"
    }
}

/// What a new account must be: the rules the administrator's page and `minefree user add` share.
public enum AccountRules {
    public struct Refused: Error, CustomStringConvertible, Sendable {
        public var field: String
        public var reason: String
        public var description: String { "\(field): \(reason)" }

        public init(field: String, reason: String) {
            self.field = field
            self.reason = reason
        }
    }

    /// Longer user names cannot exist (the pattern below), longer passwords are refused before any hashing.
    public static let maximumUsernameLength = 64
    public static let maximumPasswordBytes = 1024

    /// Nil when the fields make a valid account; otherwise the first field at fault.
    public static func check(username: String, role: Role, organisation: String, password: String) -> Refused? {
        if username.range(of: "^[a-z0-9][a-z0-9._-]{1,63}$", options: .regularExpression) == nil {
            return Refused(
                field: "username",
                reason: "'\(username)' must be 2 to 64 lower-case letters, digits, '.', '_' or '-'"
            )
        }
        if role == .public {
            return Refused(field: "role", reason: "public is the role of anyone not signed in, not an account's")
        }
        if password.count < 10 { return Refused(field: "password", reason: "use at least 10 characters") }
        if password.utf8.count > maximumPasswordBytes {
            return Refused(field: "password", reason: "use at most \(maximumPasswordBytes) bytes")
        }
        if organisation.trimmingCharacters(in: .whitespaces).isEmpty {
            return Refused(field: "organisation", reason: "say which organisation the account acts for")
        }
        return nil
    }
}
