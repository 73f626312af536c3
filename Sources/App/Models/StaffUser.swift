import Fluent
import Foundation

/// Someone at the vendor who works requests (agent), oversees them (supervisor) or runs the desk (admin).
public final class StaffUser: Model, @unchecked Sendable {
  public static let schema = "staff_users"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Field(key: "name") public var name: String
  @Field(key: "email") public var email: String
  @Field(key: "password_hash") public var passwordHash: String
  @Field(key: "role") public var role: StaffRole
  @Field(key: "presence") public var presence: Presence
  @Field(key: "locale") public var locale: String
  @Field(key: "active") public var active: Bool
  @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

  public init() {}

  public init(
    id: Int? = nil, name: String, email: String, passwordHash: String, role: StaffRole,
    presence: Presence = .away, locale: String = "sl", active: Bool = true
  ) {
    self.id = id
    self.name = name
    self.email = email
    self.passwordHash = passwordHash
    self.role = role
    self.presence = presence
    self.locale = locale
    self.active = active
  }
}

public enum StaffRole: String, Codable, CaseIterable, Sendable, Comparable {
  case agent, supervisor, admin

  private var rank: Int {
    switch self {
    case .agent: 0
    case .supervisor: 1
    case .admin: 2
    }
  }

  public static func < (lhs: StaffRole, rhs: StaffRole) -> Bool { lhs.rank < rhs.rank }
}

/// Whether an agent can take requests now; the waiting-list estimate counts agents on duty.
public enum Presence: String, Codable, CaseIterable, Sendable {
  case onDuty = "on_duty"
  case away
  case atCustomerSite = "on_site"
}
