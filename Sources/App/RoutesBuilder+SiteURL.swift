import Vapor

/// Registers a `SiteURL` with everything the route needs, in the one call that `routes.swift` lists: its access rule
/// (`AccessMiddleware` reads it) and, where the route takes more than the 1 MB default, its body limit — given once,
/// it is both what the router collects and what `BodyLimitMiddleware`, the CSRF check and the form check allow.
extension RoutesBuilder {
  @discardableResult
  func get<Response: AsyncResponseEncodable & VaporSendableMetatype>(
    _ url: SiteURL, access: AccessRule, use handler: @Sendable @escaping (Request) async throws -> Response
  ) -> Route {
    on(.GET, url, access: access, use: handler)
  }

  @discardableResult
  func post<Response: AsyncResponseEncodable & VaporSendableMetatype>(
    _ url: SiteURL, access: AccessRule, bodyLimit: ByteCount? = nil,
    use handler: @Sendable @escaping (Request) async throws -> Response
  ) -> Route {
    on(.POST, url, access: access, bodyLimit: bodyLimit, use: handler)
  }

  @discardableResult
  func on<Response: AsyncResponseEncodable & VaporSendableMetatype>(
    _ method: HTTPMethod, _ url: SiteURL, access: AccessRule, bodyLimit: ByteCount? = nil,
    use handler: @Sendable @escaping (Request) async throws -> Response
  ) -> Route {
    let route = on(method, url.pathComponents, body: .collect(maxSize: bodyLimit), use: handler)
    route.accessRule = access
    route.bodyLimit = bodyLimit
    // `podpora routes` (Vapor's routes command) prints this beside the path.
    route.description(access.description)
    return route
  }
}
