import CiviCore
import CiviExport
import CiviLang

extension Shell {
    /// `civi export --to TARGET (FILE | -e SOURCE) [-o OUT]`: writes the program to OUT or standard
    /// output; exit 2 (and nothing written) for a usage error or anything that cannot be exported.
    public static func export(target name: String, path: String?, source: String?, output: String?, options: ShellOptions) -> Int32 {
        guard let target = ExportTarget(named: name) else {
            Terminal.writeError("civi: error: cannot export to `\(name)`; targets: \(ExportTarget.namesForUsage)\n")
            return 2
        }
        let text: String
        let shown: String
        if let source {
            (text, shown) = (source, "<-e>")
        } else if let path {
            do { text = try FileText.read(path) } catch {
                Terminal.writeError("civi: error: \(error)\n")
                return 2
            }
            shown = path == "-" ? "<stdin>" : path
        } else {
            Terminal.writeError("civi: error: give a script or -e SOURCE: civi export --to \(name) FILE\n")
            return 2
        }
        nonisolated(unsafe) var result: Result<String, Diagnostic> = .success("")
        // Parsing recurses once per level of syntax, as when running: use the same large stack.
        Workers.runOnLargeStack(stackSize: 256 << 20) {
            do throws(Diagnostic) {
                result = .success(try Exporter.export(text, name: shown, to: target, mode: source == nil ? .script : .expression))
            } catch {
                result = .failure(error)
            }
        }
        switch result {
        case .success(let program):
            if let output {
                do { try FileText.write(program, to: output, mode: 0o755) } catch {
                    Terminal.writeError("civi: error: \(error)\n")
                    return 2
                }
            } else {
                Terminal.writeOut(program)
            }
            return 0
        case .failure(let d):
            let color = Terminal.wantsColor(2, disabled: options.noColor, environment: ProcessEnvironment.current())
            Terminal.writeError(d.render(color: color, terminal: Terminal.isTTY(2)) + "\n")
            return 2
        }
    }
}
