import XCTest

@testable import QuarryBase
@testable import QuarryIO

/// zlib counts bytes in 32 bits, so gzip data is handed to it in chunks; small chunks here stand
/// in for the 4 GiB ones a real file needs.
final class GzipChunkTests: XCTestCase {
    func testGzipInSmallChunks() throws {
        var text: [UInt8] = []
        for i in 0..<20_000 { text += Array("row \(i),\(i * 7 % 13)\n".utf8) }
        for chunk in [1, 7, 4096, Gzip.largestChunk] {
            let packed = try Gzip.compress(text, path: "t.gz", chunk: chunk)
            for readChunk in [1, 5, 65_536, Gzip.largestChunk] {
                let unpacked = try packed.withUnsafeBufferPointer { try Gzip.decompress($0, path: "t.gz", chunk: readChunk) }
                XCTAssertEqual(unpacked, text, "chunks of \(chunk) and \(readChunk)")
            }
        }
        // Zero bytes after the last member are padding; other bytes are an error.
        let padded = try Gzip.compress(Array("a\n".utf8), path: "t.gz") + [UInt8](repeating: 0, count: 1001)
        for chunk in [1, 9, Gzip.largestChunk] {
            XCTAssertEqual(
                try padded.withUnsafeBufferPointer { try Gzip.decompress($0, path: "t.gz", chunk: chunk) }, Array("a\n".utf8))
        }
        for garbage: [UInt8] in [[0x41], [0, 0, 0, 7], [0x1F]] {
            let trailing = try Gzip.compress(Array("a\n".utf8), path: "t.gz") + garbage
            XCTAssertThrowsError(try trailing.withUnsafeBufferPointer { try Gzip.decompress($0, path: "t.gz") }, "\(garbage)")
        }
        // Two members, read across a chunk boundary; and a file cut short is an error at any size.
        let twice = try Gzip.compress(Array("a\n".utf8), path: "t.gz") + (try Gzip.compress(Array("b\n".utf8), path: "t.gz"))
        for chunk in [1, 3, 11, 1000] {
            XCTAssertEqual(
                try twice.withUnsafeBufferPointer { try Gzip.decompress($0, path: "t.gz", chunk: chunk) }, Array("a\nb\n".utf8))
        }
        let cut = Array(try Gzip.compress(text, path: "t.gz").dropLast(10))
        for chunk in [1, 7, Gzip.largestChunk] {
            XCTAssertThrowsError(try cut.withUnsafeBufferPointer { try Gzip.decompress($0, path: "t.gz", chunk: chunk) }) {
                error in
                XCTAssertEqual((error as? Diagnostic)?.id, .unreadableFile)
            }
        }
    }
}
