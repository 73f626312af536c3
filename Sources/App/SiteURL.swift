import Foundation
import Vapor

/// Every path the app serves, declared once: a route registers its case with `.key` for each parameter
/// (`app.get(.portalRequest(.key), access: …)` in `routes.swift`), a link gives values
/// (`SiteURL.portalRequest(.value(number)).path`), so a link can never point at a route that does not exist.
/// Modelled on SwiftPackageIndex-Server's `SiteURL`.
public enum SiteURL: Sendable, Equatable {
  case home
  case healthz
  case metrics
  case stylesheet
  case language(_ code: Parameter<String>)
  case portal
  case portalSignIn
  case portalSignOut
  case portalRequests
  case portalNewRequest
  case portalRequest(_ number: Parameter<String>)
  case portalNewRequestLive
  case portalRequestReply(_ number: Parameter<String>)
  case portalAttachment(_ number: Parameter<String>, _ attachment: Parameter<Int>)
  case portalPolicy
  case portalScript
  case portalForgotPassword
  case portalResetPassword(_ token: Parameter<String>)
  case staffSignIn
  case staffSignOut
  case workspace
  case help
  // Knowledge base, F1 help, tips and the e-newsletter (issue 7).
  case helpProgram(_ code: Parameter<String>)
  case helpArticle(_ slug: Parameter<String>)
  case helpF1
  case helpSearch
  case helpTips
  case newsletters
  case newsletter(_ slug: Parameter<String>)
  case newsletterSubscribe
  case newsletterConfirm(_ token: Parameter<String>)
  case newsletterUnsubscribe(_ token: Parameter<String>)
  case apiSearch
  case workspaceArticles
  case workspaceNewArticle
  case workspaceArticle(_ id: Parameter<Int>)
  case workspaceNewsletters
  case workspaceNewNewsletter
  case workspaceNewsletter(_ id: Parameter<Int>)
  case workspaceNewsletterSend(_ id: Parameter<Int>)
  // The agent workspace (issue 5).
  case workspaceTakeNext
  case workspacePresence
  case workspaceTimerStop
  case workspaceRequest(_ number: Parameter<String>)
  case workspaceRequestAction(_ number: Parameter<String>, WorkspaceAction)
  case workspacePhone
  case workspacePhoneRequest
  case workspaceSupervisor
  // Onboarding bookings and colleagues (the advice of `refuse.person-not-onboarded`).
  case portalOnboarding
  case portalOnboardingCancel(_ id: Parameter<Int>)
  case portalColleagues
  case portalColleagueNewColleague(_ id: Parameter<Int>)
  case workspaceBookings
  case workspaceBookingAction(_ id: Parameter<Int>, BookingAction)
  // Billing (issue 8): charges, disputes, statements, the accounting export, the standing import.
  case portalCharges
  case portalChargeDispute(_ id: Parameter<Int>)
  case portalStatement
  case workspaceBilling
  case workspaceBillingItem(_ id: Parameter<Int>)
  case workspaceBillingItemAction(_ id: Parameter<Int>, BillingItemAction)
  case workspaceBillingExport
  case workspaceBillingStatement
  case workspaceStandingImport
  // Security (issue 9): the audit log, for admins.
  case workspaceAudit
  // The JSON API (issue 9); `openapi.json` describes every one of these.
  case apiOpenAPI
  case apiInboundMail
  case apiRequests
  case apiRequest(_ number: Parameter<String>)
  case apiRequestDecision(_ number: Parameter<String>)
  case apiRequestTimeline(_ number: Parameter<String>)
  case apiRequestMessages(_ number: Parameter<String>)
  case apiRequestAttachments(_ number: Parameter<String>)
  case apiRequestAttachment(_ number: Parameter<String>, _ attachment: Parameter<Int>)
  case apiWaitingList
  case apiTakeNext
  case apiArticles
  case apiArticle(_ slug: Parameter<String>)
  case apiOrganisations
  case apiOrganisation(_ id: Parameter<Int>)
  case apiOrganisationStanding(_ id: Parameter<Int>)
  case apiContacts
  case apiTrainings
  // The back office and the supervisors' reports (issue 8).
  case backOfficeOrganisations
  case backOfficeOrganisation(_ id: Parameter<Int>)
  /// POST adds a record of this kind to the organisation.
  case backOfficeOrganisationPart(_ id: Parameter<Int>, BackOfficePart)
  /// POST updates one record of the organisation.
  case backOfficeOrganisationRecord(_ id: Parameter<Int>, BackOfficePart, _ record: Parameter<Int>)
  case backOfficeOrganisationRecordAction(
    _ id: Parameter<Int>, BackOfficePart, _ record: Parameter<Int>, BackOfficeRecordAction)
  case backOfficePrograms
  case backOfficeProgram(_ id: Parameter<Int>)
  case backOfficeStaff
  case backOfficeStaffMember(_ id: Parameter<Int>)
  case backOfficeStaffAction(_ id: Parameter<Int>, BackOfficeRecordAction)
  case staffSetPassword(_ token: Parameter<String>)
  case reports
  case reportCSV(_ kind: Parameter<String>)

