import Foundation

/// Who is in, who is out, as of a day: the figures the ICBL, the ICRC and the ISU quote.
public struct UniversalizationSummary: Sendable {
    public struct RegionCount: Sendable, Hashable {
        public var region: String
        public var unMembers: Int
        public var statesParties: Int
        public var signatories: Int
        public var unMembersNotParty: Int
    }

    public var convention: Convention
    public var asOf: CalendarDate
    /// Deposited and not withdrawn (in force or not yet): the ICBL's count.
    public var statesParties: Int
    /// Of those, the ones for which the convention is in force.
    public var inForce: Int
    public var unMembers: Int
    public var unMembersParty: Int
    public var signatoriesNotRatified: [State]
    public var unMembersNotParty: [State]
    public var withdrawalsPending: [State]
    public var withdrawn: [State]
    public var regions: [RegionCount]
}

/// How many instruments were deposited in a year, by kind.
public struct JoinYear: Sendable, Hashable {
    public var year: Int
    public var byInstrument: [InstrumentKind: Int]
    public var states: [String]
    public var total: Int { byInstrument.values.reduce(0, +) }
}

extension TreatyRegistry {
    public func universalization(of convention: Convention, asOf date: CalendarDate, region: String? = nil)
        -> UniversalizationSummary
    {
        let scoped = standings(in: convention, asOf: date).filter { region == nil || $0.state.inRegion(region!) }
        let parties = scoped.filter { $0.status.isStateParty }
        let unMembers = scoped.filter { $0.state.isUNMember(asOf: date) }
        var regions: [UniversalizationSummary.RegionCount] = []
        for name in Set(scoped.map(\.state.region)).sorted() {
            let inRegion = scoped.filter { $0.state.region == name }
            let members = inRegion.filter { $0.state.isUNMember(asOf: date) }
            regions.append(
                UniversalizationSummary.RegionCount(
                    region: name,
                    unMembers: members.count,
                    statesParties: inRegion.filter { $0.status.isStateParty }.count,
                    signatories: inRegion.filter { $0.status == .signatory }.count,
                    unMembersNotParty: members.filter { !$0.status.isStateParty }.count
                )
            )
        }
        return UniversalizationSummary(
            convention: convention,
            asOf: date,
            statesParties: parties.count,
            inForce: parties.filter { $0.status.isBound }.count,
            unMembers: unMembers.count,
            unMembersParty: unMembers.filter { $0.status.isStateParty }.count,
            signatoriesNotRatified: scoped.filter { $0.status == .signatory }.map(\.state),
            unMembersNotParty: unMembers.filter { !$0.status.isStateParty }.map(\.state),
            withdrawalsPending: scoped.filter { $0.status == .withdrawalPending }.map(\.state),
            withdrawn: scoped.filter { $0.status == .withdrawn }.map(\.state),
            regions: regions
        )
    }

    /// Instruments deposited per year before `date`, by kind.
    public func joinsByYear(of convention: Convention, asOf date: CalendarDate) -> [JoinYear] {
        var years: [Int: JoinYear] = [:]
        for p in participations where p.convention == convention {
            guard let deposit = p.deposited, deposit < date, let kind = p.instrument else { continue }
            var entry = years[deposit.year] ?? JoinYear(year: deposit.year, byInstrument: [:], states: [])
            entry.byInstrument[kind, default: 0] += 1
            entry.states.append(p.iso3)
            years[deposit.year] = entry
        }
        return years.values.sorted { $0.year < $1.year }.map {
            var e = $0
            e.states.sort()
            return e
        }
    }
}

extension State {
    /// Whether the state lies in the named M49 region, sub-region or intermediate region (case-insensitive).
    public func inRegion(_ name: String) -> Bool {
        let n = name.lowercased()
        return region.lowercased() == n || subRegion.lowercased() == n || intermediateRegion?.lowercased() == n
    }
}
