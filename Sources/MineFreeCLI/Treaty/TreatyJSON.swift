import MineFreeCore

// The JSON shapes of the treaty commands: snake_case keys, ISO dates, null where nothing is known.

struct StateRowJSON: Encodable {
    let iso3: String
    let name: String
    let region: String
    let sub_region: String
    let convention: String
    let status: String
    let signed: Nullable<String>
    let deposited: Nullable<String>
    let instrument: Nullable<String>
    let entry_into_force: Nullable<String>
    let withdrawal_notified: Nullable<String>
    let withdrawal_effective: Nullable<String>

    init(_ s: TreatyStanding) {
        iso3 = s.state.iso3
        name = s.state.name
        region = s.state.region
        sub_region = s.state.subRegion
        convention = s.convention.rawValue
        status = s.status.rawValue
        signed = Nullable(s.signed?.iso)
        deposited = Nullable(s.deposited?.iso)
        instrument = Nullable(s.instrument?.rawValue)
        entry_into_force = Nullable(s.entryIntoForce?.iso)
        withdrawal_notified = Nullable(s.withdrawalNotified?.iso)
        withdrawal_effective = Nullable(s.withdrawalEffective?.iso)
    }
}

struct ExtensionJSON: Encodable {
    let sequence: Int
    let meeting: Nullable<String>
    let granted_on: Nullable<String>
    let known_by: String
    let new_deadline: Nullable<String>
    let source: String
    let confidence: String

    init(_ e: DeadlineExtension) {
        sequence = e.sequence
        meeting = Nullable(e.meetingCode)
        granted_on = Nullable(e.grantedOn?.iso)
        known_by = e.knownBy.iso
        new_deadline = Nullable(e.newDeadline?.iso)
        source = e.provenance.source
        confidence = e.provenance.confidence.rawValue
    }
}

struct DeadlineJSON: Encodable {
    let article: Int
    let obligation: String
    let original_deadline: String
    let deadline: Nullable<String>
    let status: String
    let completed_on: Nullable<String>
    let completion_declared_on: Nullable<String>
    let completion_declared_at: Nullable<String>
    let extensions: [ExtensionJSON]
    let source: Nullable<String>
    let confidence: Nullable<String>

    init(_ d: DeadlineStanding) {
        article = d.article
        obligation = d.obligation.rawValue
        original_deadline = d.originalDeadline.iso
        deadline = Nullable(d.deadline?.iso)
        status = d.status.rawValue
        completed_on = Nullable(d.completedOn?.iso)
        completion_declared_on = Nullable(d.completionDeclaredOn?.iso)
        completion_declared_at = Nullable(d.completionDeclaredAt)
        extensions = d.extensions.map(ExtensionJSON.init)
        source = Nullable(d.report?.provenance.source)
        confidence = Nullable(d.report?.provenance.confidence.rawValue)
    }
}

/// One Art 7 report's standing.
struct ReportJSON: Encodable {
    let report: String
    let year: Nullable<Int>
    let due: String
    let status: String
    let submitted_on: Nullable<String>
    let as_of: Nullable<String>
    let source: Nullable<String>

    init(_ r: ReportStanding) {
        report = r.kind.rawValue
        year = Nullable(r.year)
        due = r.due.iso
        status = r.status.rawValue
        submitted_on = Nullable(r.submittedOn?.iso)
        as_of = Nullable(r.statement?.asOf.iso)
        source = Nullable(r.statement?.provenance.source)
    }
}

struct ConventionStandingJSON: Encodable {
    let convention: String
    let status: String
    let signed: Nullable<String>
    let deposited: Nullable<String>
    let instrument: Nullable<String>
    let entry_into_force: Nullable<String>
    let withdrawal_notified: Nullable<String>
    let withdrawal_effective: Nullable<String>
    let suspension_notified: Nullable<String>
    let initial_report_due: Nullable<String>
    let next_report_due: Nullable<String>
    let transparency: [ReportJSON]
    let stockpile_destruction: Nullable<DeadlineJSON>
    let clearance: Nullable<DeadlineJSON>
    let source: Nullable<String>
    let confidence: Nullable<String>

    init(_ s: TreatyStanding) {
        convention = s.convention.rawValue
        status = s.status.rawValue
        signed = Nullable(s.signed?.iso)
        deposited = Nullable(s.deposited?.iso)
        instrument = Nullable(s.instrument?.rawValue)
        entry_into_force = Nullable(s.entryIntoForce?.iso)
        withdrawal_notified = Nullable(s.withdrawalNotified?.iso)
        withdrawal_effective = Nullable(s.withdrawalEffective?.iso)
        suspension_notified = Nullable(s.suspensionNotified?.iso)
        initial_report_due = Nullable(s.reporting?.initialReportDue.iso)
        next_report_due = Nullable(s.reporting?.nextReportDue.iso)
        transparency = s.transparency.map(ReportJSON.init)
        stockpile_destruction = Nullable(s.stockpileDestruction.map(DeadlineJSON.init))
        clearance = Nullable(s.clearance.map(DeadlineJSON.init))
        source = Nullable(s.provenance?.source)
        confidence = Nullable(s.provenance?.confidence.rawValue)
    }
}

struct StateDetailJSON: Encodable {
    let iso3: String
    let iso2: Nullable<String>
    let name: String
    let kind: String
    let region: String
    let sub_region: String
    let un_member_since: Nullable<String>
    let as_of: String
    let conventions: [ConventionStandingJSON]
}

struct StateRefJSON: Encodable {
    let iso3: String
    let name: String
    let region: String
    init(_ s: State) {
        iso3 = s.iso3
        name = s.name
        region = s.region
    }
}
