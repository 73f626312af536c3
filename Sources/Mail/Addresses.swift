/// A mailbox: an optional display name and an address.
public struct MailAddress: Sendable, Hashable, Codable {
  public var name: String?
  public var address: String

  public init(name: String? = nil, address: String) {
    self.name = name
    self.address = address
  }
}

enum AddressParser {
  private enum Token {
    case atom([UInt8])
    case quoted([UInt8])
    case comment([UInt8])
    case angle([UInt8])
    case whitespace
    case comma
    case semicolon
    case colon
  }

  /// Parses an address list (From, To, Cc, Reply-To …) from the raw, undecoded header value:
  /// display names quoted or as encoded words, comments, groups, `<addr>` alone, bare addresses.
  static func parseList(_ raw: String, warnings: WarningLog) -> [MailAddress] {
    let tokens = tokenize(Array(raw.utf8))
    var result: [MailAddress] = []
    var current: [Token] = []
    var inGroup = false
    for token in tokens {
      switch token {
      case .comma:
        if let address = mailbox(current, warnings: warnings) { result.append(address) }
        current = []
      case .semicolon:
        if let address = mailbox(current, warnings: warnings) { result.append(address) }
        current = []
        inGroup = false
      case .colon:
        let hasAngle = current.contains { if case .angle = $0 { return true } else { return false } }
        if !inGroup && !hasAngle {
          // "Group name: a@b, c@d;" — the members count, the group name does not.
          inGroup = true
          current = []
        } else {
          current.append(.atom([UInt8(ascii: ":")]))
        }
      default:
        current.append(token)
      }
    }
    if let address = mailbox(current, warnings: warnings) { result.append(address) }
    return result
  }

  private static func mailbox(_ tokens: [Token], warnings: WarningLog) -> MailAddress? {
    var phrase: [UInt8] = []
    var compact: [UInt8] = []
    var comments: [[UInt8]] = []
    var angle: [UInt8]?
    var pendingSpace = false
    for token in tokens {
      switch token {
      case .atom(let bytes), .quoted(let bytes):
        if pendingSpace && !phrase.isEmpty { phrase.append(0x20) }
        pendingSpace = false
        phrase += bytes
        if case .quoted = token {
          compact += [UInt8(ascii: "\"")] + bytes + [UInt8(ascii: "\"")]
        } else {
          compact += bytes
        }
      case .comment(let bytes):
        comments.append(bytes)
        pendingSpace = true
      case .angle(let bytes):
        if angle == nil { angle = bytes }
      case .whitespace:
        pendingSpace = true
      case .comma, .semicolon, .colon:
        break
      }
    }
    if var address = angle {
      // Obsolete source route "<@relay,@relay:user@host>".
      if address.first == UInt8(ascii: "@"), let colon = address.lastIndex(of: UInt8(ascii: ":")) {
        address = Array(address[(colon + 1)...])
      }
      let addressText = String(decoding: address.filter { !EncodedWords.isWhitespace($0) }, as: UTF8.self)
      var name = displayName(phrase, warnings: warnings)
      if name == nil, let comment = comments.first { name = displayName(comment, warnings: warnings) }
      if addressText.isEmpty && name == nil { return nil }
      return MailAddress(name: name, address: addressText)
    }
    guard !compact.isEmpty else { return nil }
    // A bare address, maybe with its owner's name in a comment: "ana@example.si (Ana Novak)".
    let addressText = Charset.decodeUnlabelled(compact).text
    let name = comments.first.flatMap { displayName($0, warnings: warnings) }
    if !addressText.contains("@") {
      warnings.add("address without a domain: \(addressText.prefix(80))")
    }
    return MailAddress(name: name, address: addressText)
  }

  private static func displayName(_ bytes: [UInt8], warnings: WarningLog) -> String? {
    let raw = Charset.decodeUnlabelled(bytes).text
    let decoded = raw.contains("=?") ? EncodedWords.decode(raw, warnings: warnings) : raw
    let collapsed = decoded.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    return collapsed.isEmpty ? nil : collapsed
  }

  private static func tokenize(_ bytes: [UInt8]) -> [Token] {
    var tokens: [Token] = []
    var i = 0
    while i < bytes.count {
      let byte = bytes[i]
      switch byte {
      case 0x20, 0x09, 0x0D, 0x0A:
        while i < bytes.count, EncodedWords.isWhitespace(bytes[i]) { i += 1 }
        tokens.append(.whitespace)
      case UInt8(ascii: "\""):
        var content: [UInt8] = []
        i += 1
        while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
          if bytes[i] == UInt8(ascii: "\\"), i + 1 < bytes.count { i += 1 }
          content.append(bytes[i])
          i += 1
        }
        i += 1
        tokens.append(.quoted(content))
      case UInt8(ascii: "("):
        var content: [UInt8] = []
        var depth = 1
        i += 1
        while i < bytes.count {
          let current = bytes[i]
          if current == UInt8(ascii: "\\"), i + 1 < bytes.count {
            content.append(bytes[i + 1])
            i += 2
            continue
          }
          if current == UInt8(ascii: "(") { depth += 1 }
          if current == UInt8(ascii: ")") {
            depth -= 1
            if depth == 0 { break }
          }
          content.append(current)
          i += 1
        }
        i += 1
        tokens.append(.comment(content))
      case UInt8(ascii: "<"):
        var content: [UInt8] = []
        i += 1
        while i < bytes.count, bytes[i] != UInt8(ascii: ">") {
          content.append(bytes[i])
          i += 1
        }
        i += 1
        tokens.append(.angle(content))
      case UInt8(ascii: ","):
        tokens.append(.comma)
        i += 1
      case UInt8(ascii: ";"):
        tokens.append(.semicolon)
        i += 1
      case UInt8(ascii: ":"):
        tokens.append(.colon)
        i += 1
      default:
        let start = i
        while i < bytes.count {
          let current = bytes[i]
          if EncodedWords.isWhitespace(current) || current == UInt8(ascii: "\"") || current == UInt8(ascii: "(")
            || current == UInt8(ascii: "<") || current == UInt8(ascii: ",") || current == UInt8(ascii: ";")
            || current == UInt8(ascii: ":")
          {
            break
          }
          i += 1
        }
        if i == start { i += 1 }
        tokens.append(.atom(Array(bytes[start..<i])))
      }
    }
    return tokens
  }
}

enum MessageIDs {
  /// The ids in a Message-ID, In-Reply-To or References value, without angle brackets.
  static func parse(_ raw: String) -> [String] {
    let bytes = Array(raw.utf8)
    var ids: [String] = []
    var i = 0
    var sawAngle = false
    while i < bytes.count {
      if bytes[i] == UInt8(ascii: "<") {
        sawAngle = true
        var j = i + 1
        while j < bytes.count, bytes[j] != UInt8(ascii: ">") { j += 1 }
        let id = String(decoding: bytes[(i + 1)..<j].filter { !EncodedWords.isWhitespace($0) }, as: UTF8.self)
        if !id.isEmpty { ids.append(id) }
        i = j + 1
      } else {
        i += 1
      }
    }
    if sawAngle { return ids }
    // No brackets at all: whitespace- or comma-separated ids, comments dropped.
    return ParameterizedValue.stripComments(raw)
      .split(whereSeparator: { $0.isWhitespace || $0 == "," })
      .map(String.init)
  }
}
