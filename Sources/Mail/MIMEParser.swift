import Foundation

/// Hard limits that keep a hostile or broken message from exhausting memory or time. When one is
/// reached the parser stops reading further and says so in `ParsedMessage.warnings`.
public struct MIMELimits: Sendable, Equatable {
  /// Header bytes read over all header blocks of the message and its parts.
  public var maxHeaderBytes: Int
  /// Entities (the message itself, every MIME part) parsed.
  public var maxParts: Int
  /// Multipart nesting depth.
  public var maxDepth: Int
  /// Bytes after transfer decoding over all parts.
  public var maxDecodedBytes: Int

  public init(
    maxHeaderBytes: Int = 1 << 20, maxParts: Int = 1_000, maxDepth: Int = 25, maxDecodedBytes: Int = 64 << 20
  ) {
    self.maxHeaderBytes = maxHeaderBytes
    self.maxParts = maxParts
    self.maxDepth = maxDepth
    self.maxDecodedBytes = maxDecodedBytes
  }
}

/// A part of a message that is not its text or HTML body.
public struct ParsedAttachment: Sendable, Hashable {
  /// From Content-Disposition `filename` or Content-Type `name` (RFC 2231/2047 decoded); for an
  /// attached message (message/rfc822) its subject + ".eml". `nil` for unnamed parts.
  public var filename: String?
  /// Lowercased `type/subtype`.
  public var contentType: String
  /// The decoded content.
  public var data: [UInt8]
  /// Content-ID without angle brackets, for images the HTML body refers to as `cid:`.
  public var contentID: String?
  /// Shown in the body (Content-Disposition inline, or an unlabelled part with a Content-ID).
  public var isInline: Bool

  public var size: Int { data.count }

  public init(filename: String?, contentType: String, data: [UInt8], contentID: String?, isInline: Bool) {
    self.filename = filename
    self.contentType = contentType
    self.data = data
    self.contentID = contentID
    self.isInline = isInline
  }
}

/// A message as read by `MIMEParser`.
public struct ParsedMessage: Sendable {
  public var from: MailAddress?
  public var to: [MailAddress]
  public var cc: [MailAddress]
  public var replyTo: [MailAddress]
  /// Decoded; `nil` when there is no Subject header.
  public var subject: String?
  /// Without angle brackets; `nil` when absent.
  public var messageID: String?
  /// The first id of In-Reply-To, without angle brackets; `nil` when absent.
  public var inReplyTo: String?
  /// Ids of References, oldest first, without angle brackets.
  public var references: [String]
  public var date: Date?
  /// The plain-text body with LF line ends; made from the HTML when there is no text part.
  public var text: String
  public var html: String?
  public var attachments: [ParsedAttachment]
  /// What was wrong with the message and how the parser coped.
  public var warnings: [String]
  /// Top-level header fields in order.
  public var headerFields: [HeaderField]
  /// Lowercased `type/subtype` of the message itself.
  public var contentType: String

  public init(
    from: MailAddress? = nil, to: [MailAddress] = [], cc: [MailAddress] = [], replyTo: [MailAddress] = [],
    subject: String? = nil, messageID: String? = nil, inReplyTo: String? = nil, references: [String] = [],
    date: Date? = nil, text: String = "", html: String? = nil, attachments: [ParsedAttachment] = [],
    warnings: [String] = [], headerFields: [HeaderField] = [], contentType: String = "text/plain"
  ) {
    self.from = from
    self.to = to
    self.cc = cc
    self.replyTo = replyTo
    self.subject = subject
    self.messageID = messageID
    self.inReplyTo = inReplyTo
    self.references = references
    self.date = date
    self.text = text
    self.html = html
    self.attachments = attachments
    self.warnings = warnings
    self.headerFields = headerFields
    self.contentType = contentType
  }

  /// The first top-level field of that name (case-insensitive), RFC 2047 decoded.
  public func header(_ name: String) -> String? {
    headerFields.first { $0.name.caseInsensitiveEquals(name) }?.value
  }

  /// Every top-level field of that name, RFC 2047 decoded, in order.
  public func headers(_ name: String) -> [String] {
    headerFields.filter { $0.name.caseInsensitiveEquals(name) }.map(\.value)
  }

  /// The first top-level field of that name, unfolded but not decoded.
  public func rawHeader(_ name: String) -> String? {
    headerFields.first { $0.name.caseInsensitiveEquals(name) }?.rawValue
  }

