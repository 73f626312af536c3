import Fluent
import Foundation
import SupportPolicy
import Vapor

/// The agent workspace: the waiting list, take next, presence, and every action on a request. Handlers parse the
/// form, call one service in `Workspace/`, then redirect (303) with a notice, or render the page again with the
/// error and what was typed.
struct WorkspaceController {
  // MARK: - Waiting list

  func home(_ req: Request) async throws -> Response {
    let staff = try req.signedInStaff()
    return try await renderHome(req, staff: staff, notice: WorkspaceViews.notice(req.query["notice"], req.language))
  }

  func renderHome(
    _ req: Request, staff: StaffViewer, notice: String? = nil, error: String? = nil, status: HTTPResponseStatus = .ok
  ) async throws -> Response {
    let now = req.clock.now
    let program: String? = req.query["program"]
    let filter = WaitingListFilter(
      programCode: program.flatMap { $0.isEmpty || $0.count > 16 ? nil : $0 },
      waitingClass: (req.query["class"] as String?).flatMap(WaitingClass.init(rawValue:)))
    let board = try await WaitingListBoard.board(filter: filter, now: now, policy: req.policy, on: req.db)
    let me = try await StaffUser.find(staff.id, on: req.db)
    return html(
      WaitingListPage.render(
        .init(
          wording: req.wording, session: req.layoutSession, csrf: req.csrfToken, staffName: staff.name,
          presence: me?.presence ?? .away, isSupervisor: staff.role >= .supervisor, board: board, filter: filter,
          mine: try await WaitingListBoard.mine(staffID: staff.id, on: req.db),
          timer: try await TimeTracking.running(staffID: staff.id, now: now, on: req.db), notice: notice,
          error: error)), status: status)
  }

  func takeNext(_ req: Request) async throws -> Response {
    let staff = try req.signedInStaff()
    let l = req.language
    switch try await WorkClaims.takeNext(in: req.workContext(staff), on: req.db) {
    case .claimed(let claim):
      return req.redirect(toPath: SiteURL.workspaceRequest(.value(claim.number)).path + "?notice=taken")
    case .nothingWaiting:
      return req.redirect(toPath: SiteURL.workspace.path + "?notice=nothing-waiting")
    case .outsideHours(let rule):
      let error = WorkspaceError.outsideHours(rule, policy: req.policy)
      return try await renderHome(req, staff: staff, error: error.message(in: l), status: error.status)
    case .arrangedLater(let at):
      return try await renderHome(
        req, staff: staff,
        error: l.pick(
          "Čakajo le dogovorjene zahteve; prva je dogovorjena za \(req.wording.timestamp(at)).",
          "Only arranged requests wait; the first is arranged for \(req.wording.timestamp(at))."),
        status: .conflict)
    }
  }

  func presence(_ req: Request) async throws -> Response {
    let staff = try req.signedInStaff()
    guard let raw = try? req.content.get(String.self, at: "presence"), let presence = Presence(rawValue: raw) else {
      return try await renderHome(
        req, staff: staff,
        error: req.language.pick("Izberite prisotnost.", "Choose a presence."), status: .unprocessableEntity)
    }
    try await PresenceService.set(presence, in: req.workContext(staff), on: req.db)
    return req.redirect(toPath: SiteURL.workspace.path + "?notice=presence")
  }

  /// Stops the agent's timer from anywhere (the bar on the waiting list).
  func stopMyTimer(_ req: Request) async throws -> Response {
    let staff = try req.signedInStaff()
    guard let logged = try await TimeTracking.stop(in: req.workContext(staff), on: req.db) else {
      return req.redirect(toPath: SiteURL.workspace.path + "?notice=no-timer")
    }
    return req.redirect(
      toPath: SiteURL.workspaceRequest(.value(logged.number)).path + "?notice=" + Self.notice(for: logged))
  }

  static func notice(for logged: TimeLogged?) -> String {
    guard let logged else { return "timer-stopped" }
    if logged.crossedFreeLimit && logged.ruleIDs.contains(RuleID.complexOver15Minutes.rawValue) {
      return "limit-crossed"
    }
    return logged.decisionChanged ? "decision-changed" : "time-logged"
  }

  // MARK: - Request view

  func request(_ req: Request) async throws -> Response {
    let staff = try req.signedInStaff()
    return try await renderRequest(
      req, staff: staff, number: req.parameters.get(.number) ?? "",
      notice: WorkspaceViews.notice(req.query["notice"], req.language))
  }

