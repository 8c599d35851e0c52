import CiviLang

/// The `:time` line after a statement: wall time and requests (the session measures them), the
/// `where` filters sent to the server, and what each stream the statement read asked for.
enum TimingReport {
    /// Distinct stream reads listed under the line (a loop may read thousands).
    static let listed = 5

    /// The text after `0.123 s, 2 requests`: the pushed-down filters on the same line, then one
    /// indented line per stream read. A line that would show the API key (a filter value holding
    /// it) is left out; `holdsSecret` says which.
    static func streams(_ reads: StreamReads, holdsSecret: (String) -> Bool) -> String {
        var pushed: [String] = []
        for filter in reads.first.flatMap(\.pushedDown) where !pushed.contains(filter) { pushed.append(filter) }
        var out = ""
        let note = "`where` sent to the server as " + pushed.joined(separator: ", ")
        if !pushed.isEmpty, !holdsSecret(note) { out += "; " + note }
        // A loop reads the same stream over and over: one line for each distinct read, with how often.
        var distinct: [(description: StreamDescription, times: Int)] = []
        for d in reads.first {
            if let i = distinct.firstIndex(where: { $0.description == d }) { distinct[i].times += 1 } else { distinct.append((d, 1)) }
        }
        var listedReads = 0
        for (d, times) in distinct.prefix(listed) {
            let text = d.text
            out += "\n  " + (holdsSecret(text) ? "(a stream read not shown: it holds the API key)" : text)
            if times > 1 { out += " (×\(times))" }
            listedReads += times
        }
        let more = reads.count - listedReads
        if more > 0 { out += "\n  … and \(more) more stream read\(more == 1 ? "" : "s")" }
        return out
    }
}
