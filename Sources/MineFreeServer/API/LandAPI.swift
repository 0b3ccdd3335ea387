import Foundation
import MineFreeAPI
import MineFreeCore
import MineFreeStore
import Vapor

extension APIHandler {
    func listHazards(_ input: Operations.ListHazards.Input) async throws -> Operations.ListHazards.Output {
        let req = try request
        try req.requireProgrammeRead(.hazards)
        let q = input.query
        let date = try Parameters.day(q.asOf)
        let page = try Parameters.page(limit: q.limit, offset: q.offset)
        let land = req.minefree.land
        // A P-code covers the admin areas below it.
        let regions = try await Parameters.regions(q.region, land: land)
        let filter = LandRepository.HazardFilter(
            asOf: date,
            regions: regions,
            contamination: q.contamination.flatMap { ContaminationType(rawValue: $0.rawValue) },
            status: q.status.flatMap { HazardStatus(rawValue: $0.rawValue) }
        )
        let total = try await Progress.hazardCount(filter, req)
        let standings = try await land.hazardPage(filter, after: q.after, limit: page.limit, offset: page.offset)
        return .ok(
            .init(
                body: .json(
                    .init(
                        asOf: date.iso,
                        page: APIMapping.page(total: total, limit: page.limit, offset: page.offset),
                        items: standings.map(Self.hazard)
                    )
                )
            )
        )
    }

    static func hazard(_ s: HazardStanding) -> Components.Schemas.Hazard {
        let b = s.hazard.bounds
        return .init(
            id: s.hazard.localID,
            region: s.hazard.region,
            classification: s.classification == .confirmed ? .cha : .sha,
            contamination: APIMapping.api(s.hazard.contamination),
            otherContamination: s.hazard.otherContamination.map {
                APIMapping.api($0)
            },
            informationSource: s.hazard.informationSource.map {
                APIMapping.api($0)
            },
            evidence: s.hazard.evidence,
            status: APIMapping.api(s.status),
            accessibility: s.accessibility == .accessible ? .accessible : .inaccessible,
            inaccessibleReason: s.inaccessibleReason,
            recordedDate: s.hazard.recordedDate.iso,
            areaM2: s.hazard.areaM2,
            releasedM2: s.releasedM2,
            remainingM2: s.remainingM2,
            bbox: b.isEmpty ? [] : [b.minX, b.minY, b.maxX, b.maxY]
        )
    }

    static func release(_ r: LandRelease) -> Components.Schemas.Release {
        .init(
            id: r.localID,
            hazardId: r.hazardID,
            date: r.date.iso,
            method: APIMapping.api(r.method),
            areaM2: r.areaM2,
            devicesFound: r.devicesFound
        )
    }

    func getHazard(_ input: Operations.GetHazard.Input) async throws -> Operations.GetHazard.Output {
        let req = try request
        try req.requireProgrammeRead(.hazards)
        let date = try Parameters.day(input.query.asOf)
        let land = req.minefree.land
        guard let standing = try await land.view(asOf: date, only: [input.path.id]).standings.first else {
            throw Problem(.notFound, "no hazardous area '\(input.path.id)' was recorded before \(date)", field: "id")
        }
        let releases = try await land.releases(of: input.path.id).filter { $0.date < date }
        return .ok(
            .init(
                body: .json(
                    .init(
                        asOf: date.iso,
                        hazard: Self.hazard(standing),
                        releases: releases.map(Self.release),
                        revisions: standing.revisions.map {
                            .init(
                                id: $0.localID,
                                dateOfInformation: $0.dateOfInformation.iso,
                                classification: $0.classification?.rawValue,
                                accessibility: $0.accessibility?.rawValue,
                                inaccessibleReason: $0.inaccessibleReason,
                                reason: $0.reason
                            )
                        }
                    )
                )
            )
        )
    }