  /// The path, one component at a time. A path that extends another is written as that one's segments plus its own,
  /// so each prefix is spelled once.
  var segments: [PathSegment] {
    switch self {
    case .home: []
    case .healthz: ["healthz"]
    case .metrics: ["metrics"]
    case .stylesheet: ["static", "podpora.css"]
    case .portalScript: ["static", "portal.js"]
    case .language(let code): ["language", .parameter(.code, code)]
    case .portal: ["portal"]
    case .portalSignIn: ["portal", "sign-in"]
    case .portalSignOut: ["portal", "sign-out"]
    case .portalForgotPassword: ["portal", "forgot-password"]
    case .portalResetPassword(let token): ["portal", "reset-password", .parameter(.token, token)]
    case .portalPolicy: ["portal", "policy"]
    case .portalRequests: ["portal", "requests"]
    case .portalNewRequest: Self.portalRequests.segments + ["new"]
    case .portalNewRequestLive: Self.portalNewRequest.segments + ["live"]
    case .portalRequest(let number): Self.portalRequests.segments + [.parameter(.number, number)]
    case .portalRequestReply(let number): Self.portalRequest(number).segments + ["reply"]
    case .portalAttachment(let number, let id):
      Self.portalRequest(number).segments + ["attachments", .parameter(.attachment, id)]
    case .portalOnboarding: ["portal", "onboarding"]
    case .portalOnboardingCancel(let id): Self.portalOnboarding.segments + [.parameter(.id, id), "cancel"]
    case .portalColleagues: ["portal", "colleagues"]
    case .portalColleagueNewColleague(let id): Self.portalColleagues.segments + [.parameter(.id, id), "new-colleague"]
    case .portalCharges: ["portal", "charges"]
    case .portalChargeDispute(let id): Self.portalCharges.segments + [.parameter(.id, id), "dispute"]
    case .portalStatement: Self.portalCharges.segments + ["statement"]
    case .staffSignIn: ["staff", "sign-in"]
    case .staffSignOut: ["staff", "sign-out"]
    case .staffSetPassword(let token): ["staff", "set-password", .parameter(.token, token)]
    case .help: ["pomoc"]
    case .helpProgram(let code): Self.help.segments + ["program", .parameter(.code, code)]
    case .helpArticle(let slug): Self.help.segments + ["clanek", .parameter(.slug, slug)]
    case .helpF1: Self.help.segments + ["f1"]
    case .helpSearch: Self.help.segments + ["iskanje"]
    case .helpTips: Self.help.segments + ["nasveti"]
    case .newsletters: Self.help.segments + ["e-novice"]
    case .newsletter(let slug): Self.newsletters.segments + [.parameter(.slug, slug)]
    case .newsletterSubscribe: Self.newsletters.segments + ["narocilo"]
    case .newsletterConfirm(let token): Self.newsletters.segments + ["potrdi", .parameter(.token, token)]
    case .newsletterUnsubscribe(let token): Self.newsletters.segments + ["odjava", .parameter(.token, token)]
    case .workspace: ["workspace"]
    case .workspaceTakeNext: Self.workspace.segments + ["take-next"]
    case .workspacePresence: Self.workspace.segments + ["presence"]
    case .workspaceTimerStop: Self.workspace.segments + ["timer", "stop"]
    case .workspacePhone: Self.workspace.segments + ["phone"]
    case .workspacePhoneRequest: Self.workspacePhone.segments + ["request"]
    case .workspaceSupervisor: Self.workspace.segments + ["supervisor"]
    case .workspaceAudit: Self.workspace.segments + ["audit"]
    case .workspaceRequest(let number): Self.workspace.segments + ["requests", .parameter(.number, number)]
    case .workspaceRequestAction(let number, let action):
      Self.workspaceRequest(number).segments + [.constant(action.rawValue)]
    case .workspaceArticles: Self.workspace.segments + ["articles"]
    case .workspaceNewArticle: Self.workspaceArticles.segments + ["new"]
    case .workspaceArticle(let id): Self.workspaceArticles.segments + [.parameter(.id, id)]
    case .workspaceNewsletters: Self.workspace.segments + ["newsletters"]
    case .workspaceNewNewsletter: Self.workspaceNewsletters.segments + ["new"]
    case .workspaceNewsletter(let id): Self.workspaceNewsletters.segments + [.parameter(.id, id)]
    case .workspaceNewsletterSend(let id): Self.workspaceNewsletter(id).segments + ["send"]
    case .workspaceBookings: Self.workspace.segments + ["onboarding"]
    case .workspaceBookingAction(let id, let action):
      Self.workspaceBookings.segments + [.parameter(.id, id), .constant(action.rawValue)]
    case .workspaceBilling: Self.workspace.segments + ["billing"]
    case .workspaceBillingItem(let id): Self.workspaceBilling.segments + ["items", .parameter(.id, id)]
    case .workspaceBillingItemAction(let id, let action):
      Self.workspaceBillingItem(id).segments + [.constant(action.rawValue)]
    case .workspaceBillingExport: Self.workspaceBilling.segments + ["export"]
    case .workspaceBillingStatement: Self.workspaceBilling.segments + ["statement"]
    case .workspaceStandingImport: Self.workspaceBilling.segments + ["standing"]
    case .backOfficeOrganisations: Self.workspace.segments + ["back-office", "organisations"]
    case .backOfficeOrganisation(let id): Self.backOfficeOrganisations.segments + [.parameter(.id, id)]
    case .backOfficeOrganisationPart(let id, let part):
      Self.backOfficeOrganisation(id).segments + [.constant(part.rawValue)]
    case .backOfficeOrganisationRecord(let id, let part, let record):
      Self.backOfficeOrganisationPart(id, part).segments + [.parameter(.record, record)]
    case .backOfficeOrganisationRecordAction(let id, let part, let record, let action):
      Self.backOfficeOrganisationRecord(id, part, record).segments + [.constant(action.rawValue)]
    case .backOfficePrograms: Self.workspace.segments + ["back-office", "programs"]
    case .backOfficeProgram(let id): Self.backOfficePrograms.segments + [.parameter(.id, id)]
    case .backOfficeStaff: Self.workspace.segments + ["back-office", "staff"]
    case .backOfficeStaffMember(let id): Self.backOfficeStaff.segments + [.parameter(.id, id)]
    case .backOfficeStaffAction(let id, let action):
      Self.backOfficeStaffMember(id).segments + [.constant(action.rawValue)]
    case .reports: Self.workspace.segments + ["reports"]
    case .reportCSV(let kind): Self.reports.segments + ["csv", .parameter(.kind, kind)]
    case .apiOpenAPI: ["api", "v1", "openapi.json"]
    case .apiSearch: ["api", "v1", "search"]
    case .apiInboundMail: ["api", "v1", "inbound-mail"]
    case .apiRequests: ["api", "v1", "requests"]
    case .apiRequest(let number): Self.apiRequests.segments + [.parameter(.number, number)]
    case .apiRequestDecision(let number): Self.apiRequest(number).segments + ["decision"]
    case .apiRequestTimeline(let number): Self.apiRequest(number).segments + ["timeline"]
    case .apiRequestMessages(let number): Self.apiRequest(number).segments + ["messages"]
    case .apiRequestAttachments(let number): Self.apiRequest(number).segments + ["attachments"]
    case .apiRequestAttachment(let number, let id):
      Self.apiRequestAttachments(number).segments + [.parameter(.attachment, id)]
    case .apiWaitingList: ["api", "v1", "waiting-list"]
    case .apiTakeNext: Self.apiWaitingList.segments + ["take-next"]
    case .apiArticles: ["api", "v1", "articles"]
    case .apiArticle(let slug): Self.apiArticles.segments + [.parameter(.slug, slug)]
    case .apiOrganisations: ["api", "v1", "organisations"]
    case .apiOrganisation(let id): Self.apiOrganisations.segments + [.parameter(.id, id)]
    case .apiOrganisationStanding(let id): Self.apiOrganisation(id).segments + ["standing"]
    case .apiContacts: ["api", "v1", "contacts"]
    case .apiTrainings: ["api", "v1", "trainings"]
    }
  }

