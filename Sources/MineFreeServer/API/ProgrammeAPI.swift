import Foundation
import MineFreeAPI
import MineFreeCore
import MineFreeStore
import Vapor

/// Organisations, activities, assets and device finds: the programme's operations records.
extension APIHandler {
    func listOrganisations(_ input: Operations.ListOrganisations.Input) async throws
        -> Operations.ListOrganisations.Output
    {
        let req = try request
        try req.requireProgrammeRead(.hazards)
        let orgs = try await req.minefree.land.organisations()
        return .ok(
            .init(body: .json(.init(items: orgs.map { .init(id: $0.localID, name: $0.name, _type: $0.type.rawValue) })))
        )
    }

    func listAdminAreas(_ input: Operations.ListAdminAreas.Input) async throws -> Operations.ListAdminAreas.Output {
        let req = try request
        try req.requireProgrammeRead(.hazards)
        let land = req.minefree.land
        let boxes = try await land.adminAreaBoxes()
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: try await land.adminAreas().map { a in
                            .init(
                                pcode: a.pcode,
                                name: a.name,
                                level: a.level,
                                parentPcode: a.parentPcode,
                                bbox: boxes[a.pcode].map { [$0.minX, $0.minY, $0.maxX, $0.maxY] }
                            )
                        }
                    )
                )
            )
        )
    }

    func listSettlements(_ input: Operations.ListSettlements.Input) async throws -> Operations.ListSettlements.Output {
        let req = try request
        try req.requireProgrammeRead(.hazards)
        let q = input.query
        let page = try Parameters.page(limit: q.limit, offset: q.offset)
        let land = req.minefree.land
        let (total, settlements) = try await land.settlementPage(
            regions: try await Parameters.regions(q.region, land: land),
            limit: page.limit,
            offset: page.offset
        )
        return .ok(
            .init(
                body: .json(
                    .init(
                        page: APIMapping.page(total: total, limit: page.limit, offset: page.offset),
                        items: settlements.map {
                            .init(
                                id: $0.localID,
                                name: $0.name,
                                population: $0.population,
                                idpHouseholds: $0.idpHouseholds,
                                adminPcode: $0.adminPcode,
                                lon: $0.location.lon,
                                lat: $0.location.lat
                            )
                        }
                    )
                )
            )
        )
    }

    func listActivities(_ input: Operations.ListActivities.Input) async throws -> Operations.ListActivities.Output {
        let req = try request
        try req.requireProgrammeRead(.hazards)
        let q = input.query
        let date = try Parameters.day(q.asOf)
        let page = try Parameters.page(limit: q.limit, offset: q.offset)
        let view = ActivityView(records: try await req.minefree.land.activityRecords(), asOf: date)
        var items = view.current
        if let status = q.status { items = items.filter { $0.status.rawValue == status.rawValue } }
        if let type = q._type { items = items.filter { $0.type.rawValue == type.rawValue } }
        if let hazard = q.hazard, !hazard.isEmpty { items = items.filter { $0.hazardID == hazard } }
        return .ok(
            .init(
                body: .json(
                    .init(
                        asOf: date.iso,
                        page: APIMapping.page(total: items.count, limit: page.limit, offset: page.offset),
                        items: items.dropFirst(page.offset).prefix(page.limit).map { a in
                            .init(
                                id: a.activityID,
                                _type: a.type.rawValue,
                                organisationId: a.organisationID,
                                hazardId: a.hazardID,
                                method: a.method.rawValue,
                                assetIds: a.assetIDs,
                                startDate: a.startDate.iso,
                                endDate: a.endDate?.iso,
                                status: a.status.rawValue,
                                dateOfInformation: a.dateOfInformation.iso,
                                records: view.recordCounts[a.activityID] ?? 1
                            )
                        }
                    )
                )
            )
        )
    }

    func listAssets(_ input: Operations.ListAssets.Input) async throws -> Operations.ListAssets.Output {
        let req = try request
        try req.requireProgrammeRead(.hazards)
        let date = try Parameters.day(input.query.asOf)
        let from =
            try Parameters.optionalDay(input.query.from, field: "from") ?? CalendarDate(
                year: date.year,
                month: 1,
                day: 1
            )!
        let to =
            try Parameters.optionalDay(input.query.to, field: "to") ?? CalendarDate(
                year: date.year,
                month: 12,
                day: 31
            )!
        guard from <= to else { throw Problem.badValue("to", to.iso, expected: "a day on or after from (\(from.iso))") }
        guard from.days(until: to) <= 3660 else {
            throw Problem.badValue("to", to.iso, expected: "a period of at most ten years")
        }
        let land = req.minefree.land
        let downtime = try await land.downtime().filter { $0.from < date }
        let assets = try await land.assets().filter { $0.inServiceFrom < date }
        return .ok(
            .init(
                body: .json(
                    .init(
                        asOf: date.iso,
                        from: from.iso,
                        to: to.iso,
                        items: assets.map { a in
                            let c = AssetCapacity.of(a, downtime: downtime, from: from, to: to)
                            return .init(
                                id: a.localID,
                                _type: a.type.rawValue,
                                organisationId: a.organisationID,
                                productivityM2PerDay: a.productivityM2PerDay,
                                inServiceFrom: a.inServiceFrom.iso,
                                capacity: .init(
                                    periodDays: c.periodDays,
                                    notInServiceDays: c.notInServiceDays,
                                    restDays: c.restDays,
                                    downtimeDays: c.downtimeDays,
                                    workingDays: c.workingDays,
                                    capacityM2: c.capacityM2
                                )
                            )
                        }
                    )
                )
            )
        )
    }

    func listFinds(_ input: Operations.ListFinds.Input) async throws -> Operations.ListFinds.Output {
        let req = try request
        try req.requireProgrammeRead(.hazards)
        let date = try Parameters.day(input.query.asOf)
        let page = try Parameters.page(limit: input.query.limit, offset: input.query.offset)
        let all = try await req.minefree.land.deviceFinds()
        let known = all.filter { $0.date < date }.sorted { ($0.date, $0.localID) > ($1.date, $1.localID) }
        func totals(_ t: [DeviceFindTotals.Total]) -> [Components.Schemas.FindTotal] {
            t.map { .init(key: $0.key, finds: $0.finds, devices: $0.devices) }
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        asOf: date.iso,
                        page: APIMapping.page(total: known.count, limit: page.limit, offset: page.offset),
                        items: known.dropFirst(page.offset).prefix(page.limit).map { f in
                            .init(
                                id: f.localID,
                                activityId: f.activityID,
                                hazardId: f.hazardID,
                                date: f.date.iso,
                                category: f.category.rawValue,
                                model: f.model,
                                count: f.count,
                                lon: f.location?.lon,
                                lat: f.location?.lat,
                                disposal: f.disposal.rawValue
                            )
                        },
                        byCategory: totals(DeviceFindTotals.byCategory(all, asOf: date)),
                        byYear: totals(DeviceFindTotals.byYear(all, asOf: date))
                    )
                )
            )
        )
    }
}
