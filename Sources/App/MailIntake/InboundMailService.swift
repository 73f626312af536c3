import Fluent
import Foundation
import Mail
import SupportPolicy

/// Takes customer e-mail into Podpora: the raw message is stored first, processing follows, so a failure in
/// processing never loses a mail (it stays `received` and is processed again).
enum InboundMailService {
  /// A reply within this many days of resolution reopens the request; later mail starts a new one.
  static let reopenWindow: TimeInterval = 7 * 86_400
  /// At most one automatic acknowledgement per sender in this window (RFC 3834 loop protection).
  static let acknowledgementWindow: TimeInterval = 60 * 60
  static let maximumRawBytes = 25 * 1024 * 1024

  enum Outcome: Equatable, Sendable {
    case newRequest(number: String)
    case addedToRequest(number: String, reopened: Bool)
    case triage(reason: String)
    case ignored(reason: String)
  }

  enum IntakeError: Error, Equatable {
    /// Not a message we can use at all (empty, too large, no header section): the MTA should bounce it.
    case unusable(String)
  }

  struct Context: Sendable {
    var now: Date
    var policy: PolicyStore
    var mail: MailSettings
    var dialect: any DatabaseDialect
  }

  /// Stores the raw bytes as they came; the only step that must succeed before we accept the mail.
  static func store(_ raw: [UInt8], now: Date, on db: any Database) async throws -> InboundMail {
    guard !raw.isEmpty else { throw IntakeError.unusable("the message is empty") }
    guard raw.count <= maximumRawBytes else { throw IntakeError.unusable("the message is larger than 25 MB") }
    guard looksLikeMessage(raw) else { throw IntakeError.unusable("the input has no header section") }
    let mail = InboundMail()
    mail.raw = Data(raw)
    mail.receivedAt = now
    mail.status = "received"
    try await mail.create(on: db)
    return mail
  }

  /// A header section starts with `Name:`; anything else is not an RFC 5322 message.
  static func looksLikeMessage(_ raw: [UInt8]) -> Bool {
    guard let colon = raw.prefix(1000).firstIndex(of: UInt8(ascii: ":")), colon > 0 else { return false }
    return raw[..<colon].allSatisfy { $0 > 32 && $0 < 127 }
  }

  /// Stores and processes one message, as `podpora mail ingest` and the inbound-mail API do.
  static func ingest(_ raw: [UInt8], context: Context, on db: any Database) async throws -> Outcome {
    let stored = try await store(raw, now: context.now, on: db)
    return try await process(stored, context: context, on: db)
  }

  static func process(_ inbound: InboundMail, context: Context, on db: any Database) async throws -> Outcome {
    let parsed = MIMEParser().parse(Array(inbound.raw))
    inbound.sender = parsed.from?.address.lowercased()
    inbound.subject = parsed.subject
    let outcome = try await decide(parsed, inbound: inbound, context: context, on: db)
    switch outcome {
    case .newRequest, .addedToRequest: inbound.status = "processed"
    case .triage(let reason):
      inbound.status = "triage"
      inbound.note = reason
    case .ignored(let reason):
      inbound.status = "ignored"
      inbound.note = reason
    }
    try await inbound.save(on: db)
    return outcome
  }

  private static func decide(
    _ parsed: ParsedMessage, inbound: InboundMail, context: Context, on db: any Database
  ) async throws -> Outcome {
    guard let sender = parsed.from?.address.lowercased(), EmailAddress.isPlausible(sender) else {
      return .triage(reason: "no usable sender address")
    }
    let ourAddress = EmailAddress.normalised(Outbox.address(of: context.mail.mailFrom))
    if sender == ourAddress { return .ignored(reason: "sent by Podpora itself") }
    if let reason = parsed.automationReason, let request = try await threadedRequest(parsed, sender: sender, on: db) {
      // An auto-reply to our notification is noise on the request, not a customer message.
      return .ignored(reason: "automated reply (\(reason)) to \(request.number)")
    }
    if let reason = parsed.automationReason { return .triage(reason: "automated mail: \(reason)") }

    let contact = try await Contact.query(on: db).filter(\.$email == sender).first()
    let body = parsed.text.trimmingCharacters(in: .whitespacesAndNewlines)
    let subject = (parsed.subject ?? "").trimmingCharacters(in: .whitespacesAndNewlines)

    if let request = try await threadedRequest(parsed, sender: sender, on: db) {
      let resolvedLongAgo = request.resolvedAt.map { context.now.timeIntervalSince($0) > reopenWindow } ?? false
      if !(request.status == .closed || request.status == .resolved) || !resolvedLongAgo {
        let reopened = try await addCustomerMessage(
          to: request, body: body.isEmpty ? subject : body, parsed: parsed, contact: contact, inbound: inbound,
          context: context, on: db)
        return .addedToRequest(number: request.number, reopened: reopened)
      }
      // Too long after resolution: a new request that says which one it follows.
      guard let contact else { return .triage(reason: "reply to \(request.number) from an unknown sender") }
      return try await newRequest(
        from: contact, subject: subject, body: body + "\n\n(\(request.number))", followsUp: request, parsed: parsed,
        inbound: inbound, context: context, on: db)
    }
    guard let contact else { return .triage(reason: "unknown sender \(sender)") }
    return try await newRequest(
      from: contact, subject: subject, body: body, followsUp: nil, parsed: parsed, inbound: inbound, context: context,
      on: db)
  }

