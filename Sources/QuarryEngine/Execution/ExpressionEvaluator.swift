import QuarryBase
import QuarrySyntax

/// Evaluates bound expressions over whole columns: each operator and function is a kernel over
/// typed arrays; a filter's predicate becomes a selection vector.
public enum ExpressionEvaluator {
    /// Evaluates an expression over every row of `table` at once.
    public static func evaluate(_ expr: BoundExpr, _ table: Table) throws(Diagnostic) -> Datum {
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
        case .perValue(let inner, let column):
            return try PerValueEvaluation.evaluate(inner, table.columns[column])
        }
    }
}

/// Evaluates an expression of one column once per distinct value of that column and gathers
/// the answers back to the rows (see the optimizer rule `EvaluatePerValue`).
enum PerValueEvaluation {
    static func evaluate(_ inner: BoundExpr, _ column: Column) throws(Diagnostic) -> Datum {
        let rows = column.count
        switch column.storage {
        case .string(let codes, let dictionary):
            let answers = try answersFor(inner, dictionary)
            guard let rowValidity = column.validity else { return .column(answers.gather(codes)) }
            let nullRow = Int32(dictionary.count)
            let index = (0..<rows).map { rowValidity[$0] ? codes[$0] : nullRow }
            return .column(answers.gather(index))
        case .int(let v): return try integers(inner, v, column) { .int($0) }
        case .date(let v): return try integers(inner, v, column) { .date($0) }
        default:
            return try ExpressionEvaluator.evaluate(inner, Table(names: ["value"], columns: [column]))
        }
    }

    /// For a condition over a text column: a bitmap of the rows where it is true, looked up per
    /// row from one answer per dictionary code (no column of answers is built); nil for other types.
    static func trueRows(_ inner: BoundExpr, _ column: Column) throws(Diagnostic) -> [UInt64]? {
        guard case .string(let codes, let dictionary) = column.storage else { return nil }
        let k = dictionary.count
        let answers = try answersFor(inner, dictionary)
        guard case .bool(let flags) = answers.storage else { return nil }
        let isTrue = (0..<k).map { flags[$0] && answers.isValid($0) }
        let wordCount = (codes.count + 63) >> 6
        var words = ExpressionEvaluator.packBits(codes: codes, isTrue: isTrue)
        // A null row is true only when the condition is true of null (`s is null or ...`).
        if let rowValidity = column.validity {
            let nullIsTrue = flags[k] && answers.isValid(k)
            for w in 0..<wordCount {
                words[w] = nullIsTrue ? words[w] | ~rowValidity.words[w] : words[w] & rowValidity.words[w]
            }
            if nullIsTrue, codes.count & 63 != 0 { words[wordCount - 1] &= (1 << UInt64(codes.count & 63)) - 1 }
        }
        return words
    }

    /// The answers for each dictionary entry (rows 0..<count), then for null (the last row).
    static func answersFor(_ inner: BoundExpr, _ dictionary: StringDictionary) throws(Diagnostic) -> Column {
        // The null row holds code 0 as its placeholder, like any null text row (a kernel may read
        // it), so an empty dictionary gets one entry to point at.
        let k = dictionary.count
        let values = k == 0 ? StringDictionary([""]) : dictionary
        let codes = Array(0..<Int32(k)) + [0]
        return try answersFor(inner, Column(.string(codes: codes, dictionary: values), validity: nullLast(k)))
    }

    /// A validity bitmap of `count` valid rows, then one null row.
    static func nullLast(_ count: Int) -> Bitmap {
        var validity = Bitmap(count: count + 1, value: true)
        validity.clear(count)
        return validity
    }

    static func answersFor(_ inner: BoundExpr, _ values: Column) throws(Diagnostic) -> Column {
        try ExpressionEvaluator.evaluate(inner, Table(names: ["value"], columns: [values]))
            .materialize(count: values.count, type: inner.type)
    }

    /// The values present in an integer or date column, found through an array over its range.
    static func integers<T: FixedWidthInteger>(
        _ inner: BoundExpr, _ values: [T], _ column: Column, _ storage: ([T]) -> Column.Storage
    ) throws(Diagnostic) -> Datum {
        let rows = values.count
        guard let (low, high) = RangeKernels.minMax(values, column.validity),
            case (let difference, false) = Int(high).subtractingReportingOverflow(Int(low)),
            difference < Tuning.perValueMaximumSpan
        else {
            // No value, or a range too wide for a lookup array: evaluate row by row.
            return try ExpressionEvaluator.evaluate(inner, Table(names: ["value"], columns: [column]))
        }
        let span = difference + 1
        var present = [Bool](repeating: false, count: span)
        values.withUnsafeBufferPointer { v in
            Bitmap.forEachSet(column.validity, in: 0..<rows) { row in present[Int(v[row]) &- Int(low)] = true }
        }
        // The present values in order, then a null row; each slot's answer row.
        var slotAnswer = [Int32](repeating: 0, count: span)
        var distinct: [T] = []
        for s in 0..<span where present[s] {
            slotAnswer[s] = Int32(distinct.count)
            distinct.append(T(truncatingIfNeeded: Int(low) &+ s))
        }
        let nullRow = Int32(distinct.count)
        let answers = try answersFor(inner, Column(storage(distinct + [0]), validity: nullLast(distinct.count)))
        var index = [Int32](repeating: nullRow, count: rows)
        index.withUnsafeMutableBufferPointer { index in
            values.withUnsafeBufferPointer { v in
                Bitmap.forEachSet(column.validity, in: 0..<rows) { row in index[row] = slotAnswer[Int(v[row]) &- Int(low)] }
            }
        }
        return .column(answers.gather(index))
    }
}
