import Foundation
import Testing

@testable import MineFreeCore

/// Files shaped like the public ones a national authority receives — EUFOR-digitised minefields with null geometries,
/// MultiPolygons and self-intersecting rings; cleared areas as polygons; a CSV with WKT points and Spanish column
/// names — made small here, imported through a mapping profile, in quarantine or refused with every issue.
@Suite struct RealWorldImportTests {
    static func ring(_ lon: Double, _ lat: Double, _ r: Double) -> String {
        let points = (0..<6).map { k -> String in
            let a = Double(k) * .pi / 3
            return "[\(((lon + r * cos(a)) * 1e7).rounded() / 1e7),\(((lat + r * sin(a)) * 1e7).rounded() / 1e7)]"
        }
        return "[" + (points + [points[0]]).joined(separator: ",") + "]"
    }

    /// Minefields as an EUFOR map digitisation gives them: only the area type and the map sheet, no dates.
    static let minefields = """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"typeArea":"Suspected Minefield","map_sheet":"L-34-1","OBJECTID":101},"geometry":{"type":"Polygon","coordinates":[\(ring(18.40, 43.85, 0.002))]}},
        {"type":"Feature","properties":{"typeArea":"Minefield","map_sheet":"L-34-1","OBJECTID":102},"geometry":null},
        {"type":"Feature","properties":{"typeArea":"Suspected Minefield","map_sheet":"L-34-2","OBJECTID":103},"geometry":{"type":"MultiPolygon","coordinates":[[\(ring(18.45, 43.86, 0.001))],[\(ring(18.46, 43.86, 0.001))]]}},
        {"type":"Feature","properties":{"typeArea":"Minefield","map_sheet":"L-34-2","OBJECTID":104},"geometry":{"type":"Polygon","coordinates":[[[18.5,43.9],[18.501,43.901],[18.501,43.9],[18.5,43.901],[18.5,43.9]]]}}
        ]}

        """

    /// The areas cleared since, as polygons naming the minefield they lie in.
    static let cleared = """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"minefield":"BA-L-34-1-1","year":2013},"geometry":{"type":"Polygon","coordinates":[\(ring(18.40, 43.85, 0.001))]}},
        {"type":"Feature","properties":{"minefield":"BA-L-34-1-1","year":2014},"geometry":{"type":"Polygon","coordinates":[\(ring(18.41, 43.85, 0.001))]}}
        ]}

        """

    static let profile = """
        {"description": "EUFOR minefield records and the areas cleared since (Bosnia and Herzegovina)",
         "files": {
          "minefields_eufor.geojson": {"layer": "hazards", "fields": {
            "id": {"template": "BA-{map_sheet}-{row}"},
            "region": {"value": "BA"},
            "classification": {"column": "typeArea", "values": {"Suspected Minefield": "SHA", "Minefield": "CHA"}},
            "contamination": {"value": "AP"},
            "recorded_date": {"value": "2011-06-01"},
            "information_source": {"value": "desk_assessment"},
            "evidence": {"value": "EUFOR minefield record, digitised from the map sheet"}}},
          "cleared_areas.geojson": {"layer": "release_events", "fields": {
            "id": {"template": "BA-CL-{row}"},
            "hazard_id": "minefield",
            "date": {"template": "{year}-12-31"},
            "method": {"value": "cleared"}}}
         }}
        """

    func directory(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minefree-real-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return dir
    }

    func read(_ dir: URL, profile: String, mode: RecordImport.Mode, rules: ImportRules = ImportRules()) throws
        -> RecordImport.Outcome
    {
        let mapping = try MappingProfile.read(Data(profile.utf8), name: "profile.json")
        let (inputs, warnings) = try ImportInput.discover(dir, mapping: mapping)
        return try RecordImport.read(inputs, rules: rules, mapping: mapping, mode: mode, warnings: warnings)
    }

