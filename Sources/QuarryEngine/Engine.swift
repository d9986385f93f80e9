import QuarryBase
import QuarrySyntax

/// The engine's one entry point: a parsed query goes through the binder, the optimizer and the
/// lowering to a physical plan, which the executor runs.
///
///     Query -> Binder -> LogicalPlan -> Optimizer -> LogicalPlan -> Lowering -> PhysicalPlan -> Executor -> Table
public struct QueryEngine {
    public let catalog: Catalog
    public var optimizer = Optimizer()
    public var lowering = Lowering.Options()
    /// Asked between operators (kernels look at `Cancellation` themselves).
    public var isCancelled: @Sendable () -> Bool = { Cancellation.isRequested }
    /// What a query may still allocate; a join that would make more rows than fit is an error.
    public var memory = MemoryBudget()

    public init(catalog: Catalog) { self.catalog = catalog }

    /// Every stage's plan for one query, for `.plan` and for running.
    public struct Prepared: Sendable {
        public let bound: LogicalPlan
        public let optimized: LogicalPlan
        public let physical: PhysicalPlan
    }

    public func prepare(_ query: Query, source: String) throws(Diagnostic) -> Prepared {
        let bound = try Binder(catalog: catalog, source: source).bind(query)
        let optimized = try optimizer.optimize(bound)
        return Prepared(bound: bound, optimized: optimized, physical: Lowering.lower(optimized, lowering))
    }

    public func run(_ prepared: Prepared, observers: [any ExecutionObserver] = []) throws(Diagnostic) -> Table {
        try Executor(isCancelled: isCancelled, observers: observers, memory: memory).run(prepared.physical)
    }

    public func run(_ query: Query, source: String, observers: [any ExecutionObserver] = []) throws(Diagnostic) -> Table {
        try run(try prepare(query, source: source), observers: observers)
    }
}
