/// The limits on what one input may hold, in one place. Parsing, binding, optimizing, running
/// and printing a statement walk its expressions and clauses recursively, on a thread with a
/// `LargeStack`; these limits keep every such walk far from the end of that stack, so no input
/// can crash the program. README's "Limits" paragraph lists them.
public enum Limits {
    /// How deeply brackets, subqueries, `not` and unary minus may nest.
    public static let nesting = 100
    /// How deep one expression may be: `1 + 1 + ... + 1` of 10,000 terms is 10,000 deep.
    public static let expressionDepth = 10_000
    /// How many nodes an expression may have once the columns it reads from earlier `derive`
    /// items are written out in it (`b = a + a` doubles `a`); past it, the items so far are
    /// computed first, as a step of their own.
    public static let writtenOutSize = 10_000
    /// How many clauses one statement may have, its subqueries' and joined queries' included.
    public static let clauses = 10_000
    /// How deeply scripts may `.read` one another.
    public static let scriptNesting = 100
    /// How many columns a CSV file may have.
    public static let csvColumns = 1_000_000
}