  func renderRequest(
    _ req: Request, staff: StaffViewer, number: String, notice: String? = nil, error: WorkspaceError? = nil,
    typed: [String: String] = [:]
  ) async throws -> Response {
    let view: RequestWorkView
    do {
      view = try await RequestWorkQueries.view(
        number: number, staffID: staff.id, now: req.clock.now, policy: req.policy, on: req.db)
    } catch let error as WorkspaceError {
      throw Abort(error.status, reason: error.message(in: req.language))
    }
    return html(
      RequestWorkPage.render(
        .init(
          wording: req.wording, session: req.layoutSession, csrf: req.csrfToken, view: view,
          isSupervisor: staff.role >= .supervisor, notice: notice, error: error?.message(in: req.language),
          errorField: error?.field, typed: typed)), status: error?.status ?? .ok)
  }

  /// Runs one action on the request named in the path; a `WorkspaceError` renders the page again with the error
  /// and the form as typed, anything else is a server error.
  func act(
    _ req: Request,
    _ body: @Sendable (WorkContext, Int, [String: String]) async throws -> String
  ) async throws -> Response {
    let staff = try req.signedInStaff()
    let number = req.parameters.get(.number) ?? ""
    let fields = (try? req.content.decode([String: String].self)) ?? [:]
    var typed = fields
    typed[CSRFMiddleware.fieldName] = nil
    do {
      let requestID = try await RequestLocks.id(ofNumber: number, on: req.db)
      let notice = try await body(req.workContext(staff), requestID, typed)
      return req.redirect(toPath: SiteURL.workspaceRequest(.value(number)).path + "?notice=" + notice)
    } catch let error as WorkspaceError {
      if error.kind == .notFound { throw Abort(.notFound, reason: error.message(in: req.language)) }
      return try await renderRequest(req, staff: staff, number: number, error: error, typed: typed)
    }
  }

  static func changedNotice(_ changed: RequestWork.Changed?) -> String {
    guard let changed else { return "unchanged" }
    return changed.decisionChanged ? "decision-changed" : "saved"
  }

  func classify(_ req: Request) async throws -> Response {
    try await act(req) { context, id, form in
      guard let category = form["category"].flatMap(RequestCategory.init(rawValue:)) else {
        throw WorkspaceError.invalid("category", "Izberite kategorijo.", "Choose a category.")
      }
      let changed = try await RequestWork.classify(
        requestID: id,
        as: .init(
          category: category, dataCorrection: form["dataCorrection"] == "on",
          remoteConnection: form["remoteConnection"] == "on", needsTraining: form["needsTraining"] == "on"),
        in: context, on: req.db)
      return Self.changedNotice(changed)
    }
  }

  func reply(_ req: Request) async throws -> Response {
    try await act(req) { context, id, form in
      try await RequestWork.reply(requestID: id, body: form["body"] ?? "", in: context, on: req.db)
      return "replied"
    }
  }

  func note(_ req: Request) async throws -> Response {
    try await act(req) { context, id, form in
      try await RequestWork.note(requestID: id, body: form["body"] ?? "", in: context, on: req.db)
      return "noted"
    }
  }

  func waitForCustomer(_ req: Request) async throws -> Response {
    try await act(req) { context, id, form in
      try await RequestWork.waitForCustomer(requestID: id, question: form["body"] ?? "", in: context, on: req.db)
      return "waiting"
    }
  }

  func resume(_ req: Request) async throws -> Response {
    try await act(req) { context, id, _ in
      try await RequestWork.resume(requestID: id, in: context, on: req.db)
      return "resumed"
    }
  }

  func resolve(_ req: Request) async throws -> Response {
    try await act(req) { context, id, form in
      _ = try await RequestWork.resolve(
        requestID: id, solution: form["solution"] ?? "", clearInstructions: form["clearInstructions"] == "on",
        in: context, on: req.db)
      return "resolved"
    }
  }

  func refuse(_ req: Request) async throws -> Response {
    try await act(req) { context, id, form in
      try await RequestWork.refuse(requestID: id, reason: form["reason"] ?? "", in: context, on: req.db)
      return "refused"
    }
  }

  func reopen(_ req: Request) async throws -> Response {
    try await act(req) { context, id, form in
      try await RequestWork.reopen(requestID: id, reason: form["reason"] ?? "", in: context, on: req.db)
      return "reopened"
    }
  }

