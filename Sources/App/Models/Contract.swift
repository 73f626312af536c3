import Fluent
import Foundation

/// A maintenance contract: which programs an organisation may ask about, and for how long.
public final class Contract: Model, @unchecked Sendable {
  public static let schema = "contracts"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Parent(key: "organisation_id") public var organisation: Organisation
  /// `YYYY-MM-DD` in Europe/Ljubljana, as written on the contract.
  @Field(key: "valid_from") public var validFrom: String
  @OptionalField(key: "valid_to") public var validTo: String?
  @Siblings(through: ContractProgram.self, from: \.$contract, to: \.$program) public var programs: [Program]

  public init() {}

  public init(id: Int? = nil, organisationID: Int, validFrom: String, validTo: String? = nil) {
    self.id = id
    self.$organisation.id = organisationID
    self.validFrom = validFrom
    self.validTo = validTo
  }
}

public final class ContractProgram: Model, @unchecked Sendable {
  public static let schema = "contract_programs"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Parent(key: "contract_id") public var contract: Contract
  @Parent(key: "program_id") public var program: Program

  public init() {}

  public init(contractID: Int, programID: Int) {
    self.$contract.id = contractID
    self.$program.id = programID
  }
}
