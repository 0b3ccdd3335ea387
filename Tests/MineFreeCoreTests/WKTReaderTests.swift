import Foundation
import Testing

@testable import MineFreeCore

@Suite struct WKTReaderTests {
    /// The geometry as GeoJSON's type and coordinates text, written by the project's own writer.
    func geoJSON(_ text: String) throws -> String? {
        guard let g = try WKTReader.read(text) else { return nil }
        var out = ""
        switch g {
        case .point(let p): GeoJSONWriter.position(p, into: &out)
        case .multiPoint(let ps), .lineString(let ps): GeoJSONWriter.line(ps, into: &out)
        case .multiLineString(let ls), .polygon(let ls): GeoJSONWriter.rings(ls, into: &out)
        case .multiPolygon(let ps):
            out += "["
            for (k, p) in ps.enumerated() {
                if k > 0 { out += "," }
                GeoJSONWriter.rings(p, into: &out)
            }
            out += "]"
        case .malformed(let type, let reason): out = "malformed \(type): \(reason)"
        }
        return "\(g.typeName) \(out)"
    }

    func error(_ text: String) -> WKTReader.SyntaxError? {
        do {
            _ = try WKTReader.read(text)
            return nil
        } catch {
            return error as? WKTReader.SyntaxError
        }
    }

    // MARK: What QGIS, PostGIS and ogr2ogr write

