import Foundation
import Testing

@testable import SupportPolicy

@Suite("ISO 8601 times")
struct ISO8601Tests {
  @Test(
    "offsets, Z and fractions denote the same instant",
    arguments: [
      "2026-11-25T10:00:00+01:00", "2026-11-25T09:00:00Z", "2026-11-25T09:00:00z", "2026-11-25T09:00:00.000Z",
      "2026-11-25T04:00:00-05:00", "2026-11-25T10:00:00+0100", "2026-11-25T10:00:00+01", "2026-11-25 10:00:00+01:00",
    ])
  func sameInstant(_ text: String) throws {
    // Act
    let date = try #require(ISO8601.parse(text))
    // Assert
    #expect(date == Date(timeIntervalSince1970: 1_795_597_200))
  }

  @Test(
    "malformed times are rejected",
    arguments: [
      "", "2026-11-25", "2026-11-25T10:00:00", "2026-11-25T10:00+01:00", "2026-02-30T10:00:00Z",
      "2026-11-25T24:00:00Z", "2026-11-25T10:60:00Z", "2026-11-25T10:00:00+1:00", "2026-11-25T10:00:00.Z",
      "2026-11-25T10:00:00Zjunk", "26-11-25T10:00:00Z", "2026/11/25T10:00:00Z",
    ])
  func rejected(_ text: String) {
    // Act / Assert
    #expect(ISO8601.parse(text) == nil)
  }

  @Test("formatting uses the Ljubljana offset of the day, and milliseconds only when present")
  func format() {
    // Arrange
    let winter = Date(timeIntervalSince1970: 1_795_597_200)
    let summer = Date(timeIntervalSince1970: 1_782_032_400.25)
    // Act / Assert
    #expect(ISO8601.format(winter) == "2026-11-25T10:00:00+01:00")
    #expect(ISO8601.format(summer) == "2026-06-21T11:00:00.250+02:00")
    #expect(ISO8601.format(winter, in: TimeZone(identifier: "UTC")!) == "2026-11-25T09:00:00Z")
    #expect(ISO8601.parse(ISO8601.format(summer)) == summer)
  }

  @Test("local dates parse strictly and know their weekday")
  func localDates() {
    // Act / Assert
    #expect(LocalDate("2026-11-25")?.weekday == .wednesday)
    #expect(LocalDate("2024-02-29") != nil)
    #expect(LocalDate("2026-02-29") == nil)
    #expect(LocalDate("2026-1-5") == nil)
    #expect(ISO8601.localDate(of: at("2026-11-25T23:30:00Z")) == day("2026-11-26"))
    #expect(day("2026-12-31").adding(days: 1) == day("2027-01-01"))
  }
}

@Suite("Price list")
struct PriceListTests {
  @Test("each started unit is billed, at least one", arguments: [(0, 1), (1, 1), (15, 1), (16, 2), (45, 3), (46, 4)])
  func units(_ minutes: Int, _ units: Int) {
    // Act
    let charge = PriceList.defaults.charge(for: .standardSupport, minutes: minutes)
    // Assert
    #expect(charge.units == units)
    #expect(charge.billedMinutes == units * 15)
  }

  @Test("net, VAT and gross in cents")
  func amounts() {
    // Arrange: 61.10 EUR/h, 20 minutes → 2 units = 30 minutes = 30.55 net; VAT 22 % = 6.721 → 6.72.
    var prices = PriceList.defaults
    prices.hourlyRates[.dataCorrection] = Money(cents: 61_10)
    // Act
    let charge = prices.charge(for: .dataCorrection, minutes: 20)
    // Assert
    #expect(charge.net == Money(cents: 30_55))
    #expect(charge.vat == Money(cents: 6_72))
    #expect(charge.gross == Money(cents: 37_27))
    #expect(charge.gross.description == "37.27")
    #expect(charge.currency == "EUR")
  }
}

@Suite("Facts and decisions as JSON")
struct CodingTests {
  @Test("facts survive encoding and decoding")
  func factsRoundTrip() throws {
    // Arrange
    var facts = baseFacts()
    facts.organisation.arrangements = [
      .init(from: at("2026-11-28T09:00:00+01:00"), to: at("2026-11-28T12:00:00+01:00"))
    ]
    facts.knowledgeBaseEvidence = [.init(kind: .newsletter, id: "n-3", publishedAt: at("2026-10-01T08:00:00+02:00"))]
    facts.repeatOf = [.init(request: 9, resolvedAt: at("2026-11-02T11:00:00+01:00"), clearInstructions: true)]
    // Act
    let data = try JSONEncoder().encode(facts)
    let decoded = try RequestFacts.decode(json: data)
    // Assert
    #expect(decoded == facts)
  }

  @Test("a decision survives JSONEncoder and its own writer")
  func decisionRoundTrip() throws {
    // Arrange
    var facts = baseFacts()
    facts.channel = .phone
    facts.submittedAt = at("2026-11-28T10:00:00+01:00")
    let decision = defaultEngine.decide(facts)
    // Act
    let viaEncoder = try JSONDecoder().decode(Decision.self, from: JSONEncoder().encode(decision))
    let viaWriter = try JSONDecoder().decode(Decision.self, from: Data(decision.json(pretty: true).utf8))
    // Assert
    #expect(viaEncoder == decision)
    #expect(viaWriter == decision)
  }

  @Test("the writer escapes strings as JSON requires")
  func escaping() throws {
    // Arrange
    let value: EvidenceValue = ["text": "quote \" backslash \\ newline \n tab \t bell \u{07} č"]
    var out = ""
    // Act
    JSONWriter.write(value, into: &out, pretty: false, indent: 0, keyOrder: [])
    // Assert
    #expect(out == #"{"text":"quote \" backslash \\ newline \n tab \t bell \u0007 č"}"#)
    let parsed = try JSONDecoder().decode(EvidenceValue.self, from: Data(out.utf8))
    #expect(parsed == value)
  }
}
