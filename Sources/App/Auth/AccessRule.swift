import Foundation
import Vapor

/// Who may call a route. Given once, where the route is registered in `routes.swift`
/// (`app.get(.portal, access: .contact, use: …)`), kept in the route's user info and enforced by `AccessMiddleware`;
/// handlers read the viewer the rule guaranteed (`signedInContact()`, `signedInStaff()`) and never decide access
/// themselves. Whether a *particular* request is the caller's (own request, or the organisation's for an organisation
/// admin) is decided by the one query that loads requests for a viewer, `RequestAccess`, which answers "not found"
/// for anything else.
enum AccessRule: Sendable, Equatable, CustomStringConvertible {
  /// Anyone, signed in or not.
  case anyone
  /// A signed-in customer contact (portal session).
  case contact
  /// A signed-in contact, on a route naming a request or something of one (a charge, a booking): only its contact or
  /// the organisation's admin gets it (`RequestAccess` and the services' own lookups), everyone else a 404.
  case requestContact
  /// A signed-in contact who is their organisation's admin (colleagues, the monthly statement).
  case organisationAdmin
  /// A signed-in member of staff with at least this role.
  case staff(StaffRole)
  /// An API call with a bearer token that carries one of these grants.
  case token(Set<TokenGrant>)
}

/// What an API token grants, by its scope and the person it acts as.
enum TokenGrant: Hashable, Sendable {
  /// A customer token (its contact); on routes naming a request, `RequestAccess` narrows it as for `.requestContact`.
  case customer
  /// A customer token of an organisation admin.
  case organisationAdmin
  /// A staff token whose person has at least this role.
  case staff(StaffRole)
  case inboundMail
  case accounting
}

extension AccessRule {
  /// The API's reading routes: a customer token (narrowed to its requests by `RequestAccess`) or any staff token.
  static let customerOrStaff: AccessRule = .token([.customer, .staff(.agent)])

  /// Whether `viewer` (with `principal` on API calls) passes this rule. nil when it does; else the error to answer.
  func denial(viewer: Viewer, principal: APIPrincipal?) -> (any Error)? {
    switch self {
    case .anyone:
      return nil
    case .contact, .requestContact:
      if case .contact = viewer { return nil }
      return SignInRequired(signInPath: SiteURL.portalSignIn.path, next: "/")
    case .organisationAdmin:
      guard case .contact(let contact) = viewer else {
        return SignInRequired(signInPath: SiteURL.portalSignIn.path, next: "/")
      }
      return contact.isOrganisationAdmin
        ? nil
        : Abort(.forbidden, reason: "To je za skrbnika organizacije. / This is for the organisation's administrator.")
    case .staff(let role):
      guard case .staff(let staff) = viewer else {
        return SignInRequired(signInPath: SiteURL.staffSignIn.path, next: "/")
      }
      return staff.role >= role
        ? nil : Abort(.forbidden, reason: "Za to nimate pravic. / You are not allowed to do this.")
    case .token(let grants):
      guard let principal else { return APIAuthenticationRequired() }
      let allowed = grants.contains { grant in
        switch (grant, principal.scope, viewer) {
        case (.customer, .customer, .contact): true
        case (.organisationAdmin, .customer, .contact(let contact)): contact.isOrganisationAdmin
        case (.staff(let role), .staff, .staff(let staff)): staff.role >= role
        case (.inboundMail, .inboundMail, _), (.accounting, .accounting, _): true
        default: false
        }
      }
      return allowed ? nil : APIProblem(.forbidden, "forbidden", "This token does not allow this.")
    }
  }

  /// The rule in words, as `podpora routes` prints it beside each route.
  var description: String {
    switch self {
    case .anyone: "anyone"
    case .contact: "contact"
    case .requestContact: "the request's contact"
    case .organisationAdmin: "organisation admin"
    case .staff(let role): "staff: \(role.rawValue)"
    case .token(let grants): "token: " + grants.map(\.description).sorted().joined(separator: ", ")
    }
  }
}

extension TokenGrant: CustomStringConvertible {
  var description: String {
    switch self {
    case .customer: "customer"
    case .organisationAdmin: "organisation admin"
    case .staff(let role): "staff \(role.rawValue)"
    case .inboundMail: "inbound mail"
    case .accounting: "accounting"
    }
  }
}
