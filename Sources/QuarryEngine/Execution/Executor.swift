import QuarryBase

/// Runs a physical plan to a table: one case per operator, each operator in its own file
/// (`Operators/`), working on whole columns. Each operator reports to the observers as it
/// finishes; Ctrl-C is checked between operators.
public struct Executor {
    let isCancelled: @Sendable () -> Bool
    let observers: [any ExecutionObserver]
    /// Asked before an operator allocates a lot (a join's rows).
    let memory: MemoryBudget

    public init(
        isCancelled: @escaping @Sendable () -> Bool = { Cancellation.isRequested }, observers: [any ExecutionObserver] = [],
        memory: MemoryBudget = MemoryBudget()
    ) {
        self.isCancelled = isCancelled
        self.observers = observers
        self.memory = memory
    }

    public func run(_ plan: PhysicalPlan) throws(Diagnostic) -> Table {
        let table = try runOperator(plan)
        if isCancelled() { throw Diagnostic.cancelled() }
        report(.finished(step: plan.step, rows: table.rowCount))
        return table
    }

    func report(_ event: ExecutionEvent) {
        for observer in observers { observer.observe(event) }
    }

    func runOperator(_ plan: PhysicalPlan) throws(Diagnostic) -> Table {
        switch plan.op {
        case .scan(let ref, let columns): return try ref.source.scan(columns: columns)
        case .filter(let input, let predicate): return try FilterOperator.run(try run(input), predicate, plan.step, self)
        case .project(let input, let outputs): return try ProjectOperator.run(try run(input), outputs)
        case .aggregate(let input, let aggregation, .throughJoin(let methods)):
            return try GroupThroughJoinOperator.run(input, aggregation, methods, self)
        case .aggregate(let input, let aggregation, let strategy):
            let rows = try run(input)
            Progress.step("grouping \(ByteSize.count(rows.rowCount)) rows")
            return try AggregateOperator.run(rows, aggregation, strategy, self)
        case .sort(let input, let keys):
            let rows = try run(input)
            Progress.step("sorting \(ByteSize.count(rows.rowCount)) rows")
            return try SortOperator.run(rows, keys)
        case .limit(let input, let n): return try run(input).prefix(n)
        case .topN(let input, let n, let keys, let strategy):
            return try TopNOperator.run(try run(input), n, keys, strategy, input: input)
        case .count(let input): return CountOperator.table(try run(input).rowCount)
        case .countWhere(let input, let predicate, let filterStep):
            return CountOperator.table(try FilterOperator.count(try run(input), predicate, filterStep, self))
        case .join(let join):
            Progress.step("joining")
            return try JoinOperator.run(join, self)
        case .describe(let input): return Describe.run(try run(input))
        case .frequency(let input, let columns): return Frequency.run(try run(input), columns: columns)
        }
    }
}
