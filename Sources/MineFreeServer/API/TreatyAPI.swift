import Foundation
import MineFreeAPI
import MineFreeCore
import Vapor

extension APIHandler {
    func listStates(_ input: Operations.ListStates.Input) async throws -> Operations.ListStates.Output {
        let req = try request
        let q = input.query
        let date = try Parameters.day(q.asOf)
        let page = try Parameters.page(limit: q.limit, offset: q.offset)
        let registry = req.minefree.registry
        if let region = q.region, !region.isEmpty, !registry.isRegion(region) {
            throw Problem.badValue(
                "region",
                region,
                expected: "an M49 region or sub-region named in the data, e.g. Asia or Central Asia"
            )
        }
        var standings = registry.standings(in: APIMapping.convention(q.convention), asOf: date)
        if let status = q.status { standings = standings.filter { $0.status.rawValue == status.rawValue } }
        if let region = q.region, !region.isEmpty { standings = standings.filter { $0.state.inRegion(region) } }
        let items = standings.dropFirst(page.offset).prefix(page.limit).map(Self.summary)
        return .ok(
            .init(
                body: .json(
                    .init(
                        asOf: date.iso,
                        page: APIMapping.page(total: standings.count, limit: page.limit, offset: page.offset),
                        items: Array(items)
                    )
                )
            )
        )
    }

    static func summary(_ s: TreatyStanding) -> Components.Schemas.StateSummary {
        .init(
            iso3: s.state.iso3,
            name: s.state.name,
            region: s.state.region,
            subRegion: s.state.subRegion,
            convention: s.convention == .ccm ? .ccm : .apmbc,
            status: APIMapping.api(s.status),
            signed: s.signed?.iso,
            deposited: s.deposited?.iso,
            instrument: s.instrument?.rawValue,
            entryIntoForce: s.entryIntoForce?.iso,
            withdrawalEffective: s.withdrawalEffective?.iso
        )
    }

    func getState(_ input: Operations.GetState.Input) async throws -> Operations.GetState.Output {
        let req = try request
        let date = try Parameters.day(input.query.asOf)
        guard let state = req.minefree.registry.state(input.path.code) else {
            throw Problem(
                .notFound,
                "no state with the code '\(input.path.code)': use an ISO 3166-1 alpha-3 or alpha-2 code such as TJK",
                field: "code"
            )
        }
        let standings = Convention.allCases.map { req.minefree.registry.standing(of: state, in: $0, asOf: date) }
        return .ok(
            .init(
                body: .json(
                    .init(
                        iso3: state.iso3,
                        iso2: state.iso2,
                        name: state.name,
                        kind: state.kind.rawValue,
                        region: state.region,
                        subRegion: state.subRegion,
                        unMemberSince: state.unMemberSince?.iso,
                        asOf: date.iso,
                        conventions: standings.map(Self.conventionStanding)
                    )
                )
            )
        )
    }

    static func conventionStanding(_ s: TreatyStanding) -> Components.Schemas.ConventionStanding {
        .init(
            convention: s.convention == .ccm ? .ccm : .apmbc,
            status: APIMapping.api(s.status),
            signed: s.signed?.iso,
            deposited: s.deposited?.iso,
            instrument: s.instrument?.rawValue,
            entryIntoForce: s.entryIntoForce?.iso,
            withdrawalNotified: s.withdrawalNotified?.iso,
            withdrawalExpected: s.withdrawalExpected?.iso,
            withdrawalEffective: s.withdrawalEffective?.iso,
            suspensionNotified: s.suspensionNotified?.iso,
            initialReportDue: s.reporting?.initialReportDue.iso,
            nextReportDue: s.reporting?.nextReportDue.iso,
            transparency: s.convention == .apmbc ? s.transparency.map { reportStanding($0, iso3: nil) } : nil,
            stockpileDestruction: s.stockpileDestruction.map(deadline),
            clearance: s.clearance.map(deadline),
            source: s.provenance?.source
        )
    }

