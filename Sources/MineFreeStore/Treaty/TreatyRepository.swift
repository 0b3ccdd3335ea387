import FluentKit
import Foundation
import MineFreeCore

/// Reads and writes the treaty registry. The store holds the facts; MineFreeCore computes from them.
public protocol TreatyRepository: Sendable {
    /// Every treaty fact in the store, validated into a registry.
    func registry() async throws -> TreatyRegistry
    /// The checksum of the reference data last loaded, if any.
    func loadedReferenceChecksum() async throws -> String?
    /// Replaces the rows that came from bundled reference data with `registry`'s, in one transaction,
    /// and logs the load. Rows users recorded (origin "user") are kept.
    func replaceReferenceData(with registry: TreatyRegistry, checksum: String) async throws
}

/// The Fluent implementation, for SQLite and PostgreSQL alike.
public struct FluentTreatyRepository: TreatyRepository {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    public func loadedReferenceChecksum() async throws -> String? {
        try await ReferenceDataLoadRecord.query(on: database).sort(\.$loadedAt, .descending).first()?.checksum
    }

    public func registry() async throws -> TreatyRegistry {
        async let states = StateRecord.query(on: database).all()
        async let conventions = ConventionRecord.query(on: database).all()
        async let participations = TreatyParticipationRecord.query(on: database).all()
        async let meetings = TreatyMeetingRecord.query(on: database).all()
        async let reports = ObligationReportRecord.query(on: database).all()
        async let extensions = DeadlineExtensionRecord.query(on: database).all()
        async let stockpiles = StockpileFigureRecord.query(on: database).all()
        async let retained = RetainedMinesRecord.query(on: database).all()
        async let votes = UNGAVoteRecord.query(on: database).all()
        async let measures = NationalMeasureRecord.query(on: database).all()
        async let rates = ExchangeRateRecord.query(on: database).all()
        async let ccmStockpiles = CCMStockpileFigureRecord.query(on: database).all()
        async let plans = ActionPlanRecord.query(on: database).all()
        async let planFigures = PlanFigureRecord.query(on: database).all()
        async let instruments = InstrumentParticipationRecord.query(on: database).all()
        async let notParty = NotPartyClusterStockRecord.query(on: database).all()
        async let layerFiles = ReferenceLayerFileRecord.query(on: database).all()
        async let statements = TransparencyStatementRecord.query(on: database).all()
        async let compliance = ComplianceRateRecord.query(on: database).all()
        async let requests = ExtensionRequestRecord.query(on: database).all()
        return TreatyRegistry(
            states: try await states.map { try $0.domain() },
            conventions: try await conventions.map { try $0.domain() },
            participations: try await participations.map { try $0.domain() },
            meetings: try await meetings.map { try $0.domain() },
            obligationReports: try await reports.map { try $0.domain() },
            extensions: try await extensions.map { try $0.domain() },
            stockpileFigures: try await stockpiles.map { try $0.domain() },
            retainedMines: try await retained.map { try $0.domain() },
            ungaVotes: try await votes.map { try $0.domain() },
            nationalMeasures: try await measures.map { try $0.domain() },
            exchangeRates: try await rates.map { try $0.domain() },
            ccmStockpileFigures: try await ccmStockpiles.map { try $0.domain() },
            actionPlans: try await plans.map { try $0.domain() },
            planFigures: try await planFigures.map { try $0.domain() },
            instrumentParticipations: try await instruments.map { try $0.domain() },
            notPartyClusterStocks: try await notParty.map { try $0.domain() },
            useOfMines: try ReferenceLayerFileRecord.useRecords(try await layerFiles),
            transparencyStatements: try await statements.map { try $0.domain() },
            complianceRates: try await compliance.map { try $0.domain() },
            extensionRequests: try await requests.map { try $0.domain() }
        )
    }