    @Test func eforMinefieldsImportInQuarantineWithEveryRefusalReported() throws {
        let dir = try directory([
            "minefields_eufor.geojson": Self.minefields, "cleared_areas.geojson": Self.cleared,
            "notes.csv": "a,b\n1,2\n",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        // All or nothing (the default): refused, every issue named, nothing returned.
        #expect(throws: ImportRefused.self) { try self.read(dir, profile: Self.profile, mode: .allOrNothing) }
        do {
            _ = try read(dir, profile: Self.profile, mode: .allOrNothing)
        } catch let refused as ImportRefused {
            #expect(refused.issues.map(\.rule) == ["geometry-type", "self-intersection", "release-outside-hazard"])
            #expect(refused.issues[0].item == "feature 2 (BA-L-34-1-2) line 3")
            #expect(refused.issues[0].message == "geometry is null, a Polygon or a MultiPolygon is expected")
            // A file that is no layer's is left out with a warning, not read.
            #expect(refused.warnings.map(\.file) == ["notes.csv"])
        }
        let o = try read(dir, profile: Self.profile, mode: .quarantine)
        let hazards = o.dataset.hazards
        #expect(hazards.map(\.localID) == ["BA-L-34-1-1", "BA-L-34-2-3"])
        #expect(hazards.map(\.classification) == [.suspected, .suspected])
        #expect(
            hazards.allSatisfy {
                $0.region == "BA" && $0.recordedDate == CalendarDate(iso: "2011-06-01")
                    && $0.informationSource == .deskAssessment
            }
        )
        // The MultiPolygon keeps both parts; its area is theirs together, computed (the file states none).
        #expect(hazards[1].polygons.count == 2)
        let single = hazards[0].areaM2, double = hazards[1].areaM2
        // A hexagon 0.002° across in each direction at 43.85°N: 2.598 × 160.5 m × 222.2 m.
        #expect((92_000...93_500).contains(single), "\(single) m²")
        #expect(abs(Double(double) / Double(single) - 0.5) < 0.01)
        // What no field takes is kept with the record.
        #expect(hazards[0].extra == #"{"OBJECTID":101}"#)
        // The cleared area inside its minefield is a release of the area its polygon measures, dated from its year.
        #expect(o.dataset.releases.map(\.localID) == ["BA-CL-1"])
        #expect(o.dataset.releases[0].date == CalendarDate(iso: "2013-12-31"))
        #expect(o.dataset.releases[0].polygons?.count == 1)
        #expect(abs(Double(o.dataset.releases[0].areaM2) / Double(single) - 0.25) < 0.01)
        #expect(
            o.refused
                == [InputRecord(input: 1, row: 1), InputRecord(input: 1, row: 3), InputRecord(input: 0, row: 1)]
                .sorted()
        )
        #expect(
            o.issues.first { $0.rule == "release-outside-hazard" }?.message
                == "the released polygon has a vertex outside hazard BA-L-34-1-1's polygon"
        )