    static func reportStanding(_ r: ReportStanding, iso3: String?) -> Components.Schemas.ReportStanding {
        .init(
            iso3: iso3,
            report: r.kind == .initial ? .initial : .annual,
            year: r.year,
            due: r.due.iso,
            status: .init(rawValue: r.status.rawValue)!,
            submittedOn: r.submittedOn?.iso,
            asOf: r.statement?.asOf.iso,
            source: r.statement?.provenance.source
        )
    }

    static func deadline(_ d: DeadlineStanding) -> Components.Schemas.Deadline {
        .init(
            article: d.article,
            obligation: d.obligation == .clearance ? .clearance : .stockpileDestruction,
            originalDeadline: d.originalDeadline.iso,
            deadline: d.deadline?.iso,
            status: d.status.rawValue,
            completedOn: d.completedOn?.iso,
            completionDeclaredOn: d.completionDeclaredOn?.iso,
            completionDeclaredAt: d.completionDeclaredAt,
            reopenedOn: d.reopenedOn?.iso,
            extensions: d.extensions.map {
                .init(
                    sequence: $0.sequence,
                    meeting: $0.meetingCode,
                    grantedOn: $0.grantedOn?.iso,
                    knownBy: $0.knownBy.iso,
                    newDeadline: $0.newDeadline?.iso,
                    source: $0.provenance.source,
                    confidence: $0.provenance.confidence.rawValue
                )
            },
            source: d.report?.provenance.source,
            confidence: d.report?.provenance.confidence.rawValue
        )
    }

    func listDeadlines(_ input: Operations.ListDeadlines.Input) async throws -> Operations.ListDeadlines.Output {
        let req = try request
        let q = input.query
        let date = try Parameters.day(q.asOf)
        guard (1997...2100).contains(q.year) else {
            throw Problem.badValue("year", String(q.year), expected: "a year from 1997 to 2100")
        }
        let obligation: Obligation = q.obligation == .clearance ? .clearance : .stockpileDestruction
        let convention = APIMapping.convention(q.convention)
        let events = req.minefree.registry.deadlines(obligation, in: convention, year: q.year, asOf: date)
        return .ok(
            .init(
                body: .json(
                    .init(
                        asOf: date.iso,
                        year: q.year,
                        items: events.map { e in
                            .init(
                                iso3: e.state.iso3,
                                name: e.state.name,
                                convention: convention == .ccm ? .ccm : .apmbc,
                                obligation: obligation == .clearance ? .clearance : .stockpileDestruction,
                                deadline: e.deadline.iso,
                                extensionNumber: e.extensionNumber,
                                outcome: APIMapping.api(e.outcome),
                                completedOn: e.completedOn?.iso,
                                completionDeclaredOn: e.completionDeclaredOn?.iso,
                                extensionGrantedLate: e.extensionGrantedLate,
                                unconfirmed: e.isUnconfirmed
                            )
                        }
                    )
                )
            )
        )
    }

    func getUniversalization(_ input: Operations.GetUniversalization.Input) async throws
        -> Operations.GetUniversalization.Output
    {
        let req = try request
        let date = try Parameters.day(input.query.asOf)
        let convention = APIMapping.convention(input.query.convention)
        let u = req.minefree.registry.universalization(of: convention, asOf: date)
        let joins = req.minefree.registry.joinsByYear(of: convention, asOf: date)
        return .ok(
            .init(
                body: .json(
                    .init(
                        convention: convention == .ccm ? .ccm : .apmbc,
                        asOf: date.iso,
                        statesParties: u.statesParties,
                        inForce: u.inForce,
                        unMembers: u.unMembers,
                        unMembersParty: u.unMembersParty,
                        signatoriesNotRatified: u.signatoriesNotRatified.map(\.iso3),
                        unMembersNotParty: u.unMembersNotParty.map(\.iso3),
                        withdrawn: u.withdrawn.map(\.iso3),
                        regions: u.regions.map {
                            .init(
                                region: $0.region,
                                unMembers: $0.unMembers,
                                statesParties: $0.statesParties,
                                signatories: $0.signatories,
                                unMembersNotParty: $0.unMembersNotParty
                            )
                        },
                        joinsByYear: joins.map { .init(year: $0.year, total: $0.total, states: $0.states) }
                    )
                )
            )
        )
    }
}

