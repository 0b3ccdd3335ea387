import Foundation

/// Checks that an imported file is UTF-8, says what it more likely is when it is not, and spots text that
/// was decoded twice ("GoraÅ¾de" for "Goražde").
///
/// National data comes from old systems: Windows code pages, Latin-1/-2 exports, Excel's UTF-16 "Unicode
/// text". Reading those as UTF-8 silently turns names into U+FFFD, so a file is refused with a sentence the
/// user can act on instead.
public enum TextEncoding {
    /// What a file that is not UTF-8 probably is.
    public enum Guess: String, Hashable, Sendable, CaseIterable {
        case utf16LittleEndian, utf16BigEndian
        case windows1252, iso8859_1, iso8859_2, windows1250, windows1251
        /// A ZIP archive, most often an Excel .xlsx workbook renamed or picked by mistake.
        case zipArchive
        /// An OLE compound file, most often an old Excel .xls workbook.
        case excelWorkbook

        /// The name a user reads.
        public var name: String {
            switch self {
            case .utf16LittleEndian: return "UTF-16 (little-endian)"
            case .utf16BigEndian: return "UTF-16 (big-endian)"
            case .windows1252: return "Windows-1252"
            case .iso8859_1: return "ISO-8859-1 (Latin-1)"
            case .iso8859_2: return "ISO-8859-2 (Latin-2)"
            case .windows1250: return "Windows-1250"
            case .windows1251: return "Windows-1251 (Cyrillic)"
            case .zipArchive: return "a ZIP archive (an Excel .xlsx workbook?)"
            case .excelWorkbook: return "an Excel .xls workbook"
            }
        }

        /// The name iconv knows the encoding by; nil when the file is not text at all.
        public var iconvName: String? {
            switch self {
            case .utf16LittleEndian: return "UTF-16LE"
            case .utf16BigEndian: return "UTF-16BE"
            case .windows1252: return "WINDOWS-1252"
            case .iso8859_1: return "ISO-8859-1"
            case .iso8859_2: return "ISO-8859-2"
            case .windows1250: return "WINDOWS-1250"
            case .windows1251: return "WINDOWS-1251"
            case .zipArchive, .excelWorkbook: return nil
            }
        }
    }

    /// The first place a file stops being UTF-8 text.
    public struct InvalidUTF8: Error, Hashable, Sendable, CustomStringConvertible {
        /// 1-based line of the offending bytes (counting LF bytes before them).
        public var line: Int
        /// 0-based byte offset of the first offending byte, as hex editors and `xxd -s` count.
        public var offset: Int
        /// The offending bytes: a stray byte, or the start of a character that breaks off.
        public var bytes: [UInt8]
        /// What the file probably is; nil when nothing fits (or the file is UTF-8 cut short).
        public var guess: Guess?
        /// The bytes begin a character that the end of the file cuts off.
        public var atEndOfFile: Bool
        /// The file starts with a UTF-16 byte order mark (iconv then finds the byte order itself).
        var hasUTF16BOM = false

        public init(line: Int, offset: Int, bytes: [UInt8], guess: Guess?, atEndOfFile: Bool = false) {
            self.line = line
            self.offset = offset
            self.bytes = bytes
            self.guess = guess
            self.atEndOfFile = atEndOfFile
        }

        /// The bytes as a user can search for them in a hex editor: `0xE2 0x80`.
        public var hex: String {
            bytes.map { "0x" + String($0, radix: 16, uppercase: true).leftPadded(to: 2) }.joined(separator: " ")
        }

        /// The problem and what to do, without the location.
        public var problem: String { problem(example: "csv") }

