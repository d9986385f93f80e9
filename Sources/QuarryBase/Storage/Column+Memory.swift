extension Column {
    /// About how many bytes the column holds: its values, validity bits, and for text its
    /// dictionary's strings (a short string lives inline, a longer one in an allocation of its own).
    public var memoryBytes: Int {
        let validityBytes = (validity?.words.count ?? 0) * 8
        switch storage {
        case .int(let v), .timestamp(let v): return v.count * 8 + validityBytes
        case .float(let v): return v.count * 8 + validityBytes
        case .bool(let v): return v.count + validityBytes
        case .date(let v): return v.count * 4 + validityBytes
        case .string(let codes, let dictionary):
            let strings = dictionary.values.reduce(0) { total, value in
                let length = value.utf8.count
                return total + 16 + (length <= 15 ? 0 : 32 + length)
            }
            return codes.count * 4 + validityBytes + strings
        }
    }
}

extension Table {
    /// About how many bytes the table's columns hold (columns shared with another table count in each).
    public var memoryBytes: Int { columns.reduce(0) { $0 + $1.memoryBytes } }
}
