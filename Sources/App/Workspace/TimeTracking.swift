import Fluent
import Foundation
import SupportPolicy

/// What logging time did to a request's decision, so the agent can be told.
struct TimeLogged: Sendable, Equatable {
  var requestID: Int
  var number: String
  var minutesLogged: Int
  var totalMinutes: Int
  var freeLimitMinutes: Int
  /// The total went over the free limit with this entry.
  var crossedFreeLimit: Bool
  /// The stored decision changed (a new record and a `decision` event).
  var decisionChanged: Bool
  var outcome: Outcome
  var ruleIDs: [String]
}

/// A timer that is running now, for the agent's own bar and the supervisor's overview.
struct RunningTimer: Sendable, Equatable {
  var staffID: Int
  var requestID: Int
  var number: String
  var subject: String
  var startedAt: Date
  var minutesSoFar: Int
}

/// Time on requests: a start/stop timer per agent and request (at most one running per agent: starting another
/// stops the first) and manual entries. Work may be taken and logged only in support hours or under an arrangement
/// of the organisation. Every entry re-decides the request, which turns it paid once the free limit is passed.
enum TimeTracking {
  static let manualMinutes = 1...600
  static let noteLimit = 500
  /// Statuses in which the request is being worked on.
  static let workable: Set<RequestStatus> = [.inProgress, .waitingForCustomer]

  /// Starts the agent's timer on a request, stopping (and logging) whatever timer they had running.
  @discardableResult
  static func start(requestID: Int, in context: WorkContext, on db: any Database) async throws -> TimeLogged? {
    try await context.dialect.writeTransaction(on: db) { db in
      // Starting here stops the agent's timer on another request, so two requests get locked. Two agents swapping
      // timers between the same two requests would lock them in opposite orders and deadlock on PostgreSQL; locking
      // both in id order first makes the second agent wait instead.
      let runningOn = try await TimeEntry.query(on: db).filter(\.$staff.$id == context.staff.id)
        .filter(\.$endedAt == nil).first()?.$request.id
      if let runningOn, runningOn < requestID {
        _ = try await RequestLocks.lock(runningOn, dialect: context.dialect, on: db)
      }
      let request = try await RequestLocks.lock(requestID, dialect: context.dialect, on: db)
      guard workable.contains(request.status) else {
        throw WorkspaceError.wrongStatus(request.status, action: "merjenje časa")
      }
      try await WorkTime.check(organisationID: request.$organisation.id, in: context, on: db)
      let stopped = try await stopRunning(staffID: context.staff.id, in: context, on: db)
      try await TimeEntry(
        requestID: requestID, staffID: context.staff.id, startedAt: context.now, endedAt: nil, minutes: 0,
        manual: false, note: ""
      ).create(on: db)
      try await Timeline.append(
        .timeLogged, to: requestID, at: context.now, by: context.actor, data: ["action": "timer_started"], on: db)
      return stopped
    }
  }

  /// Stops the agent's running timer, wherever it runs; nil when none runs.
  @discardableResult
  static func stop(in context: WorkContext, on db: any Database) async throws -> TimeLogged? {
    try await context.dialect.writeTransaction(on: db) { db in
      try await stopRunning(staffID: context.staff.id, in: context, on: db)
    }
  }

  /// A manual entry of `minutes` ending now.
  static func log(
    requestID: Int, minutes: Int, note: String, in context: WorkContext, on db: any Database
  ) async throws -> TimeLogged {
    guard manualMinutes.contains(minutes) else {
      throw WorkspaceError.invalid(
        "minutes", "Vpišite od 1 do \(manualMinutes.upperBound) minut.",
        "Enter between 1 and \(manualMinutes.upperBound) minutes.")
    }
    let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
    guard note.count <= noteLimit else {
      throw WorkspaceError.invalid(
        "note", "Opomba je predolga (največ \(noteLimit) znakov).", "The note is too long (at most \(noteLimit)).")
    }
    return try await RequestLocks.change(requestID, allowed: workable, action: "beleženje časa", in: context, on: db) {
      request, db in
      try await WorkTime.check(organisationID: request.$organisation.id, in: context, on: db)
      let before = try await FactsQueries.handlingMinutes(requestID: requestID, now: context.now, on: db)
      try await TimeEntry(
        requestID: requestID, staffID: context.staff.id, startedAt: context.now - Double(minutes) * 60,
        endedAt: context.now, minutes: minutes, manual: true, note: note
      ).create(on: db)
      return try await logged(request, minutes: minutes, before: before, note: note, in: context, on: db)
    }
  }

