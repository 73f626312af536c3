import Foundation
import SupportPolicy
import Vapor
import Wording

/// The support policy in force: the configuration read from POLICY_FILE (or the defaults of POLICY.md),
/// its engine and its calendar. Loaded once at start-up; a bad file stops start-up naming the key.
public struct PolicyStore: Sendable {
  public let configuration: PolicyConfiguration
  public let engine: PolicyEngine

  public var calendar: SupportCalendar { engine.calendar }

  /// The policy's time zone and support hours worded in a language: what every page, mail and file shows.
  public func wording(_ language: SupportPolicy.Language) -> Wording { Wording(language, policy: configuration) }

  /// An instant for records and machines (audit details, API fields, files): ISO 8601 with the policy zone's offset,
  /// the same in every language.
  public func machine(_ instant: Date) -> String { wording(.sl).machine(instant) }

  public init(configuration: PolicyConfiguration) {
    self.configuration = configuration
    self.engine = PolicyEngine(policy: configuration)
  }

  public static func load(path: String?) throws -> PolicyStore {
    guard let path else { return PolicyStore(configuration: .defaults) }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ConfigurationError(variable: "POLICY_FILE", problem: "names a file that cannot be read: \(path)")
    }
    do {
      return PolicyStore(configuration: try PolicyConfiguration.load(data))
    } catch {
      throw ConfigurationError(variable: "POLICY_FILE", problem: "(\(path)) is not a valid policy: \(error)")
    }
  }
}

extension Application {
  private struct PolicyKey: StorageKey { typealias Value = PolicyStore }

  public var policy: PolicyStore {
    get { storage[PolicyKey.self] ?? PolicyStore(configuration: .defaults) }
    set { storage[PolicyKey.self] = newValue }
  }
}

extension Request {
  public var policy: PolicyStore { application.policy }

  /// The visitor's language on the policy's clock and hours.
  var wording: Wording { policy.wording(language) }
}
