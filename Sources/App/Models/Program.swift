import Fluent
import Foundation

/// One of the vendor's programs (PL payroll, FAK invoicing, …) that requests, contracts and articles refer to.
public final class Program: Model, @unchecked Sendable {
  public static let schema = "programs"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Field(key: "code") public var code: String
  @Field(key: "name_sl") public var nameSl: String
  @Field(key: "name_en") public var nameEn: String

  public init() {}

  public init(id: Int? = nil, code: String, nameSl: String, nameEn: String) {
    self.id = id
    self.code = code
    self.nameSl = nameSl
    self.nameEn = nameEn
  }
}
