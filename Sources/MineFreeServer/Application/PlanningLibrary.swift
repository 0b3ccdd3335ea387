import Foundation
import MineFreeCore
import MineFreeStore

/// The priority models and forecast scenarios the server offers: its defaults (the benchmark's B2 model and B4
/// scenario) and the files of the directories `MINEFREE_PRIORITY_MODELS` and `MINEFREE_SCENARIOS` (each `*.json` one
/// model or scenario, read and checked at start-up; a mistake names the file, key and value and the server does not
/// start). People pick them by name on the pages and in the API.
public struct PlanningLibrary: Sendable {
    public private(set) var models: [PriorityModel] = [.default]
    public private(set) var scenarios: [ForecastScenario] = [.b4, achieved]

    /// B4's teams at the productivity the release records achieved (m² per asset working day by method, in the two
    /// years before the day, `AchievedProductivity`): worked out for each day the forecast is for.
    public static let achieved: ForecastScenario = {
        var s = ForecastScenario.b4
        s.name = "achieved"
        s.description =
            "B4's teams at the m² per working day the release records achieved in the two years before the day (B4's figure where a method achieved nothing)"
        return s
    }()

    public init() {}

    public init(models: [PriorityModel], scenarios: [ForecastScenario]) {
        self.models = [.default] + models
        self.scenarios = [.b4, Self.achieved] + scenarios
    }

    public func model(named name: String) -> PriorityModel? { models.first { $0.name == name } }
    public func scenario(named name: String) -> ForecastScenario? { scenarios.first { $0.name == name } }

    /// A planning file is at most 1 MiB, as on the command line.
    static let maximumFileBytes = 1 << 20
    /// More would make the pages' choices unusable and each a forecast to keep.
    static let maximumFiles = 50

    /// Reads the directories the variables name (nil: none).
    static func load(models modelDirectory: String?, scenarios scenarioDirectory: String?) throws -> PlanningLibrary {
        var library = PlanningLibrary()
        library.models += try read(
            modelDirectory,
            "MINEFREE_PRIORITY_MODELS",
            defaults: library.models.map(\.name),
            decode: PriorityModel.decode(from:file:),
            name: \.name
        )
        library.scenarios += try read(
            scenarioDirectory,
            "MINEFREE_SCENARIOS",
            defaults: library.scenarios.map(\.name),
            decode: ForecastScenario.decode(from:file:),
            name: \.name
        )
        return library
    }

    /// One directory's files, each decoded and checked (its mistake, or a name taken, stops the server naming the
    /// variable), in name order.
    private static func read<T>(
        _ directory: String?,
        _ variable: String,
        defaults: [String],
        decode: (Data, String) throws -> T,
        name: (T) -> String
    ) throws -> [T] {
        guard let directory else { return [] }
        var read: [T] = []
        var taken = defaults
        for (path, data) in try files(in: directory, variable: variable) {
            let item: T
            do {
                item = try decode(data, path)
            } catch {
                // The decoders' errors name the file, the key and the value.
                throw StoreConfiguration.Invalid(variable: variable, value: directory, reason: "\(error)")
            }
            try checkName(name(item), taken: taken, path, variable)
            taken.append(name(item))
            read.append(item)
        }
        return read
    }

    private static func checkName(_ name: String, taken: [String], _ path: String, _ variable: String) throws {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))
        guard !name.isEmpty, name.count <= 60, name.unicodeScalars.allSatisfy(allowed.contains) else {
            throw StoreConfiguration.Invalid(
                variable: variable,
                value: path,
                reason: "name = \"\(name)\": a name is 1 to 60 letters, digits, '-', '_' or '.' (it goes in links)"
            )
        }
        guard !taken.contains(name) else {
            throw StoreConfiguration.Invalid(
                variable: variable,
                value: path,
                reason: "name = \"\(name)\": another file (or the default) already has this name"
            )
        }
    }

    /// The directory's `*.json` files in name order, each bounded.
    private static func files(in directory: String, variable: String) throws -> [(String, Data)] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }
                .sorted()
        } catch {
            throw StoreConfiguration.Invalid(variable: variable, value: directory, reason: "not a readable directory")
        }
        guard names.count <= maximumFiles else {
            throw StoreConfiguration.Invalid(
                variable: variable,
                value: directory,
                reason: "\(names.count) files: at most \(maximumFiles)"
            )
        }
        return try names.map { name in
            let path = (directory as NSString).appendingPathComponent(name)
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
            guard let size, size <= maximumFileBytes,
                let data = FileManager.default.contents(atPath: path)
            else {
                throw StoreConfiguration.Invalid(
                    variable: variable,
                    value: path,
                    reason: "not readable, or larger than 1 MiB"
                )
            }
            return (path, data)
        }
    }
}
