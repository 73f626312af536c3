import Fluent
import SQLKit

/// Every filing (portal, API, e-mail, phone) reads the organisation's contracts to know which programs it may ask
/// about; without an index that read every contract of every customer (10,000 in the load data set).
struct CreateContractOrganisationIndex: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.sql.create(index: "contracts_organisation_idx").on("contracts").column("organisation_id").run()
  }

  func revert(on database: any Database) async throws {
    try await database.sql.drop(index: "contracts_organisation_idx").run()
  }
}
