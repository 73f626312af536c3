import Fluent
import Foundation

/// A failed sign-in, kept for throttling (per account and per address) and for the audit trail.
public final class SignInFailure: Model, @unchecked Sendable {
  public static let schema = "sign_in_failures"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Field(key: "account") public var account: String
  @Field(key: "address") public var address: String
  @Field(key: "at") public var at: Date

  public init() {}

  public init(account: String, address: String, at: Date) {
    self.account = account
    self.address = address
    self.at = at
  }
}

/// A one-time link to set a new password. Only the token's SHA-256 is stored.
public final class PasswordResetToken: Model, @unchecked Sendable {
  public static let schema = "password_reset_tokens"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Parent(key: "contact_id") public var contact: Contact
  @Field(key: "token_hash") public var tokenHash: String
  @Field(key: "expires_at") public var expiresAt: Date
  @OptionalField(key: "used_at") public var usedAt: Date?
  @Field(key: "created_at") public var createdAt: Date

  public init() {}
}

/// A one-time link for a member of staff invited in the back office to set their password. Only the token's
/// SHA-256 is stored.
public final class StaffPasswordToken: Model, @unchecked Sendable {
  public static let schema = "staff_password_tokens"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Parent(key: "staff_id") public var staff: StaffUser
  @Field(key: "token_hash") public var tokenHash: String
  @Field(key: "expires_at") public var expiresAt: Date
  @OptionalField(key: "used_at") public var usedAt: Date?
  @Field(key: "created_at") public var createdAt: Date

  public init() {}
}
