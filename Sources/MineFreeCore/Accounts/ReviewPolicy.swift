import Foundation

/// Who reviews what: an operator's records wait for the authority and count only once approved; the authority's
/// own records need no second pair of eyes; an operator sees and speaks only for its own organisation.
public enum ReviewPolicy {
    /// Whether a record this role submits is recorded at once, without waiting for review.
    public static func recordsDirectly(_ role: Role) -> Bool { role.may(.reviewSubmissions) }

    /// What the review queue of a role shows: an operator its own organisation's submissions (the organisation
    /// returned), the authority everyone's (nil).
    public static func visibleOrganisation(for role: Role, own: String) -> String? { role == .operator ? own : nil }

    /// Why a record may not be submitted by this role for `organisation` (an operator only for its own), if it may not.
    public static func refusal(role: Role, ownOrganisation: String, recordOrganisation: String, field: String)
        -> String?
    {
        guard !role.mayAct(for: recordOrganisation, ownOrganisation: ownOrganisation) else { return nil }
        return field == "activity_id"
            ? "an operator reports its own organisation's activities: this activity is \(recordOrganisation)'s, not \(ownOrganisation)'s"
            : "an operator records its own organisation's work: '\(recordOrganisation)' is not \(ownOrganisation)"
    }

    /// The comment a record recorded directly carries in the review log.
    public static let directComment = "recorded by the authority"
}
