import Glibc
import QuarryBase
import QuarryEngine

/// Reads whole text files (scripts), decoding them as UTF-8.
public enum TextFile {
    /// The file's text, or nil when it cannot be opened.
    public static func read(_ path: String) -> String? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
