import Fluent
import Foundation
import SupportPolicy
import Vapor

/// Onboarding and seminar bookings: the contact books in the portal (the advice of `refuse.person-not-onboarded`),
/// an organisation administrator registers new colleagues, and support schedules, completes or cancels bookings in
/// the workspace. Every change redirects back with a notice, or renders the page again with the error.
struct OnboardingController {
  struct BookingInput: Content {
    var program: String?
    var kind: String?
    var preferred: String?
    var note: String?
  }

  struct StaffInput: Content {
    var scheduledAt: String?
    var staffNote: String?
  }

  // MARK: Portal

  func page(_ req: Request) async throws -> Response {
    let viewer = try req.signedInContact()
    var values = OnboardingPage.Values()
    values.programCode = req.query[String.self, at: "program"] ?? ""
    if req.query[String.self, at: "kind"] == TrainingKind.seminar.rawValue {
      values.kind = TrainingKind.seminar.rawValue
    }
    let notice = req.query[String.self, at: "done"].flatMap { Self.portalNotice($0, req.language) }
    return try await portalPage(req, viewer: viewer, values: values, notice: notice)
  }

  func book(_ req: Request) async throws -> Response {
    let viewer = try req.signedInContact()
    let input = try req.content.decode(BookingInput.self)
    let values = OnboardingPage.Values(
      programCode: input.program ?? "", kind: input.kind ?? "", preferred: String((input.preferred ?? "").prefix(1000)),
      note: String((input.note ?? "").prefix(5000)))
    do {
      try await TrainingBookings.book(
        contact: viewer, programCode: values.programCode, kind: values.kind, preferred: values.preferred,
        note: values.note, programs: try await programs(viewer, req), now: req.clock.now, mail: mailSettings(req),
        dialect: req.dialect, on: req.db)
    } catch let error as WorkspaceError {
      return try await portalPage(req, viewer: viewer, values: values, error: error)
    }
    return req.redirect(toPath: SiteURL.portalOnboarding.path + "?done=booked")
  }

  func cancel(_ req: Request) async throws -> Response {
    let viewer = try req.signedInContact()
    let id = try bookingID(req)
    do {
      try await TrainingBookings.cancel(id, by: viewer, now: req.clock.now, dialect: req.dialect, on: req.db)
    } catch let error as WorkspaceError {
      return try await portalPage(req, viewer: viewer, values: .init(), error: error)
    }
    return req.redirect(toPath: SiteURL.portalOnboarding.path + "?done=cancelled")
  }

  func colleagues(_ req: Request) async throws -> Response {
    let viewer = try req.signedInContact()
    let notice = req.query[String.self, at: "done"] == "saved" ? req.language.pick("Shranjeno.", "Saved.") : nil
    return html(
      ColleaguesPage.render(
        .init(
          wording: req.wording, session: req.layoutSession, csrf: req.csrfToken,
          rows: try await Colleagues.list(organisationID: viewer.organisationID, on: req.db), notice: notice)))
  }

  func setNewColleague(_ req: Request) async throws -> Response {
    let viewer = try req.signedInContact()
    guard let id = req.parameters.get(.id, as: Int.self) else { throw Abort(.notFound) }
    let value = (try? req.content.get(String.self, at: "value")) == "1"
    do {
      try await Colleagues.setNewColleague(
        id, to: value, by: viewer, now: req.clock.now, dialect: req.dialect, on: req.db)
    } catch let error as WorkspaceError where error.kind == .notFound {
      throw Abort(.notFound)
    }
    return req.redirect(toPath: SiteURL.portalColleagues.path + "?done=saved")
  }

  // MARK: Workspace

  func bookings(_ req: Request) async throws -> Response {
    let staff = try req.signedInStaff()
    let notice = req.query[String.self, at: "done"].flatMap { Self.staffNotice($0, req.language) }
    return try await workspacePage(req, staff: staff, notice: notice)
  }

