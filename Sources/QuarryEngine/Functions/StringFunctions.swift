import Glibc
import QuarryBase
import QuarrySyntax

/// Text functions. With constant extra arguments they run once per distinct string.
enum StringFunctions {
    static let all: [ScalarFunction] = [
        ScalarFunction(
            name: "lower", signature: "lower(s: string) -> string", summary: "the text in lower case",
            example: "layoffs select company, name = lower(company)", arity: 1...1,
            resolve: exactly([.string], result: .string)
        ) { args, _, _ in mapStrings(args[0]) { changeCase($0, upper: false) } },
        ScalarFunction(
            name: "upper", signature: "upper(s: string) -> string", summary: "the text in upper case",
            example: "layoffs select upper(country)", arity: 1...1,
            resolve: exactly([.string], result: .string)
        ) { args, _, _ in mapStrings(args[0]) { changeCase($0, upper: true) } },
        ScalarFunction(
            name: "trim", signature: "trim(s: string) -> string", summary: "the text without leading and trailing spaces",
            example: "layoffs where trim(company) != company", arity: 1...1,
            resolve: exactly([.string], result: .string)
        ) { args, _, _ in mapStrings(args[0], trimmed) },
        ScalarFunction(
            name: "length", signature: "length(s: string) -> int", summary: "the number of characters",
            example: "layoffs top 5 by length(company)", arity: 1...1,
            resolve: exactly([.string], result: .int)
        ) { args, _, _ in
            mapStringValues(args[0], { Int64($0.unicodeScalars.count) }, Column.Storage.int)
        },
        textPredicate("contains", "true when s contains sub", "layoffs where contains(location, \"Non-U.S.\")") { s, sub in
            containsBytes(s, sub)
        },
        textPredicate("starts_with", "true when s starts with prefix", "layoffs where starts_with(company, \"Am\")") {
            $0.utf8.starts(with: $1.utf8)
        },
        textPredicate("ends_with", "true when s ends with suffix", "layoffs where ends_with(location, \"Non-U.S.\")") {
            $0.utf8.reversed().starts(with: $1.utf8.reversed())
        },
        ScalarFunction(
            name: "replace", signature: "replace(s: string, from: string, to: string) -> string",
            summary: "s with every occurrence of from replaced by to",
            example: "layoffs select location = replace(location, \", Non-U.S.\", \"\")", arity: 3...3,
            resolve: exactly([.string, .string, .string], result: .string)
        ) { args, n, _ in
            if case .scalar(.string(let from)) = args[1], case .scalar(.string(let to)) = args[2] {
                return mapStrings(args[0]) { replaceAll($0, from, to) }
            }
            return rowwiseStrings(args, n) { replaceAll($0[0], $0[1], $0[2]) }
        },
        ScalarFunction(
            name: "substr", signature: "substr(s: string, start: int[, length: int]) -> string",
            summary: "the characters of s from start (counting from 1; negative counts from the end), at most length of them",
            example: "layoffs select company, initial = substr(company, 1, 1)", arity: 2...3,
            sql: { "substring(\($0.arguments.joined(separator: ", ")))" },
            resolve: exactly([.string, .int, .int], result: .string),
            kernel: { args, n, _ in
                let starts = args[1].ints
                let lengths: Operand<Int64>? = args.count > 2 ? args[2].ints : nil
                if case .scalar = args[1], args.count < 3 || { if case .scalar = args[2] { true } else { false } }() {
                    return mapStrings(args[0]) { substring($0, starts[0], lengths?[0]) }
                }
                let text = StringAccess(args[0])
                var builder = DictionaryBuilder()
                let validity = combinedValidity(args)
                let codes = (0..<n).map { i in
                    validity?[i] ?? true ? builder.code(for: substring(text[i], starts[i], lengths?[i])) : 0
                }
                if builder.values.isEmpty { _ = builder.code(for: "") }
                return .column(Column(.string(codes: codes, dictionary: builder.build()), validity: validity))
            }),
    ]

