import Foundation
import MineFreeAPI
import MineFreeCore
import MineFreeStore
import OpenAPIRuntime
import Vapor

/// Funding as the API and the funding page both read it: the query's selection checked once, the contributions
/// known on the day, the totals at each year's rate.
enum FundingFigures {
    struct Query {
        var asOf: CalendarDate
        var by: [FundingTotals.Dimension]
        var selection: FundingTotals.Selection
    }

    static func query(
        asOf: String?,
        by: String?,
        state: String?,
        from: String?,
        to: String?,
        flow: String?,
        origin: String?,
        registry: TreatyRegistry
    ) throws -> Query {
        let date = try Parameters.day(asOf)
        var selection = FundingTotals.Selection()
        let dimensions: [FundingTotals.Dimension]
        do {
            dimensions = try FundingTotals.Dimension.list(by.flatMap { $0.isEmpty ? nil : $0 } ?? "donor")
            if let flow, !flow.isEmpty { selection.flows = try FundingFlow.list(flow) }
        } catch let error as FundingQueryError {
            throw Problem.badValue(error.field, error.value, expected: error.expected)
        }
        if let origin, !origin.isEmpty {
            guard let o = FundingOrigin(rawValue: origin) else {
                throw Problem.badValue("origin", String(origin.prefix(20)), expected: "national or international")
            }
            selection.origin = o
        }
        if let state, !state.isEmpty { selection.recipient = try Parameters.state(state, in: registry).iso3 }
        selection.period = try period(from: from, to: to, asOf: date)
        return Query(asOf: date, by: dimensions, selection: selection)
    }

    /// `from`…`to` (both days included); either alone is open on its other side; nil when neither is given.
    static func period(from: String?, to: String?, asOf: CalendarDate) throws -> Range<CalendarDate>? {
        let first = try Parameters.optionalDay(from, field: "from")
        let last = try Parameters.optionalDay(to, field: "to")
        if first == nil, last == nil { return nil }
        let start = first ?? FundingMeasures.earliest
        let end = (last ?? asOf).adding(days: 1)
        guard start < end else { throw Problem.badValue("to", last?.iso ?? "", expected: "a day on or after from") }
        return start..<end
    }

    static func totals(_ q: Query, on req: Request) async throws -> FundingTotals {
        let contributions = try await FundingRepository(database: req.minefree.store.database).contributions(
            asOf: q.asOf
        )
        return FundingTotals.of(
            contributions,
            by: q.by,
            rates: ExchangeRates(req.minefree.registry.exchangeRates),
            selection: q.selection,
            asOf: q.asOf
        )
    }

    static func measures(
        recipient: String?,
        period: Range<CalendarDate>?,
        asOf: CalendarDate,
        on req: Request
    ) async throws -> (FundingMeasures, [FundingTotals.Unconverted]) {
        try await FundingRepository(database: req.minefree.store.database).measures(
            recipient: recipient,
            period: period,
            rates: ExchangeRates(req.minefree.registry.exchangeRates),
            asOf: asOf
        )
    }
}

extension APIHandler {
    /// `GET /api/v1/funding/totals`.
    func getFundingTotals(_ input: Operations.GetFundingTotals.Input) async throws
        -> Operations.GetFundingTotals.Output
    {
        let req = try request
        try req.require(.readProgramme)
        let q = input.query
        let query = try FundingFigures.query(
            asOf: q.asOf,
            by: q.by,
            state: q.state,
            from: q.from,
            to: q.to,
            flow: q.flow,
            origin: q.origin?.rawValue,
            registry: req.minefree.registry
        )
        let totals = try await FundingFigures.totals(query, on: req)
        return .ok(
            .init(
                body: .json(
                    .init(
                        asOf: query.asOf.iso,
                        by: query.by.map(\.rawValue),
                        flows: query.selection.flows.map(\.rawValue).sorted(),
                        totalUsd: (totals.totalUSD * 100).rounded() / 100,
                        contributions: totals.count,
                        rows: totals.rows.map {
                            .init(key: $0.key, usd: ($0.usd * 100).rounded() / 100, contributions: $0.contributions)
                        },
                        unconverted: totals.unconverted.map {
                            .init(
                                currency: $0.currency,
                                year: $0.year,
                                amount: $0.amount,
                                contributions: $0.contributions
                            )
                        }
                    )
                )
            )
        )
    }

