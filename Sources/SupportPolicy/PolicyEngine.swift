import Foundation

/// Decides whether a support request is free, paid or refused, and explains why (POLICY.md).
///
/// Interpretations, each pinned by a case in the decision-table test:
/// - Only evidence that existed before `submittedAt` counts: an article published at or after it, a repeat
///   resolved at or after it, or a repeat without clear instructions is ignored. Trainings are dated by day, so
///   a training counts when it was completed on or before the local (Europe/Ljubljana) day of submission: a
///   contact typically files a request on the afternoon after a morning onboarding.
/// - `refuse.person-not-onboarded`: the contact has no onboarding or seminar of their own for the program and is
///   not a new colleague. A new colleague without own training is billed with `paid.no-onboarding-or-settings`
///   instead.
/// - `paid.no-onboarding-or-settings`: the organisation was not onboarded for the program, or its settings for it
///   are not in order, or the contact is a new colleague without own onboarding.
/// - `refuse.outside-hours` at intake refuses only phone requests outside support hours that no arrangement
///   covers: portal and e-mail requests are accepted onto the waiting list and `workCanStartAt` says when.
///   Agents use `checkWorkTime(at:arrangements:)` when logging or taking work.
/// - `free.new-program-starter` fires when a training for the program was completed within the starter period
///   (0...starterPeriodDays days before the day of submission). It waives `paid.complex-over-15-min` only, and is
///   listed whenever it fires, also in a paid decision (its text then explains why length is not charged).
/// - `free.short-usage-question` fires for a usage question or error report handled within the free limit when
///   no paid or refusal rule fired. A decision in which no rule fired (possible only with rules switched off) is
///   free: the seed lists what is charged, and everything else is not.
/// - A rule switched off in the policy file never fires, and cannot block `free.short-usage-question` either.
public struct PolicyEngine: Sendable {
  public let policy: PolicyConfiguration
  public let calendar: SupportCalendar
  /// Rule switches by `RuleID.index`: looking rules up by id in the policy's dictionary hashes their strings.
  private let enabled: [Bool]

  public init(policy: PolicyConfiguration) {
    self.init(policy: policy, calendar: policy.makeCalendar())
  }

  /// For callers that already hold the policy's calendar (and its cached year tables).
  public init(policy: PolicyConfiguration, calendar: SupportCalendar) {
    self.policy = policy
    self.calendar = calendar
    var enabled = [Bool](repeating: true, count: RuleID.allCases.count)
    for rule in RuleID.allCases { enabled[rule.index] = policy.isEnabled(rule) }
    self.enabled = enabled
  }

