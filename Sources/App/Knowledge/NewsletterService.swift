import Fluent
import Foundation
import SQLKit
import Vapor

/// The e-newsletter ("e-novice"): subscription with double opt-in, one-click unsubscribe (RFC 8058),
/// composing issues, and sending them to confirmed subscribers through the outbox in batches.
struct NewsletterService: Sendable {
  var publicURL: URL
  var mailFrom: String
  var dialect: any DatabaseDialect
  /// Subscribers per write transaction when sending: short transactions keep SQLite's one writer free for
  /// the rest of the app between batches.
  var batchSize: Int = 500

  init(publicURL: URL, mailFrom: String, dialect: any DatabaseDialect, batchSize: Int = 500) {
    self.publicURL = publicURL
    self.mailFrom = mailFrom
    self.dialect = dialect
    self.batchSize = batchSize
  }

  init(_ app: Application) {
    self.init(
      publicURL: app.configuration.publicURL, mailFrom: app.configuration.mailFrom, dialect: app.dialect)
  }

  var senderDomain: String { Outbox.senderDomain(mailFrom: mailFrom) }

  /// A pending subscriber gets another confirmation mail after this long at the earliest.
  static let confirmationInterval: TimeInterval = 10 * 60

  // MARK: Subscription

  enum SubscribeOutcome: Equatable {
    /// A confirmation mail is on its way (or the address is already subscribed: the answer is the same, so
    /// the form does not reveal who subscribes).
    case confirmationSent
    case invalidAddress
  }

  /// Starts a subscription: a subscriber row with a fresh token and the confirmation mail, in one transaction.
  @discardableResult
  func subscribe(
    email rawEmail: String, language: Language, now: Date, on db: any Database
  ) async throws
    -> SubscribeOutcome
  {
    let email = rawEmail.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    guard Self.isPlausibleAddress(email) else { return .invalidAddress }
    try await dialect.writeTransaction(on: db) { db in
      let subscriber: Subscriber
      if let existing = try await Subscriber.query(on: db).filter(\.$email == email).first() {
        if existing.confirmedAt != nil && existing.unsubscribedAt == nil { return }
        if existing.confirmedAt == nil, let sent = existing.confirmationSentAt, now < sent + Self.confirmationInterval {
          return
        }
        subscriber = existing
        subscriber.confirmedAt = nil
        subscriber.unsubscribedAt = nil
      } else {
        subscriber = Subscriber()
        subscriber.email = email
        subscriber.createdAt = now
      }
      subscriber.token = CSRFMiddleware.makeToken()
      subscriber.confirmationSentAt = now
      try await subscriber.save(on: db)
      let link = SiteURL.newsletterConfirm(.value(subscriber.token)).absoluteURL(base: publicURL)
      try await Outbox.enqueue(
        OutgoingMail(
          kind: "newsletter_confirmation", recipient: email,
          subject: language.pick("Potrdite naročilo na e-novice", "Confirm your e-newsletter subscription"),
          text: language.pick(
            "Pozdravljeni,\n\nza prejemanje e-novic s podpornimi nasveti potrdite naročilo s klikom na povezavo:\n"
              + "\(link)\n\nČe se niste naročili, to sporočilo prezrite: brez potrditve vam ne bomo pošiljali ničesar.\n",
            "Hello,\n\nto receive the e-newsletter with support tips, confirm your subscription:\n\(link)\n\n"
              + "If you did not subscribe, ignore this message: without confirmation we send you nothing.\n"),
          headers: ["Auto-Submitted": "auto-generated"]),
        on: db, now: now, senderDomain: senderDomain)
    }
    return .confirmationSent
  }