    /// `GET /api/v1/funding/measures`.
    func getFundingMeasures(_ input: Operations.GetFundingMeasures.Input) async throws
        -> Operations.GetFundingMeasures.Output
    {
        let req = try request
        try req.require(.readProgramme)
        let q = input.query
        let date = try Parameters.day(q.asOf)
        let recipient = try q.state.map { try Parameters.state($0, in: req.minefree.registry).iso3 }
        let period = try FundingFigures.period(from: q.from, to: q.to, asOf: date)
        let (m, _) = try await FundingFigures.measures(recipient: recipient, period: period, asOf: date, on: req)
        return .ok(
            .init(
                body: .json(
                    .init(
                        asOf: date.iso,
                        recipient: recipient,
                        nationalUsd: m.nationalUSD.rounded(),
                        internationalUsd: m.internationalUSD.rounded(),
                        internationalShare: m.internationalShare.map { ($0 * 10000).rounded() / 10000 },
                        releasedM2: m.releasedSquareMetres,
                        usdPerM2: m.usdPerSquareMetre.map { ($0 * 100).rounded() / 100 }
                    )
                )
            )
        )
    }

    /// `GET /api/v1/implementation-records/{layer}`.
    func listImplementationRecords(_ input: Operations.ListImplementationRecords.Input) async throws
        -> Operations.ListImplementationRecords.Output
    {
        let req = try request
        try req.require(.readProgramme)
        // The path's enum lists exactly the implementation layers' names (the access tests read every one).
        guard
            let info = ImplementationLayers.all.lazy.map({ $0.info }).first(where: {
                $0.name == input.path.layer.rawValue
            })
        else { throw Abort(.notFound) }
        let date = try Parameters.day(input.query.asOf)
        let page = try Parameters.page(limit: input.query.limit, offset: input.query.offset)
        let (total, rows) = try await RecordRepository(database: req.minefree.store.database).pageRows(
            info,
            asOf: date,
            limit: page.limit,
            offset: page.offset
        )
        return .ok(
            .init(
                body: .json(
                    .init(
                        layer: info.name,
                        asOf: date.iso,
                        page: APIMapping.page(total: total, limit: page.limit, offset: page.offset),
                        items: try APIMapping.objects(rows, info).map { .init(additionalProperties: $0) }
                    )
                )
            )
        )
    }

    /// `GET /api/v1/figures`.
    func listSourcedFigures(_ input: Operations.ListSourcedFigures.Input) async throws
        -> Operations.ListSourcedFigures.Output
    {
        let req = try request
        try req.require(.readProgramme)
        let q = input.query
        let date = try Parameters.day(q.asOf)
        let iso3 = try q.state.map { try Parameters.state($0, in: req.minefree.registry).iso3 }
        let figures = SourcedFigure.select(
            try await SourcedFigureRepository(database: req.minefree.store.database).figures(asOf: date),
            state: iso3,
            topic: q.topic.flatMap { FigureReport.Topic(rawValue: $0.rawValue) }
        )
        return .ok(
            .init(
                body: .json(
                    .init(
                        asOf: date.iso,
                        items: figures.map { f in
                            .init(
                                state: f.state,
                                topic: f.topic.rawValue,
                                year: f.year,
                                lowest: Int64(f.lowest),
                                highest: Int64(f.highest),
                                agree: f.agree,
                                adopted: f.adopted?.localID,
                                reason: f.adoption?.reason,
                                reports: f.reports.map {
                                    .init(
                                        id: $0.localID,
                                        low: Int64($0.low),
                                        high: $0.high.map(Int64.init),
                                        source: $0.source,
                                        sourceKind: $0.sourceKind?.rawValue,
                                        reported: $0.reported.iso
                                    )
                                }
                            )
                        }
                    )
                )
            )
        )
    }

