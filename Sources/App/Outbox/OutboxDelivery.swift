import Fluent
import Foundation
import Mail
import SQLKit
import Vapor

/// Where outgoing mail goes: an SMTP server, or (the embedded default) .eml files a newcomer can open.
protocol MailTransport: Sendable {
  func deliver(envelope: SMTPEnvelope, data: [UInt8], name: String) async throws(SMTPError)
}

struct SMTPTransport: MailTransport {
  let client: SMTPClient

  func deliver(envelope: SMTPEnvelope, data: [UInt8], name: String) async throws(SMTPError) {
    try await client.send(envelope, data: data)
  }
}

struct FolderTransport: MailTransport {
  let directory: String

  func deliver(envelope: SMTPEnvelope, data: [UInt8], name: String) async throws(SMTPError) {
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      let path = (directory as NSString).appendingPathComponent(name + ".eml")
      try Data(data).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      throw .transient(code: nil, message: "cannot write to \(directory): \(error.localizedDescription)")
    }
  }
}

/// Sends what the outbox holds. Rows are claimed before sending, with `FOR UPDATE SKIP LOCKED` on PostgreSQL,
/// so two instances never send the same message while both are alive.
///
/// The guarantee is at-least-once, not exactly-once: no protocol can make "the SMTP server accepted it" and "we
/// recorded that" one atomic step. An instance that dies after the server's 250 and before the `sent` mark leaves
/// that one message claimed; when the claim expires another worker sends it again, byte for byte the same (same
/// Message-ID and Date), so receivers and mail programs that dedupe by Message-ID show it once. The window is kept
/// small: one message is claimed at a time (a crash strands one message, not a batch), and the `sent` mark is a
/// single-row update made the moment the server answers, retried briefly if the database hiccups.
enum OutboxDelivery {
  /// Longer than any one send can take (connect plus a few commands at their timeouts), so a live worker's claim
  /// never expires under it.
  static let claimDuration: TimeInterval = 5 * 60
  static let maximumAttempts = 8

  struct Report: Equatable, Sendable {
    var sent = 0
    var retried = 0
    var failed = 0
  }

  static func transport(for configuration: AppConfiguration) throws -> any MailTransport {
    guard let url = configuration.smtpURL else {
      return FolderTransport(directory: (configuration.dataDirectory as NSString).appendingPathComponent("outbox"))
    }
    do {
      return SMTPTransport(client: SMTPClient(configuration: try SMTPConfiguration(url: url)))
    } catch {
      throw ConfigurationError(variable: "SMTP_URL", problem: "is not usable: \(error)")
    }
  }

  /// Claims up to `limit` due messages for this worker.
  static func claim(limit: Int, now: Date, dialect: any DatabaseDialect, on db: any Database) async throws -> [Int] {
    try await dialect.writeTransaction(on: db) { db in
      let rows = try await db.sql.raw(
        """
        UPDATE outbox_messages SET status = 'sending', claimed_until = \(bind: now + claimDuration)
        WHERE id IN (
          SELECT id FROM outbox_messages
          WHERE (status = 'pending' AND next_attempt_at <= \(bind: now))
             OR (status = 'sending' AND claimed_until < \(bind: now))
          ORDER BY id LIMIT \(bind: limit) \(unsafeRaw: dialect.claimLockClause)
        )
        RETURNING id
        """
      ).all()
      return try rows.map { try $0.decode(column: "id", as: Int.self) }.sorted()
    }
  }

