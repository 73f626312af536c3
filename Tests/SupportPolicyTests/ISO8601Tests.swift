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
