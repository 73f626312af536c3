import Fluent
import Foundation
import Vapor

/// The back office (supervisors and admins; staff users admins only) and the set-password page of invited staff.
/// Handlers parse the form, call `BackOffice` or `StaffAdministration`, then redirect (303) with a notice, or show
/// the page again with the error beside the form that failed and what was typed in it.
struct BackOfficeController {
  // MARK: - Organisations

  func organisations(_ req: Request) async throws -> Response {
    let staff = try req.signedInStaff()
    return try await renderOrganisations(req, staff: staff, notice: notice(req))
  }

  func renderOrganisations(
    _ req: Request, staff: StaffViewer, notice: String? = nil, state: BackOfficeFormState = .clean
  ) async throws -> Response {
    html(
      OrganisationsPage.render(
        .init(
          wording: req.wording, session: req.layoutSession, csrf: req.csrfToken, isAdmin: staff.role == .admin,
          organisations: try await BackOfficeQueries.organisations(on: req.db), notice: notice, state: state)),
      status: state.error?.status ?? .ok)
  }

  func createOrganisation(_ req: Request) async throws -> Response {
    try await submit(req) { context, form in
      let id = try await BackOffice.saveOrganisation(id: nil, form: form, in: context, on: req.db)
      return SiteURL.backOfficeOrganisation(.value(id)).path
    } failure: { staff, state in
      try await renderOrganisations(req, staff: staff, state: state)
    }
  }

  func organisation(_ req: Request) async throws -> Response {
    let staff = try req.signedInStaff()
    return try await renderOrganisation(req, staff: staff, notice: notice(req))
  }

  func renderOrganisation(
    _ req: Request, staff: StaffViewer, notice: String? = nil, state: BackOfficeFormState = .clean
  ) async throws -> Response {
    let detail: BackOfficeQueries.OrganisationDetail
    do {
      detail = try await BackOfficeQueries.organisation(try organisationID(req), on: req.db)
    } catch let error as WorkspaceError {
      throw Abort(error.status, reason: "\(error.sl) / \(error.en)")
    }
    return html(
      OrganisationPage.render(
        .init(
          wording: req.wording, session: req.layoutSession, csrf: req.csrfToken, isAdmin: staff.role == .admin,
          detail: detail, notice: notice, state: state)), status: state.error?.status ?? .ok)
  }

  func updateOrganisation(_ req: Request) async throws -> Response {
    try await organisationChange(req) { context, form, id in
      try await BackOffice.saveOrganisation(id: id, form: form, in: context, on: req.db)
    }
  }

  /// POST `/organisations/{id}/{part}`: adds a contact, contract, training or arrangement, or saves a program setup.
  func addPart(_ req: Request, part: BackOfficePart) async throws -> Response {
    try await organisationChange(req) { context, form, id in
      switch part {
      case .contacts: try await BackOffice.saveContact(organisationID: id, id: nil, form: form, in: context, on: req.db)
      case .contracts:
        try await BackOffice.saveContract(organisationID: id, id: nil, form: form, in: context, on: req.db)
      case .trainings:
        try await BackOffice.saveTraining(organisationID: id, id: nil, form: form, in: context, on: req.db)
      case .arrangements:
        try await BackOffice.saveArrangement(organisationID: id, id: nil, form: form, in: context, on: req.db)
      case .programSetup: try await BackOffice.saveProgramSetup(organisationID: id, form: form, in: context, on: req.db)
      }
    }
  }

  /// POST `/organisations/{id}/{part}/{record}`: updates a contact, contract, training or arrangement of that
  /// organisation.
  func updatePart(_ req: Request, part: BackOfficePart) async throws -> Response {
    let record = try recordID(req)
    return try await organisationChange(req) { context, form, id in
      switch part {
      case .contacts:
        try await BackOffice.saveContact(organisationID: id, id: record, form: form, in: context, on: req.db)
      case .contracts:
        try await BackOffice.saveContract(organisationID: id, id: record, form: form, in: context, on: req.db)
      case .trainings:
        try await BackOffice.saveTraining(organisationID: id, id: record, form: form, in: context, on: req.db)
      case .arrangements:
        try await BackOffice.saveArrangement(organisationID: id, id: record, form: form, in: context, on: req.db)
      case .programSetup:
        throw Abort(.notFound)
      }
    }
  }

