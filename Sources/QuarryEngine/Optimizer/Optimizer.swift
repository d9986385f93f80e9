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

    /// The rules, less those named (comma-separated, any case) in `QUARRY_DISABLE_RULES`.
    public init(disabled: Set<String> = Optimizer.disabledByEnvironment, forExplain: Bool = false) {
        rules = Optimizer.allRules.filter { !disabled.contains($0.name.lowercased()) && (!forExplain || $0.keepsStepCounts) }
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