    /// A two-string predicate, run once per distinct value when the second argument is constant.
    static func textPredicate(
        _ name: String, _ summary: String, _ example: String,
        _ test: @escaping @Sendable (String, String) -> Bool
    ) -> ScalarFunction {
        ScalarFunction(
            name: name,
            signature:
                "\(name)(s: string, \(name == "contains" ? "sub" : name == "starts_with" ? "prefix" : "suffix"): string) -> bool",
            summary: summary, example: example, arity: 2...2,
            resolve: exactly([.string, .string], result: .bool)
        ) { args, n, _ in
            if case .scalar(.string(let needle)) = args[1] {
                return mapStringValues(args[0], { test($0, needle) }, Column.Storage.bool)
            }
            let a = StringAccess(args[0])
            let b = StringAccess(args[1])
            let rows = allScalar(args) ? 1 : n
            let out = (0..<rows).map { test(a[$0], b[$0]) }
            return makeDatum(.bool(out), validity: combinedValidity(args), scalarResult: allScalar(args))
        }
    }

    /// A string function of several string columns, row by row.
    static func rowwiseStrings(_ args: [Datum], _ n: Int, _ f: ([String]) -> String) -> Datum {
        let access = args.map(StringAccess.init)
        let validity = combinedValidity(args)
        let rows = allScalar(args) ? 1 : n
        var builder = DictionaryBuilder()
        let codes = (0..<rows).map { i in validity?[i] ?? true ? builder.code(for: f(access.map { $0[i] })) : 0 }
        if builder.values.isEmpty { _ = builder.code(for: "") }
        return makeDatum(.string(codes: codes, dictionary: builder.build()), validity: validity, scalarResult: allScalar(args))
    }
}

/// Removes leading and trailing whitespace.
package func trimmed(_ s: String) -> String {
    let scalars = s.unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
    else { return "" }
    return String(scalars[first...last])
}

/// The first byte offset of `needle` in `haystack` at or after `from`.
/// Whether `s` contains `sub`, comparing UTF-8 bytes in place (no copies).
func containsBytes(_ s: String, _ sub: String) -> Bool {
    var s = s
    var sub = sub
    return sub.withUTF8 { needle in
        guard let first = needle.first else { return true }
        return s.withUTF8 { hay in
            guard hay.count >= needle.count else { return false }
            for i in 0...(hay.count - needle.count) where hay[i] == first {
                if memcmp(hay.baseAddress! + i, needle.baseAddress!, needle.count) == 0 { return true }
            }
            return false
        }
    }
}

/// The text in lower (or upper) case; ASCII text byte by byte, other text by Unicode's rules.
func changeCase(_ text: String, upper: Bool) -> String {
    var text = text
    return text.withUTF8 { bytes in
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        let letters: ClosedRange<UInt8> = upper ? UInt8(ascii: "a")...UInt8(ascii: "z") : UInt8(ascii: "A")...UInt8(ascii: "Z")
        return String(unsafeUninitializedCapacity: bytes.count) { out in
            // ASCII letters differ from their other case in one bit (0x20).
            for i in 0..<bytes.count { out[i] = letters.contains(bytes[i]) ? bytes[i] ^ 0x20 : bytes[i] }
            return bytes.count
        }
    } ?? (upper ? text.uppercased() : text.lowercased())
}

/// Characters `start` (1-based; negative counts from the end) onwards, at most `length` of them.
func substring(_ s: String, _ start: Int64, _ length: Int64?) -> String {
    let scalars = Array(s.unicodeScalars)
    var first = Int(clamping: start)
    if first < 0 { first = max(1, scalars.count + first + 1) }
    var from = max(first - 1, 0)
    var to = scalars.count
    if let length, length < 0 {
        // A negative length takes the characters before start, as DuckDB does.
        to = min(scalars.count, first - 1)
        let start = (first - 1).addingReportingOverflow(Int(clamping: length))
        from = start.overflow ? 0 : max(0, start.partialValue)
    } else if let length {
        let end = first.addingReportingOverflow(Int(clamping: length))
        to = min(to, max(0, end.overflow ? Int.max : end.partialValue - 1))
    }
    guard from < to else { return "" }
    var out = String.UnicodeScalarView()
    out.append(contentsOf: scalars[from..<to])
    return String(out)
}
