import Foundation

/// The rules of billing that are the vendor's promise to customers rather than configuration.
public enum BillingRules {
  /// A charge may be disputed through the 14th calendar day after the day it was billed.
  public static let disputeWindowDays = 14

  /// The last local day on which an item billed at `billedAt` may be disputed.
  public static func lastDisputeDay(billedAt: Date, timeZone: TimeZone = .ljubljana) -> LocalDate {
    ISO8601.localDate(of: billedAt, in: timeZone).adding(days: disputeWindowDays)
  }

  /// Counted in calendar days of the customer's zone, so "within 14 days" means the same on every clock:
  /// billed on 1 December, the last day to dispute is 15 December.
  public static func canDispute(billedAt: Date, now: Date, timeZone: TimeZone = .ljubljana) -> Bool {
    let today = ISO8601.localDate(of: now, in: timeZone)
    return today >= ISO8601.localDate(of: billedAt, in: timeZone)
      && today <= lastDisputeDay(billedAt: billedAt, timeZone: timeZone)
  }
}

/// A calendar month of the billing zone (`2026-11`): statements and accounting exports are per month.
public struct BillingMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let year: Int
  public let month: Int

  public init?(year: Int, month: Int) {
    guard (2000...9999).contains(year), (1...12).contains(month) else { return nil }
    self.year = year
    self.month = month
  }

  /// Exactly `YYYY-MM`.
  public init?(_ text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard text.count == 7, parts.count == 2, parts[0].count == 4, parts[1].count == 2,
      parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
      let year = Int(parts[0]), let month = Int(parts[1])
    else { return nil }
    self.init(year: year, month: month)
  }

  /// The month the instant falls in, in the zone.
  public init(containing date: Date, timeZone: TimeZone = .ljubljana) {
    let day = ISO8601.localDate(of: date, in: timeZone)
    year = day.year
    month = day.month
  }

  public var description: String { "\(year)-\(ASCIIDigits.padded(month, 2))" }

  public var previous: BillingMonth {
    month == 1 ? BillingMonth(year: year - 1, month: 12)! : BillingMonth(year: year, month: month - 1)!
  }

  public var next: BillingMonth {
    month == 12 ? BillingMonth(year: year + 1, month: 1)! : BillingMonth(year: year, month: month + 1)!
  }

  /// The first instant of the month and the first instant of the next one, in the zone (daylight saving included).
  public func interval(in timeZone: TimeZone = .ljubljana) -> (start: Date, end: Date) {
    (
      Self.startOfMonth(year: year, month: month, timeZone),
      Self.startOfMonth(year: next.year, month: next.month, timeZone)
    )
  }

  public static func < (lhs: BillingMonth, rhs: BillingMonth) -> Bool {
    (lhs.year, lhs.month) < (rhs.year, rhs.month)
  }

  private static func startOfMonth(year: Int, month: Int, _ timeZone: TimeZone) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    return calendar.date(from: DateComponents(year: year, month: month, day: 1, hour: 0, minute: 0))!
  }
}
