/// Content-Transfer-Encoding decoders and encoders.
///
/// The decoders never fail: mail in the wild has wrong line lengths, missing padding and stray
/// characters, and a reader should get whatever can be recovered. They report what they had to
/// skip so the parser can turn it into a warning.
enum TransferEncoding {
  struct Decoded {
    var bytes: [UInt8]
    /// Characters that could not be decoded and were skipped or kept literally.
    var problems: Int
  }

  static func decodeQuotedPrintable<C: Collection>(_ input: C) -> Decoded where C.Element == UInt8, C.Index == Int {
    var out: [UInt8] = []
    out.reserveCapacity(input.count)
    var problems = 0
    var i = input.startIndex
    let end = input.endIndex
    while i < end {
      let byte = input[i]
      guard byte == UInt8(ascii: "=") else {
        out.append(byte)
        i += 1
        continue
      }
      // "=" followed only by transport padding and a line end is a soft line break (RFC 2045 6.7).
      var j = i + 1
      while j < end, input[j] == 0x20 || input[j] == 0x09 { j += 1 }
      if j == end {
        i = end
        continue
      }
      if input[j] == 0x0A {
        i = j + 1
        continue
      }
      if input[j] == 0x0D {
        i = (j + 1 < end && input[j + 1] == 0x0A) ? j + 2 : j + 1
        continue
      }
      if i + 2 < end, let high = hexValue(input[i + 1]), let low = hexValue(input[i + 2]) {
        out.append(high << 4 | low)
        i += 3
      } else {
        // A literal "=" that should have been "=3D": keep it, as every mail client does.
        problems += 1
        out.append(byte)
        i += 1
      }
    }
    return Decoded(bytes: out, problems: problems)
  }

  /// Decodes base64, ignoring characters outside the alphabet and restarting after padding
  /// (some mailers concatenate separately padded chunks).
  static func decodeBase64<C: Collection>(_ input: C) -> Decoded where C.Element == UInt8 {
    var out: [UInt8] = []
    out.reserveCapacity(input.count / 4 * 3 + 3)
    var problems = 0
    var accumulator: UInt32 = 0
    var count = 0
    func flushPartial() {
      switch count {
      case 2: out.append(UInt8(truncatingIfNeeded: accumulator >> 4))
      case 3:
        out.append(UInt8(truncatingIfNeeded: accumulator >> 10))
        out.append(UInt8(truncatingIfNeeded: accumulator >> 2))
      case 1: problems += 1
      default: break
      }
      accumulator = 0
      count = 0
    }
    for byte in input {
      let value = base64Value(byte)
      if value < 64 {
        accumulator = accumulator << 6 | UInt32(value)
        count += 1
        if count == 4 {
          out.append(UInt8(truncatingIfNeeded: accumulator >> 16))
          out.append(UInt8(truncatingIfNeeded: accumulator >> 8))
          out.append(UInt8(truncatingIfNeeded: accumulator))
          accumulator = 0
          count = 0
        }
      } else if byte == UInt8(ascii: "=") {
        flushPartial()
      } else if !(byte == 0x0D || byte == 0x0A || byte == 0x20 || byte == 0x09) {
        problems += 1
      }
    }
    flushPartial()
    return Decoded(bytes: out, problems: problems)
  }

  static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    default: return nil
    }
  }

  /// 0...63 for alphabet characters (standard and URL-safe), 255 otherwise.
  static func base64Value(_ byte: UInt8) -> UInt8 {
    switch byte {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte - UInt8(ascii: "A")
    case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte - UInt8(ascii: "a") + 26
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0") + 52
    case UInt8(ascii: "+"), UInt8(ascii: "-"): return 62
    case UInt8(ascii: "/"), UInt8(ascii: "_"): return 63
    default: return 255
    }
  }

  private static let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
  private static let hexDigits = Array("0123456789ABCDEF".utf8)

  /// Standard base64; `lineLength` > 0 wraps with CRLF as MIME bodies need.
  static func encodeBase64<C: Collection>(_ input: C, lineLength: Int = 0) -> [UInt8] where C.Element == UInt8 {
    let bytes = Array(input)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count * 4 / 3 + 4 + (lineLength > 0 ? bytes.count / lineLength * 2 : 0))
    var lineCount = 0
    func emit(_ character: UInt8) {
      if lineLength > 0 && lineCount == lineLength {
        out.append(0x0D)
        out.append(0x0A)
        lineCount = 0
      }
      out.append(character)
      lineCount += 1
    }
    var i = 0
    while i + 2 < bytes.count {
      let value = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
      emit(base64Alphabet[Int(value >> 18 & 63)])
      emit(base64Alphabet[Int(value >> 12 & 63)])
      emit(base64Alphabet[Int(value >> 6 & 63)])
      emit(base64Alphabet[Int(value & 63)])
      i += 3
    }
    let rest = bytes.count - i
    if rest > 0 {
      let value = UInt32(bytes[i]) << 16 | (rest == 2 ? UInt32(bytes[i + 1]) << 8 : 0)
      emit(base64Alphabet[Int(value >> 18 & 63)])
      emit(base64Alphabet[Int(value >> 12 & 63)])
      emit(rest == 2 ? base64Alphabet[Int(value >> 6 & 63)] : UInt8(ascii: "="))
      emit(UInt8(ascii: "="))
    }
    return out
  }

  /// Quoted-printable for text whose lines end in CRLF (RFC 2045 6.7), lines at most 76 characters.
  static func encodeQuotedPrintable(_ text: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(text.count + text.count / 8)
    var lines: [ArraySlice<UInt8>] = []
    var start = 0
    var i = 0
    while i < text.count {
      if text[i] == 0x0D && i + 1 < text.count && text[i + 1] == 0x0A {
        lines.append(text[start..<i])
        i += 2
        start = i
      } else {
        i += 1
      }
    }
    lines.append(text[start..<text.count])
    for (index, line) in lines.enumerated() {
      if index > 0 {
        out.append(0x0D)
        out.append(0x0A)
      }
      var column = 0
      let lastIndex = line.endIndex - 1
      for position in line.indices {
        let byte = line[position]
        var token: [UInt8]
        let atLineEnd = position == lastIndex
        let fromLine =
          position == line.startIndex && byte == UInt8(ascii: "F") && line.dropFirst().starts(with: Array("rom ".utf8))
        if (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=") && !fromLine)
          || ((byte == 0x20 || byte == 0x09) && !atLineEnd)
        {
          token = [byte]
        } else {
          token = [UInt8(ascii: "="), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 15)]]
        }
        // Keep room for the "=" of a soft break; the last token of a line needs none.
        let limit = atLineEnd ? 76 : 75
        if column + token.count > limit {
          out.append(UInt8(ascii: "="))
          out.append(0x0D)
          out.append(0x0A)
          column = 0
        }
        out.append(contentsOf: token)
        column += token.count
      }
    }
    return out
  }
}
