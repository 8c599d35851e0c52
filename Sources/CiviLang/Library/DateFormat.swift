import CiviCore

/// strftime-style formats for `format_date` and `parse_date`, always in UTC: `%Y %m %d %H %M %S
/// %j %a %A %b %B %y %e %Z %z %%`. Anything else after `%` is an error, not copied through, so a
/// typo in a format is found at once rather than in the output.
enum DateFormat {
    /// A format split into literal text and directives.
    enum Piece: Equatable {
        case literal(Character)
        case directive(Character)
    }

    /// Each directive and what it stands for (help text and error hints list them in this order).
    static let directives: [(Character, String)] = [
        ("Y", "year, 4 digits"), ("m", "month 01-12"), ("d", "day 01-31"), ("H", "hour 00-23"),
        ("M", "minute 00-59"), ("S", "second 00-60"), ("j", "day of the year 001-366"),
        ("a", "weekday, abbreviated (Mon)"), ("A", "weekday (Monday)"), ("b", "month, abbreviated (Jan)"),
        ("B", "month (January)"), ("y", "year, 2 digits (69-99 are 1900s)"), ("e", "day, space-padded"),
        ("Z", "zone name (UTC)"), ("z", "zone offset (+0000)"), ("%", "a literal %"),
    ]

    static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                             "October", "November", "December"]

    /// The directives as a hint lists them.
    static var directiveList: String { directives.map { "%\($0.0)" }.joined(separator: " ") }

    /// `format` as pieces, or an error naming the first unknown or unfinished directive.
    static func pieces(_ format: String) throws(DateFormatError) -> [Piece] {
        var out: [Piece] = []
        var chars = format.makeIterator()
        while let c = chars.next() {
            guard c == "%" else {
                out.append(.literal(c))
                continue
            }
            guard let d = chars.next() else {
                throw DateFormatError("the format \(ValueFormat.quote(format)) ends with a lone `%`",
                                      hint: "write `%%` for a literal %")
            }
            guard directives.contains(where: { $0.0 == d }) else {
                throw DateFormatError("unknown directive `%\(d)` in the format \(ValueFormat.quote(format))",
                                      hint: "directives: \(directiveList) (all in UTC)")
            }
            out.append(.directive(d))
        }
        return out
    }

    /// `date` written in `format`, in UTC.
    static func format(_ date: Instant, _ format: String) throws(DateFormatError) -> String {
        let c = date.civil
        var out = ""
        for piece in try pieces(format) {
            switch piece {
            case .literal(let ch): out.append(ch)
            case .directive(let d): out += text(of: d, c)
            }
        }
        return out
    }

    private static func text(of directive: Character, _ c: CivilTime) -> String {
        switch directive {
        case "Y": padded(c.year, 4)
        case "m": padded(c.month, 2)
        case "d": padded(c.day, 2)
        case "H": padded(c.hour, 2)
        case "M": padded(c.minute, 2)
        case "S": padded(c.second, 2)
        case "j": padded(c.dayOfYear, 3)
        case "a": String(weekdayNames[c.weekday - 1].prefix(3))
        case "A": weekdayNames[c.weekday - 1]
        case "b": String(monthNames[c.month - 1].prefix(3))
        case "B": monthNames[c.month - 1]
        case "y": padded(c.year % 100, 2)
        case "e": c.day < 10 ? " \(c.day)" : "\(c.day)"
        case "Z": "UTC"
        case "z": "+0000"
        default: "%"
        }
    }

    static func padded(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

/// A format that cannot be used or a text that does not match it.
struct DateFormatError: Error {
    let message: String
    let hint: String?

    init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
}
