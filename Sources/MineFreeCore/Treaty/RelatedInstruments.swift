import Foundation

/// The instruments built beside the Mine Ban Treaty that its monitors ask coherence with (issue 20): Amended
/// Protocol II and Protocol V of the Convention on Certain Conventional Weapons, and the Convention on the Rights of
/// Persons with Disabilities (victim assistance).
public enum RelatedInstrument: String, CaseIterable, Sendable, Codable {
    /// CCW Amended Protocol II (mines, booby-traps and other devices, as amended on 3 May 1996).
    case ccwAPII = "ccw_apii"
    /// CCW Protocol V on Explosive Remnants of War (28 Nov 2003).
    case ccwP5 = "ccw_p5"
    /// Convention on the Rights of Persons with Disabilities (13 Dec 2006).
    case crpd

    public var title: String {
        switch self {
        case .ccwAPII: "CCW Amended Protocol II (mines, booby-traps and other devices)"
        case .ccwP5: "CCW Protocol V (explosive remnants of war)"
        case .crpd: "Convention on the Rights of Persons with Disabilities"
        }
    }

    /// The day the instrument itself entered into force.
    public var entryIntoForce: CalendarDate {
        switch self {
        case .ccwAPII: CalendarDate(year: 1998, month: 12, day: 3)!
        case .ccwP5: CalendarDate(year: 2006, month: 11, day: 12)!
        case .crpd: CalendarDate(year: 2008, month: 5, day: 3)!
        }
    }

    /// For a state joining later: six months after its notification of consent (CCW Art 5(4), which applies to
    /// the protocols), or the thirtieth day after its instrument was deposited (CRPD Art 45(2)).
    public func entryIntoForce(consentedOn day: CalendarDate) -> CalendarDate {
        let own = self == .crpd ? day.adding(days: 30) : day.adding(months: 6)
        return max(own, entryIntoForce)
    }

    /// Reads `ccw_p5`, `ccw-p5`, `CCW-P5`.
    public static func parse(_ text: String) -> RelatedInstrument? {
        RelatedInstrument(rawValue: text.lowercased().replacingOccurrences(of: "-", with: "_"))
    }
}

/// A state's signature of, and consent to be bound by, a related instrument, as the depositary records it.
public struct InstrumentParticipation: Hashable, Sendable, Codable {
    public enum ConsentKind: String, CaseIterable, Sendable, Codable {
        case ratification, accession, acceptance, approval, succession
        /// The CCW's protocols are joined by notifying consent to be bound.
        case consentNotified = "consent_notified"
    }

    public var instrument: RelatedInstrument
    public var iso3: String
    public var signed: CalendarDate?
    public var consented: CalendarDate?
    public var consentKind: ConsentKind?
    /// As a source states it; nil when only computable.
    public var statedEntryIntoForce: CalendarDate?
    public var provenance: Provenance
    public var notes: String?

    public init(
        instrument: RelatedInstrument,
        iso3: String,
        signed: CalendarDate?,
        consented: CalendarDate?,
        consentKind: ConsentKind?,
        statedEntryIntoForce: CalendarDate?,
        provenance: Provenance,
        notes: String?
    ) {
        self.instrument = instrument
        self.iso3 = iso3
        self.signed = signed
        self.consented = consented
        self.consentKind = consentKind
        self.statedEntryIntoForce = statedEntryIntoForce
        self.provenance = provenance
        self.notes = notes
    }

    /// The day the instrument binds the state: stated, or computed from its consent.
    public var entryIntoForce: CalendarDate? {
        statedEntryIntoForce ?? consented.map { instrument.entryIntoForce(consentedOn: $0) }
    }
}

/// Where a state stands with a related instrument at the start of a day.
public enum InstrumentStatus: String, CaseIterable, Sendable, Codable {
    case notJoined = "not_joined"
    case signatory
    /// Consent given, not yet in force for the state.
    case consented
    case bound
}

extension TreatyRegistry {
    public func instrumentParticipation(_ iso3: String, in instrument: RelatedInstrument) -> InstrumentParticipation? {
        instrumentParticipations.first { $0.iso3 == iso3 && $0.instrument == instrument }
    }

    /// The state's status at the start of `date`, and the day it became so.
    public func instrumentStatus(of iso3: String, in instrument: RelatedInstrument, asOf date: CalendarDate)
        -> (status: InstrumentStatus, since: CalendarDate?)
    {
        guard let p = instrumentParticipation(iso3, in: instrument) else { return (.notJoined, nil) }
        if let eif = p.entryIntoForce, eif <= date { return (.bound, eif) }
        if let consented = p.consented, consented < date { return (.consented, consented) }
        if let signed = p.signed, signed < date { return (.signatory, signed) }
        return (.notJoined, nil)
    }

    /// The states bound by `instrument` at the start of `date`.
    public func boundBy(_ instrument: RelatedInstrument, asOf date: CalendarDate) -> Set<String> {
        Set(
            instrumentParticipations.filter {
                $0.instrument == instrument && ($0.entryIntoForce.map { $0 <= date } ?? false)
            }.map(\.iso3)
        )
    }
}

extension TreatyRegistry {
    /// States by their standing with a related instrument and with the Mine Ban Treaty at the start of `date`:
    /// bound (or, with `bound` false, not bound) by `instrument`, and — when `apmbcParty` is given — States Parties
    /// to the APMBC (true) or states outside it (false). "States Parties to the APMBC not party to the CRPD" is
    /// `(.crpd, bound: false, apmbcParty: true)`.
    public func states(
        _ instrument: RelatedInstrument,
        bound: Bool = true,
        apmbcParty: Bool? = nil,
        asOf date: CalendarDate
    ) -> [State] {
        let boundSet = boundBy(instrument, asOf: date)
        return states.filter { state in
            guard boundSet.contains(state.iso3) == bound else { return false }
            guard let apmbcParty else { return true }
            return standing(of: state, in: .apmbc, asOf: date).status.isStateParty == apmbcParty
        }
    }
}
