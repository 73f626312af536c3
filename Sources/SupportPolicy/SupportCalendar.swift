import Foundation

/// A wall-clock time of day in the support desk's zone, `HH:MM`; `24:00` is allowed as a closing time.
public struct TimeOfDay: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
  /// Minutes since local midnight, 0...1440.
  public let minutes: Int

  public init?(hour: Int, minute: Int = 0) {
    guard (0...24).contains(hour), (0...59).contains(minute), hour * 60 + minute <= 1440 else { return nil }
    minutes = hour * 60 + minute
  }

  /// Parses `HH:MM` (or `H:MM`).
  public init?(_ text: String) {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
      parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
      let hour = Int(parts[0]), let minute = Int(parts[1])
    else { return nil }
    self.init(hour: hour, minute: minute)
  }

  public var description: String { ASCIIDigits.padded(minutes / 60, 2) + ":" + ASCIIDigits.padded(minutes % 60, 2) }

  public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool { lhs.minutes < rhs.minutes }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let time = TimeOfDay(text) else {
      throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(text)\" is not a time HH:MM")
    }
    self = time
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}

/// When the desk is open on an ordinary working day.
public struct SupportHours: Hashable, Sendable {
  public var open: TimeOfDay
  public var close: TimeOfDay
  public var weekdays: [Weekday]

  public init(open: TimeOfDay, close: TimeOfDay, weekdays: [Weekday]) {
    self.open = open
    self.close = close
    self.weekdays = Array(Set(weekdays)).sorted()
  }

  /// The vendor's published hours: Monday to Friday, from the opening to the closing hour given here. Every other
  /// place reads them from the policy.
  public static let standard = SupportHours(
    open: TimeOfDay(hour: 8)!, close: TimeOfDay(hour: 16)!,
    weekdays: [.monday, .tuesday, .wednesday, .thursday, .friday])
}

/// A day the desk is closed although it would be a working day (e.g. a company holiday).
public struct ExtraClosedDay: Hashable, Sendable {
  public var date: LocalDate
  public var name: String?

  public init(date: LocalDate, name: String? = nil) {
    self.date = date
    self.name = name
  }
}

/// A period the desk is open although the regular hours say closed (e.g. a Saturday before a deadline).
public struct OpenWindow: Hashable, Sendable {
  public var from: Date
  public var to: Date

  public init(from: Date, to: Date) {
    self.from = from
    self.to = to
  }
}

/// Support-hours arithmetic: which instants are open, and how much open time lies between instants.
///
/// Open time is the union of the regular hours on working days (the configured weekdays minus Slovenian work-free
/// holidays and extra closed days) and the extra open windows. Open intervals are half-open: the opening minute is
/// open, the closing minute is closed. Everything is computed in real elapsed seconds on instants, so DST days come
/// out right: the hours are placed on each local day with Foundation's calendar in the configured zone.
///
/// Time before 1583 (Foundation's calendar is Julian before the Gregorian reform) and after 9999 is closed, so
/// that nonsense instants cannot trap.
///
/// Speed: each year is turned once into a sorted list of open intervals with running totals (cached per calendar
/// value and shared by its copies), so `add`, `openSeconds`, `isOpen` and `nextOpening` are binary searches that
/// skip whole days, weeks and years without touching Foundation's calendar.
public struct SupportCalendar: Sendable {
  public let timeZone: TimeZone
  public let hours: SupportHours
  public let extraClosedDays: [ExtraClosedDay]
  public let extraOpenWindows: [OpenWindow]
  private let tables: YearTables

  public init(
    timeZone: TimeZone = .ljubljana, hours: SupportHours = .standard, extraClosedDays: [ExtraClosedDay] = [],
    extraOpenWindows: [OpenWindow] = []
  ) {
    self.timeZone = timeZone
    self.hours = hours
    self.extraClosedDays = extraClosedDays
    self.extraOpenWindows = extraOpenWindows
    self.tables = YearTables(
      timeZone: timeZone, hours: hours, closedDays: Set(extraClosedDays.map(\.date.daysSince1970)),
      windows: extraOpenWindows)
  }

  /// Whether support is open at the instant (the opening minute is open, the closing minute is closed).
  public func isOpen(at instant: Date) -> Bool {
    let t = instant.timeIntervalSinceReferenceDate
    let table = tables.table(containing: t)
    let i = table.lastInterval(startingAtOrBefore: t)
    return i >= 0 && t < table.ends[i]
  }

