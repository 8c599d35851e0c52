/// An API key that never shows itself: printing, interpolating, dumping or mirroring it gives `***`.
public struct APIKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The secret itself; read only where a request header is built.
    let secret: String

    /// Wraps a key (surrounding whitespace, e.g. a command's trailing newline, is dropped).
    public init(_ secret: String) {
        self.secret = secret.trimmingWhitespace()
    }

    /// Always `***`.
    public var description: String { "***" }
    /// Always `***`.
    public var debugDescription: String { "***" }
    /// A mirror without children, so `dump` and reflection show nothing of the key.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// True when there is no key text at all.
    public var isEmpty: Bool { secret.isEmpty }

    /// True when `text` contains the key (so the shell can keep such a line out of history).
    public func occurs(in text: String) -> Bool { !secret.isEmpty && text.contains(secret) }

    /// Replaces every occurrence of the key in `text` with `***` (a last line of defence for
    /// anything echoed back by a server or a command).
    func redact(_ text: String) -> String {
        guard secret.count >= 4 else { return text }
        return text.replacingAll(secret, with: "***")
    }
}

extension String {
    /// This string without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }),
              let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }

    /// This string with every occurrence of `target` replaced.
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
