import Foundation

/// Every string the web app shows, by key, per language (`Resources/strings/LANG.json`). English is the
/// reference: a key missing from another language falls back to it, and a test lists what is missing.
struct Catalogue: Sendable {
    static let languages = ["en", "fr"]
    let strings: [String: [String: String]]

    static func load() throws -> Catalogue {
        var strings: [String: [String: String]] = [:]
        for lang in languages {
            guard let url = Bundle.module.url(forResource: lang, withExtension: "json", subdirectory: "strings") else {
                throw CatalogueError(language: lang, reason: "the catalogue file is missing")
            }
            do {
                strings[lang] = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: url))
            } catch {
                throw CatalogueError(language: lang, reason: "\(error)")
            }
        }
        return Catalogue(strings: strings)
    }

    struct CatalogueError: Error, CustomStringConvertible {
        var language: String
        var reason: String
        var description: String { "string catalogue \(language): \(reason)" }
    }

    /// The string for `key` in `lang`, English when that language lacks it, the key itself when no language has it.
    func text(_ key: String, _ lang: String) -> String {
        strings[lang]?[key] ?? strings["en"]?[key] ?? key
    }

    /// Whether any language has `key`.
    func has(_ key: String) -> Bool { strings["en"]?[key] != nil }

    /// Keys English has that `lang` lacks.
    func missing(in lang: String) -> [String] {
        let english = Set(strings["en"]?.keys ?? [:].keys)
        return english.subtracting(strings[lang]?.keys ?? [:].keys).sorted()
    }
}