  /// Every top-level field of that name, unfolded but not decoded.
  public func rawHeaders(_ name: String) -> [String] {
    headerFields.filter { $0.name.caseInsensitiveEquals(name) }.map(\.rawValue)
  }
}

extension String {
  func caseInsensitiveEquals(_ other: String) -> Bool {
    utf8.count == other.utf8.count && lowercased() == other.lowercased()
  }
}

/// An RFC 5322 / MIME parser for incoming mail. It never fails: whatever can be read is returned,
/// and every defect it works around is reported in `warnings`.
public struct MIMEParser: Sendable {
  public let limits: MIMELimits

  public init(limits: MIMELimits = .init()) {
    self.limits = limits
  }

  public func parse(_ bytes: [UInt8]) -> ParsedMessage {
    let state = ParseState(bytes: bytes, limits: limits)
    guard !bytes.isEmpty else {
      state.warnings.add("empty message")
      return ParsedMessage(warnings: state.warnings.items)
    }
    let root = state.parseEntity(start: 0, end: bytes.count, depth: 0, defaultType: "text/plain", topLevel: true)
    return state.makeMessage(root: root)
  }
}

/// One entity (the message or a MIME part) of the tree being built.
struct Entity {
  var fields: [HeaderField]
  var contentType: String
  var parameters: [String: String]
  var disposition: String?
  var filename: String?
  var transferEncoding: String
  var body: Range<Int>
  var children: [Int] = []
  /// Multipart whose parts we read (as opposed to a leaf, or a multipart we could not split).
  var isContainer = false
  /// The Subject of an attached message/rfc822, for naming it.
  var embeddedSubject: String?

  var mainType: Substring { contentType.split(separator: "/", maxSplits: 1).first ?? "" }
  var subType: Substring { contentType.split(separator: "/", maxSplits: 1).dropFirst().first ?? "" }
  var isAttachmentDisposition: Bool { disposition == "attachment" }

  func field(_ name: String) -> HeaderField? {
    fields.first { $0.name.caseInsensitiveEquals(name) }
  }
}

final class ParseState {
  let bytes: [UInt8]
  let limits: MIMELimits
  let warnings = WarningLog()
  var entities: [Entity] = []
  var headerBudget: Int
  var decodedBudget: Int
  /// Set once a limit is reached: nothing further is read.
  var stopped = false
  var decodeLimitReached = false

  init(bytes: [UInt8], limits: MIMELimits) {
    self.bytes = bytes
    self.limits = limits
    self.headerBudget = max(0, limits.maxHeaderBytes)
    self.decodedBudget = max(0, limits.maxDecodedBytes)
  }

  // MARK: - Structure

  /// Parses the entity in `start..<end` and its parts; returns its index in `entities`, or nil
  /// when a limit stopped parsing before it.
  func parseEntity(start: Int, end: Int, depth: Int, defaultType: String, topLevel: Bool = false) -> Int? {
    guard !stopped else { return nil }
    guard entities.count < limits.maxParts else {
      warnings.add("part count limit (\(limits.maxParts)) reached; the remaining parts were not read")
      stopped = true
      return nil
    }
    let header = HeaderBlock.parse(
      bytes, start: start, end: end, topLevel: topLevel, budget: &headerBudget, warnings: warnings)
    if header.exceededLimit { stopped = true }
    let fields = header.fields
    if topLevel && fields.isEmpty {
      warnings.add("no header fields found")
    }

    var contentType = defaultType
    var parameters: [String: String] = [:]
    if let field = fields.first(where: { $0.name.caseInsensitiveEquals("Content-Type") }) {
      let parsed = ParameterizedValue.parse(field.rawValue, warnings: warnings)
      let pieces = parsed.value.split(separator: "/", omittingEmptySubsequences: false)
      if pieces.count == 2, !pieces[0].isEmpty, !pieces[1].isEmpty,
        !parsed.value.contains(where: { $0.isWhitespace })
      {
        contentType = parsed.value
        parameters = parsed.parameters
      } else {
        warnings.add("invalid Content-Type \"\(field.rawValue.prefix(60))\"; read as \(defaultType)")
        // Keep the charset even from a broken type: it is usually right.
        if let charset = parsed.parameters["charset"] { parameters["charset"] = charset }
      }
    }
    var disposition: String?
    var dispositionParameters: [String: String] = [:]
    if let field = fields.first(where: { $0.name.caseInsensitiveEquals("Content-Disposition") }) {
      let parsed = ParameterizedValue.parse(field.rawValue, warnings: warnings)
      disposition = parsed.value.isEmpty ? nil : parsed.value
      dispositionParameters = parsed.parameters
    }
    let transferEncoding =
      fields.first { $0.name.caseInsensitiveEquals("Content-Transfer-Encoding") }
      .map { ParameterizedValue.stripComments($0.rawValue).trimmingWhitespace().lowercased() } ?? ""
    let filename = [dispositionParameters["filename"], parameters["name"]]
      .compactMap { $0.flatMap(ParseState.safeFilename) }.first

    var bodyStart = min(header.bodyStart, end)
    if stopped { bodyStart = end }
    let index = entities.count
    entities.append(
      Entity(
        fields: fields, contentType: contentType, parameters: parameters, disposition: disposition,
        filename: filename, transferEncoding: transferEncoding, body: bodyStart..<end))

    if contentType.hasPrefix("multipart/") && !stopped {
      parseMultipart(index, depth: depth)
    } else if contentType == "message/rfc822" || contentType == "message/global" {
      entities[index].embeddedSubject = embeddedSubject(of: index)
    }
    return index
  }

