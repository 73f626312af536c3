import Foundation
import Vapor

/// Turns every error into a clear response without internal details: RFC 9457 problem+json for the API
/// and JSON clients, a short page for browsers. The full error goes to the log only.
struct ProblemErrorMiddleware: AsyncMiddleware {
  func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
    do {
      return try await next.respond(to: request)
    } catch let signIn as SignInRequired where !request.url.path.hasPrefix("/api/") {
      return request.redirect(to: signIn.redirectTarget, redirectType: .normal)
    } catch {
      let status: HTTPResponseStatus
      let detail: String
      var headers = HTTPHeaders()
      var type = "about:blank"
      if let abort = error as? any AbortError {
        status = abort.status
        detail = abort.reason
        headers = abort.headers
        if let problem = error as? APIProblem { type = problem.type }
      } else {
        status = .internalServerError
        detail = "Something went wrong on our side. / Prišlo je do napake na naši strani."
      }
      if status.code >= 500 {
        request.logger.error("\(request.method) \(request.url.path): \(String(reflecting: error))")
      }
      let wantsHTML = request.headers.accept.contains { $0.mediaType == .html } && !request.url.path.hasPrefix("/api/")
      if wantsHTML {
        let page = ErrorPage.render(.init(language: request.language, status: status, detail: detail))
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