  func schedule(_ req: Request) async throws -> Response {
    try await staffAction(req, done: "scheduled") { id, input, context in
      try await TrainingBookings.schedule(
        id, at: input.scheduledAt.flatMap(req.wording.instant(field:)), note: input.staffNote ?? "", in: context,
        on: req.db)
    }
  }

  func complete(_ req: Request) async throws -> Response {
    try await staffAction(req, done: "completed") { id, _, context in
      try await TrainingBookings.complete(id, in: context, on: req.db)
    }
  }

  func cancelByStaff(_ req: Request) async throws -> Response {
    try await staffAction(req, done: "cancelled") { id, input, context in
      try await TrainingBookings.cancel(id, note: input.staffNote ?? "", in: context, on: req.db)
    }
  }

  // MARK: Shared

  private func staffAction(
    _ req: Request, done: String, _ action: (Int, StaffInput, WorkContext) async throws -> Void
  ) async throws -> Response {
    let staff = try req.signedInStaff()
    let id = try bookingID(req)
    let input = try req.content.decode(StaffInput.self)
    do {
      try await action(id, input, req.workContext(staff))
    } catch let error as WorkspaceError {
      return try await workspacePage(req, staff: staff, error: error, errorBooking: id)
    }
    return req.redirect(toPath: SiteURL.workspaceBookings.path + "?done=\(done)#booking-\(id)")
  }

  private func portalPage(
    _ req: Request, viewer: ContactViewer, values: OnboardingPage.Values, error: WorkspaceError? = nil,
    notice: String? = nil
  ) async throws -> Response {
    let programs = try await programs(viewer, req)
    var values = values
    if !programs.contains(where: { $0.code == values.programCode }) { values.programCode = programs.first?.code ?? "" }
    let page = OnboardingPage.render(
      .init(
        wording: req.wording, session: req.layoutSession, csrf: req.csrfToken, programs: programs,
        trainings: try await TrainingBookings.trainings(of: viewer.id, on: req.db),
        bookings: try await TrainingBookings.bookings(visibleTo: viewer, on: req.db), values: values,
        isOrganisationAdmin: viewer.isOrganisationAdmin, error: error, notice: notice))
    return html(page, status: error.map(\.status) ?? .ok)
  }

  private func workspacePage(
    _ req: Request, staff: StaffViewer, notice: String? = nil, error: WorkspaceError? = nil, errorBooking: Int? = nil
  ) async throws -> Response {
    let (open, closed) = try await TrainingBookings.overview(on: req.db)
    let page = TrainingBookingsPage.render(
      .init(
        wording: req.wording, session: req.layoutSession, csrf: req.csrfToken,
        isSupervisor: staff.role >= .supervisor,
        open: open, closed: closed, notice: notice, error: error, errorBooking: errorBooking))
    return html(page, status: error.map(\.status) ?? .ok)
  }

  private func programs(_ viewer: ContactViewer, _ req: Request) async throws -> [Program] {
    try await PortalController().availablePrograms(viewer, req)
  }

  private func mailSettings(_ req: Request) -> MailSettings {
    MailSettings(publicURL: req.application.configuration.publicURL, mailFrom: req.application.configuration.mailFrom)
  }

  private func bookingID(_ req: Request) throws -> Int {
    guard let id = req.parameters.get(.id, as: Int.self) else { throw Abort(.notFound) }
    return id
  }

  static func portalNotice(_ code: String, _ l: Language) -> String? {
    switch code {
    case "booked":
      l.pick("Naročilo je oddano. Termin vam sporočimo po e-pošti.", "Booked. We will e-mail you the date.")
    case "cancelled": l.pick("Naročilo je preklicano.", "The booking is cancelled.")
    default: nil
    }
  }

  static func staffNotice(_ code: String, _ l: Language) -> String? {
    switch code {
    case "scheduled": l.pick("Termin je določen; stranka je obveščena.", "Scheduled; the customer is told.")
    case "completed":
      l.pick("Opravljeno; uvajanje je zabeleženo pri stranki.", "Completed; the training is on the customer's record.")
    case "cancelled": l.pick("Naročilo je preklicano; stranka je obveščena.", "Cancelled; the customer is told.")
    default: nil
    }
  }
}
