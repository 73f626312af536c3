import Foundation
import Testing

@testable import SupportPolicy

/// One row of the decision table: a change to the base facts and the decision it must give.
struct DecisionCase: CustomTestStringConvertible, Sendable {
  let name: String
  let change: @Sendable (inout RequestFacts) -> Void
  let outcome: Outcome
  let rules: [RuleID]
  /// When set, the expected `workCanStartAt`.
  let workCanStartAt: String?

  init(
    _ name: String, outcome: Outcome, rules: [RuleID], workCanStartAt: String? = nil,
    change: @escaping @Sendable (inout RequestFacts) -> Void
  ) {
    self.name = name
    self.change = change
    self.outcome = outcome
    self.rules = rules
    self.workCanStartAt = workCanStartAt
  }

  var testDescription: String { name }
}

/// A short usage question by an onboarded contact of an onboarded organisation in good standing, filed in the
/// portal on Wednesday 25 November 2026 at 10:00 (support open). Its onboarding is older than the starter period.
func baseFacts() -> RequestFacts {
  RequestFacts(
    channel: .portal, submittedAt: at("2026-11-25T10:00:00+01:00"), program: "PL", category: .usage,
    handlingMinutes: 5,
    organisation: .init(standing: .ok, onboardedPrograms: ["PL"], settingsInOrder: ["PL"]),
    contact: .init(
      newColleague: false, trainings: [.init(program: "PL", kind: .onboarding, completedOn: day("2025-01-10"))]))
}

/// A contact who completed PL onboarding on 1 October 2026, 55 days before the base submission.
@Sendable func makeStarter(_ facts: inout RequestFacts) {
  facts.contact.trainings = [.init(program: "PL", kind: .onboarding, completedOn: day("2026-10-01"))]
}

