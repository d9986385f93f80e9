/// Stable identifiers for every diagnostic; tests and docs refer to these, not to message text.
public enum DiagnosticID: String, Sendable, CaseIterable {
    // Lexing
    case unterminatedString = "L001"
    case unterminatedIdentifier = "L002"
    case unexpectedCharacter = "L003"
    case invalidNumber = "L004"
    case invalidDateLiteral = "L005"
    // Parsing
    case unexpectedToken = "P001"
    case unexpectedEnd = "P002"
    case misplacedLineStart = "P003"
    case invalidCount = "P004"
    case nestedTooDeeply = "P005"
    case expressionTooDeep = "P006"
    case tooManyClauses = "P007"
    // Binding: names and types
    case unknownTable = "B001"
    case unknownColumn = "B002"
    case ambiguousColumn = "B003"
    case unknownFunction = "B004"
    case wrongArgumentCount = "B005"
    case typeMismatch = "B006"
    case aggregateNotAllowed = "B007"
    case aggregateRequired = "B008"
    case invalidArgument = "B009"
    case duplicateColumn = "B010"
    case emptySelection = "B011"
    // Running
    case integerOverflow = "E001"
    case conversionFailed = "E002"
    case cancelled = "E003"
    // Memory
    case outOfMemory = "M001"
    // Files
    case fileNotFound = "F001"
    case unreadableFile = "F002"
    case unterminatedQuote = "F003"
    case tooManyFields = "F004"
    case invalidUTF8 = "F005"
    case emptyFile = "F006"
    case unsupportedFile = "F007"
    case noDataFiles = "F008"
    case textAfterQuote = "F009"
    case writeFailed = "F010"
    case overwritesSource = "F011"
    case valueDoesNotFit = "F012"
    case jsonSyntax = "F013"
    case jsonNotObject = "F014"
    case noSuchColumnToType = "F015"
    case filesDisagree = "F016"
    case quoteInHeader = "F017"
    case tooManyColumns = "F018"
    /// Standard output's reader went away (`quarry ... | head`); ends the run quietly.
    case outputClosed = "F019"
    // The prompt
    case unknownCommand = "C001"
    case commandUsage = "C002"
    case scriptStopped = "C003"
    case scriptCycle = "C004"
    case scriptsNestedTooDeeply = "C005"
    // Command line
    case badUsage = "U001"
}
