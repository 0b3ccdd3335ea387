import Foundation

/// How hazards are ranked for clearance: named factors, each a measure of what a hazard blocks or threatens (people
/// and displaced households beside it, a road it cuts off, the health post, school or water point it sits next to,
/// recent casualties nearby), normalised to 0…1 and weighted. A hazard's score is the sum of weight × normalised
/// value over the factors, in their order; the weights need not add up to 1 (the score's ceiling is their sum).
///
/// A programme edits its model as a JSON file (docs/priority-model.json is the default, `PriorityModel.default`).
/// Several factors may share a kind, each with its own name, so "water points within 2 km" can be weighted apart from
/// "health and schools within 500 m".
public struct PriorityModel: Sendable, Hashable {
    public var name: String
    public var description: String?
    public var factors: [Factor]

    public init(name: String, description: String? = nil, factors: [Factor]) {
        self.name = name
        self.description = description
        self.factors = factors
    }

    public struct Factor: Sendable, Hashable {
        public enum Kind: String, CaseIterable, Sendable, Codable {
            /// Σ population of the settlements within `radiusM` of the polygon, full at `normaliser` people.
            case population
            /// Σ displaced households of the settlements within `radiusM`: land they cannot return to.
            case displacedHouseholds = "displaced_households"
            /// Distance to the nearest road of `roadClasses`, capped at `capM`: 1 on the road, 0 at the cap or beyond.
            case roadDistance = "road_distance"
            /// Σ `typeWeights[type]` of the infrastructure points within `radiusM`, full at `normaliser`.
            case infrastructure
            /// Casualties within `radiusM` in the `years` before the as-of day, full at `normaliser`.
            case casualties
            /// What the hazard's land would serve once released: the largest of `useWeights` (0…1) over its land uses
            /// (farmland and grazing families need to return, above forest); 0 where none is recorded.
            case landUse = "land_use"
            /// 1 where the hazard can be worked on the day, 0 where it is inaccessible (security, season, access).
            case accessibility
            /// Days of clearance the remaining area takes at `m2PerDay`: 1 for nothing left, 0 at `normaliser` days or
            /// more — cheaper areas first, the quick wins that free land soonest.
            case clearanceCost = "clearance_cost"
            /// People cut off: Σ population of the settlements within `radiusM` of a road of `roadClasses` that passes
            /// within `capM` of the hazard (each settlement once), full at `normaliser` — a minefield across the
            /// road to a village blocks the whole village.
            case blockedAccess = "blocked_access"
        }

        /// The factor's own name: its column in outputs, and what a comparison of two models matches factors by.
        public var name: String
        public var kind: Kind
        public var weight: Double
        /// Metres from the polygon within which (≤) things count; every kind but `roadDistance`.
        public var radiusM: Double?
        /// The raw value at which the factor counts in full; every kind but `roadDistance`.
        public var normaliser: Double?
        /// `roadDistance`: metres from which a road no longer counts.
        public var capM: Double?
        public var roadClasses: [RoadClass]?
        /// `infrastructure`: the weight of each type counted; types left out do not count.
        public var typeWeights: [InfrastructureType: Double]?
        /// `casualties`: the window, `[asOf − years, asOf)`, 29 February a year back being 28 February.
        public var years: Int?
        /// `landUse`: the weight (0…1) of each use counted; uses left out count 0.
        public var useWeights: [LandUse: Double]?
        /// `clearanceCost`: the m² a working day clearance achieves (e.g. `minefree forecast --achieved`'s figure).
        public var m2PerDay: Double?

        public init(
            name: String,
            kind: Kind,
            weight: Double,
            radiusM: Double? = nil,
            normaliser: Double? = nil,
            capM: Double? = nil,
            roadClasses: [RoadClass]? = nil,
            typeWeights: [InfrastructureType: Double]? = nil,
            years: Int? = nil,
            useWeights: [LandUse: Double]? = nil,
            m2PerDay: Double? = nil
        ) {
            self.name = name
            self.kind = kind
            self.weight = weight
            self.radiusM = radiusM
            self.normaliser = normaliser
            self.capM = capM
            self.roadClasses = roadClasses
            self.typeWeights = typeWeights
            self.years = years
            self.useWeights = useWeights
            self.m2PerDay = m2PerDay
        }

