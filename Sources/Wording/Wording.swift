import Foundation
import SupportPolicy

/// How Podpora words times, support hours, amounts and counts for people, in one language and on the support
/// policy's clock. Every page, mail and file builds its texts here, so that the time zone and the hours of the policy
/// file (POLICY_FILE) are the ones shown, and each format is written once.
///
/// Slovenian: `25. 11. 2026`, `10.05`, `1.234,50 €`, "ob delavnikih od 7.30 do 15.00". English: `25 Nov 2026`,
/// `10:05`, `€1,234.50`, "on working days from 07:30 to 15:00" (for a policy open 07:30–15:00).
public struct Wording: Sendable {
  public let language: Language
  /// The support desk's zone: every wall-clock time shown is in it.
  public let timeZone: TimeZone
  /// When the desk is open on an ordinary working day.
  public let hours: SupportHours

  public init(_ language: Language, timeZone: TimeZone = .ljubljana, hours: SupportHours = .standard) {
    self.language = language
    self.timeZone = timeZone
    self.hours = hours
  }

  /// The wording of a policy: its zone and its support hours.
  public init(_ language: Language, policy: PolicyConfiguration) {
    self.init(language, timeZone: policy.timeZone, hours: policy.supportHours)
  }

  /// The same policy worded in another language, e.g. for a mail in the recipient's language.
  public func speaking(_ language: Language) -> Wording {
    Wording(language, timeZone: timeZone, hours: hours)
  }

  /// Picks the text for this wording's language.
  public func pick(_ sl: String, _ en: String) -> String { language.pick(sl, en) }
}

// MARK: - Days and instants

extension Wording {
  static let shortMonths = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

  /// The civil day of an instant in the desk's zone.
  public func day(of instant: Date) -> LocalDate { ISO8601.localDate(of: instant, in: timeZone) }

  /// `25. 11. 2026` / `25 Nov 2026`.
  public func date(_ day: LocalDate) -> String {
    pick("\(day.day). \(day.month). \(day.year)", "\(day.day) \(Self.shortMonths[day.month - 1]) \(day.year)")
  }

  /// The instant's day: `25. 11. 2026` / `25 Nov 2026`.
  public func date(_ instant: Date) -> String { date(day(of: instant)) }

  /// The instant's wall-clock time: `9.05` / `09:05`.
  public func time(_ instant: Date) -> String { clock(minuteOfDay(instant)) }

  /// A time of day as the policy writes it: `7.30` / `07:30`.
  public func clock(_ time: TimeOfDay) -> String { clock(time.minutes) }

  /// An instant in a sentence: `25. 11. 2026 ob 10.05` / `25 Nov 2026, 10:05`.
  public func dateTime(_ instant: Date) -> String {
    date(instant) + pick(" ob ", ", ") + time(instant)
  }

  /// An instant in a table or a list, with the 24-hour clock in both languages: `25. 11. 2026 10:05` /
  /// `25 Nov 2026 10:05`.
  public func timestamp(_ instant: Date) -> String {
    date(instant) + " " + Self.twoDigits(minuteOfDay(instant) / 60) + ":" + Self.twoDigits(minuteOfDay(instant) % 60)
  }

  /// When support can start, as a customer reads it: "v ponedeljek, 30. 11. 2026, ob 7.30" /
  /// "Monday 30 November 2026 at 07:30".
  public func supportTime(_ instant: Date) -> String {
    pick(SupportTimeWording.slovenian(instant, in: timeZone), SupportTimeWording.english(instant, in: timeZone))
  }

  /// For machines (`<time datetime>`, API fields, audit details, CSV): ISO 8601 in whole seconds with the zone's
  /// offset, `2026-11-25T10:00:00+01:00`.
  public func machine(_ instant: Date) -> String {
    ISO8601.format(
      Date(timeIntervalSinceReferenceDate: instant.timeIntervalSinceReferenceDate.rounded(.down)), in: timeZone)
  }

  /// The value of an `<input type="datetime-local">`: `2026-11-25T10:05`, in the desk's zone.
  public func field(_ instant: Date) -> String { String(machine(instant).prefix(16)) }