    /// `GET /api/v1/use-of-mines`: the reference data's reports for everyone, the programme's records beside them
    /// for roles that read programme data.
    func listUseReports(_ input: Operations.ListUseReports.Input) async throws -> Operations.ListUseReports.Output {
        let req = try request
        let q = input.query
        let date = try Parameters.day(q.asOf)
        let registry = req.minefree.registry
        let state = try q.state.map { try Parameters.state($0, in: registry).iso3 }
        if let year = q.year, !(1900...2200).contains(year) {
            throw Problem.badValue("year", String(year), expected: "a year from 1900 to 2200")
        }
        let programme = req.account.role.may(.readProgramme)
        let cases = UseOfMines.select(
            try await UseOfMinesRepository(database: req.minefree.store.database)
                .cases(registry: registry, asOf: date, programme: programme),
            state: state,
            actor: q.actor,
            year: q.year,
            status: q.status.flatMap { UseAssessment.Status(rawValue: $0.rawValue) },
            weapon: q.weapon.flatMap { UseReport.Weapon(rawValue: $0.rawValue) },
            statesPartiesOnly: q.statesParties == true,
            openOnly: q.open == true
        )
        typealias Item = Operations.ListUseReports.Output.Ok.Body.JsonPayload.ItemsPayloadPayload
        let items: [Item] = cases.map { c in
            let r = c.report
            return Item(
                id: r.localID,
                actorKind: .init(rawValue: r.actorKind.rawValue)!,
                actorState: r.actorState,
                actorName: r.actorName,
                actorWasStateParty: c.actorWasStateParty,
                territory: r.territory,
                adminArea: r.adminArea,
                place: r.place,
                lat: r.location?.lat,
                lon: r.location?.lon,
                period: r.periodText,
                weapon: .init(rawValue: r.weapon.rawValue)!,
                device: r.device,
                reported: r.reported.iso,
                sourceKind: r.sourceKind.rawValue,
                source: r.source,
                confidence: r.confidence?.rawValue,
                status: .init(rawValue: c.status.rawValue)!,
                answered: c.answered,
                assessments: c.assessments.map {
                    .init(
                        id: $0.localID,
                        status: .init(rawValue: $0.status.rawValue)!,
                        assessed: $0.assessed.iso,
                        assessedBy: $0.assessedBy,
                        source: $0.source
                    )
                },
                responses: c.responses.map {
                    .init(
                        id: $0.localID,
                        responded: $0.responded.iso,
                        responderKind: $0.responderKind.rawValue,
                        responder: $0.responder,
                        kind: .init(rawValue: $0.kind.rawValue)!,
                        summary: $0.summary,
                        contactId: $0.contactID,
                        source: $0.source
                    )
                }
            )
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        asOf: date.iso,
                        programmeRecords: programme,
                        items: items,
                        byYear: UseOfMines.byYearAndActor(cases).map {
                            .init(year: $0.year, actor: $0.actor, reports: $0.reports)
                        }
                    )
                )
            )
        )
    }

    /// `GET /api/v1/stockpile-ledger`.
    func listStockBalances(_ input: Operations.ListStockBalances.Input) async throws
        -> Operations.ListStockBalances.Output
    {
        let req = try request
        try req.require(.readProgramme)
        let q = input.query
        let date = try Parameters.day(q.asOf)
        let convention: Convention = q.convention.flatMap { Convention(rawValue: $0.rawValue) } ?? .apmbc
        let records = try await StockpileRepository(database: req.minefree.store.database).records(asOf: date)
        let ledger = StockpileLedger(registry: req.minefree.registry.including(records, asOf: date), records: records)
        var balances = ledger.balances(convention: convention, on: date)
        if let code = q.state {
            let iso3 = try Parameters.state(code, in: req.minefree.registry).iso3
            balances = ledger.balances(of: iso3, convention: convention, on: date)
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        asOf: date.iso,
                        items: balances.map {
                            .init(
                                iso3: $0.iso3,
                                unit: .init(rawValue: $0.unit.rawValue) ?? .mines,
                                counted: $0.base.quantity,
                                countedOn: $0.base.dateText,
                                countedTypes: $0.base.mineType,
                                countedRecord: $0.base.recordID,
                                destroyed: $0.destroyed,
                                destructions: $0.destructions,
                                found: $0.found,
                                transferredIn: $0.transferredIn,
                                transferredOut: $0.transferredOut,
                                remaining: $0.remaining,
                                overdrawn: $0.isOverdrawn,
                                explanation: $0.explanation
                            )
                        }
                    )
                )
            )
        )
    }

    /// `GET /api/v1/interim-steps`.
    func listInterimSteps(_ input: Operations.ListInterimSteps.Input) async throws -> Operations.ListInterimSteps.Output
    {
        let req = try request
        try req.require(.readProgramme)
        let q = input.query
        let date = try Parameters.day(q.asOf)
        let registry = req.minefree.registry
        if let year = q.year, !(1997...2100).contains(year) {
            throw Problem.badValue("year", String(year), expected: "a year from 1997 to 2100")
        }
        let years = q.years ?? 10
        guard (1...30).contains(years) else {
            throw Problem.badValue("years", String(years), expected: "a number of years from 1 to 30")
        }
        let records = try await AdvocacyRepository(database: req.minefree.store.database).records(asOf: date)
        let rows = StepYear.select(
            registry: registry,
            state: try q.state.map { try Parameters.state($0, in: registry).iso3 },
            year: q.year,
            years: years,
            records: records,
            asOf: date
        )
        return .ok(
            .init(
                body: .json(
                    .init(
                        asOf: date.iso,
                        possible: StepYear.possible,
                        items: rows.map {
                            .init(
                                iso3: $0.iso3,
                                year: $0.year,
                                status: $0.status.rawValue,
                                vote: $0.vote.flatMap { .init(rawValue: $0.rawValue) },
                                treatyMeetings: $0.treatyMeetings,
                                steps: $0.steps.map(\.rawValue),
                                reasons: $0.reasons,
                                contacts: $0.contacts,
                                taken: $0.taken
                            )
                        }
                    )
                )
            )
        )
    }
}
