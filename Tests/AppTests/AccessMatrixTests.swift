import Fluent
import Foundation
import SupportPolicy
import Testing
import Vapor
import VaporTesting

@testable import App

/// Who calls a route in the access matrix.
enum MatrixCaller: String, CaseIterable, Sendable {
  case anonymous
  /// eva@tuji.si: a contact of another organisation than the request's.
  case otherOrganisation
  /// ana@demo.si: the contact who filed the request (a member of Demo d.o.o.).
  case member
  /// boris@demo.si: Demo d.o.o.'s organisation admin.
  case organisationAdmin
  case agent, supervisor, admin
  /// System tokens, API routes only.
  case accounting, inboundMail

  var email: String? {
    switch self {
    case .anonymous, .accounting, .inboundMail: nil
    case .otherOrganisation: "eva@tuji.si"
    case .member: "ana@demo.si"
    case .organisationAdmin: "boris@demo.si"
    case .agent: "agent@podpora.si"
    case .supervisor: "vodja@podpora.si"
    case .admin: "admin@podpora.si"
    }
  }

  var staffRole: StaffRole? {
    switch self {
    case .agent: .agent
    case .supervisor: .supervisor
    case .admin: .admin
    default: nil
    }
  }

  var isContact: Bool { self == .otherOrganisation || self == .member || self == .organisationAdmin }
  /// Whether the caller may see ana's request (`RequestAccess`): its contact and the organisation's admin.
  var ownsRequest: Bool { self == .member || self == .organisationAdmin }
  var isSystem: Bool { self == .accounting || self == .inboundMail }
}

/// What the matrix expects of one call.
enum MatrixOutcome: String, Sendable {
  case allowed
  /// 401, 403, or a redirect to sign-in.
  case denied
  /// The route is allowed but the object is not the caller's: the same 404 as for one that does not exist.
  case notFound
}

@Suite(
  "Authorisation: a rule on every route where it is registered, and a matrix of every route against every kind of caller"
)
struct AccessMatrixTests {
  /// What a route's rule means for a caller, written out independently of `AccessRule.denial`.
  static func expected(_ rule: AccessRule, _ caller: MatrixCaller, namesRequest: Bool) -> MatrixOutcome {
    switch rule {
    case .anyone:
      return .allowed
    case .contact:
      return caller.isContact ? .allowed : .denied
    case .requestContact:
      guard caller.isContact else { return .denied }
      return caller.ownsRequest ? .allowed : .notFound
    case .organisationAdmin:
      return caller == .organisationAdmin ? .allowed : .denied
    case .staff(let role):
      return (caller.staffRole.map { $0 >= role } ?? false) ? .allowed : .denied
    case .token(let grants):
      let granted = grants.contains { grant in
        switch grant {
        case .customer: caller.isContact
        case .organisationAdmin: caller == .organisationAdmin
        case .staff(let role): caller.staffRole.map { $0 >= role } ?? false
        case .accounting: caller == .accounting
        case .inboundMail: caller == .inboundMail
        }
      }
      guard granted else { return .denied }
      return namesRequest && caller.isContact && !caller.ownsRequest ? .notFound : .allowed
    }
  }

  static func observed(_ response: TestingHTTPResponse) -> MatrixOutcome {
    switch response.status.code {
    case 401, 403: return .denied
    case 404: return .notFound
    case 300..<400:
      let location = response.headers.first(name: .location) ?? ""
      let toSignIn =
        (location.hasPrefix(SiteURL.portalSignIn.path) || location.hasPrefix(SiteURL.staffSignIn.path))
        && location.contains("next=")
      return toSignIn ? .denied : .allowed
    default: return .allowed
    }
  }

  /// `METHOD /path/:parameter` of a `SiteURL`, as `Route.description` writes a registered route.
  static func key(_ method: HTTPMethod, _ url: SiteURL) -> String {
    method.rawValue + " /" + url.pathComponents.map(\.description).joined(separator: "/")
  }

  @Test("every registered route carries an access rule, and no route is registered twice")
  func everyRouteHasARule() async throws {
    try await TestApp.run { app, _ in
      let unruled = app.routes.all.filter { $0.accessRule == nil }.map(\.description)
      #expect(unruled == [], "routes without an access rule: register them with `access:` in routes.swift")
      let keys = app.routes.all.map(\.description)
      #expect(Set(keys).count == keys.count, "a route registered twice")
      #expect(keys.count > 140)
    }
  }