    public func replaceReferenceData(with registry: TreatyRegistry, checksum: String) async throws {
        try await database.transaction { db in
            try await StoreChanges.record(db)
            // Children first: participation, meetings, reports and extensions refer to states and conventions.
            try await ExtensionRequestRecord.query(on: db).filter(\.$origin == Origin.reference).delete()
            try await ComplianceRateRecord.query(on: db).filter(\.$origin == Origin.reference).delete()
            try await TransparencyStatementRecord.query(on: db).filter(\.$origin == Origin.reference).delete()
            try await ReferenceLayerFileRecord.query(on: db).filter(\.$origin == Origin.reference).delete()
            try await NotPartyClusterStockRecord.query(on: db).filter(\.$origin == Origin.reference).delete()
            try await InstrumentParticipationRecord.query(on: db).filter(\.$origin == Origin.reference).delete()
            try await PlanFigureRecord.query(on: db).filter(\.$origin == Origin.reference).delete()
            try await ActionPlanRecord.query(on: db).filter(\.$origin == Origin.reference).delete()
            try await ExchangeRateRecord.query(on: db).filter(\.$origin == Origin.reference).delete()
            try await CCMStockpileFigureRecord.query(on: db).filter(\.$origin == Origin.reference).delete()
            try await NationalMeasureRecord.query(on: db).filter(\.$origin == Origin.reference).delete()
            try await UNGAVoteRecord.query(on: db).filter(\.$origin == Origin.reference).delete()
            try await RetainedMinesRecord.query(on: db).filter(\.$origin == Origin.reference).delete()
            try await StockpileFigureRecord.query(on: db).filter(\.$origin == Origin.reference).delete()
            try await DeadlineExtensionRecord.query(on: db).filter(\.$origin == Origin.reference).delete()
            try await ObligationReportRecord.query(on: db).filter(\.$origin == Origin.reference).delete()
            try await TreatyMeetingRecord.query(on: db).filter(\.$origin == Origin.reference).delete()
            try await TreatyParticipationRecord.query(on: db).filter(\.$origin == Origin.reference).delete()
            try await ConventionRecord.query(on: db).filter(\.$origin == Origin.reference).delete()
            try await StateRecord.query(on: db).filter(\.$origin == Origin.reference).delete()

            try await insert(registry.states.map(StateRecord.init), on: db)
            try await insert(
                registry.conventions.values.sorted { $0.convention.rawValue < $1.convention.rawValue }
                    .map(ConventionRecord.init),
                on: db
            )
            try await insert(registry.participations.map(TreatyParticipationRecord.init), on: db)
            try await insert(registry.meetings.map(TreatyMeetingRecord.init), on: db)
            try await insert(registry.obligationReports.map(ObligationReportRecord.init), on: db)
            try await insert(registry.extensions.map(DeadlineExtensionRecord.init), on: db)
            try await insert(registry.stockpileFigures.map(StockpileFigureRecord.init), on: db)
            try await insert(registry.retainedMines.map(RetainedMinesRecord.init), on: db)
            try await insert(registry.ungaVotes.map(UNGAVoteRecord.init), on: db)
            try await insert(registry.nationalMeasures.map(NationalMeasureRecord.init), on: db)
            try await insert(registry.exchangeRates.map(ExchangeRateRecord.init), on: db)
            try await insert(registry.ccmStockpileFigures.map(CCMStockpileFigureRecord.init), on: db)
            try await insert(registry.actionPlans.map(ActionPlanRecord.init), on: db)
            try await insert(registry.planFigures.map(PlanFigureRecord.init), on: db)
            try await insert(registry.instrumentParticipations.map(InstrumentParticipationRecord.init), on: db)
            try await insert(registry.notPartyClusterStocks.map(NotPartyClusterStockRecord.init), on: db)
            try await insert(registry.transparencyStatements.map(TransparencyStatementRecord.init), on: db)
            try await insert(registry.complianceRates.map(ComplianceRateRecord.init), on: db)
            try await insert(registry.extensionRequests.map(ExtensionRequestRecord.init), on: db)
            try await insert(
                registry.useOfMines.files.map { ReferenceLayerFileRecord(layer: $0.name, content: $0.text) },
                on: db
            )
            let summary =
                "\(registry.states.count) states, \(registry.participations.count) participations, "
                + "\(registry.meetings.count) meetings, \(registry.obligationReports.count) obligation reports, "
                + "\(registry.extensions.count) extensions, \(registry.stockpileFigures.count) stockpile figures, "
                + "\(registry.retainedMines.count) retained-mine reports, \(registry.ungaVotes.count) UNGA votes, "
                + "\(registry.nationalMeasures.count) national measures, \(registry.exchangeRates.count) exchange rates, "
                + "\(registry.ccmStockpileFigures.count) cluster munition stockpile figures, "
                + "\(registry.actionPlans.count) action plans, \(registry.planFigures.count) plan figures, "
                + "\(registry.instrumentParticipations.count) participations in related instruments, "
                + "\(registry.notPartyClusterStocks.count) cluster munition stocks of states not party, "
                + "\(registry.useOfMines.reports.count) reports of use, "
                + "\(registry.transparencyStatements.count) Art 7 statements, \(registry.complianceRates.count) compliance rates, "
                + "\(registry.extensionRequests.count) extension requests"
            try await ReferenceDataLoadRecord(checksum: checksum, loadedAt: Date(), summary: summary).create(on: db)
        }
    }

