/// One header field as it appeared in the message.
public struct HeaderField: Sendable, Hashable {
  /// The field name as written (compare case-insensitively).
  public let name: String
  /// The unfolded value with no RFC 2047 decoding, trimmed.
  public let rawValue: String
  /// The value with RFC 2047 encoded words decoded (right for unstructured fields).
  public let value: String

  public init(name: String, rawValue: String, value: String) {
    self.name = name
    self.rawValue = rawValue
    self.value = value
  }
}

enum HeaderBlock {
  struct Result {
    var fields: [HeaderField]
    var bodyStart: Int
    /// Set when the header-size limit was hit while reading this block.
    var exceededLimit: Bool
  }

  /// Reads the header block that starts at `start`, tolerating a missing blank line, junk lines,
  /// a leading mbox "From " line, and bare LF line ends. `budget` is how many header bytes may
  /// still be read; it is decreased by what was read.
  static func parse(
    _ bytes: [UInt8], start: Int, end: Int, topLevel: Bool, budget: inout Int, warnings: WarningLog
  ) -> Result {
    var fields: [HeaderField] = []
    var currentName: String?
    var currentValue: [UInt8] = []
    var i = start

    func flush() {
      guard let name = currentName else { return }
      var lower = currentValue.startIndex
      var upper = currentValue.endIndex
      while lower < upper, EncodedWords.isWhitespace(currentValue[lower]) { lower += 1 }
      while upper > lower, EncodedWords.isWhitespace(currentValue[upper - 1]) { upper -= 1 }
      let (raw, guessed) = Charset.decodeUnlabelled(currentValue[lower..<upper])
      if guessed {
        warnings.add("header \(name) has 8-bit bytes that are not UTF-8; read as windows-1252")
      }
      let value = raw.contains("=?") ? EncodedWords.decode(raw, warnings: warnings) : raw
      fields.append(HeaderField(name: name, rawValue: raw, value: value))
      currentName = nil
      currentValue = []
    }

    if topLevel, i + 5 <= end, bytes[i..<(i + 5)].elementsEqual("From ".utf8) {
      i = Lines.next(bytes, from: i, end: end).next
    }
    var bodyStart = end
    var exceeded = false
    while i < end {
      let line = Lines.next(bytes, from: i, end: end)
      if line.contentEnd == i {
        bodyStart = line.next
        break
      }
      let length = line.next - i
      if length > budget {
        warnings.add("header size limit reached; the rest of the message was not read")
        exceeded = true
        budget = 0
        bodyStart = end
        break
      }
      budget -= length
      let first = bytes[i]
      if first == 0x20 || first == 0x09 {
        if currentName != nil {
          currentValue += bytes[i..<line.contentEnd]
        } else {
          warnings.add("header block starts with a continuation line; ignored")
        }
      } else if let colon = fieldColon(bytes, from: i, to: line.contentEnd) {
        flush()
        var nameEnd = colon
        while nameEnd > i, bytes[nameEnd - 1] == 0x20 || bytes[nameEnd - 1] == 0x09 { nameEnd -= 1 }
        currentName = String(decoding: bytes[i..<nameEnd], as: UTF8.self)
        currentValue = Array(bytes[(colon + 1)..<line.contentEnd])
      } else if looksLikeHeaderLine(bytes, at: line.next, end: end) {
        // A long value whose fold lost its leading whitespace: keep it with the field before it.
        warnings.add("malformed header line kept as a continuation")
        if currentName != nil {
          currentValue.append(0x20)
          currentValue += bytes[i..<line.contentEnd]
        }
      } else {
        warnings.add("header block not ended by a blank line")
        bodyStart = i
        break
      }
      i = line.next
    }
    flush()
    return Result(fields: fields, bodyStart: bodyStart, exceededLimit: exceeded)
  }

  /// Index of the colon when the line is "name: value" (obsolete "name : value" too).
  static func fieldColon(_ bytes: [UInt8], from start: Int, to end: Int) -> Int? {
    var i = start
    while i < end, bytes[i] >= 33, bytes[i] <= 126, bytes[i] != UInt8(ascii: ":") { i += 1 }
    guard i > start else { return nil }
    while i < end, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
    return i < end && bytes[i] == UInt8(ascii: ":") ? i : nil
  }

  private static func looksLikeHeaderLine(_ bytes: [UInt8], at start: Int, end: Int) -> Bool {
    guard start < end else { return false }
    if bytes[start] == 0x20 || bytes[start] == 0x09 { return true }
    let line = Lines.next(bytes, from: start, end: end)
    return fieldColon(bytes, from: start, to: line.contentEnd) != nil
  }
}

enum Lines {
  /// The line starting at `start`: where its content ends (before CR LF or LF) and where the next
  /// line starts.
  @inline(__always)
  static func next(_ bytes: [UInt8], from start: Int, end: Int) -> (contentEnd: Int, next: Int) {
    var j = start
    while j < end, bytes[j] != 0x0A { j += 1 }
    if j < end {
      return (j > start && bytes[j - 1] == 0x0D ? j - 1 : j, j + 1)
    }
    return (j > start && bytes[j - 1] == 0x0D ? j - 1 : j, end)
  }
}

/// A header value of the form `value; name=value; …` (Content-Type, Content-Disposition).
struct ParameterizedValue {
  var value: String
  var parameters: [String: String]

