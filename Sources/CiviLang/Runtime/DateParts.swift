import CiviCore

/// `d.year`, `d.month`, … : the UTC calendar parts of a date, read like fields.
enum DateParts {
    /// The parts a date has, in the order help and hints list them.
    static let names = ["year", "month", "day", "hour", "minute", "second", "weekday"]

    /// The part `name` of `date` as an int (`weekday` is ISO: 1 Monday … 7 Sunday), null for an
    /// unknown part when `optional`, else an error naming the parts.
    static func value(_ date: Instant, _ name: String, optional: Bool) throws -> Value {
        let c = date.civil
        switch name {
        case "year": return .int(c.year)
        case "month": return .int(c.month)
        case "day": return .int(c.day)
        case "hour": return .int(c.hour)
        case "minute": return .int(c.minute)
        case "second": return .int(c.second)
        case "weekday": return .int(c.weekday)
        default:
            if optional { return .null }
            let guess = nearest(to: name, among: names, within: max(2, name.count / 3)).map { "; did you mean `\($0)`?" } ?? ""
            throw Fault("a date has no part `\(name)`\(guess)",
                        hint: "date parts: \(names.joined(separator: ", ")); format_date(d, \"%Y-%m\") formats a date")
        }
    }
}
