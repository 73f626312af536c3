import Fluent
import Foundation

/// A person at a customer organisation who may sign in to the portal.
public final class Contact: Model, @unchecked Sendable {
  public static let schema = "contacts"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Parent(key: "organisation_id") public var organisation: Organisation
  @Field(key: "name") public var name: String
  @Field(key: "email") public var email: String
  @OptionalField(key: "phone") public var phone: String?
  @OptionalField(key: "password_hash") public var passwordHash: String?
  @Field(key: "role") public var role: ContactRole
  /// Registered by the organisation as a new colleague: billed (`paid.no-onboarding-or-settings`) instead of refused.
  @Field(key: "new_colleague") public var newColleague: Bool
  @Field(key: "locale") public var locale: String
  /// A deactivated contact keeps their history but can no longer sign in (back office).
  @Field(key: "active") public var active: Bool
  /// The generation a session must have been opened in to count (nil is 0); a password reset moves it on, which
  /// ends every session opened before.
  @OptionalField(key: "session_generation") public var sessionGeneration: Int?
  @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

  @Children(for: \.$contact) public var trainings: [Training]

  public init() {}

  public init(
    id: Int? = nil, organisationID: Int, name: String, email: String, phone: String? = nil,
    passwordHash: String? = nil, role: ContactRole = .member, newColleague: Bool = false, locale: String = "sl"
  ) {
    self.id = id
    self.$organisation.id = organisationID
    self.name = name
    self.email = email
    self.phone = phone
    self.passwordHash = passwordHash
    self.role = role
    self.newColleague = newColleague
    self.locale = locale
    self.active = true
  }
}

public enum ContactRole: String, Codable, CaseIterable, Sendable {
  case member
  case organisationAdmin = "org_admin"
}