    /// Batches keep each INSERT well under both databases' bound-parameter limits.
    private func insert<M: Model>(_ models: [M], on db: any Database) async throws {
        var start = 0
        while start < models.count {
            let end = min(start + 100, models.count)
            try await Array(models[start..<end]).create(on: db)
            start = end
        }
    }
}

/// Rows loaded from the bundled reference data; rows users record later will carry "user".
enum Origin {
    static let reference = "reference"
}

/// A stored row that no longer reads as a valid fact (edited by hand, or written by a newer version).
public struct StoredRecordError: Error, CustomStringConvertible {
    public var table: String
    public var key: String
    public var field: String
    public var value: String
    public var description: String { "\(table) \(key): \(field) '\(value)' cannot be read" }

    public init(table: String, key: String, field: String, value: String) {
        self.table = table
        self.key = key
        self.field = field
        self.value = value
    }
}

private func day(_ text: String?, _ table: String, _ key: String, _ field: String) throws -> CalendarDate? {
    guard let text else { return nil }
    guard let d = CalendarDate(iso: text) else {
        throw StoredRecordError(table: table, key: key, field: field, value: text)
    }
    return d
}

private func parse<E: RawRepresentable>(_ text: String, _ table: String, _ key: String, _ field: String) throws -> E
where E.RawValue == String {
    guard let e = E(rawValue: text) else { throw StoredRecordError(table: table, key: key, field: field, value: text) }
    return e
}

private func provenance(_ source: String, _ confidence: String, _ table: String, _ key: String) throws -> Provenance {
    Provenance(source: source, confidence: try parse(confidence, table, key, "confidence"))
}

extension StateRecord {
    convenience init(_ s: State) {
        self.init()
        id = s.iso3
        iso2 = s.iso2
        m49 = s.m49
        name = s.name
        kind = s.kind.rawValue
        region = s.region
        subRegion = s.subRegion
        intermediateRegion = s.intermediateRegion
        unMemberSince = s.unMemberSince?.iso
        source = s.provenance.source
        confidence = s.provenance.confidence.rawValue
        origin = Origin.reference
    }

    func domain() throws -> State {
        let key = id ?? "?"
        return State(
            iso3: key,
            iso2: iso2,
            m49: m49,
            name: name,
            kind: try parse(kind, Self.schema, key, "kind"),
            region: region,
            subRegion: subRegion,
            intermediateRegion: intermediateRegion,
            unMemberSince: try day(unMemberSince, Self.schema, key, "un_member_since"),
            provenance: try provenance(source, confidence, Self.schema, key)
        )
    }
}

