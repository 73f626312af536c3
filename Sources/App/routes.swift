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

  let workspace = WorkspaceController()
  app.get(workspacePath(.workspace), use: workspace.home)
  app.post(workspacePath(.workspaceTakeNext), use: workspace.takeNext)
  app.post(workspacePath(.workspacePresence), use: workspace.presence)
  app.post(workspacePath(.workspaceTimerStop), use: workspace.stopMyTimer)
  app.get(workspacePath(.workspacePhone), use: workspace.phone)
  app.post(workspacePath(.workspacePhoneRequest), use: workspace.phoneRequest)
  app.get(workspacePath(.workspaceSupervisor), use: workspace.supervisor)
  app.get(workspacePath(.workspaceRequest(":number")), use: workspace.request)
  func action(_ action: WorkspaceAction) -> [PathComponent] {
    workspacePath(.workspaceRequestAction(":number", action))
  }
  app.post(action(.classify), use: workspace.classify)
  app.post(action(.reply), use: workspace.reply)
  app.post(action(.note), use: workspace.note)
  app.post(action(.waitForCustomer), use: workspace.waitForCustomer)
  app.post(action(.resume), use: workspace.resume)
  app.post(action(.resolve), use: workspace.resolve)
  app.post(action(.refuse), use: workspace.refuse)
  app.post(action(.reopen), use: workspace.reopen)
  app.post(action(.timerStart), use: workspace.startTimer)
  app.post(action(.timerStop), use: workspace.stopTimer)
  app.post(action(.logTime), use: workspace.logTime)
  app.post(action(.linkRepeat), use: workspace.linkRepeat)
  app.post(action(.unlinkRepeat), use: workspace.unlinkRepeat)
  app.post(action(.linkKnowledge), use: workspace.linkKnowledge)
  app.post(action(.unlinkKnowledge), use: workspace.unlinkKnowledge)
  app.post(action(.override), use: workspace.override)
  app.post(action(.returnToPolicy), use: workspace.returnToPolicy)
  app.post(action(.readmit), use: workspace.readmit)
  app.post(action(.reassign), use: workspace.reassign)
}

/// A typed path as route components; `:name` segments become parameters.
private func workspacePath(_ url: SiteURL) -> [PathComponent] {
  url.pathComponents.map(PathComponent.init(stringLiteral:))
}