  /// The request a mail answers: `[#2026-000123]` in the subject, or In-Reply-To/References naming a Message-ID we
  /// sent. Either way only a request the sender may see in the portal (`RequestAccess`: their own, or any of their
  /// organisation's for an organisation admin), so nobody writes into, or reopens, a request the portal would
  /// answer them 404 for; anyone else's mail is new.
  static func threadedRequest(
    _ parsed: ParsedMessage, sender: String, on db: any Database
  ) async throws
    -> SupportRequest?
  {
    guard let contact = try await Contact.query(on: db).filter(\.$email == sender).first() else { return nil }
    let viewer = try ContactViewer(contact)
    let ids = ([parsed.inReplyTo].compactMap { $0 } + parsed.references).filter { !$0.isEmpty }
    if !ids.isEmpty,
      let sent = try await OutboxMessage.query(on: db).filter(\.$messageID ~~ ids).filter(\.$request.$id != nil)
        .first(),
      let requestID = sent.$request.id,
      let request = try await RequestAccess.visible(SupportRequest.query(on: db), to: viewer)
        .filter(\.$id == requestID).first()
    {
      return request
    }
    if let number = requestNumber(inSubject: parsed.subject ?? "") {
      return try await RequestAccess.request(number: number, visibleTo: viewer, on: db)
    }
    return nil
  }