extension ConventionRecord {
    convenience init(_ c: ConventionFacts) {
        self.init()
        id = c.convention.rawValue
        title = c.title
        adopted = c.adopted.iso
        openedForSignature = c.openedForSignature.iso
        entryIntoForce = c.entryIntoForce.iso
        source = c.provenance.source
        confidence = c.provenance.confidence.rawValue
        origin = Origin.reference
    }

    func domain() throws -> ConventionFacts {
        let key = id ?? "?"
        return ConventionFacts(
            convention: try parse(key, Self.schema, key, "code"),
            title: title,
            adopted: try day(adopted, Self.schema, key, "adopted")!,
            openedForSignature: try day(openedForSignature, Self.schema, key, "opened_for_signature")!,
            entryIntoForce: try day(entryIntoForce, Self.schema, key, "entry_into_force")!,
            provenance: try provenance(source, confidence, Self.schema, key)
        )
    }
}

extension TreatyParticipationRecord {
    convenience init(_ p: TreatyParticipation) {
        self.init()
        convention = p.convention.rawValue
        iso3 = p.iso3
        signed = p.signed?.iso
        deposited = p.deposited?.iso
        instrument = p.instrument?.rawValue
        entryIntoForce = p.entryIntoForce?.iso
        withdrawalNotified = p.withdrawalNotified?.iso
        withdrawalEffective = p.withdrawalEffective?.iso
        suspensionNotified = p.suspensionNotified?.iso
        source = p.provenance.source
        confidence = p.provenance.confidence.rawValue
        notes = p.notes
        origin = Origin.reference
    }

    func domain() throws -> TreatyParticipation {
        let t = Self.schema
        let key = "\(convention)/\(iso3)"
        return TreatyParticipation(
            convention: try parse(convention, t, key, "convention"),
            iso3: iso3,
            signed: try day(signed, t, key, "signed"),
            deposited: try day(deposited, t, key, "deposited"),
            instrument: try instrument.map { try parse($0, t, key, "instrument") },
            entryIntoForce: try day(entryIntoForce, t, key, "entry_into_force"),
            withdrawalNotified: try day(withdrawalNotified, t, key, "withdrawal_notified"),
            withdrawalEffective: try day(withdrawalEffective, t, key, "withdrawal_effective"),
            suspensionNotified: try day(suspensionNotified, t, key, "suspension_notified"),
            provenance: try provenance(source, confidence, t, key),
            notes: notes
        )
    }
}

extension TreatyMeetingRecord {
    convenience init(_ m: TreatyMeeting) {
        self.init()
        convention = m.convention.rawValue
        code = m.code
        name = m.name
        city = m.city
        countryISO3 = m.countryISO3
        startDate = m.start.iso
        endDate = m.end.iso
        decisionsPartlyRecorded = m.decisionsPartlyRecorded
        source = m.provenance.source
        confidence = m.provenance.confidence.rawValue
        origin = Origin.reference
    }

    func domain() throws -> TreatyMeeting {
        let t = Self.schema
        let key = "\(convention)/\(code)"
        return TreatyMeeting(
            convention: try parse(convention, t, key, "convention"),
            code: code,
            name: name,
            city: city,
            countryISO3: countryISO3,
            start: try day(startDate, t, key, "start_date")!,
            end: try day(endDate, t, key, "end_date")!,
            decisionsPartlyRecorded: decisionsPartlyRecorded ?? false,
            provenance: try provenance(source, confidence, t, key)
        )
    }
}

