import QuarryBase

/// An expression as written: a kind plus the source range it came from.
public struct Expr: Sendable {
    public indirect enum Kind: Sendable {
        case literal(Value)
        /// A column reference by name (already unquoted).
        case column(String)
        case negate(Expr)
        case not(Expr)
        case binary(BinaryOperator, Expr, Expr)
        /// `x is null` / `x is not null`
        case isNull(Expr, negated: Bool)
        /// `x in (a, b)` / `x not in (a, b)`
        case inList(Expr, [Expr], negated: Bool)
        /// A function call; `name` as written, matched case-insensitively.
        case call(name: String, nameRange: SourceRange, arguments: [Expr])
    }

    public let kind: Kind
    public let range: SourceRange
    /// The number of nodes on the longest path down to a leaf: a literal or a column is 1 deep,
    /// `1 + 1 + 1` is 3. The parser bounds it (`Limits.expressionDepth`).
    public let depth: Int

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
        depth = Expr.depth(of: kind)
    }

    /// One more than the deepest child's depth.
    static func depth(of kind: Kind) -> Int {
        switch kind {
        case .literal, .column: 1
        case .negate(let x), .not(let x), .isNull(let x, _): x.depth + 1
        case .binary(_, let a, let b): max(a.depth, b.depth) + 1
        case .inList(let x, let items, _): items.reduce(x.depth) { max($0, $1.depth) } + 1
        case .call(_, _, let arguments): arguments.reduce(0) { max($0, $1.depth) } + 1
        }
    }
}

/// Binary operators, from loosest to tightest binding: see Grammar/README.md for precedence.
public enum BinaryOperator: String, Sendable {
    case or, and
    case equal = "="
    case notEqual = "!="
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case remainder = "%"

    public var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: true
        default: false
        }
    }

    public var isArithmetic: Bool {
        switch self {
        case .add, .subtract, .multiply, .divide, .remainder: true
        default: false
        }
    }
}