  /// The first open instant at or after the given one: the instant itself when support is open then.
  public func nextOpening(after instant: Date) -> Date {
    let t = instant.timeIntervalSinceReferenceDate
    var table = tables.table(containing: t)
    let i = table.lastInterval(startingAtOrBefore: t)
    if i >= 0 && t < table.ends[i] { return instant }
    if i + 1 < table.starts.count { return Date(timeIntervalSinceReferenceDate: table.starts[i + 1]) }
    for _ in 0..<YearTables.searchLimitYears where table.year < YearTables.lastYear {
      table = tables.table(year: table.year + 1)
      if let first = table.starts.first { return Date(timeIntervalSinceReferenceDate: first) }
    }
    return .distantFuture
  }

  /// The end of the open period containing the instant, or nil when support is closed then.
  public func closing(after instant: Date) -> Date? {
    let t = instant.timeIntervalSinceReferenceDate
    let table = tables.table(containing: t)
    let i = table.lastInterval(startingAtOrBefore: t)
    guard i >= 0 && t < table.ends[i] else { return nil }
    return Date(timeIntervalSinceReferenceDate: table.ends[i])
  }

  /// The instant after `seconds` of open support time counted from `start`.
  ///
  /// Counting from a closed instant starts at the next opening, so adding 0 to a closed instant gives the next
  /// opening (and adding 0 to an open instant gives the instant itself). A span that ends exactly when support
  /// closes ends at the closing instant, not at the next opening. So the result is always an open instant
  /// or a closing instant. Negative spans are treated as 0: support time is never counted backwards.
  public func add(seconds: Int, to start: Date) -> Date {
    guard seconds > 0 else { return nextOpening(after: start) }
    let t = start.timeIntervalSinceReferenceDate
    var table = tables.table(containing: t)
    var target = table.openSeconds(before: t) + Double(seconds)
    // More than every second until the last year: no need to walk there year by year.
    guard target <= Double(YearTables.lastYear - table.year + 1) * 366 * 86_400 else { return .distantFuture }
    var emptyYears = 0
    while emptyYears < YearTables.searchLimitYears && table.year < YearTables.lastYear {
      if target <= table.total {
        let i = table.firstInterval(reaching: target)
        return Date(timeIntervalSinceReferenceDate: table.starts[i] + (target - table.before[i]))
      }
      target -= table.total
      emptyYears = table.total > 0 ? 0 : emptyYears + 1
      table = tables.table(year: table.year + 1)
    }
    return .distantFuture
  }

  /// Open support seconds in [from, to), truncated to whole seconds; negative when `to` is before `from`.
  public func openSeconds(from: Date, to: Date) -> Int {
    if to < from { return -openSeconds(from: to, to: from) }
    let a = from.timeIntervalSinceReferenceDate
    let b = to.timeIntervalSinceReferenceDate
    let first = tables.table(containing: a)
    let last = tables.table(containing: b)
    if first.year == last.year {
      return Int((last.openSeconds(before: b) - first.openSeconds(before: a)).rounded(.towardZero))
    }
    var total = first.total - first.openSeconds(before: a)
    var year = first.year + 1
    while year < last.year {
      total += tables.table(year: year).total
      year += 1
    }
    total += last.openSeconds(before: b)
    return Int(total.rounded(.towardZero))
  }

  /// Whether the day has regular support hours (a configured weekday that is neither a work-free holiday nor an
  /// extra closed day). Extra open windows do not make a day a working day.
  public func isWorkingDay(_ date: LocalDate) -> Bool { tables.isWorkingDay(date.daysSince1970) }

  /// The open intervals that start on the local day, in order.
  public func openIntervals(on date: LocalDate) -> [DateInterval] {
    let dayStart = tables.instant(localDay: date.daysSince1970, minute: 0)
    let dayEnd = tables.instant(localDay: date.daysSince1970 + 1, minute: 0)
    var table = tables.table(containing: dayStart)
    var result: [DateInterval] = []
    var i = max(0, table.lastInterval(startingAtOrBefore: dayStart))
    while true {
      if i >= table.starts.count {
        guard table.end < dayEnd else { break }
        table = tables.table(year: table.year + 1)
        i = 0
        continue
      }
      let start = table.starts[i]
      let end = table.ends[i]
      if start >= dayEnd { break }
      if start >= dayStart {
        result.append(
          DateInterval(
            start: Date(timeIntervalSinceReferenceDate: start), end: Date(timeIntervalSinceReferenceDate: end)))
      }
      i += 1
    }
    return result
  }