        /// `example` is the file extension the iconv example uses.
        func problem(example ext: String) -> String {
            let these = bytes.count == 1 ? "\(hex) is" : "\(hex) are"
            let notUTF8 = bytes == [0] ? "0x00 is a NUL byte, not text" : "\(these) not UTF-8"
            if atEndOfFile {
                return
                    "\(these) an incomplete UTF-8 character at the end of the file; the file looks cut short — export it again"
            }
            if bytes == [0] && guess == nil {
                return
                    "0x00 is a NUL byte, which text never holds; the file looks binary or damaged — save it as UTF-8 text"
            }
            guard let guess else {
                return "\(notUTF8) and the file's encoding is not recognised — save it as UTF-8 text"
            }
            guard var iconv = guess.iconvName else {
                return ext == "csv"
                    ? "the file looks like \(guess.name), not CSV text — open it in Excel and save it as CSV UTF-8"
                    : "the file looks like \(guess.name), not text"
            }
            // With a byte order mark, plain UTF-16 lets iconv read the order and drop the mark.
            if hasUTF16BOM { iconv = "UTF-16" }
            return
                "\(notUTF8); the file looks like \(guess.name) — convert it, e.g. iconv -f \(iconv) -t UTF-8 in.\(ext) > out.\(ext)"
        }

        public var description: String { "line \(line), byte \(offset): \(problem)" }
    }

    // MARK: - Finding the first invalid byte

    /// The first bytes that are not well-formed UTF-8 (Unicode 15, table 3-7: no overlong forms, no surrogates,
    /// nothing above U+10FFFF, no character cut off by the end), or nil when the whole file is UTF-8 text.
    /// A NUL byte counts as invalid too: no text file holds one, PostgreSQL refuses it in text, and it is how a
    /// UTF-16 file without a byte order mark shows.
    public static func firstInvalidUTF8(_ bytes: UnsafeRawBufferPointer) -> InvalidUTF8? {
        guard let bad = firstInvalid(bytes, from: 0, to: bytes.count) else { return nil }
        return describe(bytes, at: bad.offset, length: bad.length, atEndOfFile: bad.cutOff)
    }

    public static func firstInvalidUTF8(_ data: Data) -> InvalidUTF8? {
        data.withUnsafeBytes { firstInvalidUTF8($0) }
    }

    /// Where bytes stop being UTF-8: the offset, the length (the longest start of a well-formed character) and
    /// whether the end of the range cut that character off.
    struct Invalid {
        var offset: Int
        var length: Int
        var cutOff: Bool
    }

