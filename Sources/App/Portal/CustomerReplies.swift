import Fluent
import Foundation

/// A customer's reply on a request in the portal.
///
/// - On a waiting or in-progress request the reply is added to the conversation.
/// - On a request waiting for the customer it answers the agent: the request goes back to `in_progress` with the
///   same agent (or onto the waiting list when nobody is assigned).
/// - Within 7 days of resolution it reopens the request: `in_progress` with the agent who resolved it, who knows
///   the case, rather than the back of the waiting list (or onto the waiting list when nobody is assigned).
/// - Later, and on closed requests, the conversation is over: the customer files a new request that refers to it.
/// - On a refused request the reply is kept (e.g. "we have paid"), and the refusal stands until back office acts.
enum CustomerReplies {
  static let reopenWindow: TimeInterval = 7 * 86_400
  static let limit = 20_000

  enum ReplyError: Error, Equatable {
    case empty, tooLong
    /// Closed, or resolved more than 7 days ago.
    case conversationOver
  }

  enum Effect: Equatable {
    case added
    /// Answered the agent's question; the request is worked on again.
    case resumed(RequestStatus)
    case reopened(RequestStatus)
  }

  static func canReply(to request: SupportRequest, now: Date) -> Bool {
    switch request.status {
    case .waiting, .inProgress, .waitingForCustomer, .refused: true
    case .resolved: request.resolvedAt.map { now.timeIntervalSince($0) <= reopenWindow } ?? true
    case .closed: false
    }
  }

  static func validate(_ text: String) throws -> String {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    if trimmed.isEmpty { throw ReplyError.empty }
    if trimmed.count > limit { throw ReplyError.tooLong }
    return trimmed
  }

  /// Stores the reply, its files and the timeline events in one transaction, and moves the status as above.
  /// `alongside` runs in that transaction with the new message (the API stores its idempotency key there).
  @discardableResult
  static func reply(
    to request: SupportRequest, by viewer: ContactViewer, text: String, files: [StoredUpload], now: Date,
    dialect: any DatabaseDialect, on db: any Database,
    alongside: (@Sendable (any Database, Message) async throws -> Void)? = nil
  ) async throws -> Effect {
    let body = try validate(text)
    guard canReply(to: request, now: now) else { throw ReplyError.conversationOver }
    let requestID = try request.requireID()
    let before = request.status
    let workedOn: RequestStatus = request.$assignee.id == nil ? .waiting : .inProgress
    let effect: Effect =
      switch before {
      case .waitingForCustomer: .resumed(workedOn)
      case .resolved: .reopened(workedOn)
      default: .added
      }
    let actor = TimelineActor.contact(viewer)
    try await dialect.writeTransaction(on: db) { db in
      let message = Message(
        requestID: requestID, authorKind: .contact, authorID: viewer.id, authorName: viewer.name,
        visibility: .public, body: body, createdAt: now)
      try await message.create(on: db)
      let messageID = try message.requireID()
      for file in files {
        try await Attachment(file, requestID: requestID, messageID: messageID, createdAt: now).create(on: db)
      }
      guard let stored = try await SupportRequest.find(requestID, on: db) else { throw ReplyError.conversationOver }
      var data = ["message": String(messageID)]
      switch effect {
      case .added:
        break
      case .resumed(let status), .reopened(let status):
        data["from"] = before.rawValue
        data["to"] = status.rawValue
        stored.status = status
        if case .reopened = effect { stored.resolvedAt = nil }
        try await stored.save(on: db)
      }
      try await Timeline.append(.customerReplied, to: requestID, at: now, by: actor, data: data, on: db)
      if case .reopened(let status) = effect {
        try await Timeline.append(
          .reopened, to: requestID, at: now, by: actor, data: ["from": before.rawValue, "to": status.rawValue], on: db)
      }
      try await alongside?(db, message)
    }
    return effect
  }
}
