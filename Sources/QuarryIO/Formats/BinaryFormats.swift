import QuarryBase

/// Formats Quarry cannot read but knows by their first bytes, so that such a file gets an honest
/// error naming its format, before any text parsing would call it "not valid UTF-8".
enum BinaryFormats {
    struct Signature {
        let name: String
        let magic: [UInt8]
        let hint: String
        /// True when a text file could start with the same letters: it must also hold a control
        /// byte among its first bytes.
        var weak = false
    }

    static let convert = "convert it to CSV first (most tools that write it can also write CSV)"
    static let recompress = "or recompress it as gzip or zstd, which Quarry reads"

    static let signatures: [Signature] = [
        Signature(name: "Parquet", magic: Array("PAR1".utf8), hint: convert, weak: true),
        Signature(name: "Arrow IPC (Feather)", magic: Array("ARROW1".utf8), hint: convert),
        Signature(name: "Feather (version 1)", magic: Array("FEA1".utf8), hint: convert, weak: true),
        Signature(name: "ORC", magic: Array("ORC".utf8), hint: convert, weak: true),
        Signature(name: "Avro", magic: Array("Obj".utf8) + [0x01], hint: convert),
        Signature(
            name: "SQLite database", magic: Array("SQLite format 3".utf8) + [0],
            hint: "export a table as CSV first: sqlite3 -csv -header FILE 'select * from TABLE' > TABLE.csv"),
        Signature(
            name: "Excel (.xls)", magic: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
            hint: "save the sheet as CSV from the spreadsheet program (Save As, CSV)"),
        Signature(
            name: "zip", magic: [0x50, 0x4B, 0x03, 0x04],
            hint: "unpack it first (unzip FILE), then load the data files inside"),
        Signature(
            name: "7z", magic: [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C],
            hint: "unpack it first (7z x FILE), then load the data files inside"
        ),
        Signature(
            name: "bzip2-compressed", magic: Array("BZh".utf8),
            hint: "decompress it first (bunzip2 FILE), " + recompress, weak: true),
        Signature(
            name: "xz-compressed", magic: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00],
            hint: "decompress it first (unxz FILE), " + recompress),
    ]

    static let xlsxHint = "save the sheet as CSV from the spreadsheet program (Save As, CSV)"

    /// Throws `unsupportedFormat` when `bytes` (a file's first bytes at least) start like one of
    /// the formats above; a zip that is an Excel workbook (by its name, or its first entry) is
    /// called xlsx.
    static func refuse(_ bytes: UnsafeBufferPointer<UInt8>, path: String) throws(Diagnostic) {
        guard let found = signatures.first(where: { matches($0, bytes) }) else { return }
        if found.name == "zip", isWorkbook(bytes, path: path) {
            throw Diagnostic.unsupportedFormat(path, format: "Excel (.xlsx)", hint: xlsxHint)
        }
        throw Diagnostic.unsupportedFormat(path, format: found.name, hint: found.hint)
    }

    static func matches(_ signature: Signature, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= signature.magic.count, zip(bytes, signature.magic).allSatisfy({ $0 == $1 }) else {
            return false
        }
        guard signature.weak else { return true }
        // Text holds no control bytes but tab, line feed and carriage return.
        return bytes.prefix(64).contains { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
    }

    /// An Excel workbook: named `.xlsx`/`.xlsm`, or a zip whose first entry is
    /// `[Content_Types].xml` or under `xl/`.
    static func isWorkbook(_ bytes: UnsafeBufferPointer<UInt8>, path: String) -> Bool {
        let lower = path.lowercased()
        if lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm") { return true }
        // A zip entry's name starts 30 bytes in, its length at byte 26.
        guard bytes.count >= 30 else { return false }
        let length = Int(bytes[26]) | Int(bytes[27]) << 8
        guard bytes.count >= 30 + length else { return false }
        let name = String(decoding: bytes[30..<(30 + length)], as: UTF8.self)
        return name == "[Content_Types].xml" || name.hasPrefix("xl/")
    }
}