extension APIHandler {
    static func api(_ f: StockpileFigure) -> Components.Schemas.StockpileFigure {
        .init(
            iso3: f.iso3,
            date: f.dateText,
            datePrecision: .init(rawValue: f.precision.rawValue) ?? .day,
            mineType: f.mineType,
            quantity: f.quantity,
            kind: .init(rawValue: f.kind.rawValue) ?? .remaining,
            source: f.provenance.source,
            confidence: f.provenance.confidence.rawValue,
            notes: f.notes
        )
    }

    /// `GET /api/v1/stockpiles`.
    func listStockpiles(_ input: Operations.ListStockpiles.Input) async throws -> Operations.ListStockpiles.Output {
        let req = try request
        let registry = req.minefree.registry
        let date = try Parameters.day(input.query.asOf)
        var figures = registry.stockpileFigures.sorted { ($0.iso3, $0.date) < ($1.iso3, $1.date) }
        var explanation: String?
        if let code = input.query.state {
            let state = try Parameters.state(code, in: registry)
            figures = registry.stockpileFigures(of: state.iso3)
            explanation = registry.stockpileExplanation(of: state, asOf: date)
        }
        let missed = registry.missedStockpileDeadlines(asOf: date)
        return .ok(
            .init(
                body: .json(
                    .init(
                        asOf: date.iso,
                        explanation: explanation,
                        figures: figures.filter { $0.date < date }.map(Self.api),
                        missed: missed.map { m in
                            .init(
                                iso3: m.state.iso3,
                                name: m.state.name,
                                deadline: m.deadline.iso,
                                held: Self.api(m.held),
                                completedOn: registry.standing(of: m.state, in: .apmbc, asOf: date)
                                    .stockpileDestruction?.completedOn?.iso
                            )
                        }
                    )
                )
            )
        )
    }

    /// `GET /api/v1/retained-mines`.
    func listRetainedMines(_ input: Operations.ListRetainedMines.Input) async throws
        -> Operations.ListRetainedMines.Output
    {
        let req = try request
        let registry = req.minefree.registry
        var reports = registry.retainedMines.sorted { ($0.iso3, $0.year) < ($1.iso3, $1.year) }
        if let code = input.query.state {
            let state = try Parameters.state(code, in: registry)
            reports = registry.retainedMines(of: state.iso3)
        }
        if let year = input.query.year {
            guard (1997...2100).contains(year) else {
                throw Problem.badValue("year", String(year), expected: "a year from 1997 to 2100")
            }
            reports = reports.filter { $0.year == year }
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: reports.map {
                            .init(
                                iso3: $0.iso3,
                                year: $0.year,
                                retained: $0.retained,
                                consumed: $0.consumed,
                                source: $0.provenance.source,
                                confidence: $0.provenance.confidence.rawValue
                            )
                        }
                    )
                )
            )
        )
    }
}

