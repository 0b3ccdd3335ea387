import Foundation
import Testing

@testable import MineFreeCore

/// National layers are read a batch at a time: what a file says must come out the same wherever a batch ends.
@Suite struct StreamedReadingTests {
    static func file(_ name: String, _ text: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minefree-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static func point(_ k: Int) -> String {
        #"{"type":"Feature","properties":{"id":"S-\#(k)","name":"Village \#(k)","population":\#(k * 10),"idp_households":0},"geometry":{"type":"Point","coordinates":[47.\#(k),40.5]}}"#
    }

    @Test func featuresComeInBatchesNumberedThroughTheFile() throws {
        let features = (1...7).map(Self.point).joined(separator: ",\n")
        let text =
            "{\"type\":\"FeatureCollection\",\"features\":[\n\(features)\n],\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:3035\"}}}"
        let stream = GeoJSONFeatureStream(FileBytes(data: Data(text.utf8)))
        var batches: [[GeoJSONFeature]] = []
        while let batch = try stream.next(max: 3) { batches.append(batch) }
        #expect(batches.map(\.count) == [3, 3, 1])
        #expect(batches.flatMap { $0.map(\.number) } == Array(1...7))
        #expect(batches.flatMap { $0.map(\.line) } == Array(2...8))
        #expect(batches[2][0].properties["id"] == .string("S-7"))
        // A crs after the features is known once they are read.
        #expect(stream.crsName == "EPSG:3035")
        // The whole-file reader says the same.
        let whole = try GeoJSONReader.readCollection(data: Data(text.utf8))
        #expect(whole.features.count == 7)
        #expect(whole.crsName == "EPSG:3035")
    }

    @Test func aFileCutOffFailsAfterTheBatchesBeforeTheCut() throws {
        let features = (1...5).map(Self.point).joined(separator: ",\n")
        let text = "{\"type\":\"FeatureCollection\",\"features\":[\n\(features)"
        let stream = GeoJSONFeatureStream(FileBytes(data: Data(text.utf8)))
        #expect(try stream.next(max: 2)?.count == 2)
        #expect(try stream.next(max: 2)?.count == 2)
        #expect(
            throws: GeoJSONReader.SyntaxError(line: 6, column: 153, message: "the file ends too early (truncated?)")
        ) {
            _ = try stream.next(max: 2)
        }
        // Not a collection: refused before any feature is handed over.
        let feature = GeoJSONFeatureStream(
            FileBytes(data: Data("{\"type\":\"Feature\",\"features\":[\(Self.point(1))]}".utf8))
        )
        #expect(
            throws: GeoJSONReader.SyntaxError(
                line: 1,
                column: 1,
                message: "not a GeoJSON FeatureCollection (type is 'Feature')"
            )
        ) {
            _ = try feature.next(max: 2)
        }
    }

    @Test func csvRowsComeInBatchesWithTheirLinesAndAFailureLast() throws {
        let url = try Self.file(
            "organisations.csv",
            "id,name,type\n#org+id,#org+name,#org+type\nORG-1,A,other\n\nORG-2,\"B,\nC\",other\nORG-3,D,other\nORG-4,E\n"
        )
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let feed = RowFeed(
            ImportInput(name: "organisations.csv", layer: Organisation.info, content: .file(url)),
            batchSize: 2
        )
        var seen: [(first: Int, lines: [Int])] = []
        var failure: String?
        while let batch = feed.next() {
            switch batch {
            case .table(let t, let first): seen.append((first, t.rows.map(\.line)))
            case .failed(let rule, let message): failure = "\(rule): \(message)"
            case .features: Issue.record("a CSV gave features")
            }
        }
        #expect(seen.map(\.first) == [0, 2])
        // The HXL row is a row here (the reader skips it); the blank line is not; a quoted line break counts.
        #expect(seen.map(\.lines) == [[2, 3], [5, 7]])
        #expect(failure == "csv: line 8: 2 fields where the header has 3")
    }

    /// More rows than one batch holds: a key repeated across batches, and an error in the last, name their lines.
    @Test func issuesNameTheirLinesAcrossBatches() throws {
        var text = "id,name,type\n"
        for k in 1...70_000 { text += "ORG-\(k),Team \(k),other\n" }
        text += "ORG-1,Again,other\nORG-70001,Late,unknown_kind\n"
        let url = try Self.file("organisations.csv", text)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let refused = #expect(throws: ImportRefused.self) { try RecordImport.read(url, rules: ImportRules()) }
        let issues = refused?.issues ?? []
        #expect(issues.map(\.item) == ["line 70002", "line 70003"])
        #expect(issues.first?.message == "id 'ORG-1' repeats line 2")
        #expect(issues.last?.rule == "enum")

        // The same file without the two: every row read, once.
        let good = try Self.file(
            "organisations.csv",
            String(text.dropLast("ORG-1,Again,other\nORG-70001,Late,unknown_kind\n".count))
        )
        defer { try? FileManager.default.removeItem(at: good.deletingLastPathComponent()) }
        let dataset = try RecordImport.read(good, rules: ImportRules())
        #expect(dataset[Organisation.self].count == 70_000)
        #expect(dataset[Organisation.self].last?.localID == "ORG-70000")
    }

    @Test func aCRSNamedAfterTheFeaturesRefusesTheFile() throws {
        let text =
            "{\"type\":\"FeatureCollection\",\"features\":[\(Self.point(1))],\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::3035\"}}}"
        let url = try Self.file("settlements.geojson", text)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let refused = #expect(throws: ImportRefused.self) { try RecordImport.read(url, rules: ImportRules()) }
        #expect(refused?.issues.map(\.rule) == ["crs"])
        #expect(refused?.issues.first?.message.contains("EPSG::3035") == true)
    }

    /// Records handed to the store while the rest is read let go of their entered text, through the layer's own
    /// conformance (as the generic reader calls it).
    @Test func recordsTheStoreHasDropTheirEnteredText() {
        func drop<R: LayerRecord>(_ record: inout R) { record.dropStoredText() }
        var hazard = HazardousArea()
        hazard.enteredCoordinates = "[[[47.1,40.1],[47.2,40.1],[47.2,40.2],[47.1,40.1]]]"
        hazard.extra = #"{"map_sheet":"L-34-1"}"#
        hazard.localID = "HA-1"
        drop(&hazard)
        #expect(hazard.enteredCoordinates == nil)
        #expect(hazard.extra == nil)
        #expect(hazard.localID == "HA-1")
        var organisation = Organisation()
        organisation.extra = #"{"phone":"+994"}"#
        drop(&organisation)
        #expect(organisation.extra == nil)
    }
}
