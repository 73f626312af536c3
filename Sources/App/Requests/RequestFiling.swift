import Fluent
import Foundation
import SupportPolicy

/// What a customer (portal), an agent (phone intake) or the mail intake wants to file.
struct RequestDraft: Sendable {
  var organisationID: Int
  var contactID: Int?
  var programCode: String
  var channel: RequestChannel
  var category: RequestCategory
  var dataCorrection = false
  var remoteConnection = false
  var needsTraining = false
  var subject: String
  var body: String
  /// The customer ticked that they accept a paid outcome.
  var paidConsent = false
  /// The customer wants a refused request kept as a record anyway, so nothing they wrote is lost.
  var keepIfRefused = false
  /// Files already written by `AttachmentStore`; their rows are stored in the filing's transaction.
  var attachments: [StoredUpload] = []
}

enum FilingError: Error, Equatable {
  case invalid(field: String, message: String)
  /// The decision is paid and the customer has not accepted paying.
  case consentRequired
  /// The decision is a refusal and the customer did not ask to keep the request anyway.
  case refused
}

struct FilingResult: Sendable {
  var requestID: Int
  var number: String
  var decision: Decision
  var position: WaitingListPosition?
}

/// Files a request through the one path every channel takes: validate, decide by the policy, allocate a number,
/// store the request with its timeline and decision, and queue the confirmation, all in one transaction.
enum RequestFiling {
  static let subjectLimit = 200
  static let bodyLimit = 20_000

  /// Validates a draft and decides it as if filed now, without storing anything: the portal's live verdict and the
  /// phone intake's preview.
  static func preview(
    _ draft: RequestDraft, now: Date, policy: PolicyStore, on db: any Database
  ) async throws
    -> (facts: RequestFacts, decision: Decision)
  {
    let facts = try await draftFacts(draft, now: now, on: db)
    return (facts, policy.engine.decide(facts))
  }

  static func draftFacts(_ draft: RequestDraft, now: Date, on db: any Database) async throws -> RequestFacts {
    RequestFacts(
      channel: RequestFacts.Channel(draft.channel), submittedAt: now, program: draft.programCode,
      category: RequestFacts.Category(draft.category), dataCorrection: draft.dataCorrection,
      remoteConnection: draft.remoteConnection, needsTraining: draft.needsTraining, handlingMinutes: 0,
      organisation: try await FactsQueries.organisation(draft.organisationID, around: now, on: db),
      contact: try await FactsQueries.contact(draft.contactID, on: db))
  }

  static func validate(_ draft: RequestDraft) throws {
    let subject = draft.subject.trimmingCharacters(in: .whitespacesAndNewlines)
    let body = draft.body.trimmingCharacters(in: .whitespacesAndNewlines)
    if subject.isEmpty { throw FilingError.invalid(field: "subject", message: "empty") }
    if subject.count > subjectLimit { throw FilingError.invalid(field: "subject", message: "too long") }
    if body.isEmpty { throw FilingError.invalid(field: "body", message: "empty") }
    if body.count > bodyLimit { throw FilingError.invalid(field: "body", message: "too long") }
    if draft.programCode.isEmpty { throw FilingError.invalid(field: "program", message: "empty") }
  }

  /// `alongside` runs inside the filing's transaction once the request is stored (the API records its idempotency
  /// key there), so either both are written or neither is.
  static func file(
    _ draft: RequestDraft, by actor: TimelineActor, now: Date, policy: PolicyStore, mail: MailSettings,
    dialect: any DatabaseDialect, on db: any Database,
    alongside: (@Sendable (any Database, FilingResult) async throws -> Void)? = nil
  ) async throws -> FilingResult {
    try validate(draft)
    guard
      let program = try await Program.query(on: db).filter(\.$code == draft.programCode).first(),
      let programID = program.id
    else { throw FilingError.invalid(field: "program", message: "unknown") }
    let (facts, decision) = try await preview(draft, now: now, policy: policy, on: db)
    if decision.outcome == .refused && !draft.keepIfRefused { throw FilingError.refused }
    if decision.outcome == .paid && draft.channel == .portal && !draft.paidConsent { throw FilingError.consentRequired }

    let year = ISO8601.localDate(of: now, in: policy.configuration.timeZone).year
    let stored = try await dialect.writeTransaction(on: db) { db in
      let number = try await RequestNumberAllocator.next(year: year, on: db)
      let request = SupportRequest(
        number: number, organisationID: draft.organisationID, contactID: draft.contactID, programID: programID,
        channel: draft.channel, category: draft.category,
        subject: draft.subject.trimmingCharacters(in: .whitespacesAndNewlines),
        body: draft.body.trimmingCharacters(in: .whitespacesAndNewlines),
        status: decision.outcome == .refused ? .refused : .waiting, outcome: decision.outcome.rawValue,
        submittedAt: now, dataCorrection: draft.dataCorrection, remoteConnection: draft.remoteConnection,
        needsTraining: draft.needsTraining, paidConsent: draft.paidConsent)
      if decision.outcome == .refused {
        request.refusedAt = now
        request.refusalReason = decision.rules.first { $0.id.outcome == .refused }?.id.rawValue
      }
      try await request.create(on: db)
      let requestID = try request.requireID()
      try await Timeline.append(
        .submitted, to: requestID, at: now, by: actor, data: ["channel": draft.channel.rawValue], on: db)
      if decision.outcome == .refused {
        try await Timeline.append(
          .refused, to: requestID, at: now, by: .system,
          data: [
            "rules": decision.rules.filter { $0.id.outcome == .refused }.map(\.id.rawValue).joined(separator: ",")
          ],
          on: db)
      } else {
        try await Timeline.append(
          .waitingList, to: requestID, at: now, by: .system,
          data: ["workCanStartAt": ISO8601.format(decision.workCanStartAt)], on: db)
      }
      for upload in draft.attachments {
        try await Attachment(upload, requestID: requestID, messageID: nil, createdAt: now).create(on: db)
      }
      _ = try await RequestDecisions.record(decision, facts: facts, requestID: requestID, now: now, on: db)
      try await Notifications.requestFiled(
        request, decision: decision, policy: policy, mail: mail, now: now, on: db)
      try await alongside?(db, FilingResult(requestID: requestID, number: number, decision: decision, position: nil))
      return (requestID, number)
    }
    let position =
      decision.outcome == .refused
      ? nil : try await WaitingListQueries.position(of: stored.0, now: now, policy: policy, on: db)
    return FilingResult(requestID: stored.0, number: stored.1, decision: decision, position: position)
  }
}

/// Where links in mail point and whose name mail carries; from the app's configuration.
struct MailSettings: Sendable {
  var publicURL: URL
  var mailFrom: String
  var senderDomain: String { Outbox.senderDomain(mailFrom: mailFrom) }
}