extension ObligationReportRecord {
    convenience init(_ r: ObligationReport) {
        self.init()
        convention = r.convention.rawValue
        obligation = r.obligation.rawValue
        iso3 = r.iso3
        applies = r.applies.rawValue
        completedOn = r.completedOn?.iso
        reportedStatus = r.reportedStatus
        reopenedOn = r.reopenedOn?.iso
        declaredOn = r.declaredOn?.iso
        declaredAt = r.declaredAt
        source = r.provenance.source
        confidence = r.provenance.confidence.rawValue
        notes = r.notes
        origin = Origin.reference
    }

    func domain() throws -> ObligationReport {
        let t = Self.schema
        let key = "\(convention)/\(obligation)/\(iso3)"
        return ObligationReport(
            convention: try parse(convention, t, key, "convention"),
            obligation: try parse(obligation, t, key, "obligation"),
            iso3: iso3,
            applies: try parse(applies, t, key, "applies"),
            completedOn: try day(completedOn, t, key, "completed_on"),
            reportedStatus: reportedStatus,
            reopenedOn: try day(reopenedOn, t, key, "reopened_on"),
            declaredOn: try day(declaredOn, t, key, "declared_on"),
            declaredAt: declaredAt,
            provenance: try provenance(source, confidence, t, key),
            notes: notes
        )
    }
}

extension DeadlineExtensionRecord {
    convenience init(_ e: DeadlineExtension) {
        self.init()
        convention = e.convention.rawValue
        obligation = e.obligation.rawValue
        iso3 = e.iso3
        sequence = e.sequence
        meetingCode = e.meetingCode
        grantedOn = e.grantedOn?.iso
        knownBy = e.knownBy.iso
        newDeadline = e.newDeadline?.iso
        source = e.provenance.source
        confidence = e.provenance.confidence.rawValue
        notes = e.notes
        origin = Origin.reference
    }

    func domain() throws -> DeadlineExtension {
        let t = Self.schema
        let key = "\(convention)/\(obligation)/\(iso3)/\(sequence)"
        return DeadlineExtension(
            convention: try parse(convention, t, key, "convention"),
            obligation: try parse(obligation, t, key, "obligation"),
            iso3: iso3,
            sequence: sequence,
            meetingCode: meetingCode,
            grantedOn: try day(grantedOn, t, key, "granted_on"),
            knownBy: try day(knownBy, t, key, "known_by")!,
            newDeadline: try day(newDeadline, t, key, "new_deadline"),
            provenance: try provenance(source, confidence, t, key),
            notes: notes
        )
    }
}

extension StockpileFigureRecord {
    convenience init(_ f: StockpileFigure) {
        self.init()
        iso3 = f.iso3
        date = f.date.iso
        precision = f.precision.rawValue
        mineType = f.mineType
        quantity = f.quantity
        kind = f.kind.rawValue
        source = f.provenance.source
        confidence = f.provenance.confidence.rawValue
        notes = f.notes
        origin = Origin.reference
    }

    func domain() throws -> StockpileFigure {
        let t = Self.schema
        let key = "\(iso3)/\(date)/\(kind)"
        guard let when = try day(date, t, key, "date_of_information") else {
            throw StoredRecordError(table: t, key: key, field: "date_of_information", value: date)
        }
        return StockpileFigure(
            iso3: iso3,
            date: when,
            precision: try parse(precision, t, key, "date_precision"),
            mineType: mineType,
            quantity: quantity,
            kind: try parse(kind, t, key, "kind"),
            provenance: try provenance(source, confidence, t, key),
            notes: notes
        )
    }
}

extension CCMStockpileFigureRecord {
    convenience init(_ f: StockpileFigure) {
        self.init()
        let apmbc = StockpileFigureRecord(f)
        (iso3, date, precision, munitionType, quantity, kind) = (
            apmbc.iso3, apmbc.date, apmbc.precision, apmbc.mineType, apmbc.quantity, apmbc.kind
        )
        (source, confidence, notes, origin) = (apmbc.source, apmbc.confidence, apmbc.notes, apmbc.origin)
        unit = f.unit.rawValue
    }