  /// Parses the value and its parameters, joining RFC 2231 continuations and decoding
  /// RFC 2231 charset'language'percent-encoding and (non-standard but common) RFC 2047 words.
  static func parse(_ raw: String, warnings: WarningLog) -> ParameterizedValue {
    let pieces = splitOutsideQuotes(Array(raw.utf8))
    let main = stripComments(String(decoding: pieces.first ?? [], as: UTF8.self))
      .trimmingWhitespace().lowercased()

    struct Section {
      var value: String
      var encoded: Bool
    }
    var plain: [String: String] = [:]
    var extended: [String: [Int: Section]] = [:]
    for piece in pieces.dropFirst() {
      guard let equals = piece.firstIndex(of: UInt8(ascii: "=")) else { continue }
      let name = String(decoding: piece[..<equals], as: UTF8.self).trimmingWhitespace().lowercased()
      guard !name.isEmpty else { continue }
      let value = unquote(Array(piece[(equals + 1)...]))
      if let star = name.firstIndex(of: "*") {
        let base = String(name[..<star])
        var rest = name[name.index(after: star)...]
        var encoded = false
        if rest.hasSuffix("*") {
          encoded = true
          rest = rest.dropLast()
        }
        let number: Int
        if rest.isEmpty {
          // "name*=" is a single encoded section.
          number = 0
          encoded = true
        } else if let parsed = Int(rest), parsed >= 0, parsed < 10_000 {
          number = parsed
        } else {
          continue
        }
        if extended[base, default: [:]][number] == nil {
          extended[base, default: [:]][number] = Section(value: value, encoded: encoded)
        }
      } else if plain[name] == nil {
        plain[name] = value
      }
    }

    var parameters: [String: String] = [:]
    for (name, value) in plain {
      parameters[name] = value.contains("=?") ? EncodedWords.decode(value, warnings: warnings) : value
    }
    for (name, sections) in extended {
      var bytes: [UInt8] = []
      var charsetName: String?
      for number in sections.keys.sorted() {
        guard let section = sections[number] else { continue }
        if section.encoded {
          var text = section.value
          if number == sections.keys.min() {
            let parts = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
            if parts.count == 3 {
              charsetName = String(parts[0])
              text = String(parts[2])
            }
          }
          bytes += percentDecode(text)
        } else {
          bytes += Array(section.value.utf8)
        }
      }
      let text: String
      if let charsetName, !charsetName.isEmpty {
        if let charset = Charset(name: charsetName) {
          let decoded = charset.decode(bytes)
          if decoded.lossy {
            warnings.add("parameter \(name) has bytes that are not valid \(charsetName); replaced")
          }
          text = decoded.text
        } else {
          warnings.add("unknown charset \"\(charsetName)\" in parameter \(name)")
          text = Charset.ascii.decode(bytes).text
        }
      } else {
        text = Charset.decodeUnlabelled(bytes).text
      }
      parameters[name] = text
    }
    return ParameterizedValue(value: main, parameters: parameters)
  }

  private static func splitOutsideQuotes(_ bytes: [UInt8]) -> [[UInt8]] {
    var pieces: [[UInt8]] = []
    var current: [UInt8] = []
    var inQuotes = false
    var escaped = false
    for byte in bytes {
      if escaped {
        escaped = false
      } else if inQuotes && byte == UInt8(ascii: "\\") {
        escaped = true
      } else if byte == UInt8(ascii: "\"") {
        inQuotes.toggle()
      } else if byte == UInt8(ascii: ";") && !inQuotes {
        pieces.append(current)
        current = []
        continue
      }
      current.append(byte)
    }
    pieces.append(current)
    return pieces
  }

  /// A quoted string loses its quotes and escapes; a bare token is trimmed (spaces inside kept,
  /// since some mailers do not quote file names).
  private static func unquote(_ bytes: [UInt8]) -> String {
    var start = 0
    while start < bytes.count, EncodedWords.isWhitespace(bytes[start]) { start += 1 }
    guard start < bytes.count, bytes[start] == UInt8(ascii: "\"") else {
      return String(decoding: bytes[start...], as: UTF8.self).trimmingWhitespace()
    }
    var out: [UInt8] = []
    var i = start + 1
    while i < bytes.count {
      let byte = bytes[i]
      if byte == UInt8(ascii: "\\"), i + 1 < bytes.count {
        out.append(bytes[i + 1])
        i += 2
        continue
      }
      if byte == UInt8(ascii: "\"") { break }
      out.append(byte)
      i += 1
    }
    return Charset.decodeUnlabelled(out).text
  }

  private static func percentDecode(_ text: String) -> [UInt8] {
    let input = Array(text.utf8)
    var out: [UInt8] = []
    var i = 0
    while i < input.count {
      if input[i] == UInt8(ascii: "%"), i + 2 < input.count,
        let high = TransferEncoding.hexValue(input[i + 1]), let low = TransferEncoding.hexValue(input[i + 2])
      {
        out.append(high << 4 | low)
        i += 3
      } else {
        out.append(input[i])
        i += 1
      }
    }
    return out
  }

  static func stripComments(_ text: String) -> String {
    guard text.contains("(") else { return text }
    var out = ""
    var depth = 0
    var inQuotes = false
    for character in text {
      if character == "\"" && depth == 0 { inQuotes.toggle() }
      if !inQuotes {
        if character == "(" {
          depth += 1
          continue
        }
        if character == ")" && depth > 0 {
          depth -= 1
          continue
        }
      }
      if depth == 0 { out.append(character) }
    }
    return out
  }
}

extension StringProtocol {
  func trimmingWhitespace() -> String {
    guard let first = firstIndex(where: { !$0.isWhitespace }),
      let last = lastIndex(where: { !$0.isWhitespace })
    else { return "" }
    return String(self[first...last])
  }
}
