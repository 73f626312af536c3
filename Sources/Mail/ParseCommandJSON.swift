import Foundation

/// What `podpora mail parse` prints: every key always present, `null` for what is missing.
public struct ParsedMessageDTO: Encodable, Sendable {
  public struct Address: Encodable, Sendable {
    public var name: String?
    public var address: String

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(name, forKey: .name)
      try container.encode(address, forKey: .address)
    }

    enum CodingKeys: String, CodingKey { case name, address }
  }

  public struct Attachment: Encodable, Sendable {
    public var filename: String?
    public var contentType: String
    public var size: Int

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(filename, forKey: .filename)
      try container.encode(contentType, forKey: .contentType)
      try container.encode(size, forKey: .size)
    }

    enum CodingKeys: String, CodingKey { case filename, contentType, size }
  }

  public var from: Address?
  public var to: [Address]
  public var subject: String?
  public var messageId: String?
  public var inReplyTo: String?
  public var references: [String]
  /// ISO 8601 in UTC, e.g. "2014-10-20T12:33:24Z".
  public var date: String?
  public var text: String
  public var html: String?
  public var attachments: [Attachment]
  public var warnings: [String]

  public init(_ message: ParsedMessage) {
    from = message.from.map { Address(name: $0.name, address: $0.address) }
    to = message.to.map { Address(name: $0.name, address: $0.address) }
    subject = message.subject
    messageId = message.messageID
    inReplyTo = message.inReplyTo
    references = message.references
    date = message.date.map(MailDate.iso8601)
    text = message.text
    html = message.html
    attachments = message.attachments.map {
      Attachment(filename: $0.filename, contentType: $0.contentType, size: $0.size)
    }
    warnings = message.warnings
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(from, forKey: .from)
    try container.encode(to, forKey: .to)
    try container.encode(subject, forKey: .subject)
    try container.encode(messageId, forKey: .messageId)
    try container.encode(inReplyTo, forKey: .inReplyTo)
    try container.encode(references, forKey: .references)
    try container.encode(date, forKey: .date)
    try container.encode(text, forKey: .text)
    try container.encode(html, forKey: .html)
    try container.encode(attachments, forKey: .attachments)
    try container.encode(warnings, forKey: .warnings)
  }

  enum CodingKeys: String, CodingKey {
    case from, to, subject, messageId, inReplyTo, references, date, text, html, attachments, warnings
  }
}

/// The JSON `podpora mail parse` prints (DESIGN.md): pretty-printed, keys sorted, explicit nulls.
public func parseCommandJSON(_ message: ParsedMessage) -> String {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
  // Encoding strings, numbers and arrays of them cannot fail.
  let data = try! encoder.encode(ParsedMessageDTO(message))
  return String(decoding: data, as: UTF8.self)
}
