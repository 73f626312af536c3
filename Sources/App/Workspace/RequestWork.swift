import Fluent
import Foundation
import SupportPolicy

/// The agent's actions on one request. Each runs in one write transaction: it locks the request, checks its state,
/// changes it, appends the timeline event, decides again when the facts changed, and queues the customer's mail.
enum RequestWork {
  static let messageLimit = 20_000
  static let reasonLimit = 2_000

  struct Classification: Sendable, Equatable {
    var category: RequestCategory
    var dataCorrection: Bool
    var remoteConnection: Bool
    var needsTraining: Bool
  }

  /// Whether the change moved the decision, for the agent's notice.
  struct Changed: Sendable, Equatable {
    var decisionChanged: Bool
    var outcome: Outcome
  }

  static let notFinal: Set<RequestStatus> = [.waiting, .inProgress, .waitingForCustomer, .resolved]
  static let open: Set<RequestStatus> = [.waiting, .inProgress, .waitingForCustomer]

  static func text(_ raw: String, field: String, limit: Int = messageLimit) throws -> String {
    let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
    if text.isEmpty { throw WorkspaceError.invalid(field, "To polje je obvezno.", "This field is required.") }
    if text.count > limit {
      throw WorkspaceError.invalid(
        field, "Besedilo je predolgo (največ \(limit) znakov).", "The text is too long (at most \(limit) characters).")
    }
    return text
  }

  // MARK: - Category and flags

  static func classify(
    requestID: Int, as classification: Classification, in context: WorkContext, on db: any Database
  ) async throws -> Changed? {
    try await RequestLocks.change(requestID, allowed: notFinal, action: "sprememba kategorije", in: context, on: db) {
      request, db in
      let before = Classification(
        category: request.category, dataCorrection: request.dataCorrection,
        remoteConnection: request.remoteConnection, needsTraining: request.needsTraining)
      guard before != classification else { return nil }
      request.category = classification.category
      request.dataCorrection = classification.dataCorrection
      request.remoteConnection = classification.remoteConnection
      request.needsTraining = classification.needsTraining
      try await request.save(on: db)
      try await Timeline.append(
        .categoryChanged, to: requestID, at: context.now, by: context.actor,
        data: [
          "from": before.category.rawValue, "to": classification.category.rawValue,
          "dataCorrection": String(classification.dataCorrection),
          "remoteConnection": String(classification.remoteConnection),
          "needsTraining": String(classification.needsTraining),
        ], on: db)
      return try await decideAgain(request, in: context, on: db)
    }
  }

  // MARK: - Conversation

  /// A public reply: the customer sees it on the timeline and gets it by mail.
  /// `alongside` runs in the reply's transaction with the stored message (the API keeps its idempotency key there).
  static func reply(
    requestID: Int, body raw: String, in context: WorkContext, on db: any Database,
    alongside: (@Sendable (any Database, Message) async throws -> Void)? = nil
  ) async throws {
    let body = try text(raw, field: "body")
    try await RequestLocks.change(requestID, allowed: notFinal, action: "odgovor", in: context, on: db) { request, db in
      let stored = try await message(request, body: body, visibility: .public, in: context, on: db)
      try await alongside?(db, stored)
      try await Timeline.append(.replied, to: requestID, at: context.now, by: context.actor, on: db)
      try await StaffNotifications.replied(request, message: body, mail: context.mail, now: context.now, on: db)
    }
  }

  /// An internal note: staff only, no mail.
  static func note(
    requestID: Int, body raw: String, in context: WorkContext, on db: any Database,
    alongside: (@Sendable (any Database, Message) async throws -> Void)? = nil
  ) async throws {
    let body = try text(raw, field: "body")
    try await RequestLocks.change(
      requestID, allowed: Set(RequestStatus.allCases), action: "opomba", in: context, on: db
    ) { request, db in
      let stored = try await message(request, body: body, visibility: .internal, in: context, on: db)
      try await alongside?(db, stored)
      try await Timeline.append(.internalNote, to: requestID, at: context.now, by: context.actor, on: db)
    }
  }

  /// Asks the customer something and pauses the clocks until they answer (or the agent resumes).
  static func waitForCustomer(
    requestID: Int, question raw: String, in context: WorkContext, on db: any Database
  )
    async throws
  {
    let question = try text(raw, field: "body")
    try await RequestLocks.change(
      requestID, allowed: [.inProgress], action: "čakanje na stranko", in: context, on: db
    ) { request, db in
      request.status = .waitingForCustomer
      try await request.save(on: db)
      try await message(request, body: question, visibility: .public, in: context, on: db)
      try await Timeline.append(.waitingForCustomer, to: requestID, at: context.now, by: context.actor, on: db)
      try await StaffNotifications.waitingForCustomer(
        request, message: question, mail: context.mail, now: context.now, on: db)
    }
  }

  /// Back into resolution without the customer's answer (they phoned, or it is no longer needed).
  static func resume(requestID: Int, in context: WorkContext, on db: any Database) async throws {
    try await RequestLocks.change(
      requestID, allowed: [.waitingForCustomer], action: "nadaljevanje", in: context, on: db
    ) { request, db in
      request.status = .inProgress
      try await request.save(on: db)
      try await Timeline.append(.resumed, to: requestID, at: context.now, by: context.actor, on: db)
    }
  }

