import Fluent
import Foundation
import SupportPolicy

/// What only a supervisor (or an admin) may do: override a decision, return to the policy's decision, re-admit a
/// refused request once its cause is gone, and give a request to another agent.
enum SupervisorActions {
  /// Overrides the policy's decision with `outcome`; the reason is mandatory, is kept with the decision record and
  /// its history, and the customer reads it on the timeline. The rules the engine found are kept as they were, so
  /// the record shows what was overridden. Facts changing later do not undo an override.
  static func override(
    requestID: Int, outcome: Outcome, reason raw: String, in context: WorkContext, on db: any Database
  ) async throws {
    let reason = try RequestWork.text(raw, field: "reason", limit: RequestWork.reasonLimit)
    try await RequestLocks.change(
      requestID, allowed: Set(RequestStatus.allCases), action: "preglasitev", in: context, on: db
    ) { request, db in
      let facts = try await FactsQueries.facts(for: request, now: context.now, on: db)
      var decision = context.policy.engine.decide(facts)
      let engineOutcome = decision.outcome
      decision.outcome = outcome
      let record = try await RequestDecisions.record(
        decision, facts: facts, requestID: requestID, now: context.now, on: db)
      record.$overriddenBy.id = context.staff.id
      record.overrideReason = reason
      try await record.save(on: db)
      let before = request.outcome
      request.outcome = outcome
      try await request.save(on: db)
      try await Timeline.append(
        .decisionOverridden, to: requestID, at: context.now, by: context.actor,
        data: [
          "from": before.rawValue, "to": outcome.rawValue, "policyOutcome": engineOutcome.rawValue, "reason": reason,
          "rules": decision.ruleIDs.map(\.rawValue).joined(separator: ","),
        ], on: db)
    }
  }

  /// Ends an override: the policy's decision from the facts as they stand now is in force again.
  static func returnToPolicy(requestID: Int, in context: WorkContext, on db: any Database) async throws {
    try await RequestLocks.change(
      requestID, allowed: Set(RequestStatus.allCases), action: "vrnitev k pravilom", in: context, on: db
    ) { request, db in
      guard let current = try await RequestDecisions.current(requestID: requestID, on: db),
        current.overrideReason != nil
      else {
        throw WorkspaceError.conflict("Odločitev ni preglašena.", "The decision is not overridden.")
      }
      let facts = try await FactsQueries.facts(for: request, now: context.now, on: db)
      let decision = context.policy.engine.decide(facts)
      _ = try await RequestDecisions.record(decision, facts: facts, requestID: requestID, now: context.now, on: db)
      let before = request.outcome
      request.outcome = decision.outcome
      try await request.save(on: db)
      try await Timeline.append(
        .decisionChanged, to: requestID, at: context.now, by: context.actor,
        data: [
          "from": before.rawValue, "to": decision.outcome.rawValue, "overrideEnded": "true",
          "rules": decision.ruleIDs.map(\.rawValue).joined(separator: ","),
        ], on: db)
    }
  }

  /// Puts a refused request back on the waiting list (at its original place: it was filed then) once the cause of
  /// the refusal is gone: the decision, taken again from today's facts or overridden, no longer refuses.
  static func readmit(requestID: Int, in context: WorkContext, on db: any Database) async throws {
    try await RequestLocks.change(requestID, allowed: [.refused], action: "ponovni sprejem", in: context, on: db) {
      request, db in
      try await RequestDecisions.recompute(
        request, policy: context.policy, now: context.now, actor: context.actor, on: db)
      guard let decision = try await RequestDecisions.current(requestID: requestID, on: db) else {
        throw WorkspaceError.conflict("Zahteva nima odločitve.", "The request has no decision.")
      }
      if decision.outcome == .refused {
        let rules = RequestDecisions.rules(of: decision).filter { $0.id.outcome == .refused }.map(\.id.rawValue)
        throw WorkspaceError.conflict(
          "Razlog zavrnitve še velja (\(rules.joined(separator: ", "))). Ko ga ni več, ali s preglasitvijo "
            + "odločitve, lahko zahtevo znova sprejmete.",
          "The reason for the refusal still holds (\(rules.joined(separator: ", "))). Re-admit once it is gone, "
            + "or override the decision.")
      }
      let reason = request.refusalReason
      request.status = .waiting
      request.refusedAt = nil
      request.refusalReason = nil
      try await request.save(on: db)
      try await Timeline.append(
        .readmitted, to: requestID, at: context.now, by: context.actor,
        data: ["previousReason": reason ?? "", "outcome": decision.outcome.rawValue], on: db)
      try await StaffNotifications.readmitted(request, mail: context.mail, now: context.now, on: db)
    }
  }