  private func parseMultipart(_ index: Int, depth: Int) {
    let entity = entities[index]
    guard let boundary = entity.parameters["boundary"], !boundary.isEmpty else {
      warnings.add("\(entity.contentType) without a boundary; read as text")
      entities[index].contentType = "text/plain"
      return
    }
    guard depth < limits.maxDepth else {
      warnings.add("nesting depth limit (\(limits.maxDepth)) reached; deeper parts were not read")
      stopped = true
      return
    }
    let split = splitMultipart(entity.body, boundary: Array(boundary.utf8))
    if !split.foundBoundary {
      warnings.add("boundary of \(entity.contentType) not found")
      // Keep the text of a multipart that is not one, unless there is nothing to keep.
      if bytes[entity.body].contains(where: { !EncodedWords.isWhitespace($0) }) {
        entities[index].contentType = "text/plain"
      } else {
        entities[index].isContainer = true
      }
      return
    }
    if !split.closed {
      warnings.add("final boundary of \(entity.contentType) missing")
    }
    entities[index].isContainer = true
    let childDefault = entity.contentType == "multipart/digest" ? "message/rfc822" : "text/plain"
    var children: [Int] = []
    for range in split.parts {
      guard
        let child = parseEntity(
          start: range.lowerBound, end: range.upperBound, depth: depth + 1, defaultType: childDefault)
      else { break }
      children.append(child)
    }
    entities[index].children = children
  }

  private struct Split {
    var parts: [Range<Int>] = []
    var foundBoundary = false
    var closed = false
  }

