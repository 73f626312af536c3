import Fluent
import Foundation
import Vapor

/// What an API token may be used for. A customer token acts as one contact, a staff token as one member of staff
/// (with that person's role); inbound-mail and accounting tokens belong to systems, not people.
enum TokenScope: String, CaseIterable, Codable, Sendable {
  case customer, staff
  case inboundMail = "inbound-mail"
  case accounting
}

/// The API token a request authenticated with.
struct APIPrincipal: Sendable {
  let tokenID: Int
  let scope: TokenScope
}

struct APIPrincipalKey: StorageKey {
  typealias Value = APIPrincipal
}

extension Request {
  var apiPrincipal: APIPrincipal? { storage[APIPrincipalKey.self] }
}

enum TokenError: Error, Equatable {
  /// A customer token needs the contact it acts as, a staff token the member of staff.
  case missingIdentity(String)
  case unknownPerson(String)
}

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

  /// Makes a token for a person named by e-mail: customer tokens act as a contact, staff tokens as a member of staff.
  static func create(
    name: String, scope: TokenScope, personEmail: String?, now: Date, on db: any Database
  ) async throws -> String {
    switch scope {
    case .customer:
      guard let email = personEmail else { throw TokenError.missingIdentity("--contact EMAIL") }
      guard let contact = try await Contact.query(on: db).filter(\.$email == email.lowercased()).first() else {
        throw TokenError.unknownPerson(email)
      }
      return try await create(name: name, scope: scope.rawValue, contactID: contact.id, now: now, on: db)
    case .staff:
      guard let email = personEmail else { throw TokenError.missingIdentity("--staff EMAIL") }
      guard let staff = try await StaffUser.query(on: db).filter(\.$email == email.lowercased()).first() else {
        throw TokenError.unknownPerson(email)
      }
      return try await create(name: name, scope: scope.rawValue, staffID: staff.id, now: now, on: db)
    case .inboundMail, .accounting:
      return try await create(name: name, scope: scope.rawValue, now: now, on: db)
    }
  }

  /// The principal and the person a bearer token acts as; nil when the token is unknown, revoked, or its person is
  /// gone or inactive.
  static func resolve(_ bearer: String, now: Date, on db: any Database) async throws -> (APIPrincipal, Viewer)? {
    guard !bearer.isEmpty,
      let record = try await APIToken.query(on: db)
        .filter(\.$tokenHash == PasswordResetService.sha256(bearer)).filter(\.$revokedAt == nil).first(),
      let id = record.id, let scope = TokenScope(rawValue: record.scope)
    else { return nil }
    var viewer = Viewer.anonymous
    switch scope {
    case .customer:
      // A deactivated contact's token stops at once, like their session (ViewerMiddleware) and their sign-in.
      guard let contactID = record.$contact.id, let contact = try await Contact.find(contactID, on: db),
        contact.active
      else {
        return nil
      }
      viewer = .contact(try ContactViewer(contact))
    case .staff:
      guard let staffID = record.$staff.id, let staff = try await StaffUser.find(staffID, on: db), staff.active else {
        return nil
      }
      viewer = .staff(StaffViewer(id: staffID, name: staff.name, email: staff.email, role: staff.role))
    case .inboundMail, .accounting:
      break
    }
    // Recording every use would make each read a write; once a minute is enough to see which tokens are alive.
    if record.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
      record.lastUsedAt = now
      try await record.save(on: db)
    }
    return (APIPrincipal(tokenID: id, scope: scope), viewer)
  }
}

/// A 401 with `WWW-Authenticate: Bearer`, as RFC 6750 asks.
struct APIAuthenticationRequired: AbortError {
  var reason: String = "An API token is required: Authorization: Bearer <token>."
  var status: HTTPResponseStatus { .unauthorized }
  var headers: HTTPHeaders { ["WWW-Authenticate": "Bearer"] }
}
