/// Runs a plan to a table. Each operator takes whole tables and works column by column.
public struct Executor {
    /// Checked before each operator, so Ctrl-C stops a long query between steps.
    let isCancelled: @Sendable () -> Bool
    /// Where notes about likely mistakes go; nil when nobody wants them.
    let notes: NoteCollector?

    public init(isCancelled: @escaping @Sendable () -> Bool = { false }, notes: NoteCollector? = nil) {
        self.isCancelled = isCancelled
        self.notes = notes
    }

    public func run(_ plan: Plan) throws(Diagnostic) -> Table {
        let table = try runOperator(plan)
        if isCancelled() { throw Diagnostic.cancelled() }
        return table
    }

    /// One operator over its input's result.
    func runOperator(_ plan: Plan) throws(Diagnostic) -> Table {
        switch plan {
        case .scan(_, let table):
            return table

        case .filter(let input, let predicate):
            let table = try run(input)
            notes?.checkFilter(predicate, table)
            return table.gather(try selection(predicate, table))

        case .project(let input, let outputs):
            let table = try run(input)
            var columns: [Column] = []
            for output in outputs {
                columns.append(try evaluate(output.expr, table).materialize(count: table.rowCount, type: output.expr.type))
            }
            return Table(names: outputs.map(\.name), columns: columns, rowCount: table.rowCount)

        case .aggregate(
            .join(let left, let right, let isLeft, let leftKey, let rightKey, let rightColumns, let names), let keys,
            let aggregates):
            // A group by over a join reads only some of the joined columns: gather just those.
            var used = Set<Int>()
            for expr in keys.map(\.expr) + aggregates.compactMap(\.aggregate.argument) { expr.collectColumns(into: &used) }
            let joined = try join(left, right, isLeft, leftKey, rightKey, rightColumns, names, needed: used)
            return try aggregate(joined, keys: keys, aggregates: aggregates)

        case .aggregate(let input, let keys, let aggregates):
            return try aggregate(try run(input), keys: keys, aggregates: aggregates)

        case .sort(let input, let keys):
            let table = try run(input)
            return table.gather(SortKernels.permutation(try sortColumns(keys, table), descending: keys.map(\.descending)))

        case .limit(.sort(let input, let keys), let n):
            // A sort followed by a limit keeps only the first n rows: a bounded heap finds them
            // without sorting everything (top N by ...).
            let table = try run(input)
            return table.gather(SortKernels.firstRows(n, of: try sortColumns(keys, table), descending: keys.map(\.descending)))

        case .limit(let input, let n):
            return try run(input).prefix(n)

        case .join(let left, let right, let isLeft, let leftKey, let rightKey, let rightColumns, let names):
            return try join(left, right, isLeft, leftKey, rightKey, rightColumns, names, needed: nil)

        case .describe(let input):
            return Describe.run(try run(input))

        case .frequency(let input, let columns):
            return Frequency.run(try run(input), columns: columns)

        case .count(.filter(let input, let predicate)):
            // Counting what a filter keeps needs only the selection, not the rows themselves.
            let table = try run(input)
            notes?.checkFilter(predicate, table)
            return Table(names: ["count"], columns: [Column(.int([Int64(try selection(predicate, table).count)]))])

        case .count(let input):
            let table = try run(input)
            return Table(names: ["count"], columns: [Column(.int([Int64(table.rowCount)]))])
        }
    }

    /// The sort keys evaluated over the table, one column each.
    func sortColumns(_ keys: [BoundSortKey], _ table: Table) throws(Diagnostic) -> [Column] {
        var columns: [Column] = []
        for key in keys { columns.append(try evaluate(key.expr, table).materialize(count: table.rowCount, type: key.expr.type)) }
        return columns
    }

    /// Runs a join; with `needed`, only those output columns are gathered (the others are left
    /// empty, for a consumer that never reads them).
    func join(
        _ left: Plan, _ right: Plan, _ isLeft: Bool, _ leftKey: Int, _ rightKey: Int, _ rightColumns: [Int],
        _ names: [String], needed: Set<Int>?
    ) throws(Diagnostic) -> Table {
        let leftTable = try run(left)
        let (joined, stats) = JoinKernels.join(
            leftTable, try run(right), isLeft: isLeft, leftKey: leftKey, rightKey: rightKey,
            rightColumns: rightColumns, names: names, needed: needed)
        if let notes {
            let rightName: String
            if case .scan(let name, _) = right { rightName = name } else { rightName = "the joined table" }
            let keys = leftTable.columns[leftKey]
            var examples: [String] = []
            for row in stats.unmatched where examples.count < 3 && keys.isValid(row) {
                let text = ValueFormatter.plain(keys.value(at: row))
                if !examples.contains(text) { examples.append(text) }
            }
            notes.checkJoin(
                leftRows: leftTable.rowCount, unmatched: stats.unmatched, multiplied: stats.multipliedKeys,
                extraRows: stats.extraRows, keyName: display(leftTable.names[leftKey]), examples: examples,
                rightName: rightName, isLeft: isLeft)
        }
        return joined
    }

    /// The rows where `predicate` is true, as a selection vector.
    func selection(_ predicate: BoundExpr, _ table: Table) throws(Diagnostic) -> [Int32] {
        // A row is kept only when every `and` part is true, and a null counts as false, so each
        // part becomes a bitmap of its true rows and the bitmaps are intersected word by word,
        // without three-valued logic over every row.
        var keep: [UInt64]?
        for part in conjuncts(predicate) {
            switch try evaluate(part, table) {
            case .scalar(.bool(true)): continue
            case .scalar: return []
            case .column(let c):
                let mask = trueRows(c)
                if let current = keep {
                    keep = zip(current, mask).map { $0 & $1 }
                } else {
                    keep = mask
                }
            }
        }
        guard let keep else { return (0..<Int32(table.rowCount)).map { $0 } }
        var selected: [Int32] = []
        selected.reserveCapacity(keep.reduce(0) { $0 + $1.nonzeroBitCount })
        Bitmap.forEachSet(Bitmap(words: keep, count: table.rowCount), in: 0..<table.rowCount) { selected.append(Int32($0)) }
        return selected
    }