@Suite("Decision table")
struct DecisionTableTests {
  static let cases: [DecisionCase] = [
    // One case per rule.
    DecisionCase("base: short usage question", outcome: .free, rules: [.shortUsageQuestion]) { _ in },
    DecisionCase("error report within the free limit", outcome: .free, rules: [.shortUsageQuestion]) {
      $0.category = .error
    },
    DecisionCase("overdue obligations", outcome: .refused, rules: [.unpaidObligations]) {
      $0.organisation.standing = .overdue
    },
    DecisionCase("contact never onboarded, not a new colleague", outcome: .refused, rules: [.personNotOnboarded]) {
      $0.contact.trainings = []
    },
    DecisionCase("contact onboarded only for another program", outcome: .refused, rules: [.personNotOnboarded]) {
      $0.contact.trainings = [.init(program: "FAK", kind: .seminar, completedOn: day("2025-01-10"))]
    },
    DecisionCase(
      "phone outside hours", outcome: .refused, rules: [.outsideHours, .notViaPortal],
      workCanStartAt: "2026-11-26T08:00:00+01:00"
    ) {
      $0.channel = .phone
      $0.submittedAt = at("2026-11-25T17:00:00+01:00")
    },
    DecisionCase("e-mail", outcome: .paid, rules: [.notViaPortal]) { $0.channel = .email },
    DecisionCase("phone within hours", outcome: .paid, rules: [.notViaPortal]) { $0.channel = .phone },
    DecisionCase("organisation not onboarded for the program", outcome: .paid, rules: [.noOnboardingOrSettings]) {
      $0.organisation.onboardedPrograms = ["FAK"]
    },
    DecisionCase("settings not in order", outcome: .paid, rules: [.noOnboardingOrSettings]) {
      $0.organisation.settingsInOrder = []
    },
    DecisionCase(
      "new colleague without own onboarding is billed, not refused", outcome: .paid, rules: [.noOnboardingOrSettings]
    ) {
      $0.contact = .init(newColleague: true, trainings: [])
    },
    DecisionCase(
      "new colleague with own onboarding is an ordinary contact", outcome: .free, rules: [.shortUsageQuestion]
    ) {
      $0.contact.newColleague = true
    },
    DecisionCase("answer in a knowledge-base article", outcome: .paid, rules: [.answerInKnowledgeBase]) {
      $0.knowledgeBaseEvidence = [.init(kind: .article, id: "a-17", publishedAt: at("2026-01-10T08:00:00+01:00"))]
    },
    DecisionCase("answer in a newsletter issue", outcome: .paid, rules: [.answerInKnowledgeBase]) {
      $0.knowledgeBaseEvidence = [.init(kind: .newsletter, id: "2026-10", publishedAt: at("2026-10-15T08:00:00+02:00"))]
    },
    DecisionCase("handling over 15 minutes", outcome: .paid, rules: [.complexOver15Minutes]) {
      $0.handlingMinutes = 16
    },
    DecisionCase("handling exactly 15 minutes is still free", outcome: .free, rules: [.shortUsageQuestion]) {
      $0.handlingMinutes = 15
    },
    DecisionCase("needs training", outcome: .paid, rules: [.needsTraining]) { $0.needsTraining = true },
    DecisionCase("category training", outcome: .paid, rules: [.needsTraining]) { $0.category = .training },
    DecisionCase("legislation", outcome: .paid, rules: [.legislationOrBusiness]) { $0.category = .legislation },
    DecisionCase("business organisation", outcome: .paid, rules: [.legislationOrBusiness]) {
      $0.category = .businessOrganisation
    },
    DecisionCase("data correction", outcome: .paid, rules: [.dataCorrection]) { $0.dataCorrection = true },
    DecisionCase("remote connection", outcome: .paid, rules: [.remoteConnection]) { $0.remoteConnection = true },
    DecisionCase("repeated question with clear instructions", outcome: .paid, rules: [.repeatedQuestion]) {
      $0.repeatOf = [.init(request: 123, resolvedAt: at("2026-11-02T11:00:00+01:00"), clearInstructions: true)]
    },
    DecisionCase("other remote service", outcome: .paid, rules: [.otherRemoteService]) {
      $0.category = .otherRemoteService
    },
    DecisionCase("starter with a short question", outcome: .free, rules: [.shortUsageQuestion, .newProgramStarter]) {
      makeStarter(&$0)
    },

    // The starter waiver, and what it does not waive.
    DecisionCase("starter: long handling is waived", outcome: .free, rules: [.newProgramStarter]) {
      makeStarter(&$0)
      $0.handlingMinutes = 40
    },
    DecisionCase("starter by seminar: long handling is waived", outcome: .free, rules: [.newProgramStarter]) {
      $0.contact.trainings = [.init(program: "PL", kind: .seminar, completedOn: day("2026-11-20"))]
      $0.handlingMinutes = 40
    },
    DecisionCase("starter does not waive the channel", outcome: .paid, rules: [.notViaPortal, .newProgramStarter]) {
      makeStarter(&$0)
      $0.channel = .email
    },
    DecisionCase(
      "starter does not waive legislation", outcome: .paid, rules: [.legislationOrBusiness, .newProgramStarter]
    ) {
      makeStarter(&$0)
      $0.category = .legislation
      $0.handlingMinutes = 40
    },
    DecisionCase(
      "starter does not waive a refusal", outcome: .refused, rules: [.unpaidObligations, .newProgramStarter]
    ) {
      makeStarter(&$0)
      $0.organisation.standing = .overdue
    },
    DecisionCase("starter period: 90 days still counts", outcome: .free, rules: [.newProgramStarter]) {
      $0.contact.trainings = [.init(program: "PL", kind: .onboarding, completedOn: day("2026-08-27"))]
      $0.handlingMinutes = 40
    },
    DecisionCase("starter period: 91 days no longer counts", outcome: .paid, rules: [.complexOver15Minutes]) {
      $0.contact.trainings = [.init(program: "PL", kind: .onboarding, completedOn: day("2026-08-26"))]
      $0.handlingMinutes = 40
    },
    DecisionCase("starter for another program does not count", outcome: .paid, rules: [.complexOver15Minutes]) {
      $0.contact.trainings.append(.init(program: "FAK", kind: .onboarding, completedOn: day("2026-11-01")))
      $0.handlingMinutes = 40
    },

    // Precedence.
    DecisionCase(
      "refused beats paid and lists the paid rules", outcome: .refused,
      rules: [.unpaidObligations, .notViaPortal, .remoteConnection]
    ) {
      $0.organisation.standing = .overdue
      $0.channel = .email
      $0.remoteConnection = true
    },
    DecisionCase(
      "not onboarded with legislation lists both", outcome: .refused,
      rules: [.personNotOnboarded, .legislationOrBusiness]
    ) {
      $0.contact.trainings = []
      $0.category = .legislation
    },
    DecisionCase("paid beats free", outcome: .paid, rules: [.dataCorrection, .newProgramStarter]) {
      makeStarter(&$0)
      $0.dataCorrection = true
    },
    DecisionCase(
      "every paid rule at once", outcome: .paid,
      rules: [
        .notViaPortal, .noOnboardingOrSettings, .answerInKnowledgeBase, .complexOver15Minutes, .needsTraining,
        .dataCorrection, .remoteConnection, .repeatedQuestion,
      ]
    ) {
      $0.channel = .email
      $0.organisation.settingsInOrder = []
      $0.knowledgeBaseEvidence = [.init(kind: .article, id: "a-1", publishedAt: at("2026-01-10T08:00:00+01:00"))]
      $0.handlingMinutes = 30
      $0.needsTraining = true
      $0.dataCorrection = true
      $0.remoteConnection = true
      $0.repeatOf = [.init(request: 7, resolvedAt: at("2026-11-02T11:00:00+01:00"), clearInstructions: true)]
    },

    // Only evidence that existed before submittedAt counts.
    DecisionCase("article published after submission is ignored", outcome: .free, rules: [.shortUsageQuestion]) {
      $0.knowledgeBaseEvidence = [.init(kind: .article, id: "a-99", publishedAt: at("2026-11-25T10:30:00+01:00"))]
    },
    DecisionCase("article published at the submission instant is ignored", outcome: .free, rules: [.shortUsageQuestion])
    {
      $0.knowledgeBaseEvidence = [.init(kind: .article, id: "a-98", publishedAt: at("2026-11-25T09:00:00Z"))]
    },
    DecisionCase("repeat resolved after submission is ignored", outcome: .free, rules: [.shortUsageQuestion]) {
      $0.repeatOf = [.init(request: 124, resolvedAt: at("2026-11-26T11:00:00+01:00"), clearInstructions: true)]
    },
    DecisionCase("repeat without clear instructions is ignored", outcome: .free, rules: [.shortUsageQuestion]) {
      $0.repeatOf = [.init(request: 125, resolvedAt: at("2026-11-02T11:00:00+01:00"), clearInstructions: false)]
    },
    DecisionCase("training completed after submission is ignored", outcome: .refused, rules: [.personNotOnboarded]) {
      $0.contact.trainings = [.init(program: "PL", kind: .onboarding, completedOn: day("2026-11-26"))]
    },
    DecisionCase("training completed on the day of submission counts", outcome: .free, rules: [.newProgramStarter]) {
      $0.contact.trainings = [.init(program: "PL", kind: .onboarding, completedOn: day("2026-11-25"))]
      $0.handlingMinutes = 30
    },

    // Channels outside support hours, and arrangements.
    DecisionCase(
      "portal outside hours is accepted onto the waiting list", outcome: .free, rules: [.shortUsageQuestion],
      workCanStartAt: "2026-11-30T08:00:00+01:00"
    ) {
      $0.submittedAt = at("2026-11-28T10:00:00+01:00")
    },
    DecisionCase(
      "e-mail outside hours is accepted onto the waiting list", outcome: .paid, rules: [.notViaPortal],
      workCanStartAt: "2026-11-26T08:00:00+01:00"
    ) {
      $0.channel = .email
      $0.submittedAt = at("2026-11-25T22:00:00+01:00")
    },
    DecisionCase(
      "phone at 16:00 is outside hours", outcome: .refused, rules: [.outsideHours, .notViaPortal],
      workCanStartAt: "2026-11-26T08:00:00+01:00"
    ) {
      $0.channel = .phone
      $0.submittedAt = at("2026-11-25T16:00:00+01:00")
    },
    DecisionCase(
      "phone at 08:00 is within hours", outcome: .paid, rules: [.notViaPortal],
      workCanStartAt: "2026-11-25T08:00:00+01:00"
    ) {
      $0.channel = .phone
      $0.submittedAt = at("2026-11-25T08:00:00+01:00")
    },
    DecisionCase(
      "phone on Christmas is outside hours", outcome: .refused, rules: [.outsideHours, .notViaPortal],
      workCanStartAt: "2026-12-28T08:00:00+01:00"
    ) {
      $0.channel = .phone
      $0.submittedAt = at("2026-12-25T10:00:00+01:00")
    },
    DecisionCase(
      "phone on a holiday that is not work-free is within hours", outcome: .paid, rules: [.notViaPortal],
      workCanStartAt: "2026-09-15T10:00:00+02:00"
    ) {
      $0.channel = .phone
      $0.submittedAt = at("2026-09-15T10:00:00+02:00")
    },
    DecisionCase(
      "phone outside hours covered by an arrangement", outcome: .paid, rules: [.notViaPortal],
      workCanStartAt: "2026-11-28T09:30:00+01:00"
    ) {
      $0.channel = .phone
      $0.submittedAt = at("2026-11-28T09:30:00+01:00")
      $0.organisation.arrangements = [.init(from: at("2026-11-28T09:00:00+01:00"), to: at("2026-11-28T12:00:00+01:00"))]
    },
    DecisionCase(
      "phone outside hours when the arrangement has ended", outcome: .refused, rules: [.outsideHours, .notViaPortal],
      workCanStartAt: "2026-11-30T08:00:00+01:00"
    ) {
      $0.channel = .phone
      $0.submittedAt = at("2026-11-28T12:00:00+01:00")
      $0.organisation.arrangements = [.init(from: at("2026-11-28T09:00:00+01:00"), to: at("2026-11-28T12:00:00+01:00"))]
    },
    DecisionCase(
      "portal outside hours covered by an arrangement can start at once", outcome: .free, rules: [.shortUsageQuestion],
      workCanStartAt: "2026-11-28T10:00:00+01:00"
    ) {
      $0.submittedAt = at("2026-11-28T10:00:00+01:00")
      $0.organisation.arrangements = [.init(from: at("2026-11-28T09:00:00+01:00"), to: at("2026-11-28T12:00:00+01:00"))]
    },
  ]

