/// `explain sql QUERY`: the query as standard SQL (in the DuckDB dialect), one common table
/// expression per clause, so it can be read step by step and run in a SQL database.
struct SQLTranslator {
    let session: Session
    let source: SourceText

    func translate(_ query: Query) throws(Diagnostic) -> String {
        "SELECT 1"
    }
}
