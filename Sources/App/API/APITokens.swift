import Fluent
import Foundation
import Vapor

/// API tokens: random, shown once, stored as SHA-256, each with one scope.
enum APITokens {
  static func create(
    name: String, scope: String, contactID: Int? = nil, staffID: Int? = nil, now: Date, on db: any Database
  ) async throws -> String {
    let token = "pod_" + CSRFMiddleware.makeToken()
    let record = APIToken()
    record.name = name
    record.scope = scope
    record.tokenHash = PasswordResetService.sha256(token)
    record.$contact.id = contactID
    record.$staff.id = staffID
    record.createdAt = now
    try await record.create(on: db)
    return token
  }

  /// The token record for a bearer token with the scope, or a 401.
  static func authenticate(_ req: Request, scope: String) async throws -> APIToken {
    guard let bearer = req.headers.bearerAuthorization?.token, !bearer.isEmpty,
      let record = try await APIToken.query(on: req.db)
        .filter(\.$tokenHash == PasswordResetService.sha256(bearer)).filter(\.$revokedAt == nil).first()
    else {
      throw Abort(.unauthorized, reason: "A valid API token is required.")
    }
    guard record.scope == scope else {
      throw Abort(.forbidden, reason: "This token's scope does not allow this.")
    }
    record.lastUsedAt = req.clock.now
    try await record.save(on: req.db)
    return record
  }
}
