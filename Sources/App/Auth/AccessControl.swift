import Foundation
import Vapor

/// Who may call a route. Decided once, for every route, in `AccessTable.rules` and enforced by `AccessMiddleware`;
/// handlers read the viewer the rule guaranteed and never decide access themselves. Whether a *particular* request
/// is the caller's (own request, or the organisation's for an organisation admin) is decided by the one query that
/// loads requests for a viewer, `RequestAccess`, which answers "not found" for anything else.
enum AccessRule: Sendable, Equatable {
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

/// The access rule of every route the app serves, keyed by `"METHOD /path/:parameter"` exactly as the route is
/// registered (`podpora routes` prints the same). A route without an entry is refused (403) and fails
/// `AccessMatrixTests`; adding a route means adding its one line here.
enum AccessTable {
  static let customerOrStaff: AccessRule = .token([.customer, .staff(.agent)])

  static let rules: [String: AccessRule] = [
    // Public pages, assets and sign-in.
    "GET /": .anyone,
    "GET /healthz": .anyone,
    "GET /metrics": .anyone,
    "GET /static/podpora.css": .anyone,
    "GET /static/portal.js": .anyone,
    "GET /language/:code": .anyone,
    "GET /portal/sign-in": .anyone,
    "POST /portal/sign-in": .anyone,
    "POST /portal/sign-out": .anyone,
    "GET /portal/forgot-password": .anyone,
    "POST /portal/forgot-password": .anyone,
    "GET /portal/reset-password/:token": .anyone,
    "POST /portal/reset-password/:token": .anyone,
    "GET /staff/sign-in": .anyone,
    "POST /staff/sign-in": .anyone,
    "POST /staff/sign-out": .anyone,
    "GET /portal/policy": .anyone,
    // The help site: what each viewer may read is narrowed by `KnowledgeQueries`.
    "GET /pomoc": .anyone,
    "GET /pomoc/program/:code": .anyone,
    "GET /pomoc/clanek/:slug": .anyone,
    "GET /pomoc/f1": .anyone,
    "GET /pomoc/iskanje": .anyone,
    "GET /pomoc/nasveti": .anyone,
    "GET /pomoc/e-novice": .anyone,
    "GET /pomoc/e-novice/:slug": .anyone,
    "GET /pomoc/e-novice/narocilo": .anyone,
    "POST /pomoc/e-novice/narocilo": .anyone,
    "GET /pomoc/e-novice/potrdi/:token": .anyone,
    "GET /pomoc/e-novice/odjava/:token": .anyone,
    "POST /pomoc/e-novice/odjava/:token": .anyone,
    // The customer portal.
    "GET /portal": .contact,
    "GET /portal/requests": .contact,
    "GET /portal/requests/new": .contact,
    "POST /portal/requests/new": .contact,
    "POST /portal/requests/new/live": .contact,
    "GET /portal/requests/:number": .requestContact,
    "POST /portal/requests/:number/reply": .requestContact,
    "GET /portal/requests/:number/attachments/:attachment": .requestContact,
    // The agent workspace.
    "GET /workspace": .staff(.agent),
    "POST /workspace/take-next": .staff(.agent),
    "POST /workspace/presence": .staff(.agent),
    "POST /workspace/timer/stop": .staff(.agent),
    "GET /workspace/phone": .staff(.agent),
    "POST /workspace/phone/request": .staff(.agent),
    "GET /workspace/supervisor": .staff(.supervisor),
    "GET /workspace/audit": .staff(.admin),
    "GET /workspace/requests/:number": .staff(.agent),
    "POST /workspace/requests/:number/category": .staff(.agent),
    "POST /workspace/requests/:number/reply": .staff(.agent),
    "POST /workspace/requests/:number/note": .staff(.agent),
    "POST /workspace/requests/:number/wait": .staff(.agent),
    "POST /workspace/requests/:number/resume": .staff(.agent),
    "POST /workspace/requests/:number/resolve": .staff(.agent),
    "POST /workspace/requests/:number/refuse": .staff(.agent),
    "POST /workspace/requests/:number/reopen": .staff(.agent),
    "POST /workspace/requests/:number/timer-start": .staff(.agent),
    "POST /workspace/requests/:number/timer-stop": .staff(.agent),
    "POST /workspace/requests/:number/time": .staff(.agent),
    "POST /workspace/requests/:number/repeat": .staff(.agent),
    "POST /workspace/requests/:number/repeat-remove": .staff(.agent),
    "POST /workspace/requests/:number/knowledge": .staff(.agent),
    "POST /workspace/requests/:number/knowledge-remove": .staff(.agent),
    "POST /workspace/requests/:number/override": .staff(.supervisor),
    "POST /workspace/requests/:number/override-remove": .staff(.supervisor),
    "POST /workspace/requests/:number/readmit": .staff(.supervisor),
    "POST /workspace/requests/:number/reassign": .staff(.supervisor),
    "GET /workspace/articles": .staff(.agent),
    "GET /workspace/articles/new": .staff(.agent),
    "POST /workspace/articles/new": .staff(.agent),
    "GET /workspace/articles/:id": .staff(.agent),
    "POST /workspace/articles/:id": .staff(.agent),
    "GET /workspace/newsletters": .staff(.agent),
    "GET /workspace/newsletters/new": .staff(.agent),
    "POST /workspace/newsletters/new": .staff(.agent),
    "GET /workspace/newsletters/:id": .staff(.agent),
    "POST /workspace/newsletters/:id": .staff(.agent),
    "POST /workspace/newsletters/:id/send": .staff(.supervisor),
    // Onboarding bookings (a booking is its contact's or their organisation admin's) and new colleagues.
    "GET /portal/onboarding": .contact,
    "POST /portal/onboarding": .contact,
    "POST /portal/onboarding/:id/cancel": .requestContact,
    "GET /portal/colleagues": .organisationAdmin,
    "POST /portal/colleagues/:id/new-colleague": .organisationAdmin,
    "GET /workspace/onboarding": .staff(.agent),
    "POST /workspace/onboarding/:id/schedule": .staff(.agent),
    "POST /workspace/onboarding/:id/complete": .staff(.agent),
    "POST /workspace/onboarding/:id/cancel": .staff(.agent),
    // Billing: a contact sees their own organisation's charges (members their own requests'); supervisors the rest.
    "GET /portal/charges": .contact,
    "POST /portal/charges/:id/dispute": .requestContact,
    "GET /portal/charges/statement": .organisationAdmin,
    "GET /workspace/billing": .staff(.supervisor),
    "GET /workspace/billing/items/:id": .staff(.supervisor),
    "POST /workspace/billing/items/:id/adjust": .staff(.supervisor),
    "POST /workspace/billing/items/:id/waive": .staff(.supervisor),
    "POST /workspace/billing/items/:id/dispute": .staff(.supervisor),
    "POST /workspace/billing/export": .staff(.supervisor),
    "GET /workspace/billing/statement": .staff(.supervisor),
    "GET /workspace/billing/standing": .staff(.supervisor),
    "POST /workspace/billing/standing": .staff(.supervisor),
    // The back office (supervisors; staff users admins only) and the supervisors' reports.
    "GET /workspace/back-office/organisations": .staff(.supervisor),
    "POST /workspace/back-office/organisations": .staff(.supervisor),
    "GET /workspace/back-office/organisations/:id": .staff(.supervisor),
    "POST /workspace/back-office/organisations/:id": .staff(.supervisor),
    "POST /workspace/back-office/organisations/:id/contacts": .staff(.supervisor),
    "POST /workspace/back-office/organisations/:id/contacts/:record": .staff(.supervisor),
    "POST /workspace/back-office/organisations/:id/contacts/:record/invite": .staff(.supervisor),
    "POST /workspace/back-office/organisations/:id/contacts/:record/activate": .staff(.supervisor),
    "POST /workspace/back-office/organisations/:id/contacts/:record/deactivate": .staff(.supervisor),
    "POST /workspace/back-office/organisations/:id/contracts": .staff(.supervisor),
    "POST /workspace/back-office/organisations/:id/contracts/:record": .staff(.supervisor),
    "POST /workspace/back-office/organisations/:id/trainings": .staff(.supervisor),
    "POST /workspace/back-office/organisations/:id/trainings/:record": .staff(.supervisor),
    "POST /workspace/back-office/organisations/:id/trainings/:record/delete": .staff(.supervisor),
    "POST /workspace/back-office/organisations/:id/arrangements": .staff(.supervisor),
    "POST /workspace/back-office/organisations/:id/arrangements/:record": .staff(.supervisor),
    "POST /workspace/back-office/organisations/:id/arrangements/:record/delete": .staff(.supervisor),
    "POST /workspace/back-office/organisations/:id/program-setup": .staff(.supervisor),
    "GET /workspace/back-office/programs": .staff(.supervisor),
    "POST /workspace/back-office/programs": .staff(.supervisor),
    "POST /workspace/back-office/programs/:id": .staff(.supervisor),
    "GET /workspace/back-office/staff": .staff(.admin),
    "POST /workspace/back-office/staff": .staff(.admin),
    "POST /workspace/back-office/staff/:id": .staff(.admin),
    "POST /workspace/back-office/staff/:id/invite": .staff(.admin),
    "POST /workspace/back-office/staff/:id/activate": .staff(.admin),
    "POST /workspace/back-office/staff/:id/deactivate": .staff(.admin),
    "GET /staff/set-password/:token": .anyone,
    "POST /staff/set-password/:token": .anyone,
    "GET /workspace/reports": .staff(.supervisor),
    "GET /workspace/reports/csv/:kind": .staff(.supervisor),
    // The JSON API (bearer tokens; README "API").
    "GET /api/v1/openapi.json": .anyone,
    "GET /api/v1/search": .anyone,
    "POST /api/v1/inbound-mail": .token([.inboundMail]),
    "GET /api/v1/requests": customerOrStaff,
    "POST /api/v1/requests": .token([.customer]),
    "GET /api/v1/requests/:number": customerOrStaff,
    "GET /api/v1/requests/:number/decision": customerOrStaff,
    "GET /api/v1/requests/:number/timeline": customerOrStaff,
    "GET /api/v1/requests/:number/messages": customerOrStaff,
    "POST /api/v1/requests/:number/messages": customerOrStaff,
    "GET /api/v1/requests/:number/attachments": customerOrStaff,
    "POST /api/v1/requests/:number/attachments": .token([.customer]),
    "GET /api/v1/requests/:number/attachments/:attachment": customerOrStaff,
    "GET /api/v1/waiting-list": .token([.staff(.agent)]),
    "POST /api/v1/waiting-list/take-next": .token([.staff(.agent)]),
    "GET /api/v1/articles": .anyone,
    "GET /api/v1/articles/:slug": .anyone,
    "GET /api/v1/organisations": .token([.staff(.agent), .accounting]),
    "GET /api/v1/organisations/:id": .token([.organisationAdmin, .staff(.agent), .accounting]),
    "PUT /api/v1/organisations/:id/standing": .token([.accounting]),
    "GET /api/v1/contacts": .token([.organisationAdmin, .staff(.agent)]),
    "GET /api/v1/trainings": .token([.organisationAdmin, .staff(.agent)]),
  ]

