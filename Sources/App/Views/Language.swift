import Foundation

/// The UI languages. Slovenian first, English one click away.
public enum Language: String, Sendable, CaseIterable {
  case sl, en

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