  // MARK: - Outcome

  struct Resolution: Sendable, Equatable {
    var minutes: Int
    var outcome: Outcome
    var ruleIDs: [String]
  }

  /// Resolves with a solution: stops every timer on the request, decides from the final minutes, and tells the
  /// customer the solution, the time and the outcome with its reasons (all on the timeline too).
  static func resolve(
    requestID: Int, solution raw: String, clearInstructions: Bool, in context: WorkContext, on db: any Database
  ) async throws -> Resolution {
    let solution = try text(raw, field: "solution")
    return try await RequestLocks.change(
      requestID, allowed: TimeTracking.workable, action: "rešitev", in: context, on: db
    ) { request, db in
      _ = try await TimeTracking.stopTimers(on: request, in: context, on: db)
      request.status = .resolved
      request.resolvedAt = context.now
      request.solution = solution
      request.clearInstructions = clearInstructions
      try await request.save(on: db)
      try await RequestDecisions.recompute(
        request, policy: context.policy, now: context.now, actor: context.actor, on: db)
      guard let decision = try await RequestDecisions.current(requestID: requestID, on: db) else {
        throw WorkspaceError.conflict("Zahteva nima odločitve.", "The request has no decision.")
      }
      let minutes = try await FactsQueries.handlingMinutes(requestID: requestID, now: context.now, on: db)
      // Billed in this transaction, so a resolution is never recorded without its charge (or the reverse).
      try await Billing.billResolution(request, decision: decision, policy: context.policy, now: context.now, on: db)
      let rules = RequestDecisions.rules(of: decision).map(\.id.rawValue)
      try await Timeline.append(
        .resolved, to: requestID, at: context.now, by: context.actor,
        data: [
          "solution": solution, "minutes": String(minutes), "clearInstructions": String(clearInstructions),
          "outcome": decision.outcome.rawValue, "rules": rules.joined(separator: ","),
        ], on: db)
      try await StaffNotifications.resolved(
        request, solution: solution, minutes: minutes, decision: decision, mail: context.mail, now: context.now,
        on: db)
      return Resolution(minutes: minutes, outcome: decision.outcome, ruleIDs: rules)
    }
  }

  /// Refuses help with a reason the customer reads. The request is kept; a supervisor can re-admit it.
  static func refuse(requestID: Int, reason raw: String, in context: WorkContext, on db: any Database) async throws {
    let reason = try text(raw, field: "reason", limit: reasonLimit)
    try await RequestLocks.change(requestID, allowed: open, action: "zavrnitev", in: context, on: db) { request, db in
      _ = try await TimeTracking.stopTimers(on: request, in: context, on: db)
      request.status = .refused
      request.refusedAt = context.now
      request.refusalReason = reason
      try await request.save(on: db)
      try await Timeline.append(
        .refused, to: requestID, at: context.now, by: context.actor, data: ["reason": reason], on: db)
      try await StaffNotifications.refused(request, reason: reason, mail: context.mail, now: context.now, on: db)
    }
  }

  /// Takes a resolved or closed request back into resolution, with the reopening agent as assignee if it had none.
  static func reopen(requestID: Int, reason raw: String, in context: WorkContext, on db: any Database) async throws {
    let reason = try text(raw, field: "reason", limit: reasonLimit)
    try await RequestLocks.change(
      requestID, allowed: [.resolved, .closed], action: "ponovno odprtje", in: context, on: db
    ) { request, db in
      request.status = .inProgress
      request.resolvedAt = nil
      request.closedAt = nil
      if request.$assignee.id == nil { request.$assignee.id = context.staff.id }
      if request.acceptedAt == nil { request.acceptedAt = context.now }
      try await request.save(on: db)
      try await Timeline.append(
        .reopened, to: requestID, at: context.now, by: context.actor, data: ["reason": reason], on: db)
    }
  }

  // MARK: - Evidence

  /// Links an earlier request of the same organisation as the one this repeats (`paid.repeated-question`).
  static func linkRepeat(
    requestID: Int, earlierNumber raw: String, in context: WorkContext, on db: any Database
  ) async throws -> Changed? {
    let number = raw.trimmingCharacters(in: .whitespacesAndNewlines)
    return try await RequestLocks.change(
      requestID, allowed: notFinal, action: "povezava s ponovitvijo", in: context, on: db
    ) { request, db in
      guard number.count <= 32,
        let earlier = try await SupportRequest.query(on: db).filter(\.$number == number).first(),
        let earlierID = earlier.id
      else {
        throw WorkspaceError.invalid("earlier", "Zahteve \(number) ni.", "There is no request \(number).")
      }
      guard earlierID != requestID else {
        throw WorkspaceError.invalid(
          "earlier", "Zahteva ne more ponavljati same sebe.", "A request cannot repeat itself.")
      }
      guard earlier.$organisation.id == request.$organisation.id else {
        throw WorkspaceError.invalid(
          "earlier", "Zahteva \(number) je druge stranke.", "Request \(number) belongs to another customer.")
      }
      guard let resolvedAt = earlier.resolvedAt else {
        throw WorkspaceError.invalid(
          "earlier", "Zahteva \(number) še ni rešena.", "Request \(number) has not been resolved.")
      }
      request.$repeatOf.id = earlierID
      try await request.save(on: db)
      try await Timeline.append(
        .repeatLinked, to: requestID, at: context.now, by: context.actor,
        data: [
          "action": "linked", "request": earlier.number, "number": earlier.number,
          "resolvedAt": ISO8601.format(resolvedAt),
          "clearInstructions": String(earlier.clearInstructions),
          "counts": String(earlier.clearInstructions && resolvedAt < request.submittedAt),
        ], on: db)
      return try await decideAgain(request, in: context, on: db)
    }
  }

