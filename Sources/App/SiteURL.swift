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
  case portalSignIn
  case portalSignOut
  case portalRequests
  case portalNewRequest
  case portalRequest(String)
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
  case workspaceRequest(String)
  case workspaceArticles
  case workspaceNewArticle
  case workspaceArticle(String)
  case workspaceNewsletters
  case workspaceNewNewsletter
  case workspaceNewsletter(String)
  case workspaceNewsletterSend(String)

  public var path: String {
    switch self {
    case .home: "/"
    case .healthz: "/healthz"
    case .metrics: "/metrics"
    case .stylesheet: "/static/podpora.css"
    case .language(let code): "/language/\(code)"
    case .portalSignIn: "/portal/sign-in"
    case .portalSignOut: "/portal/sign-out"
    case .portalRequests: "/portal/requests"
    case .portalNewRequest: "/portal/requests/new"
    case .portalRequest(let number): "/portal/requests/\(number)"
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
    case .workspaceRequest(let number): "/workspace/requests/\(number)"
    case .workspaceArticles: "/workspace/articles"
    case .workspaceNewArticle: "/workspace/articles/new"
    case .workspaceArticle(let id): "/workspace/articles/\(id)"
    case .workspaceNewsletters: "/workspace/newsletters"
    case .workspaceNewNewsletter: "/workspace/newsletters/new"
    case .workspaceNewsletter(let id): "/workspace/newsletters/\(id)"
    case .workspaceNewsletterSend(let id): "/workspace/newsletters/\(id)/send"
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
