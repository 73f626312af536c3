import Fluent
import Foundation
import SQLKit
import SupportPolicy

/// A request an agent has just accepted into resolution.
struct Claim: Sendable, Equatable {
  var requestID: Int
  var number: String
}

/// Take next: hands the head of the waiting list to an agent, never the same request to two agents.
///
/// The head is defined by the policy's pure ordering function, not by SQL, so a claim orders the waiting requests in
/// Swift and then tries to lock them in that order inside one transaction, skipping any another claimer holds:
/// - PostgreSQL: `SELECT … FOR UPDATE SKIP LOCKED` (`dialect.claimLockClause`) per candidate, re-checking
///   `status = 'waiting'`, so a row another claimer locked is skipped and one it already took no longer matches;
/// - SQLite: the clause is empty and `dialect.writeTransaction` runs one writer at a time, so the check-then-update
///   cannot interleave with another claim.
enum WorkClaims {
  enum Outcome: Sendable, Equatable {
    case claimed(Claim)
    /// Nothing is waiting (or everything waiting was just taken by others).
    case nothingWaiting
    /// Requests are waiting but none may start now: support is closed and no arrangement of their organisations
    /// covers the moment.
    case outsideHours(FiredRule)
    /// Only arranged requests wait, and the first arranged time (given) has not come yet.
    case arrangedLater(Date)
  }

  /// Claims the first request of the waiting list that may be worked on now for the agent in `context`. `alongside`
  /// runs in the claim's transaction (the API stores its idempotency key there, so a retried take-next does not take a
  /// second request).
  static func takeNext(
    in context: WorkContext, on db: any Database,
    alongside: (@Sendable (any Database, Claim) async throws -> Void)? = nil
  ) async throws -> Outcome {
    let policy = context.policy
    let now = context.now
    return try await context.dialect.writeTransaction(on: db) { db in
      let ordered = try await WaitingListQueries.ordered(now: now, policy: policy, on: db)
      guard !ordered.isEmpty else { return .nothingWaiting }
      let open = policy.calendar.isOpen(at: now)
      // Outside support hours only organisations with an arrangement covering now may be worked for.
      var covered: Set<Int> = []
      var organisations: [Int: Int] = [:]
      if !open {
        covered = Set(
          try await Arrangement.query(on: db).filter(\.$startsAt <= now).filter(\.$endsAt > now).all()
            .map { $0.$organisation.id })
        organisations = try await organisationsOfWaiting(on: db)
      }
      var refusal: FiredRule?
      for entry in ordered {
        let kind = WaitingList.classify(
          entry, now: now, calendar: policy.calendar,
          promotionAfterSeconds: policy.configuration.promotionAfterSupportSeconds)
        // Nobody may start an arranged request before its time; the list keeps those last.
        if kind == .arrangedLater { continue }
        if !open, !(organisations[entry.id].map { covered.contains($0) } ?? false),
          let rule = policy.engine.checkWorkTime(at: now, arrangements: [])
        {
          refusal = refusal ?? rule
          continue
        }
        guard let request = try await lockIfWaiting(entry.id, dialect: context.dialect, on: db) else { continue }
        try await accept(
          request, assigneeID: context.staff.id, assigneeName: context.staff.name, by: context.actor,
          in: context, on: db)
        let claim = Claim(requestID: try request.requireID(), number: request.number)
        try await alongside?(db, claim)
        return .claimed(claim)
      }
      if let refusal { return .outsideHours(refusal) }
      if let next = ordered.compactMap(\.arrangedAt).filter({ $0 > now }).min() { return .arrangedLater(next) }
      return .nothingWaiting
    }
  }

  /// Claims one particular waiting request for an agent (a supervisor assigning it, or the phone intake taking the
  /// call's request at once). Throws when it is no longer waiting or may not be worked on now.
  static func claim(
    requestID: Int, for assignee: StaffUser, in context: WorkContext, on db: any Database
  ) async throws -> Claim {
    try await context.dialect.writeTransaction(on: db) { db in
      guard let request = try await lockIfWaiting(requestID, dialect: context.dialect, on: db) else {
        let status = try await SupportRequest.find(requestID, on: db)?.status
        guard let status else { throw WorkspaceError.requestNotFound }
        throw WorkspaceError.wrongStatus(status, action: "sprejem v reševanje")
      }
      try await WorkTime.check(organisationID: request.$organisation.id, in: context, on: db)
      try await accept(
        request, assigneeID: try assignee.requireID(), assigneeName: assignee.name, by: context.actor, in: context,
        on: db)
      return Claim(requestID: requestID, number: request.number)
    }
  }

  /// Locks the request when it is still waiting; nil when another claimer holds it or has already taken it.
  static func lockIfWaiting(
    _ requestID: Int, dialect: any DatabaseDialect, on db: any Database
  ) async throws
    -> SupportRequest?
  {
    try await dialect.lockRow(SupportRequest.self, id: requestID, where: stillWaiting, skipLocked: true, on: db)
  }

  /// The claim's lock of one candidate (the query-plan tests EXPLAIN this).
  static func lockQuery(_ requestID: Int, dialect: any DatabaseDialect) -> SQLQueryString {
    dialect.rowLockQuery(table: SupportRequest.schema, id: requestID, where: stillWaiting, skipLocked: true)
  }

  static var stillWaiting: SQLQueryString { "status = \(bind: RequestStatus.waiting.rawValue)" }

  /// Puts a locked waiting request into resolution: status, acceptance time and assignee, the customer-visible
  /// `accepted` event and the customer's mail, in the caller's transaction.
  static func accept(
    _ request: SupportRequest, assigneeID: Int, assigneeName: String, by actor: TimelineActor, in context: WorkContext,
    on db: any Database
  ) async throws {
    request.status = .inProgress
    request.acceptedAt = context.now
    request.$assignee.id = assigneeID
    try await request.save(on: db)
    try await Timeline.append(
      .accepted, to: try request.requireID(), at: context.now, by: actor, data: ["assignee": assigneeName], on: db)
    try await StaffNotifications.accepted(
      request, agentName: assigneeName, mail: context.mail, now: context.now, on: db)
  }

  private static func organisationsOfWaiting(on db: any Database) async throws -> [Int: Int] {
    let rows = try await db.sql.select().columns("id", "organisation_id").from(SupportRequest.schema)
      .where("status", .equal, RequestStatus.waiting.rawValue).all()
    var result: [Int: Int] = [:]
    for row in rows {
      result[try row.decode(column: "id", as: Int.self)] = try row.decode(column: "organisation_id", as: Int.self)
    }
    return result
  }
}
