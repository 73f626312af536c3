import Foundation
import Testing

@testable import SupportPolicy

@Suite("Policy file")
struct ConfigurationTests {
  @Test("config/policy.example.yaml loads and equals the defaults")
  func exampleFile() throws {
    // Arrange
    let data = try Data(contentsOf: repositoryRoot.appendingPathComponent("config/policy.example.yaml"))
    // Act
    let policy = try PolicyConfiguration.load(data)
    // Assert
    #expect(policy == PolicyConfiguration.defaults)
  }

  @Test("the defaults are POLICY.md's")
  func defaults() {
    // Arrange / Act
    let policy = PolicyConfiguration.defaults
    // Assert
    #expect(policy.timeZone.identifier == "Europe/Ljubljana")
    #expect(policy.supportHours == .standard)
    #expect(policy.freeLimitMinutes == 15)
    #expect(policy.starterPeriodDays == 90)
    #expect(policy.promotionAfterSupportSeconds == 8 * 3600)
    #expect(policy.acceptanceTargetHours == AcceptanceTargets(portal: 4, email: 8, phone: 8))
    #expect(RuleID.allCases.allSatisfy(policy.isEnabled))
    #expect(policy.prices.vatPercent == 22)
    #expect(policy.prices.billingUnitMinutes == 15)
    #expect(policy.prices.currency == "EUR")
  }

  @Test("an encoded policy loads back as JSON")
  func roundTrip() throws {
    // Arrange
    var policy = PolicyConfiguration.defaults
    policy.version = "2027.2"
    policy.extraClosedDays = [ExtraClosedDay(date: day("2027-12-24"), name: "Kolektivni dopust")]
    policy.extraOpenWindows = [OpenWindow(from: at("2027-02-27T09:00:00+01:00"), to: at("2027-02-27T13:00:00+01:00"))]
    policy.rules[.remoteConnection] = false
    policy.prices.hourlyRates[.training] = Money(cents: 75_50)
    // Act
    let data = try JSONEncoder().encode(policy)
    let loaded = try PolicyConfiguration.load(data)
    // Assert
    #expect(loaded == policy)
  }

  @Test("missing keys take defaults; an empty file is all defaults")
  func partial() throws {
    // Arrange
    let yaml = Data("version: \"2027.1\"\nfreeLimitMinutes: 20\nrules:\n  paid.remote-connection: false\n".utf8)
    // Act
    let policy = try PolicyConfiguration.load(yaml)
    let empty = try PolicyConfiguration.load(Data("# nothing here\n".utf8))
    // Assert
    #expect(policy.version == "2027.1")
    #expect(policy.freeLimitMinutes == 20)
    #expect(!policy.isEnabled(.remoteConnection))
    #expect(policy.isEnabled(.dataCorrection))
    #expect(policy.supportHours == .standard)
    #expect(empty == .defaults)
  }

