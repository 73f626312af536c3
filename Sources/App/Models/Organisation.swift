import Fluent
import Foundation

/// A customer company under a maintenance contract. Its account standing comes from accounting and
/// decides `refuse.unpaid-obligations`.
public final class Organisation: Model, @unchecked Sendable {
  public static let schema = "organisations"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Field(key: "name") public var name: String
  @Field(key: "tax_number") public var taxNumber: String
  @Field(key: "standing") public var standing: AccountStanding
  @OptionalField(key: "standing_changed_at") public var standingChangedAt: Date?
  @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

  @Children(for: \.$organisation) public var contacts: [Contact]

  public init() {}

  public init(id: Int? = nil, name: String, taxNumber: String, standing: AccountStanding = .ok) {
    self.id = id
    self.name = name
    self.taxNumber = taxNumber
    self.standing = standing
  }
}

public enum AccountStanding: String, Codable, CaseIterable, Sendable {
  case ok, overdue
}
