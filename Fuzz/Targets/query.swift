import QuarryBase
import QuarryEngine
import QuarryIO
import QuarryShell
import QuarrySyntax

/// The demo tables, made once and cut to their first 300 rows (so drawing a whole table stays
/// quick under the sanitizers); every input runs in a fresh session over them.
let demoTables: Catalog = {
    var demo = Catalog()
    DemoData.install(into: &demo)
    var catalog = Catalog()
    for name in demo.names { if let table = demo.table(name) { catalog.add(name, table.prefix(300)) } }
    return catalog
}()

/// One input as statements at the prompt: parsed, bound, optimized, run and rendered (in an
/// output format the input's length picks). Errors are fine; crashes, hangs and aborts are not.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQuery(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard !touchesFiles(text) else { return 0 }
    let session = Session()
    session.catalog = demoTables
    session.memory.ceiling = fuzzMemoryCeiling
    session.format = OutputFormat.allCases[size % OutputFormat.allCases.count]
    session.write = { _ in }
    session.writeError = { _ in }
    session.run(SourceText(name: nil, text: text))
    return 0
}

/// True when a statement that would run reads or writes a file (`load`, `save`): such inputs
/// are skipped, so fuzzing never touches the disk. The run stops at the first error, as this does.
func touchesFiles(_ text: String) -> Bool {
    do {
        var parser = try Parser(text)
        while let statement = try parser.parseStatement() {
            switch statement.kind {
            case .load: return true
            case .query(let query), .bind(_, let query): if query.save != nil { return true }
            case .explain: break
            }
        }
    } catch {}
    return false
}