  /// Every Slovenian public holiday of the year, with whether it is work-free. Holidays that are not work-free
  /// are listed, but support stays open on them.
  public func holidays(year: Int) -> [Holiday] { SlovenianHolidays.holidays(year: year) }

  /// The days of the year that close the desk beyond the weekly pattern: every work-free public holiday (also
  /// one that falls on a weekend, since it is a work-free day by law) and every configured extra closed day,
  /// in date order, one entry per date (a holiday's name wins over an extra closed day's).
  public func closedDays(year: Int) -> [Holiday] {
    var byDate: [LocalDate: Holiday] = [:]
    for day in extraClosedDays where day.date.year == year {
      byDate[day.date] = Holiday(
        date: day.date, slovenianName: day.name ?? "dodaten dela prost dan podpore",
        englishName: day.name ?? "extra support closing day", isWorkFree: true)
    }
    for holiday in SlovenianHolidays.holidays(year: year) where holiday.isWorkFree {
      byDate[holiday.date] = holiday
    }
    return byDate.values.sorted { $0.date < $1.date }
  }
}

/// One local year's open intervals with running totals. Immutable once built.
final class YearTable: Sendable {
  let year: Int
  /// Instants (seconds since the reference date) of local 1 January 00:00 of this year and of the next.
  let start: Double
  let end: Double
  let starts: [Double]
  let ends: [Double]
  /// Open seconds of this year before interval i starts, and after it ends.
  let before: [Double]
  let after: [Double]
  let total: Double

  init(year: Int, start: Double, end: Double, intervals: [(Double, Double)]) {
    self.year = year
    self.start = start
    self.end = end
    starts = intervals.map(\.0)
    ends = intervals.map(\.1)
    var running = 0.0
    var before: [Double] = []
    var after: [Double] = []
    before.reserveCapacity(intervals.count)
    after.reserveCapacity(intervals.count)
    for (from, to) in intervals {
      before.append(running)
      running += to - from
      after.append(running)
    }
    self.before = before
    self.after = after
    total = running
  }

  /// The index of the last interval starting at or before t, or -1.
  @inline(__always)
  func lastInterval(startingAtOrBefore t: Double) -> Int {
    var low = 0
    var high = starts.count
    while low < high {
      let mid = (low + high) >> 1
      if starts[mid] <= t { low = mid + 1 } else { high = mid }
    }
    return low - 1
  }

  /// The index of the first interval by whose end the year's open time reaches `target` (> 0).
  @inline(__always)
  func firstInterval(reaching target: Double) -> Int {
    var low = 0
    var high = after.count - 1
    while low < high {
      let mid = (low + high) >> 1
      if after[mid] >= target { high = mid } else { low = mid + 1 }
    }
    return low
  }

  /// Open seconds of this year before the instant t (which lies in this year).
  @inline(__always)
  func openSeconds(before t: Double) -> Double {
    let i = lastInterval(startingAtOrBefore: t)
    guard i >= 0 else { return 0 }
    return before[i] + (min(t, ends[i]) - starts[i])
  }
}

/// The per-calendar cache of year tables. A class so that copies of a calendar share what was computed; the lock
/// makes it safe to share between tasks.
final class YearTables: @unchecked Sendable {
  /// How far ahead `nextOpening` and `add` look for open time before giving up (a calendar with no open day).
  static let searchLimitYears = 50
  /// Support hours exist from the first Gregorian year (Foundation's calendar is Julian before October 1582)
  /// to the last year dates are written in; time outside is closed, and `add` gives up at the end.
  static let firstYear = 1583
  static let lastYear = 9999
  static let firstDay = Double(CivilDays.days(year: 0, month: 1, day: 1))
  static let lastDay = Double(CivilDays.days(year: lastYear + 1, month: 12, day: 31))