        /// The JSON keys each kind takes (all required), besides `name`, `kind` and `weight`.
        static func keys(of kind: Kind) -> [Key] {
            switch kind {
            case .population, .displacedHouseholds: [.radiusM, .normaliser]
            case .roadDistance: [.capM, .roadClasses]
            case .infrastructure: [.radiusM, .typeWeights, .normaliser]
            case .casualties: [.radiusM, .years, .normaliser]
            case .landUse: [.useWeights]
            case .accessibility: []
            case .clearanceCost: [.m2PerDay, .normaliser]
            case .blockedAccess: [.capM, .roadClasses, .radiusM, .normaliser]
            }
        }
    }

    /// The benchmark's score (WORKLOAD §4.2, B2): people within 1 km (full at 5,000), displaced households within 1 km
    /// (full at 500), the nearest primary or secondary road (capped at 5 km), infrastructure within 500 m weighted by
    /// type (full at 10), casualties within 2 km in the last 5 years (full at 5).
    public static let `default` = PriorityModel(
        name: "default",
        description: "WORKLOAD B2: people, displaced households, roads, infrastructure and recent casualties nearby",
        factors: [
            Factor(name: "pop1k", kind: .population, weight: 0.35, radiusM: 1000, normaliser: 5000),
            Factor(name: "idp1k", kind: .displacedHouseholds, weight: 0.20, radiusM: 1000, normaliser: 500),
            Factor(name: "road_m", kind: .roadDistance, weight: 0.15, capM: 5000, roadClasses: [.primary, .secondary]),
            Factor(
                name: "infra",
                kind: .infrastructure,
                weight: 0.15,
                radiusM: 500,
                normaliser: 10,
                typeWeights: [.health: 3, .school: 3, .water: 2, .power: 2, .culturalHeritage: 1]
            ),
            Factor(name: "cas", kind: .casualties, weight: 0.15, radiusM: 2000, normaliser: 5, years: 5),
        ]
    )

    /// Radii and caps are bounded: past 100 km "nearby" means nothing, and every hazard would query everything.
    public static let maximumDistanceM = 100_000.0
    public static let maximumYears = 100

    public func factor(named name: String) -> Factor? { factors.first { $0.name == name } }

    /// The model as its file holds it: pretty, keys sorted, so two versions diff line by line.
    public func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data()
    }

    /// Reads a model file, every rule checked; the error names `file`, the key path and the value at fault.
    public static func decode(from data: Data, file: String) throws -> PriorityModel {
        do {
            return try JSONDecoder().decode(PriorityModel.self, from: data)
        } catch var error as PriorityModelError {
            error.file = file
            throw error
        } catch let error as DecodingError {
            throw PriorityModelError(decoding: error, data: data, file: file)
        }
    }
}

/// A model file refused: which file, where in it, what it held, and why.
public struct PriorityModelError: Error, CustomStringConvertible, Sendable, Hashable {
    public var file: String
    /// `factors[2].weight`; empty for the whole document.
    public var keyPath: String
    /// The value found, as JSON (`-0.1`, `"farm"`), or `(missing)`.
    public var value: String
    public var problem: String

    public var description: String {
        "\(file): \(keyPath.isEmpty ? "(document)" : keyPath) = \(value): \(problem)"
    }

    init(path: [any CodingKey], value: String, problem: String) {
        file = ""
        keyPath = Self.keyPath(path)
        self.value = value
        self.problem = problem
    }