  /// Confirms the subscription the token belongs to; nil for an unknown token. Confirming twice is harmless.
  func confirm(token: String, now: Date, on db: any Database) async throws -> Subscriber? {
    guard Self.isPlausibleToken(token) else { return nil }
    return try await dialect.writeTransaction(on: db) { db in
      guard let subscriber = try await Subscriber.query(on: db).filter(\.$token == token).first() else { return nil }
      if subscriber.confirmedAt == nil || subscriber.unsubscribedAt != nil {
        subscriber.confirmedAt = now
        subscriber.unsubscribedAt = nil
        try await subscriber.save(on: db)
      }
      return subscriber
    }
  }

  /// Unsubscribes the token's subscriber; nil for an unknown token. Unsubscribing twice is harmless.
  func unsubscribe(token: String, now: Date, on db: any Database) async throws -> Subscriber? {
    guard Self.isPlausibleToken(token) else { return nil }
    return try await dialect.writeTransaction(on: db) { db in
      guard let subscriber = try await Subscriber.query(on: db).filter(\.$token == token).first() else { return nil }
      if subscriber.unsubscribedAt == nil {
        subscriber.unsubscribedAt = now
        try await subscriber.save(on: db)
      }
      return subscriber
    }
  }

  static func subscriber(token: String, on db: any Database) async throws -> Subscriber? {
    guard isPlausibleToken(token) else { return nil }
    return try await Subscriber.query(on: db).filter(\.$token == token).first()
  }

  /// Enough to catch typing mistakes; whether the address works, the confirmation mail finds out.
  static func isPlausibleAddress(_ email: String) -> Bool {
    let parts = email.split(separator: "@", omittingEmptySubsequences: false)
    guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
      !parts[1].hasPrefix("."), !parts[1].hasSuffix(".")
    else { return false }
    return !email.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," || $0 == ";" })
  }

  static func isPlausibleToken(_ token: String) -> Bool {
    (16...64).contains(token.count)
      && token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
  }

  // MARK: Issues

  /// Saves an issue as a draft or published; a new issue gets a URL name from its title.
  @discardableResult
  func saveIssue(
    id: Int?, title: String, bodyMarkdown: String, publish: Bool, now: Date, on db: any Database
  ) async throws -> Newsletter {
    let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !title.isEmpty, title.count <= 200, !bodyMarkdown.trimmingCharacters(in: .whitespaces).isEmpty else {
      throw Abort(.unprocessableEntity, reason: "Vpišite naslov in besedilo. / Enter a title and the text.")
    }
    return try await dialect.writeTransaction(on: db) { db in
      let issue: Newsletter
      if let id {
        guard let existing = try await Newsletter.find(id, on: db) else { throw Abort(.notFound) }
        issue = existing
      } else {
        issue = Newsletter()
        issue.createdAt = now
        issue.status = .draft
        issue.slug = try await Self.uniqueSlug(Slug.make(from: title), on: db)
      }
      issue.title = title
      issue.bodyMarkdown = bodyMarkdown
      if publish {
        issue.status = .published
        issue.publishedAt = issue.publishedAt ?? now
      }
      try await issue.save(on: db)
      return issue
    }
  }

  static func uniqueSlug(_ base: String, on db: any Database) async throws -> String {
    let base = base.isEmpty ? "e-novice" : base
    var candidate = base
    var suffix = 2
    while try await Newsletter.query(on: db).filter(\.$slug == candidate).count() > 0 {
      candidate = "\(base)-\(suffix)"
      suffix += 1
    }
    return candidate
  }

  // MARK: Sending

  struct SendReport: Equatable, Sendable {
    /// Messages queued by this call.
    var enqueued: Int
    /// Write transactions used.
    var batches: Int
  }