    /// Read as the APMBC's figures are, with the unit besides.
    func domain() throws -> StockpileFigure {
        let apmbc = StockpileFigureRecord()
        (apmbc.iso3, apmbc.date, apmbc.precision, apmbc.mineType, apmbc.quantity, apmbc.kind) = (
            iso3, date, precision, munitionType, quantity, kind
        )
        (apmbc.source, apmbc.confidence, apmbc.notes, apmbc.origin) = (source, confidence, notes, origin)
        var figure = try apmbc.domain()
        figure.unit = try parse(unit, Self.schema, "\(iso3)/\(date)/\(kind)/\(unit)", "unit")
        return figure
    }
}

extension RetainedMinesRecord {
    convenience init(_ r: RetainedMinesReport) {
        self.init()
        iso3 = r.iso3
        year = r.year
        retained = r.retained
        consumed = r.consumed
        source = r.provenance.source
        confidence = r.provenance.confidence.rawValue
        notes = r.notes
        origin = Origin.reference
    }

    func domain() throws -> RetainedMinesReport {
        RetainedMinesReport(
            iso3: iso3,
            year: year,
            retained: retained,
            consumed: consumed,
            provenance: try provenance(source, confidence, Self.schema, "\(iso3)/\(year)"),
            notes: notes
        )
    }
}

extension ExtensionRequestRecord {
    convenience init(_ r: ExtensionRequest) {
        self.init()
        convention = r.convention.rawValue
        obligation = r.obligation.rawValue
        iso3 = r.iso3
        meetingCode = r.meetingCode
        submittedOn = r.submittedOn?.iso
        requestedDeadline = r.requestedDeadline?.iso
        knownBy = r.knownBy.iso
        meetingStart = r.meetingStart.iso
        source = r.provenance.source
        confidence = r.provenance.confidence.rawValue
        notes = r.notes
        origin = Origin.reference
    }

    func domain() throws -> ExtensionRequest {
        let t = Self.schema
        let key = "\(convention)/\(obligation)/\(iso3)/\(meetingCode)"
        return ExtensionRequest(
            convention: try parse(convention, t, key, "convention"),
            obligation: try parse(obligation, t, key, "obligation"),
            iso3: iso3,
            meetingCode: meetingCode,
            submittedOn: try day(submittedOn, t, key, "submitted_on"),
            requestedDeadline: try day(requestedDeadline, t, key, "requested_deadline"),
            knownBy: try day(knownBy, t, key, "known_by")!,
            meetingStart: try day(meetingStart, t, key, "meeting_start")!,
            provenance: try provenance(source, confidence, t, key),
            notes: notes
        )
    }
}

extension TransparencyStatementRecord {
    convenience init(_ s: TransparencyStatement) {
        self.init()
        iso3 = s.iso3
        kind = s.kind.rawValue
        year = s.year.map(Int64.init)
        status = s.status.rawValue
        dueOn = s.dueOn?.iso
        submittedOn = s.submittedOn?.iso
        asOf = s.asOf.iso
        source = s.provenance.source
        confidence = s.provenance.confidence.rawValue
        notes = s.notes
        origin = Origin.reference
    }

    func domain() throws -> TransparencyStatement {
        let t = Self.schema
        let key = "\(iso3)/\(kind)/\(year.map(String.init) ?? "")/\(asOf)"
        return TransparencyStatement(
            iso3: iso3,
            kind: try parse(kind, t, key, "kind"),
            year: year.map(Int.init),
            status: try parse(status, t, key, "status"),
            dueOn: try day(dueOn, t, key, "due_on"),
            submittedOn: try day(submittedOn, t, key, "submitted_on"),
            asOf: try day(asOf, t, key, "as_of")!,
            provenance: try provenance(source, confidence, t, key),
            notes: notes
        )
    }
}