    static func keyPath(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let i = key.intValue {
                text += "[\(i)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }

    /// JSONDecoder says where and what it expected, not what it found: the value is read back from the document.
    init(decoding error: DecodingError, data: Data, file: String) {
        let path: [any CodingKey]
        let problem: String
        var missing = false
        switch error {
        case .typeMismatch(let type, let context):
            path = context.codingPath
            problem = "expected \(Self.jsonName(of: type))"
        case .valueNotFound(let type, let context):
            path = context.codingPath
            problem = "expected \(Self.jsonName(of: type))"
        case .keyNotFound(let key, let context):
            path = context.codingPath + [key]
            problem = "required"
            missing = true
        case .dataCorrupted(let context):
            path = context.codingPath
            problem = context.underlyingError.map { "not JSON: \($0.localizedDescription)" } ?? context.debugDescription
        @unknown default:
            path = []
            problem = "\(error)"
        }
        self.init(path: path, value: missing ? "(missing)" : Self.value(at: path, in: data), problem: problem)
        self.file = file
    }

    static func jsonName(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "a whole number"
        case is Double.Type: "a number"
        case is [String: Double].Type: "an object of numbers"
        default: "\(type)"
        }
    }

    /// The JSON text at `path` in `data`, short; `(missing)` where nothing is.
    static func value(at path: [any CodingKey], in data: Data) -> String {
        guard var node = try? JSONDecoder().decode(JSONValue.self, from: data) else { return "(not JSON)" }
        for key in path {
            switch node {
            case .list(let list) where key.intValue.map(list.indices.contains) == true: node = list[key.intValue!]
            case .object(let object) where object[key.stringValue] != nil: node = object[key.stringValue]!
            default: return "(missing)"
            }
        }
        let text = node.text
        return text.count > 80 ? String(text.prefix(77)) + "…" : text
    }

    static func quoted(_ text: String) -> String {
        let short = text.count > 60 ? String(text.prefix(57)) + "…" : text
        return "\"\(short)\""
    }
}

// MARK: - The file's form

extension PriorityModel: Codable {
    enum Key: String, CodingKey, CaseIterable {
        case name, description, factors
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        try Self.refuseUnknownKeys(decoder, known: Key.allCases.map(\.rawValue))
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? "model"
        description = try c.decodeIfPresent(String.self, forKey: .description)
        var list = try c.nestedUnkeyedContainer(forKey: .factors)
        var factors: [Factor] = []
        while !list.isAtEnd { factors.append(try list.decode(Factor.self)) }
        self.factors = factors
        // Across factors: names are what outputs and comparisons go by; a model weighing nothing ranks nothing.
        var seen: [String: Int] = [:]
        for (i, f) in factors.enumerated() {
            if let first = seen[f.name] {
                throw PriorityModelError(
                    path: [Key.factors, AnyKey(i), Factor.Key.name],
                    value: PriorityModelError.quoted(f.name),
                    problem: "the name of factors[\(first)] already; each factor needs a name of its own"
                )
            }
            seen[f.name] = i
        }
        let total = factors.reduce(0) { $0 + $1.weight }
        guard total > 0 else {
            throw PriorityModelError(
                path: [Key.factors],
                value: factors.isEmpty ? "[]" : "weights adding up to \(JSONValue.number(total).text)",
                problem: "the weights must add up to more than 0"
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(description, forKey: .description)
        try c.encode(factors, forKey: .factors)
    }

    /// JSONDecoder passes over keys it does not know; in a model file one is a typo ("raduis_m") that would silently
    /// leave a default, so it is refused.
    static func refuseUnknownKeys(_ decoder: any Decoder, known: [String], kind: String? = nil) throws {
        let all = try decoder.container(keyedBy: AnyKey.self)
        for key in all.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) where !known.contains(key.stringValue) {
            let value = (try? all.decode(JSONValue.self, forKey: key))?.text ?? "?"
            let expected = known.joined(separator: ", ")
            throw PriorityModelError(
                path: decoder.codingPath + [key],
                value: value,
                problem: kind.map {
                    "not a key of \("aeiou".contains($0.prefix(1)) ? "an" : "a") \($0) factor: expected \(expected)"
                }
                    ?? "unknown key: expected \(expected)"
            )
        }
    }
}

extension PriorityModel.Factor: Codable {
    enum Key: String, CodingKey, CaseIterable {
        case name, kind, weight
        case radiusM = "radius_m"
        case normaliser
        case capM = "cap_m"
        case roadClasses = "road_classes"
        case typeWeights = "type_weights"
        case years
        case useWeights = "use_weights"
        case m2PerDay = "m2_per_day"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let here = decoder.codingPath
        func fail(_ key: Key, _ value: String, _ problem: String) -> PriorityModelError {
            PriorityModelError(path: here + [key], value: value, problem: problem)
        }
        name = try c.decode(String.self, forKey: .name)
        guard !name.isEmpty, name.count <= 64,
            name.unicodeScalars.allSatisfy({
                CharacterSet.alphanumerics.contains($0) || "_-".unicodeScalars.contains($0)
            })
        else {
            throw fail(.name, PriorityModelError.quoted(name), "1 to 64 letters, digits, '_' or '-' (a column name)")
        }
        let kindText = try c.decode(String.self, forKey: .kind)
        guard let kind = Kind(rawValue: kindText) else {
            throw fail(
                .kind,
                PriorityModelError.quoted(kindText),
                "unknown factor kind: expected one of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        self.kind = kind
        let own = Self.keys(of: kind)
        try PriorityModel.refuseUnknownKeys(
            decoder,
            known: ([.name, .kind, .weight] + own).map(\.rawValue),
            kind: kind.rawValue
        )
        // Everything a kind takes is required: a file that leaves a radius out should not get one it never saw.
        for key in own where !c.contains(key) {
            throw fail(key, "(missing)", "a \(kind.rawValue) factor needs \(key.rawValue)")
        }
        weight = try c.decode(Double.self, forKey: .weight)
        guard weight >= 0, weight.isFinite else {
            throw fail(.weight, JSONValue.number(weight).text, "a weight must be 0 or more")
        }

        func distance(_ key: Key) throws -> Double? {
            guard let d = try c.decodeIfPresent(Double.self, forKey: key) else { return nil }
            guard d > 0, d <= PriorityModel.maximumDistanceM else {
                throw fail(
                    key,
                    JSONValue.number(d).text,
                    "metres: more than 0, at most \(Int(PriorityModel.maximumDistanceM))"
                )
            }
            return d
        }
        radiusM = try distance(.radiusM)
        capM = try distance(.capM)
        normaliser = try c.decodeIfPresent(Double.self, forKey: .normaliser)
        if let n = normaliser, !(n > 0 && n.isFinite) {
            throw fail(.normaliser, JSONValue.number(n).text, "the value that counts in full: more than 0")
        }
        years = try c.decodeIfPresent(Int.self, forKey: .years)
        if let y = years, !(1...PriorityModel.maximumYears).contains(y) {
            throw fail(.years, "\(y)", "whole years: 1 to \(PriorityModel.maximumYears)")
        }
        if c.contains(.roadClasses) {
            var list = try c.nestedUnkeyedContainer(forKey: .roadClasses)
            var classes: [RoadClass] = []
            while !list.isAtEnd {
                let path = here + [Key.roadClasses, AnyKey(list.currentIndex)]
                let text = try list.decode(String.self)
                guard let rc = RoadClass(rawValue: text) else {
                    throw PriorityModelError(
                        path: path,
                        value: PriorityModelError.quoted(text),
                        problem:
                            "unknown road class: expected \(RoadClass.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                if !classes.contains(rc) { classes.append(rc) }
            }
            guard !classes.isEmpty else { throw fail(.roadClasses, "[]", "at least one road class") }
            roadClasses = classes
        }
        if c.contains(.typeWeights) {
            let text = try c.decode([String: Double].self, forKey: .typeWeights)
            var weights: [InfrastructureType: Double] = [:]
            for (key, w) in text.sorted(by: { $0.key < $1.key }) {
                let path = here + [Key.typeWeights, AnyKey(key)]
                guard let type = InfrastructureType(rawValue: key) else {
                    throw PriorityModelError(
                        path: path,
                        value: JSONValue.number(w).text,
                        problem:
                            "unknown infrastructure type '\(key)': expected \(InfrastructureType.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                guard w >= 0, w.isFinite else {
                    throw PriorityModelError(
                        path: path,
                        value: JSONValue.number(w).text,
                        problem: "a type's weight must be 0 or more"
                    )
                }
                weights[type] = w
            }
            guard weights.values.contains(where: { $0 > 0 }) else {
                throw fail(
                    .typeWeights,
                    JSONValue.object(text.mapValues { .number($0) }).text,
                    "at least one type weighing more than 0"
                )
            }
            typeWeights = weights
        }
        if c.contains(.useWeights) {
            let text = try c.decode([String: Double].self, forKey: .useWeights)
            var weights: [LandUse: Double] = [:]
            for (key, w) in text.sorted(by: { $0.key < $1.key }) {
                let path = here + [Key.useWeights, AnyKey(key)]
                guard let use = LandUse(rawValue: key) else {
                    throw PriorityModelError(
                        path: path,
                        value: JSONValue.number(w).text,
                        problem:
                            "unknown land use '\(key)': expected \(LandUse.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                guard w >= 0, w <= 1 else {
                    throw PriorityModelError(
                        path: path,
                        value: JSONValue.number(w).text,
                        problem: "a land use's weight is a share of the factor: 0 to 1"
                    )
                }
                weights[use] = w
            }
            guard weights.values.contains(where: { $0 > 0 }) else {
                throw fail(
                    .useWeights,
                    JSONValue.object(text.mapValues { .number($0) }).text,
                    "at least one land use weighing more than 0"
                )
            }
            useWeights = weights
        }
        m2PerDay = try c.decodeIfPresent(Double.self, forKey: .m2PerDay)
        if let m = m2PerDay, !(m > 0 && m <= 1_000_000) {
            throw fail(.m2PerDay, JSONValue.number(m).text, "m² a working day: more than 0, at most 1000000")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(name, forKey: .name)
        try c.encode(kind, forKey: .kind)
        try c.encode(weight, forKey: .weight)
        try c.encodeIfPresent(radiusM, forKey: .radiusM)
        try c.encodeIfPresent(normaliser, forKey: .normaliser)
        try c.encodeIfPresent(capM, forKey: .capM)
        try c.encodeIfPresent(roadClasses?.map(\.rawValue), forKey: .roadClasses)
        if let typeWeights {
            try c.encode(
                Dictionary(uniqueKeysWithValues: typeWeights.map { ($0.key.rawValue, $0.value) }),
                forKey: .typeWeights
            )
        }
        if let useWeights {
            try c.encode(
                Dictionary(uniqueKeysWithValues: useWeights.map { ($0.key.rawValue, $0.value) }),
                forKey: .useWeights
            )
        }
        try c.encodeIfPresent(m2PerDay, forKey: .m2PerDay)
        try c.encodeIfPresent(years, forKey: .years)
    }
}

/// Any key: to list a container's keys, or to name a list index or a dictionary key in a path.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        stringValue = "\(intValue)"
        self.intValue = intValue
    }
    init(_ string: String) { stringValue = string }
    init(_ index: Int) { self.init(intValue: index) }
}

/// Any JSON value, decoded only to quote it back in an error.
enum JSONValue: Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case list([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        if let c = try? decoder.container(keyedBy: AnyKey.self) {
            var object: [String: JSONValue] = [:]
            for key in c.allKeys { object[key.stringValue] = try c.decode(JSONValue.self, forKey: key) }
            self = .object(object)
        } else if var c = try? decoder.unkeyedContainer() {
            var list: [JSONValue] = []
            while !c.isAtEnd { list.append(try c.decode(JSONValue.self)) }
            self = .list(list)
        } else {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() {
                self = .null
            } else if let b = try? c.decode(Bool.self) {
                self = .bool(b)
            } else if let d = try? c.decode(Double.self) {
                self = .number(d)
            } else {
                self = .string(try c.decode(String.self))
            }
        }
    }

    var text: String {
        switch self {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .number(let d): d == d.rounded() && abs(d) < 1e15 ? "\(Int64(d))" : "\(d)"
        case .string(let s): PriorityModelError.quoted(s)
        case .list(let l): "[" + l.map(\.text).joined(separator: ",") + "]"
        case .object(let o):
            "{"
                + o.sorted { $0.key < $1.key }.map { "\(PriorityModelError.quoted($0.key)):\($0.value.text)" }
                .joined(separator: ",") + "}"
        }
    }
}