  /// POST `/organisations/{id}/{part}/{record}/{action}`: invite, (de)activate a contact; remove a training or an
  /// arrangement.
  func partAction(_ req: Request, part: BackOfficePart, action: BackOfficeRecordAction) async throws -> Response {
    let record = try recordID(req)
    return try await organisationChange(req) { context, _, id in
      switch (part, action) {
      case (.contacts, .invite):
        try await BackOffice.reinviteContact(organisationID: id, id: record, in: context, on: req.db)
      case (.contacts, .activate), (.contacts, .deactivate):
        try await BackOffice.setContactActive(
          organisationID: id, id: record, active: action == .activate, in: context, on: req.db)
      case (.trainings, .delete):
        try await BackOffice.deleteTraining(organisationID: id, id: record, in: context, on: req.db)
      case (.arrangements, .delete):
        try await BackOffice.deleteArrangement(organisationID: id, id: record, in: context, on: req.db)
      default:
        throw Abort(.notFound)
      }
    }
  }

  private func organisationChange(
    _ req: Request, _ body: @escaping (WorkContext, BackOfficeForm, Int) async throws -> Void
  ) async throws -> Response {
    let id = try organisationID(req)
    return try await submit(req) { context, form in
      try await body(context, form, id)
      return SiteURL.backOfficeOrganisation(.value(id)).path
    } failure: { staff, state in
      try await renderOrganisation(req, staff: staff, state: state)
    }
  }

  // MARK: - Programs

  func programs(_ req: Request) async throws -> Response {
    let staff = try req.signedInStaff()
    return try await renderPrograms(req, staff: staff, notice: notice(req))
  }

  func renderPrograms(
    _ req: Request, staff: StaffViewer, notice: String? = nil, state: BackOfficeFormState = .clean
  ) async throws -> Response {
    html(
      ProgramsPage.render(
        .init(
          wording: req.wording, session: req.layoutSession, csrf: req.csrfToken, isAdmin: staff.role == .admin,
          programs: try await Program.query(on: req.db).sort(\.$code).all(), notice: notice, state: state)),
      status: state.error?.status ?? .ok)
  }

  func saveProgram(_ req: Request) async throws -> Response {
    let id = req.parameters.get(.id).map { Int($0) ?? 0 }
    return try await submit(req) { context, form in
      try await BackOffice.saveProgram(id: id, form: form, in: context, on: req.db)
      return SiteURL.backOfficePrograms.path
    } failure: { staff, state in
      try await renderPrograms(req, staff: staff, state: state)
    }
  }

  // MARK: - Staff users

  func staffUsers(_ req: Request) async throws -> Response {
    let staff = try req.signedInStaff()
    return try await renderStaff(req, staff: staff, notice: notice(req))
  }

  func renderStaff(
    _ req: Request, staff: StaffViewer, notice: String? = nil, state: BackOfficeFormState = .clean
  ) async throws -> Response {
    html(
      StaffUsersPage.render(
        .init(
          wording: req.wording, session: req.layoutSession, csrf: req.csrfToken,
          staff: try await StaffUser.query(on: req.db).sort(\.$name).all(), notice: notice, state: state)),
      status: state.error?.status ?? .ok)
  }

  func saveStaff(_ req: Request) async throws -> Response {
    let id = req.parameters.get(.id).map { Int($0) ?? 0 }
    return try await submit(req) { context, form in
      try await StaffAdministration.save(id: id, form: form, in: context, on: req.db)
      return SiteURL.backOfficeStaff.path
    } failure: { staff, state in
      try await renderStaff(req, staff: staff, state: state)
    }
  }

