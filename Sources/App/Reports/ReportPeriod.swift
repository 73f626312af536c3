import Foundation
import SupportPolicy

public enum ReportGranularity: String, Sendable, CaseIterable {
  case week, month
}

/// A calendar week (Monday to Sunday) or month in the policy's time zone, as the supervisor picks it on the page.
struct ReportPeriod: Sendable, Equatable {
  var granularity: ReportGranularity
  /// The first day of the period and the first day after it.
  var first: LocalDate
  var after: LocalDate
  /// Where the days begin and end: the policy's zone.
  var timeZone: TimeZone

  /// The week or month that holds `day`.
  init(_ granularity: ReportGranularity, containing day: LocalDate, in timeZone: TimeZone) {
    self.granularity = granularity
    self.timeZone = timeZone
    switch granularity {
    case .week:
      first = day.adding(days: -Self.daysSinceMonday(day))
      after = first.adding(days: 7)
    case .month:
      first = LocalDate(year: day.year, month: day.month, day: 1)!
      after =
        day.month == 12
        ? LocalDate(year: day.year + 1, month: 1, day: 1)! : LocalDate(year: day.year, month: day.month + 1, day: 1)!
    }
  }

  private static func daysSinceMonday(_ day: LocalDate) -> Int {
    // 1970-01-05 was a Monday.
    ((day.daysSince1970 - 4) % 7 + 7) % 7
  }

  /// Midnight at the start of the period, in the policy's zone.
  var start: Date { first.start(in: timeZone) }
  var end: Date { after.start(in: timeZone) }

  var previous: ReportPeriod { ReportPeriod(granularity, containing: first.adding(days: -1), in: timeZone) }
  var next: ReportPeriod { ReportPeriod(granularity, containing: after, in: timeZone) }

  /// The `count` periods that end with this one, oldest first: the trend a chart shows.
  func trailing(_ count: Int) -> [ReportPeriod] {
    var periods = [self]
    while periods.count < count { periods.insert(periods[0].previous, at: 0) }
    return periods
  }

  /// `2026-11` for a month, `2026-11-23` (its Monday) for a week: in URLs, CSV and chart labels.
  var label: String {
    granularity == .month ? String(first.description.prefix(7)) : first.description
  }

  func title(_ l: Language) -> String {
    switch granularity {
    case .month: return l.pick("mesec \(label)", "month \(label)")
    case .week:
      let last = after.adding(days: -1)
      return l.pick("teden \(first) – \(last)", "week \(first) – \(last)")
    }
  }

  /// Reads `?period=week|month&at=YYYY-MM-DD` (or `YYYY-MM`); anything missing or malformed falls back to the
  /// period holding `now`.
  static func parse(granularity: String?, at: String?, now: Date, in timeZone: TimeZone) -> ReportPeriod {
    let kind = granularity.flatMap(ReportGranularity.init(rawValue:)) ?? .month
    let today = ISO8601.localDate(of: now, in: timeZone)
    var day = at.flatMap { LocalDate($0) } ?? at.flatMap { LocalDate($0 + "-01") } ?? today
    if day.year < 2000 || day > today { day = today }
    return ReportPeriod(kind, containing: day, in: timeZone)
  }
}