  /// Sends every due message until none is due. `batchSize` is how many are claimed at once: 1 (the default)
  /// keeps what a crash can leave half-done to one message per worker.
  @discardableResult
  static func deliverDue(
    now: @Sendable () -> Date, transport: any MailTransport, mailFrom: String, dialect: any DatabaseDialect,
    on db: any Database, batchSize: Int = 1
  ) async throws -> Report {
    var report = Report()
    while true {
      let ids = try await claim(limit: batchSize, now: now(), dialect: dialect, on: db)
      if ids.isEmpty { return report }
      for id in ids {
        guard let message = try await OutboxMessage.find(id, on: db) else { continue }
        let data = try await render(message, mailFrom: mailFrom, now: now(), on: db)
        let envelope = SMTPEnvelope(mailFrom: Outbox.address(of: mailFrom), rcptTo: [message.recipient])
        do {
          try await transport.deliver(envelope: envelope, data: data, name: "\(id)")
        } catch {
          message.attempts += 1
          message.lastError = String(describing: error).prefix(1000).description
          if error.isTransient && message.attempts < maximumAttempts {
            message.status = .pending
            // Exponential backoff: 30 s, 1 min, 2 min, … at most an hour.
            let delay = min(3600, 30 * pow(2, Double(message.attempts - 1)))
            message.nextAttemptAt = now() + delay
            report.retried += 1
          } else {
            message.status = .failed
            report.failed += 1
          }
          message.claimedUntil = nil
          try await message.save(on: db)
          continue
        }
        try await markSent(id, at: now(), on: db)
        report.sent += 1
      }
    }
  }

  /// Records an accepted message as sent: one small statement, straight after the server's answer, retried a few
  /// times so that a brief database hiccup does not leave it to be sent again when its claim expires.
  static func markSent(_ id: Int, at now: Date, on db: any Database) async throws {
    var attempt = 0
    while true {
      do {
        try await db.sql.raw(
          """
          UPDATE outbox_messages SET status = 'sent', sent_at = \(bind: now), last_error = NULL, claimed_until = NULL
          WHERE id = \(bind: id)
          """
        ).run()
        return
      } catch {
        attempt += 1
        if attempt >= 5 { throw error }
        try await Task.sleep(for: .milliseconds(100 * attempt))
      }
    }
  }

  /// The RFC 5322 message for an outbox row, with threading headers and the request's `[#number]` tag.
  static func render(_ message: OutboxMessage, mailFrom: String, now: Date, on db: any Database) async throws -> [UInt8]
  {
    var subject = message.subject
    if let requestID = message.$request.id, let request = try await SupportRequest.find(requestID, on: db),
      !subject.contains("[#\(request.number)]")
    {
      subject = "[#\(request.number)] " + subject
    }
    let headers = (try? JSONSerialization.jsonObject(with: Data(message.headers.utf8)) as? [String: String]) ?? [:]
    let references = message.references.split(separator: " ").map(String.init)
    let outgoing = OutgoingMessage(
      from: MailAddress(name: Outbox.displayName(of: mailFrom) ?? "Podpora", address: Outbox.address(of: mailFrom)),
      to: [MailAddress(address: message.recipient)], subject: subject, text: message.bodyText, html: message.bodyHTML,
      messageID: message.messageID, inReplyTo: message.inReplyTo, references: references,
      extraHeaders: headers.sorted { $0.key < $1.key }.map { OutgoingHeader($0.key, $0.value) })
    return outgoing.render(date: message.createdAt)
  }
}

/// Runs outbox delivery inside `podpora serve`, every few seconds, until the app shuts down.
struct OutboxWorker: LifecycleHandler {
  let interval: Duration

  func didBootAsync(_ application: Application) async throws {
    let transport = try OutboxDelivery.transport(for: application.configuration)
    let task = Task { [application] in
      while !Task.isCancelled {
        do {
          try await OutboxDelivery.deliverDue(
            now: { application.clock.now }, transport: transport, mailFrom: application.configuration.mailFrom,
            dialect: application.dialect, on: application.db)
        } catch {
          application.logger.warning("outbox delivery: \(String(reflecting: error))")
        }
        try? await Task.sleep(for: interval)
      }
    }
    application.storage[OutboxWorkerTaskKey.self] = task
  }

  func shutdownAsync(_ application: Application) async {
    application.storage[OutboxWorkerTaskKey.self]?.cancel()
  }
}

struct OutboxWorkerTaskKey: StorageKey {
  typealias Value = Task<Void, Never>
}
