import Fluent
import Foundation
import Vapor

/// Who is signed in on this request: nobody, a customer contact, or a member of staff.
enum Viewer: Sendable {
  case anonymous
  case contact(ContactViewer)
  case staff(StaffViewer)
}

struct ContactViewer: Sendable {
  let id: Int
  let organisationID: Int
  let name: String
  let email: String
  let role: ContactRole
  var isOrganisationAdmin: Bool { role == .organisationAdmin }
}

extension ContactViewer {
  /// The contact as sessions, API tokens and mail intake see them, so all three apply `RequestAccess` alike.
  init(_ contact: Contact) throws {
    self.init(
      id: try contact.requireID(), organisationID: contact.$organisation.id, name: contact.name, email: contact.email,
      role: contact.role)
  }
}

struct StaffViewer: Sendable {
  let id: Int
  let name: String
  let email: String
  let role: StaffRole
}

enum SessionKeys {
  static let contact = "contact"
  static let staff = "staff"
  /// The contact's session generation when the session was opened (absent is 0): see `Contact.sessionGeneration`.
  static let generation = "generation"
}

struct ViewerKey: StorageKey {
  typealias Value = Viewer
}

extension Request {
  var viewer: Viewer { storage[ViewerKey.self] ?? .anonymous }

  var contactViewer: ContactViewer? {
    if case .contact(let contact) = viewer { return contact }
    return nil
  }

  var staffViewer: StaffViewer? {
    if case .staff(let staff) = viewer { return staff }
    return nil
  }

  /// The signed-in contact the route's access rule guaranteed (portal session or customer token).
  func signedInContact() throws -> ContactViewer {
    guard let contact = contactViewer else { throw Abort(.forbidden) }
    return contact
  }

  /// The member of staff the route's access rule guaranteed (staff session or staff token); where a handler's
  /// decision depends on the role (not access), it reads `role`.
  func signedInStaff() throws -> StaffViewer {
    guard let staff = staffViewer else { throw Abort(.forbidden) }
    return staff
  }
}

/// Thrown when a page needs a signed-in person; the error middleware turns it into a redirect for browsers
/// and a 401 for API clients.
struct SignInRequired: AbortError {
  let signInPath: String
  let next: URI
  var status: HTTPResponseStatus { .unauthorized }
  var reason: String { "Prijavite se. / Please sign in." }

  var redirectTarget: String {
    var path = next.path
    if let query = next.query { path += "?" + query }
    var components = URLComponents()
    components.path = signInPath
    components.queryItems = [URLQueryItem(name: "next", value: path)]
    return components.string ?? signInPath
  }
}

extension Request {
  /// Whether the request carries a session cookie, so anonymous requests never create session rows.
  var hasSession: Bool {
    cookies[application.sessions.configuration.cookieName] != nil
  }
}