  /// Gives a request to another agent: a waiting one is claimed for them (accepted into resolution, the customer
  /// told); one in resolution changes hands (an internal event, and the agent gets a mail).
  static func reassign(
    requestID: Int, to staffID: Int, in context: WorkContext, on db: any Database
  ) async throws {
    guard let staff = try await StaffUser.find(staffID, on: db), staff.active else {
      throw WorkspaceError.invalid("assignee", "Izberite aktivnega sodelavca.", "Choose an active member of staff.")
    }
    let status = try await SupportRequest.find(requestID, on: db)?.status
    if status == .waiting {
      _ = try await WorkClaims.claim(requestID: requestID, for: staff, in: context, on: db)
      return
    }
    try await RequestLocks.change(
      requestID, allowed: [.inProgress, .waitingForCustomer], action: "predodelitev", in: context, on: db
    ) { request, db in
      var previous: StaffUser?
      if let previousID = request.$assignee.id { previous = try await StaffUser.find(previousID, on: db) }
      guard previous?.id != staffID else {
        throw WorkspaceError.invalid(
          "assignee", "Zahteva je že dodeljena temu sodelavcu.", "The request is already assigned to them.")
      }
      request.$assignee.id = staffID
      try await request.save(on: db)
      try await Timeline.append(
        .reassigned, to: requestID, at: context.now, by: context.actor,
        data: ["from": previous?.name ?? "", "to": staff.name], on: db)
      try await StaffNotifications.assigned(
        request, to: staff, by: context.staff.name, mail: context.mail, now: context.now, on: db)
    }
  }
}

/// Agents' presence: on duty (counted by the waiting-list estimate), away, or at a customer's site.
enum PresenceService {
  static func set(_ presence: Presence, in context: WorkContext, on db: any Database) async throws {
    try await context.dialect.writeTransaction(on: db) { db in
      guard let staff = try await StaffUser.find(context.staff.id, on: db) else { return }
      guard staff.presence != presence else { return }
      let before = staff.presence
      staff.presence = presence
      try await staff.save(on: db)
      try await Audit.record(
        "presence.changed", by: .staff(email: staff.email), subject: staff.email,
        details: ["from": before.rawValue, "to": presence.rawValue], at: context.now, on: db)
    }
  }

  struct StaffLine: Sendable, Equatable {
    var id: Int
    var name: String
    var role: StaffRole
    var presence: Presence
    var inProgress: Int
    var waitingForCustomer: Int
    var timer: RunningTimer?
  }

  /// Every active member of staff with their presence, their open requests and their running timer.
  static func overview(now: Date, on db: any Database) async throws -> [StaffLine] {
    let staff = try await StaffUser.query(on: db).filter(\.$active == true).sort(\.$name).all()
    let timers = try await TimeTracking.runningTimers(now: now, on: db)
    let open = try await SupportRequest.query(on: db).filter(\.$assignee.$id != nil)
      .filter(\.$status ~~ [.inProgress, .waitingForCustomer]).all()
    return staff.compactMap { member in
      guard let id = member.id else { return nil }
      let mine = open.filter { $0.$assignee.id == id }
      return StaffLine(
        id: id, name: member.name, role: member.role, presence: member.presence,
        inProgress: mine.filter { $0.status == .inProgress }.count,
        waitingForCustomer: mine.filter { $0.status == .waitingForCustomer }.count,
        timer: timers.first { $0.staffID == id })
    }
  }
}
