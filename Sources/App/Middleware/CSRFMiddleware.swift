import Foundation
import Vapor

/// Cross-site request forgery protection for every HTML form, as a double-submit cookie: a random token
/// lives in a SameSite cookie and must come back in the form's hidden `csrf` field (or the `X-CSRF-Token`
/// header for script requests). Another site can neither read nor set the cookie, so it cannot forge the
/// field. Stateless, so it needs no session row for anonymous visitors and works on any instance.
struct CSRFMiddleware: AsyncMiddleware {
  static let cookieName = "podpora_csrf"
  static let fieldName = "csrf"
  static let headerName = "X-CSRF-Token"
  let secureCookies: Bool

  func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
    let existing = request.cookies[Self.cookieName].map(\.string).flatMap { $0.count == 43 ? $0 : nil }
    let token = existing ?? Self.makeToken()
    request.storage[CSRFTokenKey.self] = token

    if Self.needsCheck(request) {
      // A body larger than one network read arrives as a stream, which the content decoder cannot read: collect it
      // first, within the route's own limit (the 1 MB default, or more where a route takes uploads).
      if request.body.data == nil {
        _ = try await request.body.collect(max: request.bodyLimit.value).get()
      }
      let sent =
        request.headers.first(name: Self.headerName)
        ?? (try? request.content.get(String.self, at: Self.fieldName))
      guard let existing, let sent, Self.constantTimeEquals(sent, existing) else {
        throw Abort(
          .forbidden,
          reason:
            "Obrazec je potekel; osvežite stran in poskusite znova. / The form has expired; reload the page and try again."
        )
      }
    }
    let response = try await next.respond(to: request)
    if existing == nil {
      response.cookies[Self.cookieName] = .init(
        string: token, path: "/", isSecure: secureCookies, isHTTPOnly: true, sameSite: .lax)
    }
    return response
  }

  /// Unsafe methods on pages need the token. The JSON API authenticates with bearer tokens, never cookies,
  /// so a forged cross-site request there carries no credentials.
  static func needsCheck(_ request: Request) -> Bool {
    guard ![.GET, .HEAD, .OPTIONS].contains(request.method) else { return false }
    return !request.url.path.hasPrefix("/api/") && !exemptPrefixes.contains { request.url.path.hasPrefix($0) }
  }

  /// Paths whose POST carries its own secret in the URL and must work without cookies: RFC 8058 one-click
  /// unsubscribe is POSTed by the recipient's mail program, which has no CSRF cookie.
  static var exemptPrefixes: [String] {
    [SiteURL.newsletterUnsubscribe("").path]
  }

  static func makeToken() -> String {
    var generator = SystemRandomNumberGenerator()
    let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
    return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
      .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
  }

  static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8)
    let y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var difference: UInt8 = 0
    for index in x.indices { difference |= x[index] ^ y[index] }
    return difference == 0
  }
}

struct CSRFTokenKey: StorageKey {
  typealias Value = String
}

extension Request {
  /// The token to put in every form's hidden `csrf` field.
  var csrfToken: String { storage[CSRFTokenKey.self] ?? "" }
}
