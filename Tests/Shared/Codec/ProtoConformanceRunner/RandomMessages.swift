import ConformanceMessages

/// Seeded random messages that lean on edge cases: extreme integers, NaN, infinities, -0.0,
/// empty and multi-byte strings, empty and set-but-default optionals.
struct RandomMessages {
    /// SplitMix64: tiny, seedable, and the same on every platform.
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    mutating func pick<T>(_ values: [T]) -> T { values[below(values.count)] }

    mutating func int32() -> Int32 {
        chance(30)
            ? pick([0, 1, -1, .min, .max, 127, 128, -128]) : Int32(truncatingIfNeeded: next() >> UInt64(below(33)))
    }
    mutating func int64() -> Int64 {
        chance(30)
            ? pick([0, 1, -1, .min, .max, Int64(Int32.max) + 1]) : Int64(bitPattern: next() >> UInt64(below(65)))
    }
    mutating func uint32() -> UInt32 {
        chance(30) ? pick([0, 1, .max, 1 << 31]) : UInt32(truncatingIfNeeded: next() >> UInt64(below(33)))
    }
    mutating func uint64() -> UInt64 { chance(30) ? pick([0, 1, .max, 1 << 63]) : next() >> UInt64(below(65)) }
    mutating func bool() -> Bool { chance(50) }
    mutating func float() -> Float {
        chance(40)
            ? pick([0, -0.0, .nan, .infinity, -.infinity, .greatestFiniteMagnitude, .leastNonzeroMagnitude, 1.5])
            : Float(Int32(truncatingIfNeeded: next())) / 1024
    }
    mutating func double() -> Double {
        chance(40)
            ? pick([0, -0.0, .nan, .infinity, -.infinity, .greatestFiniteMagnitude, .leastNonzeroMagnitude, 0.1])
            : Double(bitPattern: next() & 0x7FEF_FFFF_FFFF_FFFF) * (chance(50) ? 1 : -1)
    }
    mutating func string() -> String {
        let pieces = ["", "a", "Bắc Kạn", "Sở Thông tin và Truyền thông", "đ", "🇻🇳", "日本", "\u{0}", "x y", "ơ"]
        var result = ""
        for _ in 0..<below(4) { result += pick(pieces) }
        return result
    }
    mutating func bytes() -> [UInt8] { (0..<below(12)).map { _ in UInt8(truncatingIfNeeded: next()) } }
    mutating func colour() -> Colour { chance(15) ? .unrecognized(int32()) : pick(Colour.allCases) }
    mutating func list<T>(_ make: (inout RandomMessages) -> T) -> [T] {
        (0..<pick([0, 0, 1, 3, 9, 13, 40])).map { _ in make(&self) }
    }
    mutating func maybe<T>(_ make: (inout RandomMessages) -> T) -> T? { chance(50) ? make(&self) : nil }

    mutating func scalars() -> Scalars {
        Scalars(
            fInt32: int32(), fInt64: int64(), fUint32: uint32(), fUint64: uint64(), fSint32: int32(),
            fSint64: int64(), fFixed32: uint32(), fFixed64: uint64(), fSfixed32: int32(), fSfixed64: int64(),
            fBool: bool(), fFloat: float(), fDouble: double(), fString: string(), fBytes: bytes(), fEnum: colour())
    }

    mutating func optionals() -> Optionals {
        Optionals(
            oInt32: maybe { $0.int32() }, oInt64: maybe { $0.int64() }, oUint32: maybe { $0.uint32() },
            oUint64: maybe { $0.uint64() }, oSint32: maybe { $0.int32() }, oSint64: maybe { $0.int64() },
            oFixed32: maybe { $0.uint32() }, oFixed64: maybe { $0.uint64() }, oSfixed32: maybe { $0.int32() },
            oSfixed64: maybe { $0.int64() }, oBool: maybe { $0.bool() }, oFloat: maybe { $0.float() },
            oDouble: maybe { $0.double() }, oString: maybe { $0.string() }, oBytes: maybe { $0.bytes() },
            oEnum: maybe { $0.colour() })
    }

