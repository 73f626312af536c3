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
  let help = HelpController()
  app.get(SiteURL.help.route, use: help.home)
  app.get(SiteURL.helpProgram(":code").route, use: help.program)
  app.get(SiteURL.helpArticle(":slug").route, use: help.article)
  app.get(SiteURL.helpF1.route, use: help.f1)
  app.get(SiteURL.helpSearch.route, use: help.search)
  app.get(SiteURL.helpTips.route, use: help.tips)
  app.get(SiteURL.newsletters.route, use: help.newsletters)
  app.get(SiteURL.newsletter(":slug").route, use: help.newsletter)
  app.get(SiteURL.newsletterSubscribe.route, use: help.subscribePage)
  app.post(SiteURL.newsletterSubscribe.route, use: help.subscribe)
  app.get(SiteURL.newsletterConfirm(":token").route, use: help.confirm)
  app.get(SiteURL.newsletterUnsubscribe(":token").route, use: help.unsubscribePage)
  app.post(SiteURL.newsletterUnsubscribe(":token").route, use: help.unsubscribe)
  app.get(SiteURL.apiSearch.route, use: help.apiSearch)
}