  /// Splits a multipart body at its delimiter lines ("--boundary", "--boundary--", trailing
  /// whitespace allowed). The line break before a delimiter belongs to the delimiter.
  private func splitMultipart(_ body: Range<Int>, boundary: [UInt8]) -> Split {
    var split = Split()
    let delimiter: [UInt8] = [UInt8(ascii: "-"), UInt8(ascii: "-")] + boundary
    var partStart: Int?
    var i = body.lowerBound
    let end = body.upperBound
    while i < end {
      let line = Lines.next(bytes, from: i, end: end)
      if line.contentEnd - i >= delimiter.count, bytes[i] == UInt8(ascii: "-"),
        bytes[i..<(i + delimiter.count)].elementsEqual(delimiter)
      {
        var rest = i + delimiter.count
        var isClose = false
        if rest + 2 <= line.contentEnd, bytes[rest] == UInt8(ascii: "-"), bytes[rest + 1] == UInt8(ascii: "-") {
          isClose = true
          rest += 2
        }
        if bytes[rest..<line.contentEnd].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
          split.foundBoundary = true
          if let partStart {
            var partEnd = i
            if partEnd > partStart, bytes[partEnd - 1] == 0x0A { partEnd -= 1 }
            if partEnd > partStart, bytes[partEnd - 1] == 0x0D { partEnd -= 1 }
            split.parts.append(partStart..<partEnd)
          }
          if isClose {
            split.closed = true
            return split
          }
          partStart = line.next
          if split.parts.count > limits.maxParts { return split }
        }
      }
      i = line.next
    }
    if let partStart {
      split.parts.append(partStart..<end)
    }
    return split
  }

  private func embeddedSubject(of index: Int) -> String? {
    let entity = entities[index]
    var budget = min(headerBudget, 64 * 1024)
    let content: [UInt8]
    let range: Range<Int>
    if entity.transferEncoding == "base64" || entity.transferEncoding == "quoted-printable" {
      content = decode(entity, countAgainstLimit: false)
      range = 0..<content.count
    } else {
      content = bytes
      range = entity.body
    }
    let quiet = WarningLog()
    let header = HeaderBlock.parse(
      content, start: range.lowerBound, end: range.upperBound, topLevel: false, budget: &budget, warnings: quiet)
    return header.fields.first { $0.name.caseInsensitiveEquals("Subject") }?.value
  }

  // MARK: - Content

  func decode(_ entity: Entity, countAgainstLimit: Bool = true) -> [UInt8] {
    let raw = bytes[entity.body]
    var decoded: [UInt8]
    switch entity.transferEncoding {
    case "base64":
      let result = TransferEncoding.decodeBase64(raw)
      if result.problems > 0 { warnings.add("base64 content with invalid characters or padding; decoded leniently") }
      decoded = result.bytes
    case "quoted-printable":
      let result = TransferEncoding.decodeQuotedPrintable(raw)
      if result.problems > 0 { warnings.add("quoted-printable content with invalid escapes; kept literally") }
      decoded = result.bytes
    case "", "7bit", "8bit", "binary", "7-bit", "8-bit":
      decoded = Array(raw)
    default:
      warnings.add("unknown Content-Transfer-Encoding \"\(entity.transferEncoding.prefix(40))\"; content kept as is")
      decoded = Array(raw)
    }
    if countAgainstLimit {
      if decoded.count > decodedBudget {
        warnings.add("decoded size limit (\(limits.maxDecodedBytes) bytes) reached; content truncated")
        decoded = Array(decoded.prefix(decodedBudget))
        decodeLimitReached = true
      }
      decodedBudget -= decoded.count
    }
    return decoded
  }

  func decodeText(_ entity: Entity) -> String {
    let data = decode(entity)
    let text: String
    if let name = entity.parameters["charset"], !name.isEmpty, let charset = Charset(name: name), charset != .ascii {
      let decoded = charset.decode(data)
      if decoded.lossy {
        warnings.add("text is not valid \(name); invalid bytes replaced with U+FFFD")
      }
      text = decoded.text
    } else {
      // No charset, US-ASCII, or one we cannot read: mailers that get this wrong mostly send UTF-8
      // or windows-1252, so take UTF-8 when it is valid.
      if let name = entity.parameters["charset"], !name.isEmpty, Charset(name: name) == nil {
        warnings.add("unknown charset \"\(name.prefix(40))\"; text read as UTF-8 or windows-1252")
      }
      let (decoded, guessed) = Charset.decodeUnlabelled(data)
      if guessed {
        warnings.add("8-bit text without a usable charset; read as windows-1252")
      }
      text = decoded
    }
    return normalizeLineEnds(text)
  }

  private func normalizeLineEnds(_ text: String) -> String {
    guard text.utf8.contains(0x0D) else { return text }
    var out: [UInt8] = []
    let input = Array(text.utf8)
    out.reserveCapacity(input.count)
    var i = 0
    while i < input.count {
      if input[i] == 0x0D, i + 1 < input.count, input[i + 1] == 0x0A {
        i += 1
        continue
      }
      out.append(input[i])
      i += 1
    }
    return String(decoding: out, as: UTF8.self)
  }

  // MARK: - Message

  func makeMessage(root: Int?) -> ParsedMessage {
    guard let root else {
      return ParsedMessage(warnings: warnings.items)
    }
    let top = entities[root]
    var message = ParsedMessage()
    message.headerFields = top.fields
    message.contentType = top.contentType

    func addresses(_ name: String) -> [MailAddress] {
      top.fields.filter { $0.name.caseInsensitiveEquals(name) }
        .flatMap { AddressParser.parseList($0.rawValue, warnings: warnings) }
    }
    message.from = addresses("From").first
    message.to = addresses("To")
    message.cc = addresses("Cc")
    message.replyTo = addresses("Reply-To")
    message.subject = top.field("Subject")?.value
    message.messageID = top.field("Message-ID").flatMap { MessageIDs.parse($0.rawValue).first }
    message.inReplyTo = top.field("In-Reply-To").flatMap { MessageIDs.parse($0.rawValue).first }
    message.references = top.field("References").map { MessageIDs.parse($0.rawValue) } ?? []
    if let dateField = top.field("Date") {
      message.date = MailDate.parse(dateField.rawValue)
      if message.date == nil { warnings.add("unreadable Date \"\(dateField.rawValue.prefix(60))\"") }
    }

    let textPart = findBody(root, subtype: "plain")
    let htmlPart = findBody(root, subtype: "html")
    if let htmlPart { message.html = decodeText(entities[htmlPart]) }
    if let textPart {
      message.text = decodeText(entities[textPart])
    } else if let html = message.html {
      message.text = HTMLText.toText(html)
    }
    var attachments: [ParsedAttachment] = []
    collectAttachments(
      root, skipping: [textPart, htmlPart].compactMap { $0 }, inAlternative: false, into: &attachments)
    message.attachments = attachments
    message.warnings = warnings.items
    return message
  }

  /// The body part as Python's `email` finds it (`get_body`): depth first, never inside a part
  /// with Content-Disposition attachment or an attached message, and only the root of a
  /// multipart/related. A text part with a file name is an attachment, not the body.
  private func findBody(_ index: Int, subtype: String) -> Int? {
    let entity = entities[index]
    if entity.isAttachmentDisposition { return nil }
    if entity.mainType == "text" {
      return entity.subType == subtype && entity.filename == nil ? index : nil
    }
    guard entity.isContainer else { return nil }
    if entity.subType == "related" {
      let start = entity.parameters["start"].flatMap { MessageIDs.parse($0).first }
      let root =
        entity.children.first { child in
          start != nil && entities[child].field("Content-ID").flatMap { MessageIDs.parse($0.rawValue).first } == start
        } ?? entity.children.first
      return root.flatMap { findBody($0, subtype: subtype) }
    }
    for child in entity.children {
      if let found = findBody(child, subtype: subtype) { return found }
    }
    return nil
  }

  private func collectAttachments(
    _ index: Int, skipping bodies: [Int], inAlternative: Bool, into attachments: inout [ParsedAttachment]
  ) {
    let entity = entities[index]
    if entity.isContainer {
      for child in entity.children {
        collectAttachments(
          child, skipping: bodies, inAlternative: inAlternative || entity.subType == "alternative", into: &attachments)
      }
      return
    }
    if bodies.contains(index) { return }
    // Other renderings of the body (a second text/plain, text/enriched) are not files.
    if inAlternative && entity.mainType == "text" && !entity.isAttachmentDisposition && entity.filename == nil {
      return
    }
    // A multipart left unread because a limit was reached is not a file either.
    if entity.contentType.hasPrefix("multipart/") || decodeLimitReached { return }
    var filename = entity.filename
    if filename == nil && (entity.contentType == "message/rfc822" || entity.contentType == "message/global") {
      let subject = (entity.embeddedSubject ?? "").trimmingWhitespace()
      filename = safeFilename(subject.isEmpty ? "message" : subject) + ".eml"
    }
    let contentID = entity.field("Content-ID").flatMap { MessageIDs.parse($0.rawValue).first }
    let isInline = entity.disposition == "inline" || (entity.disposition == nil && contentID != nil)
    attachments.append(
      ParsedAttachment(
        filename: filename, contentType: entity.contentType, data: decode(entity), contentID: contentID,
        isInline: isInline))
  }

  /// A subject made safe to use as a file name.
  private func safeFilename(_ subject: String) -> String {
    let cleaned = subject.unicodeScalars.map { scalar -> Character in
      if "/\\:*?\"<>|".unicodeScalars.contains(scalar) || scalar.properties.generalCategory == .control {
        return "_"
      }
      return Character(scalar)
    }
    return String(String(cleaned).prefix(120))
  }

  /// A file name from a header, without directory parts or control characters, so that whoever
  /// stores the attachment cannot be led outside its directory ("../../etc/passwd").
  static func safeFilename(_ raw: String) -> String? {
    var scalars = String.UnicodeScalarView()
    for scalar in raw.unicodeScalars {
      if scalar == "/" || scalar == "\\" {
        scalars.append("_")
      } else if scalar.properties.generalCategory != .control {
        scalars.append(scalar)
      }
    }
    let name = String(scalars).trimmingWhitespace()
    return name.isEmpty || name == "." || name == ".." ? nil : name
  }
}