extension APIHandler {
    /// `GET /api/v1/national-measures`.
    func listNationalMeasures(_ input: Operations.ListNationalMeasures.Input) async throws
        -> Operations.ListNationalMeasures.Output
    {
        let registry = try request.minefree.registry
        var measures = registry.nationalMeasures.sorted { $0.iso3 < $1.iso3 }
        if let code = input.query.state {
            let state = try Parameters.state(code, in: registry)
            measures = measures.filter { $0.iso3 == state.iso3 }
        }
        if let status = input.query.status { measures = measures.filter { $0.status.rawValue == status.rawValue } }
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: measures.map {
                            .init(
                                iso3: $0.iso3,
                                status: .init(rawValue: $0.status.rawValue) ?? .adopted,
                                measure: $0.measure,
                                adoptedOn: $0.adoptedOn?.iso,
                                penalSanctions: $0.penalSanctions,
                                source: $0.provenance.source,
                                confidence: $0.provenance.confidence.rawValue
                            )
                        }
                    )
                )
            )
        )
    }

    /// `GET /api/v1/unga-votes`.
    func listUNGAVotes(_ input: Operations.ListUNGAVotes.Input) async throws -> Operations.ListUNGAVotes.Output {
        let registry = try request.minefree.registry
        if let year = input.query.year, !(1997...2100).contains(year) {
            throw Problem.badValue("year", String(year), expected: "a year from 1997 to 2100")
        }
        var votes: [UNGAVote]
        if let code = input.query.state {
            let state = try Parameters.state(code, in: registry)
            votes = registry.ungaVotes(of: state.iso3)
            if let year = input.query.year { votes = votes.filter { $0.year == year } }
        } else if let year = input.query.year {
            votes = registry.ungaVotesOutsideTheTreaty(year: year)
        } else {
            votes = registry.ungaVotes.sorted { ($0.iso3, $0.year) < ($1.iso3, $1.year) }
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: votes.map {
                            .init(
                                iso3: $0.iso3,
                                year: $0.year,
                                forum: .init(rawValue: $0.forum.rawValue) ?? .unspecified,
                                vote: .init(rawValue: $0.vote.rawValue) ?? .absent,
                                resolution: $0.resolution,
                                source: $0.provenance.source,
                                confidence: $0.provenance.confidence.rawValue
                            )
                        }
                    )
                )
            )
        )
    }
}

extension APIHandler {
    static func api(_ p: ActionPlan) -> Components.Schemas.ActionPlan {
        .init(
            code: p.code,
            name: p.name,
            meetingCode: p.meetingCode,
            adoptedOn: p.adoptedOn.iso,
            firstYear: p.firstYear,
            lastYear: p.lastYear,
            actions: p.actions,
            source: p.provenance.source,
            confidence: p.provenance.confidence.rawValue,
            notes: p.notes
        )
    }

    /// `GET /api/v1/action-plans`.
    func listActionPlans(_ input: Operations.ListActionPlans.Input) async throws -> Operations.ListActionPlans.Output {
        .ok(.init(body: .json(.init(items: try request.minefree.registry.actionPlans.map(Self.api)))))
    }

    /// `GET /api/v1/action-plans/{plan}`.
    func getActionPlanProgress(_ input: Operations.GetActionPlanProgress.Input) async throws
        -> Operations.GetActionPlanProgress.Output
    {
        let req = try request
        let registry = req.minefree.registry
        let date = try Parameters.day(input.query.asOf)
        guard let plan = registry.actionPlan(input.path.plan.rawValue) else {
            throw Problem(
                .notFound,
                "no action plan '\(input.path.plan.rawValue)' in the reference data",
                field: "plan"
            )
        }
        let progress = ActionPlanProgress(plan: plan, registry: registry, asOf: date)
        var state: Operations.GetActionPlanProgress.Output.Ok.Body.JsonPayload.StatePayload?
        if let code = input.query.state {
            let s = StatePlanProgress(
                state: try Parameters.state(code, in: registry),
                plan: plan,
                registry: registry,
                asOf: date
            )
            state = .init(
                iso3: s.state.iso3,
                start: s.start.iso,
                end: s.end.iso,
                rows: s.rows.map { .init(question: $0.question, atStart: $0.atStart, now: $0.now) }
            )
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        plan: Self.api(plan),
                        asOf: date.iso,
                        years: progress.years,
                        measures: progress.measures.map { row in
                            .init(
                                measure: row.measure.rawValue,
                                title: row.measure.title,
                                kind: .init(rawValue: row.measure.kind.rawValue) ?? .onDay,
                                planTotal: row.planTotal,
                                values: row.values.map {
                                    .init(
                                        year: $0.year,
                                        value: $0.value,
                                        states: $0.states,
                                        undated: $0.undated,
                                        unknown: $0.unknown
                                    )
                                }
                            )
                        },
                        published: progress.published.map {
                            .init(
                                year: $0.figure.year,
                                measure: $0.figure.measure?.rawValue,
                                description: $0.figure.description,
                                value: $0.figure.value,
                                denominator: $0.figure.denominator,
                                computed: $0.computed?.value,
                                source: $0.figure.provenance.source,
                                confidence: $0.figure.provenance.confidence.rawValue,
                                notes: $0.figure.notes
                            )
                        },
                        state: state
                    )
                )
            )
        )
    }
}