    func listReleases(_ input: Operations.ListReleases.Input) async throws -> Operations.ListReleases.Output {
        let req = try request
        try req.requireProgrammeRead(.hazards)
        let q = input.query
        let date = try Parameters.day(q.asOf)
        let page = try Parameters.page(limit: q.limit, offset: q.offset)
        let (total, releases) = try await req.minefree.land.releasePage(
            asOf: date,
            hazard: q.hazard.flatMap { $0.isEmpty ? nil : $0 },
            method: q.method.flatMap { ReleaseMethod(rawValue: $0.rawValue) },
            limit: page.limit,
            offset: page.offset
        )
        return .ok(
            .init(
                body: .json(
                    .init(
                        asOf: date.iso,
                        page: APIMapping.page(total: total, limit: page.limit, offset: page.offset),
                        items: releases.map(Self.release)
                    )
                )
            )
        )
    }

    func getProgress(_ input: Operations.GetProgress.Input) async throws -> Operations.GetProgress.Output {
        let req = try request
        try req.requireProgrammeRead(.progress)
        let date = try Parameters.day(input.query.asOf)
        let baseline = try Parameters.optionalDay(input.query.baseline, field: "baseline")
        let summary = try await Progress.summary(asOf: date, req)
        var split: Components.Schemas.BaselineSplit?
        if let baseline {
            let s = try await Progress.split(asOf: date, baseline: baseline, req)
            split = .init(
                baselineDate: baseline.iso,
                baselineHazards: s.baselineHazards,
                baselineRecordedM2: s.baselineRecordedM2,
                baselineReleasedM2: s.baselineReleasedM2,
                baselineRemainingM2: s.baselineRemainingM2,
                newlyFoundHazards: s.newlyFoundHazards,
                newlyFoundRecordedM2: s.newlyFoundRecordedM2,
                newlyFoundReleasedM2: s.newlyFoundReleasedM2,
                newlyFoundRemainingM2: s.newlyFoundRemainingM2
            )
        }
        func figures(_ f: ProgressSummary.Figures) -> Components.Schemas.ProgressFigures {
            .init(
                recordedM2: f.recordedM2,
                cancelledM2: f.released(.cancelled),
                reducedM2: f.released(.reduced),
                clearedM2: f.released(.cleared),
                releasedM2: f.releasedM2,
                remainingM2: f.remainingM2,
                percentReleased: f.percentReleased
            )
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        asOf: date.iso,
                        national: figures(summary.national),
                        byRegion: summary.byRegion.map { .init(key: $0.key, figures: figures($0.figures)) },
                        byContamination: summary.byContamination.map {
                            .init(key: $0.key, figures: figures($0.figures))
                        },
                        byYear: summary.byYear.map {
                            .init(
                                year: $0.year,
                                cancelledM2: $0.released(.cancelled),
                                reducedM2: $0.released(.reduced),
                                clearedM2: $0.released(.cleared)
                            )
                        },
                        baseline: split
                    )
                )
            )
        )
    }
}

/// The land figures pages and the API share, kept for the store's generation and the day (`ReadCache`).
enum Progress {
    /// Progress as of a day from the store's flows (kept monthly, the day's month from the records), summed by the core.
    static func summary(asOf date: CalendarDate, _ req: Request) async throws -> ProgressSummary {
        let land = req.minefree.land
        return try await req.keptFigure("progress \(date.iso)") {
            let (recorded, released) = try await land.progressFlows(asOf: date)
            return ProgressSummary.of(recorded: recorded, released: released, asOf: date)
        }
    }

    /// The baseline against newly found contamination, summed by the store over the kept release totals.
    static func split(asOf date: CalendarDate, baseline: CalendarDate, _ req: Request) async throws
        -> LandView.BaselineSplit
    {
        let land = req.minefree.land
        return try await req.keptFigure("split \(date.iso) \(baseline.iso)") {
            try await land.baselineSplit(asOf: date, baseline: baseline)
        }
    }

    /// How many hazards a list's filter keeps: counted once per generation and day, however many pages are read.
    static func hazardCount(_ filter: LandRepository.HazardFilter, _ req: Request) async throws -> Int {
        let land = req.minefree.land
        let regions = filter.regions.map { $0.sorted().joined(separator: ",") } ?? "*"
        let key =
            "hazard-count \(filter.asOf.iso) \(regions) \(filter.contamination?.rawValue ?? "*") \(filter.status?.rawValue ?? "*")"
        return try await req.keptFigure(key) { try await land.hazardCount(filter) }
    }
}
