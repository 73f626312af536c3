import Fluent
import Foundation

/// A message to send, before it is written to the outbox.
public struct OutgoingMail: Sendable {
  public var kind: String
  public var recipient: String
  public var subject: String
  public var text: String
  public var html: String?
  public var requestID: Int?
  /// Message-IDs (without angle brackets) this mail answers, for threading in the customer's mail program.
  public var inReplyTo: String?
  public var references: [String]
  public var headers: [String: String]

  public init(
    kind: String, recipient: String, subject: String, text: String, html: String? = nil, requestID: Int? = nil,
    inReplyTo: String? = nil, references: [String] = [], headers: [String: String] = [:]
  ) {
    self.kind = kind
    self.recipient = recipient
    self.subject = subject
    self.text = text
    self.html = html
    self.requestID = requestID
    self.inReplyTo = inReplyTo
    self.references = references
    self.headers = headers
  }
}

/// The transactional outbox: callers enqueue inside the same transaction as the change that caused the
/// mail, so a change is never stored without its notification nor a notification sent for a rolled-back change.
/// The delivery worker sends what is pending.
public enum Outbox {
  @discardableResult
  public static func enqueue(
    _ mail: OutgoingMail, on db: any Database, now: Date, senderDomain: String
  ) async throws -> OutboxMessage {
    let message = OutboxMessage()
    message.kind = mail.kind
    message.recipient = mail.recipient
    message.subject = mail.subject
    message.bodyText = mail.text
    message.bodyHTML = mail.html
    message.messageID = "\(UUID().uuidString.lowercased())@\(senderDomain)"
    message.inReplyTo = mail.inReplyTo
    message.references = mail.references.joined(separator: " ")
    let headers = try JSONSerialization.data(withJSONObject: mail.headers, options: [.sortedKeys])
    message.headers = String(decoding: headers, as: UTF8.self)
    message.$request.id = mail.requestID
    message.status = .pending
    message.attempts = 0
    message.nextAttemptAt = now
    message.createdAt = now
    try await message.create(on: db)
    return message
  }

  /// The domain part of MAIL_FROM, used to make Message-IDs ours (replies to them thread back to requests).
  public static func senderDomain(mailFrom: String) -> String {
    address(of: mailFrom).split(separator: "@").last.map(String.init) ?? "localhost"
  }

  /// The bare address of `Name <address>` or of a bare address.
  public static func address(of mailbox: String) -> String {
    if let open = mailbox.lastIndex(of: "<"), let close = mailbox.lastIndex(of: ">"), open < close {
      return String(mailbox[mailbox.index(after: open)..<close])
    }
    return mailbox.trimmingCharacters(in: .whitespaces)
  }

  /// The display name of `Name <address>`, if any.
  public static func displayName(of mailbox: String) -> String? {
    guard let open = mailbox.lastIndex(of: "<") else { return nil }
    let name = mailbox[..<open].trimmingCharacters(in: CharacterSet(charactersIn: " \""))
    return name.isEmpty ? nil : name
  }
}
