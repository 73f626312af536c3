import Foundation
import Vapor

/// Every path the app serves, as typed values that both register routes and build links, so a link can
/// never point at a route that does not exist.
public enum SiteURL: Sendable, Equatable {
  case home
  case healthz
  case metrics
  case stylesheet
  case language(String)
  case portal
  case portalSignIn
  case portalSignOut
  case portalRequests
  case portalNewRequest
  case portalRequest(String)
  case portalNewRequestLive
  case portalRequestReply(String)
  case portalAttachment(String, Int)
  case portalPolicy
  case portalScript
  case portalForgotPassword
  case portalResetPassword(String)
  case staffSignIn
  case staffSignOut
  case workspace
  case help
  // Knowledge base, F1 help, tips and the e-newsletter (issue 7).
  case helpProgram(String)
  case helpArticle(String)
  case helpF1
  case helpSearch
  case helpTips
  case newsletters
  case newsletter(String)
  case newsletterSubscribe
  case newsletterConfirm(String)
  case newsletterUnsubscribe(String)
  case apiSearch
  case workspaceArticles
  case workspaceNewArticle
  case workspaceArticle(String)
  case workspaceNewsletters
  case workspaceNewNewsletter
  case workspaceNewsletter(String)
  case workspaceNewsletterSend(String)
  // The agent workspace (issue 5).
  case workspaceTakeNext
  case workspacePresence
  case workspaceTimerStop
  case workspaceRequest(String)
  case workspaceRequestAction(String, WorkspaceAction)
  case workspacePhone
  case workspacePhoneRequest
  case workspaceSupervisor
  // The JSON API (issue 9); `openapi.json` describes every one of these.
  case apiOpenAPI
  case apiInboundMail
  case apiRequests
  case apiRequest(String)
  case apiRequestDecision(String)
  case apiRequestTimeline(String)
  case apiRequestMessages(String)
  case apiRequestAttachments(String)
  case apiRequestAttachment(String, Int)
  case apiWaitingList
  case apiTakeNext
  case apiArticles
  case apiArticle(String)
  case apiOrganisations
  case apiOrganisation(String)
  case apiOrganisationStanding(String)
  case apiContacts
  case apiTrainings

  public var path: String {
    switch self {
    case .home: "/"
    case .healthz: "/healthz"
    case .metrics: "/metrics"
    case .stylesheet: "/static/podpora.css"
    case .language(let code): "/language/\(code)"
    case .portal: "/portal"
    case .portalSignIn: "/portal/sign-in"
    case .portalSignOut: "/portal/sign-out"
    case .portalRequests: "/portal/requests"
    case .portalNewRequest: "/portal/requests/new"
    case .portalRequest(let number): "/portal/requests/\(number)"
    case .portalNewRequestLive: "/portal/requests/new/live"
    case .portalRequestReply(let number): "/portal/requests/\(number)/reply"
    case .portalAttachment(let number, let id): "/portal/requests/\(number)/attachments/\(id)"
    case .portalPolicy: "/portal/policy"
    case .portalScript: "/static/portal.js"
    case .portalForgotPassword: "/portal/forgot-password"
    case .portalResetPassword(let token): "/portal/reset-password/\(token)"
    case .staffSignIn: "/staff/sign-in"
    case .staffSignOut: "/staff/sign-out"
    case .workspace: "/workspace"
    case .help: "/pomoc"
    case .helpProgram(let code): "/pomoc/program/\(code)"
    case .helpArticle(let slug): "/pomoc/clanek/\(slug)"
    case .helpF1: "/pomoc/f1"
    case .helpSearch: "/pomoc/iskanje"
    case .helpTips: "/pomoc/nasveti"
    case .newsletters: "/pomoc/e-novice"
    case .newsletter(let slug): "/pomoc/e-novice/\(slug)"
    case .newsletterSubscribe: "/pomoc/e-novice/narocilo"
    case .newsletterConfirm(let token): "/pomoc/e-novice/potrdi/\(token)"
    case .newsletterUnsubscribe(let token): "/pomoc/e-novice/odjava/\(token)"
    case .apiSearch: "/api/v1/search"
    case .workspaceArticles: "/workspace/articles"
    case .workspaceNewArticle: "/workspace/articles/new"
    case .workspaceArticle(let id): "/workspace/articles/\(id)"
    case .workspaceNewsletters: "/workspace/newsletters"
    case .workspaceNewNewsletter: "/workspace/newsletters/new"
    case .workspaceNewsletter(let id): "/workspace/newsletters/\(id)"
    case .workspaceNewsletterSend(let id): "/workspace/newsletters/\(id)/send"
    case .workspaceTakeNext: "/workspace/take-next"
    case .workspacePresence: "/workspace/presence"
    case .workspaceTimerStop: "/workspace/timer/stop"
    case .workspaceRequest(let number): "/workspace/requests/\(number)"
    case .workspaceRequestAction(let number, let action): "/workspace/requests/\(number)/\(action.rawValue)"
    case .workspacePhone: "/workspace/phone"
    case .workspacePhoneRequest: "/workspace/phone/request"
    case .workspaceSupervisor: "/workspace/supervisor"
    case .apiOpenAPI: "/api/v1/openapi.json"
    case .apiInboundMail: "/api/v1/inbound-mail"
    case .apiRequests: "/api/v1/requests"
    case .apiRequest(let number): "/api/v1/requests/\(number)"
    case .apiRequestDecision(let number): "/api/v1/requests/\(number)/decision"
    case .apiRequestTimeline(let number): "/api/v1/requests/\(number)/timeline"
    case .apiRequestMessages(let number): "/api/v1/requests/\(number)/messages"
    case .apiRequestAttachments(let number): "/api/v1/requests/\(number)/attachments"
    case .apiRequestAttachment(let number, let id): "/api/v1/requests/\(number)/attachments/\(id)"
    case .apiWaitingList: "/api/v1/waiting-list"
    case .apiTakeNext: "/api/v1/waiting-list/take-next"
    case .apiArticles: "/api/v1/articles"
    case .apiArticle(let slug): "/api/v1/articles/\(slug)"
    case .apiOrganisations: "/api/v1/organisations"
    case .apiOrganisation(let id): "/api/v1/organisations/\(id)"
    case .apiOrganisationStanding(let id): "/api/v1/organisations/\(id)/standing"
    case .apiContacts: "/api/v1/contacts"
    case .apiTrainings: "/api/v1/trainings"
    }
  }

  /// Registers a route with the router: parameters are given as `:name` in the value, e.g.
  /// `SiteURL.helpArticle(":slug").route`.
  public var route: [PathComponent] {
    pathComponents.map(PathComponent.init(stringLiteral:))
  }

  /// The same path as route components, for registering it with the router.
  public var pathComponents: [String] {
    path.split(separator: "/").map(String.init)
  }

  public func absoluteURL(base: URL) -> String {
    var text = base.absoluteString
    while text.hasSuffix("/") { text.removeLast() }
    return text + path
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
