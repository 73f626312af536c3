import Foundation

/// A calendar day without a time or a zone, written `YYYY-MM-DD`.
///
/// Policy dates (holidays, trainings, extra closed days) are days in the support desk's own zone, so they
/// are kept as plain civil dates and never converted through an instant.
public struct LocalDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
  public let year: Int
  public let month: Int
  public let day: Int

  /// Returns nil for dates that do not exist (30 February, month 13).
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month),
      (1...CivilDays.daysInMonth(year: year, month: month)).contains(day)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  init(daysSince1970 days: Int) {
    let (y, m, d) = CivilDays.civil(fromDays: days)
    self.year = y
    self.month = m
    self.day = d
  }

  /// Parses exactly `YYYY-MM-DD`.
  public init?(_ text: String) {
    let bytes = Array(text.utf8)
    guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
      let y = ASCIIDigits.number(bytes, 0, 4), let m = ASCIIDigits.number(bytes, 5, 2),
      let d = ASCIIDigits.number(bytes, 8, 2)
    else { return nil }
    self.init(year: y, month: m, day: d)
  }

  /// Days since 1970-01-01; differences of these are whole-day distances.
  public var daysSince1970: Int { CivilDays.days(year: year, month: month, day: day) }

  public var weekday: Weekday { Weekday(daysSince1970: daysSince1970) }

  public func adding(days: Int) -> LocalDate { LocalDate(daysSince1970: daysSince1970 + days) }

  /// The instant the day begins in a zone (local midnight; the first instant of the day when a DST change skips
  /// midnight).
  public func start(in timeZone: TimeZone) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    return calendar.startOfDay(for: calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12))!)
  }

  public var description: String {
    ASCIIDigits.padded(year, 4) + "-" + ASCIIDigits.padded(month, 2) + "-" + ASCIIDigits.padded(day, 2)
  }

  public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
    (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let date = LocalDate(text) else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "\"\(text)\" is not a date written YYYY-MM-DD")
    }
    self = date
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}

/// Days of the week, Monday first as in Slovenia (ISO 8601).
public enum Weekday: String, CaseIterable, Codable, Sendable, Comparable {
  case monday, tuesday, wednesday, thursday, friday, saturday, sunday

  /// 1 for Monday … 7 for Sunday.
  public var isoNumber: Int { Weekday.allCases.firstIndex(of: self)! + 1 }

  init(daysSince1970 days: Int) {
    // 1970-01-01 was a Thursday (index 3 when Monday is 0).
    let index = ((days % 7) + 7 + 3) % 7
    self = Weekday.allCases[index]
  }

  public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.isoNumber < rhs.isoNumber }

  public var slovenianName: String {
    switch self {
    case .monday: "ponedeljek"
    case .tuesday: "torek"
    case .wednesday: "sreda"
    case .thursday: "četrtek"
    case .friday: "petek"
    case .saturday: "sobota"
    case .sunday: "nedelja"
    }
  }

  /// The form after the preposition "v" ("v sredo", "v soboto").
  var slovenianAccusative: String {
    switch self {
    case .wednesday: "sredo"
    case .saturday: "soboto"
    case .sunday: "nedeljo"
    default: slovenianName
    }
  }

  public var englishName: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

/// Proleptic Gregorian day arithmetic (H. Hinnant's algorithms), so that hot paths need no Foundation calendar.
enum CivilDays {
  static func isLeapYear(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

  static func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 2: isLeapYear(year) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  static func days(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    return (year, month, day)
  }

  /// Seconds between 1970-01-01 and Foundation's reference date 2001-01-01.
  static let unixToReference: Double = 978_307_200
}

enum ASCIIDigits {
  static func number(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
    guard start >= 0, start + count <= bytes.count else { return nil }
    var value = 0
    for index in start..<(start + count) {
      let byte = bytes[index]
      guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
      value = value * 10 + Int(byte - UInt8(ascii: "0"))
    }
    return value
  }

  static func padded(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
  }
}
