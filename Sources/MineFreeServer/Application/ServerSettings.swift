import Foundation
import Logging
import MineFreeCore
import MineFreeStore

/// The server's settings, from the environment (listed in `.env.example`). A bad value is named at
/// start-up with the variable and the reason, and the server does not start.
public struct ServerSettings: Sendable {
    public var host: String
    public var port: Int
    public var store: StoreConfiguration
    /// The password of the first administrator, created when the store has no account yet.
    /// Unset: a random one is made and printed once.
    public var adminPassword: String?
    /// What the public (not signed in) may read besides the treaty registry: `progress`, `hazards`
    /// (the map and OGC layers). The authority decides what it publishes.
    public var published: Set<PublishedArea>
    /// Hours an API token stays valid.
    public var tokenHours: Int
    /// Where the programme's positions must lie (the country's bounds, lon/lat), checked on every entry.
    public var bounds: BoundingBox?
    /// The programme's baseline survey date: hazards recorded on or after it are newly found contamination.
    public var baseline: CalendarDate?
    /// The largest request body the JSON API reads (bytes); a larger one is a 413 before it is held.
    public var maxBodyBytes: Int = 1 << 20
    /// The largest upload the web import reads (bytes), streamed to temporary files as it arrives.
    public var maxUploadBytes: Int = 256 << 20
    /// The most the kept read answers may hold in memory (bytes), for one store generation and day.
    public var cacheBytes: Int = 128 << 20
    /// The fewest casualties a figure shown to a role without `readPersonalData` may count (smaller ones are
    /// suppressed): a count of one or two in a village and a year can name a person.
    public var minimumCell: Int = 3
    /// Years personal data is kept after it was recorded; at each start the server erases what is older (nil: kept
    /// until erased by person).
    public var personalDataRetentionYears: Int?
    /// The address people reach the server at (`https://mine-action.example.gov`), when a proxy or another
    /// name stands in front of it: links the server writes (OGC) use it, and `https` makes the session cookie
    /// `Secure` and adds HSTS. Unset: links follow the request's Host, over http.
    public var publicURL: URL?
    /// The priority models and forecast scenarios offered beside the defaults (`MINEFREE_PRIORITY_MODELS`,
    /// `MINEFREE_SCENARIOS`: directories of JSON files).
    public var planning = PlanningLibrary()
    /// Whether today's ranking and forecast are computed in the background when the store changes, so the planning
    /// pages answer at once (`MINEFREE_WARM_PLANNING=1`). Off by default: the computation holds the cores while it
    /// runs, which on a small machine slows the requests after every write; without it the first planning request
    /// after new records computes (2 s at national scale) and the rest read kept figures.
    public var warmPlanning = false

    /// Whether people reach the server over TLS (cookies `Secure`, HSTS).
    public var isHTTPS: Bool { publicURL?.scheme == "https" }