  private let calendar: Calendar
  private let openMinute: Int
  private let closeMinute: Int
  private let weekdayIsOpen: [Bool]
  private let closedDays: Set<Int>
  private let windows: [(Double, Double)]
  private let lock = NSLock()
  private var byYear: [Int: YearTable] = [:]
  private var lastUsed: YearTable?

  init(timeZone: TimeZone, hours: SupportHours, closedDays: Set<Int>, windows: [OpenWindow]) {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    self.calendar = calendar
    openMinute = hours.open.minutes
    closeMinute = hours.close.minutes
    weekdayIsOpen = Weekday.allCases.map { hours.weekdays.contains($0) }
    self.closedDays = closedDays
    self.windows = windows.filter { $0.from < $0.to }.map {
      ($0.from.timeIntervalSinceReferenceDate, $0.to.timeIntervalSinceReferenceDate)
    }
  }

  func table(containing t: Double) -> YearTable {
    lock.lock()
    defer { lock.unlock() }
    if let last = lastUsed, t >= last.start, t < last.end { return last }
    // Clamped so that absurd instants (Date.distantPast, a corrupted timestamp) land in a closed edge year.
    let days = ((t + CivilDays.unixToReference) / 86_400).rounded(.down)
    let unixDays = Int(min(max(days.isNaN ? 0 : days, Self.firstDay), Self.lastDay))
    var year = CivilDays.civil(fromDays: unixDays).year
    var table = lockedTable(year: year)
    // The UTC year and the local year differ for a few hours around New Year.
    if t < table.start {
      year -= 1
      table = lockedTable(year: year)
    } else if t >= table.end {
      year += 1
      table = lockedTable(year: year)
    }
    lastUsed = table
    return table
  }

  func table(year: Int) -> YearTable {
    lock.lock()
    defer { lock.unlock() }
    return lockedTable(year: year)
  }

  private func lockedTable(year: Int) -> YearTable {
    if let table = byYear[year] { return table }
    let table = build(year: year)
    byYear[year] = table
    return table
  }

  func isWorkingDay(_ day: Int) -> Bool {
    let year = CivilDays.civil(fromDays: day).year
    return isWorkingDay(day, holidays: SlovenianHolidays.workFreeDays(year: year))
  }

  private func isWorkingDay(_ day: Int, holidays: Set<Int>) -> Bool {
    weekdayIsOpen[Weekday(daysSince1970: day).isoNumber - 1] && !holidays.contains(day) && !closedDays.contains(day)
  }

  /// The instant of a local wall-clock time; minute 1440 is the next day's midnight.
  func instant(localDay day: Int, minute: Int) -> Double {
    let (y, m, d) = CivilDays.civil(fromDays: day + minute / 1440)
    let components = DateComponents(year: y, month: m, day: d, hour: (minute % 1440) / 60, minute: minute % 60)
    return calendar.date(from: components)!.timeIntervalSinceReferenceDate
  }

  private func build(year: Int) -> YearTable {
    let firstDay = CivilDays.days(year: year, month: 1, day: 1)
    let nextFirstDay = CivilDays.days(year: year + 1, month: 1, day: 1)
    let start = instant(localDay: firstDay, minute: 0)
    let end = instant(localDay: nextFirstDay, minute: 0)
    let holidays = SlovenianHolidays.workFreeDays(year: year)
    var intervals: [(Double, Double)] = []
    intervals.reserveCapacity(262)
    let hasRegularHours = (Self.firstYear...Self.lastYear).contains(year)
    for day in firstDay..<nextFirstDay where hasRegularHours && isWorkingDay(day, holidays: holidays) {
      intervals.append((instant(localDay: day, minute: openMinute), instant(localDay: day, minute: closeMinute)))
    }
    for (from, to) in windows where from < end && to > start {
      intervals.append((max(from, start), min(to, end)))
    }
    intervals.sort { $0.0 < $1.0 }
    // Overlapping or touching intervals become one, so that an extra window starting at closing time keeps that
    // minute open.
    var merged: [(Double, Double)] = []
    merged.reserveCapacity(intervals.count)
    for interval in intervals where interval.0 < interval.1 {
      if let last = merged.last, interval.0 <= last.1 {
        merged[merged.count - 1].1 = max(last.1, interval.1)
      } else {
        merged.append(interval)
      }
    }
    return YearTable(year: year, start: start, end: end, intervals: merged)
  }
}
