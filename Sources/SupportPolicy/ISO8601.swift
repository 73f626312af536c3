import Foundation

extension TimeZone {
  /// The support desk's zone. The identifier is part of every system's tz database, so this cannot fail.
  public static let ljubljana = TimeZone(identifier: "Europe/Ljubljana")!
}

/// Reading and writing instants as ISO 8601 / RFC 3339 text, as POLICY.md's interfaces use them.
///
/// Hand-written rather than `ISO8601DateFormatter` so that parsing is strict (an offset is required: a time
/// without one is ambiguous), accepts both `Z` and offsets with or without fractional seconds, and stays cheap
/// enough for request handling.
public enum ISO8601 {
  /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM|±HHMM|±HH)`. A space or lowercase `t` may stand for `T`.
  public static func parse(_ text: String) -> Date? {
    let b = Array(text.utf8)
    guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
      b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "),
      b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
      let year = ASCIIDigits.number(b, 0, 4), let month = ASCIIDigits.number(b, 5, 2),
      let day = ASCIIDigits.number(b, 8, 2), let hour = ASCIIDigits.number(b, 11, 2),
      let minute = ASCIIDigits.number(b, 14, 2), let second = ASCIIDigits.number(b, 17, 2),
      LocalDate(year: year, month: month, day: day) != nil, hour < 24, minute < 60, second < 60
    else { return nil }

    var index = 19
    var fraction = 0.0
    if b[index] == UInt8(ascii: ".") || b[index] == UInt8(ascii: ",") {
      index += 1
      var scale = 0.1
      let start = index
      while index < b.count, let digit = ASCIIDigits.number(b, index, 1) {
        fraction += Double(digit) * scale
        scale /= 10
        index += 1
      }
      guard index > start else { return nil }
    }
    guard index < b.count else { return nil }

    var offsetSeconds = 0
    switch b[index] {
    case UInt8(ascii: "Z"), UInt8(ascii: "z"):
      guard index + 1 == b.count else { return nil }
    case UInt8(ascii: "+"), UInt8(ascii: "-"):
      let sign = b[index] == UInt8(ascii: "-") ? -1 : 1
      let rest = b.count - index - 1
      guard let hours = ASCIIDigits.number(b, index + 1, 2), hours < 24 else { return nil }
      var minutes = 0
      switch rest {
      case 2: break
      case 4:
        guard let m = ASCIIDigits.number(b, index + 3, 2) else { return nil }
        minutes = m
      case 5:
        guard b[index + 3] == UInt8(ascii: ":"), let m = ASCIIDigits.number(b, index + 4, 2) else { return nil }
        minutes = m
      default: return nil
      }
      guard minutes < 60 else { return nil }
      offsetSeconds = sign * (hours * 3600 + minutes * 60)
    default:
      return nil
    }

    let days = CivilDays.days(year: year, month: month, day: day)
    let unixSeconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
    return Date(timeIntervalSinceReferenceDate: Double(unixSeconds) - CivilDays.unixToReference + fraction)
  }

  /// Formats with the zone's offset at that instant, e.g. `2026-11-25T10:00:00+01:00`; milliseconds are written
  /// only when the instant has a fraction of a second. UTC is written with `Z`.
  public static func format(_ date: Date, in timeZone: TimeZone = .ljubljana) -> String {
    let offset = timeZone.secondsFromGMT(for: date)
    let unix = date.timeIntervalSinceReferenceDate + CivilDays.unixToReference + Double(offset)
    let whole = unix.rounded(.down)
    var millis = Int(((unix - whole) * 1000).rounded())
    var seconds = Int(whole)
    if millis == 1000 {
      millis = 0
      seconds += 1
    }
    let days = Int((Double(seconds) / 86_400).rounded(.down))
    let secondOfDay = seconds - days * 86_400
    let civil = CivilDays.civil(fromDays: days)
    var text = ASCIIDigits.padded(civil.year, 4) + "-" + ASCIIDigits.padded(civil.month, 2) + "-"
    text += ASCIIDigits.padded(civil.day, 2) + "T" + ASCIIDigits.padded(secondOfDay / 3600, 2) + ":"
    text += ASCIIDigits.padded(secondOfDay / 60 % 60, 2) + ":" + ASCIIDigits.padded(secondOfDay % 60, 2)
    if millis != 0 { text += "." + ASCIIDigits.padded(millis, 3) }
    if offset == 0 && (timeZone.identifier == "UTC" || timeZone.identifier == "GMT") { return text + "Z" }
    let sign = offset < 0 ? "-" : "+"
    let magnitude = abs(offset)
    return text + sign + ASCIIDigits.padded(magnitude / 3600, 2) + ":" + ASCIIDigits.padded(magnitude / 60 % 60, 2)
  }

  /// The civil date of an instant in a zone.
  public static func localDate(of date: Date, in timeZone: TimeZone = .ljubljana) -> LocalDate {
    let offset = Double(timeZone.secondsFromGMT(for: date))
    let unix = date.timeIntervalSinceReferenceDate + CivilDays.unixToReference + offset
    return LocalDate(daysSince1970: Int((unix / 86_400).rounded(.down)))
  }
}
