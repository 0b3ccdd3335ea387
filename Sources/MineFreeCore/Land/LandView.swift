import Foundation

/// A hazard as it stood at the start of a day, derived from its dated releases: nothing is stored twice.
public struct HazardStanding: Sendable {
    public var hazard: HazardousArea
    public var releasedM2: Int64
    public var releasedByMethod: [ReleaseMethod: Int64]
    public var remainingM2: Int64 { hazard.areaM2 - releasedM2 }
    /// Open until work is recorded, worked on while area remains, closed when all of it is released.
    public var status: HazardStatus {
        if releasedM2 == 0 { return .open }
        return remainingM2 > 0 ? .workedOn : .closed
    }
    public var lastReleased: CalendarDate?
}

/// The land picture as of a day: which hazards were known, what remained of each.
public struct LandView: Sendable {
    public let asOf: CalendarDate
    public let standings: [HazardStanding]

    public init(hazards: [HazardousArea], releases: [LandRelease], asOf: CalendarDate) {
        self.asOf = asOf
        var byHazard: [String: (Int64, [ReleaseMethod: Int64], CalendarDate?)] = [:]
        for r in releases where r.date < asOf {
            var entry = byHazard[r.hazardID] ?? (0, [:], nil)
            entry.0 += r.areaM2
            entry.1[r.method, default: 0] += r.areaM2
            entry.2 = max(entry.2 ?? r.date, r.date)
            byHazard[r.hazardID] = entry
        }
        standings = hazards.filter { $0.recordedDate < asOf }.map { h in
            let e = byHazard[h.localID]
            return HazardStanding(hazard: h, releasedM2: e?.0 ?? 0, releasedByMethod: e?.1 ?? [:], lastReleased: e?.2)
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
        public var newlyFoundRemainingM2: Int64 { newlyFoundRecordedM2 - newlyFoundReleasedM2 }
    }

    /// Splits the view at `baseline`: hazards recorded before it are the baseline, the rest newly found.
    public func split(baseline: CalendarDate) -> BaselineSplit {
        var s = BaselineSplit(baselineDate: baseline, baselineRecordedM2: 0, baselineReleasedM2: 0, newlyFoundRecordedM2: 0,
                              newlyFoundReleasedM2: 0, newlyFoundHazards: 0, baselineHazards: 0)
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
