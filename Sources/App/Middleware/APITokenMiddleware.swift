import Vapor

/// Reads the bearer token of API calls once per request: the token's person becomes `req.viewer`, so the access
/// rules and every query see an API client exactly like a signed-in person. A wrong token is a 401 even on public
/// routes, so a client never silently works anonymously.
struct APITokenMiddleware: AsyncMiddleware {
  func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
    guard request.url.path.hasPrefix("/api/"), let bearer = request.headers.bearerAuthorization?.token else {
      return try await next.respond(to: request)
    }
    guard let (principal, viewer) = try await APITokens.resolve(bearer, now: request.clock.now, on: request.db) else {
      throw APIAuthenticationRequired(reason: "The API token is not valid.")
    }
    request.storage[APIPrincipalKey.self] = principal
    request.storage[ViewerKey.self] = viewer
    return try await next.respond(to: request)
  }
}
