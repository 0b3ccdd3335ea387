import Foundation
import Testing

@testable import MineFreeCore

@Suite struct GeometryTests {
    let laea = LambertAzimuthalEqualArea.workload

    @Test func projectionAgreesWithTheWorkloadsReference() {
        // Values from ../shared/bench/laea.py (which agrees with PROJ to ~1e-9 m).
        let p = laea.forward(lon: 46.613528, lat: 38.918361)
        #expect(abs(p.x - -85346.65518389698) < 1e-6)
        #expect(abs(p.y - -136478.82987168746) < 1e-6)
        let q = laea.forward(lon: 50.4, lat: 41.9)
        #expect(abs(q.x - 231712.73455820084) < 1e-6)
        #expect(abs(q.y - 198268.29421040765) < 1e-6)
        let c = laea.forward(lon: 47.6, lat: 40.15)
        #expect(abs(c.x) < 1e-9 && abs(c.y) < 1e-9)
        let back = laea.inverse(PlanarPoint(x: 12345.678, y: -9876.5))
        #expect(abs(back.lon - 47.74506561818071) < 1e-10)
        #expect(abs(back.lat - 40.06108802945674) < 1e-10)
    }

    func ring(_ coords: [(Double, Double)]) -> [GeoPoint] { coords.map { GeoPoint(lon: $0.0, lat: $0.1) } }

    @Test func areaOfASmallSquareMatchesTheReference() {
        let square = ring([(47.0, 40.0), (47.01, 40.0), (47.01, 40.01), (47.0, 40.01), (47.0, 40.0)])
        let check = PolygonValidator.check(rings: [square], rules: GeometryRules(projection: laea))
        #expect(check.isValid)
        #expect(abs(check.areaM2 - 947094.479944706) < 1e-3)  // laea.ring_area
        // A hole takes its area away.
        let hole = ring([(47.002, 40.002), (47.002, 40.004), (47.004, 40.004), (47.004, 40.002), (47.002, 40.002)])
        let holed = PolygonValidator.check(rings: [square, hole], rules: GeometryRules(projection: laea))
        #expect(holed.isValid)
        #expect(holed.areaM2 < check.areaM2 - 30_000 && holed.areaM2 > check.areaM2 - 45_000)
    }

    @Test func aBowTieIsNotSimple() {
        let bowtie = ring([(47.0, 40.0), (47.01, 40.01), (47.01, 40.0), (47.0, 40.01), (47.0, 40.0)])
        let check = PolygonValidator.check(rings: [bowtie], rules: GeometryRules(projection: laea))
        #expect(check.problems == [.selfIntersection(ring: 0, edge: 1, otherEdge: 3)])
        #expect(check.problems[0].rule == "self-intersection")
    }

    @Test func spikesOpenRingsRepeatsJumpsAndBoundsAreRefused() {
        let rules = GeometryRules(
            minimumDistinctVertices: 3,
            maximumVertexJump: 5000,
            bounds: BoundingBox(minX: 44.8, minY: 38.4, maxX: 50.4, maxY: 41.9),
            projection: laea
        )
        // A spike: the ring doubles back along itself.
        let spike = ring([(47.0, 40.0), (47.01, 40.0), (47.02, 40.0), (47.01, 40.0), (47.01, 40.01), (47.0, 40.0)])
        // The ring runs out to 47.02 and back: edge 3 ends on vertex 2, where edge 1 ends too.
        #expect(
            PolygonValidator.check(rings: [spike], rules: rules).problems == [
                .selfIntersection(ring: 0, edge: 1, otherEdge: 3)
            ]
        )
        let open = ring([(47.0, 40.0), (47.01, 40.0), (47.01, 40.01), (47.0, 40.01)])
        #expect(PolygonValidator.check(rings: [open], rules: rules).problems.map(\.rule) == ["ring-closed"])
        let repeated = ring([(47.0, 40.0), (47.01, 40.0), (47.01, 40.0), (47.01, 40.01), (47.0, 40.01), (47.0, 40.0)])
        #expect(
            PolygonValidator.check(rings: [repeated], rules: rules).problems == [
                .duplicateConsecutiveVertex(ring: 0, vertex: 3)
            ]
        )
        let line = ring([(47.0, 40.0), (47.01, 40.0), (47.0, 40.0)])
        #expect(PolygonValidator.check(rings: [line], rules: rules).problems.map(\.rule) == ["vertex-count"])
        // 0.1° of latitude is about 11 km: an implausible step between neighbours.
        let jump = ring([(47.0, 40.0), (47.01, 40.0), (47.01, 40.1), (47.0, 40.0)])
        let jumpProblems = PolygonValidator.check(rings: [jump], rules: rules).problems
        #expect(jumpProblems.map(\.rule) == ["vertex-jump", "vertex-jump"])
        #expect(jumpProblems[0].description.contains("between vertices 2 and 3"))
        let outside = ring([(44.0, 40.0), (44.01, 40.0), (44.01, 40.01), (44.0, 40.0)])
        #expect(PolygonValidator.check(rings: [outside], rules: rules).problems.first?.rule == "bounds")
    }

    @Test func theRTreeFindsExactlyTheOverlappingBoxes() {
        var boxes: [BoundingBox] = []
        for i in 0..<2000 {
            let x = Double(i % 50)
            let y = Double(i / 50)
            boxes.append(BoundingBox(minX: x, minY: y, maxX: x + 0.5, maxY: y + 0.5))
        }
        let tree = RTree(boxes: boxes)
        let query = BoundingBox(minX: 10.2, minY: 3.2, maxX: 12.6, maxY: 4.1)
        let found = Set(tree.search(query))
        let expected = Set(boxes.indices.filter { boxes[$0].intersects(query) })
        #expect(found == expected)
        #expect(found.count == 6)  // x 10, 11, 12 × y 3, 4
        #expect(RTree(boxes: []).search(query).isEmpty)
        #expect(RTree(boxes: [boxes[0]]).search(BoundingBox(minX: 0, minY: 0, maxX: 0.1, maxY: 0.1)) == [0])
    }

    @Test func areaUnitsConvertExactly() {
        #expect(AreaUnit.hectares.format(81_386 * 10_000, decimals: 0) == "81386")
        #expect(AreaUnit.squareKilometres.format(497_340_000, decimals: 2) == "497.34")
        #expect(AreaUnit.hectares.format(15_000, decimals: 2) == "1.50")
        #expect(AreaUnit.squareKilometres.format(4_900_000, decimals: 1) == "4.9")
        #expect(AreaUnit.squareKilometres.format(5_000, decimals: 2) == "0.01")  // half up
        #expect(AreaUnit.squareMetres.format(446_260, decimals: 0) == "446260")
    }
}

