/// Collects parser warnings. Hostile input can repeat one defect thousands of times, so
/// duplicates are dropped and the list is capped.
final class WarningLog {
  private(set) var items: [String] = []
  private var seen: Set<String> = []
  private var omitted = false
  static let cap = 100

  func add(_ warning: String) {
    guard !seen.contains(warning) else { return }
    if items.count >= WarningLog.cap {
      if !omitted {
        omitted = true
        items.append("further warnings omitted")
      }
      return
    }
    seen.insert(warning)
    items.append(warning)
  }
}

/// RFC 2047 encoded words.
enum EncodedWords {
  private enum Segment {
    case text([UInt8])
    case word(charsetName: String, bytes: [UInt8], raw: [UInt8])
  }

  /// Decodes the encoded words in unstructured text (Subject, display names, parameter values).
  ///
  /// Whitespace between two encoded words is dropped (RFC 2047 6.2), and adjacent words in one
  /// charset are decoded together, because mailers split multi-byte characters across words.
  /// Words in charsets we cannot decode stay as they were, with a warning.
  static func decode(_ text: String, warnings: WarningLog) -> String {
    let input = Array(text.utf8)
    guard input.count >= 8, containsMarker(input) else { return text }
    var segments: [Segment] = []
    var literalStart = 0
    var i = 0
    while i + 1 < input.count {
      if input[i] == UInt8(ascii: "="), input[i + 1] == UInt8(ascii: "?"),
        let (word, end) = parseWord(input, at: i)
      {
        if literalStart < i { segments.append(.text(Array(input[literalStart..<i]))) }
        segments.append(word)
        i = end
        literalStart = end
      } else {
        i += 1
      }
    }
    if literalStart < input.count { segments.append(.text(Array(input[literalStart...]))) }

    // Drop linear whitespace that only separates two encoded words.
    var kept: [Segment] = []
    for (index, segment) in segments.enumerated() {
      if case .text(let bytes) = segment, bytes.allSatisfy({ isWhitespace($0) }),
        index > 0, index + 1 < segments.count,
        case .word = segments[index - 1], case .word = segments[index + 1]
      {
        continue
      }
      kept.append(segment)
    }

    var result = ""
    var index = 0
    while index < kept.count {
      switch kept[index] {
      case .text(let bytes):
        result += Charset.decodeUnlabelled(bytes).text
        index += 1
      case .word(let charsetName, var bytes, var raw):
        var next = index + 1
        while next < kept.count, case .word(let otherName, let otherBytes, let otherRaw) = kept[next],
          otherName.lowercased() == charsetName.lowercased()
        {
          bytes += otherBytes
          raw += otherRaw
          next += 1
        }
        if let charset = Charset(name: charsetName) {
          let decoded = charset.decode(bytes)
          if decoded.lossy {
            warnings.add("encoded word in charset \(charsetName) has bytes that are not valid in it; replaced")
          }
          result += decoded.text
        } else {
          warnings.add("unknown charset \"\(charsetName)\" in encoded word; kept raw")
          result += String(decoding: raw, as: UTF8.self)
        }
        index = next
      }
    }
    return result
  }

  private static func containsMarker(_ input: [UInt8]) -> Bool {
    var i = 0
    while i + 1 < input.count {
      if input[i] == UInt8(ascii: "="), input[i + 1] == UInt8(ascii: "?") { return true }
      i += 1
    }
    return false
  }

  static func isWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
  }

  /// Parses `=?charset?E?text?=` at `start`; returns the segment and the index after it.
  private static func parseWord(_ input: [UInt8], at start: Int) -> (Segment, Int)? {
    var i = start + 2
    let charsetStart = i
    while i < input.count, input[i] != UInt8(ascii: "?") {
      if isWhitespace(input[i]) || i - charsetStart > 64 { return nil }
      i += 1
    }
    guard i > charsetStart, i + 2 < input.count, input[i + 2] == UInt8(ascii: "?") else { return nil }
    let charsetName = String(decoding: input[charsetStart..<i], as: UTF8.self)
    let encoding = input[i + 1] | 0x20
    guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q") else { return nil }
    let textStart = i + 3
    var j = textStart
    while j < input.count, input[j] != UInt8(ascii: "?") {
      if isWhitespace(input[j]) { return nil }
      j += 1
    }
    guard j + 1 < input.count, input[j + 1] == UInt8(ascii: "=") else { return nil }
    let encoded = input[textStart..<j]
    let bytes: [UInt8]
    if encoding == UInt8(ascii: "b") {
      bytes = TransferEncoding.decodeBase64(encoded).bytes
    } else {
      bytes = decodeQ(encoded)
    }
    return (.word(charsetName: charsetName, bytes: bytes, raw: Array(input[start..<(j + 2)])), j + 2)
  }

  private static func decodeQ(_ encoded: ArraySlice<UInt8>) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(encoded.count)
    var i = encoded.startIndex
    while i < encoded.endIndex {
      let byte = encoded[i]
      if byte == UInt8(ascii: "_") {
        out.append(0x20)
        i += 1
      } else if byte == UInt8(ascii: "="), i + 2 < encoded.endIndex,
        let high = TransferEncoding.hexValue(encoded[i + 1]), let low = TransferEncoding.hexValue(encoded[i + 2])
      {
        out.append(high << 4 | low)
        i += 3
      } else {
        out.append(byte)
        i += 1
      }
    }
    return out
  }

  // MARK: - Encoding (outgoing mail)

  /// Splits `text` into B-encoded UTF-8 words of at most `maxBytes` bytes each, never cutting a
  /// character in two.
  static func encode(_ text: String, maxBytes: Int = 39) -> [String] {
    var words: [String] = []
    var chunk: [UInt8] = []
    for scalar in text.unicodeScalars {
      let bytes = Array(String(scalar).utf8)
      if chunk.count + bytes.count > maxBytes, !chunk.isEmpty {
        words.append(wrap(chunk))
        chunk = []
      }
      chunk += bytes
    }
    if !chunk.isEmpty || words.isEmpty { words.append(wrap(chunk)) }
    return words
  }

  private static func wrap(_ bytes: [UInt8]) -> String {
    "=?UTF-8?B?" + String(decoding: TransferEncoding.encodeBase64(bytes), as: UTF8.self) + "?="
  }
}