  public func decide(_ facts: RequestFacts) -> Decision {
    var fired: [FiredRule] = []
    fired.reserveCapacity(4)
    let zone = policy.timeZone
    let submitted = facts.submittedAt
    let submittedDay = ISO8601.localDate(of: submitted, in: zone)
    let program = facts.program
    let enabled = self.enabled
    func on(_ rule: RuleID) -> Bool { enabled[rule.index] }

    let ownTrainings = facts.contact.trainings.filter { $0.program == program && $0.completedOn <= submittedDay }
    let hasOwnTraining = !ownTrainings.isEmpty
    let isOpen = calendar.isOpen(at: submitted)
    let coveringArrangement = isOpen ? nil : facts.organisation.arrangements.first { $0.covers(submitted) }
    let workCanStartAt = isOpen || coveringArrangement != nil ? submitted : calendar.nextOpening(after: submitted)

    // Refusals.
    if on(.unpaidObligations) && facts.organisation.standing == .overdue {
      fired.append(FiredRule(id: .unpaidObligations, evidence: ["standing": "overdue"]))
    }
    if on(.personNotOnboarded) && !hasOwnTraining && !facts.contact.newColleague {
      var evidence: [String: EvidenceValue] = ["program": .string(program), "newColleague": false]
      let later = facts.contact.trainings.filter { $0.program == program && $0.completedOn > submittedDay }
      if !later.isEmpty { evidence["trainingsCompletedAfterSubmission"] = .array(later.map(trainingEvidence)) }
      fired.append(FiredRule(id: .personNotOnboarded, evidence: evidence))
    }
    if on(.outsideHours) && facts.channel == .phone && !isOpen && coveringArrangement == nil {
      fired.append(
        FiredRule(
          id: .outsideHours,
          evidence: [
            "channel": "phone", "submittedAt": .instant(submitted, in: zone),
            "nextOpening": .instant(workCanStartAt, in: zone), "supportHours": supportHoursEvidence,
          ]))
    }

    // Paid.
    if on(.notViaPortal) && facts.channel != .portal {
      fired.append(FiredRule(id: .notViaPortal, evidence: ["channel": .string(facts.channel.rawValue)]))
    }
    let organisationOnboarded = facts.organisation.onboardedPrograms.contains(program)
    let settingsInOrder = facts.organisation.settingsInOrder.contains(program)
    let newColleagueWithoutOwn = facts.contact.newColleague && !hasOwnTraining
    if on(.noOnboardingOrSettings) && (!organisationOnboarded || !settingsInOrder || newColleagueWithoutOwn) {
      fired.append(
        FiredRule(
          id: .noOnboardingOrSettings,
          evidence: [
            "program": .string(program), "organisationOnboarded": .bool(organisationOnboarded),
            "settingsInOrder": .bool(settingsInOrder),
            "newColleagueWithoutOwnOnboarding": .bool(newColleagueWithoutOwn),
          ]))
    }
    if on(.answerInKnowledgeBase) {
      let earlier = facts.knowledgeBaseEvidence.filter { $0.publishedAt < submitted }
      if !earlier.isEmpty {
        let items = earlier.map { item -> EvidenceValue in
          [
            "kind": .string(item.kind.rawValue), "id": .string(item.id),
            "publishedAt": .instant(item.publishedAt, in: zone),
          ]
        }
        fired.append(FiredRule(id: .answerInKnowledgeBase, evidence: ["published": .array(items)]))
      }
    }
    let overFreeLimit = facts.handlingMinutes > policy.freeLimitMinutes
    let starterTraining = on(.newProgramStarter) ? starterTraining(in: ownTrainings, submittedDay: submittedDay) : nil
    if on(.complexOver15Minutes) && overFreeLimit && starterTraining == nil {
      fired.append(
        FiredRule(
          id: .complexOver15Minutes,
          evidence: [
            "handlingMinutes": .int(Int64(facts.handlingMinutes)),
            "freeLimitMinutes": .int(Int64(policy.freeLimitMinutes)),
          ]))
    }
    if on(.needsTraining) && (facts.needsTraining || facts.category == .training) {
      fired.append(
        FiredRule(
          id: .needsTraining,
          evidence: ["needsTraining": .bool(facts.needsTraining), "category": .string(facts.category.rawValue)]))
    }
    if on(.legislationOrBusiness) && (facts.category == .legislation || facts.category == .businessOrganisation) {
      fired.append(FiredRule(id: .legislationOrBusiness, evidence: ["category": .string(facts.category.rawValue)]))
    }
    if on(.dataCorrection) && facts.dataCorrection {
      fired.append(FiredRule(id: .dataCorrection, evidence: ["dataCorrection": true]))
    }
    if on(.remoteConnection) && facts.remoteConnection {
      fired.append(FiredRule(id: .remoteConnection, evidence: ["remoteConnection": true]))
    }
    if on(.repeatedQuestion) {
      let repeats = facts.repeatOf.filter { $0.clearInstructions && $0.resolvedAt < submitted }
      if !repeats.isEmpty {
        let items = repeats.map { item -> EvidenceValue in
          ["request": .int(item.request), "resolvedAt": .instant(item.resolvedAt, in: zone), "clearInstructions": true]
        }
        fired.append(FiredRule(id: .repeatedQuestion, evidence: ["earlierRequests": .array(items)]))
      }
    }
    if on(.otherRemoteService) && facts.category == .otherRemoteService {
      fired.append(FiredRule(id: .otherRemoteService, evidence: ["category": .string(facts.category.rawValue)]))
    }

    // Free.
    let somethingRefusedOrPaid = !fired.isEmpty
    if on(.shortUsageQuestion) && !somethingRefusedOrPaid && !overFreeLimit
      && (facts.category == .usage || facts.category == .error)
    {
      fired.append(
        FiredRule(
          id: .shortUsageQuestion,
          evidence: [
            "category": .string(facts.category.rawValue), "handlingMinutes": .int(Int64(facts.handlingMinutes)),
            "freeLimitMinutes": .int(Int64(policy.freeLimitMinutes)),
          ]))
    }
    if let training = starterTraining {
      var evidence: [String: EvidenceValue] = [
        "program": .string(program), "kind": .string(training.kind.rawValue),
        "completedOn": .string(training.completedOn.description),
        "daysSinceTraining": .int(Int64(submittedDay.daysSince1970 - training.completedOn.daysSince1970)),
        "starterPeriodDays": .int(Int64(policy.starterPeriodDays)),
      ]
      if overFreeLimit && on(.complexOver15Minutes) {
        evidence["waives"] = [.string(RuleID.complexOver15Minutes.rawValue)]
        evidence["handlingMinutes"] = .int(Int64(facts.handlingMinutes))
      }
      fired.append(FiredRule(id: .newProgramStarter, evidence: evidence))
    }

    let outcome = fired.map(\.id.outcome).max() ?? .free
    return Decision(
      outcome: outcome, rules: fired, workCanStartAt: workCanStartAt, policyVersion: policy.version)
  }

