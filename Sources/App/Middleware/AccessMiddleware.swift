import Vapor

/// Enforces each route's `AccessRule` before any handler runs. It sits after the session and token middleware, so the
/// viewer is known; routes are matched before middleware runs in Vapor, so `request.route` is the registered route
/// and carries the rule given where it was registered.
struct AccessMiddleware: AsyncMiddleware {
  func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
    guard let route = request.route else { return try await next.respond(to: request) }
    guard let rule = route.accessRule else {
      // Registered around `RoutesBuilder.on(_:access:…)`: refused rather than open, and loud in the log.
      request.logger.error("route without an access rule: \(route.description)")
      throw Abort(.forbidden, reason: "Za to nimate pravic. / You are not allowed to do this.")
    }
    if var denial = rule.denial(viewer: request.viewer, principal: request.apiPrincipal) {
      if let signIn = denial as? SignInRequired {
        denial = SignInRequired(signInPath: signIn.signInPath, next: request.url)
      }
      throw denial
    }
    return try await next.respond(to: request)
  }
}

extension Route {
  /// Who may call this route; set only by `RoutesBuilder.on(_:_:access:bodyLimit:use:)`, nil for a route registered
  /// any other way (which `AccessMiddleware` refuses).
  var accessRule: AccessRule? {
    get { userInfo["podpora.access"] as? AccessRule }
    set { userInfo["podpora.access"] = newValue }
  }
}