  static func requestNumber(inSubject subject: String) -> String? {
    guard let range = subject.range(of: #"\[#\d{4}-\d{6}\]"#, options: .regularExpression) else { return nil }
    return String(subject[range].dropFirst(2).dropLast())
  }

  private static func addCustomerMessage(
    to request: SupportRequest, body: String, parsed: ParsedMessage, contact: Contact?, inbound: InboundMail,
    context: Context, on db: any Database
  ) async throws -> Bool {
    let requestID = try request.requireID()
    let actor = TimelineActor(kind: .contact, id: contact?.id, name: contact?.name ?? parsed.from?.address)
    return try await context.dialect.writeTransaction(on: db) { db in
      try await Message(
        requestID: requestID, authorKind: .contact, authorID: contact?.id,
        authorName: contact?.name ?? parsed.from?.address ?? "", visibility: .public, body: body,
        createdAt: context.now, mailMessageID: parsed.messageID
      ).create(on: db)
      try await Timeline.append(
        .customerReplied, to: requestID, at: context.now, by: actor, data: ["via": "email"], on: db)
      var reopened = false
      if request.status == .resolved || request.status == .closed {
        request.status = request.$assignee.id == nil ? .waiting : .inProgress
        request.resolvedAt = nil
        request.closedAt = nil
        reopened = true
        try await Timeline.append(.reopened, to: requestID, at: context.now, by: actor, data: ["via": "email"], on: db)
      } else if request.status == .waitingForCustomer {
        request.status = .inProgress
      }
      try await request.save(on: db)
      inbound.$request.id = requestID
      return reopened
    }
  }

  private static func newRequest(
    from contact: Contact, subject: String, body: String, followsUp earlier: SupportRequest?, parsed: ParsedMessage,
    inbound: InboundMail, context: Context, on db: any Database
  ) async throws -> Outcome {
    let program = try await likelyProgram(for: contact, on: db)
    let draft = RequestDraft(
      organisationID: contact.$organisation.id, contactID: contact.id, programCode: program, channel: .email,
      category: .usage, subject: subject.isEmpty ? "(brez zadeve)" : String(subject.prefix(RequestFiling.subjectLimit)),
      body: body.isEmpty ? "(prazno sporočilo)" : String(body.prefix(RequestFiling.bodyLimit)),
      paidConsent: false, keepIfRefused: true)
    let result = try await RequestFiling.file(
      draft, by: TimelineActor(kind: .contact, id: contact.id, name: contact.name), now: context.now,
      policy: context.policy, mail: context.mail, dialect: context.dialect, on: db)
    inbound.$request.id = result.requestID
    if let earlier {
      try await Timeline.append(
        .repeatLinked, to: result.requestID, at: context.now, by: .system, data: ["followsUp": earlier.number], on: db)
    }
    try await acknowledge(
      result, contact: contact, parsed: parsed, context: context, on: db)
    return .newRequest(number: result.number)
  }

  /// The program the contact most recently asked about, else their organisation's first contracted program.
  static func likelyProgram(for contact: Contact, on db: any Database) async throws -> String {
    let codes = try await FactsQueries.programCodes(on: db)
    if let last = try await SupportRequest.query(on: db).filter(\.$contact.$id == contact.id)
      .filter(\.$program.$id != nil).sort(\.$submittedAt, .descending).first(),
      let programID = last.$program.id, let code = codes[programID]
    {
      return code
    }
    let contracts = try await Contract.query(on: db).filter(\.$organisation.$id == contact.$organisation.id).all()
    let programIDs = try await ContractProgram.query(on: db).filter(\.$contract.$id ~~ contracts.compactMap(\.id))
      .sort(\.$program.$id).all().map(\.$program.id)
    return programIDs.first.flatMap { codes[$0] } ?? codes.values.sorted().first ?? "PL"
  }

  /// Tells the sender their mail became a request, that e-mail waits behind the portal and is billed, and where
  /// the portal is. Never to automated mail, and at most once an hour per sender.
  /// Acknowledgements mailed to `address` after `since` (the query-plan tests EXPLAIN this).
  static func recentAcknowledgements(
    to address: String, since: Date, on db: any Database
  ) -> QueryBuilder<OutboxMessage> {
    OutboxMessage.query(on: db).filter(\.$kind == "mail_ack").filter(\.$recipient == address)
      .filter(\.$createdAt > since)
  }

  private static func acknowledge(
    _ result: FilingResult, contact: Contact, parsed: ParsedMessage, context: Context, on db: any Database
  ) async throws {
    let since = context.now - acknowledgementWindow
    let recent = try await recentAcknowledgements(to: contact.email, since: since, on: db).count()
    guard recent == 0 else { return }
    let l = Language(code: contact.locale)
    let portal = SiteURL.portalRequest(.value(result.number)).absoluteURL(base: context.mail.publicURL)
    let refused = result.decision.outcome == .refused
    let reasons = result.decision.rules.map { "- " + $0.id.customerText(in: l) }
      .joined(separator: "\n")
    let text = l.pick(
      "Pozdravljeni,\n\nvaše sporočilo smo zabeležili kot zahtevo \(result.number).\n\n"
        + (refused
          ? "Pomoči žal ne moremo nuditi:\n\(reasons)\n\n"
          : "Zahteve, poslane po e-pošti, rešujemo za zahtevami z uporabniškega portala in so plačljive.\n\n")
        + "Najhitrejša pot do pomoči je portal, kjer zahtevo tudi spremljate: \(portal)\n",
      "Hello,\n\nwe have recorded your message as request \(result.number).\n\n"
        + (refused
          ? "We cannot provide help:\n\(reasons)\n\n"
          : "Requests sent by e-mail are handled after requests from the customer portal and are billed.\n\n")
        + "The fastest path to help is the portal, where you can also follow this request: \(portal)\n")
    try await Outbox.enqueue(
      OutgoingMail(
        kind: "mail_ack", recipient: contact.email,
        subject: "[#\(result.number)] " + (parsed.subject ?? l.pick("Vaša zahteva", "Your request")), text: text,
        requestID: result.requestID, inReplyTo: parsed.messageID,
        references: parsed.references + [parsed.messageID].compactMap { $0 },
        headers: ["Auto-Submitted": "auto-replied"]),
      on: db, now: context.now, senderDomain: context.mail.senderDomain)
  }
}
