/// Byte classes shared by the lexer, the date and time parsers and the loaders.

@inlinable package func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
@inlinable package func isNameStart(_ c: UInt8) -> Bool {
    (c | 0x20 >= 97 && c | 0x20 <= 122) || c == 95 || c >= 0x80
}
@inlinable package func isNameByte(_ c: UInt8) -> Bool { isNameStart(c) || isDigit(c) }
