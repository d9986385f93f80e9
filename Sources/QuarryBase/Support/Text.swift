/// Text helpers the standard library lacks without Foundation, which Quarry's stages do not import.

package func findBytes(_ haystack: [UInt8], _ needle: [UInt8], from: Int) -> Int? {
    guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
    var i = from
    while i <= haystack.count - needle.count {
        if haystack[i] == needle[0], haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
        i += 1
    }
    return nil
}

package func replaceAll(_ s: String, _ from: String, _ to: String) -> String {
    let hay = Array(s.utf8)
    let needle = Array(from.utf8)
    guard !needle.isEmpty else { return s }
    var out: [UInt8] = []
    var i = 0
    while let hit = findBytes(hay, needle, from: i) {
        out += hay[i..<hit]
        out += to.utf8
        i = hit + needle.count
    }
    out += hay[i...]
    return String(decoding: out, as: UTF8.self)
}

extension String {
    /// Every occurrence of `target` replaced (the standard library has no such method without Foundation).
    package func replacingOccurrences(of target: String, with replacement: String) -> String {
        replaceAll(self, target, replacement)
    }

    /// The string without leading and trailing characters from `set`.
    package func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
