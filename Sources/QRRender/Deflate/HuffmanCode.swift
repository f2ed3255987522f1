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
        let counts = frequencies.map { UInt32(clamping: $0) }
        var lengths = [UInt8](repeating: 0, count: counts.count)
        var codes = [UInt16](repeating: 0, count: counts.count)
        counts.withUnsafeBufferPointer { counts in
            lengths.withUnsafeMutableBufferPointer { lengths in
                codes.withUnsafeMutableBufferPointer { codes in
                    Self.build(frequencies: counts, limit: limit, lengths: lengths, codes: codes)
                }
            }
        }
        self.lengths = lengths
        self.codes = codes
    }

    /// Writes the code for `frequencies` (see `init(frequencies:limit:)`) into `lengths`
    /// and `codes`, each as long as `frequencies`: the encoder's allocation-free path.
    static func build(frequencies: UnsafeBufferPointer<UInt32>, limit: Int,
                      lengths: UnsafeMutableBufferPointer<UInt8>, codes: UnsafeMutableBufferPointer<UInt16>) {
        let symbolCount = frequencies.count
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * max(symbolCount, 2)) { scratch in
            // Sorted by weight, then symbol, as one packed integer each: no comparison closure.
            var used = 0
            for symbol in 0..<symbolCount where frequencies[symbol] > 0 {
                scratch[used] = UInt64(frequencies[symbol]) << 16 | UInt64(symbol)
                used += 1
            }
            var filler = 0
            while used < 2, filler < symbolCount {
                if frequencies[filler] == 0 {
                    scratch[used] = 1 << 16 | UInt64(filler)
                    used += 1
                }
                filler += 1
            }
            var keys = UnsafeMutableBufferPointer(rebasing: scratch[0..<used])
            keys.sort()
            lengths.update(repeating: 0)
            huffmanLengths(sortedKeys: keys, work: UnsafeMutableBufferPointer(rebasing: scratch[used..<(2 * used)]),
                           into: lengths)
            if (lengths.max() ?? 0) > limit {
                var weights = [Int](repeating: 0, count: symbolCount)
                for key in keys { weights[Int(key & 0xFFFF)] = Int(key >> 16) }
                let limited = packageMerge(weights, limit: limit)
                for symbol in 0..<symbolCount { lengths[symbol] = limited[symbol] }
            }
        }
        canonicalCodes(UnsafeBufferPointer(lengths), into: codes)
    }

    /// Unlimited Huffman code lengths, in place over the sorted weights (Moffat and
    /// Katajainen's method): the usual case, and far cheaper than package-merge.
    /// `work` has room for one value per key.
    private static func huffmanLengths(sortedKeys keys: UnsafeMutableBufferPointer<UInt64>,
                                       work a: UnsafeMutableBufferPointer<UInt64>,
                                       into lengths: UnsafeMutableBufferPointer<UInt8>) {
        let n = keys.count
        guard n >= 2 else { return }
        for index in 0..<n { a[index] = keys[index] >> 16 }
        // Phase 1: build the tree; a[i] becomes a parent's weight, then its parent's index.
        a[0] += a[1]
        var root = 0
        var leaf = 2
        for next in 1..<(n - 1) {
            if leaf >= n || a[root] < a[leaf] {
                a[next] = a[root]
                a[root] = UInt64(next)
                root += 1
            } else {
                a[next] = a[leaf]
                leaf += 1
            }
            if leaf >= n || (root < next && a[root] < a[leaf]) {
                a[next] += a[root]
                a[root] = UInt64(next)
                root += 1
            } else {
                a[next] += a[leaf]
                leaf += 1
            }
        }
        // Phase 2: internal node depths.
        a[n - 2] = 0
        if n >= 3 {
            for next in stride(from: n - 3, through: 0, by: -1) { a[next] = a[Int(a[next])] + 1 }
        }
        // Phase 3: leaf depths, deepest (lightest) first.
        var available = 1
        var used = 0
        var depth: UInt64 = 0
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
        for position in 0..<n { lengths[Int(keys[position] & 0xFFFF)] = UInt8(a[position]) }
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

    private static func canonicalCodes(_ lengths: UnsafeBufferPointer<UInt8>, into codes: UnsafeMutableBufferPointer<UInt16>) {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 34) { table in
            let countPerLength = UnsafeMutableBufferPointer(rebasing: table[0..<17])
            let next = UnsafeMutableBufferPointer(rebasing: table[17..<34])
            countPerLength.initialize(repeating: 0)
            for length in lengths where length > 0 { countPerLength[Int(length)] += 1 }
            var code = 0
            next[0] = 0
            for length in 1...16 {
                code = (code + countPerLength[length - 1]) << 1
                next[length] = code
            }
            for symbol in lengths.indices {
                let length = Int(lengths[symbol])
                guard length > 0 else {
                    codes[symbol] = 0
                    continue
                }
                let value = next[length]
                next[length] += 1
                // Reversed through a byte table: deflate sends codes most significant bit first.
                let reversed = UInt16(reversedBytes[value & 0xFF]) << 8 | UInt16(reversedBytes[value >> 8 & 0xFF])
                codes[symbol] = reversed >> (16 - UInt16(length))
            }
        }
    }

    /// Each byte with its bits in the opposite order.
    private static let reversedBytes: [UInt8] = (0..<256).map { value in
        (0..<8).reduce(UInt8(0)) { $0 | UInt8((value >> $1) & 1) << (7 - $1) }
    }
}