  @Test("decision table", arguments: cases)
  func decide(_ row: DecisionCase) {
    // Arrange
    var facts = baseFacts()
    row.change(&facts)
    // Act
    let decision = defaultEngine.decide(facts)
    // Assert
    #expect(decision.outcome == row.outcome)
    #expect(decision.ruleIDs == row.rules)
    #expect(decision.policyVersion == PolicyConfiguration.defaults.version)
    if let expected = row.workCanStartAt {
      #expect(iso(decision.workCanStartAt) == expected)
    } else if standardCalendar.isOpen(at: facts.submittedAt) {
      #expect(decision.workCanStartAt == facts.submittedAt)
    }
  }

  @Test("every rule id fires in at least one row of the table")
  func everyRuleCovered() {
    // Arrange / Act
    let covered = Set(Self.cases.flatMap(\.rules))
    // Assert
    #expect(covered == Set(RuleID.allCases))
  }
}

@Suite("Decision evidence")
struct DecisionEvidenceTests {
  @Test("knowledge-base evidence names the article and when it was published")
  func knowledgeBase() throws {
    // Arrange
    var facts = baseFacts()
    facts.knowledgeBaseEvidence = [
      .init(kind: .article, id: "a-17", publishedAt: at("2026-01-10T07:00:00Z")),
      .init(kind: .article, id: "a-99", publishedAt: at("2026-12-01T08:00:00+01:00")),
    ]
    // Act
    let rule = try #require(defaultEngine.decide(facts).fired(.answerInKnowledgeBase))
    // Assert: only the article published before submission is evidence.
    let published = try #require(rule.evidence["published"]?.arrayValue)
    #expect(published == [["kind": "article", "id": "a-17", "publishedAt": "2026-01-10T08:00:00+01:00"]])
  }