  /// Whether support may work for an organisation at the instant (an agent logging work or taking a request):
  /// nil when support is open or one of the organisation's arrangements covers the instant, otherwise
  /// `refuse.outside-hours` with its evidence (nil too when the rule is switched off).
  public func checkWorkTime(at instant: Date, arrangements: [RequestFacts.Arrangement]) -> FiredRule? {
    guard policy.isEnabled(.outsideHours), !calendar.isOpen(at: instant),
      !arrangements.contains(where: { $0.covers(instant) })
    else { return nil }
    let zone = policy.timeZone
    return FiredRule(
      id: .outsideHours,
      evidence: [
        "at": .instant(instant, in: zone), "nextOpening": .instant(calendar.nextOpening(after: instant), in: zone),
        "supportHours": supportHoursEvidence,
      ])
  }

  /// The charge for a paid decision after `minutes` of work, or nil when the decision is not paid.
  public func charge(for decision: Decision, minutes: Int) -> Charge? {
    guard decision.outcome == .paid, let service = policy.prices.service(for: decision.rules) else { return nil }
    return policy.prices.charge(for: service, minutes: minutes)
  }

  private var supportHoursEvidence: EvidenceValue {
    let hours = policy.supportHours
    return [
      "open": .string(hours.open.description), "close": .string(hours.close.description),
      "weekdays": .array(hours.weekdays.map { .string($0.rawValue) }), "timeZone": .string(policy.timeZone.identifier),
    ]
  }

  /// The most recent of the contact's trainings for the program within the starter period.
  private func starterTraining(
    in trainings: [RequestFacts.Training], submittedDay: LocalDate
  )
    -> RequestFacts.Training?
  {
    let day = submittedDay.daysSince1970
    return
      trainings
      .filter { day - $0.completedOn.daysSince1970 <= policy.starterPeriodDays }
      .max { $0.completedOn < $1.completedOn }
  }

  private func trainingEvidence(_ training: RequestFacts.Training) -> EvidenceValue {
    [
      "program": .string(training.program), "kind": .string(training.kind.rawValue),
      "completedOn": .string(training.completedOn.description),
    ]
  }
}