  static func unlinkRepeat(requestID: Int, in context: WorkContext, on db: any Database) async throws -> Changed? {
    try await RequestLocks.change(requestID, allowed: notFinal, action: "odstranitev povezave", in: context, on: db) {
      request, db in
      guard let earlierID = request.$repeatOf.id else { return nil }
      let earlier = try await SupportRequest.find(earlierID, on: db)
      request.$repeatOf.id = nil
      try await request.save(on: db)
      try await Timeline.append(
        .repeatLinked, to: requestID, at: context.now, by: context.actor,
        data: [
          "action": "removed", "request": earlier?.number ?? String(earlierID),
          "number": earlier?.number ?? String(earlierID),
        ], on: db)
      return try await decideAgain(request, in: context, on: db)
    }
  }

  /// Links a published article, tip or newsletter issue customers can read that answers the request
  /// (`paid.answer-in-knowledge-base`). Items published after the request was filed may be linked for reference
  /// but do not count.
  static func linkKnowledge(
    requestID: Int, reference: KnowledgeReference, in context: WorkContext, on db: any Database
  ) async throws -> Changed? {
    let item: KnowledgeEvidence
    do {
      item = try await KnowledgeEvidenceQueries.evidence(for: reference, now: context.now, on: db)
    } catch let error as KnowledgeEvidenceError {
      throw WorkspaceError.knowledge(error)
    }
    return try await RequestLocks.change(
      requestID, allowed: notFinal, action: "povezava s člankom", in: context, on: db
    ) { request, db in
      let existing = try await KnowledgeLink.query(on: db).filter(\.$request.$id == requestID)
        .filter(\.$kind == reference.kind).filter(\.$itemID == reference.itemID).count()
      guard existing == 0 else {
        throw WorkspaceError.conflict("Ta vir je že povezan.", "This item is already linked.")
      }
      let link = KnowledgeLink()
      link.$request.id = requestID
      link.kind = reference.kind
      link.itemID = reference.itemID
      link.title = item.title
      link.publishedAt = item.publishedAt
      link.$linkedBy.id = context.staff.id
      link.linkedAt = context.now
      try await link.create(on: db)
      try await Timeline.append(
        .knowledgeLinked, to: requestID, at: context.now, by: context.actor,
        data: [
          "action": "linked", "id": reference.id, "title": item.title, "url": item.url,
          "publishedAt": ISO8601.format(item.publishedAt),
          "counts": String(KnowledgeEvidenceQueries.counts(item, forRequestSubmittedAt: request.submittedAt)),
        ], on: db)
      return try await decideAgain(request, in: context, on: db)
    }
  }

  static func unlinkKnowledge(
    requestID: Int, reference: KnowledgeReference, in context: WorkContext, on db: any Database
  ) async throws -> Changed? {
    try await RequestLocks.change(requestID, allowed: notFinal, action: "odstranitev povezave", in: context, on: db) {
      request, db in
      guard
        let link = try await KnowledgeLink.query(on: db).filter(\.$request.$id == requestID)
          .filter(\.$kind == reference.kind).filter(\.$itemID == reference.itemID).first()
      else { return nil }
      try await link.delete(on: db)
      try await Timeline.append(
        .knowledgeLinked, to: requestID, at: context.now, by: context.actor,
        data: ["action": "removed", "id": link.evidenceID, "title": link.title], on: db)
      return try await decideAgain(request, in: context, on: db)
    }
  }

  // MARK: - Helpers

  @discardableResult
  static func message(
    _ request: SupportRequest, body: String, visibility: MessageVisibility, in context: WorkContext,
    on db: any Database
  ) async throws -> Message {
    let message = Message(
      requestID: try request.requireID(), authorKind: .staff, authorID: context.staff.id,
      authorName: context.staff.name, visibility: visibility, body: body, createdAt: context.now)
    try await message.create(on: db)
    return message
  }

  static func decideAgain(
    _ request: SupportRequest, in context: WorkContext, on db: any Database
  ) async throws
    -> Changed
  {
    let (_, changed) = try await RequestDecisions.recompute(
      request, policy: context.policy, now: context.now, actor: context.actor, on: db)
    return Changed(decisionChanged: changed, outcome: request.outcome)
  }
}
