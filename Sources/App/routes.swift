import Fluent
import Vapor

/// Every route the app serves, in one list: its path (`SiteURL`), who may call it (`AccessRule`, enforced by
/// `AccessMiddleware`), its body limit where it takes more than the 1 MB default, and its handler.
func routes(_ app: Application) throws {
  // Public pages, assets and sign-in.
  let system = SystemController()
  app.get(.home, access: .anyone, use: system.home)
  app.get(.healthz, access: .anyone, use: system.health)
  app.get(.metrics, access: .anyone, use: system.metrics)
  app.get(.stylesheet, access: .anyone, use: system.stylesheet)
  app.get(.language(.key), access: .anyone, use: system.switchLanguage)

  let auth = AuthController()
  app.get(.portalSignIn, access: .anyone, use: auth.portalSignInPage)
  app.post(.portalSignIn, access: .anyone, use: auth.portalSignIn)
  app.post(.portalSignOut, access: .anyone, use: auth.signOut)
  app.get(.portalForgotPassword, access: .anyone, use: auth.forgotPasswordPage)
  app.post(.portalForgotPassword, access: .anyone, use: auth.forgotPassword)
  app.get(.portalResetPassword(.key), access: .anyone, use: auth.resetPasswordPage)
  app.post(.portalResetPassword(.key), access: .anyone, use: auth.resetPassword)
  app.get(.staffSignIn, access: .anyone, use: auth.staffSignInPage)
  app.post(.staffSignIn, access: .anyone, use: auth.staffSignIn)
  app.post(.staffSignOut, access: .anyone, use: auth.signOut)

  // The customer portal (issue 4). A route naming a request is its contact's or their organisation admin's.
  let portal = PortalController()
  app.get(.portal, access: .contact, use: portal.home)
  app.get(.portalRequests, access: .contact, use: portal.requests)
  app.get(.portalNewRequest, access: .contact, use: portal.newRequestPage)
  app.post(.portalNewRequest, access: .contact, bodyLimit: AttachmentRules.requestBodyLimit, use: portal.newRequest)
  app.post(.portalNewRequestLive, access: .contact, use: portal.live)
  app.get(.portalRequest(.key), access: .requestContact, use: portal.request)
  app.post(
    .portalRequestReply(.key), access: .requestContact, bodyLimit: AttachmentRules.requestBodyLimit, use: portal.reply)
  app.get(.portalAttachment(.key, .key), access: .requestContact, use: portal.attachment)
  app.get(.portalPolicy, access: .anyone, use: portal.policy)
  app.get(.portalScript, access: .anyone, use: portal.script)

  // Onboarding bookings (the advice of `refuse.person-not-onboarded`) and new colleagues.
  let onboarding = OnboardingController()
  app.get(.portalOnboarding, access: .contact, use: onboarding.page)
  app.post(.portalOnboarding, access: .contact, use: onboarding.book)
  app.post(.portalOnboardingCancel(.key), access: .requestContact, use: onboarding.cancel)
  app.get(.portalColleagues, access: .organisationAdmin, use: onboarding.colleagues)
  app.post(.portalColleagueNewColleague(.key), access: .organisationAdmin, use: onboarding.setNewColleague)
  app.get(.workspaceBookings, access: .staff(.agent), use: onboarding.bookings)
  app.post(.workspaceBookingAction(.key, .schedule), access: .staff(.agent), use: onboarding.schedule)
  app.post(.workspaceBookingAction(.key, .complete), access: .staff(.agent), use: onboarding.complete)
  app.post(.workspaceBookingAction(.key, .cancel), access: .staff(.agent), use: onboarding.cancelByStaff)

  // The help site (issue 7): what each viewer may read is narrowed by `KnowledgeQueries`.
  let help = HelpController()
  app.get(.help, access: .anyone, use: help.home)
  app.get(.helpProgram(.key), access: .anyone, use: help.program)
  app.get(.helpArticle(.key), access: .anyone, use: help.article)
  app.get(.helpF1, access: .anyone, use: help.f1)
  app.get(.helpSearch, access: .anyone, use: help.search)
  app.get(.helpTips, access: .anyone, use: help.tips)
  app.get(.newsletters, access: .anyone, use: help.newsletters)
  app.get(.newsletter(.key), access: .anyone, use: help.newsletter)
  app.get(.newsletterSubscribe, access: .anyone, use: help.subscribePage)
  app.post(.newsletterSubscribe, access: .anyone, use: help.subscribe)
  app.get(.newsletterConfirm(.key), access: .anyone, use: help.confirm)
  app.get(.newsletterUnsubscribe(.key), access: .anyone, use: help.unsubscribePage)
  app.post(.newsletterUnsubscribe(.key), access: .anyone, use: help.unsubscribe)
  app.get(.apiSearch, access: .anyone, use: help.apiSearch)

  // The agent workspace (issue 5); decisions that override the policy are a supervisor's.
  let workspace = WorkspaceController()
  app.get(.workspace, access: .staff(.agent), use: workspace.home)
  app.post(.workspaceTakeNext, access: .staff(.agent), use: workspace.takeNext)
  app.post(.workspacePresence, access: .staff(.agent), use: workspace.presence)
  app.post(.workspaceTimerStop, access: .staff(.agent), use: workspace.stopMyTimer)
  app.get(.workspacePhone, access: .staff(.agent), use: workspace.phone)
  app.post(.workspacePhoneRequest, access: .staff(.agent), use: workspace.phoneRequest)
  app.get(.workspaceSupervisor, access: .staff(.supervisor), use: workspace.supervisor)
  app.get(.workspaceAudit, access: .staff(.admin), use: AuditController().page)
  app.get(.workspaceRequest(.key), access: .staff(.agent), use: workspace.request)
  func action(
    _ action: WorkspaceAction, _ role: StaffRole, _ handler: @escaping @Sendable (Request) async throws -> Response
  ) {
    app.post(.workspaceRequestAction(.key, action), access: .staff(role), use: handler)
  }
  action(.classify, .agent, workspace.classify)
  action(.reply, .agent, workspace.reply)
  action(.note, .agent, workspace.note)
  action(.waitForCustomer, .agent, workspace.waitForCustomer)
  action(.resume, .agent, workspace.resume)
  action(.resolve, .agent, workspace.resolve)
  action(.refuse, .agent, workspace.refuse)
  action(.reopen, .agent, workspace.reopen)
  action(.timerStart, .agent, workspace.startTimer)
  action(.timerStop, .agent, workspace.stopTimer)
  action(.logTime, .agent, workspace.logTime)
  action(.linkRepeat, .agent, workspace.linkRepeat)
  action(.unlinkRepeat, .agent, workspace.unlinkRepeat)
  action(.linkKnowledge, .agent, workspace.linkKnowledge)
  action(.unlinkKnowledge, .agent, workspace.unlinkKnowledge)
  action(.override, .supervisor, workspace.override)
  action(.returnToPolicy, .supervisor, workspace.returnToPolicy)
  action(.readmit, .supervisor, workspace.readmit)
  action(.reassign, .supervisor, workspace.reassign)

  // Knowledge articles and newsletters in the workspace; sending a newsletter is a supervisor's.
  let workspaceKnowledge = WorkspaceKnowledgeController()
  app.get(.workspaceArticles, access: .staff(.agent), use: workspaceKnowledge.articles)
  app.get(.workspaceNewArticle, access: .staff(.agent), use: workspaceKnowledge.newArticle)
  app.post(.workspaceNewArticle, access: .staff(.agent), use: workspaceKnowledge.saveArticle)
  app.get(.workspaceArticle(.key), access: .staff(.agent), use: workspaceKnowledge.article)
  app.post(.workspaceArticle(.key), access: .staff(.agent), use: workspaceKnowledge.saveArticle)
  app.get(.workspaceNewsletters, access: .staff(.agent), use: workspaceKnowledge.newsletters)
  app.get(.workspaceNewNewsletter, access: .staff(.agent), use: workspaceKnowledge.newNewsletter)
  app.post(.workspaceNewNewsletter, access: .staff(.agent), use: workspaceKnowledge.saveNewsletter)
  app.get(.workspaceNewsletter(.key), access: .staff(.agent), use: workspaceKnowledge.newsletter)
  app.post(.workspaceNewsletter(.key), access: .staff(.agent), use: workspaceKnowledge.saveNewsletter)
  app.post(.workspaceNewsletterSend(.key), access: .staff(.supervisor), use: workspaceKnowledge.sendNewsletter)

  // Billing (issue 8): a contact sees their own organisation's charges (members their own requests'); supervisors
  // the rest.
  let billing = BillingController()
  app.get(.portalCharges, access: .contact, use: billing.charges)
  app.post(.portalChargeDispute(.key), access: .requestContact, use: billing.dispute)
  app.get(.portalStatement, access: .organisationAdmin, use: billing.portalStatement)
  app.get(.workspaceBilling, access: .staff(.supervisor), use: billing.overview)
  app.get(.workspaceBillingItem(.key), access: .staff(.supervisor), use: billing.item)
  app.post(.workspaceBillingItemAction(.key, .adjust), access: .staff(.supervisor), use: billing.adjust)
  app.post(.workspaceBillingItemAction(.key, .waive), access: .staff(.supervisor), use: billing.waive)
  app.post(.workspaceBillingItemAction(.key, .decideDispute), access: .staff(.supervisor), use: billing.decideDispute)
  app.post(.workspaceBillingExport, access: .staff(.supervisor), use: billing.export)
  app.get(.workspaceBillingStatement, access: .staff(.supervisor), use: billing.workspaceStatement)
  app.get(.workspaceStandingImport, access: .staff(.supervisor), use: billing.standingPage)
  app.post(
    .workspaceStandingImport, access: .staff(.supervisor), bodyLimit: StandingImport.requestBodyLimit,
    use: billing.standingImport)

  // The back office (supervisors; staff users admins only) and the supervisors' reports (issue 8).
  let backOffice = BackOfficeController()
  app.get(.backOfficeOrganisations, access: .staff(.supervisor), use: backOffice.organisations)
  app.post(.backOfficeOrganisations, access: .staff(.supervisor), use: backOffice.createOrganisation)
  app.get(.backOfficeOrganisation(.key), access: .staff(.supervisor), use: backOffice.organisation)
  app.post(.backOfficeOrganisation(.key), access: .staff(.supervisor), use: backOffice.updateOrganisation)
  for part in BackOfficePart.allCases {
    app.post(.backOfficeOrganisationPart(.key, part), access: .staff(.supervisor)) {
      try await backOffice.addPart($0, part: part)
    }
    if part.hasRecords {
      app.post(.backOfficeOrganisationRecord(.key, part, .key), access: .staff(.supervisor)) {
        try await backOffice.updatePart($0, part: part)
      }
    }
    for action in part.recordActions {
      app.post(.backOfficeOrganisationRecordAction(.key, part, .key, action), access: .staff(.supervisor)) {
        try await backOffice.partAction($0, part: part, action: action)
      }
    }
  }
  app.get(.backOfficePrograms, access: .staff(.supervisor), use: backOffice.programs)
  app.post(.backOfficePrograms, access: .staff(.supervisor), use: backOffice.saveProgram)
  app.post(.backOfficeProgram(.key), access: .staff(.supervisor), use: backOffice.saveProgram)
  app.get(.backOfficeStaff, access: .staff(.admin), use: backOffice.staffUsers)
  app.post(.backOfficeStaff, access: .staff(.admin), use: backOffice.saveStaff)
  app.post(.backOfficeStaffMember(.key), access: .staff(.admin), use: backOffice.saveStaff)
  for action in BackOfficeRecordAction.staffActions {
    app.post(.backOfficeStaffAction(.key, action), access: .staff(.admin)) {
      try await backOffice.staffAction($0, action: action)
    }
  }
  app.get(.staffSetPassword(.key), access: .anyone, use: backOffice.setPasswordPage)
  app.post(.staffSetPassword(.key), access: .anyone, use: backOffice.setPassword)
  let reports = ReportsController()
  app.get(.reports, access: .staff(.supervisor), use: reports.page)
  app.get(.reportCSV(.key), access: .staff(.supervisor), use: reports.csv)

  // The JSON API (issue 9): bearer tokens only; every route here is described in `openapi.json` (`APIDocument`).
  app.get(.apiOpenAPI, access: .anyone, use: APIDocument.serve)
  app.post(.apiInboundMail, access: .token([.inboundMail]), bodyLimit: "25mb", use: InboundMailController().receive)
  let api = APIRequestsController()
  app.get(.apiRequests, access: .customerOrStaff, use: api.list)
  app.post(.apiRequests, access: .token([.customer]), use: api.create)
  app.get(.apiRequest(.key), access: .customerOrStaff, use: api.get)
  app.get(.apiRequestDecision(.key), access: .customerOrStaff, use: api.decision)
  app.get(.apiRequestTimeline(.key), access: .customerOrStaff, use: api.timeline)
  app.get(.apiRequestMessages(.key), access: .customerOrStaff, use: api.messages)
  app.post(.apiRequestMessages(.key), access: .customerOrStaff, use: api.postMessage)
  app.get(.apiRequestAttachments(.key), access: .customerOrStaff, use: api.attachments)
  app.post(
    .apiRequestAttachments(.key), access: .token([.customer]), bodyLimit: AttachmentRules.requestBodyLimit,
    use: api.upload)
  app.get(.apiRequestAttachment(.key, .key), access: .customerOrStaff, use: api.attachment)
  let apiWork = APIWorkController()
  app.get(.apiWaitingList, access: .token([.staff(.agent)]), use: apiWork.waitingList)
  app.post(.apiTakeNext, access: .token([.staff(.agent)]), use: apiWork.takeNext)
  app.get(.apiArticles, access: .anyone, use: apiWork.articles)
  app.get(.apiArticle(.key), access: .anyone, use: apiWork.article)
  app.get(.apiOrganisations, access: .token([.staff(.agent), .accounting]), use: apiWork.organisations)
  app.get(
    .apiOrganisation(.key), access: .token([.organisationAdmin, .staff(.agent), .accounting]), use: apiWork.organisation
  )
  app.on(.PUT, .apiOrganisationStanding(.key), access: .token([.accounting]), use: apiWork.setStanding)
  app.get(.apiContacts, access: .token([.organisationAdmin, .staff(.agent)]), use: apiWork.contacts)
  app.get(.apiTrainings, access: .token([.organisationAdmin, .staff(.agent)]), use: apiWork.trainings)
}
