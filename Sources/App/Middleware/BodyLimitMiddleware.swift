import Vapor

/// Refuses a body larger than its route allows from the announced Content-Length alone, before anything reads
/// it: a client that announces 2 GB gets 413 at once instead of the server reading a megabyte and waiting for the
/// rest. Bodies without a length (chunked) are still cut off by the route's collect limit, which throws the same
/// 413 that `ProblemErrorMiddleware` words for people.
struct BodyLimitMiddleware: AsyncMiddleware {
  func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
    let limit = request.bodyLimit
    if let announced = request.headers.first(name: .contentLength) {
      guard let length = Int(announced.trimmingCharacters(in: .whitespaces)), length >= 0 else {
        throw Abort(
          .badRequest,
          reason: "Dolžina vsebine (Content-Length) ni veljavna. / The Content-Length header is not valid.")
      }
      if length > limit.value { throw Self.tooLarge(limit: limit) }
    }
    return try await next.respond(to: request)
  }

  static func tooLarge(limit: ByteCount) -> Abort {
    Abort(.payloadTooLarge, reason: message(limit: limit.value))
  }

  /// The limit in words a person understands, in both languages.
  static func message(limit: Int) -> String {
    let size =
      limit >= 1024 * 1024
      ? "\(limit / (1024 * 1024)) MB" : "\(max(1, limit / 1024)) KB"
    return "Poslana vsebina je prevelika: ta obrazec sprejme največ \(size). "
      + "/ The content sent is too large: this form accepts at most \(size)."
  }
}

extension Route {
  /// The most a body of this route may hold, when it differs from the app's default. Set only where the route is
  /// registered (`RoutesBuilder.on(_:_:access:bodyLimit:use:)`), together with the router's collect limit, so the
  /// early check, the CSRF and form checks and the parser all allow the same.
  var bodyLimit: ByteCount? {
    get { userInfo["podpora.bodyLimit"] as? ByteCount }
    set { userInfo["podpora.bodyLimit"] = newValue }
  }
}

extension Request {
  /// The most this request's body may hold: its route's limit, else the app's default.
  var bodyLimit: ByteCount {
    route?.bodyLimit ?? application.routes.defaultMaxBodySize
  }
}
