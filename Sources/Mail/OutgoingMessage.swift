import Foundation

/// A file sent with an outgoing message.
public struct OutgoingAttachment: Sendable, Hashable {
  public var filename: String
  public var contentType: String
  public var data: [UInt8]
  /// Set for an image the HTML body shows as `cid:…`; such an attachment is sent inline.
  public var contentID: String?

  public init(filename: String, contentType: String, data: [UInt8], contentID: String? = nil) {
    self.filename = filename
    self.contentType = contentType
    self.data = data
    self.contentID = contentID
  }
}

/// A header field added to an outgoing message (List-Unsubscribe, Auto-Submitted …).
public struct OutgoingHeader: Sendable, Hashable {
  public var name: String
  public var value: String

  public init(_ name: String, _ value: String) {
    self.name = name
    self.value = value
  }
}

/// An e-mail to send, rendered as RFC 5322 / MIME with CRLF line ends, 7-bit clean (encoded
/// words in headers, quoted-printable text, base64 attachments), so any SMTP server takes it.
public struct OutgoingMessage: Sendable, Hashable {
  public var from: MailAddress
  public var to: [MailAddress]
  public var cc: [MailAddress]
  public var replyTo: [MailAddress]
  public var subject: String
  public var text: String
  public var html: String?
  /// Without angle brackets (see `makeMessageID`).
  public var messageID: String
  /// Without angle brackets.
  public var inReplyTo: String?
  /// Without angle brackets, oldest first.
  public var references: [String]
  public var extraHeaders: [OutgoingHeader]
  public var attachments: [OutgoingAttachment]

  public init(
    from: MailAddress, to: [MailAddress], cc: [MailAddress] = [], replyTo: [MailAddress] = [], subject: String,
    text: String, html: String? = nil, messageID: String, inReplyTo: String? = nil, references: [String] = [],
    extraHeaders: [OutgoingHeader] = [], attachments: [OutgoingAttachment] = []
  ) {
    self.from = from
    self.to = to
    self.cc = cc
    self.replyTo = replyTo
    self.subject = subject
    self.text = text
    self.html = html
    self.messageID = messageID
    self.inReplyTo = inReplyTo
    self.references = references
    self.extraHeaders = extraHeaders
    self.attachments = attachments
  }

  /// A Message-ID (without angle brackets) from something unique to the sender, such as an
  /// outbox row id or a UUID; characters not allowed in a Message-ID become "-".
  public static func makeMessageID(domain: String, unique: String) -> String {
    func clean(_ text: String, allowDot: Bool) -> String {
      let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~")
      var out = String(text.map { allowed.contains($0) || (allowDot && $0 == ".") ? $0 : "-" })
      if allowDot {
        // A dot-atom has no leading, trailing or doubled dots.
        while out.contains("..") { out = out.replacingOccurrences(of: "..", with: ".") }
        out = out.trimmingCharacters(in: CharacterSet(charactersIn: "."))
      }
      return out.isEmpty ? "-" : out
    }
    return clean(unique, allowDot: true) + "@" + clean(domain, allowDot: true)
  }

  /// The message as bytes for SMTP DATA. `date` is the Date header (a parameter, so that tests
  /// and the outbox decide what "now" is).
  public func render(date: Date) -> [UInt8] {
    var out = HeaderWriter()
    out.field("Date", MailDate.format(date))
    out.addresses("From", [from])
    if !to.isEmpty { out.addresses("To", to) }
    if !cc.isEmpty { out.addresses("Cc", cc) }
    if !replyTo.isEmpty { out.addresses("Reply-To", replyTo) }
    out.unstructured("Subject", subject)
    out.field("Message-ID", "<\(messageID)>")
    if let inReplyTo { out.field("In-Reply-To", "<\(inReplyTo)>") }
    if !references.isEmpty { out.words("References", references.map { "<\($0)>" }) }
    out.field("MIME-Version", "1.0")
    for header in extraHeaders where HeaderWriter.isValidName(header.name) {
      out.unstructured(header.name, header.value)
    }

    let seed = SHA1ish.hash(Array(messageID.utf8))
    var body = textEntity(text, subtype: "plain")
    if let html {
      let boundary = "=_podpora_alt_\(seed)"
      body = Entity(
        headers: [("Content-Type", ["multipart/alternative;", "boundary=\"\(boundary)\""])],
        body: Entity.multipartBody([textEntity(text, subtype: "plain"), textEntity(html, subtype: "html")], boundary))
    }
    if !attachments.isEmpty {
      let boundary = "=_podpora_mixed_\(seed)"
      body = Entity(
        headers: [("Content-Type", ["multipart/mixed;", "boundary=\"\(boundary)\""])],
        body: Entity.multipartBody([body] + attachments.map(attachmentEntity), boundary))
    }
    for (name, words) in body.headers { out.words(name, words) }
    var bytes = out.bytes
    bytes += [0x0D, 0x0A]
    bytes += body.body
    return bytes
  }

