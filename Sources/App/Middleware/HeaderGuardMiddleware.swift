import Vapor

/// The last line behind `LocalPath`: a response whose header names or values hold a control character (other than
/// TAB inside a value, which HTTP allows) is never sent, since CR/LF would let whoever chose the value add headers
/// of their own (a planted session cookie). It is replaced by a plain 500 and the header's name is logged, because
/// such a value is always a bug that let visitor input through.
struct HeaderGuardMiddleware: AsyncMiddleware {
  func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
    let response = try await next.respond(to: request)
    guard let unsafe = Self.unsafeHeaderName(in: response.headers) else { return response }
    request.logger.error("response header \(unsafe) held a control character; refused to send it")
    var headers = HTTPHeaders()
    headers.contentType = .plainText
    return Response(
      status: .internalServerError, headers: headers,
      body: .init(string: "Prišlo je do napake na naši strani. / Something went wrong on our side."))
  }

  /// The name of the first header whose name or value holds a control character; nil when all are clean.
  static func unsafeHeaderName(in headers: HTTPHeaders) -> String? {
    for (name, value) in headers {
      let badName = name.unicodeScalars.contains { $0.properties.generalCategory == .control || $0 == " " }
      let badValue = value.unicodeScalars.contains { $0 != "\t" && LocalPath.isControl($0) }
      if badName || badValue { return String(reflecting: name) }
    }
    return nil
  }
}
