import Foundation

/// Times as people and the policy read them: in Europe/Ljubljana, ISO 8601 with the offset for machines,
/// `25. 11. 2026` for pages.
enum LocalTime {
  static let zone = TimeZone(identifier: "Europe/Ljubljana")!

  private static var calendar: Calendar {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    return calendar
  }

  /// `2026-11-25T10:00:00+01:00`
  static func iso8601(_ date: Date) -> String {
    let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    let offset = zone.secondsFromGMT(for: date)
    let sign = offset < 0 ? "-" : "+"
    return String(
      format: "%04d-%02d-%02dT%02d:%02d:%02d%@%02d:%02d", parts.year!, parts.month!, parts.day!, parts.hour!,
      parts.minute!, parts.second!, sign, abs(offset) / 3600, abs(offset) % 3600 / 60)
  }

  /// `25. 11. 2026` in Slovenian, `25 Nov 2026` in English.
  static func day(_ date: Date, language: Language) -> String {
    let parts = calendar.dateComponents([.year, .month, .day], from: date)
    switch language {
    case .sl:
      return "\(parts.day!). \(parts.month!). \(parts.year!)"
    case .en:
      let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
      return "\(parts.day!) \(months[parts.month! - 1]) \(parts.year!)"
    }
  }

  /// `2026-11-25` for `<time datetime>`.
  static func dateAttribute(_ date: Date) -> String {
    String(iso8601(date).prefix(10))
  }

  /// `25. 11. 2026 10:05` for tables.
  static func dayAndTime(_ date: Date, language: Language) -> String {
    let parts = calendar.dateComponents([.hour, .minute], from: date)
    return day(date, language: language) + String(format: " %02d:%02d", parts.hour!, parts.minute!)
  }

  /// The value of an `<input type="datetime-local">`: `2026-11-25T10:05`, Ljubljana time.
  static func inputValue(_ date: Date) -> String {
    String(iso8601(date).prefix(16))
  }

  /// Reads an `<input type="datetime-local">` value as Ljubljana time; nil when it is not one.
  static func parseInput(_ text: String) -> Date? {
    let parts = text.trimmingCharacters(in: .whitespaces).split(whereSeparator: { "-T:".contains($0) }).compactMap {
      Int($0)
    }
    guard parts.count == 5 || parts.count == 6 else { return nil }
    var components = DateComponents()
    (components.year, components.month, components.day) = (parts[0], parts[1], parts[2])
    (components.hour, components.minute) = (parts[3], parts[4])
    components.second = parts.count == 6 ? parts[5] : 0
    guard (1...12).contains(parts[1]), (1...31).contains(parts[2]), (0...23).contains(parts[3]),
      (0...59).contains(parts[4])
    else { return nil }
    return calendar.date(from: components)
  }
}