extension APIHandler {
    /// `GET /api/v1/transparency`.
    func listTransparencyReports(_ input: Operations.ListTransparencyReports.Input) async throws
        -> Operations.ListTransparencyReports.Output
    {
        let registry = try request.minefree.registry
        let q = input.query
        let date = try Parameters.day(q.asOf)
        if let year = q.year, !(1999...2200).contains(year) {
            throw Problem.badValue("year", String(year), expected: "a year from 1999 to 2200")
        }
        var items: [Components.Schemas.ReportStanding] = []
        if let code = q.state {
            let state = try Parameters.state(code, in: registry)
            items = registry.standing(of: state, in: .apmbc, asOf: date).transparency.map {
                Self.reportStanding($0, iso3: state.iso3)
            }
            if let year = q.year { items = items.filter { $0.year == year } }
        } else if let year = q.year {
            items = registry.standings(in: .apmbc, asOf: date).compactMap { s in
                s.transparency.first { $0.year == year }.map { Self.reportStanding($0, iso3: s.state.iso3) }
            }
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        asOf: date.iso,
                        items: items,
                        rates: registry.complianceRates(year: q.year, asOf: date).map {
                            .init(
                                year: $0.year,
                                asOf: $0.asOf.iso,
                                ratePercent: $0.ratePercent,
                                submitted: $0.submitted,
                                statesPartiesDue: $0.statesPartiesDue,
                                source: $0.provenance.source,
                                confidence: $0.provenance.confidence.rawValue,
                                notes: $0.notes
                            )
                        }
                    )
                )
            )
        )
    }

    /// `GET /api/v1/instruments`.
    func listInstrumentStates(_ input: Operations.ListInstrumentStates.Input) async throws
        -> Operations.ListInstrumentStates.Output
    {
        let registry = try request.minefree.registry
        let q = input.query
        let date = try Parameters.day(q.asOf)
        guard let instrument = RelatedInstrument(rawValue: q.instrument.rawValue) else {
            throw Problem.badValue("instrument", q.instrument.rawValue, expected: "ccw_apii, ccw_p5 or crpd")
        }
        let list = registry.states(
            instrument,
            bound: q.bound ?? true,
            apmbcParty: q.apmbc.map { $0 == .party },
            asOf: date
        )
        return .ok(
            .init(
                body: .json(
                    .init(
                        instrument: instrument.rawValue,
                        asOf: date.iso,
                        items: list.map { s in
                            let (status, since) = registry.instrumentStatus(of: s.iso3, in: instrument, asOf: date)
                            return .init(
                                iso3: s.iso3,
                                name: s.name,
                                status: .init(rawValue: status.rawValue) ?? .notJoined,
                                since: since?.iso,
                                apmbcStatus: APIMapping.api(registry.standing(of: s, in: .apmbc, asOf: date).status),
                                source: registry.instrumentParticipation(s.iso3, in: instrument)?.provenance.source
                            )
                        }
                    )
                )
            )
        )
    }
}
