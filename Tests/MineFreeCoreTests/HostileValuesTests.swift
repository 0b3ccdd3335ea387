import Foundation
import Testing

@testable import MineFreeCore

/// What an imported row, a form or an API body can carry that once crashed or stalled the server: numbers that
/// overflow or are not numbers, positions that are not on the Earth, text with NUL or control characters. Each is a
/// refused record naming its field and rule, never a trap and never a stored value.
@Suite struct HostileValuesTests {
    static let numbers = ["9223372036854775807", "9223372036854775808", "-1", "1e999", "-1e999", "NaN", "inf", "0x10"]

    func quarantine(_ inputs: [(String, any LayerRecord.Type, String)]) throws -> RecordImport.Outcome {
        try RecordImport.read(
            inputs.map { ImportInput(name: $0.0, layer: $0.1.info, content: .data(Data($0.2.utf8))) },
            rules: ImportRules(),
            mode: .quarantine
        )
    }

    @Test func everyHostileNumberIsARefusedRow() throws {
        var assets = "id,type,organisation_id,productivity_m2_per_day,in_service_from\n"
        for (i, n) in Self.numbers.enumerated() { assets += "AS-\(i),manual_team,ORG-1,\(n),2024-01-01\n" }
        assets += "AS-OK,manual_team,ORG-1,800,2024-01-01\n"
        let outcome = try quarantine([
            ("organisations.csv", Organisation.self, "id,name,type\nORG-1,Demining one,other\n"),
            ("assets.csv", Asset.self, assets),
        ])
        #expect(outcome.dataset[Asset.self].map(\.localID) == ["AS-OK"])
        let refused = outcome.issues.filter { $0.file == "assets.csv" }
        #expect(refused.count == Self.numbers.count)
        // Too large or below the range: "range"; not a whole number at all: "number". Each names the field.
        #expect(
            refused.allSatisfy {
                ["range", "number"].contains($0.rule) && $0.message.contains("productivity_m2_per_day")
            }
        )
        // Int64.max and -1 are whole numbers outside 1…1,000,000; the rest are not whole numbers (0x10 neither).
        #expect(refused.filter { $0.rule == "range" }.count == 2)
    }

    @Test func positionsOffTheEarthAreRefusedWithOrWithoutBounds() throws {
        let features = [
            ("ST-1", "[500,-100]"), ("ST-2", "[1e999,-1e999]"), ("ST-3", "[47.1,40.2]"), ("ST-4", "[-181,0]"),
        ]
        .map {
            "{\"type\":\"Feature\",\"properties\":{\"id\":\"\($0.0)\",\"name\":\"N\",\"population\":10,\"idp_households\":0},\"geometry\":{\"type\":\"Point\",\"coordinates\":\($0.1)}}"
        }
        let outcome = try quarantine([
            (
                "settlements.geojson", Settlement.self,
                "{\"type\":\"FeatureCollection\",\"features\":[\(features.joined(separator: ","))]}"
            )
        ])
        #expect(outcome.dataset[Settlement.self].map(\.localID) == ["ST-3"])
        let rules = Dictionary(grouping: outcome.issues, by: { $0.item ?? "" }).mapValues { $0.map(\.rule) }
        #expect(rules.count == 3)
        #expect(rules.values.allSatisfy { $0.contains("coordinate") || $0.contains("geometry") })
    }

    @Test func controlCharactersInTextAreRefusedNamingTheField() throws {
        let csv =
            "id,name,type\nORG-2,Bell\u{7},other\nORG\u{1B}-3,Escape,other\nORG-4,\"Two\tcolumns\nand a line\",other\n"
        let outcome = try quarantine([("organisations.csv", Organisation.self, csv)])
        // Tabs and line breaks are text; BEL and ESC are not.
        #expect(outcome.dataset[Organisation.self].map(\.localID) == ["ORG-4"])
        let messages = outcome.issues.map(\.message)
        #expect(messages.contains { $0.hasPrefix("name") && $0.contains("U+0007") })
        #expect(messages.contains { $0.hasPrefix("id") && $0.contains("U+001B") })
        #expect(outcome.issues.allSatisfy { $0.rule == "text" })
    }

    /// A NUL escaped in JSON (the API, a GeoJSON property) reaches the field and is refused there; raw in a CSV
    /// file it makes the file unreadable text, named by line.
    @Test func aNulIsRefusedWhereverItComesFrom() throws {
        let geojson =
            "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"id\":\"ST-1\",\"name\":\"Village\\u0000council\",\"population\":10,\"idp_households\":0},\"geometry\":{\"type\":\"Point\",\"coordinates\":[47.1,40.2]}}]}"
        let outcome = try quarantine([("settlements.geojson", Settlement.self, geojson)])
        #expect(outcome.dataset[Settlement.self].isEmpty)
        #expect(outcome.issues.map(\.rule) == ["text"])
        #expect(outcome.issues.first?.message == "name contains a NUL character")
        let csv = try quarantine([("organisations.csv", Organisation.self, "id,name,type\nORG-1,A\u{0}B,other\n")])
        #expect(csv.dataset[Organisation.self].isEmpty)
        #expect(
            csv.issues.first?.message.contains("line 2") == true && csv.issues.first?.message.contains("NUL") == true
        )
    }

    @Test func aDeeplyNestedGeometryIsRefusedNotRecursedInto() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let file =
            "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"id\":\"HA-1\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":\(deep)}}]}"
        #expect(throws: (any Error).self) {
            _ = try RecordImport.read(
                [ImportInput(name: "hazards.geojson", layer: HazardousArea.info, content: .data(Data(file.utf8)))],
                rules: ImportRules()
            )
        }
    }
}
