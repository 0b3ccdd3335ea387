import Foundation

/// What a filter on a region covers, the same for the command line, the API and the pages.
public enum RegionFilter {
    /// A region nobody recorded, with the codes that exist.
    public struct Unknown: Error, CustomStringConvertible, Sendable {
        public let code: String
        public let known: [String]
        public var description: String {
            "unknown region '\(code)': expected one of \(known.isEmpty ? "(no hazards stored)" : known.joined(separator: ", "))"
        }
    }

    /// The region codes a filter on `code` covers. With admin areas recorded, `code` is a P-code at any level
    /// (its letters in either case) and covers every area below it, so a province's figures include its districts;
    /// without, it is one of the programme's own region codes that hazards carry.
    public static func covered(by code: String, areas: [AdminArea], regions: [String]) throws -> Set<String> {
        let wanted = code.trimmingCharacters(in: .whitespaces)
        if let area = areas.first(where: { $0.pcode == wanted })
            ?? areas.first(where: { $0.pcode.caseInsensitiveCompare(wanted) == .orderedSame })
        {
            return AdminArea.covered(by: area.pcode, in: areas)
        }
        if let region = regions.first(where: { $0 == wanted })
            ?? regions.first(where: { $0.caseInsensitiveCompare(wanted) == .orderedSame })
        {
            return [region]
        }
        throw Unknown(code: code, known: areas.isEmpty ? regions : areas.map(\.pcode).sorted())
    }
}
