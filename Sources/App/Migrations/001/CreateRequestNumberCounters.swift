import Fluent

struct CreateRequestNumberCounters: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("request_number_counters")
      .field(.id, .int, .identifier(auto: true))
      .field("year", .int, .required)
      .field("last_value", .int, .required)
      .unique(on: "year")
      .create()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("request_number_counters").delete()
  }
}