@Suite struct GeoJSONReaderTests {
    @Test func readsFeaturesPropertiesAndGeometries() throws {
        let text = """
            {"type":"FeatureCollection","name":"x","features":[
            {"type":"Feature","id":7,"properties":{"name":"Qubadl\\u0131 \\"north\\"","n":12,"f":-0.5,"ok":true,"none":null,"tags":[1,2]},
             "geometry":{"type":"Point","coordinates":[47.5,40.25,100]}},
            {"type":"Feature","properties":{"id":"RD-1"},"geometry":{"type":"LineString","coordinates":[[47,40],[47.1,40.2]]}},
            {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[47,40],[47.1,40],[47.1,40.1],[47,40]]]}},
            {"type":"Feature","properties":{},"geometry":null}
            ]}
            """
        let features = try GeoJSONReader.read(data: Data(text.utf8))
        #expect(features.count == 4)
        #expect(features[0].properties["name"] == .string("Qubadlı \"north\""))
        #expect(features[0].properties["n"] == .number(12))
        #expect(features[0].properties["f"] == .number(-0.5))
        #expect(features[0].properties["ok"] == .bool(true))
        #expect(features[0].properties["none"] == .null)
        #expect(features[0].properties["tags"] == .json("[1,2]"))
        #expect(features[0].properties["id"] == .number(7))
        #expect(features[0].line == 2)
        guard case .point(let p)? = features[0].geometry else { Issue.record("not a point"); return }
        #expect(p == GeoPoint(lon: 47.5, lat: 40.25))
        guard case .lineString(let l)? = features[1].geometry else { Issue.record("not a line"); return }
        #expect(l.count == 2)
        guard case .polygon(let r)? = features[2].geometry else { Issue.record("not a polygon"); return }
        #expect(r[0].count == 4)
        #expect(features[3].geometry == nil)
    }

    @Test func numbersParseExactly() throws {
        let text =
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":46.613528,"b":1e-7,"c":123456789012345678,"d":-0.000001},"geometry":null}]}"#
        let f = try GeoJSONReader.read(data: Data(text.utf8))[0]
        #expect(f.properties["a"] == .number(46.613528))
        #expect(f.properties["b"] == .number(1e-7))
        #expect(f.properties["c"] == .number(123456789012345678))
        #expect(f.properties["d"] == .number(-0.000001))
    }

    @Test func aTruncatedFileIsRefusedWithItsPosition() {
        let text =
            "{\"type\":\"FeatureCollection\",\"features\":[\n{\"type\":\"Feature\",\"properties\":{\"id\":\"HA-1\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[47,40],[47.1"
        do {
            _ = try GeoJSONReader.read(data: Data(text.utf8))
            Issue.record("a truncated file was read")
        } catch let e as GeoJSONReader.SyntaxError {
            #expect(e.line == 2)
            #expect(e.message.contains("truncated"))
        } catch { Issue.record("\(error)") }
    }

    /// A reader that needs only the properties skips the geometries (still checked as JSON), and one that needs no
    /// copy of the coordinates as entered keeps none.
    @Test func geometriesAndTheirTextAreReadOnlyWhenAsked() throws {
        let text = """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"id":"HA-1","area_m2":4010},"geometry":{"type":"Polygon","coordinates":[[[47,40],[47.1,40],[47,40.1],[47,40]]]}}
            ]}
            """
        let full = try GeoJSONReader.read(data: Data(text.utf8))[0]
        #expect(full.enteredCoordinates == "[[[47,40],[47.1,40],[47,40.1],[47,40]]]")
        let lean = try GeoJSONReader.read(data: Data(text.utf8), geometry: true, enteredText: false)[0]
        guard case .polygon(let rings)? = lean.geometry else { Issue.record("not a polygon"); return }
        #expect(rings[0].count == 4 && rings[0][1] == GeoPoint(lon: 47.1, lat: 40) && lean.enteredCoordinates == nil)
        let properties = try GeoJSONReader.read(data: Data(text.utf8), geometry: false, enteredText: false)[0]
        #expect(properties.geometry == nil && properties.properties["area_m2"] == .number(4010))
        let broken = text.replacingOccurrences(of: "[47.1,40]", with: "[47.1,40")
        #expect(throws: GeoJSONReader.SyntaxError.self) {
            try GeoJSONReader.read(data: Data(broken.utf8), geometry: false, enteredText: false)
        }
    }

    @Test func somethingElseThanAFeatureCollectionIsRefused() {
        #expect(throws: GeoJSONReader.SyntaxError.self) {
            try GeoJSONReader.read(data: Data(#"{"type":"Feature","properties":{}}"#.utf8))
        }
    }
}