  private struct Entity {
    /// Each field as the words it may be folded between.
    var headers: [(String, [String])]
    var body: [UInt8]

    func rendered() -> [UInt8] {
      var writer = HeaderWriter()
      for (name, words) in headers { writer.words(name, words) }
      return writer.bytes + [0x0D, 0x0A] + body
    }

    static func multipartBody(_ parts: [Entity], _ boundary: String) -> [UInt8] {
      var out: [UInt8] = []
      for part in parts {
        out += Array("--\(boundary)\r\n".utf8)
        out += part.rendered()
        out += [0x0D, 0x0A]
      }
      out += Array("--\(boundary)--\r\n".utf8)
      return out
    }
  }

  private func textEntity(_ text: String, subtype: String) -> Entity {
    let crlf = Array(OutgoingMessage.normalizeLineEnds(text).utf8)
    // No CRLF is added: the text's own line ends are its content, and in a multipart the CRLF
    // before the next delimiter belongs to the delimiter.
    let body = TransferEncoding.encodeQuotedPrintable(crlf)
    return Entity(
      headers: [
        ("Content-Type", ["text/\(subtype);", "charset=utf-8"]),
        ("Content-Transfer-Encoding", ["quoted-printable"]),
      ],
      body: body)
  }

  private func attachmentEntity(_ attachment: OutgoingAttachment) -> Entity {
    let type = attachment.contentType.contains("/") ? attachment.contentType : "application/octet-stream"
    let disposition = attachment.contentID == nil ? "attachment" : "inline"
    var headers: [(String, [String])] = [
      ("Content-Type", HeaderWriter.withParameter(type, "name", attachment.filename)),
      ("Content-Disposition", HeaderWriter.withParameter(disposition, "filename", attachment.filename)),
      ("Content-Transfer-Encoding", ["base64"]),
    ]
    if let contentID = attachment.contentID {
      headers.append(("Content-ID", ["<\(HeaderWriter.singleLine(contentID).filter { $0 != " " })>"]))
    }
    var body = TransferEncoding.encodeBase64(attachment.data, lineLength: 76)
    if !body.isEmpty { body += [0x0D, 0x0A] }
    return Entity(headers: headers, body: body)
  }

  /// CRLF everywhere, whatever line ends the text came with.
  static func normalizeLineEnds(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count + 16)
    var previousCR = false
    for scalar in text.unicodeScalars {
      if scalar == "\n" {
        if !previousCR { out += "\r\n" }
        previousCR = false
      } else if scalar == "\r" {
        out += "\r\n"
        previousCR = true
      } else {
        out.unicodeScalars.append(scalar)
        previousCR = false
      }
    }
    return out
  }
}

/// Writes header fields folded at 78 characters, encoding what is not ASCII.
struct HeaderWriter {
  var bytes: [UInt8] = []
  static let lineLimit = 78

  static func isValidName(_ name: String) -> Bool {
    !name.isEmpty && name.utf8.allSatisfy { $0 >= 33 && $0 <= 126 && $0 != UInt8(ascii: ":") }
  }

  /// Values never carry line breaks of their own: that would let a caller inject header fields.
  static func singleLine(_ value: String) -> String {
    String(value.map { $0 == "\r" || $0 == "\n" || $0 == "\r\n" ? " " : $0 })
  }

  /// Splits at single spaces (keeping runs of spaces, as empty words) so that folding, which
  /// only inserts CRLF before an existing space, gives back the same value when unfolded.
  private static func spaceSeparated(_ text: String) -> [String] {
    text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
  }

