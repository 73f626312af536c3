import Foundation

/// What paid help is billed as; each has its own hourly rate in the policy file.
public enum BillableService: String, CaseIterable, Codable, Sendable {
  case standardSupport, remoteConnection, dataCorrection, training, legislationAndBusinessAdvice
}

/// An amount in the price list's currency, in cents, so that sums never drift.
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible {
  public var cents: Int64

  public init(cents: Int64) { self.cents = cents }

  /// Nil for negative amounts and for amounts with more than two decimals.
  public init?(units value: Double) {
    let scaled = value * 100
    guard value.isFinite, value >= 0, abs(scaled - scaled.rounded()) < 1e-6 else { return nil }
    cents = Int64(scaled.rounded())
  }

  public var units: Double { Double(cents) / 100 }

  /// `60.00`
  public var description: String { "\(cents / 100).\(ASCIIDigits.padded(Int(cents % 100), 2))" }

  public static func < (lhs: Money, rhs: Money) -> Bool { lhs.cents < rhs.cents }
}

/// What a piece of paid work costs.
public struct Charge: Hashable, Sendable {
  public var service: BillableService
  public var handlingMinutes: Int
  /// Each started billing unit counts, and at least one is billed.
  public var units: Int
  public var billedMinutes: Int
  public var hourlyRate: Money
  public var net: Money
  public var vat: Money
  public var gross: Money
  public var currency: String
}

/// The price list of the policy file.
public struct PriceList: Hashable, Sendable {
  public var currency: String
  public var vatPercent: Double
  public var billingUnitMinutes: Int
  public var hourlyRates: [BillableService: Money]

  public init(
    currency: String, vatPercent: Double, billingUnitMinutes: Int, hourlyRates: [BillableService: Money]
  ) {
    self.currency = currency
    self.vatPercent = vatPercent
    self.billingUnitMinutes = billingUnitMinutes
    self.hourlyRates = hourlyRates
  }

  /// Example rates (the vendor's real ones belong in the policy file): EUR, 22 % VAT (the Slovenian standard
  /// rate), 15-minute units.
  public static let defaults = PriceList(
    currency: "EUR", vatPercent: 22, billingUnitMinutes: 15,
    hourlyRates: [
      .standardSupport: Money(cents: 60_00),
      .remoteConnection: Money(cents: 60_00),
      .dataCorrection: Money(cents: 60_00),
      .training: Money(cents: 70_00),
      .legislationAndBusinessAdvice: Money(cents: 80_00),
    ])

  public func hourlyRate(for service: BillableService) -> Money {
    hourlyRates[service] ?? PriceList.defaults.hourlyRates[service]!
  }

  /// The service a paid decision is billed as: of the paid rules that fired, the one with the highest rate, so a
  /// request needing both a remote connection and legislation advice is billed at the advice rate.
  public func service(for rules: [FiredRule]) -> BillableService? {
    rules.compactMap(\.id.billableService).max { hourlyRate(for: $0) < hourlyRate(for: $1) }
  }

  /// The charge for `minutes` of work: every started unit counts, and at least one unit is billed. Amounts are
  /// rounded half up to the cent; VAT is computed on the net amount.
  public func charge(for service: BillableService, minutes: Int) -> Charge {
    let unit = max(1, billingUnitMinutes)
    let units = max(1, (max(0, minutes) + unit - 1) / unit)
    let billedMinutes = units * unit
    let rate = hourlyRate(for: service)
    let net = (rate.cents * Int64(billedMinutes) * 2 + 60) / 120
    let vat = Int64((Double(net) * vatPercent / 100).rounded(.toNearestOrAwayFromZero))
    return Charge(
      service: service, handlingMinutes: minutes, units: units, billedMinutes: billedMinutes, hourlyRate: rate,
      net: Money(cents: net), vat: Money(cents: vat), gross: Money(cents: net + vat), currency: currency)
  }
}