  /// Queues the issue for every confirmed subscriber who has not got it yet: one outbox message each, with
  /// `List-Unsubscribe` and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, `batchSize` per transaction.
  /// Publishes the issue to the archive and records when it was sent. Safe to run again after a failure: it
  /// continues with whoever has not got the issue.
  @discardableResult
  func send(newsletterID: Int, on db: any Database, now: Date) async throws -> SendReport {
    guard let issue = try await Newsletter.find(newsletterID, on: db) else {
      throw Abort(.notFound, reason: "Te številke e-novic ni. / There is no such newsletter issue.")
    }
    let html = NewsletterMail.html(issue: issue, publicURL: publicURL)
    var report = SendReport(enqueued: 0, batches: 0)
    var nextAfterID = 0
    while true {
      let afterID = nextAfterID
      let (count, lastID) = try await dialect.writeTransaction(on: db) { db -> (Int, Int) in
        let recipients = try await db.sql.raw(
          """
          SELECT s.id, s.email, s.token FROM subscribers s
          WHERE s.confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL AND s.id > \(bind: afterID)
            AND NOT EXISTS (SELECT 1 FROM newsletter_deliveries d
                            WHERE d.newsletter_id = \(bind: newsletterID) AND d.subscriber_id = s.id)
          ORDER BY s.id LIMIT \(bind: batchSize)
          """
        ).all()
        var lastID = afterID
        for row in recipients {
          let subscriberID = try row.decode(column: "id", as: Int.self)
          let email = try row.decode(column: "email", as: String.self)
          let token = try row.decode(column: "token", as: String.self)
          let unsubscribe = SiteURL.newsletterUnsubscribe(.value(token)).absoluteURL(base: publicURL)
          let message = try await Outbox.enqueue(
            OutgoingMail(
              kind: "newsletter", recipient: email, subject: issue.title,
              text: NewsletterMail.text(issue: issue, unsubscribeURL: unsubscribe),
              html: html.replacingOccurrences(
                of: NewsletterMail.unsubscribePlaceholder, with: HTMLText.escape(unsubscribe)),
              headers: [
                "List-Unsubscribe": "<\(unsubscribe)>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Precedence": "bulk",
              ]),
            on: db, now: now, senderDomain: senderDomain)
          let delivery = NewsletterDelivery()
          delivery.$newsletter.id = newsletterID
          delivery.$subscriber.id = subscriberID
          delivery.$outboxMessage.id = message.id
          delivery.createdAt = now
          try await delivery.create(on: db)
          lastID = subscriberID
        }
        return (recipients.count, lastID)
      }
      if count == 0 { break }
      report.enqueued += count
      report.batches += 1
      nextAfterID = lastID
      if count < batchSize { break }
    }
    try await dialect.writeTransaction(on: db) { db in
      guard let issue = try await Newsletter.find(newsletterID, on: db) else { return }
      issue.status = .published
      issue.publishedAt = issue.publishedAt ?? now
      issue.sentAt = now
      try await issue.save(on: db)
    }
    return report
  }
}

/// The e-mail form of an issue: the Markdown as text, the rendered HTML, an unsubscribe link in both.
enum NewsletterMail {
  static let unsubscribePlaceholder = "%%UNSUBSCRIBE%%"

  static func text(issue: Newsletter, unsubscribeURL: String) -> String {
    issue.title + "\n\n" + issue.bodyMarkdown + "\n\n-- \n"
      + "Odjava od e-novic / Unsubscribe: \(unsubscribeURL)\n"
  }

  /// The HTML body with `unsubscribePlaceholder` where each subscriber's own link goes.
  static func html(issue: Newsletter, publicURL: URL) -> String {
    let archive = SiteURL.newsletter(.value(issue.slug)).absoluteURL(base: publicURL)
    return """
      <!DOCTYPE html><html lang="sl"><head><meta charset="utf-8"><title>\(HTMLText.escape(issue.title))</title></head>
      <body style="font-family:sans-serif;max-width:40rem;margin:auto;line-height:1.5">
      <h1>\(HTMLText.escape(issue.title))</h1>
      \(MarkdownRenderer.html(issue.bodyMarkdown))
      <hr><p style="font-size:.9em;color:#57606a"><a href="\(HTMLText.escape(archive))">Preberite na spletu</a> ·
      <a href="\(unsubscribePlaceholder)">Odjava od e-novic / Unsubscribe</a></p>
      </body></html>
      """
  }
}