  /// A field whose value is written as is, folded at spaces.
  mutating func field(_ name: String, _ value: String) {
    words(name, HeaderWriter.spaceSeparated(HeaderWriter.singleLine(value)))
  }

  /// Writes `name: word word …`, folding before a word when the line would pass 78 characters.
  mutating func words(_ name: String, _ words: [String]) {
    var line = name + ":"
    var lines: [String] = []
    for word in words {
      if line.utf8.count + 1 + word.utf8.count > HeaderWriter.lineLimit && line.utf8.count > name.utf8.count + 1 {
        lines.append(line)
        line = ""
      }
      line += " " + word
    }
    lines.append(line)
    bytes += Array(lines.joined(separator: "\r\n").utf8)
    bytes += [0x0D, 0x0A]
  }

  /// Unstructured text (Subject, extra headers): encoded words when not plain ASCII.
  mutating func unstructured(_ name: String, _ value: String) {
    let text = HeaderWriter.singleLine(value)
    if HeaderWriter.needsEncoding(text) {
      words(name, EncodedWords.encode(text))
    } else {
      field(name, text)
    }
  }

  mutating func addresses(_ name: String, _ list: [MailAddress]) {
    let rendered = list.enumerated().map { index, address in
      HeaderWriter.mailbox(address) + (index < list.count - 1 ? "," : "")
    }
    words(name, rendered.flatMap(HeaderWriter.spaceSeparated))
  }

  static func mailbox(_ address: MailAddress) -> String {
    let addressText = singleLine(address.address).filter { $0 != " " }
    guard let name = address.name.map(singleLine), !name.trimmingWhitespace().isEmpty else {
      return "<\(addressText)>"
    }
    if needsEncoding(name) {
      return EncodedWords.encode(name).joined(separator: " ") + " <\(addressText)>"
    }
    let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~ ")
    if name.allSatisfy({ atext.contains($0) }) && name == name.trimmingWhitespace() && !name.contains("  ") {
      return "\(name) <\(addressText)>"
    }
    return "\(quoted(name)) <\(addressText)>"
  }

  private static func quoted(_ text: String) -> String {
    var out = "\""
    for character in text {
      if character == "\\" || character == "\"" { out.append("\\") }
      out.append(character)
    }
    return out + "\""
  }

  static func needsEncoding(_ text: String) -> Bool {
    text.unicodeScalars.contains { $0.value > 126 || ($0.value < 32 && $0 != "\t") } || text.contains("=?")
  }

  /// `value; name="…"` as foldable words; RFC 2231 `name*0*=utf-8''…` sections when the
  /// parameter is not ASCII or too long for one line.
  static func withParameter(_ value: String, _ name: String, _ parameter: String) -> [String] {
    let clean = singleLine(parameter)
    if !needsEncoding(clean) && clean.utf8.count <= 60 {
      // A quoted string may be folded at its spaces like any other text.
      return [value + ";"] + spaceSeparated("\(name)=\(quoted(clean))")
    }
    let unreserved = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&+^`|".utf8)
    let hex = Array("0123456789ABCDEF")
    var sections: [String] = []
    var current = ""
    for scalar in clean.unicodeScalars {
      var encoded = ""
      for byte in String(scalar).utf8 {
        if unreserved.contains(byte) {
          encoded.unicodeScalars.append(Unicode.Scalar(byte))
        } else {
          encoded += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 15)])
        }
      }
      if current.utf8.count + encoded.utf8.count > 48 {
        sections.append(current)
        current = ""
      }
      current += encoded
    }
    sections.append(current)
    if sections.count == 1 { return [value + ";", "\(name)*=utf-8''\(sections[0])"] }
    let words = sections.enumerated().map { index, section in
      "\(name)*\(index)*=" + (index == 0 ? "utf-8''" : "") + section + (index < sections.count - 1 ? ";" : "")
    }
    return [value + ";"] + words
  }
}

/// A short stable hex digest for boundaries (not for security: boundaries only need to differ
/// from the content, which is 7-bit encoded and cannot contain "=_").
enum SHA1ish {
  static func hash(_ bytes: [UInt8]) -> String {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      h ^= UInt64(byte)
      h = h &* 0x100_0000_01b3
    }
    return String(h, radix: 16)
  }
}