    /// The first invalid sequence in `bytes[from..<to]`.
    static func firstInvalid(_ bytes: UnsafeRawBufferPointer, from: Int, to end: Int) -> Invalid? {
        guard from < end, let base = bytes.baseAddress else { return nil }
        let p = base.assumingMemoryBound(to: UInt8.self)
        let high: UInt64 = 0x8080_8080_8080_8080
        let ones: UInt64 = 0x0101_0101_0101_0101
        var i = from
        while i < end {
            // Thirty-two, then sixteen bytes at a time while they are ASCII and not NUL: most of a data file. Then jump
            // straight to the first byte that is high or NUL (bytes load little-endian, the first lowest).
            if i + 32 <= end {
                let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                let x = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self))
                let y = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self))
                let z = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self))
                if (w | x | y | z | ((w &- ones) & ~w) | ((x &- ones) & ~x) | ((y &- ones) & ~y) | ((z &- ones) & ~z))
                    & high == 0
                {
                    i += 32
                    continue
                }
            }
            if i + 16 <= end {
                let a = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                let b = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self))
                // The lowest flagged byte of (v - 1…1) & ~v is exactly the first NUL: borrows only run upwards.
                let stopA = (a | ((a &- ones) & ~a)) & high
                let stopB = (b | ((b &- ones) & ~b)) & high
                if stopA | stopB == 0 {
                    i += 16
                    continue
                }
                i += stopA != 0 ? stopA.trailingZeroBitCount >> 3 : 8 + (stopB.trailingZeroBitCount >> 3)
            }
            let c = p[i]
            if c < 0x80 {
                if c == 0 { return Invalid(offset: i, length: 1, cutOff: false) }
                i += 1
                continue
            }
            let need: Int
            var low: UInt8 = 0x80
            var top: UInt8 = 0xBF
            switch c {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; low = 0xA0  // below is overlong
            case 0xE1...0xEC, 0xEE, 0xEF: need = 2
            case 0xED: need = 2; top = 0x9F  // above are surrogates
            case 0xF0: need = 3; low = 0x90  // below is overlong
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; top = 0x8F  // above is past U+10FFFF
            // A continuation byte on its own, C0, C1, F5-FF.
            default: return Invalid(offset: i, length: 1, cutOff: false)
            }
            for k in 1...need {
                guard i + k < end else { return Invalid(offset: i, length: k, cutOff: true) }
                let d = p[i + k]
                guard k == 1 ? (d >= low && d <= top) : (d & 0xC0 == 0x80) else {
                    return Invalid(offset: i, length: k, cutOff: false)
                }
            }
            i += need + 1
        }
        return nil
    }

    /// The report for invalid bytes found at `offset`: line, bytes and a guess at the real encoding.
    static func describe(_ bytes: UnsafeRawBufferPointer, at offset: Int, length: Int, atEndOfFile: Bool) -> InvalidUTF8
    {
        let line = 1 + lineFeeds(bytes, before: offset)
        let bad = Array(bytes[offset..<offset + length])
        var result = InvalidUTF8(
            line: line,
            offset: offset,
            bytes: bad,
            guess: atEndOfFile ? nil : guess(bytes, firstInvalid: offset),
            atEndOfFile: atEndOfFile
        )
        result.hasUTF16BOM =
            bytes.count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF))
        return result
    }

    /// The LF bytes in `bytes[0..<end]`, eight at a time: a refusal near the end of a big file stays quick.
    static func lineFeeds(_ bytes: UnsafeRawBufferPointer, before end: Int) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        var count = 0
        var i = 0
        while i + 8 <= end {
            let x = base.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
            // High bit set exactly in the bytes that were LF (no carries cross bytes).
            count += (~(((x & low7) &+ low7) | x | low7)).nonzeroBitCount
            i += 8
        }
        while i < end {
            if bytes[i] == 0x0A { count += 1 }
            i += 1
        }
        return count
    }

    // MARK: - Guessing the encoding

    /// What a file that stops being UTF-8 at `offset` probably is.
    static func guess(_ bytes: UnsafeRawBufferPointer, firstInvalid offset: Int) -> Guess? {
        let n = bytes.count
        if n >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE { return .utf16LittleEndian }
        if n >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF { return .utf16BigEndian }
        if n >= 4, bytes[0] == 0x50, bytes[1] == 0x4B, bytes[2] == 0x03, bytes[3] == 0x04 { return .zipArchive }
        if n >= 4, bytes[0] == 0xD0, bytes[1] == 0xCF, bytes[2] == 0x11, bytes[3] == 0xE0 { return .excelWorkbook }
        // UTF-16 without a mark: ASCII text becomes every other byte NUL.
        for start in [0, offset & ~1] {
            let end = min(n, start + 4096) & ~1
            guard end > start else { continue }
            var even = 0
            var odd = 0
            var k = start
            while k < end {
                if bytes[k] == 0 { even += 1 }
                if bytes[k + 1] == 0 { odd += 1 }
                k += 2
            }
            let pairs = (end - start) / 2
            // At least a fifth of the characters ASCII (digits, separators, line ends), and the NULs on one side.
            if odd >= 2 && odd * 5 >= pairs && even * 10 <= odd { return .utf16LittleEndian }
            if even >= 2 && even * 5 >= pairs && odd * 10 <= even { return .utf16BigEndian }
        }
        if bytes[offset] == 0 { return nil }  // no 8-bit encoding explains a NUL
        return singleByteGuess(bytes, from: offset, to: min(n, offset + 1 << 20))
    }

    /// How a byte 0x80-0xFF reads in a candidate encoding.
    enum ByteClass: UInt8 { case undefined, letter, rareLetter, symbol, innerPunctuation }

    /// Scores each 8-bit candidate on how its reading of the high bytes fits their neighbours: a letter beside
    /// letters is likely, a symbol inside a word or a C1 control is not. Cyrillic words are all high bytes, Latin
    /// ones mix them with ASCII letters. Ties go to the more common encoding (the order of `candidates`).
    static func singleByteGuess(_ bytes: UnsafeRawBufferPointer, from: Int, to end: Int) -> Guess? {
        let candidates = singleByteCandidates
        var scores = [Int](repeating: 0, count: candidates.count)
        var sawHigh = false
        for j in from..<end {
            let b = bytes[j]
            guard b >= 0x80 else { continue }
            sawHigh = true
            let prev = j > 0 ? bytes[j - 1] : 0x20
            let next = j + 1 < bytes.count ? bytes[j + 1] : 0x20
            let asciiBeside = isASCIILetter(prev) || isASCIILetter(next)
            let highBeside = prev >= 0x80 || next >= 0x80
            let inWord = (isASCIILetter(prev) || prev >= 0x80) && (isASCIILetter(next) || next >= 0x80)
            for (c, candidate) in candidates.enumerated() {
                switch candidate.classes[Int(b - 0x80)] {
                case .undefined: scores[c] -= 5
                case .letter:
                    if candidate.guess == .windows1251 {
                        scores[c] += asciiBeside ? -1 : (highBeside ? 1 : 0)
                    } else if asciiBeside {
                        scores[c] += 1
                    }
                case .rareLetter: break
                case .symbol: scores[c] += inWord ? -1 : 1
                case .innerPunctuation: break
                }
            }
        }
        guard sawHigh,
            let best = scores.indices.max(by: { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) }),
            scores[best] >= 0
        else { return nil }
        return candidates[best].guess
    }

    struct Candidate: Sendable {
        var guess: Guess
        var classes: [ByteClass]
    }

    @inline(__always) static func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

    /// In tie order: the more widely used first; Latin-1 before Windows-1252 so that a file without any
    /// 0x80-0x9F byte is called Latin-1 (the two read the same there).
    static let singleByteCandidates: [Candidate] = [
        Candidate(guess: .iso8859_1, classes: classify((0x80...0xFF).map { UInt32($0) })),
        Candidate(guess: .windows1252, classes: classify(windows1252High + (0xA0...0xFF).map { UInt32($0) })),
        Candidate(guess: .iso8859_2, classes: classify(latin2High)),
        Candidate(guess: .windows1250, classes: classify(windows1250High)),
        Candidate(guess: .windows1251, classes: classify(windows1251High)),
    ]

    /// Letters that exist in an encoding but would be odd in this programme's languages (æ ð þ beside the
    /// Balkan č ć đ that share their bytes in Windows-1250; ŕ ĺ ń beside the Western à å ñ).
    static let rareLetters: Set<UInt32> = [
        0xE6, 0xC6, 0xF0, 0xD0, 0xFE, 0xDE, 0x155, 0x154, 0x13A, 0x139, 0x144, 0x143, 0x163, 0x162,
    ]

    static func classify(_ scalars: [UInt32]) -> [ByteClass] {
        scalars.map { v in
            guard v >= 0xA0, let s = Unicode.Scalar(v) else { return .undefined }
            if v == 0x2018 || v == 0x2019 || v == 0xB7 || v == 0xAD { return .innerPunctuation }
            if rareLetters.contains(v) { return .rareLetter }
            return s.properties.isAlphabetic ? .letter : .symbol
        }
    }

    /// Bytes 0x80-0x9F in Windows-1252 (0: not assigned).
    static let windows1252High: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]

    /// Bytes 0xC0-0xFF, the same in ISO-8859-2 and Windows-1250.
    static let centralEuropeanLetters: [UInt32] = [
        0x0154, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x0139, 0x0106, 0x00C7,
        0x010C, 0x00C9, 0x0118, 0x00CB, 0x011A, 0x00CD, 0x00CE, 0x010E,
        0x0110, 0x0143, 0x0147, 0x00D3, 0x00D4, 0x0150, 0x00D6, 0x00D7,
        0x0158, 0x016E, 0x00DA, 0x0170, 0x00DC, 0x00DD, 0x0162, 0x00DF,
        0x0155, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x013A, 0x0107, 0x00E7,
        0x010D, 0x00E9, 0x0119, 0x00EB, 0x011B, 0x00ED, 0x00EE, 0x010F,
        0x0111, 0x0144, 0x0148, 0x00F3, 0x00F4, 0x0151, 0x00F6, 0x00F7,
        0x0159, 0x016F, 0x00FA, 0x0171, 0x00FC, 0x00FD, 0x0163, 0x02D9,
    ]

    /// Bytes 0xA0-0xBF in ISO-8859-2.
    static let latin2Signs: [UInt32] = [
        0x00A0, 0x0104, 0x02D8, 0x0141, 0x00A4, 0x013D, 0x015A, 0x00A7,
        0x00A8, 0x0160, 0x015E, 0x0164, 0x0179, 0x00AD, 0x017D, 0x017B,
        0x00B0, 0x0105, 0x02DB, 0x0142, 0x00B4, 0x013E, 0x015B, 0x02C7,
        0x00B8, 0x0161, 0x015F, 0x0165, 0x017A, 0x02DD, 0x017E, 0x017C,
    ]

    /// Bytes 0x80-0xFF in ISO-8859-2 (0x80-0x9F are C1 controls).
    static let latin2High: [UInt32] = (0x80...0x9F).map { UInt32($0) } + latin2Signs + centralEuropeanLetters

    /// Bytes 0x80-0xBF in Windows-1250.
    static let windows1250Signs: [UInt32] = [
        0x20AC, 0, 0x201A, 0, 0x201E, 0x2026, 0x2020, 0x2021,
        0, 0x2030, 0x0160, 0x2039, 0x015A, 0x0164, 0x017D, 0x0179,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0, 0x2122, 0x0161, 0x203A, 0x015B, 0x0165, 0x017E, 0x017A,
        0x00A0, 0x02C7, 0x02D8, 0x0141, 0x00A4, 0x0104, 0x00A6, 0x00A7,
        0x00A8, 0x00A9, 0x015E, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x017B,
        0x00B0, 0x00B1, 0x02DB, 0x0142, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
        0x00B8, 0x0105, 0x015F, 0x00BB, 0x013D, 0x02DD, 0x013E, 0x017C,
    ]

    /// Bytes 0x80-0xFF in Windows-1250.
    static let windows1250High: [UInt32] = windows1250Signs + centralEuropeanLetters

    /// Bytes 0x80-0xBF in Windows-1251.
    static let windows1251Signs: [UInt32] = [
        0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021,
        0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,
        0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,
        0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7,
        0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,
        0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7,
        0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
    ]

    /// Bytes 0x80-0xFF in Windows-1251; 0xC0-0xFF are А-я in order.
    static let windows1251High: [UInt32] = windows1251Signs + (0x0410...0x044F).map { UInt32($0) }

    // MARK: - Text decoded twice

    /// True when `s` holds UTF-8 that was read as Windows-1252 or Latin-1 ("GoraÅ¾de", "Ã©", "â€™",
    /// "Ð”ÑƒÑˆÐ°Ð½Ð±Ðµ"). Correct text in any script does not fire: the pattern needs a Latin-1 capital or
    /// small letter standing for a UTF-8 lead byte, followed by the characters its continuation bytes read as,
    /// decoding to a character such text would hold.
    public static func looksDoubleEncoded(_ s: String) -> Bool {
        undoOnce(s) != nil
    }

    /// The text `s` probably was before it was decoded twice (or three times), or nil when it does not look
    /// double-encoded. Only the garbled runs change, so correct characters around them stay.
    public static func repairedDoubleEncoding(_ s: String) -> String? {
        guard var repaired = undoOnce(s) else { return nil }
        for _ in 0..<2 {
            guard let again = undoOnce(repaired) else { break }
            repaired = again
        }
        return repaired
    }

    /// One round of repair, or nil when there is nothing convincing to repair.
    static func undoOnce(_ s: String) -> String? {
        guard mayBeDoubleEncoded(s) else { return nil }
        let scalars = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        var latin = 0
        var other = 0
        var k = 0
        while k < scalars.count {
            let lead = scalars[k].value
            if lead >= 0xC2 && lead <= 0xF4, let hit = decode(scalars, at: k) {
                switch plausibility(hit.scalar) {
                case .latin: latin += 1
                case .other: other += 1
                case .intermediate: break
                case .implausible: out.append(scalars[k]); k += 1; continue
                }
                out.append(hit.scalar)
                k += hit.count
                continue
            }
            out.append(scalars[k])
            k += 1
        }
        // One stray non-Latin hit is too weak: "ÚŽ" in Czech capitals reads as an Arabic letter.
        guard latin >= 1 || other >= 2 else { return nil }
        return String(out)
    }

    /// A byte-level screen, so that correct text costs no allocation: a lead character U+00C2-U+00F4 is C3 82-C3 B4
    /// in UTF-8, and what follows it must be U+0080-U+00BF (C2 xx) or a Windows-1252 sign (C5, C6, CB or E2 xx).
    static func mayBeDoubleEncoded(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { u in
            guard u.count >= 4 else { return false }
            for i in 0..<(u.count - 3) where u[i] == 0xC3 && u[i + 1] >= 0x82 && u[i + 1] <= 0xB4 {
                switch u[i + 2] {
                case 0xC2, 0xC5, 0xC6, 0xCB, 0xE2: return true
                default: continue
                }
            }
            return false
        }
    }

    /// The character that `scalars[k...]` spell when each is taken back to its Windows-1252/Latin-1 byte, and
    /// how many scalars it used; nil unless those bytes are one well-formed UTF-8 character.
    static func decode(_ scalars: [Unicode.Scalar], at k: Int) -> (scalar: Unicode.Scalar, count: Int)? {
        let lead = scalars[k].value
        let need = lead < 0xE0 ? 1 : (lead < 0xF0 ? 2 : 3)
        guard k + need < scalars.count else { return nil }
        var value = lead & (lead < 0xE0 ? 0x1F : (lead < 0xF0 ? 0x0F : 0x07))
        for j in 1...need {
            guard let b = continuationByte(scalars[k + j]) else { return nil }
            if j == 1 {
                // The same limits as on bytes: no overlong forms, no surrogates, nothing past U+10FFFF.
                if lead == 0xE0 && b < 0xA0 || lead == 0xED && b > 0x9F || lead == 0xF0 && b < 0x90
                    || lead == 0xF4 && b > 0x8F
                {
                    return nil
                }
            }
            value = value << 6 | UInt32(b & 0x3F)
        }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, need + 1)
    }

    /// The byte 0x80-0xBF that Windows-1252 (or Latin-1, for 0x81 0x8D 0x8F 0x90 0x9D) reads as `s`.
    static func continuationByte(_ s: Unicode.Scalar) -> UInt8? {
        let v = s.value
        if v >= 0x80 && v <= 0xBF { return UInt8(v) }
        guard v > 0xFF, let i = windows1252High.firstIndex(of: v) else { return nil }
        return UInt8(0x80 + i)
    }

    /// `intermediate`: a C1 control, which no text holds but a text garbled twice does after one repair
    /// (č → "Ä\u{8D}" → "Ã„Â\u{8D}"); repaired, not counted.
    enum Plausibility { case latin, other, intermediate, implausible }

    /// Whether text could well hold `s`: Latin letters and punctuation count at once; other scripts, which
    /// a chance pair of Latin-1 characters could also spell, only when they come more than once.
    static func plausibility(_ s: Unicode.Scalar) -> Plausibility {
        switch s.value {
        // Latin-1 letters and signs, Latin Extended-A (č ć đ š ž ğ ı ş)
        case 0xA0...0x17F: return .latin
        // Ə ə, ơ ư, ǎ ǐ ǒ ǔ, ș ț
        case 0x18F, 0x259, 0x1A0, 0x1A1, 0x1AF, 0x1B0, 0x1CD...0x1DC, 0x218...0x21B: return .latin
        // Combining accents (decomposed text)
        case 0x300...0x36F: return .other
        // Greek, Cyrillic, Armenian, Hebrew, Arabic
        case 0x370...0x3FF, 0x400...0x52F, 0x530...0x5FF, 0x600...0x6FF, 0x750...0x77F: return .other
        case 0x80...0x9F: return .intermediate
        // The rest of Latin Extended-B, IPA, modifiers, rarer scripts
        case 0x80...0x7FF: return .implausible
        // Vietnamese, ’ “ – …, €, ™ №, the byte order mark
        case 0x1E00...0x1EFF, 0x2000...0x206F, 0x20A0...0x20CF, 0x2100...0x214F, 0xFEFF: return .latin
        case 0xD800...0xF8FF, 0xFFFE, 0xFFFF: return .implausible
        default: return .other
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