    mutating func repeateds() -> Repeateds {
        Repeateds(
            rInt32: list { $0.int32() }, rInt64: list { $0.int64() }, rUint32: list { $0.uint32() },
            rUint64: list { $0.uint64() }, rSint32: list { $0.int32() }, rSint64: list { $0.int64() },
            rFixed32: list { $0.uint32() }, rFixed64: list { $0.uint64() }, rSfixed32: list { $0.int32() },
            rSfixed64: list { $0.int64() }, rBool: list { $0.bool() }, rFloat: list { $0.float() },
            rDouble: list { $0.double() }, rString: list { $0.string() }, rBytes: list { $0.bytes() },
            rEnum: list { $0.colour() }, rMessage: list { $0.scalars() }, rUnpackedInt32: list { $0.int32() },
            rUnpackedDouble: list { $0.double() }, rUnpackedEnum: list { $0.colour() })
    }

    mutating func dictionary<K: Hashable, V>(
        _ key: (inout RandomMessages) -> K, _ value: (inout RandomMessages) -> V
    )
        -> [K: V]
    {
        var result: [K: V] = [:]
        for _ in 0..<pick([0, 1, 2, 5]) { result[key(&self)] = value(&self) }
        return result
    }

    mutating func maps() -> Maps {
        Maps(
            mStringString: dictionary({ $0.string() }, { $0.string() }),
            mInt32Int64: dictionary({ $0.int32() }, { $0.int64() }),
            mInt64String: dictionary({ $0.int64() }, { $0.string() }),
            mUint32Bytes: dictionary({ $0.uint32() }, { $0.bytes() }),
            mUint64Double: dictionary({ $0.uint64() }, { $0.double() }),
            mSint32Float: dictionary({ $0.int32() }, { $0.float() }),
            mSint64Enum: dictionary({ $0.int64() }, { $0.colour() }),
            mFixed32Bool: dictionary({ $0.uint32() }, { $0.bool() }),
            mFixed64Message: dictionary({ $0.uint64() }, { $0.scalars() }),
            mSfixed32Sint32: dictionary({ $0.int32() }, { $0.int32() }),
            mSfixed64Uint64: dictionary({ $0.int64() }, { $0.uint64() }),
            mBoolString: dictionary({ $0.bool() }, { $0.string() }),
            mStringMessage: dictionary({ $0.string() }, { $0.scalars() }))
    }

    mutating func choice() -> Choice {
        let value: Choice.Value? =
            switch below(7) {
            case 0: .text(string())
            case 1: .number(int64())
            case 2: .scalars(scalars())
            case 3: .blob(bytes())
            case 4: .colour(colour())
            case 5: .ratio(double())
            default: nil
            }
        let split: Choice.Split? =
            switch below(3) {
            case 0: .splitLow(int32())
            case 1: .splitHigh(string())
            default: nil
            }
        return Choice(label: string(), value: value, after: int32(), split: split, between: bool())
    }

    mutating func node(depth: Int) -> Node {
        let deeper = depth < 4
        var node = Node(name: string())
        if deeper && chance(40) { node.left = self.node(depth: depth + 1) }
        if deeper { node.children = (0..<pick([0, 0, 1, 2])).map { _ in self.node(depth: depth + 1) } }
        switch below(3) {
        case 0 where deeper: node.link = .right(self.node(depth: depth + 1))
        case 1: node.link = .leaf(string())
        default: break
        }
        return node
    }

    mutating func everything() -> Everything {
        Everything(
            scalars: maybe { $0.scalars() }, optionals: maybe { $0.optionals() }, repeateds: maybe { $0.repeateds() },
            maps: maybe { $0.maps() }, choice: maybe { $0.choice() }, tree: maybe { $0.node(depth: 0) },
            choices: list { $0.choice() },
            inner: maybe { Everything.Inner(mood: $0.pick([.unspecified, .calm]), note: $0.string()) })
    }
}
