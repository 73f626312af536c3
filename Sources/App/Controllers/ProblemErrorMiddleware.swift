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
      if let abort = error as? any AbortError {
        status = abort.status
        detail = abort.reason
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
        type: "about:blank", title: status.reasonPhrase, status: Int(status.code), detail: detail,
        instance: request.url.path)
      var headers = HTTPHeaders()
      headers.replaceOrAdd(name: .contentType, value: "application/problem+json")
      let body = try JSONEncoder().encode(problem)
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
