@preconcurrency import Glibc
import QuarryBase
import QuarryIO

extension Shell {
    /// `.edit`: the last statement in `$VISUAL` (else `$EDITOR`, else vi), in a temporary
    /// `.qry` file; once the editor exits having saved it, its statements run (and join the
    /// history). Quitting without saving runs nothing.
    func editCommand(_ argument: String) throws(Diagnostic) {
        guard argument.isEmpty else {
            throw Diagnostic.commandUsage(".edit", "it edits the last statement; give nothing after it")
        }
        try edit(lastStatement ?? "")
    }

    /// `.edit` typed on a continuation line: the statement being typed, in the editor.
    public func edit(current statement: String) {
        LargeStack.run {
            do throws(Diagnostic) {
                try edit(statement)
            } catch {
                session.report(error, in: nil)
            }
        }
    }

    /// Opens `statement` in the editor, and runs what was saved.
    func edit(_ statement: String) throws(Diagnostic) {
        let editor = Shell.editor()
        let folder = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(folder)/quarry-edit-XXXXXX.qry".utf8CString)
        let fd = mkstemps(&template, 4)
        guard fd >= 0 else {
            throw Diagnostic.writeFailed(folder, reason: "cannot make a temporary file: " + String(cString: strerror(errno)))
        }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        defer { unlink(path) }
        let original = statement + "\n"
        var sink = DescriptorSink(descriptor: fd)
        let written = Result { () throws(WriteFailure) in try sink.write(Array(original.utf8)) }
        let before = Shell.modificationTime(fd)
        close(fd)
        if case .failure(let error) = written { throw Diagnostic.writeFailed(path, reason: error.reason) }
        guard let status = ChildCommand.run(editor + " \"$1\"", arguments: [path]) else {
            throw Diagnostic.commandNotStarted(editor, reason: String(cString: strerror(errno)))
        }
        Cancellation.reset()
        guard status == 0 else {
            throw Diagnostic.commandFailed(
                editor, status: status, hint: "nothing was run; set $VISUAL or $EDITOR to another editor")
        }
        guard let text = TextFile.read(path) else { throw Diagnostic.fileNotFound(path) }
        let after = open(path, O_RDONLY | O_CLOEXEC)
        let saved = after >= 0 && !Shell.same(Shell.modificationTime(after), before) || text != original
        if after >= 0 { close(after) }
        let statements = text.trimmingCharacters(in: " \t\n\r")
        guard saved, !statements.isEmpty else {
            return session.writeError("nothing was saved; nothing was run\n")
        }
        session.write(statements + "\n")
        addToHistory?(statements)
        lastStatement = statements
        if case .failed = runScript(statements, name: nil) { throw Diagnostic.scriptStopped("the edited statements") }
    }

    /// `$VISUAL`, else `$EDITOR`, else vi.
    static func editor() -> String {
        for name in ["VISUAL", "EDITOR"] {
            if let value = getenv(name), !String(cString: value).allSatisfy(\.isWhitespace) { return String(cString: value) }
        }
        return "vi"
    }

    static func same(_ a: timespec?, _ b: timespec?) -> Bool {
        a?.tv_sec == b?.tv_sec && a?.tv_nsec == b?.tv_nsec
    }

    /// The file's modification time, to the nanosecond.
    static func modificationTime(_ fd: Int32) -> timespec? {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        return info.st_mtim
    }
}
