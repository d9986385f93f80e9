import QuarryBase
import QuarrySyntax

/// What evaluating an expression gives: a whole column, or one value that stands for every row.
public enum Datum: Sendable {
    case scalar(Value)
    case column(Column)

    /// The datum as a column of `count` rows.
    public func materialize(count: Int, type: DataType) -> Column {
        switch self {
        case .column(let c): c
        case .scalar(let v): Column.constant(v, count: count, type: type)
        }
    }

    /// The type of the values (a scalar's own type; `null` for a null scalar).
    var type: DataType {
        switch self {
        case .scalar(let v): v.type
        case .column(let c): c.type
        }
    }

    var validity: Bitmap? {
        if case .column(let c) = self { return c.validity }
        return nil
    }

    var isNullScalar: Bool {
        if case .scalar(.null) = self { return true }
        return false
    }
}

/// A kernel operand: an array read row by row, or one value broadcast to every row.
struct Operand<T> {
    let scalar: T?
    let array: [T]

    init(scalar: T) {
        self.scalar = scalar
        array = []
    }

    init(array: [T]) {
        scalar = nil
        self.array = array
    }

    @inline(__always) subscript(i: Int) -> T { scalar ?? array[i] }
}

extension Datum {
    var ints: Operand<Int64> {
        switch self {
        case .scalar(.int(let x)): Operand(scalar: x)
        case .scalar(.bool(let b)): Operand(scalar: b ? 1 : 0)
        case .column(let c):
            if case .int(let v) = c.storage { Operand(array: v) } else { Operand(scalar: 0) }
        default: Operand(scalar: 0)
        }
    }

    var floats: Operand<Double> {
        switch self {
        case .scalar(.float(let x)): Operand(scalar: x)
        case .scalar(.int(let x)): Operand(scalar: Double(x))
        case .column(let c):
            switch c.storage {
            case .float(let v): Operand(array: v)
            case .int(let v): Operand(array: v.map { Double($0) })
            default: Operand(scalar: 0)
            }
        default: Operand(scalar: 0)
        }
    }

    var dates: Operand<Int32> {
        switch self {
        case .scalar(.date(let x)): Operand(scalar: x)
        case .column(let c):
            if case .date(let v) = c.storage { Operand(array: v) } else { Operand(scalar: 0) }
        default: Operand(scalar: 0)
        }
    }

    var timestamps: Operand<Int64> {
        switch self {
        case .scalar(.timestamp(let x)): Operand(scalar: x)
        case .column(let c):
            if case .timestamp(let v) = c.storage { Operand(array: v) } else { Operand(scalar: 0) }
        default: Operand(scalar: 0)
        }
    }

    var bools: Operand<Bool> {
        switch self {
        case .scalar(.bool(let x)): Operand(scalar: x)
        case .column(let c):
            if case .bool(let v) = c.storage { Operand(array: v) } else { Operand(scalar: false) }
        default: Operand(scalar: false)
        }
    }
}

/// Applies `f` row by row over two operands into a new array.
@inline(__always)
func mapPairs<A, B, R>(_ a: Operand<A>, _ b: Operand<B>, _ n: Int, _ f: (A, B) -> R) -> [R] {
    [R](unsafeUninitializedCapacity: n) { buffer, initialized in
        for i in 0..<n { (buffer.baseAddress! + i).initialize(to: f(a[i], b[i])) }
        initialized = n
    }
}

/// Builds a datum from a result array: a scalar when both inputs were scalars.
func makeDatum(_ storage: Column.Storage, validity: Bitmap?, scalarResult: Bool) -> Datum {
    let column = Column(storage, validity: validity)
    return scalarResult ? .scalar(column.value(at: 0)) : .column(column)
}
