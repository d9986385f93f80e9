@testable import QuarryBase
@testable import QuarryEngine
@testable import QuarrySyntax

/// Runs one query through the engine over a catalog, with some optimizer rules switched off
/// (named in any case), for tests that compare plans and fast paths against plain ones.
struct EngineUnderTest {
    let catalog: Catalog
    var disabled: Set<String> = []
    var lowering = Lowering.Options()

    func disabling(_ rules: Set<String>) -> EngineUnderTest {
        EngineUnderTest(catalog: catalog, disabled: Set(rules.map { $0.lowercased() }), lowering: lowering)
    }

    /// With the strategy that groups through a join switched off.
    var groupingAfterJoins: EngineUnderTest {
        var engine = self
        engine.lowering.groupsThroughJoins = false
        return engine
    }

    /// With every rule switched off.
    var unoptimized: EngineUnderTest { disabling(Set(Optimizer.allRules.map(\.name))) }

    func prepare(_ text: String) throws -> QueryEngine.Prepared {
        var parser = try Parser(text)
        guard case .query(let query) = try parser.parseStatement()?.kind else { throw Diagnostic.cancelled() }
        var engine = QueryEngine(catalog: catalog)
        engine.optimizer = Optimizer(disabled: disabled)
        engine.lowering = lowering
        return try engine.prepare(query, source: text)
    }

    /// The result as comma-separated text (header, then one line a row; null as nothing), to
    /// compare results of two runs.
    func csv(_ text: String) throws -> String {
        let table = try QueryEngine(catalog: catalog).run(try prepare(text))
        var out = table.names.joined(separator: ",") + "\n"
        for row in 0..<table.rowCount {
            out += table.columns.map { ValueFormatter.plain($0.value(at: row)) }.joined(separator: ",") + "\n"
        }
        return out
    }
}
