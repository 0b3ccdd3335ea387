import Foundation
import MineFreeCore
import MineFreeStore
import Vapor

/// What every request reads: the store, the treaty registry (reference data, loaded at start), settings,
/// and the string catalogue.
public final class MineFreeServices: Sendable {
    public let store: Store
    public let registry: TreatyRegistry
    public let settings: ServerSettings
    let catalogue: Catalogue
    let signInThrottle: SignInThrottle
    /// Figures and answers kept for one store generation and day.
    let readCache: ReadCache
    /// The store's generation and the bearer tokens' accounts, read once for all the requests waiting at a time.
    let storeStateReads: StoreStateReads
    /// Today's ranking and forecast computed in the background after the store changes (`settings.warmPlanning`).
    let planningWarmer = PlanningWarmer()

    init(
        store: Store,
        registry: TreatyRegistry,
        settings: ServerSettings,
        catalogue: Catalogue,
        signInThrottle: SignInThrottle = SignInThrottle()
    ) {
        self.signInThrottle = signInThrottle
        self.readCache = ReadCache(maxBytes: settings.cacheBytes)
        self.storeStateReads = StoreStateReads { [store] hashes in
            try await AccountRepository(database: store.stateDatabase).storeStateAndAccounts(forTokenHashes: hashes)
        }
        self.store = store
        self.registry = registry
        self.settings = settings
        self.catalogue = catalogue
    }

    var land: LandRepository { LandRepository(database: store.database) }
    var records: RecordRepository { RecordRepository(database: store.database) }
    var accounts: AccountRepository { AccountRepository(database: store.database) }
}

extension Application {
    private struct ServicesKey: StorageKey { typealias Value = MineFreeServices }

    public var minefree: MineFreeServices {
        get {
            guard let services = storage[ServicesKey.self] else {
                fatalError("MineFreeServer.configure was not called")
            }
            return services
        }
        set { storage[ServicesKey.self] = newValue }
    }
}

extension Request {
    var minefree: MineFreeServices { application.minefree }
}

/// `as_of` and the other shared parameters, parsed once with a problem naming the field when bad.
enum Parameters {
    /// A state named by an ISO alpha-3 or alpha-2 code in `field`, or a 400 naming the value.
    static func state(_ code: String, field: String = "state", in registry: TreatyRegistry) throws -> State {
        guard let state = registry.state(code) else {
            throw Problem.badValue(
                field,
                String(code.prefix(10)),
                expected: "an ISO 3166-1 alpha-3 or alpha-2 code such as TJK"
            )
        }
        return state
    }

    static func day(_ text: String?, field: String = "as_of") throws -> CalendarDate {
        guard let text, !text.isEmpty else { return .today() }
        guard let day = CalendarDate(iso: text) else {
            throw Problem.badValue(field, text, expected: "a day as YYYY-MM-DD")
        }
        let range = CalendarDate.asOfRange()
        guard range.contains(day) else {
            throw Problem.badValue(
                field,
                text,
                expected: "a day from \(range.lowerBound.iso) to \(range.upperBound.iso)"
            )
        }
        return day
    }

    static func optionalDay(_ text: String?, field: String) throws -> CalendarDate? {
        guard let text, !text.isEmpty else { return nil }
        return try day(text, field: field)
    }

    /// The region codes a `region` parameter covers (nil: no filter); an unknown region is a 400 naming it.
    static func regions(_ text: String?, land: LandRepository) async throws -> Set<String>? {
        guard let text, !text.isEmpty else { return nil }
        do {
            return try await land.regionsCovered(by: text)
        } catch let unknown as RegionFilter.Unknown {
            throw Problem.badValue(
                "region",
                text,
                expected: "a recorded admin area P-code or region code: "
                    + unknown.known.prefix(20).joined(separator: ", ")
            )
        }
    }

    /// A page number of a web list (absent: 1): 1 up to the page that holds the last of `Int32.max` rows, never an
    /// offset that overflows.
    static func pageNumber(_ text: String?, perPage: Int) throws -> Int {
        guard let text, !text.isEmpty else { return 1 }
        let last = Int(Int32.max) / perPage
        guard let number = Int(text), (1...last).contains(number) else {
            throw Problem.badValue("page", text, expected: "a page from 1 to \(last)")
        }
        return number
    }

    static func page(limit: Int?, offset: Int?, maximum: Int = 1000, defaultLimit: Int = 100) throws -> (
        limit: Int, offset: Int
    ) {
        let limit = limit ?? defaultLimit
        let offset = offset ?? 0
        guard (1...maximum).contains(limit) else {
            throw Problem.badValue("limit", String(limit), expected: "1 to \(maximum)")
        }
        guard (0...Int(Int32.max)).contains(offset) else {
            throw Problem.badValue("offset", String(offset), expected: "0 to \(Int32.max)")
        }
        return (limit, offset)
    }
}
