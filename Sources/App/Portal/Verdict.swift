import Foundation
import SupportPolicy
import Wording

/// A policy decision as a customer reads it: the outcome, every reason in plain words, the rates that would apply
/// when it is paid, what to do when it is refused, and when work can start. Built from a live preview and from a
/// stored decision alike, so the form and the request page say the same thing.
struct Verdict: Sendable, Equatable {
  struct Reason: Sendable, Equatable {
    var rule: String
    var text: String
  }

  struct Rates: Sendable, Equatable {
    /// What the work is billed as, in words.
    var service: String
    /// Net hourly rate, e.g. `80,00 EUR`.
    var hourlyRate: String
    var vat: String
    var unitMinutes: Int
    /// Net price of the smallest charge (one unit).
    var minimumNet: String
  }

  var outcome: Outcome
  var reasons: [Reason]
  var rates: Rates?
  /// What the customer can do about each refusal.
  var advice: [String]
  var workCanStartAt: Date
  /// `workCanStartAt` in words, on the policy's clock (`Wording.supportTime`).
  var workCanStart: String
  /// Work cannot start at once: support is closed now.
  var startsLater: Bool
  var freeLimitMinutes: Int
  var policyVersion: String

  init(decision: Decision, policy: PolicyConfiguration, now: Date, language l: Language) {
    let w = Wording(l, policy: policy)
    outcome = decision.outcome
    reasons = decision.rules.map { Reason(rule: $0.id.rawValue, text: $0.id.customerText(in: l)) }
    if decision.outcome == .paid, let service = policy.prices.service(for: decision.rules) {
      let prices = policy.prices
      let one = prices.charge(for: service, minutes: 0)
      rates = Rates(
        service: PortalWording.service(service, l),
        hourlyRate: w.money(prices.hourlyRate(for: service), currency: prices.currency),
        vat: w.percent(prices.vatPercent), unitMinutes: prices.billingUnitMinutes,
        minimumNet: w.money(one.net, currency: prices.currency))
    } else {
      rates = nil
    }
    let nextOpening = decision.workCanStartAt > now ? decision.workCanStartAt : nil
    advice = decision.rules.compactMap { $0.id.advice(in: l, nextOpening: nextOpening, timeZone: policy.timeZone) }
    workCanStartAt = decision.workCanStartAt
    workCanStart = w.supportTime(decision.workCanStartAt)
    startsLater = decision.workCanStartAt > now
    freeLimitMinutes = policy.freeLimitMinutes
    policyVersion = decision.policyVersion
  }

  /// A stored decision (rules as the engine encoded them).
  init(record: DecisionRecord, policy: PolicyConfiguration, now: Date, language l: Language) {
    let decision = Decision(
      outcome: record.outcome, rules: RequestDecisions.rules(of: record),
      workCanStartAt: record.workCanStartAt, policyVersion: record.policyVersion)
    self.init(decision: decision, policy: policy, now: now, language: l)
  }
}