        // The report holds the refused features as they came, each with its rules, and imports again once fixed.
        let files = Dictionary(uniqueKeysWithValues: ImportReport.refusedFiles(o).map { ($0.name, $0.content) })
        #expect(files.keys.sorted() == ["cleared_areas.geojson", "minefields_eufor.geojson"])
        let refused = try GeoJSONReader.read(data: Data(files["minefields_eufor.geojson"]!.utf8))
        #expect(refused.map { $0.properties["OBJECTID"] } == [.number(102), .number(104)])
        #expect(refused[0].properties["minefree_issues"]?.text.hasPrefix("[geometry-type] geometry is null") == true)
        #expect(refused[1].geometry?.typeName == "Polygon")
        let csv = ImportReport.issuesCSV(o.issues)
        #expect(csv.split(separator: "\n").count == 4)
    }

    @Test func aCSVWithWKTPointsAndSpanishColumnsImportsThroughAProfile() throws {
        // As a casualty register is published: its own column names and words, day/month/year dates, WKT points.
        let events = """
            ID_EVENTO,FECHA,ESTADO,GENERO,EDAD,MUNICIPIO,WKT
            CO-E-1,04/03/2019,Herido,Hombre,34,Cartagena del Chairá,POINT (-74.84 1.33)
            CO-E-2,20/05/2019,Muerto,Mujer,,San Vicente del Caguán,POINT (-74.77 2.12)
            CO-E-3,01/07/2019,Herido,Hombre,-3,Puerto Rico,POINT (-75.15 1.91)
            CO-E-4,02/07/2019,Herido,Hombre,20,Puerto Rico,POINT (1.91 -75.15)

            """
        let profile = """
            {"files": {"eventos_minas.csv": {"layer": "casualties", "geometry": {"wkt": "WKT"}, "fields": {
              "id": "ID_EVENTO", "date": {"column": "FECHA", "date_format": "DD/MM/YYYY"},
              "outcome": {"column": "ESTADO", "values": {"Herido": "injured", "Muerto": "killed"}},
              "sex": {"column": "GENERO", "values": {"Hombre": "M", "Mujer": "F"}},
              "age": "EDAD", "device": {"value": "unknown"}}}}}
            """
        let dir = try directory(["eventos_minas.csv": events])
        defer { try? FileManager.default.removeItem(at: dir) }
        // Colombia's bounds: a point with its axes swapped lies outside them, and is said to be swapped.
        let colombia = ImportRules(bounds: BoundingBox(minX: -79.1, minY: -4.3, maxX: -66.8, maxY: 12.5))
        let o = try read(dir, profile: profile, mode: .quarantine, rules: colombia)
        let c = o.dataset.casualties
        #expect(c.map(\.localID) == ["CO-E-1", "CO-E-2"])
        #expect(c.map(\.date) == [CalendarDate(iso: "2019-03-04")!, CalendarDate(iso: "2019-05-20")!])
        #expect(c.map(\.outcome) == [.injured, .killed])
        #expect(c.map(\.sex) == [.male, .female])
        #expect(c.map(\.age) == [34, nil])
        #expect(c[0].location == GeoPoint(lon: -74.84, lat: 1.33))
        #expect(c[0].extra == #"{"MUNICIPIO":"Cartagena del Chairá"}"#)
        #expect(o.issues.map(\.rule) == ["range", "bounds"])
        #expect(o.issues[0].message == "EDAD -3 is below 0")
        // Latitude and longitude given the wrong way round are named as such.
        #expect(o.issues[1].message.contains("look swapped"))
    }

    @Test func aMappingProfileThatCannotWorkIsRefusedSayingWhere() {
        func refusal(_ json: String) -> String? {
            do { _ = try MappingProfile.read(Data(json.utf8), name: "p.json"); return nil } catch { return "\(error)" }
        }
        #expect(
            refusal(#"{"files": {"a.csv": {"layer": "minefields"}}}"#)?.hasPrefix(
                "p.json: files.a.csv.layer: 'minefields' is not a layer"
            ) == true
        )
        #expect(
            refusal(#"{"files": {"a.csv": {"layer": "hazards", "fields": {"colour": "x"}}}}"#)?.contains(
                "hazards has no field 'colour'"
            ) == true
        )
        #expect(
            refusal(#"{"files": {"a.csv": {"layer": "hazards", "fields": {"id": {"template": "HA-{row"}}}}}"#)?
                .contains("'{' without '}'") == true
        )
        #expect(
            refusal(
                #"{"files": {"a.csv": {"layer": "casualties", "fields": {"date": {"column": "F", "date_format": "QQ/MM"}}}}}"#
            ) != nil
        )
        #expect(refusal(#"{"files": {}, "colour": 1}"#)?.contains("unknown key 'colour'") == true)
        #expect(refusal("not json")?.hasPrefix("p.json: not JSON") == true)
    }

    @Test func areasAgreeWithTheGISAndSliversAreRefused() throws {
        // A Bosnian minefield whose area a GIS computed on the ellipsoid (as EPSG:3035 or geodesically):
        // accepted by the generic rules (WGS84 plane), refused by the benchmark's sphere, 0.2% away.
        let ring = Self.ring(17.9, 44.2, 0.01)
        let points = try #require(
            try WKTReader.read(
                "POLYGON (\(ring.dropFirst().dropLast().replacingOccurrences(of: "],[", with: ", ").replacingOccurrences(of: ",", with: " ").replacingOccurrences(of: "  ", with: ", ").replacingOccurrences(of: "[", with: "(").replacingOccurrences(of: "]", with: ")")))"[
                    ...
                ]
            )
        )
        guard case .polygon(let rings) = points else { Issue.record("not a polygon"); return }
        let ellipsoidal = PolygonValidator.check(
            rings: rings,
            rules: GeometryRules(projection: .wgs84(centre: GeoPoint(lon: 17.9, lat: 44.2)))
        ).areaM2
        let spherical = PolygonValidator.check(
            rings: rings,
            rules: GeometryRules(projection: LambertAzimuthalEqualArea(centre: GeoPoint(lon: 17.9, lat: 44.2)))
        ).areaM2
        #expect(abs(spherical / ellipsoidal - 1) > 0.0015)
        func hazards(_ area: Int64, _ polygon: String) -> String {
            """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"BA-1","region":"BA","classification":"SHA","contamination":"AP","recorded_date":"2011-06-01","area_m2":\(area)},"geometry":{"type":"Polygon","coordinates":[\(polygon)]}}]}
            """
        }
        let dir = try directory(["hazards.geojson": hazards(Int64(ellipsoidal.rounded()), ring)])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try RecordImport.read(dir, rules: ImportRules()).hazards.count == 1)
        var sphere = ImportRules()
        sphere.projection = LambertAzimuthalEqualArea(centre: GeoPoint(lon: 17.9, lat: 44.2))
        #expect(throws: ImportRefused.self) { try RecordImport.read(dir, rules: sphere) }

        // A sliver of a few square centimetres cannot be surveyed or released.
        let sliver = "[[17.9,44.2],[17.90001,44.2],[17.90001,44.20000001],[17.9,44.2]]"
        let slivers = try directory(["hazards.geojson": hazards(1, sliver)])
        defer { try? FileManager.default.removeItem(at: slivers) }
        do {
            _ = try RecordImport.read(slivers, rules: ImportRules())
            Issue.record("a sliver was accepted")
        } catch let refused as ImportRefused {
            #expect(refused.issues.map(\.rule) == ["area-too-small"])
        }
    }

    @Test func projectedCoordinatesAndWrongEncodingsAreExplained() throws {
        let projected = """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"S-1","name":"Kakanj","population":10,"idp_households":0},"geometry":{"type":"Point","coordinates":[6512345.0,4890123.0]}}]}
            """
        let crs = """
            {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3035"}},"features":[{"type":"Feature","properties":{"id":"S-1","name":"Kakanj","population":10,"idp_households":0},"geometry":{"type":"Point","coordinates":[5012345.0,2390123.0]}}]}
            """
        let dir = try directory(["settlements.geojson": projected])
        defer { try? FileManager.default.removeItem(at: dir) }
        func issues(_ d: URL) -> [ImportIssue] {
            do { _ = try RecordImport.read(d, rules: ImportRules()); return [] } catch let e as ImportRefused {
                return e.issues
            } catch { return [] }
        }
        #expect(issues(dir).map(\.rule) == ["coordinate"])
        #expect(issues(dir).first?.message.contains("looks like metres in a projected system") == true)
        let named = try directory(["settlements.geojson": crs])
        defer { try? FileManager.default.removeItem(at: named) }
        #expect(issues(named).map(\.rule) == ["crs"])
        #expect(issues(named).first?.message.contains("EPSG::3035") == true)

        // Windows-1252 bytes: the line, the byte, and how to convert.
        let latin = directory(bytes: [
            "organisations.csv": Array("id,name,type\nORG-1,Cl".utf8) + [0xE9] + Array("arance,other\n".utf8)
        ])
        defer { try? FileManager.default.removeItem(at: latin) }
        let encoding = issues(latin)
        #expect(encoding.map(\.rule) == ["csv"])
        #expect(encoding.first?.message.contains("line 2") == true)
        #expect(encoding.first?.message.contains("iconv") == true)

        // Text decoded twice is stored as given, with a warning that names it and the likely original.
        let twice = try directory([
            "organisations.csv":
                "id,name,type\nORG-1,Centar za uklanjanje mina GoraÅ¾de,national_ngo\nORG-2,Kakanj,other\n"
        ])
        defer { try? FileManager.default.removeItem(at: twice) }
        let (inputs, _) = try ImportInput.discover(twice)
        let o = try RecordImport.read(inputs, rules: ImportRules())
        #expect(o.dataset.organisations.count == 2)
        #expect(o.warnings.map(\.rule) == ["double-encoded"])
        #expect(o.warnings.first?.message.contains("Goražde") == true)
        #expect(o.warnings.first?.item == "line 2")
    }

    func directory(bytes: [String: [UInt8]]) -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minefree-real-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, b) in bytes {
            FileManager.default.createFile(atPath: dir.appendingPathComponent(name).path, contents: Data(b))
        }
        return dir
    }

    @Test func everyIssueIsKeptNotOnlyTheFirstTwoHundred() throws {
        let rows = (1...250).map { "ORG-\($0),Name \($0),charity" }.joined(separator: "\n")
        let dir = try directory(["organisations.csv": "id,name,type\n" + rows + "\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            _ = try RecordImport.read(dir, rules: ImportRules())
            Issue.record("accepted")
        } catch let refused as ImportRefused {
            #expect(refused.issues.count == 250)
            #expect(ImportReport.issuesCSV(refused.issues).split(separator: "\n").count == 251)
            #expect(refused.description.contains("… and 50 more"))
            #expect(ImportReport.countsByRule(refused.issues).map(\.rule) == ["enum"])
        }
    }

    @Test func quarantineTakesARefusedHazardsReleasesWithIt() throws {
        let hazards =
            LandFixture.validHazards + [
                LandFixture.hazard(
                    "HA-9",
                    [[47.3, 40.3], [47.301, 40.301], [47.301, 40.3], [47.3, 40.301], [47.3, 40.3]],
                    area: 100
                )
            ]
        let f = try LandFixture(
            hazards: hazards,
            releases: LandFixture.validReleases + "RE-9,HA-9,2016-01-01,cleared,10,0\n"
        )
        defer { f.remove() }
        let (inputs, _) = try ImportInput.discover(f.directory)
        var rules = ImportRules()
        rules.projection = .workload  // the fixture's areas are the benchmark's
        let o = try RecordImport.read(inputs, rules: rules, mode: .quarantine)
        #expect(o.dataset.hazards.map(\.localID) == ["HA-1", "HA-2", "HA-3"])
        #expect(o.dataset.releases.map(\.localID) == ["RE-1", "RE-2", "RE-3"])
        #expect(o.issues.map(\.rule) == ["self-intersection", "unknown-hazard"])
        #expect(o.refused.count == 2)
    }
}
