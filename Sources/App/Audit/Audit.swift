import Fluent
import Foundation

/// The one way an entry reaches the audit log (`AuditEntry`, shown by `AuditLogPage`): who acted, what they did, on
/// what, and the details as one JSON object with sorted keys. Callers write it on the `db` of their own transaction,
/// so a change and its record commit together.
enum Audit {
  /// Who acted, as the log's `actor` column names them.
  enum Actor: Sendable, Equatable {
    case staff(email: String)
    case contact(email: String)
    /// Given by the caller as it is: `cli` for the command line, or an API caller's own label.
    case named(String)

    var label: String {
      switch self {
      case .staff(let email): "staff:\(email)"
      case .contact(let email): "contact:\(email)"
      case .named(let name): name
      }
    }
  }

  /// Details are JSON objects with sorted keys, so the same change always reads the same in the log.
  static let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return encoder
  }()

  static func record(
    _ action: AuditAction, by actor: Actor, subject: String, details: some Encodable = [String: String](), at: Date,
    address: String? = nil, on db: any Database
  ) async throws {
    try await AuditEntry(
      at: at, actor: actor.label, action: action.rawValue, subject: subject,
      details: String(decoding: try encoder.encode(details), as: UTF8.self), address: address
    ).create(on: db)
  }
}

/// What an audit entry records, as the log's `action` column names it (`sign_in`, `backoffice.staff.created`, …).
struct AuditAction: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral {
  var rawValue: String
  init(rawValue: String) { self.rawValue = rawValue }
  init(stringLiteral value: String) { rawValue = value }
}
