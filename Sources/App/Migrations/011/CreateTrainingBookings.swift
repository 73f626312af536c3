import Fluent
import SQLKit

/// Onboarding and seminar bookings made in the portal. The policy refuses a contact who was never onboarded into a
/// program and tells them to book onboarding there, so the booking needs a home that support staff work through.
struct CreateTrainingBookings: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("training_bookings")
      .field(.id, .int, .identifier(auto: true))
      .field("contact_id", .int, .required, .references("contacts", "id"))
      .field("organisation_id", .int, .required, .references("organisations", "id"))
      .field("program_id", .int, .required, .references("programs", "id"))
      .field("kind", .string, .required)
      .field("preferred", .string, .required)
      .field("note", .string, .required)
      .field("status", .string, .required)
      .field("scheduled_at", .datetime)
      .field("staff_note", .string, .required)
      .field("training_id", .int, .references("trainings", "id"))
      .field("created_at", .datetime, .required)
      .field("updated_at", .datetime, .required)
      .create()
    // The portal lists a contact's bookings; the workspace lists open ones oldest first.
    try await database.sql.create(index: "training_bookings_contact_idx").on("training_bookings")
      .column("contact_id").run()
    try await database.sql.create(index: "training_bookings_status_idx").on("training_bookings")
      .column("status").column("created_at").run()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("training_bookings").delete()
  }
}