  @Test("YAML details: unquoted times, bare dates, numeric versions")
  func yamlForms() throws {
    // Arrange
    let yaml = Data(
      """
      version: 3
      supportHours:
        open: 07:30
        close: 15:30
        weekdays: [Monday, tuesday]
      extraClosedDays:
        - 2026-12-24
        - date: 2026-12-31
          name: Silvestrovo
      """.utf8)
    // Act
    let policy = try PolicyConfiguration.load(yaml)
    // Assert
    #expect(policy.version == "3")
    #expect(policy.supportHours.open == TimeOfDay(hour: 7, minute: 30))
    #expect(policy.supportHours.close == TimeOfDay(hour: 15, minute: 30))
    #expect(policy.supportHours.weekdays == [.monday, .tuesday])
    #expect(
      policy.extraClosedDays == [
        ExtraClosedDay(date: day("2026-12-24")), ExtraClosedDay(date: day("2026-12-31"), name: "Silvestrovo"),
      ])
  }

  static let badFiles: [(String, String)] = [
    ("frobnicate: 1", "frobnicate"),
    ("supportHours:\n  opne: \"08:00\"", "supportHours.opne"),
    ("supportHours:\n  open: \"10:00\"\n  close: \"09:00\"", "supportHours.close"),
    ("supportHours:\n  open: \"25:00\"", "supportHours.open"),
    ("supportHours:\n  weekdays: [monday, funday]", "supportHours.weekdays[1]"),
    ("supportHours:\n  weekdays: []", "supportHours.weekdays"),
    ("freeLimitMinutes: -5", "freeLimitMinutes"),
    ("freeLimitMinutes: lots", "freeLimitMinutes"),
    ("starterPeriodDays: -1", "starterPeriodDays"),
    ("promotionAfterSupportSeconds: -1", "promotionAfterSupportSeconds"),
    ("acceptanceTargetHours:\n  email: -2", "acceptanceTargetHours.email"),
    ("prices:\n  vatPercent: 120", "prices.vatPercent"),
    ("prices:\n  billingUnitMinutes: 0", "prices.billingUnitMinutes"),
    ("prices:\n  currency: euro", "prices.currency"),
    ("prices:\n  hourlyRates:\n    training: -70", "prices.hourlyRates.training"),
    ("prices:\n  hourlyRates:\n    massage: 70", "prices.hourlyRates.massage"),
    ("rules:\n  paid.free-lunch: false", "rules.paid.free-lunch"),
    ("rules:\n  paid.remote-connection: perhaps", "rules.paid.remote-connection"),
    ("timeZone: Europe/Atlantis", "timeZone"),
    ("extraClosedDays:\n  - date: 2026-02-30", "extraClosedDays[0].date"),
    ("extraClosedDays:\n  - \"2026-12-24\"\n  - \"24. 12. 2026\"", "extraClosedDays[1]"),
    (
      "extraOpenWindows:\n  - from: \"2026-12-05T13:00:00+01:00\"\n    to: \"2026-12-05T09:00:00+01:00\"",
      "extraOpenWindows[0].to"
    ),
    ("extraOpenWindows:\n  - from: \"yesterday\"\n    to: \"2026-12-05T09:00:00+01:00\"", "extraOpenWindows[0].from"),
    ("version: \"\"", "version"),
    ("{\"freeLimitMinutes\": 15, \"surprise\": true}", "surprise"),
    ("{\"supportHours\": {\"close\": \"07:00\"}}", "supportHours.close"),
  ]

  @Test("bad values are errors naming the key path", arguments: badFiles)
  func badValue(_ text: String, _ keyPath: String) {
    // Arrange
    let data = Data(text.utf8)
    // Act
    let result = Result { () throws(PolicyConfigurationError) in try PolicyConfiguration.load(data) }
    // Assert
    guard case .failure(let error) = result else {
      Issue.record("\(keyPath): accepted")
      return
    }
    #expect(error.keyPath == keyPath, "\(error)")
    #expect(error.description.hasPrefix(keyPath + ": "))
  }

  @Test("a file that is neither YAML nor JSON, or not a mapping, is an error")
  func notAPolicy() {
    for text in ["{not json", "- a\n- b", "just text", "key: [unclosed"] {
      // Act
      let result = Result { () throws(PolicyConfigurationError) in try PolicyConfiguration.load(Data(text.utf8)) }
      // Assert
      #expect(throws: PolicyConfigurationError.self, "\(text)") { try result.get() }
    }
  }

  @Test("the calendar follows the policy file")
  func calendarFromPolicy() throws {
    // Arrange
    let yaml = Data(
      """
      extraClosedDays:
        - date: "2026-12-24"
          name: Kolektivni dopust
      extraOpenWindows:
        - from: "2026-12-05T09:00:00+01:00"
          to: "2026-12-05T13:00:00+01:00"
      """.utf8)
    // Act
    let calendar = try PolicyConfiguration.load(yaml).makeCalendar()
    // Assert
    #expect(!calendar.isOpen(at: at("2026-12-24T10:00:00+01:00")))
    #expect(calendar.isOpen(at: at("2026-12-05T10:00:00+01:00")))
  }

  @Test("acceptance deadlines count open hours per channel")
  func acceptance() {
    // Arrange: portal 4 h, e-mail 8 h, from Wednesday 14:00.
    let policy = PolicyConfiguration.defaults
    let submitted = at("2026-11-25T14:00:00+01:00")
    // Act
    let portal = policy.acceptanceDeadline(for: .portal, submittedAt: submitted, calendar: standardCalendar)
    let email = policy.acceptanceDeadline(for: .email, submittedAt: submitted, calendar: standardCalendar)
    // Assert
    #expect(iso(portal) == "2026-11-26T10:00:00+01:00")
    #expect(iso(email) == "2026-11-26T14:00:00+01:00")
  }
}