    /// The parts of an `and` chain.
    func conjuncts(_ e: BoundExpr) -> [BoundExpr] {
        if case .binary(.and, let a, let b) = e.kind { return conjuncts(a) + conjuncts(b) }
        return [e]
    }

    /// A bitmap of the rows where a bool column is true (not false, not null).
    func trueRows(_ column: Column) -> [UInt64] {
        guard case .bool(let values) = column.storage else { return [UInt64](repeating: 0, count: (column.count + 63) >> 6) }
        // Each word is assembled in a register from its 64 flags, then stored once.
        let wordCount = (values.count + 63) >> 6
        var words = [UInt64](unsafeUninitializedCapacity: wordCount) { words, initialized in
            values.withUnsafeBufferPointer { v in
                for w in 0..<wordCount {
                    var bits: UInt64 = 0
                    for i in w << 6..<min(w << 6 + 64, v.count) { bits |= (v[i] ? 1 : 0) << UInt64(i & 63) }
                    words[w] = bits
                }
            }
            initialized = wordCount
        }
        if let validity = column.validity {
            for w in words.indices { words[w] &= validity.words[w] }
        }
        return words
    }

    /// Evaluates an expression over every row of `table` at once.
    public func evaluate(_ expr: BoundExpr, _ table: Table) throws(Diagnostic) -> Datum {
        let n = table.rowCount
        switch expr.kind {
        case .column(let i):
            return .column(table.columns[i])
        case .constant(let v):
            return .scalar(v)
        case .negate(let x):
            let operand = try evaluate(x, table)
            let zero: Value = x.type == .float ? .float(0) : .int(0)
            return try ArithmeticKernels.evaluate(
                .subtract, .scalar(zero), operand, leftType: zero.type, rightType: x.type,
                resultType: expr.type, count: n, range: expr.range)
        case .not(let x):
            return LogicKernels.not(try evaluate(x, table))
        case .binary(let op, let l, let r):
            let left = try evaluate(l, table)
            let right = try evaluate(r, table)
            if op == .and || op == .or { return LogicKernels.evaluate(op, left, right, count: n) }
            if op.isComparison {
                return CompareKernels.evaluate(op, left, right, leftType: l.type, rightType: r.type, count: n)
            }
            return try ArithmeticKernels.evaluate(
                op, left, right, leftType: l.type, rightType: r.type, resultType: expr.type,
                count: n, range: expr.range)
        case .isNull(let x, let negated):
            switch try evaluate(x, table) {
            case .scalar(let v): return .scalar(.bool(v.isNull != negated))
            case .column(let c):
                guard let validity = c.validity else { return .scalar(.bool(negated)) }
                return .column(Column(.bool((0..<n).map { validity[$0] == negated })))
            }
        case .inList(let x, let values, let negated):
            return MembershipKernel.evaluate(try evaluate(x, table), type: x.type, values: values, negated: negated, count: n)
        case .call(let function, let arguments):
            var args: [Datum] = []
            for argument in arguments { args.append(try evaluate(argument, table)) }
            return try function.kernel(args, n, expr.range)
        case .cast(let x, let type):
            return try ConversionFunctions.convert(try evaluate(x, table), n, to: type, range: expr.range)
        }
    }
}

/// `x in (a, b, ...)`: a hash-set lookup per row (per distinct value for strings).
/// Following SQL, a null in the list makes a non-match null rather than false.
enum MembershipKernel {
    static func evaluate(_ operand: Datum, type: DataType, values: [Value], negated: Bool, count: Int) -> Datum {
        let listHasNull = values.contains { $0.isNull }
        let scalar = { if case .scalar = operand { true } else { false } }()
        if operand.isNullScalar { return .scalar(.null) }
        let n = scalar ? 1 : count
        var found: [Bool]
        switch type {
        case .string:
            let set = Set(values.compactMap { if case .string(let s) = $0 { s } else { nil } })
            if case .scalar(.string(let s)) = operand {
                found = [set.contains(s)]
            } else if case .column(let c) = operand {
                found = CompareKernels.perCode(c) { set.contains($0) }
            } else {
                found = []
            }
        case .int where values.allSatisfy({ if case .float = $0 { false } else { true } }), .date, .bool, .timestamp:
            let set = Set(
                values.compactMap { v -> Int64? in
                    switch v {
                    case .int(let x): x
                    case .date(let d): Int64(d)
                    case .timestamp(let t): t
                    case .bool(let b): b ? 1 : 0
                    default: nil
                    }
                })
            let keys: Operand<Int64>
            switch type {
            case .date:
                let d = operand.dates
                keys = Operand(array: (0..<n).map { Int64(d[$0]) })
            case .timestamp: keys = operand.timestamps
            default: keys = operand.ints
            }
            found = (0..<n).map { set.contains(keys[$0]) }
        default:
            let set = Set(
                values.compactMap { v -> Double? in
                    switch v {
                    case .int(let x): Double(x)
                    case .float(let x): x
                    default: nil
                    }
                })
            let keys = operand.floats
            found = (0..<n).map { set.contains(keys[$0]) }
        }
        var validity = operand.validity ?? Bitmap(count: n, value: true)
        if listHasNull { for i in 0..<n where !found[i] { validity.clear(i) } }
        if negated { found = found.map { !$0 } }
        return makeDatum(.bool(found), validity: validity, scalarResult: scalar)
    }
}