  /// The path of a link: every parameter must have its value.
  public var path: String {
    rendered { name in
      assertionFailure("a link to \(self) needs a value for its parameter \(name)")
      return "{\(name)}"
    }
  }

  /// The path with each `.key` parameter written `{name}`, as OpenAPI writes paths.
  var template: String {
    rendered { "{\($0)}" }
  }

  private func rendered(key: (String) -> String) -> String {
    "/"
      + segments.map { segment in
        switch segment {
        case .constant(let text): text
        case .parameter(_, let value?): value
        case .parameter(let name, nil): key(name)
        }
      }.joined(separator: "/")
  }

  /// The path as the router's components, with each `.key` a named parameter; registering a value is a mistake.
  var pathComponents: [PathComponent] {
    segments.map { segment in
      switch segment {
      case .constant(let text): .constant(text)
      case .parameter(let name, nil): .parameter(name)
      case .parameter(let name, _?): preconditionFailure("\(self) is registered with a value for \(name); give .key")
      }
    }
  }

  public func absoluteURL(base: URL) -> String {
    var text = base.absoluteString
    while text.hasSuffix("/") { text.removeLast() }
    return text + path
  }
}

/// A path parameter of a `SiteURL`: `.key` where the route is registered (the router fills it in from the request),
/// `.value` where a link is built.
public enum Parameter<Value: Sendable & Equatable & CustomStringConvertible>: Sendable, Equatable {
  case key
  case value(Value)
}

