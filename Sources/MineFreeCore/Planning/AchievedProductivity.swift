import Foundation

/// What each clearance method achieved over a window of the record: m² released per asset working day
/// (IMAS 07.11 productivity), the figure a forecast may take as its median instead of a planning guess.
///
/// Area: releases by clearance and technical survey (`cleared`, `reduced`: the same assets do both) dated in the
/// window, tied to a method through their activity (`manual` → manual teams, `mechanical` → machines, `dogs` → dog
/// teams; `combined` split by its assets' types, one share per asset). Days: each asset's working days in the
/// window (`AssetCapacity`: in service, not a rest day, not in downtime), summed by type.
public struct AchievedProductivity: Sendable, Hashable {
    public struct Estimate: Sendable, Hashable {
        public var releasedM2: Double
        public var workingDays: Int
        /// Assets of the method in service on the window's last day.
        public var assetsInService: Int
        /// 0 when the method had no working day.
        public var m2PerWorkingDay: Double { workingDays > 0 ? releasedM2 / Double(workingDays) : 0 }
    }

    /// The window: `from` included, `until` not.
    public let from: CalendarDate
    public let until: CalendarDate
    public let methods: [ForecastScenario.Method: Estimate]
    /// Area released in the window that no activity ties to a method (no activity, or one without assets).
    public let unattributedM2: Double

    /// The `years` before `asOf` (WORKLOAD's rule: 29 February maps to 28 February).
    public static func estimate(
        releases: [LandRelease],
        activities: [ActivityRecord],
        assets: [Asset],
        downtime: [AssetDowntime],
        asOf: CalendarDate,
        years: Int = 2,
        restWeekdays: Set<Int> = [],
        counting: Set<ReleaseMethod> = [.cleared, .reduced]
    ) -> AchievedProductivity {
        let from = asOf.adding(years: -years)
        let last = asOf.adding(days: -1)
        // An activity's latest record before the window ends says its method and assets.
        var latest: [String: ActivityRecord] = [:]
        for a in activities where a.dateOfInformation < asOf {
            if let seen = latest[a.activityID], seen.dateOfInformation >= a.dateOfInformation { continue }
            latest[a.activityID] = a
        }
        let assetType = Dictionary(assets.map { ($0.localID, $0.type) }, uniquingKeysWith: { a, _ in a })
        var area: [ForecastScenario.Method: Double] = [:]
        var unattributed = 0.0
        for r in releases where counting.contains(r.method) && r.date >= from && r.date < asOf {
            let m2 = Double(r.areaM2)
            guard let id = r.activityID, let activity = latest[id] else {
                unattributed += m2
                continue
            }
            switch activity.method {
            case .manual: area[.manual, default: 0] += m2
            case .mechanical: area[.machine, default: 0] += m2
            case .dogs: area[.dog, default: 0] += m2
            case .combined:
                let types = activity.assetIDs.compactMap { assetType[$0] }
                guard !types.isEmpty else {
                    unattributed += m2
                    continue
                }
                for t in types { area[Self.method(t), default: 0] += m2 / Double(types.count) }
            }
        }
        var days: [ForecastScenario.Method: Int] = [:]
        var inService: [ForecastScenario.Method: Int] = [:]
        for asset in assets {
            let m = Self.method(asset.type)
            let c = AssetCapacity.of(asset, downtime: downtime, from: from, to: last, restWeekdays: restWeekdays)
            days[m, default: 0] += c.workingDays
            if asset.inServiceFrom <= last { inService[m, default: 0] += 1 }
        }
        var methods: [ForecastScenario.Method: Estimate] = [:]
        for m in ForecastScenario.Method.allCases where area[m] != nil || days[m] != nil {
            methods[m] = Estimate(
                releasedM2: area[m] ?? 0,
                workingDays: days[m] ?? 0,
                assetsInService: inService[m] ?? 0
            )
        }
        return AchievedProductivity(from: from, until: asOf, methods: methods, unattributedM2: unattributed)
    }

    static func method(_ type: AssetType) -> ForecastScenario.Method {
        switch type {
        case .manualTeam: .manual
        case .machine: .machine
        case .mineDetectionDogTeam: .dog
        }
    }
}

extension ForecastScenario {
    /// Contamination recorded in the `years` before `asOf`, per year: a default for `newContaminationM2PerYear`
    /// when the caller takes it from the record's history (areas as recorded, before any release).
    public static func newContaminationM2PerYear(
        hazards: [HazardousArea],
        asOf: CalendarDate,
        years: Int = 5
    ) -> Double {
        let from = asOf.adding(years: -years)
        let found = hazards.filter { $0.recordedDate >= from && $0.recordedDate < asOf }.reduce(0.0) {
            $0 + Double($1.areaM2)
        }
        return found / Double(max(1, years))
    }

    /// The scenario with the record's rate of newly found contamination where it asks for it
    /// (`newContaminationFromRecords`); any other scenario as it is.
    public func withRecordedNewContamination(hazards: [HazardousArea], asOf: CalendarDate) -> ForecastScenario {
        guard newContaminationFromRecords else { return self }
        var s = self
        s.newContaminationM2PerYear = Self.newContaminationM2PerYear(hazards: hazards, asOf: asOf)
        return s
    }
}
