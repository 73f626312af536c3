import Fluent
import Foundation
import Vapor

/// Records every state-changing request a member of staff makes: the route, who, and how it ended. It sits in the
/// global middleware so that a new workspace action is audited without anyone remembering to; the domain keeps
/// its own richer entries (sign-ins, overrides, password resets) beside these.
struct StaffAuditMiddleware: AsyncMiddleware {
  static let action = "staff.request"

  func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
    guard let staff = request.staffViewer, ![.GET, .HEAD, .OPTIONS].contains(request.method) else {
      return try await next.respond(to: request)
    }
    do {
      let response = try await next.respond(to: request)
      await record(request, staff: staff, status: response.status)
      return response
    } catch {
      let status = (error as? any AbortError)?.status ?? .internalServerError
      await record(request, staff: staff, status: status)
      throw error
    }
  }

  /// The action already happened (or was refused) when this runs, so a failure to write the entry must not turn
  /// the answer into an error; it is logged loudly instead.
  func record(_ request: Request, staff: StaffViewer, status: HTTPResponseStatus) async {
    do {
      try await Audit.record(
        AuditAction(rawValue: Self.action), by: .staff(email: staff.email),
        subject: String(request.url.path.prefix(500)),
        details: Self.details(method: request.method, route: request.route, status: status), at: request.clock.now,
        address: request.clientAddress, on: request.db)
    } catch {
      request.logger.error(
        "audit log: cannot record \(request.method) \(request.url.path): \(String(reflecting: error))")
    }
  }

  struct Details: Encodable, Equatable {
    var method: String
    var route: String
    var status: Int
    var outcome: String
  }

  static func details(method: HTTPMethod, route: Route?, status: HTTPResponseStatus) -> Details {
    let pattern = route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "(no route)"
    let outcome: String
    switch status.code {
    case 200..<400: outcome = "done"
    case 400..<500: outcome = "refused"
    default: outcome = "failed"
    }
    return Details(method: method.rawValue, route: pattern, status: Int(status.code), outcome: outcome)
  }
}
