import Fluent
import Vapor

/// Loads the signed-in person from the session once per request, so handlers ask `req.viewer` and
/// authorisation decisions have one source.
struct ViewerMiddleware: AsyncMiddleware {
  func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
    request.storage[ViewerKey.self] = try await Self.load(request)
    return try await next.respond(to: request)
  }

  static func load(_ request: Request) async throws -> Viewer {
    guard request.hasSession else { return .anonymous }
    if let raw = request.session.data[SessionKeys.contact], let id = Int(raw),
      let contact = try await Contact.find(id, on: request.db), contact.active,
      // A session opened before the contact's last password reset is over.
      Int(request.session.data[SessionKeys.generation] ?? "0") == contact.sessionGeneration ?? 0
    {
      return .contact(try ContactViewer(contact))
    }
    if let raw = request.session.data[SessionKeys.staff], let id = Int(raw),
      let staff = try await StaffUser.find(id, on: request.db), staff.active
    {
      return .staff(StaffViewer(id: id, name: staff.name, email: staff.email, role: staff.role))
    }
    return .anonymous
  }
}
