import Foundation
import Testing

@testable import MineFreeCore

@Suite struct TextEncodingTests {
    /// Place names from the programmes MineFree serves, written correctly.
    static let places = [
        "Goražde", "Kakanj", "Doboj", "Brčko", "Šamac", "Mostar", "Bihać", "Đakovo", "Ağdam", "Füzuli", "Şuşa",
        "Qəbələ",
        "Душанбе", "Хатлон", "Ғарм", "Кӯлоб", "Ҷиликӯл", "Kaboul", "Hérat", "Peñas Blancas", "Nariño", "Caquetá",
        "کابل", "هرات", "ننگرهار", "کندهار", "São Tomé", "Thừa Thiên Huế", "Ar Raqqah – الرقة",
    ]

    /// What a program reading UTF-8 bytes as Windows-1252 shows (the five bytes 1252 leaves unassigned read as
    /// their Latin-1 control characters, as most decoders do). Foundation is the reference here, not our table.
    static func misread(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            out += String(data: Data([b]), encoding: .windowsCP1252) ?? String(Character(Unicode.Scalar(b)))
        }
        return out
    }

    func bytes(_ s: String, _ encoding: String.Encoding) throws -> Data {
        try #require(s.data(using: encoding))
    }

    // MARK: UTF-8 validation

    @Test func utf8TextInEveryScriptIsValid() {
        let text = "\u{FEFF}name,note\n" + Self.places.map { "\($0),🙂 ok\n" }.joined()
        #expect(TextEncoding.firstInvalidUTF8(Data(text.utf8)) == nil)
        #expect(TextEncoding.firstInvalidUTF8(Data()) == nil)
    }

    @Test func aWindows1252FileIsFoundWithItsLineOffsetAndEncoding() throws {
        // "id,name\n" is 8 bytes and "1,Kakanj\n" 9, so the á of Caquetá is byte 17 + 8 = 25 on line 3.
        let data = try bytes(
            "id,name\n1,Kakanj\n2,Caquetá,\u{201C}cleared\u{201D}\n3,Nariño,\u{201C}in progress\u{201D}\n",
            .windowsCP1252
        )
        let bad = try #require(TextEncoding.firstInvalidUTF8(data))
        #expect(bad.line == 3)
        #expect(bad.offset == 25)
        #expect(bad.bytes == [0xE1])
        #expect(bad.hex == "0xE1")
        #expect(bad.guess == .windows1252)
        #expect(
            bad.description
                == "line 3, byte 25: 0xE1 is not UTF-8; the file looks like Windows-1252 — convert it, e.g. iconv -f WINDOWS-1252 -t UTF-8 in.csv > out.csv"
        )
    }

    @Test func latin1WithoutTypographicBytesIsCalledLatin1() throws {
        let data = try bytes("nom,province\nKaboul,Kaboul\nHérat,Hérat\nCafé à l'été,Zâbol\n", .isoLatin1)
        let bad = try #require(TextEncoding.firstInvalidUTF8(data))
        #expect(bad.line == 3)
        #expect(bad.offset == 28)  // "nom,province\n" 13 + "Kaboul,Kaboul\n" 14 + "H"
        #expect(bad.bytes == [0xE9])
        #expect(bad.guess == .iso8859_1)
    }

    @Test func bosnianInLatin2IsCalledLatin2() throws {
        let data = try bytes("naziv\nKakanj\nGoražde\nBrčko\nŠamac\nBihać\n", .isoLatin2)
        let bad = try #require(TextEncoding.firstInvalidUTF8(data))
        #expect(bad.line == 3)
        #expect(bad.offset == 17)  // "naziv\n" 6 + "Kakanj\n" 7 + "Gora" 4
        #expect(bad.bytes == [0xBE])  // ž in Latin-2, a lone continuation byte in UTF-8
        #expect(bad.guess == .iso8859_2)
        #expect(bad.description.hasSuffix("iconv -f ISO-8859-2 -t UTF-8 in.csv > out.csv"))
    }

    @Test func bosnianInWindows1250IsCalledWindows1250() throws {
        let data = try bytes("naziv;opcina\nGoražde;Goražde\nBrčko;Brčko\nBihać;Bihać\nĐakovo;Šamac\n", .windowsCP1250)
        let bad = try #require(TextEncoding.firstInvalidUTF8(data))
        #expect(bad.line == 2)
        #expect(bad.offset == 17)
        #expect(bad.bytes == [0x9E])
        #expect(bad.guess == .windows1250)
    }

    @Test func tajikCyrillicInWindows1251IsCalledWindows1251() throws {
        let data = try bytes("id,name\n1,Душанбе\n2,Хатлон\n3,Вахдат\n", .windowsCP1251)
        let bad = try #require(TextEncoding.firstInvalidUTF8(data))
        #expect(bad.line == 2)
        #expect(bad.offset == 10)
        #expect(bad.bytes == [0xC4])  // Д: a two-byte lead, but у (0xF3) is no continuation byte
        #expect(bad.guess == .windows1251)
    }

    @Test func utf16WithAByteOrderMark() throws {
        let le = try bytes("id,name\n1,Goražde\n", .utf16LittleEndian)
        let marked = Data([0xFF, 0xFE]) + le
        let bad = try #require(TextEncoding.firstInvalidUTF8(marked))
        #expect(bad.line == 1)
        #expect(bad.offset == 0)
        #expect(bad.bytes == [0xFF])
        #expect(bad.guess == .utf16LittleEndian)
        #expect(
            bad.description
                == "line 1, byte 0: 0xFF is not UTF-8; the file looks like UTF-16 (little-endian) — convert it, e.g. iconv -f UTF-16 -t UTF-8 in.csv > out.csv"
        )

        let be = Data([0xFE, 0xFF]) + (try bytes("id\n", .utf16BigEndian))
        #expect(TextEncoding.firstInvalidUTF8(be)?.guess == .utf16BigEndian)
    }

    @Test func utf16WithoutAByteOrderMarkShowsAsNULs() throws {
        let le = try #require(TextEncoding.firstInvalidUTF8(try bytes("id,name\n1,Kakanj\n", .utf16LittleEndian)))
        #expect(le.offset == 1)
        #expect(le.bytes == [0x00])
        #expect(le.guess == .utf16LittleEndian)
        #expect(
            le.description.hasPrefix(
                "line 1, byte 1: 0x00 is a NUL byte, not text; the file looks like UTF-16 (little-endian)"
            )
        )
        #expect(le.description.hasSuffix("iconv -f UTF-16LE -t UTF-8 in.csv > out.csv"))

        let be = try #require(TextEncoding.firstInvalidUTF8(try bytes("id,name\n1,Doboj\n", .utf16BigEndian)))
        #expect(be.offset == 0)
        #expect(be.guess == .utf16BigEndian)
    }

    @Test func aStrayNULOrAWorkbookIsNotText() {
        let nul = TextEncoding.firstInvalidUTF8(Data("id,name\n1,Mos\u{0}tar\n".utf8))
        #expect(nul?.line == 2)
        #expect(nul?.offset == 13)
        #expect(nul?.guess == nil)
        #expect(
            nul?.description
                == "line 2, byte 13: 0x00 is a NUL byte, which text never holds; the file looks binary or damaged — save it as UTF-8 text"
        )

        let xlsx = TextEncoding.firstInvalidUTF8(Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]))
        #expect(xlsx?.offset == 5)
        #expect(xlsx?.guess == .zipArchive)
        #expect(
            xlsx?.description
                == "line 1, byte 5: the file looks like a ZIP archive (an Excel .xlsx workbook?), not CSV text — open it in Excel and save it as CSV UTF-8"
        )
    }

    @Test func malformedSequencesAreNamedByTheirLongestValidStart() {
        func first(_ b: [UInt8]) -> TextEncoding.InvalidUTF8? { TextEncoding.firstInvalidUTF8(Data(b)) }
        #expect(first([0x61, 0xC0, 0xAF])?.bytes == [0xC0])  // overlong '/'
        #expect(first([0x61, 0xE0, 0x80, 0xAF])?.bytes == [0xE0])  // overlong three-byte form
        #expect(first([0xED, 0xA0, 0x80])?.bytes == [0xED])  // a UTF-16 surrogate
        #expect(first([0xF4, 0x90, 0x80, 0x80])?.bytes == [0xF4])  // past U+10FFFF
        #expect(first([0xF5, 0x80, 0x80, 0x80])?.bytes == [0xF5])
        #expect(first([0x61, 0x80])?.offset == 1)  // a continuation byte on its own
        let cut = first([0x61, 0xE2, 0x82, 0x20, 0x62])
        #expect(cut?.bytes == [0xE2, 0x82])
        #expect(cut?.atEndOfFile == false)
        let end = first(Array("line one\nprice 5 ".utf8) + [0xE2, 0x82])
        #expect(end?.line == 2)
        #expect(end?.offset == 17)
        #expect(end?.atEndOfFile == true)
        #expect(end?.guess == nil)
        #expect(
            end?.description
                == "line 2, byte 17: 0xE2 0x82 are an incomplete UTF-8 character at the end of the file; the file looks cut short — export it again"
        )
        // € 🙂 U+D7FF U+FFFF
        #expect(first([0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x99, 0x82, 0xED, 0x9F, 0xBF, 0xEF, 0xBF, 0xBF]) == nil)
    }

    @Test func theWordAtATimeScanFindsTheExactByteAnywhere() {
        // An invalid byte and a NUL at every place relative to the 32- and 16-byte blocks, after valid two-, three- and four-byte characters.
        let prefix = Array("Brčko, € 🙂 ".utf8)
        for length in 0..<70 {
            var b = prefix + [UInt8](repeating: 0x61, count: length)
            let at = b.count
            b += [0xFF] + [UInt8](repeating: 0x62, count: 40)
            #expect(TextEncoding.firstInvalidUTF8(Data(b))?.offset == at)
            b[at] = 0x00
            #expect(TextEncoding.firstInvalidUTF8(Data(b))?.offset == at)
            b[at] = 0x63
            #expect(TextEncoding.firstInvalidUTF8(Data(b)) == nil)
        }
    }

    @Test func agreesWithTheStandardLibraryOnShortByteStrings() {
        // Every string of up to three bytes drawn from the bytes where the rules change.
        let alphabet: [UInt8] = [
            0x01, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE,
            0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF,
        ]
        var strings: [[UInt8]] = alphabet.map { [$0] }
        for a in alphabet { for b in alphabet { strings.append([a, b]) } }
        for a in alphabet { for b in alphabet { for c in alphabet { strings.append([a, b, c]) } } }
        for a in [UInt8](arrayLiteral: 0xF0, 0xF1, 0xF4) {
            for b in alphabet { for c in alphabet { strings.append([a, b, c, 0x80]) } }
        }
        var disagreements = 0
        for s in strings
        where (TextEncoding.firstInvalidUTF8(Data(s)) == nil) != (String(validating: s, as: UTF8.self) != nil) {
            disagreements += 1
        }
        #expect(disagreements == 0)
    }

    // MARK: CSV files

    @Test func aCSVFileThatIsNotUTF8IsRefusedWithTheSentence() throws {
        let data = try bytes("id,name\n1,Doboj\n2,Brčko\n", .windowsCP1250)
        #expect(throws: CSVTable.ParseError.self) { try CSVTable(data: data) }
        do {
            _ = try CSVTable(data: data)
        } catch let error as CSVTable.ParseError {
            guard case .notUTF8(let bad) = error else { Issue.record("\(error)"); return }
            #expect(bad.line == 3)
            #expect(bad.offset == 20)
            #expect(error.description == bad.description)
            #expect(error.description.hasPrefix("line 3, byte 20: 0xE8 is not UTF-8; the file looks like"))
        }
    }

    @Test func aUTF8CSVFileReadsAsBefore() throws {
        let text = "\u{FEFF}id,name\n1,Goražde\n2,\"Душанбе, Хатлон\"\n"
        let table = try CSVTable(data: Data(text.utf8))
        #expect(table.header == ["id", "name"])
        #expect(table.rows.map(\.fields) == [["1", "Goražde"], ["2", "Душанбе, Хатлон"]])
        #expect(table.rows.map(\.line) == [2, 3])
    }

    // MARK: Text decoded twice

    @Test func theMisreadingsOfRealPlaceNamesAreFoundAndRepaired() {
        let expected = [
            "Goražde": "GoraÅ¾de", "Šamac": "Å\u{A0}amac", "Bihać": "BihaÄ‡", "Brčko": "BrÄ\u{8D}ko", "Ağdam": "AÄŸdam",
            "Füzuli": "FÃ¼zuli", "Şuşa": "ÅžuÅŸa", "Душанбе": "Ð”ÑƒÑˆÐ°Ð½Ð±Ðµ", "Хатлон": "Ð¥Ð°Ñ‚Ð»Ð¾Ð½",
            "Peñas Blancas": "PeÃ±as Blancas", "Nariño": "NariÃ±o", "Caquetá": "CaquetÃ¡",
        ]
        for (word, garbled) in expected {
            #expect(Self.misread(word) == garbled)
            #expect(TextEncoding.looksDoubleEncoded(garbled), "\(garbled)")
            #expect(TextEncoding.repairedDoubleEncoding(garbled) == word)
        }
        for word in Self.places where word.unicodeScalars.contains(where: { $0.value > 0x7F }) {
            let garbled = Self.misread(word)
            #expect(TextEncoding.looksDoubleEncoded(garbled), "\(garbled)")
            #expect(TextEncoding.repairedDoubleEncoding(garbled) == word)
        }
    }

    @Test func correctTextIsLeftAlone() {
        let sentences =
            Self.places + [
                "Područje oko Goražda očišćeno je 2019.", "Şuşa rayonu, Ağdam, Füzuli və Qubadlı",
                "Минаҳои зиддипиёда дар ноҳияи Хатлон", "Où est la préfecture ? « Déminage » — l'été",
                "¿Dónde está Peñas Blancas? ¡Sí!",
                "د ننګرهار ولایت", "ولسوالی خاک‌ریز", "ÚŽASNÝ VÝSLEDEK", "PŘÍŠTÍ ROK", "CAFÉ»", "Kakanj", "ÅLAND",
            ]
        for s in sentences {
            #expect(!TextEncoding.looksDoubleEncoded(s), "\(s)")
            #expect(TextEncoding.repairedDoubleEncoding(s) == nil, "\(s)")
        }
    }

    @Test func mixedAndTwiceGarbledText() {
        // A correct name beside a garbled one: only the garbled run changes.
        #expect(TextEncoding.repairedDoubleEncoding("Ağdam – GoraÅ¾de") == "Ağdam – Goražde")
        #expect(TextEncoding.repairedDoubleEncoding("donâ€™t") == "don’t")
        #expect(TextEncoding.repairedDoubleEncoding("\u{EF}\u{BB}\u{BF}Kakanj") == "\u{FEFF}Kakanj")
        // Decoded wrongly twice over.
        #expect(TextEncoding.repairedDoubleEncoding(Self.misread(Self.misread("Brčko"))) == "Brčko")
        #expect(TextEncoding.repairedDoubleEncoding("Ã©") == "é")
    }
}

