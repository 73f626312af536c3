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
  /// The VAT rate in basis points (2200 = 22 %, 950 = 9.5 %), so VAT is computed in integers like every amount.
  public var vatBasisPoints: Int
  public var billingUnitMinutes: Int
  public var hourlyRates: [BillableService: Money]

  public init(
    currency: String, vatBasisPoints: Int, billingUnitMinutes: Int, hourlyRates: [BillableService: Money]
  ) {
    self.currency = currency
    self.vatBasisPoints = vatBasisPoints
    self.billingUnitMinutes = billingUnitMinutes
    self.hourlyRates = hourlyRates
  }

  public init(
    currency: String, vatPercent: Double, billingUnitMinutes: Int, hourlyRates: [BillableService: Money]
  ) {
    self.init(
      currency: currency, vatBasisPoints: Int((vatPercent * 100).rounded()), billingUnitMinutes: billingUnitMinutes,
      hourlyRates: hourlyRates)
  }

  /// The VAT rate as the policy file writes it (22, 9.5), for display.
  public var vatPercent: Double {
    get { Double(vatBasisPoints) / 100 }
    set { vatBasisPoints = Int((newValue * 100).rounded()) }
  }

  /// VAT on a net amount, rounded half up to the cent, in integer arithmetic.
  public static func vat(on net: Money, basisPoints: Int) -> Money {
    let product = net.cents * Int64(basisPoints)
    let sign: Int64 = product < 0 ? -1 : 1
    return Money(cents: sign * ((abs(product) + 5_000) / 10_000))
  }

  /// Each started unit of `unitMinutes` counts, and at least one unit is billed.
  public static func units(forMinutes minutes: Int, unitMinutes: Int) -> Int {
    let unit = max(1, unitMinutes)
    return max(1, (max(0, minutes) + unit - 1) / unit)
  }

  /// The net amount of `units` at an hourly rate, rounded half up to the cent.
  public static func net(units: Int, unitMinutes: Int, hourlyRate: Money) -> Money {
    Money(cents: (hourlyRate.cents * Int64(units * max(1, unitMinutes)) * 2 + 60) / 120)
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
    let units = Self.units(forMinutes: minutes, unitMinutes: billingUnitMinutes)
    let rate = hourlyRate(for: service)
    let net = Self.net(units: units, unitMinutes: billingUnitMinutes, hourlyRate: rate)
    let vat = Self.vat(on: net, basisPoints: vatBasisPoints)
    return Charge(
      service: service, handlingMinutes: minutes, units: units, billedMinutes: units * max(1, billingUnitMinutes),
      hourlyRate: rate, net: net, vat: vat, gross: Money(cents: net.cents + vat.cents), currency: currency)
  }
}
