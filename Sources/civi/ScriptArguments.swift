/// The arguments after a script's path in `civi run FILE ARGS...`, kept away from option parsing.
enum ScriptArguments {
    /// The script's own arguments, set once in main before parsing.
    nonisolated(unsafe) static var value: [String] = []

    /// Options of `civi run` that take a value (the next argument is theirs, not the script path).
    static let optionsWithValues: Set<String> = ["--profile", "--base-url", "--format", "--timeout", "--deadline", "--retries",
                                                        "--retry-budget"]

    /// Splits `run`'s arguments into civi's (options and the path) and the script's (after the path).
    static func split(_ args: [String]) -> (civi: [String], script: [String]) {
        var i = 0
        var civi: [String] = []
        while i < args.count {
            let a = args[i]
            if a == "--" {
                civi.append(contentsOf: args[i..<min(i + 2, args.count)])
                return (civi, Array(args.dropFirst(i + 2)))
            }
            if a.hasPrefix("-") && a != "-" {
                civi.append(a)
                if optionsWithValues.contains(a), i + 1 < args.count {
                    civi.append(args[i + 1])
                    i += 1
                }
                i += 1
                continue
            }
            civi.append(a)
            return (civi, Array(args.dropFirst(i + 1)))
        }
        return (civi, [])
    }
}
