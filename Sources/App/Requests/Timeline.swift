import Fluent
import Foundation

/// Who made a change on a request's timeline.
struct TimelineActor: Sendable {
  var kind: ActorKind
  var id: Int?
  var name: String?

  static let system = TimelineActor(kind: .system, id: nil, name: nil)

  static func contact(_ viewer: ContactViewer) -> TimelineActor {
    .init(kind: .contact, id: viewer.id, name: viewer.name)
  }
  static func staff(_ viewer: StaffViewer) -> TimelineActor { .init(kind: .staff, id: viewer.id, name: viewer.name) }
}

/// The kinds of timeline events; the portal and the workspace render each of them.
enum TimelineEvent: String, CaseIterable, Sendable {
  case submitted
  case waitingList = "waiting_list"
  case accepted
  case waitingForCustomer = "waiting_for_customer"
  /// An agent took a request that waited for the customer back into resolution without the customer's reply.
  case resumed
  case customerReplied = "customer_replied"
  case replied
  case internalNote = "internal_note"
  case resolved
  case closed
  case reopened
  case refused
  case readmitted
  case decisionChanged = "decision"
  case decisionOverridden = "decision_override"
  case timeLogged = "time_logged"
  case categoryChanged = "category_changed"
  case knowledgeLinked = "knowledge_linked"
  case repeatLinked = "repeat_linked"
  case reassigned

  /// Internal notes and bookkeeping stay in the workspace; everything else is the customer's to see.
  var visibleToCustomer: Bool {
    switch self {
    case .internalNote, .timeLogged, .reassigned: false
    default: true
    }
  }
}

/// Appends to a request's timeline. Events are never updated or deleted: the timeline is also the audit trail.
enum Timeline {
  static func append(
    _ event: TimelineEvent, to requestID: Int, at: Date, by actor: TimelineActor, data: [String: String] = [:],
    on db: any Database
  ) async throws {
    let json = try JSONSerialization.data(withJSONObject: data, options: [.sortedKeys])
    try await RequestEvent(
      requestID: requestID, event: event, at: at, actorKind: actor.kind, actorID: actor.id, actorName: actor.name,
      data: String(decoding: json, as: UTF8.self)
    ).create(on: db)
  }
}
