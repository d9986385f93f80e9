import QuarryBase
import QuarryEngine

/// After a `where` that compared a text column with a literal matching no row as written: the
/// values that would match ignoring case or surrounding spaces.
final class CaseMismatchNote: ExecutionObserver {
    let notes: NoteCollector

    init(_ notes: NoteCollector) { self.notes = notes }

    func observe(_ event: ExecutionEvent) {
        if case .filtered(let predicate, let input, _, _) = event { checkFilter(predicate, input) }
    }

    /// A `where` comparing a text column with a literal that matches nothing as written, but
    /// would match ignoring case or surrounding spaces.
    func checkFilter(_ predicate: BoundExpr, _ table: Table) {
        switch predicate.kind {
        case .binary(.and, let a, let b), .binary(.or, let a, let b):
            checkFilter(a, table)
            checkFilter(b, table)
        case .binary(.equal, let l, let r):
            var column: Int?
            var literal: String?
            if case .column(let c) = l.kind, case .constant(.string(let s)) = r.kind { (column, literal) = (c, s) }
            if case .column(let c) = r.kind, case .constant(.string(let s)) = l.kind { (column, literal) = (c, s) }
            // Cheap first: a literal that is in the dictionary is taken to match.
            guard let column, let literal, case .string(let codes, let dictionary) = table.columns[column].storage,
                dictionary.code(of: literal) == nil
            else { return }
            var counts = [Int](repeating: 0, count: dictionary.count)
            for row in 0..<codes.count where table.columns[column].isValid(row) { counts[Int(codes[row])] += 1 }
            let wanted = trimmed(literal).lowercased()
            let near = dictionary.values.indices.filter {
                counts[$0] > 0 && trimmed(dictionary.values[$0]).lowercased() == wanted
            }
            .sorted { counts[$0] > counts[$1] }
            guard !near.isEmpty else { return }
            let alternatives = near.prefix(3).map {
                "\(ValueFormatter.grouped(Int64(counts[$0]))) have \"\(dictionary.values[$0])\""
            }
            notes.add("no rows have \(display(table.names[column])) = \"\(literal)\"; " + alternatives.joined(separator: ", "))
        default:
            return
        }
    }
}