  @Test("repeat evidence names the earlier request")
  func repeatEvidence() throws {
    // Arrange
    var facts = baseFacts()
    facts.repeatOf = [.init(request: 123, resolvedAt: at("2026-11-02T11:00:00+01:00"), clearInstructions: true)]
    // Act
    let rule = try #require(defaultEngine.decide(facts).fired(.repeatedQuestion))
    // Assert
    #expect(
      rule.evidence["earlierRequests"]
        == [["request": 123, "resolvedAt": "2026-11-02T11:00:00+01:00", "clearInstructions": true]])
  }

  @Test("handling evidence compares minutes with the limit")
  func minutes() throws {
    // Arrange
    var facts = baseFacts()
    facts.handlingMinutes = 22
    // Act
    let rule = try #require(defaultEngine.decide(facts).fired(.complexOver15Minutes))
    // Assert
    #expect(rule.evidence == ["handlingMinutes": 22, "freeLimitMinutes": 15])
  }

  @Test("outside-hours evidence gives the next opening; the starter says what it waived")
  func outsideHoursAndStarter() throws {
    // Arrange
    var phone = baseFacts()
    phone.channel = .phone
    phone.submittedAt = at("2026-11-27T18:00:00+01:00")
    var starter = baseFacts()
    makeStarter(&starter)
    starter.handlingMinutes = 40
    // Act
    let refusal = try #require(defaultEngine.decide(phone).fired(.outsideHours))
    let waiver = try #require(defaultEngine.decide(starter).fired(.newProgramStarter))
    // Assert
    #expect(refusal.evidence["nextOpening"] == "2026-11-30T08:00:00+01:00")
    #expect(refusal.evidence["channel"] == "phone")
    #expect(waiver.evidence["waives"] == ["paid.complex-over-15-min"])
    #expect(waiver.evidence["completedOn"] == "2026-10-01")
    #expect(waiver.evidence["daysSinceTraining"] == 55)
  }

  @Test("a training completed later is named in the refusal's evidence")
  func laterTraining() throws {
    // Arrange
    var facts = baseFacts()
    facts.contact.trainings = [.init(program: "PL", kind: .seminar, completedOn: day("2026-12-03"))]
    // Act
    let rule = try #require(defaultEngine.decide(facts).fired(.personNotOnboarded))
    // Assert
    #expect(
      rule.evidence["trainingsCompletedAfterSubmission"]
        == [["program": "PL", "kind": "seminar", "completedOn": "2026-12-03"]])
  }

  @Test("UTC and offset inputs give the same decision")
  func zones() throws {
    // Arrange: the same instants written with Z and with the Ljubljana offset.
    func json(_ submitted: String, _ published: String) -> Data {
      Data(
        """
        {"channel":"email","submittedAt":"\(submitted)","program":"PL","category":"usage",
         "organisation":{"standing":"ok","onboardedPrograms":["PL"],"settingsInOrder":["PL"]},
         "contact":{"trainings":[{"program":"PL","kind":"onboarding","completedOn":"2025-01-10"}]},
         "knowledgeBaseEvidence":[{"kind":"article","id":"a-1","publishedAt":"\(published)"}]}
        """.utf8)
    }
    let utc = try RequestFacts.decode(json: json("2026-11-27T15:30:00Z", "2026-11-27T15:29:59Z"))
    let local = try RequestFacts.decode(json: json("2026-11-27T16:30:00+01:00", "2026-11-27T16:29:59+01:00"))
    // Act
    let fromUTC = defaultEngine.decide(utc)
    let fromLocal = defaultEngine.decide(local)
    // Assert: 16:30 local is after hours, so work starts Monday 30 November 08:00.
    #expect(fromUTC == fromLocal)
    #expect(fromUTC.json() == fromLocal.json())
    #expect(iso(fromUTC.workCanStartAt) == "2026-11-30T08:00:00+01:00")
    #expect(fromUTC.ruleIDs == [.notViaPortal, .answerInKnowledgeBase])
  }

  @Test("switched-off rules never fire")
  func switchedOff() {
    // Arrange
    let policy = PolicyConfiguration(version: "test", switchedOffRules: [.notViaPortal, .outsideHours])
    let engine = PolicyEngine(policy: policy)
    var facts = baseFacts()
    facts.channel = .phone
    facts.submittedAt = at("2026-11-28T10:00:00+01:00")
    // Act
    let decision = engine.decide(facts)
    // Assert
    #expect(decision.outcome == .free)
    #expect(decision.ruleIDs == [.shortUsageQuestion])
    #expect(decision.policyVersion == "test")
  }

  @Test("with the starter rule off, long handling is charged")
  func starterOff() {
    // Arrange
    let engine = PolicyEngine(policy: PolicyConfiguration(version: "t", switchedOffRules: [.newProgramStarter]))
    var facts = baseFacts()
    makeStarter(&facts)
    facts.handlingMinutes = 40
    // Act
    let decision = engine.decide(facts)
    // Assert
    #expect(decision.ruleIDs == [.complexOver15Minutes])
  }

  @Test("an agent may log work outside hours only under an arrangement")
  func workTime() throws {
    // Arrange
    let arrangements = [
      RequestFacts.Arrangement(from: at("2026-11-28T09:00:00+01:00"), to: at("2026-11-28T12:00:00+01:00"))
    ]
    // Act
    let open = defaultEngine.checkWorkTime(at: at("2026-11-27T10:00:00+01:00"), arrangements: [])
    let arranged = defaultEngine.checkWorkTime(at: at("2026-11-28T11:59:59+01:00"), arrangements: arrangements)
    let refused = defaultEngine.checkWorkTime(at: at("2026-11-28T12:00:00+01:00"), arrangements: arrangements)
    // Assert
    #expect(open == nil)
    #expect(arranged == nil)
    let rule = try #require(refused)
    #expect(rule.id == .outsideHours)
    #expect(rule.evidence["nextOpening"] == "2026-11-30T08:00:00+01:00")
  }

  @Test("a paid decision is charged per started unit at the highest applicable rate")
  func charge() throws {
    // Arrange: legislation advice (80 EUR/h) with a remote connection (60 EUR/h), 31 minutes.
    var facts = baseFacts()
    facts.category = .legislation
    facts.remoteConnection = true
    let decision = defaultEngine.decide(facts)
    // Act
    let charge = try #require(defaultEngine.charge(for: decision, minutes: 31))
    // Assert: 3 units of 15 minutes = 45 minutes = 60.00 net, 13.20 VAT.
    #expect(charge.service == .legislationAndBusinessAdvice)
    #expect(charge.units == 3)
    #expect(charge.net == Money(cents: 60_00))
    #expect(charge.vat == Money(cents: 13_20))
    #expect(charge.gross == Money(cents: 73_20))
    #expect(defaultEngine.charge(for: defaultEngine.decide(baseFacts()), minutes: 10) == nil)
  }
}
