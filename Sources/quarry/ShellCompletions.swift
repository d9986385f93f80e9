import QuarryIO

/// The completion scripts `quarry --completions SHELL` prints, made from `CommandLineOption.all`:
/// they complete option names, the words an option's value may be (`--format csv`), and file
/// names where a path goes (folders, data files and `.qry` scripts).
enum ShellCompletions {
    static let shells = ["bash", "zsh", "fish"]

    /// The file name endings completion offers for a PATH.
    static let pathEndings = ["csv", "tsv", "tab", "txt", "json", "ndjson", "jsonl", "gz", "zst", "qry"]

    static func script(for shell: String) -> String {
        switch shell {
        case "zsh": zsh
        case "fish": fish
        default: bash
        }
    }

    static var options: [CommandLineOption] { CommandLineOption.all }

    // MARK: bash

    static var bash: String {
        var valueCases = ""
        for option in options where option.value != .none {
            let names = option.names.joined(separator: "|")
            let action: String
            switch option.value {
            case .words(let words): action = "COMPREPLY=($(compgen -W \"\(words.joined(separator: " "))\" -- \"$cur\"))"
            case .file: action = "_quarry_files \"$cur\""
            case .text, .none: action = "COMPREPLY=()"
            }
            valueCases += "        \(names)) \(action); return ;;\n"
        }
        let names = options.flatMap(\.names).joined(separator: " ")
        let endings = pathEndings.map { "*.\($0)" }.joined(separator: " | ")
        return """
            # bash completion for quarry (made by `quarry --completions bash`)
            _quarry_files() {
                local file
                COMPREPLY=()
                while IFS= read -r file; do
                    case "$file" in
                    \(endings)) COMPREPLY+=("$file") ;;
                    *) [[ -d "$file" ]] && COMPREPLY+=("$file") ;;
                    esac
                done < <(compgen -f -- "$1")
            }

            _quarry() {
                local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
                # `--format=csv`: bash splits at =, so the option is the word before it.
                if [[ "$cur" == "=" ]]; then
                    prev="${COMP_WORDS[COMP_CWORD-1]}"
                    cur=""
                elif [[ "$prev" == "=" && COMP_CWORD -ge 2 ]]; then
                    prev="${COMP_WORDS[COMP_CWORD-2]}"
                fi
                case "$prev" in
            \(valueCases)    esac
                if [[ "$cur" == -* ]]; then
                    COMPREPLY=($(compgen -W "\(names)" -- "$cur"))
                    return
                fi
                _quarry_files "$cur"
            }
            complete -o filenames -F _quarry quarry

            """
    }

    // MARK: zsh

    /// Text inside a zsh option's `[...]`, and inside the single quotes around it.
    static func zshQuoted(_ text: String) -> String {
        text.replacingOccurrences(of: "'", with: "'\\''").replacingOccurrences(of: "[", with: "(")
            .replacingOccurrences(of: "]", with: ")")
    }

    static var zsh: String {
        var specs: [String] = []
        for option in options where option.action != .endOfOptions {
            let summary = zshQuoted(option.summary.joined(separator: " "))
            let value: String
            switch option.value {
            case .none: value = ""
            case .words(let words): value = ":\(option.argument!.lowercased()):(\(words.joined(separator: " ")))"
            case .file: value = ":\(option.argument!.lowercased()):_files"
            case .text: value = ":\(option.argument!.lowercased()): "
            }
            let repeats = option.action == .command ? "*" : ""
            let exclusion = option.names.count > 1 && repeats.isEmpty ? "(\(option.names.joined(separator: " ")))" : ""
            let names = option.names.count > 1 ? "{\(option.names.joined(separator: ","))}" : option.names[0]
            let prefix = repeats + exclusion
            specs.append((prefix.isEmpty ? "" : "'\(prefix)'") + "\(names)'[\(summary)]\(value)'")
        }
        let glob = "*.(" + pathEndings.joined(separator: "|") + ")"
        specs.append("'*:path:_files -g \"\(glob)\"'")
        return """
            #compdef quarry
            # zsh completion for quarry (made by `quarry --completions zsh`); -- ends the options.
            _arguments -s -S \\
              \(specs.joined(separator: " \\\n  "))

            """
    }

    // MARK: fish

    static func fishQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    static var fish: String {
        // A PATH gets fish's own file name completion.
        var lines = ["# fish completion for quarry (made by `quarry --completions fish`); -- ends the options."]
        for option in options where option.action != .endOfOptions {
            var line = "complete -c quarry"
            for name in option.names {
                line += name.hasPrefix("--") ? " -l \(name.dropFirst(2))" : " -s \(name.dropFirst())"
            }
            switch option.value {
            case .none: break
            case .words(let words): line += " -x -a " + fishQuoted(words.joined(separator: " "))
            case .file: line += " -r -F"
            case .text: line += " -x"
            }
            line += " -d " + fishQuoted(option.summary.joined(separator: " "))
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
