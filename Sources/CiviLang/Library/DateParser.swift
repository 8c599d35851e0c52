import CiviCore

/// Reads a date written in a `DateFormat` format (strptime-style, UTC unless the text has `%z`).
/// Fields the format lacks come from 1970-01-01T00:00:00Z; a space in the format matches any run
/// of whitespace, as in strptime; every other character must match exactly.
struct DateParser {
    private let text: [Character]
    private let format: String
    private var pos = 0
    private var fields = CivilTime(year: 1970, month: 1, day: 1)
    private var dayOfYear: Int?
    /// Whether a month or day directive was read (they cannot be combined with %j).
    private var readMonthOrDay = false
    private var offset = 0

    /// The instant `text` denotes in `format`, or an error saying where and why it does not match.
    static func parse(_ text: String, format: String) throws(DateFormatError) -> Instant {
        var p = DateParser(text: Array(text), format: format)
        return try p.run(DateFormat.pieces(format))
    }

    private init(text: [Character], format: String) {
        self.text = text
        self.format = format
    }

    private mutating func run(_ pieces: [DateFormat.Piece]) throws(DateFormatError) -> Instant {
        for piece in pieces {
            switch piece {
            case .literal(let c) where c == " ":
                while pos < text.count, text[pos].isWhitespace { pos += 1 }
            case .literal(let c):
                guard pos < text.count, text[pos] == c else { throw mismatch("expected \(ValueFormat.quote(String(c)))") }
                pos += 1
            case .directive(let d):
                try read(d)
            }
        }
        guard pos == text.count else {
            throw mismatch("unexpected \(ValueFormat.quote(String(text[pos...]))) after the end of the format")
        }
        if let doy = dayOfYear {
            guard !readMonthOrDay else {
                throw DateFormatError("the format \(ValueFormat.quote(format)) has both %j and a month or day; use one or the other")
            }
            guard doy <= CivilTime(year: fields.year, month: 12, day: 31).dayOfYear else {
                throw mismatch("day of the year \(doy) does not exist in \(fields.year)")
            }
            let start = CivilTime(year: fields.year, month: 1, day: 1, hour: fields.hour, minute: fields.minute, second: fields.second)
            guard let jan1 = Instant(civil: start) else { throw mismatch("the year \(fields.year) is out of range") }
            return try shifted(Instant(seconds: jan1.seconds + Double((doy - 1) * 86_400)))
        }
        guard let instant = Instant(civil: fields) else {
            throw DateFormatError("\(ValueFormat.quote(String(text))) in the format \(ValueFormat.quote(format)) is "
                                  + "\(DateParser.describe(fields)), which is not a valid date (\(Instant.supportedYears))")
        }
        return try shifted(instant)
    }

    private func shifted(_ instant: Instant) throws(DateFormatError) -> Instant {
        guard let d = Instant.checked(instant.seconds - Double(offset)) else {
            throw mismatch("the date is outside the supported dates (\(Instant.supportedYears))")
        }
        return d
    }

    private mutating func read(_ d: Character) throws(DateFormatError) {
        if "mdebB".contains(d) { readMonthOrDay = true }
        switch d {
        case "Y": fields.year = try number(d, 1...4)
        case "m": fields.month = try ranged(d, 1...2, 1...12, "month")
        case "d", "e":
            if d == "e", pos < text.count, text[pos] == " " { pos += 1 }
            fields.day = try ranged(d, 1...2, 1...31, "day")
        case "H": fields.hour = try ranged(d, 1...2, 0...23, "hour")
        case "M": fields.minute = try ranged(d, 1...2, 0...59, "minute")
        case "S": fields.second = try ranged(d, 1...2, 0...60, "second")
        case "j": dayOfYear = try ranged(d, 1...3, 1...366, "day of the year")
        case "y":
            let y = try number(d, 2...2)
            fields.year = y < 69 ? 2000 + y : 1900 + y
        case "a", "A": _ = try name(d, DateFormat.weekdayNames)
        case "b", "B": fields.month = try name(d, DateFormat.monthNames) + 1
        case "Z": try zoneName()
        case "z": try zoneOffset()
        default: // %%
            guard pos < text.count, text[pos] == "%" else { throw mismatch("expected \"%\"") }
            pos += 1
        }
    }

    /// Between `digits.lowerBound` and `digits.upperBound` ASCII digits, as many as there are.
    private mutating func number(_ d: Character, _ digits: ClosedRange<Int>) throws(DateFormatError) -> Int {
        var value = 0, n = 0
        while n < digits.upperBound, pos < text.count, let v = text[pos].wholeNumberValue, text[pos].isASCII {
            value = value * 10 + v
            pos += 1
            n += 1
        }
        guard n >= digits.lowerBound else {
            let count = digits.lowerBound == digits.upperBound ? "\(digits.lowerBound)" : "\(digits.lowerBound) to \(digits.upperBound)"
            throw mismatch("expected \(count) digits for %\(d)")
        }
        return value
    }

    private mutating func ranged(_ d: Character, _ digits: ClosedRange<Int>, _ valid: ClosedRange<Int>,
                                 _ what: String) throws(DateFormatError) -> Int {
        let start = pos
        let v = try number(d, digits)
        guard valid.contains(v) else {
            pos = start
            throw mismatch("\(what) \(v) is out of range (\(valid.lowerBound)-\(valid.upperBound))")
        }
        return v
    }

    /// The index of the name (full, or its first three letters; any case) at the current position.
    private mutating func name(_ d: Character, _ names: [String]) throws(DateFormatError) -> Int {
        let rest = String(text[pos...]).lowercased()
        for (i, full) in names.enumerated() {
            for candidate in [full.lowercased(), String(full.lowercased().prefix(3))] where rest.hasPrefix(candidate) {
                pos += candidate.count
                return i
            }
        }
        let kind = names.count == 7 ? "weekday" : "month"
        throw mismatch("expected a \(kind) name for %\(d) (e.g. \(names[0].prefix(3)) or \(names[0]))")
    }

    private mutating func zoneName() throws(DateFormatError) {
        for zone in ["UTC", "GMT", "Z"] {
            let end = pos + zone.count
            if end <= text.count, String(text[pos..<end]).uppercased() == zone {
                pos = end
                return
            }
        }
        throw mismatch("expected UTC, GMT or Z for %Z (other zone names are not understood; use %z for an offset)")
    }

    private mutating func zoneOffset() throws(DateFormatError) {
        guard pos < text.count else { throw mismatch("expected a zone offset like +0200 or Z for %z") }
        if text[pos] == "Z" || text[pos] == "z" {
            pos += 1
            return
        }
        guard text[pos] == "+" || text[pos] == "-" else { throw mismatch("expected a zone offset like +0200 or Z for %z") }
        let sign = text[pos] == "-" ? -1 : 1
        pos += 1
        let hours = try ranged("z", 2...2, 0...23, "zone hour")
        if pos < text.count, text[pos] == ":" { pos += 1 }
        var minutes = 0
        if pos < text.count, text[pos].isASCII, text[pos].isNumber { minutes = try ranged("z", 2...2, 0...59, "zone minute") }
        offset = sign * (hours * 3600 + minutes * 60)
    }

    private func mismatch(_ why: String) -> DateFormatError {
        let shown = ValueFormat.quote(String(text))
        return DateFormatError("\(shown) does not match the format \(ValueFormat.quote(format)) at character \(pos + 1): \(why)")
    }

    private static func describe(_ c: CivilTime) -> String {
        "\(DateFormat.padded(c.year, 4))-\(DateFormat.padded(c.month, 2))-\(DateFormat.padded(c.day, 2))"
    }
}