  /// The agent's running timer, if any.
  static func running(staffID: Int, now: Date, on db: any Database) async throws -> RunningTimer? {
    try await runningTimers(now: now, on: db).first { $0.staffID == staffID }
  }

  /// Every running timer, for the supervisor.
  static func runningTimers(now: Date, on db: any Database) async throws -> [RunningTimer] {
    try await TimeEntry.query(on: db).filter(\.$endedAt == nil).with(\.$request).sort(\.$startedAt).all().map {
      RunningTimer(
        staffID: $0.$staff.id, requestID: $0.$request.id, number: $0.request.number, subject: $0.request.subject,
        startedAt: $0.startedAt, minutesSoFar: max(0, Int(now.timeIntervalSince($0.startedAt) / 60)))
    }
  }

  /// Minutes for a timer: whole minutes, rounded to the nearest.
  static func minutes(from start: Date, to end: Date) -> Int {
    max(0, Int((end.timeIntervalSince(start) / 60).rounded()))
  }

  /// Stops one staff member's running timer in the caller's transaction.
  static func stopRunning(staffID: Int, in context: WorkContext, on db: any Database) async throws -> TimeLogged? {
    guard
      let entry = try await TimeEntry.query(on: db).filter(\.$staff.$id == staffID).filter(\.$endedAt == nil).first()
    else { return nil }
    let request = try await RequestLocks.lock(entry.$request.id, dialect: context.dialect, on: db)
    return try await stop(entry, of: request, in: context, on: db)
  }

  /// Stops every timer running on a locked request (it is being resolved or refused), in the caller's transaction.
  static func stopTimers(
    on request: SupportRequest, in context: WorkContext, on db: any Database
  ) async throws
    -> [TimeLogged]
  {
    var result: [TimeLogged] = []
    for entry in try await TimeEntry.query(on: db).filter(\.$request.$id == request.requireID())
      .filter(\.$endedAt == nil).all()
    {
      result.append(try await stop(entry, of: request, in: context, on: db))
    }
    return result
  }

  /// A timer left running past closing time ends at closing unless an arrangement of the organisation covers now:
  /// no work is logged outside hours.
  private static func stop(
    _ entry: TimeEntry, of request: SupportRequest, in context: WorkContext, on db: any Database
  )
    async throws -> TimeLogged
  {
    let before = try await FactsQueries.handlingMinutes(
      requestID: try request.requireID(), now: entry.startedAt, on: db)
    var end = context.now
    let arrangements = try await WorkTime.arrangements(
      organisationID: request.$organisation.id, around: context.now, on: db)
    if context.policy.engine.checkWorkTime(at: context.now, arrangements: arrangements) != nil {
      end = min(end, context.policy.calendar.closing(after: entry.startedAt) ?? entry.startedAt)
    }
    let ended = max(end, entry.startedAt)
    entry.endedAt = ended
    entry.minutes = minutes(from: entry.startedAt, to: ended)
    try await entry.save(on: db)
    return try await logged(request, minutes: entry.minutes, before: before, note: "", in: context, on: db)
  }

  /// Shared by the timer and manual entries: the bookkeeping event, then the decision taken again.
  private static func logged(
    _ request: SupportRequest, minutes: Int, before: Int, note: String, in context: WorkContext, on db: any Database
  ) async throws -> TimeLogged {
    let requestID = try request.requireID()
    let total = try await FactsQueries.handlingMinutes(requestID: requestID, now: context.now, on: db)
    var data = ["minutes": String(minutes), "totalMinutes": String(total)]
    if !note.isEmpty { data["note"] = note }
    try await Timeline.append(.timeLogged, to: requestID, at: context.now, by: context.actor, data: data, on: db)
    let (_, changed) = try await RequestDecisions.recompute(
      request, policy: context.policy, now: context.now, actor: context.actor, on: db)
    let current = try await RequestDecisions.current(requestID: requestID, on: db)
    let limit = context.policy.configuration.freeLimitMinutes
    return TimeLogged(
      requestID: requestID, number: request.number, minutesLogged: minutes, totalMinutes: total,
      freeLimitMinutes: limit, crossedFreeLimit: before <= limit && total > limit, decisionChanged: changed,
      outcome: current?.outcome ?? request.outcome,
      ruleIDs: current.map { RequestDecisions.rules(of: $0).map(\.id.rawValue) } ?? [])
  }
}
