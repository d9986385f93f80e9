import QuarryBase
import QuarrySyntax

extension Binder {
    /// `join [left] TABLE on a = b | on col`.
    ///
    /// The output is every left column, then every right column except a shared key. A right
    /// column whose name the left side already has is renamed `name_right` (`name_right2`, ...).
    func bindJoin(_ join: Clause.Join, _ left: LogicalPlan, _ leftSchema: Schema) throws(Diagnostic) -> (LogicalPlan, Schema) {
        let (right, rightSchema) = try bindSource(join.right)
        var leftKey = 0
        var rightKey = 0
        var dropRightKey = false
        switch join.condition {
        case .shared(let name):
            leftKey = try resolveColumn(name.text, name.range, leftSchema)
            rightKey = try resolveColumn(name.text, name.range, rightSchema)
            dropRightKey = true
        case .pair(let a, let b):
            do {
                leftKey = try resolveColumn(a.text, a.range, leftSchema)
                rightKey = try resolveColumn(b.text, b.range, rightSchema)
            } catch {
                // Accept the names written the other way round: `on right_col = left_col`.
                guard let l = try? resolveColumn(b.text, b.range, leftSchema),
                    let r = try? resolveColumn(a.text, a.range, rightSchema)
                else { throw error }
                (leftKey, rightKey) = (l, r)
            }
            dropRightKey = leftSchema.names[leftKey] == rightSchema.names[rightKey]
        }
        let lt = leftSchema.types[leftKey]
        let rt = rightSchema.types[rightKey]
        guard lt == rt || (lt.isNumeric && rt.isNumeric) else {
            throw Diagnostic.typeMismatch(
                "cannot join on \(leftSchema.names[leftKey]) (\(lt.name)) = \(rightSchema.names[rightKey]) (\(rt.name))",
                range: join.rightRange, hint: "the key columns must have the same type; convert one with a derive first")
        }
        let rightColumns = rightSchema.names.indices.filter { !(dropRightKey && $0 == rightKey) }
        var used = Set(leftSchema.names)
        var names = leftSchema.names
        var types = leftSchema.types
        for i in rightColumns {
            var name = rightSchema.names[i]
            if used.contains(name) {
                var candidate = name + "_right"
                var n = 2
                while used.contains(candidate) {
                    candidate = name + "_right\(n)"
                    n += 1
                }
                name = candidate
            }
            used.insert(name)
            names.append(name)
            types.append(rightSchema.types[i])
        }
        let rightName: String
        if case .table(let name) = join.right, let resolved = catalog.resolve(name.text) {
            rightName = resolved
        } else {
            rightName = "the joined table"
        }
        let plan = LogicalPlan(
            .join(
                LogicalJoin(
                    left: left, right: right, keepsUnmatchedLeft: join.isLeft, leftKey: leftKey, rightKey: rightKey,
                    leftColumns: Array(leftSchema.names.indices), rightColumns: rightColumns, names: names,
                    rightName: rightName, range: join.rightRange)))
        return (plan, Schema(names: names, types: types))
    }
}
