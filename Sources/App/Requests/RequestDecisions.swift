import Fluent
import Foundation
import SupportPolicy

/// Stores policy decisions and keeps a request's current outcome in step with its facts.
enum RequestDecisions {
  static let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return encoder
  }()

  static func record(
    _ decision: Decision, facts: RequestFacts, requestID: Int, now: Date, on db: any Database
  ) async throws -> DecisionRecord {
    let rules = String(decoding: try encoder.encode(decision.rules), as: UTF8.self)
    let factsJSON = String(decoding: try encoder.encode(facts), as: UTF8.self)
    let record = DecisionRecord(
      requestID: requestID, outcome: decision.outcome, rules: rules, workCanStartAt: decision.workCanStartAt,
      policyVersion: decision.policyVersion, facts: factsJSON, decidedAt: now)
    try await record.create(on: db)
    return record
  }

  /// The decision in force: the newest record (an override is a record too).
  static func current(requestID: Int, on db: any Database) async throws -> DecisionRecord? {
    try await DecisionRecord.query(on: db).filter(\.$request.$id == requestID).sort(\.$decidedAt, .descending)
      .sort(\.$id, .descending).first()
  }

  static func rules(of record: DecisionRecord) -> [FiredRule] {
    (try? JSONDecoder().decode([FiredRule].self, from: Data(record.rules.utf8))) ?? []
  }

  /// Decides again from the request's facts now; stores and announces a new decision only when the outcome or
  /// the rules changed. A supervisor's override stays in force: facts changing later do not undo it.
  @discardableResult
  static func recompute(
    _ request: SupportRequest, policy: PolicyStore, now: Date, actor: TimelineActor, on db: any Database
  ) async throws -> (decision: Decision, changed: Bool) {
    let requestID = try request.requireID()
    let facts = try await FactsQueries.facts(for: request, now: now, on: db)
    let decision = policy.engine.decide(facts)
    let previous = try await current(requestID: requestID, on: db)
    if let previous, previous.overrideReason != nil {
      return (decision, false)
    }
    if let previous, previous.outcome == decision.outcome,
      Set(rules(of: previous).map(\.id)) == Set(decision.ruleIDs)
    {
      return (decision, false)
    }
    _ = try await record(decision, facts: facts, requestID: requestID, now: now, on: db)
    let before = request.outcome
    request.outcome = decision.outcome
    try await request.save(on: db)
    try await Timeline.append(
      .decisionChanged, to: requestID, at: now, by: actor,
      data: [
        "from": before.rawValue, "to": decision.outcome.rawValue,
        "rules": decision.ruleIDs.map(\.rawValue).joined(separator: ","),
      ], on: db)
    return (decision, true)
  }
}
