import QuarryBase
import QuarrySyntax

/// A bound expression: every name resolved to a column index, every type known.
public struct BoundExpr: Sendable {
    public indirect enum Kind: Sendable {
        case column(Int)
        case constant(Value)
        case negate(BoundExpr)
        case not(BoundExpr)
        case binary(BinaryOperator, BoundExpr, BoundExpr)
        case isNull(BoundExpr, negated: Bool)
        /// Membership in a list of constants of the operand's type.
        case inList(BoundExpr, [Value], negated: Bool)
        case call(ScalarFunction, [BoundExpr])
        /// An implicit conversion the binder inserted (int to float, text to date).
        case cast(BoundExpr, DataType)
        /// `expression` reads only `column`, so it is evaluated once per distinct value of that
        /// column and the answers are gathered back to the rows. `expression` refers to the
        /// column as column 0. Only the optimizer makes this (rule `EvaluatePerValue`).
        case perValue(BoundExpr, column: Int)
    }

    public let kind: Kind
    public let type: DataType
    public let range: SourceRange
    /// The number of nodes on the longest path down to a leaf (a column or a constant is 1).
    public let depth: Int
    /// The number of nodes, counting a shared part once per use (at most `Int.max / 4`).
    public let size: Int
    /// Which input columns it reads, in short; kept with each node so that asking costs nothing
    /// however deep the expression is.
    public let reads: ColumnsRead

    /// No column, exactly one (which), or several.
    public enum ColumnsRead: Sendable, Equatable {
        case none
        case one(Int)
        case several

        /// What an expression reads whose parts read `self` and `other`.
        func combined(with other: ColumnsRead) -> ColumnsRead {
            switch (self, other) {
            case (.none, _): other
            case (_, .none): self
            case (.one(let a), .one(let b)) where a == b: self
            default: .several
            }
        }
    }

    public init(kind: Kind, type: DataType, range: SourceRange) {
        self.kind = kind
        self.type = type
        self.range = range
        let cap = Int.max / 4
        switch kind {
        case .column(let i):
            (depth, size, reads) = (1, 1, .one(i))
        case .constant:
            (depth, size, reads) = (1, 1, .none)
        case .perValue(let x, let column):
            (depth, size, reads) = (x.depth + 1, min(cap, x.size + 1), .one(column))
        case .negate(let x), .not(let x), .isNull(let x, _), .inList(let x, _, _), .cast(let x, _):
            (depth, size, reads) = (x.depth + 1, min(cap, x.size + 1), x.reads)
        case .binary(_, let a, let b):
            (depth, size, reads) = (max(a.depth, b.depth) + 1, min(cap, a.size + b.size + 1), a.reads.combined(with: b.reads))
        case .call(_, let arguments):
            depth = arguments.reduce(0) { max($0, $1.depth) } + 1
            size = arguments.reduce(1) { min(cap, $0 + $1.size) }
            reads = arguments.reduce(ColumnsRead.none) { $0.combined(with: $1.reads) }
        }
    }

    public static func column(_ index: Int, _ type: DataType, _ range: SourceRange) -> BoundExpr {
        BoundExpr(kind: .column(index), type: type, range: range)
    }
}

extension BoundExpr {
    /// The input columns this expression reads.
    public var columnsRead: Set<Int> {
        var set = Set<Int>()
        collectColumns(into: &set)
        return set
    }

    /// Adds the input columns this expression reads.
    func collectColumns(into set: inout Set<Int>) {
        switch kind {
        case .column(let i), .perValue(_, let i): set.insert(i)
        default: for child in children { child.collectColumns(into: &set) }
        }
    }

    /// The direct subexpressions.
    var children: [BoundExpr] {
        switch kind {
        case .column, .constant, .perValue: []
        case .negate(let x), .not(let x), .isNull(let x, _), .inList(let x, _, _), .cast(let x, _): [x]
        case .binary(_, let a, let b): [a, b]
        case .call(_, let args): args
        }
    }

    /// The same expression with its direct subexpressions replaced (in `children` order).
    func withChildren(_ new: [BoundExpr]) -> BoundExpr {
        let kind: Kind
        switch self.kind {
        case .column, .constant, .perValue: return self
        case .negate: kind = .negate(new[0])
        case .not: kind = .not(new[0])
        case .isNull(_, let negated): kind = .isNull(new[0], negated: negated)
        case .inList(_, let values, let negated): kind = .inList(new[0], values, negated: negated)
        case .cast(_, let type): kind = .cast(new[0], type)
        case .binary(let op, _, _): kind = .binary(op, new[0], new[1])
        case .call(let f, _): kind = .call(f, new)
        }
        return BoundExpr(kind: kind, type: type, range: range)
    }

    /// Rewrites bottom-up: `transform` sees each node after its children were rewritten.
    func transformed(_ transform: (BoundExpr) -> BoundExpr) -> BoundExpr {
        let kids = children
        let rebuilt = kids.isEmpty ? self : withChildren(kids.map { $0.transformed(transform) })
        return transform(rebuilt)
    }

    /// Every column reference replaced by the expression `replacement` gives for it.
    public func substituting(_ replacement: (Int) -> BoundExpr) -> BoundExpr {
        transformed { e in
            switch e.kind {
            case .column(let i): return replacement(i)
            case .perValue(let inner, let c):
                let target = replacement(c)
                // Only a plain column can stand under a per-value evaluation.
                guard case .column(let moved) = target.kind else { return inner.substituting { _ in target } }
                return BoundExpr(kind: .perValue(inner, column: moved), type: e.type, range: e.range)
            default: return e
            }
        }
    }

    /// Column references renumbered through `map`.
    public func remapped(_ map: (Int) -> Int) -> BoundExpr {
        transformed { e in
            switch e.kind {
            case .column(let i): BoundExpr(kind: .column(map(i)), type: e.type, range: e.range)
            case .perValue(let inner, let c): BoundExpr(kind: .perValue(inner, column: map(c)), type: e.type, range: e.range)
            default: e
            }
        }
    }

    /// True when the expression is a column reference.
    public var isColumn: Bool {
        if case .column = kind { return true }
        return false
    }

    /// True when nothing in it depends on the rows.
    var isConstant: Bool { reads == .none }

    /// True when the expression is one value written out (a folded constant), cheap to repeat.
    var isLiteral: Bool {
        if case .constant = kind { return true }
        return false
    }
}

/// An expression with the name of the column it makes.
public struct OutputExpr: Sendable {
    public var name: String
    public var expr: BoundExpr

    public init(_ name: String, _ expr: BoundExpr) {
        self.name = name
        self.expr = expr
    }
}

/// An aggregate call with its bound argument (nil for `count()`).
public struct BoundAggregate: Sendable {
    public let function: AggregateFunction
    public var argument: BoundExpr?
    /// The `q` of `quantile(x, q)`.
    public let parameter: Double?
    public let type: DataType
    public let range: SourceRange
    /// The call as written (`avg(percentage_laid_off)`), for notes and plans.
    public var text = ""
}

public struct BoundSortKey: Sendable {
    public var expr: BoundExpr
    public let descending: Bool
}
