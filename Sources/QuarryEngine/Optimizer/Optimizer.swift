import Glibc
import QuarryBase

/// One rewrite of a logical plan into an equivalent one, under a name a person can switch off.
public protocol OptimizerRule: Sendable {
    /// The name `QUARRY_DISABLE_RULES` and `.plan` use.
    var name: String { get }
    /// False when the rewrite moves a clause's operator past another that changes the row count
    /// (a filter below a join), so the rewritten plan no longer shows each clause's rows; explain
    /// runs without such rules.
    var keepsStepCounts: Bool { get }
    func apply(_ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan
}

extension OptimizerRule {
    public var keepsStepCounts: Bool { true }
}

/// Runs the rules in order over a bound plan. Each rule is a small file in `Rules/`; the order
/// matters where one rule makes the pattern the next looks for (a limit moved through a
/// projection meets the sort below it, and becomes a top N).
public struct Optimizer: Sendable {
    public static let allRules: [any OptimizerRule] = [
        FoldConstants(),
        PushFilterBelowJoin(),
        MergeProjections(),
        LimitThroughProjection(),
        SortAndLimitToTopN(),
        CountThroughProjection(),
        PruneColumns(),
        EvaluatePerValue(),
    ]

    public var rules: [any OptimizerRule]

    /// The rules, less those named in `disabled` (any case; by default `QUARRY_DISABLE_RULES`,
    /// comma-separated), and for explain less those that move a clause's rows.
    public init(disabled: Set<String> = Optimizer.disabledByEnvironment, forExplain: Bool = false) {
        let off = Set(disabled.map { $0.lowercased() })
        rules = Optimizer.allRules.filter { !off.contains($0.name.lowercased()) && (!forExplain || $0.keepsStepCounts) }
    }

    /// The names in `QUARRY_DISABLE_RULES` that are no rule's, for a warning at start-up.
    public static var unknownDisabledNames: [String] {
        let known = Set(allRules.map { $0.name.lowercased() })
        return disabledByEnvironment.filter { !$0.isEmpty && !known.contains($0) }.sorted()
    }

    public static var disabledByEnvironment: Set<String> {
        guard let value = getenv("QUARRY_DISABLE_RULES") else { return [] }
        return Set(String(cString: value).split(separator: ",").map { String($0).trimmingCharacters(in: " ").lowercased() })
    }

    public func optimize(_ plan: LogicalPlan) throws(Diagnostic) -> LogicalPlan {
        var plan = plan
        for rule in rules { plan = try rule.apply(plan) }
        return plan
    }
}
