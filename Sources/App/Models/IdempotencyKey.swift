import Fluent
import Foundation

/// The stored answer to one API POST that carried an `Idempotency-Key`, replayed when the same token retries it.
public final class IdempotencyKey: Model, @unchecked Sendable {
  public static let schema = "idempotency_keys"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Parent(key: "token_id") public var token: APIToken
  @Field(key: "key") public var key: String
  /// SHA-256 of the method, path and the decoded body in canonical form: a different body under the same key is a
  /// client error, not a replay.
  @Field(key: "fingerprint") public var fingerprint: String
  @Field(key: "status_code") public var statusCode: Int
  @OptionalField(key: "location") public var location: String?
  @Field(key: "body") public var body: String
  @Field(key: "created_at") public var createdAt: Date

  public init() {}
}
