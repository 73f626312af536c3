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
  app.on(.POST, SiteURL.apiInboundMail.route, body: .collect(maxSize: "25mb"), use: inboundMail.receive)
    .bodyLimit("25mb")
  // The JSON API (issue 9): every route here is described in `openapi.json` (`APIDocument`) and has its access rule
  // in `AccessTable`.
  let api = APIRequestsController()
  app.get(SiteURL.apiRequests.route, use: api.list)
  app.post(SiteURL.apiRequests.route, use: api.create)
  app.get(SiteURL.apiRequest(":number").route, use: api.get)
  app.get(SiteURL.apiRequestDecision(":number").route, use: api.decision)
  app.get(SiteURL.apiRequestTimeline(":number").route, use: api.timeline)
  app.get(SiteURL.apiRequestMessages(":number").route, use: api.messages)
  app.post(SiteURL.apiRequestMessages(":number").route, use: api.postMessage)
  app.get(SiteURL.apiRequestAttachments(":number").route, use: api.attachments)
  app.on(
    .POST, SiteURL.apiRequestAttachments(":number").route, body: .collect(maxSize: AttachmentRules.requestBodyLimit),
    use: api.upload
  ).bodyLimit(AttachmentRules.requestBodyLimit)
  app.get(SiteURL.apiRequestAttachments(":number").route + [":attachment"], use: api.attachment)
  let apiWork = APIWorkController()
  app.get(SiteURL.apiWaitingList.route, use: apiWork.waitingList)
  app.post(SiteURL.apiTakeNext.route, use: apiWork.takeNext)
  app.get(SiteURL.apiArticles.route, use: apiWork.articles)
  app.get(SiteURL.apiArticle(":slug").route, use: apiWork.article)
  app.get(SiteURL.apiOrganisations.route, use: apiWork.organisations)
  app.get(SiteURL.apiOrganisation(":id").route, use: apiWork.organisation)
  app.put(SiteURL.apiOrganisationStanding(":id").route, use: apiWork.setStanding)
  app.get(SiteURL.apiContacts.route, use: apiWork.contacts)
  app.get(SiteURL.apiTrainings.route, use: apiWork.trainings)
  app.get(SiteURL.apiOpenAPI.route, use: APIDocument.serve)
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
  let workspace = WorkspaceController()
  app.get(SiteURL.workspace.route, use: workspace.home)
  app.post(SiteURL.workspaceTakeNext.route, use: workspace.takeNext)
  app.post(SiteURL.workspacePresence.route, use: workspace.presence)
  app.post(SiteURL.workspaceTimerStop.route, use: workspace.stopMyTimer)
  app.get(SiteURL.workspacePhone.route, use: workspace.phone)
  app.post(SiteURL.workspacePhoneRequest.route, use: workspace.phoneRequest)
  app.get(SiteURL.workspaceSupervisor.route, use: workspace.supervisor)
  app.get(SiteURL.workspaceAudit.route, use: AuditController().page)
  app.get(SiteURL.workspaceRequest(":number").route, use: workspace.request)
  func action(_ action: WorkspaceAction) -> [PathComponent] {
    SiteURL.workspaceRequestAction(":number", action).route
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

  let workspaceKnowledge = WorkspaceKnowledgeController()
  app.get(SiteURL.workspaceArticles.route, use: workspaceKnowledge.articles)
  app.get(SiteURL.workspaceNewArticle.route, use: workspaceKnowledge.newArticle)
  app.post(SiteURL.workspaceNewArticle.route, use: workspaceKnowledge.saveArticle)
  app.get(SiteURL.workspaceArticle(":id").route, use: workspaceKnowledge.article)
  app.post(SiteURL.workspaceArticle(":id").route, use: workspaceKnowledge.saveArticle)
  app.get(SiteURL.workspaceNewsletters.route, use: workspaceKnowledge.newsletters)
  app.get(SiteURL.workspaceNewNewsletter.route, use: workspaceKnowledge.newNewsletter)
  app.post(SiteURL.workspaceNewNewsletter.route, use: workspaceKnowledge.saveNewsletter)
  app.get(SiteURL.workspaceNewsletter(":id").route, use: workspaceKnowledge.newsletter)
  app.post(SiteURL.workspaceNewsletter(":id").route, use: workspaceKnowledge.saveNewsletter)
  app.post(SiteURL.workspaceNewsletterSend(":id").route, use: workspaceKnowledge.sendNewsletter)

  // The customer portal (issue 4). Routes that carry file uploads get a larger body limit than the 1 MB default.
  let portal = PortalController()
  app.get(SiteURL.portal.route, use: portal.home)
  app.get(SiteURL.portalRequests.route, use: portal.requests)
  app.get(SiteURL.portalNewRequest.route, use: portal.newRequestPage)
  app.on(
    .POST, SiteURL.portalNewRequest.route, body: .collect(maxSize: AttachmentRules.requestBodyLimit),
    use: portal.newRequest
  ).bodyLimit(AttachmentRules.requestBodyLimit)
  app.post(SiteURL.portalNewRequestLive.route, use: portal.live)
  app.get(SiteURL.portalRequest(":number").route, use: portal.request)
  app.on(
    .POST, SiteURL.portalRequestReply(":number").route, body: .collect(maxSize: AttachmentRules.requestBodyLimit),
    use: portal.reply
  ).bodyLimit(AttachmentRules.requestBodyLimit)
  app.get(SiteURL.portalRequest(":number").route + ["attachments", ":attachment"], use: portal.attachment)
  app.get(SiteURL.portalPolicy.route, use: portal.policy)
  app.get(SiteURL.portalScript.route, use: portal.script)

  // Onboarding bookings (the advice of `refuse.person-not-onboarded`) and new colleagues.
  let onboarding = OnboardingController()
  app.get(SiteURL.portalOnboarding.route, use: onboarding.page)
  app.post(SiteURL.portalOnboarding.route, use: onboarding.book)
  app.post(SiteURL.portalOnboardingCancel(":id").route, use: onboarding.cancel)
  app.get(SiteURL.portalColleagues.route, use: onboarding.colleagues)
  app.post(SiteURL.portalColleagueNewColleague(":id").route, use: onboarding.setNewColleague)
  app.get(SiteURL.workspaceBookings.route, use: onboarding.bookings)
  app.post(SiteURL.workspaceBookingAction(":id", .schedule).route, use: onboarding.schedule)
  app.post(SiteURL.workspaceBookingAction(":id", .complete).route, use: onboarding.complete)
  app.post(SiteURL.workspaceBookingAction(":id", .cancel).route, use: onboarding.cancelByStaff)
  // Billing (issue 8).
  let billing = BillingController()
  app.get(SiteURL.portalCharges.route, use: billing.charges)
  app.post(SiteURL.portalChargeDispute(":id").route, use: billing.dispute)
  app.get(SiteURL.portalStatement.route, use: billing.portalStatement)
  app.get(SiteURL.workspaceBilling.route, use: billing.overview)
  app.get(SiteURL.workspaceBillingItem(":id").route, use: billing.item)
  app.post(SiteURL.workspaceBillingItemAction(":id", .adjust).route, use: billing.adjust)
  app.post(SiteURL.workspaceBillingItemAction(":id", .waive).route, use: billing.waive)
  app.post(SiteURL.workspaceBillingItemAction(":id", .decideDispute).route, use: billing.decideDispute)
  app.post(SiteURL.workspaceBillingExport.route, use: billing.export)
  app.get(SiteURL.workspaceBillingStatement.route, use: billing.workspaceStatement)
  app.get(SiteURL.workspaceStandingImport.route, use: billing.standingPage)
  app.on(.POST, SiteURL.workspaceStandingImport.route, body: .collect(maxSize: "2mb"), use: billing.standingImport)
  // The back office and the supervisors' reports (issue 8).
  let backOffice = BackOfficeController()
  app.get(SiteURL.backOfficeOrganisations.route, use: backOffice.organisations)
  app.post(SiteURL.backOfficeOrganisations.route, use: backOffice.createOrganisation)
  app.get(SiteURL.backOfficeOrganisation(":id").route, use: backOffice.organisation)
  app.post(SiteURL.backOfficeOrganisation(":id").route, use: backOffice.updateOrganisation)
  for part in BackOfficePart.allCases {
    app.post(SiteURL.backOfficeOrganisationPart(":id", part).route) { try await backOffice.addPart($0, part: part) }
    if part.hasRecords {
      app.post(SiteURL.backOfficeOrganisationRecord(":id", part, ":record").route) {
        try await backOffice.updatePart($0, part: part)
      }
    }
    for action in part.recordActions {
      app.post(SiteURL.backOfficeOrganisationRecordAction(":id", part, ":record", action).route) {
        try await backOffice.partAction($0, part: part, action: action)
      }
    }
  }
  app.get(SiteURL.backOfficePrograms.route, use: backOffice.programs)
  app.post(SiteURL.backOfficePrograms.route, use: backOffice.saveProgram)
  app.post(SiteURL.backOfficeProgram(":id").route, use: backOffice.saveProgram)
  app.get(SiteURL.backOfficeStaff.route, use: backOffice.staffUsers)
  app.post(SiteURL.backOfficeStaff.route, use: backOffice.saveStaff)
  app.post(SiteURL.backOfficeStaffMember(":id").route, use: backOffice.saveStaff)
  for action in BackOfficeRecordAction.staffActions {
    app.post(SiteURL.backOfficeStaffAction(":id", action).route) {
      try await backOffice.staffAction($0, action: action)
    }
  }
  app.get(SiteURL.staffSetPassword(":token").route, use: backOffice.setPasswordPage)
  app.post(SiteURL.staffSetPassword(":token").route, use: backOffice.setPassword)
  let reports = ReportsController()
  app.get(SiteURL.reports.route, use: reports.page)
  app.get(SiteURL.reportCSV(":kind").route, use: reports.csv)
}