extension ComplianceRateRecord {
    convenience init(_ r: ComplianceRate) {
        self.init()
        year = Int64(r.year)
        asOf = r.asOf.iso
        statesPartiesDue = r.statesPartiesDue.map(Int64.init)
        submitted = r.submitted.map(Int64.init)
        ratePercent = r.ratePercent
        source = r.provenance.source
        confidence = r.provenance.confidence.rawValue
        notes = r.notes
        origin = Origin.reference
    }

    func domain() throws -> ComplianceRate {
        let key = "\(year)/\(asOf)"
        return ComplianceRate(
            year: Int(year),
            asOf: try day(asOf, Self.schema, key, "as_of")!,
            statesPartiesDue: statesPartiesDue.map(Int.init),
            submitted: submitted.map(Int.init),
            ratePercent: ratePercent,
            provenance: try provenance(source, confidence, Self.schema, key),
            notes: notes
        )
    }
}

extension ReferenceLayerFileRecord {
    convenience init(layer: String, content: String) {
        self.init()
        self.layer = layer
        self.content = content
        origin = Origin.reference
    }

    /// The reference reports of use, read back by their layers' reader; a stored file that no longer reads is named.
    static func useRecords(_ files: [ReferenceLayerFileRecord]) throws -> UseRecords {
        let names = Set(ReferenceDataLoader.useFiles)
        do {
            return try UseRecords.read(
                files.filter { names.contains($0.layer) }.map { ($0.layer, Data($0.content.utf8)) }
            )
        } catch let refused as ImportRefused {
            let first = refused.issues.first
            throw StoredRecordError(
                table: schema,
                key: first?.file ?? "",
                field: first?.rule ?? "",
                value: first?.message ?? "\(refused)"
            )
        }
    }
}

extension NotPartyClusterStockRecord {
    convenience init(_ s: NotPartyClusterStock) {
        self.init()
        iso3 = s.iso3
        date = s.date.iso
        precision = s.precision.rawValue
        munitionType = s.munitionType
        quantity = s.quantity
        unit = s.unit?.rawValue
        basis = s.basis.rawValue
        source = s.provenance.source
        confidence = s.provenance.confidence.rawValue
        notes = s.notes
        origin = Origin.reference
    }

    func domain() throws -> NotPartyClusterStock {
        let t = Self.schema
        let key = "\(iso3)/\(date)/\(munitionType)"
        return NotPartyClusterStock(
            iso3: iso3,
            date: try day(date, t, key, "date_of_information")!,
            precision: try parse(precision, t, key, "date_precision"),
            munitionType: munitionType,
            quantity: quantity,
            unit: try unit.map { try parse($0, t, key, "unit") },
            basis: try parse(basis, t, key, "basis"),
            provenance: try provenance(source, confidence, t, key),
            notes: notes
        )
    }
}

extension InstrumentParticipationRecord {
    convenience init(_ p: InstrumentParticipation) {
        self.init()
        instrument = p.instrument.rawValue
        iso3 = p.iso3
        signed = p.signed?.iso
        consented = p.consented?.iso
        consentKind = p.consentKind?.rawValue
        entryIntoForce = p.statedEntryIntoForce?.iso
        source = p.provenance.source
        confidence = p.provenance.confidence.rawValue
        notes = p.notes
        origin = Origin.reference
    }

    func domain() throws -> InstrumentParticipation {
        let t = Self.schema
        let key = "\(instrument)/\(iso3)"
        return InstrumentParticipation(
            instrument: try parse(instrument, t, key, "instrument"),
            iso3: iso3,
            signed: try day(signed, t, key, "signed"),
            consented: try day(consented, t, key, "consented"),
            consentKind: try consentKind.map { try parse($0, t, key, "consent_kind") },
            statedEntryIntoForce: try day(entryIntoForce, t, key, "entry_into_force"),
            provenance: try provenance(source, confidence, t, key),
            notes: notes
        )
    }
}