  func startTimer(_ req: Request) async throws -> Response {
    try await act(req) { context, id, _ in
      let stopped = try await TimeTracking.start(requestID: id, in: context, on: req.db)
      // Stopping a timer elsewhere may have crossed that request's limit; the agent hears of it here.
      return stopped.map { Self.notice(for: $0) == "limit-crossed" ? "limit-crossed" : "timer-started" }
        ?? "timer-started"
    }
  }

  func stopTimer(_ req: Request) async throws -> Response {
    try await act(req) { context, _, _ in
      guard let logged = try await TimeTracking.stop(in: context, on: req.db) else { return "no-timer" }
      return Self.notice(for: logged)
    }
  }

  func logTime(_ req: Request) async throws -> Response {
    try await act(req) { context, id, form in
      guard let minutes = form["minutes"].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
        throw WorkspaceError.invalid("minutes", "Vpišite število minut.", "Enter the number of minutes.")
      }
      let logged = try await TimeTracking.log(
        requestID: id, minutes: minutes, note: form["note"] ?? "", in: context, on: req.db)
      return Self.notice(for: logged)
    }
  }

  func linkRepeat(_ req: Request) async throws -> Response {
    try await act(req) { context, id, form in
      let changed = try await RequestWork.linkRepeat(
        requestID: id, earlierNumber: form["earlier"] ?? "", in: context, on: req.db)
      return changed?.decisionChanged == true ? "decision-changed" : "linked"
    }
  }

  func unlinkRepeat(_ req: Request) async throws -> Response {
    try await act(req) { context, id, _ in
      let changed = try await RequestWork.unlinkRepeat(requestID: id, in: context, on: req.db)
      return changed?.decisionChanged == true ? "decision-changed" : "unlinked"
    }
  }

  func linkKnowledge(_ req: Request) async throws -> Response {
    try await act(req) { context, id, form in
      let changed = try await RequestWork.linkKnowledge(
        requestID: id, reference: try Self.knowledgeItem(form), in: context, on: req.db)
      return changed?.decisionChanged == true ? "decision-changed" : "linked"
    }
  }

  func unlinkKnowledge(_ req: Request) async throws -> Response {
    try await act(req) { context, id, form in
      let changed = try await RequestWork.unlinkKnowledge(
        requestID: id, reference: try Self.knowledgeItem(form), in: context, on: req.db)
      return changed?.decisionChanged == true ? "decision-changed" : "unlinked"
    }
  }

  /// The item as its evidence id (`a-17`, `n-2`), from a button or typed by the agent.
  static func knowledgeItem(_ form: [String: String]) throws -> KnowledgeReference {
    guard let reference = form["item"].flatMap(KnowledgeReference.init(id:)) else {
      throw WorkspaceError.invalid(
        "item", "Vpišite oznako članka (a-17) ali e-novic (n-2).",
        "Enter the id of an article (a-17) or a newsletter issue (n-2).")
    }
    return reference
  }

  // MARK: - Supervisor

  func override(_ req: Request) async throws -> Response {
    try await act(req) { context, id, form in
      guard let outcome = form["outcome"].flatMap(Outcome.init(rawValue:)) else {
        throw WorkspaceError.invalid("outcome", "Izberite odločitev.", "Choose an outcome.")
      }
      try await SupervisorActions.override(
        requestID: id, outcome: outcome, reason: form["reason"] ?? "", in: context, on: req.db)
      return "overridden"
    }
  }

  func returnToPolicy(_ req: Request) async throws -> Response {
    try await act(req) { context, id, _ in
      try await SupervisorActions.returnToPolicy(requestID: id, in: context, on: req.db)
      return "policy-restored"
    }
  }

  func readmit(_ req: Request) async throws -> Response {
    try await act(req) { context, id, _ in
      try await SupervisorActions.readmit(requestID: id, in: context, on: req.db)
      return "readmitted"
    }
  }

  func reassign(_ req: Request) async throws -> Response {
    try await act(req) { context, id, form in
      guard let staffID = form["assignee"].flatMap({ Int($0) }) else {
        throw WorkspaceError.invalid("assignee", "Izberite sodelavca.", "Choose a member of staff.")
      }
      try await SupervisorActions.reassign(requestID: id, to: staffID, in: context, on: req.db)
      return "reassigned"
    }
  }

  func supervisor(_ req: Request) async throws -> Response {
    let viewer = try req.signedInStaff()
    let refused = try await SupportRequest.query(on: req.db).filter(\.$status == .refused)
      .sort(\.$refusedAt, .descending).with(\.$organisation).limit(50).all()
    return html(
      SupervisorPage.render(
        .init(
          wording: req.wording, session: req.layoutSession,
          staff: try await PresenceService.overview(now: req.clock.now, on: req.db), refused: refused,
          isAdmin: viewer.role == .admin)))
  }

  // MARK: - Phone intake

  func phone(_ req: Request) async throws -> Response {
    let staff = try req.signedInStaff()
    let query = String(((req.query["q"] as String?) ?? "").prefix(PhoneIntake.queryLimit))
    var caller: Caller?
    if let contact = (req.query["contact"] as String?).flatMap({ Int($0) }) {
      caller = try await PhoneIntake.caller(contactID: contact, on: req.db)
    }
    return try await renderPhone(
      req, staff: staff, query: query, callers: try await PhoneIntake.findCallers(query, on: req.db), caller: caller,
      form: .init())
  }

  func renderPhone(
    _ req: Request, staff: StaffViewer, query: String = "", callers: [Caller] = [], caller: Caller?,
    form: PhoneIntakePage.Form, verdict: Decision? = nil, error: String? = nil, status: HTTPResponseStatus = .ok
  ) async throws -> Response {
    html(
      PhoneIntakePage.render(
        .init(
          wording: req.wording, session: req.layoutSession, csrf: req.csrfToken,
          isSupervisor: staff.role >= .supervisor, query: query, callers: callers, caller: caller,
          programs: try await Program.query(on: req.db).sort(\.$code).all(), form: form, verdict: verdict,
          error: error)), status: status)
  }

  /// Previews the verdict (`intent=preview`) or files the request (`intent=file`) through `RequestFiling`.
  func phoneRequest(_ req: Request) async throws -> Response {
    let staff = try req.signedInStaff()
    let l = req.language
    let fields = (try? req.content.decode([String: String].self)) ?? [:]
    guard let contactID = fields["contact"].flatMap({ Int($0) }),
      let caller = try await PhoneIntake.caller(contactID: contactID, on: req.db)
    else {
      return try await renderPhone(
        req, staff: staff, caller: nil, form: .init(),
        error: l.pick("Najprej izberite klicatelja.", "Choose the caller first."), status: .unprocessableEntity)
    }
    let form = PhoneIntakePage.Form(
      programCode: fields["program"] ?? "",
      category: fields["category"].flatMap(RequestCategory.init(rawValue:)) ?? .usage,
      subject: fields["subject"] ?? "", body: fields["body"] ?? "", dataCorrection: fields["dataCorrection"] == "on",
      remoteConnection: fields["remoteConnection"] == "on", needsTraining: fields["needsTraining"] == "on",
      keepIfRefused: fields["keepIfRefused"] == "on", takeNow: fields["takeNow"] == "on")
    let draft = PhoneIntake.draft(
      caller: caller, programCode: form.programCode, category: form.category, subject: form.subject, body: form.body,
      dataCorrection: form.dataCorrection, remoteConnection: form.remoteConnection, needsTraining: form.needsTraining,
      keepIfRefused: form.keepIfRefused)
    let context = req.workContext(staff)
    do {
      try RequestFiling.validate(draft)
      guard try await Program.query(on: req.db).filter(\.$code == draft.programCode).first() != nil else {
        throw FilingError.invalid(.program, .unknown)
      }
      let (_, verdict) = try await RequestFiling.preview(draft, now: context.now, policy: context.policy, on: req.db)
      if fields["intent"] != "file" {
        return try await renderPhone(req, staff: staff, caller: caller, form: form, verdict: verdict)
      }
      let result = try await RequestFiling.file(
        draft, by: context.actor, now: context.now, policy: context.policy, mail: context.mail,
        dialect: context.dialect, on: req.db)
      var notice = "filed"
      if form.takeNow, result.decision.outcome != .refused, let me = try await StaffUser.find(staff.id, on: req.db) {
        do {
          _ = try await WorkClaims.claim(requestID: result.requestID, for: me, in: context, on: req.db)
          notice = "taken"
        } catch is WorkspaceError {
          notice = "filed"  // filed; it waits on the list (e.g. outside hours under no arrangement)
        }
      }
      return req.redirect(toPath: SiteURL.workspaceRequest(.value(result.number)).path + "?notice=\(notice)")
    } catch let error as FilingError {
      let message = error.message(l, to: .agent)
      let verdict = try? await RequestFiling.preview(draft, now: context.now, policy: context.policy, on: req.db)
        .decision
      return try await renderPhone(
        req, staff: staff, caller: caller, form: form, verdict: verdict, error: message,
        status: error == .refused ? .conflict : .unprocessableEntity)
    }
  }
}
