extension JSONByteParser {
    mutating func parseNumber() throws(JSONError) -> Value {
        let start = i
        var negative = false
        if buf[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        guard i < buf.count, buf[i] >= 48, buf[i] <= 57 else { throw error("invalid number", at: start) }
        // `mag` collects every digit (integer and fraction); `overflow` says it no longer
        // holds them exactly, which sends the number to the general conversion.
        var mag: UInt64 = 0
        var overflow = false
        var isFloat = false
        var exponent = 0
        while i < buf.count, buf[i] >= 48, buf[i] <= 57 {
            let (m1, o1) = mag.multipliedReportingOverflow(by: 10)
            let (m2, o2) = m1.addingReportingOverflow(UInt64(buf[i] - 48))
            if o1 || o2 { overflow = true }
            mag = m2
            i += 1
        }
        if i < buf.count, buf[i] == UInt8(ascii: ".") {
            isFloat = true
            i += 1
            guard i < buf.count, buf[i] >= 48, buf[i] <= 57 else { throw error("invalid number: digits expected after '.'") }
            while i < buf.count, buf[i] >= 48, buf[i] <= 57 {
                let (m1, o1) = mag.multipliedReportingOverflow(by: 10)
                let (m2, o2) = m1.addingReportingOverflow(UInt64(buf[i] - 48))
                if o1 || o2 { overflow = true }
                mag = m2
                exponent -= 1
                i += 1
            }
        }
        if i < buf.count, buf[i] == UInt8(ascii: "e") || buf[i] == UInt8(ascii: "E") {
            isFloat = true
            i += 1
            var negativeExponent = false
            if i < buf.count, buf[i] == UInt8(ascii: "+") || buf[i] == UInt8(ascii: "-") {
                negativeExponent = buf[i] == UInt8(ascii: "-")
                i += 1
            }
            guard i < buf.count, buf[i] >= 48, buf[i] <= 57 else { throw error("invalid number: digits expected in exponent") }
            var e = 0
            while i < buf.count, buf[i] >= 48, buf[i] <= 57 {
                // Past 10^6 only the slow path's verdict (0 or out of range) matters.
                if e < 1_000_000 { e = e * 10 + Int(buf[i] - 48) }
                i += 1
            }
            exponent += negativeExponent ? -e : e
        }
        if !isFloat && !overflow {
            if negative {
                if mag <= UInt64(Int64.max) + 1 { return .int(mag == UInt64(Int64.max) + 1 ? Int.min : -Int(mag)) }
            } else if mag <= UInt64(Int64.max) {
                return .int(Int(mag))
            }
        }
        var d: Double
        if isFloat, !overflow, mag <= 1 << 53, exponent >= -22, exponent <= 22 {
            // Both the digits and the power of ten are exact doubles, so one multiplication or
            // division rounds correctly (Clinger's fast path), as the general conversion would.
            d = Double(mag)
            if exponent < 0 { d /= powersOfTen[-exponent] } else { d *= powersOfTen[exponent] }
            if negative { d = -d }
        } else {
            let text = String(decoding: UnsafeBufferPointer(rebasing: buf[start..<i]), as: UTF8.self)
            guard let parsed = Double(text) else { throw error("invalid number", at: start) }
            d = parsed
        }
        // JSON has no infinity, so a number this large could not be written back.
        guard d.isFinite else { throw error("number out of range", at: start) }
        return .float(d)
    }
}

/// Exact powers of ten for the fast float path (10^22 is the largest a Double holds exactly).
private let powersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]
