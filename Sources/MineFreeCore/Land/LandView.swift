import Foundation

/// A hazard as it stood at the start of a day, derived from its dated releases: nothing is stored twice.
public struct HazardStanding: Sendable {
    public var hazard: HazardousArea
    /// Classification on the day: the recorded one, or the latest revision's before the day.
    public var classification: HazardClassification
    public var accessibility: Accessibility
    public var inaccessibleReason: String?
    /// The revisions applied, oldest first.
    public var revisions: [HazardRevision]
    public var releasedM2: Int64
    public var remainingM2: Int64 { hazard.areaM2 - releasedM2 }
    /// Open until work is recorded, worked on while area remains, closed when all of it is released.
    public var status: HazardStatus {
        if releasedM2 == 0 { return .open }
        return remainingM2 > 0 ? .workedOn : .closed
    }
}

/// The land picture as of a day: which hazards were known, what remained of each.
public struct LandView: Sendable {
    public let asOf: CalendarDate
    public let standings: [HazardStanding]

    public init(hazards: [HazardousArea], releases: [LandRelease], revisions: [HazardRevision] = [], asOf: CalendarDate)
    {
        var released: [String: Int64] = [:]
        for r in releases where r.date < asOf { released[r.hazardID, default: 0] += r.areaM2 }
        self.init(hazards: hazards, releasedBefore: released, revisions: revisions, asOf: asOf)
    }

    /// The same from each hazard's area released before `asOf`, as the store sums it without reading every release.
    public init(
        hazards: [HazardousArea],
        releasedBefore released: [String: Int64],
        revisions: [HazardRevision],
        asOf: CalendarDate
    ) {
        self.asOf = asOf
        let revisionsByHazard = Dictionary(grouping: revisions.filter { $0.dateOfInformation < asOf }, by: \.hazardID)
        standings = hazards.filter { $0.recordedDate < asOf }.map { h in
            let applied = (revisionsByHazard[h.localID] ?? []).sorted {
                ($0.dateOfInformation, $0.localID) < ($1.dateOfInformation, $1.localID)
            }
            var standing = HazardStanding(
                hazard: h,
                classification: h.classification,
                accessibility: .accessible,
                inaccessibleReason: nil,
                revisions: applied,
                releasedM2: released[h.localID] ?? 0
            )
            for r in applied {
                if let c = r.classification { standing.classification = c }
                if let a = r.accessibility {
                    standing.accessibility = a
                    standing.inaccessibleReason = a == .inaccessible ? r.inaccessibleReason : nil
                }
            }
            return standing
        }
    }

    /// Baseline against newly found contamination (the Tajikistan lesson: releases can be matched by new finds).
    public struct BaselineSplit: Sendable, Hashable {
        public var baselineDate: CalendarDate
        public var baselineRecordedM2: Int64
        public var baselineReleasedM2: Int64
        public var newlyFoundRecordedM2: Int64
        public var newlyFoundReleasedM2: Int64
        public var newlyFoundHazards: Int
        public var baselineHazards: Int
        public var baselineRemainingM2: Int64 { baselineRecordedM2 - baselineReleasedM2 }

        public init(
            baselineDate: CalendarDate,
            baselineRecordedM2: Int64,
            baselineReleasedM2: Int64,
            newlyFoundRecordedM2: Int64,
            newlyFoundReleasedM2: Int64,
            newlyFoundHazards: Int,
            baselineHazards: Int
        ) {
            self.baselineDate = baselineDate
            self.baselineRecordedM2 = baselineRecordedM2
            self.baselineReleasedM2 = baselineReleasedM2
            self.newlyFoundRecordedM2 = newlyFoundRecordedM2
            self.newlyFoundReleasedM2 = newlyFoundReleasedM2
            self.newlyFoundHazards = newlyFoundHazards
            self.baselineHazards = baselineHazards
        }

        /// Nothing on either side yet: what each hazard's figures are added to.
        public init(baselineDate: CalendarDate) {
            self.init(
                baselineDate: baselineDate,
                baselineRecordedM2: 0,
                baselineReleasedM2: 0,
                newlyFoundRecordedM2: 0,
                newlyFoundReleasedM2: 0,
                newlyFoundHazards: 0,
                baselineHazards: 0
            )
        }
        public var newlyFoundRemainingM2: Int64 { newlyFoundRecordedM2 - newlyFoundReleasedM2 }
    }

    /// Splits the view at `baseline`: hazards recorded before it are the baseline, the rest newly found.
    public func split(baseline: CalendarDate) -> BaselineSplit {
        var s = BaselineSplit(baselineDate: baseline)
        for st in standings {
            if st.hazard.isNewlyFound(baseline: baseline) {
                s.newlyFoundHazards += 1
                s.newlyFoundRecordedM2 += st.hazard.areaM2
                s.newlyFoundReleasedM2 += st.releasedM2
            } else {
                s.baselineHazards += 1
                s.baselineRecordedM2 += st.hazard.areaM2
                s.baselineReleasedM2 += st.releasedM2
            }
        }
        return s
    }
}
