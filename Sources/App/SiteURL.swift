import Foundation

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
    }
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