/// A literal is a value, so tests and fixed links read `SiteURL.helpArticle("potni-nalogi")`.
extension Parameter: ExpressibleByStringLiteral, ExpressibleByUnicodeScalarLiteral,
  ExpressibleByExtendedGraphemeClusterLiteral
where Value == String {
  public init(stringLiteral value: String) { self = .value(value) }
}

extension Parameter: ExpressibleByIntegerLiteral where Value == Int {
  public init(integerLiteral value: Int) { self = .value(value) }
}

/// The name of a path parameter and the type of its value: the route registers it under this name and the handler
/// reads it by the same name (`req.parameters.get(.number)`).
struct PathParameter<Value>: Sendable {
  let name: String
}

extension PathParameter where Value == String {
  static var number: Self { .init(name: "number") }
  static var code: Self { .init(name: "code") }
  static var slug: Self { .init(name: "slug") }
  static var token: Self { .init(name: "token") }
  static var kind: Self { .init(name: "kind") }
}

extension PathParameter where Value == Int {
  static var id: Self { .init(name: "id") }
  static var attachment: Self { .init(name: "attachment") }
  static var record: Self { .init(name: "record") }
}

/// One component of a `SiteURL`'s path.
enum PathSegment: Sendable, ExpressibleByStringLiteral {
  case constant(String)
  /// A named parameter, with its value when the path is a link.
  case parameter(String, String?)

  init(stringLiteral value: String) { self = .constant(value) }

  static func parameter<Value>(_ name: PathParameter<Value>, _ parameter: Parameter<Value>) -> Self {
    switch parameter {
    case .key: .parameter(name.name, nil)
    case .value(let value): .parameter(name.name, value.description)
    }
  }
}

extension Parameters {
  /// The raw text of a path parameter, by the name its `SiteURL` registered.
  func get<Value>(_ name: PathParameter<Value>) -> String? {
    get(name.name)
  }

  /// A path parameter as its type (nil when absent or not of that type).
  func get<Value: LosslessStringConvertible>(_ name: PathParameter<Value>, as type: Value.Type) -> Value? {
    get(name.name, as: type)
  }
}

/// The actions on one request in the workspace, each a POST to `/workspace/requests/{number}/{action}`.
public enum WorkspaceAction: String, Sendable, CaseIterable {
  case classify = "category"
  case reply
  case note
  case waitForCustomer = "wait"
  case resume
  case resolve
  case refuse
  case reopen
  case timerStart = "timer-start"
  case timerStop = "timer-stop"
  case logTime = "time"
  case linkRepeat = "repeat"
  case unlinkRepeat = "repeat-remove"
  case linkKnowledge = "knowledge"
  case unlinkKnowledge = "knowledge-remove"
  case override
  case returnToPolicy = "override-remove"
  case readmit
  case reassign

  /// Which form on the request page posted, so an error reopens it with what was typed.
  var formName: String { rawValue }
}

/// What support does with an onboarding booking, each a POST to `/workspace/onboarding/{id}/{action}`.
public enum BookingAction: String, Sendable, CaseIterable {
  case schedule
  case complete
  case cancel
}

/// A supervisor's actions on one billable item, each a POST to `/workspace/billing/items/{id}/{action}`.
public enum BillingItemAction: String, Sendable, CaseIterable {
  case adjust, waive
  case decideDispute = "dispute"
}

/// The records of an organisation the back office keeps, each under `/workspace/back-office/organisations/{id}/…`.
public enum BackOfficePart: String, Sendable, CaseIterable {
  case contacts, contracts, trainings, arrangements
  case programSetup = "program-setup"

  /// Whether a record of this part is edited on its own (program setup is saved per program through the part).
  var hasRecords: Bool { self != .programSetup }

  /// The one-button actions a record of this part has; only these are routes.
  var recordActions: [BackOfficeRecordAction] {
    switch self {
    case .contacts: [.invite, .activate, .deactivate]
    case .trainings, .arrangements: [.delete]
    case .contracts, .programSetup: []
    }
  }
}

/// One-button actions on a back-office record.
public enum BackOfficeRecordAction: String, Sendable, CaseIterable {
  case invite, activate, deactivate, delete

  /// What an admin does with a staff user (staff users are deactivated, never deleted).
  static let staffActions: [BackOfficeRecordAction] = [.invite, .activate, .deactivate]
}
