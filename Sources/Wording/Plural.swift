import SupportPolicy

/// The plural categories a number selects. Slovenian has four: 1 enota, 2 enoti, 3 enote, 5 enot, decided by the
/// last two digits (101 enota, 102 enoti, 103 enote, 111 enot); English uses `one` and `other`.
public enum PluralCategory: Sendable, Hashable, CaseIterable {
  /// sl: n mod 100 = 1; en: n = 1.
  case one
  /// sl: n mod 100 = 2 (the dual).
  case two
  /// sl: n mod 100 = 3 or 4.
  case few
  /// Everything else, 0 included.
  case other
}

extension Language {
  /// The plural category of a count in this language (CLDR's rules for integers).
  public func plural(_ count: Int) -> PluralCategory {
    switch self {
    case .sl:
      switch abs(count) % 100 {
      case 1: .one
      case 2: .two
      case 3, 4: .few
      default: .other
      }
    case .en:
      abs(count) == 1 ? .one : .other
    }
  }
}

/// A word in every form both languages need, written where it is used:
/// `Plural(sl: "zahteva", "zahtevi", "zahteve", "zahtev", en: "request", "requests")`.
public struct Plural: Sendable, Hashable {
  public var slovenian: [PluralCategory: String]
  public var english: [PluralCategory: String]

  /// Slovenian's four forms (for 1, 2, 3–4 and 5), English's two (for 1 and the rest).
  public init(sl one: String, _ two: String, _ few: String, _ other: String, en enOne: String, _ enOther: String) {
    slovenian = [.one: one, .two: two, .few: few, .other: other]
    english = [.one: enOne, .other: enOther]
  }

  /// The form for a count.
  public func form(_ count: Int, in language: Language) -> String {
    let category = language.plural(count)
    switch language {
    case .sl: return slovenian[category]!
    case .en: return english[category] ?? english[.other]!
    }
  }

  /// "zahteva" … "zahtev"; "request", "requests".
  public static let request = Plural(sl: "zahteva", "zahtevi", "zahteve", "zahtev", en: "request", "requests")
  /// The verb "to be" agreeing with a count: "je 1", "sta 2", "so 3", "je 5" / "is 1", "are 2".
  public static let be = Plural(sl: "je", "sta", "so", "je", en: "is", "are")
}

extension Wording {
  /// A count with its word in the right form: "1 zahteva", "2 zahtevi", "3 zahteve", "5 zahtev" / "1 request".
  public func count(_ count: Int, _ word: Plural) -> String {
    "\(count) " + word.form(count, in: language)
  }

  /// The form of a word for a count, without the number.
  public func form(_ count: Int, _ word: Plural) -> String { word.form(count, in: language) }
}