    @Test func pointsLinesAndPolygons() throws {
        #expect(try geoJSON("POINT (18.41 43.85)") == "Point [18.41,43.85]")
        #expect(
            try geoJSON("LINESTRING (18.41 43.85, 18.4275 43.8563)") == "LineString [[18.41,43.85],[18.4275,43.8563]]"
        )
        #expect(
            try geoJSON(
                "POLYGON ((18.9 43.6, 19.0 43.6, 19.0 43.7, 18.9 43.6), (18.95 43.62, 18.96 43.62, 18.96 43.63, 18.95 43.62))"
            )
                == "Polygon [[[18.9,43.6],[19.0,43.6],[19.0,43.7],[18.9,43.6]],[[18.95,43.62],[18.96,43.62],[18.96,43.63],[18.95,43.62]]]"
        )
        #expect(
            try geoJSON(
                "MULTIPOLYGON (((47.0 40.0, 47.01 40.0, 47.01 40.01, 47.0 40.0)),((46.5 39.5, 46.6 39.5, 46.6 39.6, 46.5 39.5)))"
            )
                == "MultiPolygon [[[[47.0,40.0],[47.01,40.0],[47.01,40.01],[47.0,40.0]]],[[[46.5,39.5],[46.6,39.5],[46.6,39.6],[46.5,39.5]]]]"
        )
        #expect(
            try geoJSON("MULTILINESTRING ((69.2 38.5, 69.3 38.6), (68.8 37.9, 68.9 38.0, 69.0 38.1))")
                == "MultiLineString [[[69.2,38.5],[69.3,38.6]],[[68.8,37.9],[68.9,38.0],[69.0,38.1]]]"
        )
    }

    @Test func keywordsInAnyCaseAndSpaceAnywhere() throws {
        #expect(try geoJSON("point(18.41 43.85)") == "Point [18.41,43.85]")
        #expect(try geoJSON("\t Point\n(\n 18.41\t43.85 \r\n)\n") == "Point [18.41,43.85]")
        #expect(
            try geoJSON("multipolygon(((0 0,1 0,1 1,0 0)),( ( 2 2 , 3 2,3 3 , 2 2 ) ) )")
                == "MultiPolygon [[[[0.0,0.0],[1.0,0.0],[1.0,1.0],[0.0,0.0]]],[[[2.0,2.0],[3.0,2.0],[3.0,3.0],[2.0,2.0]]]]"
        )
    }

    @Test func multiPointWithAndWithoutInnerParentheses() throws {
        #expect(try geoJSON("MULTIPOINT (18.41 43.85, 17.81 43.34)") == "MultiPoint [[18.41,43.85],[17.81,43.34]]")
        #expect(try geoJSON("MULTIPOINT ((18.41 43.85), (17.81 43.34))") == "MultiPoint [[18.41,43.85],[17.81,43.34]]")
        #expect(
            try geoJSON("MULTIPOINT ((18.41 43.85), 17.81 43.34, EMPTY)") == "MultiPoint [[18.41,43.85],[17.81,43.34]]"
        )
    }

    @Test func zAndMValuesAreDropped() throws {
        #expect(try geoJSON("POINT Z (18.41 43.85 512.5)") == "Point [18.41,43.85]")
        #expect(try geoJSON("POINT M (18.41 43.85 7)") == "Point [18.41,43.85]")
        #expect(try geoJSON("POINT ZM (18.41 43.85 512.5 7)") == "Point [18.41,43.85]")
        #expect(try geoJSON("POINTZ (18.41 43.85 512.5)") == "Point [18.41,43.85]")
        #expect(
            try geoJSON("POLYGONZM ((0 0 1 2, 1 0 1 2, 1 1 1 2, 0 0 1 2))")
                == "Polygon [[[0.0,0.0],[1.0,0.0],[1.0,1.0],[0.0,0.0]]]"
        )
        // Without a letter, as older writers and EWKT put it: three or four numbers, the same in every position.
        #expect(
            try geoJSON("LINESTRING (18.41 43.85 500, 18.42 43.86 510)") == "LineString [[18.41,43.85],[18.42,43.86]]"
        )
        #expect(try geoJSON("POINT (18.41 43.85 500 3)") == "Point [18.41,43.85]")
        #expect(try geoJSON("SRID=4326;MULTIPOINTM ((1 2 3), (4 5 6))") == "MultiPoint [[1.0,2.0],[4.0,5.0]]")
    }

    @Test func scientificNotationAndSigns() throws {
        #expect(try geoJSON("POINT (1.841E1 4.385e+1)") == "Point [18.41,43.85]")
        #expect(try geoJSON("POINT (-7.35e-1 +.5)") == "Point [-0.735,0.5]")
        #expect(try geoJSON("POINT (-70. 5)") == "Point [-70.0,5.0]")
    }

    @Test func numbersReadExactlyAsTheStandardLibraryReadsThem() throws {
        // Short decimals take a fast path; it must round as Double(String) does. A fixed pseudo-random sequence.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        for _ in 0..<20_000 {
            let whole = next() % 400
            let decimals = Int(next() % 20)
            let fraction = String((0..<decimals).map { _ in Character(String(next() % 10)) })
            let sign = next() % 2 == 0 ? "-" : ""
            let x = decimals == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
            guard case .point(let p)? = try WKTReader.read("POINT (\(x) 0.1)") else {
                Issue.record("not a point: \(x)"); return
            }
            #expect(p.lon == Double(x), "\(x)")
        }
    }

    @Test func eWKTWithWGS84() throws {
        #expect(try geoJSON("SRID=4326;POINT(18.41 43.85)") == "Point [18.41,43.85]")
        #expect(try geoJSON("srid = 4326 ; point (18.41 43.85)") == "Point [18.41,43.85]")
        #expect(try geoJSON("SRID=CRS84;POINT(18.41 43.85)") == "Point [18.41,43.85]")
    }

    @Test func emptyGeometriesAndEmptyTextAreNil() throws {
        for text in [
            "", "   ", "\n", "POINT EMPTY", "point empty", "LINESTRING EMPTY", "POLYGON EMPTY", "MULTIPOLYGON EMPTY",
            "POLYGON Z EMPTY", "SRID=4326;POINT EMPTY", "MULTIPOINT (EMPTY)", "MULTIPOLYGON (EMPTY, EMPTY)",
            "POLYGON (EMPTY)",
        ] {
            #expect(try WKTReader.read(text) == nil, "\(text)")
        }
        // An EMPTY member of a multi geometry is left out.
        #expect(
            try geoJSON("MULTIPOLYGON (EMPTY, ((0 0, 1 0, 1 1, 0 0)))")
                == "MultiPolygon [[[[0.0,0.0],[1.0,0.0],[1.0,1.0],[0.0,0.0]]]]"
        )
    }

    @Test func aCellOfACSVLineIsReadInPlace() throws {
        let line = #"HA-17,Goražde,"POLYGON ((18.9 43.6, 19.0 43.6, 19.0 43.7, 18.9 43.6))",confirmed"#
        let start = try #require(line.firstIndex(of: "\"")), end = try #require(line.lastIndex(of: "\""))
        let cell = line[line.index(after: start)..<end]
        guard case .polygon(let rings)? = try WKTReader.read(cell) else { Issue.record("not a polygon"); return }
        #expect(
            rings == [
                [
                    GeoPoint(lon: 18.9, lat: 43.6), GeoPoint(lon: 19.0, lat: 43.6), GeoPoint(lon: 19.0, lat: 43.7),
                    GeoPoint(lon: 18.9, lat: 43.6),
                ]
            ]
        )
        // Positions count from the cell's start, not the line's.
        let broken = line.replacingOccurrences(of: "19.0 43.7", with: "19.0 43,7")
        let s = try #require(broken.firstIndex(of: "\"")), e = try #require(broken.lastIndex(of: "\""))
        #expect(throws: WKTReader.SyntaxError.self) { try WKTReader.read(broken[broken.index(after: s)..<e]) }
    }

    // MARK: What is refused, and how the user is told

    @Test func errorsSayWhereAndWhatWasExpected() {
        #expect(error("POLYGON ((1 2, 3))")?.description == "position 17: expected a number, found ')'")
        #expect(error("POINT (18.41 43.85")?.description == "position 19: expected ')', found the end of the text")
        #expect(
            error("POLYGON ((0 0, 1 0, 1 1, 0 0)")?.description
                == "position 30: expected ',' or ')', found the end of the text"
        )
        #expect(error("POINT (1 2))")?.description == "position 12: expected the end of the text, found ')'")
        #expect(
            error("POINT (1 2) garbage")?.description == "position 13: expected the end of the text, found 'garbage'"
        )
        #expect(error("POINT EMPTY x")?.description == "position 13: expected the end of the text, found 'x'")
        #expect(error("POINT 18.41 43.85")?.description == "position 7: expected '(' or EMPTY, found '18.41'")
        #expect(
            error("POLYGN ((0 0, 1 0, 1 1, 0 0))")?.description
                == "position 1: expected a geometry type (POINT, LINESTRING, POLYGON, MULTIPOINT, MULTILINESTRING or MULTIPOLYGON), found 'POLYGN'"
        )
        #expect(error("MULTILINESTRING (1 2, 3 4)")?.description == "position 18: expected '(' or EMPTY, found '1'")
        #expect(error("POINT (18.41abc 43.85)")?.description == "position 8: expected a number, found '18.41abc'")
        #expect(error("POINT (0x1p3 43.85)")?.description == "position 8: expected a number, found '0x1p3'")
        #expect(
            error("POINT (18,41 43,85)")?.description
                == "position 10: expected a number, found ',' (WKT writes decimals with a point: 18.41, not 18,41)"
        )
        #expect(
            error("POINT (1 2 3 4 5)")?.description
                == "position 16: expected ',' or ')', found '5' (a position has at most 4 numbers)"
        )
        #expect(error("  POINT (1 2) Ωmega")?.description == "position 15: expected the end of the text, found 'Ωmega'")
        // What was found is cut after 24 bytes, never inside a character.
        #expect(
            error("POINT (1 2) x" + String(repeating: "Ω", count: 30))?.message
                == "expected the end of the text, found 'x\(String(repeating: "Ω", count: 11))…'"
        )
        #expect(
            error("POINT (1 2) " + String(repeating: "x", count: 40))?.description
                == "position 13: expected the end of the text, found '\(String(repeating: "x", count: 24))…'"
        )
    }

    @Test func errorsAreEquatableValues() {
        #expect(throws: WKTReader.SyntaxError(position: 17, message: "expected a number, found ')'")) {
            try WKTReader.read("POLYGON ((1 2, 3))")
        }
    }

    @Test func everyPositionHasAsManyNumbersAsTheFirst() {
        #expect(
            error("POINT Z (1 2)")?.description
                == "position 13: expected a number, found ')' (positions here have 3 numbers)"
        )
        #expect(
            error("LINESTRING (1 2, 3 4 5)")?.description
                == "position 22: expected ',' or ')', found '5' (positions here have 2 numbers)"
        )
        #expect(
            error("LINESTRING (1 2 3, 4 5)")?.description
                == "position 23: expected a number, found ')' (positions here have 3 numbers)"
        )
        #expect(
            error("POINT ZM (1 2 3)")?.description
                == "position 16: expected a number, found ')' (positions here have 4 numbers)"
        )
        #expect(error("POINTZ Z (1 2 3)")?.description == "position 8: expected '(' or EMPTY, found 'Z'")
    }

    @Test func nanAndInfinityAreRefused() {
        #expect(
            error("POINT (NaN 43.85)")?.description
                == "position 8: 'NaN' is not a coordinate: NaN and infinity are refused"
        )
        #expect(
            error("POINT (18.41 -inf)")?.description
                == "position 14: '-inf' is not a coordinate: NaN and infinity are refused"
        )
        #expect(error("POINT (Infinity 1)")?.message == "'Infinity' is not a coordinate: NaN and infinity are refused")
        #expect(error("POINT (1e999 43.85)")?.description == "position 8: '1e999' is out of range for a coordinate")
    }

    @Test func geometryCollectionsCurvesAndOtherSRIDsAreRefusedWithAReason() {
        #expect(
            error("GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (1 2, 3 4))")?.description
                == "position 1: GEOMETRYCOLLECTION is not supported: give each geometry a row of its own, or the polygons one MULTIPOLYGON"
        )
        #expect(error("SRID=4326;GeometryCollection Z EMPTY")?.position == 11)
        #expect(
            error("CIRCULARSTRING (0 0, 1 1, 2 0)")?.message
                == "CIRCULARSTRING (a curved geometry) is not supported: turn the curves into straight segments first, e.g. with ST_CurveToLine or ogr2ogr -nlt CONVERT_TO_LINEAR"
        )
        #expect(
            error("TIN (((0 0 0, 0 1 0, 1 0 0, 0 0 0)))")?.message
                == "TIN is not supported: only POINT, LINESTRING, POLYGON and their MULTI forms are"
        )
        #expect(
            error("SRID=31276;POINT (6500000 4850000)")?.description
                == "position 6: SRID 31276 is not supported: reproject the data to WGS84 longitude/latitude (EPSG:4326) first, e.g. with ogr2ogr -t_srs EPSG:4326 or ST_Transform(geom, 4326)"
        )
        #expect(error("SRID=3035;POINT (4321000 3210000)")?.message.hasPrefix("SRID 3035 is not supported") == true)
        #expect(
            error("SRID=4326 POINT (1 2)")?.description == "position 11: expected ';' after the SRID, found 'POINT'"
        )
        #expect(error("SRID=;POINT (1 2)")?.description == "position 6: expected an SRID such as 4326, found ';'")
    }

    // MARK: Bounded work

    @Test func deepParenthesesAreRefusedAtOnceWithoutRecursion() {
        let attack =
            "POLYGON " + String(repeating: "(", count: 100_000) + "0 0" + String(repeating: ")", count: 100_000)
        #expect(error(attack)?.description == "position 11: expected a number, found '('")
        #expect(
            error("MULTIPOLYGON ((((0 0, 1 0, 1 1, 0 0))))")?.description == "position 17: expected a number, found '('"
        )
    }

    @Test func aLongRingIsReadWhole() throws {
        // 200,000 positions (about 5 MB) in one ring: linear, so quick.
        let n = 200_000
        var text = "POLYGON (("
        for k in 0..<n { text += "\(18 + Double(k) / 1e6) \(43 + Double(k % 1000) / 1e5), " }
        text += "18 43))"
        guard case .polygon(let rings)? = try WKTReader.read(text) else { Issue.record("not a polygon"); return }
        #expect(rings[0].count == n + 1)
        #expect(rings[0][123_456] == GeoPoint(lon: 18 + 123_456 / 1e6, lat: 43 + 456 / 1e5))
    }
}