    public enum PublishedArea: String, CaseIterable, Sendable {
        case progress, hazards
    }

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        store: StoreConfiguration,
        adminPassword: String? = nil,
        published: Set<PublishedArea> = [.progress],
        tokenHours: Int = 12
    ) {
        self.host = host
        self.port = port
        self.store = store
        self.adminPassword = adminPassword
        self.published = published
        self.tokenHours = tokenHours
    }

    /// The rules records entered through the API and the forms are checked by: the import's, within the bounds.
    public var importRules: ImportRules { ImportRules(bounds: bounds) }

    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> ServerSettings
    {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        var settings = ServerSettings(store: try StoreConfiguration.fromEnvironment(environment))
        if let host = value("MINEFREE_HOST") { settings.host = host }
        if let text = value("MINEFREE_PORT") {
            guard let port = Int(text), (1...65535).contains(port) else {
                throw StoreConfiguration.Invalid(
                    variable: "MINEFREE_PORT",
                    value: text,
                    reason: "expected a port number from 1 to 65535"
                )
            }
            settings.port = port
        }
        if let password = value("MINEFREE_ADMIN_PASSWORD") {
            guard password.count >= 10 else {
                throw StoreConfiguration.Invalid(
                    variable: "MINEFREE_ADMIN_PASSWORD",
                    value: "***",
                    reason: "use at least 10 characters"
                )
            }
            settings.adminPassword = password
        }
        if let text = environment["MINEFREE_PUBLISHED"] {
            var areas = Set<PublishedArea>()
            for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty
            {
                guard let area = PublishedArea(rawValue: part) else {
                    throw StoreConfiguration.Invalid(
                        variable: "MINEFREE_PUBLISHED",
                        value: text,
                        reason:
                            "unknown area '\(part)': expected a comma-separated list of \(PublishedArea.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                areas.insert(area)
            }
            settings.published = areas
        }
        if let text = value("MINEFREE_TOKEN_HOURS") {
            guard let hours = Int(text), (1...8760).contains(hours) else {
                throw StoreConfiguration.Invalid(
                    variable: "MINEFREE_TOKEN_HOURS",
                    value: text,
                    reason: "expected whole hours from 1 to 8760"
                )
            }
            settings.tokenHours = hours
        }
        if let text = value("MINEFREE_BOUNDS") {
            guard let box = BoundingBox(lonLatText: text) else {
                throw StoreConfiguration.Invalid(
                    variable: "MINEFREE_BOUNDS",
                    value: text,
                    reason: "expected minLon,minLat,maxLon,maxLat in degrees"
                )
            }
            settings.bounds = box
        }
        func bytes(_ name: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let text = value(name) else { return nil }
            guard let n = ByteSize.parse(text), range.contains(n) else {
                throw StoreConfiguration.Invalid(
                    variable: name,
                    value: text,
                    reason:
                        "expected a size from \(ByteSize.describe(range.lowerBound)) to \(ByteSize.describe(range.upperBound)), in bytes or with KB, MB or GB"
                )
            }
            return n
        }
        if let text = value("MINEFREE_MINIMUM_CELL") {
            guard let n = Int(text), (1...100).contains(n) else {
                throw StoreConfiguration.Invalid(
                    variable: "MINEFREE_MINIMUM_CELL",
                    value: text,
                    reason:
                        "expected the fewest casualties a published figure may count, from 1 (none suppressed) to 100"
                )
            }
            settings.minimumCell = n
        }
        if let text = value("MINEFREE_PERSONAL_DATA_RETENTION_YEARS") {
            guard let n = Int(text), (1...100).contains(n) else {
                throw StoreConfiguration.Invalid(
                    variable: "MINEFREE_PERSONAL_DATA_RETENTION_YEARS",
                    value: text,
                    reason: "expected whole years from 1 to 100"
                )
            }
            settings.personalDataRetentionYears = n
        }
        if let n = try bytes("MINEFREE_MAX_BODY_BYTES", (1 << 10)...(1 << 30)) { settings.maxBodyBytes = n }
        if let n = try bytes("MINEFREE_MAX_UPLOAD_BYTES", (1 << 20)...(1 << 36)) { settings.maxUploadBytes = n }
        if let n = try bytes("MINEFREE_CACHE_BYTES", 0...(1 << 34)) { settings.cacheBytes = n }
        if let text = value("LOG_LEVEL"), Logger.Level(rawValue: text.lowercased()) == nil {
            throw StoreConfiguration.Invalid(
                variable: "LOG_LEVEL",
                value: text,
                reason: "expected one of trace, debug, info, notice, warning, error, critical"
            )
        }
        if let text = value("MINEFREE_PUBLIC_URL") {
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil,
                url.query == nil, url.fragment == nil
            else {
                throw StoreConfiguration.Invalid(
                    variable: "MINEFREE_PUBLIC_URL",
                    value: text,
                    reason: "expected an http or https address such as https://mine-action.example.gov"
                )
            }
            settings.publicURL = url
        }
        if let text = value("MINEFREE_BASELINE") {
            guard let day = CalendarDate(iso: text) else {
                throw StoreConfiguration.Invalid(
                    variable: "MINEFREE_BASELINE",
                    value: text,
                    reason: "expected a day as YYYY-MM-DD"
                )
            }
            settings.baseline = day
        }
        settings.warmPlanning = value("MINEFREE_WARM_PLANNING") == "1"
        settings.planning = try PlanningLibrary.load(
            models: value("MINEFREE_PRIORITY_MODELS"),
            scenarios: value("MINEFREE_SCENARIOS")
        )
        return settings
    }
}

/// Sizes in settings: `1048576`, `512KB`, `1MB`, `2GB` (binary multiples, as `du -h` means them).
enum ByteSize {
    static func parse(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        for (suffix, shift) in [("KB", 10), ("MB", 20), ("GB", 30), ("K", 10), ("M", 20), ("G", 30), ("B", 0)]
        where t.hasSuffix(suffix) {
            // Bounded before the shift: a shift that overflows drops bits, and 17179869185GB would read as 1 GB.
            guard let n = Int(t.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), n >= 0,
                n <= Int.max >> shift
            else { return nil }
            return n << shift
        }
        return Int(t).flatMap { $0 >= 0 ? $0 : nil }
    }

    static func describe(_ n: Int) -> String {
        if n >= 1 << 30, n % (1 << 30) == 0 { return "\(n >> 30) GB" }
        if n >= 1 << 20, n % (1 << 20) == 0 { return "\(n >> 20) MB" }
        if n >= 1 << 10, n % (1 << 10) == 0 { return "\(n >> 10) KB" }
        return "\(n) bytes"
    }
}
