import Fluent
import SQLKit

struct CreateBillableItems: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("billable_items")
      .field(.id, .int, .identifier(auto: true))
      .field("request_id", .int, .required, .references("requests", "id"))
      .field("organisation_id", .int, .required, .references("organisations", "id"))
      .field("kind", .string, .required)
      .field("minutes", .int, .required)
      .field("units", .int, .required)
      .field("rate_cents", .int, .required)
      .field("amount_cents", .int, .required)
      .field("vat_basis_points", .int, .required)
      .field("reasons", .string, .required)
      .field("status", .string, .required)
      .field("adjustment_reason", .string)
      .field("exported_at", .datetime)
      .field("created_at", .datetime, .required)
      .create()
    try await database.sql.create(index: "billable_items_organisation_idx").on("billable_items")
      .column("organisation_id").column("created_at").run()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("billable_items").delete()
  }
}