  static func key(method: HTTPMethod, path: [PathComponent]) -> String {
    method.rawValue + " /" + path.map(\.description).joined(separator: "/")
  }

  static func rule(for route: Route) -> AccessRule? {
    rules[key(method: route.method, path: route.path)]
  }

  /// Whether `viewer` (with `principal` on API calls) passes `rule`. nil when it does; else the error to answer.
  static func denial(_ rule: AccessRule, viewer: Viewer, principal: APIPrincipal?) -> (any Error)? {
    switch rule {
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
}

/// Enforces `AccessTable` before any handler runs. It sits after the session and token middleware, so the viewer is
/// known; routes are matched before middleware runs in Vapor, so `request.route` is the registered route.
struct AccessMiddleware: AsyncMiddleware {
  func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
    guard let route = request.route else { return try await next.respond(to: request) }
    guard let rule = AccessTable.rule(for: route) else {
      request.logger.error("route without an access rule: \(AccessTable.key(method: route.method, path: route.path))")
      throw Abort(.forbidden, reason: "Za to nimate pravic. / You are not allowed to do this.")
    }
    if var denial = AccessTable.denial(rule, viewer: request.viewer, principal: request.apiPrincipal) {
      if let signIn = denial as? SignInRequired {
        denial = SignInRequired(signInPath: signIn.signInPath, next: request.url)
      }
      throw denial
    }
    return try await next.respond(to: request)
  }
}

extension Request {
  /// The signed-in contact the access table guaranteed for this route (portal session or customer token).
  func signedInContact() throws -> ContactViewer {
    guard let contact = contactViewer else { throw Abort(.forbidden) }
    return contact
  }

  /// The member of staff the access table guaranteed for this route (staff session or staff token).
  func signedInStaff() throws -> StaffViewer {
    guard let staff = staffViewer else { throw Abort(.forbidden) }
    return staff
  }
}
