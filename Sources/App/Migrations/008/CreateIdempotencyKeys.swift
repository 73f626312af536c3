import Fluent

/// Remembers what a POST with an `Idempotency-Key` answered, per API token, so a retried create is answered from
/// here instead of making a second request. The unique index is what stops two concurrent retries: the second
/// insert fails and its transaction (with the request it filed) rolls back.
struct CreateIdempotencyKeys: AsyncMigration {
  func prepare(on database: any Database) async throws {
    try await database.schema("idempotency_keys")
      .field(.id, .int, .identifier(auto: true))
      .field("token_id", .int, .required, .references("api_tokens", "id", onDelete: .cascade))
      .field("key", .string, .required)
      .field("fingerprint", .string, .required)
      .field("status_code", .int, .required)
      .field("location", .string)
      .field("body", .string, .required)
      .field("created_at", .datetime, .required)
      .unique(on: "token_id", "key")
      .create()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("idempotency_keys").delete()
  }
}