  /// Reads an `<input type="datetime-local">` value (`2026-11-25T10:05`, seconds optional) as a wall-clock time in
  /// the desk's zone; nil when it is not one.
  public func instant(field text: String) -> Date? {
    let parts = text.trimmingCharacters(in: .whitespaces).split(whereSeparator: { "-T:".contains($0) }).compactMap {
      Int($0)
    }
    guard parts.count == 5 || parts.count == 6, (1...12).contains(parts[1]), (1...31).contains(parts[2]),
      (0...23).contains(parts[3]), (0...59).contains(parts[4])
    else { return nil }
    var components = DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4])
    components.second = parts.count == 6 ? parts[5] : 0
    return calendar.date(from: components)
  }

  /// Local midnight at the start of a day in the desk's zone.
  public func start(of day: LocalDate) -> Date { day.start(in: timeZone) }

  private var calendar: Calendar {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    return calendar
  }

  private func minuteOfDay(_ instant: Date) -> Int {
    let local = instant.timeIntervalSinceReferenceDate + Double(timeZone.secondsFromGMT(for: instant))
    let seconds = Int(local.rounded(.down))
    return ((seconds % 86_400 + 86_400) % 86_400) / 60
  }

  private func clock(_ minutes: Int) -> String {
    pick("\(minutes / 60).", Self.twoDigits(minutes / 60) + ":") + Self.twoDigits(minutes % 60)
  }

  static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

// MARK: - Support hours

extension Wording {
  /// The support hours in a sentence: "ob delavnikih od 7.30 do 15.00" / "on working days from 07:30 to 15:00".
  /// Other weekdays than Monday to Friday are named: "od ponedeljka do sobote od 7.30 do 15.00".
  public var supportHours: String {
    supportDays
      + pick(" od \(clock(hours.open)) do \(clock(hours.close))", " from \(clock(hours.open)) to \(clock(hours.close))")
  }

  /// The support hours for a note: "pon–pet 7.30–15.00" / "Mon–Fri 07:30–15:00".
  public var supportHoursBrief: String {
    let days = Self.runs(hours.weekdays).map { run in
      run.count == 1 ? abbreviation(run[0]) : abbreviation(run[0]) + "–" + abbreviation(run[run.count - 1])
    }
    return days.joined(separator: ", ") + " " + clock(hours.open) + "–" + clock(hours.close)
  }

  /// The days of the support hours: "ob delavnikih" / "on working days" for Monday to Friday, else named.
  public var supportDays: String {
    if hours.weekdays == [.monday, .tuesday, .wednesday, .thursday, .friday] {
      return pick("ob delavnikih", "on working days")
    }
    let runs = Self.runs(hours.weekdays)
    if runs.count == 1, runs[0].count > 2 {
      let (first, last) = (runs[0][0], runs[0][runs[0].count - 1])
      return pick(
        "od \(Self.genitive[first]!) do \(Self.genitive[last]!)", "\(first.englishName) to \(last.englishName)")
    }
    let names = hours.weekdays.map { pick(Self.pluralLocative[$0]!, $0.englishName + "s") }
    return pick("ob ", "on ") + list(names)
  }

  /// `a, b in c` / `a, b and c`.
  public func list(_ items: [String]) -> String {
    guard items.count > 1 else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + pick(" in ", " and ") + items[items.count - 1]
  }

  private func abbreviation(_ day: Weekday) -> String {
    pick(String(day.slovenianName.prefix(3)), String(day.englishName.prefix(3)))
  }

  /// Consecutive weekdays grouped: Mon, Tue, Wed, Sat → [[Mon, Tue, Wed], [Sat]].
  static func runs(_ days: [Weekday]) -> [[Weekday]] {
    var runs: [[Weekday]] = []
    for day in days.sorted() {
      if let last = runs.last?.last, last.isoNumber + 1 == day.isoNumber {
        runs[runs.count - 1].append(day)
      } else {
        runs.append([day])
      }
    }
    return runs
  }

  static let genitive: [Weekday: String] = [
    .monday: "ponedeljka", .tuesday: "torka", .wednesday: "srede", .thursday: "četrtka", .friday: "petka",
    .saturday: "sobote", .sunday: "nedelje",
  ]

  static let pluralLocative: [Weekday: String] = [
    .monday: "ponedeljkih", .tuesday: "torkih", .wednesday: "sredah", .thursday: "četrtkih", .friday: "petkih",
    .saturday: "sobotah", .sunday: "nedeljah",
  ]
}

// MARK: - Durations

