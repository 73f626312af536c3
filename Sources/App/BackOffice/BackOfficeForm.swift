import Fluent
import Foundation
import SupportPolicy

/// A submitted back-office form: reads and checks each field, throwing `WorkspaceError.invalid` with the field's
/// name and a sentence in Slovenian and English, so the page can show what is wrong before anything is written.
struct BackOfficeForm: Sendable {
  var fields: [String: String]

  init(_ fields: [String: String]) { self.fields = fields }

  func raw(_ name: String) -> String {
    (fields[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// A required line of text of at most `limit` characters.
  func text(_ name: String, label: (sl: String, en: String), limit: Int = 200) throws -> String {
    let value = raw(name)
    guard !value.isEmpty else {
      throw WorkspaceError.invalid(name, "Vpišite \(label.sl).", "Enter the \(label.en).")
    }
    guard value.count <= limit else {
      throw WorkspaceError.invalid(
        name, "Polje »\(label.sl)« je predolgo (največ \(limit) znakov).",
        "The \(label.en) is too long (at most \(limit) characters).")
    }
    return value
  }

  /// Optional text: nil when left empty.
  func optionalText(_ name: String, label: (sl: String, en: String), limit: Int = 200) throws -> String? {
    raw(name).isEmpty ? nil : try text(name, label: label, limit: limit)
  }

  /// A checkbox: present ("on") when ticked.
  func flag(_ name: String) -> Bool { !raw(name).isEmpty }

  func email(_ name: String = "email") throws -> String {
    let value = EmailAddress.normalised(raw(name))
    guard !value.isEmpty, value.count <= 320, EmailAddress.isPlausible(value), !value.contains("<") else {
      throw WorkspaceError.invalid(
        name, "Vpišite veljaven e-naslov (ime@podjetje.si).", "Enter a valid e-mail address (name@company.si).")
    }
    return value
  }

  /// A calendar day `YYYY-MM-DD` (the value of `<input type="date">`).
  func day(_ name: String, label: (sl: String, en: String)) throws -> LocalDate {
    guard let day = LocalDate(raw(name)) else {
      throw WorkspaceError.invalid(
        name, "Vpišite \(label.sl) kot datum (LLLL-MM-DD).", "Enter the \(label.en) as a date (YYYY-MM-DD).")
    }
    return day
  }

  /// An instant from `<input type="datetime-local">`, read as wall-clock time in the policy's zone.
  func instant(_ name: String, label: (sl: String, en: String), in policy: PolicyStore) throws -> Date {
    guard let instant = policy.wording(.sl).instant(field: raw(name)) else {
      throw WorkspaceError.invalid(
        name, "Vpišite \(label.sl) kot datum in uro.", "Enter the \(label.en) as a date and time.")
    }
    return instant
  }

  func id(_ name: String, label: (sl: String, en: String)) throws -> Int {
    guard let id = Int(raw(name)), id > 0 else {
      throw WorkspaceError.invalid(name, "Izberite \(label.sl).", "Choose the \(label.en).")
    }
    return id
  }

  func choice<T: RawRepresentable>(_ name: String, label: (sl: String, en: String)) throws -> T
  where T.RawValue == String {
    guard let value = T(rawValue: raw(name)) else {
      throw WorkspaceError.invalid(name, "Izberite \(label.sl).", "Choose the \(label.en).")
    }
    return value
  }
}

/// Slovenian tax numbers (davčna številka): eight digits, the last a mod-11 check digit over the first seven with
/// weights 8…2. Stored as `SI` + the digits, the form customers and accounting write them in.
enum SlovenianTaxNumber {
  /// The stored form of `text` (spaces and an `SI` prefix allowed), or nil when it is not a valid tax number.
  static func normalised(_ text: String) -> String? {
    var digits = text.uppercased().filter { !$0.isWhitespace }
    if digits.hasPrefix("SI") { digits.removeFirst(2) }
    guard digits.count == 8, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
    let values = digits.compactMap(\.wholeNumberValue)
    guard values[0] != 0 else { return nil }
    let sum = zip(values.prefix(7), [8, 7, 6, 5, 4, 3, 2]).reduce(0) { $0 + $1.0 * $1.1 }
    let check = 11 - sum % 11
    // A remainder of 0 gives no valid check digit: such numbers are never issued.
    guard check != 11, (check == 10 ? 0 : check) == values[7] else { return nil }
    return "SI" + digits
  }
}

extension WorkspaceError {
  static func notFound(_ sl: String, _ en: String) -> WorkspaceError {
    WorkspaceError(kind: .notFound, field: nil, sl: sl, en: en)
  }
}
