import Foundation
import Testing

@testable import SupportPolicy

@Suite("Billing rules: VAT in basis points, the price list file, months and the dispute window")
struct BillingRulesTests {
  @Test("VAT is computed in integers, rounded half up to the cent")
  func vatInBasisPoints() {
    // Arrange: 9.5 % of 12.35 = 1.17325 → 1.17; 22 % of 0.25 = 0.055 → 0.06 (half up).
    // Act and assert
    #expect(PriceList.vat(on: Money(cents: 12_35), basisPoints: 950) == Money(cents: 1_17))
    #expect(PriceList.vat(on: Money(cents: 25), basisPoints: 2200) == Money(cents: 6))
    #expect(PriceList.vat(on: Money(cents: 0), basisPoints: 2200) == Money(cents: 0))
  }

  @Test("the policy file's VAT rate becomes basis points; more than two decimals are refused naming the key")
  func vatFromPolicyFile() throws {
    // Act
    let policy = try PolicyConfiguration.load(Data("prices:\n  vatPercent: 9.5\n  billingUnitMinutes: 30\n".utf8))
    // Assert
    #expect(policy.prices.vatBasisPoints == 950)
    #expect(policy.prices.charge(for: .standardSupport, minutes: 31).units == 2)
    #expect(policy.prices.charge(for: .standardSupport, minutes: 31).billedMinutes == 60)
    #expect(throws: PolicyConfigurationError.self) {
      try PolicyConfiguration.load(Data("prices:\n  vatPercent: 9.555\n".utf8))
    }
    do {
      _ = try PolicyConfiguration.load(Data("prices:\n  vatPercent: 9.555\n".utf8))
    } catch {
      #expect("\(error)".contains("prices.vatPercent"))
    }
  }

  @Test("every kind of help has its own rate from the file, versioned with the policy")
  func ratesPerKind() throws {
    // Arrange
    let yaml = """
      version: "2027.1"
      prices:
        hourlyRates:
          standardSupport: 50
          remoteConnection: 55.5
          dataCorrection: 65
          training: 75
          legislationAndBusinessAdvice: 95
      """
    // Act
    let policy = try PolicyConfiguration.load(Data(yaml.utf8))
    // Assert
    #expect(policy.version == "2027.1")
    #expect(
      BillableService.allCases.map { policy.prices.hourlyRate(for: $0).cents } == [50_00, 55_50, 65_00, 75_00, 95_00])
    #expect(policy.prices.charge(for: .remoteConnection, minutes: 1).net == Money(cents: 13_88))
  }

  @Test("months parse exactly YYYY-MM and span local midnight to midnight, daylight saving included")
  func months() throws {
    // Act
    let march = try #require(BillingMonth("2027-03"))
    let (start, end) = march.interval()
    // Assert
    #expect(BillingMonth("2027-3") == nil)
    #expect(BillingMonth("2027-13") == nil)
    #expect(BillingMonth("27-03x") == nil)
    #expect(march.description == "2027-03")
    #expect(ISO8601.format(start) == "2027-03-01T00:00:00+01:00")
    #expect(ISO8601.format(end) == "2027-04-01T00:00:00+02:00")
    #expect(BillingMonth(year: 2026, month: 12)!.next.description == "2027-01")
    #expect(BillingMonth(year: 2027, month: 1)!.previous.description == "2026-12")
    #expect(BillingMonth(containing: ISO8601.parse("2026-11-30T23:30:00Z")!).description == "2026-12")
  }

  @Test("a charge can be disputed through the 14th local day after billing, not on the 15th")
  func disputeWindow() throws {
    // Arrange: billed late in the evening, local time.
    let billed = try #require(ISO8601.parse("2026-11-25T23:50:00+01:00"))
    // Act and assert
    #expect(BillingRules.lastDisputeDay(billedAt: billed) == LocalDate("2026-12-09"))
    #expect(BillingRules.canDispute(billedAt: billed, now: ISO8601.parse("2026-12-09T23:59:59+01:00")!))
    #expect(!BillingRules.canDispute(billedAt: billed, now: ISO8601.parse("2026-12-10T00:00:00+01:00")!))
    #expect(!BillingRules.canDispute(billedAt: billed, now: ISO8601.parse("2026-11-24T12:00:00+01:00")!))
  }
}
