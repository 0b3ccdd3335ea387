import Foundation

/// How far the reference data reaches, file by file: rows, the states they cover, how many rows are confirmed,
/// single-source or unconfirmed, and — for the files every State Party should have a row in — which have none.
public struct ReferenceCoverage: Sendable {
    public struct File: Sendable, Equatable {
        public var name: String
        public var rows: Int
        /// Distinct states the rows name (`ALL` totals left out); nil for files not about states.
        public var states: Int?
        public var confirmed: Int
        public var singleSource: Int
        public var unconfirmed: Int
        /// States that ever were States Parties (deposited, withdrawn included) with no row; nil where a row is
        /// not expected of every State Party.
        public var missing: [String]?
    }

    public let files: [File]

    public init(_ r: TreatyRegistry) {
        func file(
            _ name: String,
            _ provenances: [Provenance],
            states: [String]? = nil,
            expected: Set<String>? = nil
        ) -> File {
            let counts = Dictionary(grouping: provenances, by: \.confidence).mapValues(\.count)
            let named = states.map { Set($0).subtracting([RetainedMinesReport.allStates]) }
            return File(
                name: name,
                rows: provenances.count,
                states: named?.count,
                confirmed: counts[.confirmed] ?? 0,
                singleSource: counts[.singleSource] ?? 0,
                unconfirmed: counts[.unconfirmed] ?? 0,
                missing: expected.map { $0.subtracting(named ?? []).sorted() }
            )
        }
        func everParty(_ c: Convention) -> Set<String> {
            Set(r.participations.filter { $0.convention == c && $0.deposited != nil }.map(\.iso3))
        }
        func reports(_ c: Convention, _ o: Obligation) -> [ObligationReport] {
            r.obligationReports.filter { $0.convention == c && $0.obligation == o }
        }
        func extensions(_ c: Convention, _ o: Obligation) -> [DeadlineExtension] {
            r.extensions.filter { $0.convention == c && $0.obligation == o }
        }
        var files: [File] = [
            file(ReferenceDataLoader.statesFile, r.states.map(\.provenance), states: r.states.map(\.iso3)),
            file(ReferenceDataLoader.conventionsFile, r.conventions.values.map(\.provenance)),
        ]
        for c in Convention.allCases {
            let parties = r.participations.filter { $0.convention == c }
            files.append(
                file(ReferenceDataLoader.participationFile(c), parties.map(\.provenance), states: parties.map(\.iso3))
            )
            let meetings = r.meetings.filter { $0.convention == c }
            files.append(file(ReferenceDataLoader.meetingsFile(c), meetings.map(\.provenance)))
            for o in Obligation.allCases {
                let rows = reports(c, o)
                files.append(
                    file(
                        ReferenceDataLoader.obligationFile(c, o),
                        rows.map(\.provenance),
                        states: rows.map(\.iso3),
                        expected: everParty(c)
                    )
                )
                if c.maximumExtensionYears(for: o) != nil {
                    let granted = extensions(c, o)
                    files.append(
                        file(
                            ReferenceDataLoader.extensionsFile(c, o),
                            granted.map(\.provenance),
                            states: granted.map(\.iso3)
                        )
                    )
                }
            }
        }
        files += [
            file(
                ReferenceDataLoader.extensionRequestsFile,
                r.extensionRequests.map(\.provenance),
                states: r.extensionRequests.map(\.iso3)
            ),
            file(
                ReferenceDataLoader.stockpilesFile,
                r.stockpileFigures.map(\.provenance),
                states: r.stockpileFigures.map(\.iso3)
            ),
            file(
                ReferenceDataLoader.retainedFile,
                r.retainedMines.map(\.provenance),
                states: r.retainedMines.map(\.iso3)
            ),
            file(ReferenceDataLoader.ungaVotesFile, r.ungaVotes.map(\.provenance), states: r.ungaVotes.map(\.iso3)),
            file(
                ReferenceDataLoader.measuresFile,
                r.nationalMeasures.map(\.provenance),
                states: r.nationalMeasures.map(\.iso3),
                expected: everParty(.apmbc)
            ),
            file(
                ReferenceDataLoader.ccmStockpilesFile,
                r.ccmStockpileFigures.map(\.provenance),
                states: r.ccmStockpileFigures.map(\.iso3)
            ),
            file(ReferenceDataLoader.exchangeRatesFile, r.exchangeRates.map(\.provenance)),
            file(ReferenceDataLoader.actionPlansFile, r.actionPlans.map(\.provenance)),
            file(ReferenceDataLoader.planFiguresFile, r.planFigures.map(\.provenance)),
            file(
                ReferenceDataLoader.instrumentsFile,
                r.instrumentParticipations.map(\.provenance),
                states: r.instrumentParticipations.map(\.iso3)
            ),
            file(
                ReferenceDataLoader.notPartyClusterStocksFile,
                r.notPartyClusterStocks.map(\.provenance),
                states: r.notPartyClusterStocks.map(\.iso3)
            ),
            file(
                ReferenceDataLoader.transparencyFile,
                r.transparencyStatements.map(\.provenance),
                states: r.transparencyStatements.map(\.iso3)
            ),
            file(ReferenceDataLoader.complianceRatesFile, r.complianceRates.map(\.provenance)),
            file(
                UseReport.info.name + ".csv",
                r.useOfMines.reports.map { Provenance(source: $0.source, confidence: $0.confidence ?? .unconfirmed) },
                states: r.useOfMines.reports.map(\.territory)
            ),
            file(
                UseAssessment.info.name + ".csv",
                r.useOfMines.assessments.map {
                    Provenance(source: $0.source, confidence: $0.confidence ?? .unconfirmed)
                }
            ),
            file(
                UseResponse.info.name + ".csv",
                r.useOfMines.responses.map { Provenance(source: $0.source, confidence: $0.confidence ?? .unconfirmed) }
            ),
        ]
        self.files = files
    }
}
