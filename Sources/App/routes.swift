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

  let inboundMail = InboundMailController()
  app.on(.POST, "api", "v1", "inbound-mail", body: .collect(maxSize: "25mb"), use: inboundMail.receive)
}
