import Fluent
import Foundation
import Vapor

/// `Idempotency-Key` on API POSTs: the first answer is stored with the change it made, in one transaction, and a
/// retry with the same key and token is answered from the store, so a client that lost the answer never makes a
/// second request. The same key with a different body is the client's mistake (422).
enum Idempotency {
  static let header = "Idempotency-Key"
  static let replayedHeader = "Idempotent-Replayed"
  static let maxKeyLength = 200

  struct Claim: Sendable {
    let tokenID: Int
    let key: String
    let fingerprint: String
  }

  /// The claim for this request, or nil when the client sent no key (or has no token to scope it to).
  static func claim<Body: Encodable>(_ req: Request, body: Body) throws -> Claim? {
    guard let key = req.headers.first(name: header) else { return nil }
    guard let principal = req.apiPrincipal else { return nil }
    guard (1...maxKeyLength).contains(key.count), key.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) })
    else {
      throw APIProblem(
        .badRequest, "invalid-idempotency-key",
        "Idempotency-Key must be 1 to \(maxKeyLength) visible ASCII characters (a UUID is a good choice).")
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let canonical = (try? encoder.encode(body)) ?? Data()
    let fingerprint = PasswordResetService.sha256(
      req.method.rawValue + " " + req.url.path + "\n" + String(decoding: canonical, as: UTF8.self))
    return Claim(tokenID: principal.tokenID, key: key, fingerprint: fingerprint)
  }

  /// The stored answer for a claim made earlier, or nil when the key is new.
  static func replay(_ claim: Claim, on db: any Database) async throws -> Response? {
    guard
      let stored = try await IdempotencyKey.query(on: db).filter(\.$token.$id == claim.tokenID)
        .filter(\.$key == claim.key).first()
    else { return nil }
    guard stored.fingerprint == claim.fingerprint else {
      throw APIProblem(
        .unprocessableEntity, "idempotency-key-reused",
        "This Idempotency-Key was already used with a different request body; use a new key for a new request.")
    }
    var headers = HTTPHeaders()
    headers.contentType = .json
    headers.replaceOrAdd(name: replayedHeader, value: "true")
    headers.setLocation(stored.location)
    return Response(
      status: HTTPResponseStatus(statusCode: stored.statusCode), headers: headers, body: .init(string: stored.body))
  }

  /// Stores the answer; call inside the transaction that makes the change. A concurrent retry that got here first
  /// makes this insert fail on the unique (token, key) index, which rolls the whole change back.
  static func record(
    _ claim: Claim, status: HTTPResponseStatus, location: String?, body: Data, now: Date, on db: any Database
  ) async throws {
    let row = IdempotencyKey()
    row.$token.id = claim.tokenID
    row.key = claim.key
    row.fingerprint = claim.fingerprint
    row.statusCode = Int(status.code)
    row.location = location
    row.body = String(decoding: body, as: UTF8.self)
    row.createdAt = now
    try await row.create(on: db)
  }

  /// The answer just stored for a claim, as the first caller gets it (only retries are marked as replays).
  static func firstAnswer(_ claim: Claim?, on db: any Database) async throws -> Response? {
    guard let claim, let stored = try await replay(claim, on: db) else { return nil }
    stored.headers.remove(name: replayedHeader)
    return stored
  }

  /// Runs a create with the claim: a replay when the key is known, else the change; when the change fails because a
  /// concurrent retry with the same key committed first, that retry's answer.
  static func run(
    _ claim: Claim?, on db: any Database, _ change: () async throws -> Response
  ) async throws -> Response {
    guard let claim else { return try await change() }
    if let earlier = try await replay(claim, on: db) { return earlier }
    do {
      return try await change()
    } catch {
      // Either the unique index refused our row (the other retry won) or something else failed; only the first
      // case has a stored answer.
      if !(error is any AbortError), let earlier = try await replay(claim, on: db) { return earlier }
      throw error
    }
  }
}
