import FluentKit

/// Every migration, in the order it runs. Append; never reorder or edit one that has shipped:
/// stores in the field have applied it already.
public enum MineFreeMigrations {
    public static var all: [any Migration] {
        var migrations: [any Migration] = []
        do {  // Migration 001 - treaty registry
            migrations.append(CreateTreatyRegistry())
        }
        do {  // Migration 002 - land: hazards, land release, settlements, roads, infrastructure, casualty events
            migrations.append(CreateLand())
        }
        do {
            // Migration 003 - land: organisations, admin areas, activities, device finds, assets and downtime; release handover
            migrations.append(CreateLandActivities())
        }
        do {  // Migration 004 - accounts, API tokens, audit log, submissions for review
            migrations.append(CreateAccounts())
        }
        do {  // Migration 005 - land: the admin area each settlement lies in
            migrations.append(PlaceSettlements())
        }
        do {  // Migration 006 - land: a hazardous area's information source, evidence and further contamination
            migrations.append(RecordHazardEvidence())
        }
        do {  // Migration 007 - accounts: browser sessions kept in the store
            migrations.append(CreateWebSessions())
        }
        do {  // Migration 008 - records: one name per field in every table, extra properties, a release's polygon
            migrations.append(NameEveryFieldOnce())
        }
        do {  // Migration 009 - people: casualties move from casualty_events to the People area's table
            migrations.append(MoveCasualtiesToPeople())
        }
        do {  // Migration 010 - accounts: sessions found by their expiry
            migrations.append(IndexSessionExpiry())
        }
        do {  // Migration 011 - accounts: the audit log's client address and hash chain; UPDATE and DELETE refused
            migrations.append(ChainAuditLog())
        }
        do {  // Migration 012 - reads: the store's generation, kept per-hazard release totals, date indexes
            migrations.append(KeepReadFigures())
        }
        do {  // Migration 013 - people: accidents, one row per source's report
            migrations.append(CreateAccidents())
        }
        do {  // Migration 014 - people: an authority's decisions on which accident reports are one accident
            migrations.append(RecordAccidentDecisions())
        }
        do {  // Migration 015 - people: victim assistance (survivors, needs, services)
            migrations.append(CreateVictimAssistance())
        }
        do {  // Migration 016 - people: risk education (EORE sessions, community awareness groups)
            migrations.append(CreateRiskEducation())
        }
        do {  // Migration 017 - people: personal data in its own table; the store's key for pseudonyms
            migrations.append(KeepPersonalDataApart())
        }
        do {  // Migration 018 - land: settlements' people as dated figures; hazards' land use
            migrations.append(RecordSettlementFiguresAndLandUse())
        }
        do {  // Migration 019 - treaty implementation: stockpile figures and retained mines (reference data)
            migrations.append(RecordStockpilesAndRetainedMines())
        }
        do {  // Migration 020 - treaty implementation: votes on the UNGA resolution (reference data)
            migrations.append(RecordUNGAVotes())
        }
        do {  // Migration 021 - treaty implementation: national implementation measures (Art 9; reference data)
            migrations.append(RecordNationalMeasures())
        }
        do {  // Migration 022 - treaty implementation: funding (contributions, projects) and exchange rates
            migrations.append(CreateFunding())
        }
        do {  // Migration 023 - treaty implementation: advocacy (events, attendance, pledges, steps, contacts, media)
            migrations.append(CreateAdvocacy())
        }
        do {  // Migration 024 - treaty implementation: cluster munition stockpile figures (CCM Art 3; reference data)
            migrations.append(RecordClusterMunitionStockpiles())
        }
        do {  // Migration 025 - treaty implementation: stockpile records (figures, destructions, retained mines,
            // Art 9 measures, production facilities, transfers)
            migrations.append(CreateStockpileRecords())
        }
        do {  // Migration 026 - treaty implementation: action plans and published figures (reference data); the
            // plans' actions, indicators and values (records)
            migrations.append(CreateActionPlans())
        }
        do {  // Migration 027 - treaty: obligations reopened by mined areas found after completion
            migrations.append(RecordReopenedObligations())
        }
        do {  // Migration 028 - treaty: participation in CCW Amended Protocol II and Protocol V, the CRPD
            migrations.append(RecordInstrumentParticipation())
        }
        do {  // Migration 029 - treaty implementation: figures sources disagree on, and the value adopted
            migrations.append(CreateSourcedFigures())
        }
        do {  // Migration 030 - treaty: cluster munitions held by states outside the CCM (reference data)
            migrations.append(RecordNotPartyClusterStocks())
        }
        do {  // Migration 031 - treaty implementation: use of mines (reports, assessments, responses) and the
            // reference data's rows of such layers
            migrations.append(CreateUseOfMines())
        }
        do {  // Migration 032 - treaty: the Art 7 reporting record and compliance rates (reference data)
            migrations.append(RecordTransparencyReporting())
        }
        do {  // Migration 033 - treaty: extension requests whose decision is not recorded (reference data)
            migrations.append(RecordExtensionRequests())
        }
        do {  // Migration 034 - treaty: a notice suspending a convention's operation (Ukraine, 2025)
            migrations.append(RecordSuspensionNotices())
        }
        do {  // Migration 035 - treaty: meetings whose extension decisions are only partly recorded
            migrations.append(RecordPartlyRecordedMeetings())
        }
        do {  // Migration 036 - treaty: the day and meeting a completion was declared
            migrations.append(RecordCompletionDeclarations())
        }
        return migrations
    }
}
