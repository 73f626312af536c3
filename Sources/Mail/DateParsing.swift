import Foundation

/// RFC 5322 date-time parsing and formatting, done by hand so that it is deterministic, needs no
/// locale and accepts the obsolete forms real mail uses (two-digit years, named zones, missing
/// seconds, day names without a comma, asctime order, comments).
enum MailDate {
  private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

  private static let namedZones: [String: Int] = [
    "ut": 0, "utc": 0, "gmt": 0, "z": 0, "wet": 0, "bst": 60, "cet": 60, "met": 60, "cest": 120,
    "mest": 120, "eet": 120, "eest": 180, "edt": -240, "est": -300, "cdt": -300, "cst": -360,
    "mdt": -360, "mst": -420, "pdt": -420, "pst": -480, "akst": -540, "akdt": -480, "hst": -600,
  ]

  static func parse(_ raw: String) -> Date? {
    let text = ParameterizedValue.stripComments(raw).lowercased()
    var tokens: [Substring] = []
    // Split on whitespace and commas, and also before a sign glued to the time ("10:00:00+0200").
    for piece in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "\r" || $0 == "\n" }) {
      if piece.contains(":"), let sign = piece.firstIndex(where: { $0 == "+" || $0 == "-" }) {
        tokens.append(piece[..<sign])
        tokens.append(piece[sign...])
      } else {
        tokens.append(piece)
      }
    }
    guard tokens.count <= 16 else { return nil }

    var day: Int?
    var month: Int?
    var year: Int?
    var yearDigits = 0
    var time: (Int, Int, Int)?
    var zoneMinutes: Int?
    for token in tokens {
      if month == nil, token.count >= 3, let index = months.firstIndex(of: String(token.prefix(3))),
        token.allSatisfy({ $0.isLetter })
      {
        month = index + 1
      } else if token.contains(":"), time == nil {
        let parts = token.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3,
          let hour = Int(parts[0]), let minute = Int(parts[1])
        else { return nil }
        var second = 0
        if parts.count == 3 {
          // Fractions of a second are not RFC 5322 but appear; ignore them.
          guard let parsed = Int(parts[2].prefix(while: { $0.isNumber })) else { return nil }
          second = parsed
        }
        time = (hour, minute, second)
      } else if let first = token.first, first == "+" || first == "-", token.count == 5,
        let value = Int(token.dropFirst()), token.dropFirst().allSatisfy({ $0.isNumber })
      {
        let minutes = (value / 100) * 60 + value % 100
        zoneMinutes = first == "-" ? -minutes : minutes
      } else if token.allSatisfy({ $0.isNumber }), let value = Int(token) {
        if day == nil, token.count <= 2 {
          day = value
        } else if year == nil {
          year = value
          yearDigits = token.count
        } else {
          return nil
        }
      } else if let offset = namedZones[String(token)] {
        if zoneMinutes == nil { zoneMinutes = offset }
      } else if token.count == 1, token.first!.isLetter, zoneMinutes == nil {
        // Military zones are unreliable (RFC 5322 4.3): read as UTC.
        zoneMinutes = 0
      }
    }
    guard let day, let month, var year, let time else { return nil }
    if yearDigits <= 2 {
      year += year < 50 ? 2000 : 1900
    } else if yearDigits == 3 {
      year += 1900
    }
    let (hour, minute, rawSecond) = time
    let second = min(rawSecond, 59)
    guard (1...12).contains(month), day >= 1, day <= daysInMonth(month, year: year),
      (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(rawSecond),
      (1000...9999).contains(year)
    else { return nil }
    let days = daysFromCivil(year: year, month: month, day: day)
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - (zoneMinutes ?? 0) * 60
    return Date(timeIntervalSince1970: TimeInterval(seconds))
  }

  /// "Mon, 20 Oct 2014 12:33:24 +0000", always in UTC so that no time zone database is needed.
  static func format(_ date: Date) -> String {
    let (year, month, day, hour, minute, second, weekday) = components(date)
    let dayNames = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    return "\(dayNames[weekday]), \(day) \(monthNames[month - 1]) \(year) "
      + "\(twoDigits(hour)):\(twoDigits(minute)):\(twoDigits(second)) +0000"
  }

  /// ISO 8601 in UTC: "2014-10-20T12:33:24Z".
  static func iso8601(_ date: Date) -> String {
    let (year, month, day, hour, minute, second, _) = components(date)
    let yearText =
      String(year).count >= 4 ? String(year) : String(repeating: "0", count: 4 - String(year).count) + String(year)
    return
      "\(yearText)-\(twoDigits(month))-\(twoDigits(day))T\(twoDigits(hour)):\(twoDigits(minute)):\(twoDigits(second))Z"
  }

  private static func twoDigits(_ value: Int) -> String {
    value < 10 ? "0\(value)" : "\(value)"
  }

  /// Weekday index 0 = Thursday (1970-01-01 was a Thursday).
  private static func components(_ date: Date) -> (Int, Int, Int, Int, Int, Int, Int) {
    let total = Int(date.timeIntervalSince1970.rounded(.down))
    var days = total / 86_400
    var rest = total % 86_400
    if rest < 0 {
      rest += 86_400
      days -= 1
    }
    let (year, month, day) = civilFromDays(days)
    let weekday = ((days % 7) + 7) % 7
    return (year, month, day, rest / 3_600, rest % 3_600 / 60, rest % 60, weekday)
  }

  private static func daysInMonth(_ month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  // Howard Hinnant's days_from_civil / civil_from_days.
  static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }
}
