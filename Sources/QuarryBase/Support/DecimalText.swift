/// The one rule for which text is a number, shared by the loaders (CSV, TSV, JSON) and the
/// conversion functions (`int(x)`, `float(x)`): an optional sign, digits with an optional fraction
/// (`12`, `1.5`, `.5`), and an optional exponent (`1e-3`). No hex (`0x10`), no digit separators, no
/// spaces inside. A float may also be `inf`, `-inf`, `+inf` or `nan`, as Quarry writes them (also
/// `infinity`, in upper case, or as other tools write them: `Inf`, `NaN`; not `Nan`, a name). A
/// decimal too large for a double (`1e400`) is no float, never a silent inf.
package enum DecimalText {
    /// How a decimal number is written.
    package struct Shape: Sendable {
        package var integerDigits: Int
        package var fractionDigits: Int
        /// The fraction is all zeros (or absent): `93.0` is whole.
        package var wholeFraction: Bool
        package var exponent: Bool
        /// A leading zero followed by more digits (`004`).
        package var leadingZero: Bool

        @inlinable
        package init(integerDigits: Int, fractionDigits: Int, wholeFraction: Bool, exponent: Bool, leadingZero: Bool) {
            self.integerDigits = integerDigits
            self.fractionDigits = fractionDigits
            self.wholeFraction = wholeFraction
            self.exponent = exponent
            self.leadingZero = leadingZero
        }
    }

    /// The shape of `b[start..<end]` when it is a decimal number, else nil. (Inlinable: the loader
    /// asks it of every field that starts like a number.)
    @inlinable
    package static func shape(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Shape? {
        var i = start
        if i < end, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { i += 1 }
        let digitsStart = i
        while i < end, isDigit(b[i]) { i += 1 }
        let integerDigits = i - digitsStart
        var wholeFraction = true
        var fractionDigits = 0
        if i < end, b[i] == UInt8(ascii: ".") {
            i += 1
            while i < end, isDigit(b[i]) {
                if b[i] != UInt8(ascii: "0") { wholeFraction = false }
                fractionDigits += 1
                i += 1
            }
        }
        guard integerDigits + fractionDigits > 0 else { return nil }
        var exponent = false
        if i < end, b[i] | 0x20 == UInt8(ascii: "e") {
            exponent = true
            i += 1
            if i < end, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { i += 1 }
            let expStart = i
            while i < end, isDigit(b[i]) { i += 1 }
            if i == expStart { return nil }
        }
        guard i == end else { return nil }
        return Shape(
            integerDigits: integerDigits, fractionDigits: fractionDigits, wholeFraction: wholeFraction,
            exponent: exponent, leadingZero: integerDigits > 1 && b[digitsStart] == UInt8(ascii: "0"))
    }

    /// Whether a decimal of this shape may be too large for a double, so it must be parsed to
    /// know (the largest double is about 1.8e308).
    @inlinable
    package static func mayOverflow(_ shape: Shape) -> Bool { shape.exponent || shape.integerDigits > 300 }

    /// The special float words (see `infinityWords` and `nanWords`); infinities may have a sign.
    package static func specialFloat(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var i = start
        var sign = 1.0
        if i < end, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") {
            if b[i] == UInt8(ascii: "-") { sign = -1 }
            i += 1
        }
        let length = end - i
        guard length == 3 || length == 8 else { return nil }
        let word = String(decoding: UnsafeBufferPointer(rebasing: b[i..<end]), as: UTF8.self)
        if infinityWords.contains(word) { return sign * Double.infinity }
        if nanWords.contains(word), i == start { return Double.nan }
        return nil
    }

    /// The spellings read as special floats: all lower case, all upper case, or as other tools
    /// write them (`Inf`, `Infinity`, `NaN`); `Nan` is a name, not a number.
    static let infinityWords: Set<String> = ["inf", "INF", "Inf", "infinity", "INFINITY", "Infinity"]
    static let nanWords: Set<String> = ["nan", "NAN", "NaN"]

    /// A decimal number as a double, or a special float word; nil for anything else, and for a
    /// decimal too large for a double.
    package static func double(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        if let special = specialFloat(b, start, end) { return special }
        guard shape(b, start, end) != nil else { return nil }
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
        guard let x = Double(text), x.isFinite else { return nil }
        return x
    }

    /// A whole decimal number (`12`, `93.0`, `1e3`) that fits in 64 bits; nil for anything else.
    package static func int(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
        guard let shape = shape(b, start, end) else { return nil }
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
        if !shape.exponent, shape.fractionDigits == 0, let x = Int64(text) { return x }
        guard let d = Double(text), d.isFinite, d == d.rounded() else { return nil }
        return Int64(exactly: d)
    }

    package static func double(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { double($0, 0, $0.count) }
    }

    package static func int(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { int($0, 0, $0.count) }
    }
}
