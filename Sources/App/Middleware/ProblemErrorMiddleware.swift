import Foundation
import Vapor

/// Turns every error into a clear response without internal details: RFC 9457 problem+json for the API
/// and JSON clients, a short page for browsers. The full error goes to the log only.
struct ProblemErrorMiddleware: AsyncMiddleware {
  func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
    do {
      return try await next.respond(to: request)
    } catch let signIn as SignInRequired where !request.url.path.hasPrefix("/api/") {
      return request.redirect(toPath: signIn.redirectTarget, fallback: signIn.signInPath)
    } catch {
      let status: HTTPResponseStatus
      let detail: String
      var headers = HTTPHeaders()
      var type = "about:blank"
      if let decoding = error as? DecodingError {
        // Vapor's own wording of a decoding error carries Foundation's internal error text; say what is wrong in
        // words, naming only the field.
        status = .badRequest
        detail = Self.detail(decoding)
      } else if let abort = error as? any AbortError {
        status = abort.status
        detail = Self.detail(status: status, reason: abort.reason, request: request)
        headers = abort.headers
        if let problem = error as? APIProblem { type = problem.type }
      } else if String(reflecting: Swift.type(of: error)).hasPrefix("MultipartKit.") {
        // The multipart parser's errors (some of its types are private) all mean the client sent a broken body.
        status = .badRequest
        detail = "The multipart/form-data body is malformed. / Telo zahteve ni pravilno."
      } else {
        status = .internalServerError
        detail = "Prišlo je do napake na naši strani. / Something went wrong on our side."
      }
      if status.code >= 500 {
        request.logger.error("\(request.method) \(request.url.path): \(String(reflecting: error))")
      }
      let wantsHTML = request.headers.accept.contains { $0.mediaType == .html } && !request.url.path.hasPrefix("/api/")
      if wantsHTML {
        let page = ErrorPage.render(.init(wording: request.wording, status: status, detail: detail))
        return html(page, status: status)
      }
      let problem = Problem(
        type: type, title: status.reasonPhrase, status: Int(status.code), detail: detail, instance: request.url.path)
      headers.replaceOrAdd(name: .contentType, value: "application/problem+json")
      let body = try APIResponse.encoder.encode(problem)
      return Response(status: status, headers: headers, body: .init(data: body))
    }
  }
}

extension ProblemErrorMiddleware {
  /// Vapor's bare errors (a body over the limit, a content type it cannot read) carry only the status phrase or
  /// English internals; give people a sentence in both languages instead. Our own reasons pass through.
  static func detail(status: HTTPResponseStatus, reason: String, request: Request) -> String {
    switch status {
    case .payloadTooLarge where !reason.contains(" / "):
      return BodyLimitMiddleware.message(limit: request.bodyLimit.value)
    case .unsupportedMediaType where !reason.contains(" / "):
      return "Vrste poslane vsebine (Content-Type) ne podpiramo; pošljite obrazec ali JSON. "
        + "/ The content type sent is not supported; send a form or JSON."
    case .badRequest where reason == status.reasonPhrase:
      return "Zahteve ne moremo prebrati. / The request could not be read."
    default:
      return reason
    }
  }

  static func detail(_ error: DecodingError) -> String {
    func field(_ path: [any CodingKey]) -> String {
      let text = path.map(\.stringValue).joined(separator: ".")
      return text.isEmpty ? "" : " »\(String(text.prefix(100)))«"
    }
    switch error {
    case .keyNotFound(let key, let context):
      let name = field(context.codingPath + [key])
      return "Manjka obvezno polje\(name). / A required field is missing:\(name)."
    case .valueNotFound(_, let context):
      let name = field(context.codingPath)
      return "Manjka obvezno polje\(name). / A required field is missing:\(name)."
    case .typeMismatch(_, let context):
      let name = field(context.codingPath)
      return "Polje\(name) ima napačno vrsto vrednosti. / The field\(name) has a value of the wrong type."
    case .dataCorrupted(let context) where !context.codingPath.isEmpty:
      let name = field(context.codingPath)
      return "Vrednosti polja\(name) ne moremo prebrati. / The value of the field\(name) could not be read."
    default:
      return "Vsebine ne moremo prebrati: ni veljaven JSON ali obrazec. "
        + "/ The content could not be read: it is not valid JSON or form data."
    }
  }
}

struct Problem: Codable, Sendable {
  var type: String
  var title: String
  var status: Int
  var detail: String
  var instance: String
}

/// An API error with its own problem type, so a client can tell "refused by the policy" from "invalid field" without
/// reading the sentence in `detail`.
struct APIProblem: AbortError {
  static let typeBase = "https://podpora.example/problems/"
  var status: HTTPResponseStatus
  var type: String
  var reason: String

  init(_ status: HTTPResponseStatus, _ slug: String, _ detail: String) {
    self.status = status
    self.type = Self.typeBase + slug
    self.reason = detail
  }
}
