import Fluent
import Foundation
import SupportPolicy

/// A customer's request for help: the record the portal, the workspace and the waiting list revolve around.
///
/// Called `SupportRequest` in Swift only because `Request` is Vapor's HTTP request; the table and the
/// domain word are "request".
public final class SupportRequest: Model, @unchecked Sendable {
  public static let schema = "requests"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  /// Human-friendly and unique, e.g. `2026-000123`; allocated by `RequestNumberAllocator`.
  @Field(key: "number") public var number: String
  @Parent(key: "organisation_id") public var organisation: Organisation
  @OptionalParent(key: "contact_id") public var contact: Contact?
  @OptionalParent(key: "program_id") public var program: Program?
  @Field(key: "channel") public var channel: RequestChannel
  @Field(key: "category") public var category: RequestCategory
  @Field(key: "data_correction") public var dataCorrection: Bool
  @Field(key: "remote_connection") public var remoteConnection: Bool
  @Field(key: "needs_training") public var needsTraining: Bool
  @Field(key: "subject") public var subject: String
  @Field(key: "body") public var body: String
  @Field(key: "status") public var status: RequestStatus
  /// The outcome of the current decision, kept here so lists need no join.
  @Field(key: "outcome") public var outcome: Outcome
  @Field(key: "paid_consent") public var paidConsent: Bool
  @Field(key: "submitted_at") public var submittedAt: Date
  /// Set when a prior arrangement fixes the time work on the request starts.
  @OptionalField(key: "arranged_at") public var arrangedAt: Date?
  @OptionalField(key: "accepted_at") public var acceptedAt: Date?
  @OptionalField(key: "resolved_at") public var resolvedAt: Date?
  @OptionalField(key: "closed_at") public var closedAt: Date?
  @OptionalField(key: "refused_at") public var refusedAt: Date?
  @OptionalParent(key: "assignee_id") public var assignee: StaffUser?
  @OptionalField(key: "solution") public var solution: String?
  @Field(key: "clear_instructions") public var clearInstructions: Bool
  @OptionalField(key: "refusal_reason") public var refusalReason: String?
  @OptionalParent(key: "repeat_of_id") public var repeatOf: SupportRequest?
  @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

  @Children(for: \.$request) public var events: [RequestEvent]
  @Children(for: \.$request) public var messages: [Message]

  public init() {}

  public init(
    id: Int? = nil, number: String, organisationID: Int, contactID: Int?, programID: Int?,
    channel: RequestChannel, category: RequestCategory, subject: String, body: String,
    status: RequestStatus = .waiting, outcome: Outcome = .free, submittedAt: Date,
    dataCorrection: Bool = false, remoteConnection: Bool = false, needsTraining: Bool = false, paidConsent: Bool = false
  ) {
    self.id = id
    self.number = number
    self.$organisation.id = organisationID
    self.$contact.id = contactID
    self.$program.id = programID
    self.channel = channel
    self.category = category
    self.subject = subject
    self.body = body
    self.status = status
    self.outcome = outcome
    self.submittedAt = submittedAt
    self.dataCorrection = dataCorrection
    self.remoteConnection = remoteConnection
    self.needsTraining = needsTraining
    self.paidConsent = paidConsent
    self.clearInstructions = false
  }
}

public enum RequestChannel: String, Codable, CaseIterable, Sendable {
  case portal, email, phone
}

public enum RequestCategory: String, Codable, CaseIterable, Sendable {
  case usage, error, legislation
  case businessOrganisation = "business-organisation"
  case training
  case otherRemoteService = "other-remote-service"
}

/// `waiting` → `in_progress` ⇄ `waiting_for_customer` → `resolved` → `closed`; or `refused`.
public enum RequestStatus: String, Codable, CaseIterable, Sendable {
  case waiting
  case inProgress = "in_progress"
  case waitingForCustomer = "waiting_for_customer"
  case resolved, closed, refused

  public var isOpen: Bool { self == .waiting || self == .inProgress || self == .waitingForCustomer }
}

/// One line of a request's timeline and audit trail. Never updated or deleted.
public final class RequestEvent: Model, @unchecked Sendable {
  public static let schema = "request_events"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Parent(key: "request_id") public var request: SupportRequest
  /// A `TimelineEvent` raw value; read it as `event`. Kept as text so that an event of a kind this version does not
  /// know is still shown (as its raw kind) rather than failing the page.
  @Field(key: "kind") public var kind: String
  @Field(key: "at") public var at: Date
  @Field(key: "actor_kind") public var actorKind: ActorKind
  @OptionalField(key: "actor_id") public var actorID: Int?
  @OptionalField(key: "actor_name") public var actorName: String?
  /// Event-specific details as a JSON object (status from/to, minutes, decision outcome, …).
  @Field(key: "data") public var data: String
  @Field(key: "visible_to_customer") public var visibleToCustomer: Bool

  public init() {}

  public init(
    requestID: Int, kind: String, at: Date, actorKind: ActorKind, actorID: Int? = nil, actorName: String? = nil,
    data: String = "{}", visibleToCustomer: Bool = true
  ) {
    self.$request.id = requestID
    self.kind = kind
    self.at = at
    self.actorKind = actorKind
    self.actorID = actorID
    self.actorName = actorName
    self.data = data
    self.visibleToCustomer = visibleToCustomer
  }
}

