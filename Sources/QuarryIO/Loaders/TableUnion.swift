import QuarryBase
import QuarryEngine

/// Stacks tables loaded from several files (a folder or a glob) into one, matching columns by name.
package enum TableUnion {
    /// The tables' rows one after another, in the first table's column order. A column's type is
    /// the one its files agree on (int with float gives float, date with timestamp gives
    /// timestamp, anything else gives string); files whose column is empty do not take part.
    package static func union(_ parts: [(path: String, table: Table)]) throws(Diagnostic) -> Table {
        guard let first = parts.first else { return Table(names: [], columns: []) }
        let names = first.table.names
        for part in parts.dropFirst() {
            let missing = names.filter { !part.table.names.contains($0) }
            let extra = part.table.names.filter { !names.contains($0) }
            if !missing.isEmpty || !extra.isEmpty {
                throw Diagnostic.filesDisagree(part.path, first: first.path, missing: missing, extra: extra)
            }
        }
        var columns: [Column] = []
        for name in names {
            let pieces = parts.map { $0.table[name]! }
            let typed = pieces.filter { $0.nullCount < $0.count }.map(\.type)
            let target = typed.isEmpty ? pieces[0].type : unifiedType(typed)
            var converted: [Column] = []
            for piece in pieces {
                if piece.nullCount == piece.count {
                    converted.append(Column.nulls(target, count: piece.count))
                } else {
                    converted.append(try ConversionFunctions.convert(piece, to: target, range: nil))
                }
            }
            columns.append(concatenate(converted, type: target))
        }
        return Table(names: names, columns: columns, rowCount: parts.reduce(0) { $0 + $1.table.rowCount })
    }

    static func unifiedType(_ types: [DataType]) -> DataType {
        let distinct = Set(types)
        if distinct.count == 1 { return types[0] }
        if distinct.allSatisfy(\.isNumeric) { return .float }
        if distinct.allSatisfy(\.isTemporal) { return .timestamp }
        return .string
    }

    /// Columns of one type, end to end.
    static func concatenate(_ columns: [Column], type: DataType) -> Column {
        let count = columns.reduce(0) { $0 + $1.count }
        var validity = Bitmap(count: count, value: false)
        var offset = 0
        for column in columns {
            for i in 0..<column.count where column.isValid(i) { validity.set(offset + i) }
            offset += column.count
        }
        let storage: Column.Storage
        switch type {
        case .int: storage = .int(columns.flatMap(\.intValues))
        case .float: storage = .float(columns.flatMap(\.floatValues))
        case .bool: storage = .bool(columns.flatMap(\.boolValues))
        case .date: storage = .date(columns.flatMap(\.dateValues))
        case .timestamp: storage = .timestamp(columns.flatMap(\.timestampValues))
        case .string, .null:
            var builder = DictionaryBuilder()
            var codes: [Int32] = []
            codes.reserveCapacity(count)
            for column in columns {
                guard case .string(let part, let dictionary) = column.storage else { continue }
                let remap = dictionary.values.map { builder.code(for: $0) }
                codes += part.map { remap[Int($0)] }
            }
            if builder.values.isEmpty { _ = builder.code(for: "") }
            storage = .string(codes: codes, dictionary: builder.build())
        }
        return Column(storage, validity: validity)
    }
}