  func staffAction(_ req: Request, action: BackOfficeRecordAction) async throws -> Response {
    let id = Int(req.parameters.get(.id) ?? "") ?? 0
    return try await submit(req) { context, _ in
      switch action {
      case .invite: try await StaffAdministration.reinvite(id: id, in: context, on: req.db)
      case .activate, .deactivate:
        try await StaffAdministration.setActive(id: id, active: action == .activate, in: context, on: req.db)
      case .delete: throw Abort(.notFound)
      }
      return SiteURL.backOfficeStaff.path
    } failure: { staff, state in
      try await renderStaff(req, staff: staff, state: state)
    }
  }

  // MARK: - Invited staff set their password

  func setPasswordPage(_ req: Request) async throws -> Response {
    let token = req.parameters.get(.token) ?? ""
    let staff = try await Invitations.staff(forToken: token, now: req.clock.now, on: req.db)
    return setPasswordPage(req, token: token, valid: staff != nil, status: staff == nil ? .notFound : .ok)
  }

  func setPassword(_ req: Request) async throws -> Response {
    let token = req.parameters.get(.token) ?? ""
    let password = (try? req.content.get(String.self, at: "password")) ?? ""
    guard let staff = try await Invitations.staff(forToken: token, now: req.clock.now, on: req.db) else {
      return setPasswordPage(req, token: token, valid: false, status: .notFound)
    }
    if let problem = PasswordPolicy.problem(with: password, email: staff.email) {
      return setPasswordPage(req, token: token, valid: true, error: problem, status: .badRequest)
    }
    guard try await Invitations.setStaffPassword(token: token, password: password, now: req.clock.now, on: req.db)
    else {
      return setPasswordPage(req, token: token, valid: false, status: .notFound)
    }
    return req.redirect(toPath: SiteURL.staffSignIn.path)
  }

  private func setPasswordPage(
    _ req: Request, token: String, valid: Bool, error: String? = nil, status: HTTPResponseStatus
  ) -> Response {
    html(
      ResetPasswordPage.render(
        .init(
          wording: req.wording, csrf: req.csrfToken, token: token, valid: valid, error: error,
          action: SiteURL.staffSetPassword(.value(token)).path)), status: status)
  }

  // MARK: - Shared

  /// Runs one change: on success a 303 to the returned path with `?notice=saved`; a `WorkspaceError` shows the page
  /// again (422 for a bad field, 404 for a record that is not there, 409 for a conflict) with the form as typed.
  private func submit(
    _ req: Request, _ body: (WorkContext, BackOfficeForm) async throws -> String,
    failure: (StaffViewer, BackOfficeFormState) async throws -> Response
  ) async throws -> Response {
    let staff = try req.signedInStaff()
    var fields = (try? req.content.decode([String: String].self)) ?? [:]
    fields[CSRFMiddleware.fieldName] = nil
    do {
      let path = try await body(req.workContext(staff), BackOfficeForm(fields))
      return req.redirect(toPath: path + "?notice=saved")
    } catch let error as WorkspaceError {
      if error.kind == .notFound { throw Abort(.notFound, reason: "\(error.sl) / \(error.en)") }
      return try await failure(staff, BackOfficeFormState(failedForm: fields["form"], typed: fields, error: error))
    }
  }

  private func notice(_ req: Request) -> String? {
    req.query[String.self, at: "notice"] == "saved" ? req.language.pick("Shranjeno.", "Saved.") : nil
  }

  private func organisationID(_ req: Request) throws -> Int {
    guard let id = req.parameters.get(.id).flatMap({ Int($0) }) else {
      throw Abort(.notFound, reason: "Te organizacije ni. / There is no such organisation.")
    }
    return id
  }

  private func recordID(_ req: Request) throws -> Int {
    guard let id = req.parameters.get(.record).flatMap({ Int($0) }) else { throw Abort(.notFound) }
    return id
  }
}