@Suite struct GeoJSONReaderHardeningTests {
    func collection(_ features: String, crs: String? = nil) -> String {
        "{\"type\":\"FeatureCollection\",\(crs.map { "\"crs\":\($0)," } ?? "")\"features\":[\n\(features)\n]}"
    }

    func syntaxError(_ data: Data) -> GeoJSONReader.SyntaxError? {
        do {
            _ = try GeoJSONReader.read(data: data)
            return nil
        } catch {
            return error as? GeoJSONReader.SyntaxError
        }
    }

    @Test func aStringThatIsNotUTF8IsRefusedWithTheSentence() throws {
        let text = collection(#"{"type":"Feature","properties":{"name":"Nariño","note":"“cleared”"},"geometry":null}"#)
        let data = try #require(text.data(using: .windowsCP1252))
        let e = try #require(syntaxError(data))
        // Line 1 is 41 bytes with its LF; `{"type":"Feature","properties":{"name":"Nari` is 44 more.
        #expect(e.line == 2)
        #expect(e.column == 45)
        #expect(
            e.message
                == "byte 85: 0xF1 is not UTF-8; the file looks like Windows-1252 — convert it, e.g. iconv -f WINDOWS-1252 -t UTF-8 in.geojson > out.geojson"
        )
        #expect(
            String(e.message.dropFirst("byte 85: ".count))
                == TextEncoding.firstInvalidUTF8(data)?.problem.replacingOccurrences(of: ".csv", with: ".geojson")
        )
    }

    @Test func aUTF16FileIsNamedAsSuch() throws {
        let text = collection(#"{"type":"Feature","properties":{"name":"Goražde"},"geometry":null}"#)
        let data = try #require(text.data(using: .utf16))  // with a byte order mark
        let e = try #require(syntaxError(data))
        #expect(e.line == 1)
        #expect(e.column == 1)
        #expect(e.message.hasPrefix("byte 0: 0x"))
        #expect(e.message.contains("UTF-16"))
        #expect(e.message.hasSuffix("iconv -f UTF-16 -t UTF-8 in.geojson > out.geojson"))
    }

    @Test func utf8NamesStillReadAsBefore() throws {
        let text = collection(
            #"{"type":"Feature","properties":{"name":"Goražde","tj":"Душанбе","ps":"ننګرهار"},"geometry":{"type":"Point","coordinates":[18.95,43.67]}}"#
        )
        let f = try GeoJSONReader.read(data: Data(text.utf8))
        #expect(f[0].properties["name"] == .string("Goražde"))
        #expect(f[0].properties["tj"] == .string("Душанбе"))
        #expect(f[0].properties["ps"] == .string("ننګرهار"))
    }

    @Test func theCRSOfAnOldFileIsKept() throws {
        let feature = #"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[4321000,3210000]}}"#
        let laea = try GeoJSONReader.readCollection(
            data: Data(
                collection(feature, crs: #"{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3035"}}"#).utf8
            )
        )
        #expect(laea.crsName == "urn:ogc:def:crs:EPSG::3035")
        #expect(!laea.isLonLatWGS84)
        #expect(laea.features.count == 1)

        let gk = try GeoJSONReader.readCollection(
            data: Data(collection(feature, crs: #"{"type":"name","properties":{"name":"EPSG:31276"}}"#).utf8)
        )
        #expect(gk.crsName == "EPSG:31276")
        #expect(!gk.isLonLatWGS84)

        let linked = try GeoJSONReader.readCollection(
            data: Data(
                collection(
                    feature,
                    crs: #"{"type":"link","properties":{"href":"http://example.org/crs.proj4","type":"proj4"}}"#
                ).utf8
            )
        )
        #expect(linked.crsName == "http://example.org/crs.proj4")

        for wgs84 in [
            "urn:ogc:def:crs:OGC:1.3:CRS84", "EPSG:4326", "urn:ogc:def:crs:EPSG::4326",
            "http://www.opengis.net/def/crs/EPSG/0/4326",
        ] {
            let c = try GeoJSONReader.readCollection(
                data: Data(collection(feature, crs: "{\"type\":\"name\",\"properties\":{\"name\":\"\(wgs84)\"}}").utf8)
            )
            #expect(c.isLonLatWGS84, "\(wgs84)")
        }
        #expect(!GeoJSONReader.namesLonLatWGS84("EPSG:43260"))

        let none = try GeoJSONReader.readCollection(data: Data(collection(feature).utf8))
        #expect(none.crsName == nil)
        #expect(none.isLonLatWGS84)
        let null = try GeoJSONReader.readCollection(data: Data(collection(feature, crs: "null").utf8))
        #expect(null.crsName == nil)
        #expect(
            try GeoJSONReader.read(
                data: Data(collection(feature, crs: #"{"type":"name","properties":{"name":"EPSG:3035"}}"#).utf8)
            ).count == 1
        )
    }

    @Test func aDeeplyNestedFileIsRefusedNotRecursedInto() throws {
        // 7,000 nested arrays where a Polygon's coordinates go: 14 KB that would recurse 7,000 frames deep.
        let depth = 7_000
        let coordinates = String(repeating: "[", count: depth) + "0,0" + String(repeating: "]", count: depth)
        let polygon = collection(
            #"{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":"# + coordinates + "}}"
        )
        let e = try #require(syntaxError(Data(polygon.utf8)))
        #expect(e.message == "arrays or objects nest more than 64 deep")
        #expect(e.line == 2)
        #expect(e.column == 77 + 65)  // the 65th bracket, after `{"type":"Feature",…,"coordinates":` (77 bytes)

        // The same in a property, and in a member the reader skips.
        let property = collection(#"{"type":"Feature","properties":{"x":"# + coordinates + "},\"geometry\":null}")
        #expect(syntaxError(Data(property.utf8))?.message == "arrays or objects nest more than 64 deep")
        let objects = String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth)
        let skipped = collection(#"{"type":"Feature","extra":"# + objects + #","properties":{},"geometry":null}"#)
        #expect(syntaxError(Data(skipped.utf8))?.message == "arrays or objects nest more than 64 deep")

        // Sane nesting still reads: a property nesting 60 arrays is kept as its JSON.
        let sixty = String(repeating: "[", count: 60) + "1" + String(repeating: "]", count: 60)
        let kept = try GeoJSONReader.read(
            data: Data(collection(#"{"type":"Feature","properties":{"x":"# + sixty + "},\"geometry\":null}").utf8)
        )
        #expect(kept[0].properties["x"] == .json(sixty))
        // Five arrays deep is no geometry, but still a feature the import reports as malformed.
        let five = try GeoJSONReader.read(
            data: Data(
                collection(
                    #"{"type":"Feature","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[[[[[0,0]]]]]}}"#
                ).utf8
            )
        )
        guard case .malformed(let type, _)? = five[0].geometry else {
            Issue.record("\(String(describing: five[0].geometry))"); return
        }
        #expect(type == "MultiPolygon")
    }
}