extension ActionPlanRecord {
    convenience init(_ p: ActionPlan) {
        self.init()
        code = p.code
        name = p.name
        meetingCode = p.meetingCode
        adoptedOn = p.adoptedOn.iso
        firstYear = p.firstYear
        lastYear = p.lastYear
        actions = p.actions
        source = p.provenance.source
        confidence = p.provenance.confidence.rawValue
        notes = p.notes
        origin = Origin.reference
    }

    func domain() throws -> ActionPlan {
        ActionPlan(
            code: code,
            name: name,
            meetingCode: meetingCode,
            adoptedOn: try day(adoptedOn, Self.schema, code, "adopted_on")!,
            firstYear: firstYear,
            lastYear: lastYear,
            actions: actions,
            provenance: try provenance(source, confidence, Self.schema, code),
            notes: notes
        )
    }
}

extension PlanFigureRecord {
    convenience init(_ f: PlanFigure) {
        self.init()
        plan = f.plan
        year = f.year
        measure = f.measure?.rawValue
        description = f.description
        value = f.value
        denominator = f.denominator
        source = f.provenance.source
        confidence = f.provenance.confidence.rawValue
        notes = f.notes
        origin = Origin.reference
    }

    func domain() throws -> PlanFigure {
        let key = "\(plan)/\(year.map(String.init) ?? "")"
        return PlanFigure(
            plan: plan,
            year: year,
            measure: try measure.map { try parse($0, Self.schema, key, "measure") },
            description: description,
            value: value,
            denominator: denominator,
            provenance: try provenance(source, confidence, Self.schema, key),
            notes: notes
        )
    }
}

extension ExchangeRateRecord {
    convenience init(_ r: ExchangeRate) {
        self.init()
        currency = r.currency
        year = r.year
        unitsPerUSD = r.unitsPerUSD
        source = r.provenance.source
        confidence = r.provenance.confidence.rawValue
        notes = r.notes
        origin = Origin.reference
    }

    func domain() throws -> ExchangeRate {
        ExchangeRate(
            currency: currency,
            year: year,
            unitsPerUSD: unitsPerUSD,
            provenance: try provenance(source, confidence, Self.schema, "\(currency)/\(year)"),
            notes: notes
        )
    }
}

extension UNGAVoteRecord {
    convenience init(_ v: UNGAVote) {
        self.init()
        iso3 = v.iso3
        year = v.year
        resolution = v.resolution
        forum = v.forum.rawValue
        vote = v.vote.rawValue
        source = v.provenance.source
        confidence = v.provenance.confidence.rawValue
        notes = v.notes
        origin = Origin.reference
    }

    func domain() throws -> UNGAVote {
        let t = Self.schema
        let key = "\(iso3)/\(year)/\(forum)"
        return UNGAVote(
            iso3: iso3,
            year: year,
            resolution: resolution,
            forum: try parse(forum, t, key, "forum"),
            vote: try parse(vote, t, key, "vote"),
            provenance: try provenance(source, confidence, t, key),
            notes: notes
        )
    }
}

extension NationalMeasureRecord {
    convenience init(_ m: NationalMeasure) {
        self.init()
        iso3 = m.iso3
        status = m.status.rawValue
        measure = m.measure
        adoptedOn = m.adoptedOn?.iso
        penalSanctions = m.penalSanctions
        source = m.provenance.source
        confidence = m.provenance.confidence.rawValue
        notes = m.notes
        origin = Origin.reference
    }

    func domain() throws -> NationalMeasure {
        let t = Self.schema
        return NationalMeasure(
            iso3: iso3,
            status: try parse(status, t, iso3, "status"),
            measure: measure,
            adoptedOn: try day(adoptedOn, t, iso3, "adopted_on"),
            penalSanctions: penalSanctions,
            provenance: try provenance(source, confidence, t, iso3),
            notes: notes
        )
    }
}
