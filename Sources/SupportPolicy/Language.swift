import Foundation

/// The languages Podpora speaks: Slovenian first, English one click away. The one language type of every target.
public enum Language: String, Codable, Sendable, CaseIterable {
  case sl, en

  /// The language of a stored or requested code (`sl`, `EN`); Slovenian for anything else, so a missing or odd
  /// cookie or locale never leaves a page without words.
  public init(code: String?) {
    self = code.flatMap { Language(rawValue: $0.lowercased()) } ?? .sl
  }

  /// Picks the text for this language; both texts sit side by side at every call so none can be missing.
  public func pick(_ sl: String, _ en: String) -> String {
    self == .sl ? sl : en
  }

  public var other: Language { self == .sl ? .en : .sl }
  public var nativeName: String { self == .sl ? "Slovenščina" : "English" }
}