  @Test("a route registered without a rule is refused to everyone, signed in or not")
  func routeWithoutARuleIsRefused() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      // Arrange: a route registered the way Vapor does, around `access:`, and one beside it given a rule.
      app.get("matrix-without-rule") { _ in "open" }
      app.get("matrix-with-rule") { _ in "open" }.accessRule = .anyone
      let anonymous = TestBrowser(app)
      let admin = try await Self.browser(app, .admin)
      let token = try await Self.client(app, .admin)
      // Act
      let responses = [
        try await anonymous.get("/matrix-without-rule"), try await admin.get("/matrix-without-rule"),
        try await token.send(.GET, "/matrix-without-rule"),
      ]
      let control = try await anonymous.get("/matrix-with-rule")
      // Assert
      for response in responses {
        #expect(response.status == .forbidden)
        #expect(!response.body.string.contains("open"))
      }
      #expect(control.status == .ok)
      #expect(control.body.string == "open")
    }
  }

  @Test("the rules keep the portal for contacts, the workspace for staff, and the API behind tokens")
  func rulesShape() async throws {
    try await TestApp.run { app, _ in
      let rules = Dictionary(uniqueKeysWithValues: app.routes.all.map { ($0.description, $0.accessRule) })
      // Decisions a supervisor takes, pinned here so a registration that opens them to agents fails.
      let supervisorOnly =
        [Self.key(.GET, .workspaceSupervisor), Self.key(.POST, .workspaceNewsletterSend(.key))]
        + [WorkspaceAction.override, .returnToPolicy, .readmit, .reassign].map {
          Self.key(.POST, .workspaceRequestAction(.key, $0))
        }
      for key in supervisorOnly { #expect(rules[key] == .staff(.supervisor), "\(key)") }
      #expect(rules[Self.key(.GET, .workspaceAudit)] == .staff(.admin), "the audit log is for admins")
      #expect(rules[Self.key(.PUT, .apiOrganisationStanding(.key))] == .token([.accounting]))
      #expect(rules[Self.key(.POST, .apiInboundMail)] == .token([.inboundMail]))
      func under(_ route: Route, _ url: SiteURL) -> Bool {
        route.path.map(\.description).starts(with: url.pathComponents.map(\.description))
      }
      let publicPortal: [SiteURL] = [
        .portalSignIn, .portalSignOut, .portalForgotPassword, .portalPolicy, .portalResetPassword(.key),
      ]
      let publicAPI: [SiteURL] = [.apiOpenAPI, .apiSearch, .apiArticles, .apiArticle(.key)]
      for route in app.routes.all {
        let key = route.description
        let rule = try #require(route.accessRule, "\(key)")
        if under(route, .portal), !publicPortal.contains(where: { under(route, $0) }) {
          #expect(rule == .contact || rule == .requestContact || rule == .organisationAdmin, "\(key)")
        }
        if under(route, .portalRequest(.key)) { #expect(rule == .requestContact, "\(key)") }
        if under(route, .workspace) {
          if case .staff = rule {} else { Issue.record("\(key) is not staff-only") }
        }
        if route.path.first?.description == "api", !publicAPI.contains(where: { Self.key(route.method, $0) == key }) {
          if case .token = rule {} else { Issue.record("\(key) does not need a token") }
        }
      }
    }
  }

  /// The value a path parameter gets in the matrix: real ids and numbers, so an allowed call reaches its handler.
  struct Fixtures {
    var number: String
    var attachment: Int
    var articleID: Int
    var articleSlug: String
    var newsletterID: Int
    var newsletterSlug: String
    var organisationID: Int
    /// ana's onboarding booking, a billable item of her request, and ana herself (for the colleagues routes).
    var bookingID: Int
    var itemID: Int
    var contactID: Int
    /// Back-office records of Demo d.o.o. made for the matrix, so deactivating or deleting them harms no caller.
    var records: [BackOfficePart: Int]
    var programID: Int
    var staffID: Int

    func path(for route: Route) -> String {
      let words = route.path.map(\.description)
      return "/"
        + route.path.map { component -> String in
          guard case .parameter(let name) = component else { return component.description }
          switch name {
          case PathParameter.number.name: return number
          case PathParameter.attachment.name: return String(attachment)
          case PathParameter.code.name: return words.first == "language" ? "en" : "PL"
          case PathParameter.token.name: return "unknown-token"
          case PathParameter.record.name:
            return BackOfficePart.allCases.first { words.contains($0.rawValue) }.flatMap { records[$0] }
              .map(String.init) ?? name
          case PathParameter.kind.name: return "channels"
          case PathParameter.id.name:
            if words.contains("back-office") && words.contains("programs") { return String(programID) }
            if words.contains("back-office") && words.contains("staff") { return String(staffID) }
            if words.contains("organisations") { return String(organisationID) }
            if words.contains("onboarding") { return String(bookingID) }
            if words.contains("charges") || words.contains("billing") { return String(itemID) }
            if words.contains("colleagues") { return String(contactID) }
            return words.contains("newsletters") ? String(newsletterID) : String(articleID)
          case PathParameter.slug.name: return words.contains("e-novice") ? newsletterSlug : articleSlug
          default:
            Issue.record("the matrix has no value for the parameter \(name)")
            return name
          }
        }.joined(separator: "/")
    }
  }

  static func fixtures(_ app: Application) async throws -> Fixtures {
    let (number, attachment) = try await PortalAccessTests.anasRequestWithFile(app)
    let article = try #require(
      try await Article.query(on: app.db).filter(\.$status == .published).filter(\.$visibility == .public).first())
    let newsletter = try #require(try await Newsletter.query(on: app.db).filter(\.$status == .published).first())
    let demo = try await PortalFixtures.contact("ana@demo.si", on: app.db)
    let ana = try await BillingTests.viewer("ana@demo.si", on: app.db)
    let bookingID = try await TrainingBookings.book(
      contact: ana, programCode: "PL", kind: "seminar", preferred: "kadarkoli",
      note: "", programs: try await Program.query(on: app.db).all(), now: app.clock.now,
      mail: MailSettings(publicURL: app.configuration.publicURL, mailFrom: app.configuration.mailFrom),
      dialect: app.dialect, on: app.db)
    let request = try #require(try await SupportRequest.query(on: app.db).filter(\.$number == number).first())
    let item = BillableItem()
    item.$request.id = try request.requireID()
    item.$organisation.id = demo.$organisation.id
    (item.kind, item.minutes, item.units, item.rateCents, item.amountCents) = (
      BillableService.standardSupport.rawValue, 20, 2, 6000, 3000
    )
    (item.vatBasisPoints, item.reasons, item.status, item.createdAt) = (
      2200, "[]", BillableItemStatus.billed, app.clock.now
    )
    item.policyVersion = "test"
    try await item.create(on: app.db)
    let organisationID = demo.$organisation.id
    let stranger = Contact(organisationID: organisationID, name: "Matrika Test", email: "matrika@demo.si")
    try await stranger.create(on: app.db)
    let pl = try #require(try await Program.query(on: app.db).filter(\.$code == "PL").first())
    let training = Training(
      contactID: try stranger.requireID(), programID: try pl.requireID(), kind: .seminar, completedOn: "2026-01-15")
    try await training.create(on: app.db)
    let arrangement = Arrangement(
      organisationID: organisationID, startsAt: app.clock.now + 86_400, endsAt: app.clock.now + 90_000, note: "matrika")
    try await arrangement.create(on: app.db)
    let contract = try #require(
      try await Contract.query(on: app.db).filter(\.$organisation.$id == organisationID).first())
    let setup = try #require(
      try await OrganisationProgram.query(on: app.db).filter(\.$organisation.$id == organisationID).first())
    let staff = StaffUser(name: "Matrika Agent", email: "matrika@podpora.si", passwordHash: "x", role: .agent)
    try await staff.create(on: app.db)
    let records: [BackOfficePart: Int] = [
      .contacts: try stranger.requireID(), .contracts: try contract.requireID(), .trainings: try training.requireID(),
      .arrangements: try arrangement.requireID(), .programSetup: try setup.requireID(),
    ]
    return Fixtures(
      number: number, attachment: attachment, articleID: try article.requireID(), articleSlug: article.slug,
      newsletterID: try newsletter.requireID(), newsletterSlug: newsletter.slug, organisationID: demo.$organisation.id,
      bookingID: bookingID, itemID: try item.requireID(), contactID: try demo.requireID(), records: records,
      programID: try pl.requireID(), staffID: try staff.requireID())
  }

  static func browser(_ app: Application, _ caller: MatrixCaller) async throws -> TestBrowser {
    let browser = TestBrowser(app)
    if let email = caller.email {
      let response = try await browser.signIn(email, staff: caller.staffRole != nil)
      #expect(response.status == .seeOther, "\(email) signs in")
    } else {
      try await browser.get(SiteURL.home.path)
    }
    return browser
  }

  static func client(_ app: Application, _ caller: MatrixCaller) async throws -> APIClient {
    switch caller {
    case .anonymous: APIClient(app: app, token: nil)
    case .accounting: try await APIClient.make(app, scope: .accounting)
    case .inboundMail: try await APIClient.make(app, scope: .inboundMail)
    case .agent, .supervisor, .admin: try await APIClient.make(app, scope: .staff, person: caller.email)
    default: try await APIClient.make(app, scope: .customer, person: caller.email)
    }
  }

  @Test("every route, called as every kind of caller, is allowed or refused exactly as its rule says")
  func matrix() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let fixtures = try await Self.fixtures(app)
      let routes = app.routes.all.sorted { $0.description < $1.description }
      var browsers: [MatrixCaller: TestBrowser] = [:]
      var clients: [MatrixCaller: APIClient] = [:]
      for caller in MatrixCaller.allCases {
        if !caller.isSystem { browsers[caller] = try await Self.browser(app, caller) }
        clients[caller] = try await Self.client(app, caller)
      }
      var mismatches: [String] = []
      var calls = 0
      var deleted: Set<String> = []
      for route in routes {
        let key = route.description
        let rule = try #require(route.accessRule, "\(key)")
        let path = fixtures.path(for: route)
        let isAPI = path.hasPrefix("/api/")
        let namesRequest = route.path.contains(.parameter(PathParameter.number.name))
        for caller in MatrixCaller.allCases where isAPI || !caller.isSystem {
          let response: TestingHTTPResponse
          if isAPI {
            response = try await #require(clients[caller]).send(
              route.method, path, json: route.method == .GET ? nil : "{}")
          } else {
            let browser = try #require(browsers[caller])
            response =
              route.method == .GET
              ? try await browser.get(path)
              : try await browser.send(
                route.method, path, body: "csrf=\(browser.csrf ?? "")", contentType: "application/x-www-form-urlencoded"
              )
            if path.hasSuffix("/sign-out") { browsers[caller] = try await Self.browser(app, caller) }
          }
          calls += 1
          if response.status.code >= 500 { mismatches.append("\(key) as \(caller): \(response.status.code)") }
          let want = Self.expected(rule, caller, namesRequest: namesRequest)
          let got = Self.observed(response)
          // An allowed call may still find nothing where the path names no request (an unknown token in a link).
          // And a record one caller deleted is gone for the next one.
          let deletedBefore = route.path.last?.description == "delete" && deleted.contains(key)
          let matches =
            want == got
            || (want == .allowed && got == .notFound && ((!namesRequest && rule == .anyone) || deletedBefore))
          if route.path.last?.description == "delete" && got == .allowed { deleted.insert(key) }
          if !matches {
            mismatches.append("\(key) as \(caller): expected \(want), got \(response.status.code) \(got)")
          }
        }
      }
      #expect(mismatches == [])
      #expect(calls > 500)
    }
  }

  @Test("a signed-in session never opens a token route: the API takes bearer tokens only")
  func sessionsDoNotOpenTheAPI() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let admin = try await Self.browser(app, .admin)
      let ana = try await Self.browser(app, .member)
      for route in app.routes.all {
        guard case .token = route.accessRule, route.method == .GET else { continue }
        let path =
          "/"
          + route.path.map { component in
            if case .parameter = component { "1" } else { component.description }
          }.joined(separator: "/")
        #expect(try await admin.get(path, accept: "application/json").status == .unauthorized, "\(path)")
        #expect(try await ana.get(path, accept: "application/json").status == .unauthorized, "\(path)")
      }
    }
  }
}