extension Wording {
  /// A span of time: `45 min`, `2 h 05 min`; a negative span (time overdue) gets a minus sign, `−15 min`.
  public func duration(seconds: Int) -> String {
    let sign = seconds < 0 ? "−" : ""
    let minutes = abs(seconds) / 60
    if minutes < 60 { return "\(sign)\(minutes) min" }
    return "\(sign)\(minutes / 60) h \(Self.twoDigits(minutes % 60)) min"
  }

  /// A span of time, or `—` when there is no data.
  public func duration(seconds: Int?) -> String {
    seconds.map { duration(seconds: $0) } ?? "—"
  }
}

// MARK: - Money and numbers

extension Wording {
  /// An amount in euro with thousands grouped and two decimals: `1.234,50 €` / `€1,234.50`.
  public func money(cents: Int) -> String {
    let (sign, whole, fraction) = Self.parts(cents)
    return pick(
      sign + whole.joined(separator: ".") + "," + fraction + "\u{00A0}€",
      sign + "€" + whole.joined(separator: ",") + "." + fraction)
  }

  /// Parses a typed amount: `30`, `30,5`, `30.50`, `1.234,50`; nil when it is not an amount with at most two
  /// decimals.
  public static func cents(_ raw: String) -> Int? {
    var text = raw.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "€", with: "")
      .trimmingCharacters(in: .whitespaces)
    // The last separator is the decimal one; the others group thousands.
    if let last = text.lastIndex(where: { $0 == "," || $0 == "." }), text.distance(from: last, to: text.endIndex) <= 3 {
      let head = text[..<last].filter { $0 != "," && $0 != "." }
      text = head + "." + text[text.index(after: last)...]
    } else {
      text = text.filter { $0 != "," && $0 != "." }
    }
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 9,
      parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }), let whole = Int(parts[0])
    else { return nil }
    guard parts.count == 2 else { return whole * 100 }
    let fraction = String(parts[1])
    guard (1...2).contains(fraction.count), let value = Int(fraction) else { return nil }
    return whole * 100 + (fraction.count == 1 ? value * 10 : value)
  }

  /// A price-list amount with its currency code: `60,00 EUR` / `EUR 60.00`.
  public func money(_ amount: Money, currency: String) -> String {
    let (sign, whole, fraction) = Self.parts(Int(amount.cents))
    return pick(
      sign + whole.joined(separator: ".") + "," + fraction + " " + currency,
      currency + " " + sign + whole.joined(separator: ",") + "." + fraction)
  }

  /// A percentage as the price list states it: `22 %` / `22%`, with a decimal comma in Slovenian (`9,5 %`).
  public func percent(_ value: Double) -> String {
    let text = value == value.rounded() ? String(Int(value)) : String(value)
    return pick(text.replacingOccurrences(of: ".", with: ",") + "\u{00A0}%", text + "%")
  }

  /// A share in a report, rounded to a whole percent: `42 %`; `—` without data.
  public func share(_ fraction: Double?) -> String {
    guard let fraction else { return "—" }
    return "\(Int((fraction * 100).rounded())) %"
  }

  /// The sign, the thousands groups and the two decimals of an amount in cents.
  static func parts(_ cents: Int) -> (sign: String, whole: [String], fraction: String) {
    let digits = String(abs(cents) / 100)
    var groups: [String] = []
    var rest = Substring(digits)
    while rest.count > 3 {
      groups.insert(String(rest.suffix(3)), at: 0)
      rest = rest.dropLast(3)
    }
    groups.insert(String(rest), at: 0)
    return (cents < 0 ? "-" : "", groups, twoDigits(abs(cents) % 100))
  }
}

// MARK: - Machine-readable numbers (CSV files)

extension Wording {
  /// `60.00`, `-5.00`: an amount for files, always with a decimal point and no grouping.
  public static func decimal(cents: Int) -> String {
    let (sign, whole, fraction) = parts(cents)
    return sign + whole.joined() + "." + fraction
  }

  /// Hours with two decimals (`3.17`); empty without data.
  public static func decimalHours(seconds: Int?) -> String {
    guard let seconds else { return "" }
    return String(format: "%.2f", Double(seconds) / 3600)
  }

  /// A share with four decimals (`0.4000`); empty without data.
  public static func decimalShare(_ fraction: Double?) -> String {
    guard let fraction else { return "" }
    return String(format: "%.4f", fraction)
  }
}
