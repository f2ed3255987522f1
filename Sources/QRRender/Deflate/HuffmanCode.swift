/// A canonical prefix code (RFC 1951 §3.2.2) with no code longer than a limit.
struct HuffmanCode {
    /// Per symbol, its code length in bits; 0 for symbols that never occur.
    let lengths: [UInt8]
    /// Per symbol, its code with the bits reversed, ready for a least-significant-first writer.
    let codes: [UInt16]

    /// The optimal code for `frequencies` no longer than `limit` bits: plain Huffman,
    /// or package-merge when Huffman's would be too long (skewed counts from large images).
    ///
    /// Every code has at least two symbols, so the code is complete: a lone symbol is
    /// paired with the lowest unused one, which some strict decoders require.
    ///
    /// - Complexity: O(n log n) for n symbols that occur; O(n · limit) when limited.
    init(frequencies: [Int], limit: Int) {
        var weights = frequencies
        let used = weights.indices.filter { weights[$0] > 0 }
        if used.count < 2, let filler = weights.indices.first(where: { weights[$0] == 0 && !used.contains($0) }) {
            weights[filler] = 1
            if used.isEmpty, let second = weights.indices.first(where: { weights[$0] == 0 }) { weights[second] = 1 }
        }
        let plain = Self.huffmanLengths(weights)
        lengths = plain.max() ?? 0 <= limit ? plain : Self.packageMerge(weights, limit: limit)
        codes = Self.canonicalCodes(lengths)
    }

    /// Unlimited Huffman code lengths, in place over the sorted weights (Moffat and
    /// Katajainen's method): the usual case, and far cheaper than package-merge.
    private static func huffmanLengths(_ weights: [Int]) -> [UInt8] {
        // Sorted by weight, then symbol, as one packed integer each: no comparison closure.
        var keys: [UInt64] = []
        keys.reserveCapacity(weights.count)
        for (symbol, weight) in weights.enumerated() where weight > 0 { keys.append(UInt64(weight) << 16 | UInt64(symbol)) }
        keys.sort()
        let n = keys.count
        var lengths = [UInt8](repeating: 0, count: weights.count)
        guard n >= 2 else { return lengths }
        let symbols = keys.map { Int($0 & 0xFFFF) }
        var a = keys.map { Int($0 >> 16) }
        // Phase 1: build the tree; a[i] becomes a parent's weight, then its parent's index.
        a[0] += a[1]
        var root = 0
        var leaf = 2
        for next in 1..<(n - 1) {
            if leaf >= n || a[root] < a[leaf] {
                a[next] = a[root]
                a[root] = next
                root += 1
            } else {
                a[next] = a[leaf]
                leaf += 1
            }
            if leaf >= n || (root < next && a[root] < a[leaf]) {
                a[next] += a[root]
                a[root] = next
                root += 1
            } else {
                a[next] += a[leaf]
                leaf += 1
            }
        }
        // Phase 2: internal node depths.
        a[n - 2] = 0
        if n >= 3 {
            for next in stride(from: n - 3, through: 0, by: -1) { a[next] = a[a[next]] + 1 }
        }
        // Phase 3: leaf depths, deepest (lightest) first.
        var available = 1
        var used = 0
        var depth = 0
        var node = n - 2
        var next = n - 1
        while available > 0 {
            while node >= 0, a[node] == depth {
                used += 1
                node -= 1
            }
            while available > used {
                a[next] = depth
                next -= 1
                available -= 1
            }
            available = 2 * used
            depth += 1
            used = 0
        }
        for (position, symbol) in symbols.enumerated() { lengths[symbol] = UInt8(a[position]) }
        return lengths
    }

    private static func packageMerge(_ weights: [Int], limit: Int) -> [UInt8] {
        var lengths = [UInt8](repeating: 0, count: weights.count)
        let leaves = weights.indices.filter { weights[$0] > 0 }.sorted { (weights[$0], $0) < (weights[$1], $1) }
        // Nodes: a leaf (symbol >= 0) or a package of two nodes.
        var nodeWeight = leaves.map { weights[$0] }
        var nodeSymbol = leaves
        var nodeChildren = [(Int, Int)](repeating: (-1, -1), count: leaves.count)
        let leafNodes = Array(leaves.indices)
        var row = leafNodes
        for _ in 1..<limit {
            var packages: [Int] = []
            packages.reserveCapacity(row.count / 2)
            for pair in stride(from: 0, to: row.count - 1, by: 2) {
                nodeWeight.append(nodeWeight[row[pair]] + nodeWeight[row[pair + 1]])
                nodeSymbol.append(-1)
                nodeChildren.append((row[pair], row[pair + 1]))
                packages.append(nodeWeight.count - 1)
            }
            // Merge by weight; on a tie the leaf goes first.
            var merged: [Int] = []
            merged.reserveCapacity(leafNodes.count + packages.count)
            var leafIndex = 0
            var packageIndex = 0
            while leafIndex < leafNodes.count || packageIndex < packages.count {
                if packageIndex == packages.count
                    || (leafIndex < leafNodes.count && nodeWeight[leafNodes[leafIndex]] <= nodeWeight[packages[packageIndex]]) {
                    merged.append(leafNodes[leafIndex])
                    leafIndex += 1
                } else {
                    merged.append(packages[packageIndex])
                    packageIndex += 1
                }
            }
            row = merged
        }
        // Each appearance of a leaf among the first 2n − 2 items adds one bit to its code.
        var stack = Array(row.prefix(2 * leaves.count - 2))
        while let node = stack.popLast() {
            if nodeSymbol[node] >= 0 {
                lengths[nodeSymbol[node]] += 1
            } else {
                stack.append(nodeChildren[node].0)
                stack.append(nodeChildren[node].1)
            }
        }
        return lengths
    }

    private static func canonicalCodes(_ lengths: [UInt8]) -> [UInt16] {
        var countPerLength = [Int](repeating: 0, count: 17)
        for length in lengths where length > 0 { countPerLength[Int(length)] += 1 }
        var next = [Int](repeating: 0, count: 17)
        var code = 0
        for length in 1...16 {
            code = (code + countPerLength[length - 1]) << 1
            next[length] = code
        }
        var codes = [UInt16](repeating: 0, count: lengths.count)
        for (symbol, length) in lengths.enumerated() where length > 0 {
            let value = next[Int(length)]
            next[Int(length)] += 1
            // Reversed through a byte table: deflate sends codes most significant bit first.
            let reversed = UInt16(reversedBytes[value & 0xFF]) << 8 | UInt16(reversedBytes[value >> 8 & 0xFF])
            codes[symbol] = reversed >> (16 - UInt16(length))
        }
        return codes
    }

    /// Each byte with its bits in the opposite order.
    private static let reversedBytes: [UInt8] = (0..<256).map { value in
        (0..<8).reduce(UInt8(0)) { $0 | UInt8((value >> $1) & 1) << (7 - $1) }
    }
}
