@preconcurrency import Glibc
import QuarryBase
import QuarryEngine

/// Finds the data files a path names: the file itself, a folder's data files, or a glob's
/// matches, in name order.
public enum DataFiles {
    public static func isDataFile(_ path: String) -> Bool { FormatRegistry.isDataFile(path) }

    public static func expand(_ path: String) throws(Diagnostic) -> [String] {
        if path == "-" { return [path] }
        if path.contains(where: { $0 == "*" || $0 == "?" || $0 == "[" }), !exists(path) {
            let matches = glob(path).filter { isDataFile($0) && !isFolder($0) }
            guard !matches.isEmpty else { throw FormatRegistry.noDataFiles(path) }
            return matches
        }
        guard exists(path) else { throw Diagnostic.fileNotFound(path) }
        guard isFolder(path) else { return [path] }
        let folder = path.hasSuffix("/") ? path : path + "/"
        let names = list(path).filter { !$0.hasPrefix(".") && isDataFile($0) && !isFolder(folder + $0) }
        guard !names.isEmpty else { throw FormatRegistry.noDataFiles(path) }
        return names.sorted().map { folder + $0 }
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    package static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    package static func list(_ path: String) -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            names.append(withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) })
        }
        return names
    }

    static func glob(_ pattern: String) -> [String] {
        var matches = glob_t()
        defer { globfree(&matches) }
        guard Glibc.glob(pattern, 0, nil, &matches) == 0 else { return [] }
        return (0..<Int(matches.gl_pathc)).compactMap { matches.gl_pathv[$0].map { String(cString: $0) } }.sorted()
    }
}
