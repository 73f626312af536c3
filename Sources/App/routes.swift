import Fluent
import Vapor

/// Every route the app serves, in one list.
func routes(_ app: Application) throws {
  let system = SystemController()
  app.get(SiteURL.home.pathComponents.map(PathComponent.init(stringLiteral:)), use: system.home)
  app.get("healthz", use: system.health)
  app.get("metrics", use: system.metrics)
  app.get("static", "podpora.css", use: system.stylesheet)
  app.get("language", ":code", use: system.switchLanguage)

  let auth = AuthController()
  app.get("portal", "sign-in", use: auth.portalSignInPage)
  app.post("portal", "sign-in", use: auth.portalSignIn)
  app.post("portal", "sign-out", use: auth.signOut)
  app.get("portal", "forgot-password", use: auth.forgotPasswordPage)
  app.post("portal", "forgot-password", use: auth.forgotPassword)
  app.get("portal", "reset-password", ":token", use: auth.resetPasswordPage)
  app.post("portal", "reset-password", ":token", use: auth.resetPassword)
  app.get("staff", "sign-in", use: auth.staffSignInPage)
  app.post("staff", "sign-in", use: auth.staffSignIn)
  app.post("staff", "sign-out", use: auth.signOut)

  // The customer portal (issue 4). Routes that carry file uploads get a larger body limit than the 1 MB default.
  let portal = PortalController()
  func components(_ path: String) -> [PathComponent] {
    path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
  }
  app.get(components(SiteURL.portal.path), use: portal.home)
  app.get(components(SiteURL.portalRequests.path), use: portal.requests)
  app.get(components(SiteURL.portalNewRequest.path), use: portal.newRequestPage)
  app.on(
    .POST, components(SiteURL.portalNewRequest.path), body: .collect(maxSize: AttachmentRules.requestBodyLimit),
    use: portal.newRequest
  ).bodyLimit(AttachmentRules.requestBodyLimit)
  app.post(components(SiteURL.portalNewRequestLive.path), use: portal.live)
  app.get(components(SiteURL.portalRequest(":number").path), use: portal.request)
  app.on(
    .POST, components(SiteURL.portalRequestReply(":number").path),
    body: .collect(maxSize: AttachmentRules.requestBodyLimit), use: portal.reply
  ).bodyLimit(AttachmentRules.requestBodyLimit)
  app.get(components(SiteURL.portalRequest(":number").path + "/attachments/:attachment"), use: portal.attachment)
  app.get(components(SiteURL.portalPolicy.path), use: portal.policy)
  app.get(components(SiteURL.portalScript.path), use: portal.script)
}