extension RequestEvent {
  /// The event's kind; nil for a kind this version does not know.
  var event: TimelineEvent? { TimelineEvent(rawValue: kind) }

  /// An event of a kind this version knows, visible to the customer unless the kind is internal.
  convenience init(
    requestID: Int, event: TimelineEvent, at: Date, actorKind: ActorKind, actorID: Int? = nil, actorName: String? = nil,
    data: String = "{}"
  ) {
    self.init(
      requestID: requestID, kind: event.rawValue, at: at, actorKind: actorKind, actorID: actorID, actorName: actorName,
      data: data, visibleToCustomer: event.visibleToCustomer)
  }
}

public enum ActorKind: String, Codable, Sendable {
  case contact, staff, system
}

/// Part of a request's conversation: a public reply or an internal note.
public final class Message: Model, @unchecked Sendable {
  public static let schema = "messages"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Parent(key: "request_id") public var request: SupportRequest
  @Field(key: "author_kind") public var authorKind: ActorKind
  @OptionalField(key: "author_id") public var authorID: Int?
  @Field(key: "author_name") public var authorName: String
  @Field(key: "visibility") public var visibility: MessageVisibility
  @Field(key: "body") public var body: String
  /// Message-ID of the e-mail that carried or announced this message, for threading.
  @OptionalField(key: "mail_message_id") public var mailMessageID: String?
  @Field(key: "created_at") public var createdAt: Date

  public init() {}

  public init(
    requestID: Int, authorKind: ActorKind, authorID: Int?, authorName: String, visibility: MessageVisibility,
    body: String, createdAt: Date, mailMessageID: String? = nil
  ) {
    self.$request.id = requestID
    self.authorKind = authorKind
    self.authorID = authorID
    self.authorName = authorName
    self.visibility = visibility
    self.body = body
    self.createdAt = createdAt
    self.mailMessageID = mailMessageID
  }
}

public enum MessageVisibility: String, Codable, Sendable {
  case `public`, `internal`
}

/// A file attached to a request; stored under DATA_DIR with a random name, never under its own name.
public final class Attachment: Model, @unchecked Sendable {
  public static let schema = "attachments"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Parent(key: "request_id") public var request: SupportRequest
  @OptionalParent(key: "message_id") public var message: Message?
  @Field(key: "filename") public var filename: String
  @Field(key: "content_type") public var contentType: String
  @Field(key: "size") public var size: Int
  @Field(key: "storage_name") public var storageName: String
  @Field(key: "sha256") public var sha256: String
  @Field(key: "created_at") public var createdAt: Date

  public init() {}
}

/// Minutes an agent spent on a request. A running timer has no `ended_at`.
public final class TimeEntry: Model, @unchecked Sendable {
  public static let schema = "time_entries"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Parent(key: "request_id") public var request: SupportRequest
  @Parent(key: "staff_id") public var staff: StaffUser
  @Field(key: "started_at") public var startedAt: Date
  @OptionalField(key: "ended_at") public var endedAt: Date?
  @Field(key: "minutes") public var minutes: Int
  @Field(key: "manual") public var manual: Bool
  @Field(key: "note") public var note: String

  public init() {}

  public init(requestID: Int, staffID: Int, startedAt: Date, endedAt: Date?, minutes: Int, manual: Bool, note: String) {
    self.$request.id = requestID
    self.$staff.id = staffID
    self.startedAt = startedAt
    self.endedAt = endedAt
    self.minutes = minutes
    self.manual = manual
    self.note = note
  }
}

/// A policy decision on a request, with every rule that fired and the policy version that decided it.
/// Decisions are appended, never rewritten; the newest one is current.
public final class DecisionRecord: Model, @unchecked Sendable {
  public static let schema = "decisions"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Parent(key: "request_id") public var request: SupportRequest
  @Field(key: "outcome") public var outcome: Outcome
  /// The rules as JSON, exactly as the policy engine encoded them.
  @Field(key: "rules") public var rules: String
  @Field(key: "work_can_start_at") public var workCanStartAt: Date
  @Field(key: "policy_version") public var policyVersion: String
  /// The facts the engine decided from, as JSON, so a decision can be explained and replayed later.
  @Field(key: "facts") public var facts: String
  @Field(key: "decided_at") public var decidedAt: Date
  @OptionalParent(key: "overridden_by_id") public var overriddenBy: StaffUser?
  @OptionalField(key: "override_reason") public var overrideReason: String?

  public init() {}

  public init(
    requestID: Int, outcome: Outcome, rules: String, workCanStartAt: Date, policyVersion: String, facts: String,
    decidedAt: Date
  ) {
    self.$request.id = requestID
    self.outcome = outcome
    self.rules = rules
    self.workCanStartAt = workCanStartAt
    self.policyVersion = policyVersion
    self.facts = facts
    self.decidedAt = decidedAt
  }
}

/// Hands out request numbers per year; one row per year holds the last number given.
public final class RequestNumberCounter: Model, @unchecked Sendable {
  public static let schema = "request_number_counters"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Field(key: "year") public var year: Int
  @Field(key: "last_value") public var lastValue: Int

  public init() {}
}
