import Fluent
import SQLKit

struct CreateRequests: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("requests")
      .field(.id, .int, .identifier(auto: true))
      .field("number", .string, .required)
      .field("organisation_id", .int, .required, .references("organisations", "id"))
      .field("contact_id", .int, .references("contacts", "id"))
      .field("program_id", .int, .references("programs", "id"))
      .field("channel", .string, .required)
      .field("category", .string, .required)
      .field("data_correction", .bool, .required)
      .field("remote_connection", .bool, .required)
      .field("needs_training", .bool, .required)
      .field("subject", .string, .required)
      .field("body", .string, .required)
      .field("status", .string, .required)
      .field("outcome", .string, .required)
      .field("paid_consent", .bool, .required)
      .field("submitted_at", .datetime, .required)
      .field("arranged_at", .datetime)
      .field("accepted_at", .datetime)
      .field("resolved_at", .datetime)
      .field("closed_at", .datetime)
      .field("refused_at", .datetime)
      .field("assignee_id", .int, .references("staff_users", "id"))
      .field("solution", .string)
      .field("clear_instructions", .bool, .required)
      .field("refusal_reason", .string)
      .field("repeat_of_id", .int, .references("requests", "id"))
      .field("updated_at", .datetime)
      .unique(on: "number")
      .create()
    let sql = database.sql
    // The waiting list reads open requests by status and age; the portal lists by organisation/contact, newest first.
    try await sql.create(index: "requests_status_submitted_idx").on("requests")
      .column("status").column("submitted_at").run()
    try await sql.create(index: "requests_organisation_submitted_idx").on("requests")
      .column("organisation_id").column("submitted_at").run()
    try await sql.create(index: "requests_contact_submitted_idx").on("requests")
      .column("contact_id").column("submitted_at").run()
    try await sql.create(index: "requests_assignee_status_idx").on("requests")
      .column("assignee_id").column("status").run()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("requests").delete()
  }
}
