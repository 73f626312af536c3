import Fluent
import Foundation
import SupportPolicy
import Vapor
import Wording

/// Billing pages: the customer's charges, disputes and statement in the portal; the supervisor's overview, item
/// changes, dispute outcomes, the accounting export, statements and the standing import in the workspace.
/// Handlers parse, call `Billing`, `Disputes`, `AccountingExport` or `StandingImport`, and render.
struct BillingController {
  // MARK: - Portal

  func charges(_ req: Request) async throws -> Response {
    let viewer = try req.signedInContact()
    let notice =
      req.query[String.self, at: "notice"] == "disputed"
      ? req.language.pick("Ugovor smo prejeli.", "We have received your dispute.") : nil
    return try await renderCharges(req, viewer: viewer, notice: notice)
  }

  func renderCharges(
    _ req: Request, viewer: ContactViewer, notice: String? = nil, error: WorkspaceError? = nil, errorItem: Int? = nil,
    typedReason: String = ""
  ) async throws -> Response {
    html(
      ChargesPage.render(
        .init(
          wording: req.wording, session: req.layoutSession, csrf: req.csrfToken,
          isOrganisationAdmin: viewer.isOrganisationAdmin,
          lines: try await BillingQueries.charges(visibleTo: viewer, on: req.db), now: req.clock.now, notice: notice,
          error: error?.bothLanguages, errorItem: errorItem, typedReason: typedReason)),
      status: error?.status ?? .ok)
  }

  func dispute(_ req: Request) async throws -> Response {
    let viewer = try req.signedInContact()
    let id = try itemID(req)
    let reason = (try? req.content.get(String.self, at: "reason")) ?? ""
    do {
      try await Disputes.file(
        itemID: id, reason: reason, by: viewer, now: req.clock.now, dialect: req.dialect, on: req.db)
    } catch let error as WorkspaceError {
      if error.kind == .notFound { throw Abort(.notFound, reason: error.bothLanguages) }
      return try await renderCharges(req, viewer: viewer, error: error, errorItem: id, typedReason: reason)
    }
    return req.redirect(toPath: SiteURL.portalCharges.path + "?notice=disputed#charge-\(id)")
  }

  func portalStatement(_ req: Request) async throws -> Response {
    let viewer = try req.signedInContact()
    guard viewer.isOrganisationAdmin else {
      throw Abort(
        .forbidden,
        reason: "Mesečni obračun vidi skrbnik organizacije. / The monthly statement is for the organisation's admin.")
    }
    return try await statement(
      req, organisationID: viewer.organisationID, path: SiteURL.portalStatement.path, query: [])
  }

  // MARK: - Workspace

  func overview(_ req: Request) async throws -> Response {
    _ = try req.signedInStaff()
    return try await renderOverview(req, month: try month(req))
  }

  func renderOverview(
    _ req: Request, month: BillingMonth, error: String? = nil, status: HTTPResponseStatus = .ok
  ) async throws -> Response {
    let organisations = try await Organisation.query(on: req.db).sort(\.$name).all().compactMap { organisation in
      organisation.id.map { BillingOverviewPage.Organisation(id: $0, name: organisation.name) }
    }
    return html(
      BillingOverviewPage.render(
        .init(
          wording: req.wording, session: req.layoutSession, csrf: req.csrfToken, month: month,
          disputes: try await BillingQueries.openDisputes(on: req.db),
          lines: try await BillingQueries.month(month, on: req.db), organisations: organisations,
          notice: nil, error: error)), status: status)
  }

  func item(_ req: Request) async throws -> Response {
    _ = try req.signedInStaff()
    return try await renderItem(
      req, id: try itemID(req), notice: Self.notice(req.query[String.self, at: "notice"], req))
  }

  func renderItem(
    _ req: Request, id: Int, notice: String? = nil, error: WorkspaceError? = nil
  ) async throws -> Response {
    guard let line = try await BillingQueries.charge(id: id, on: req.db) else {
      throw Abort(.notFound, reason: "Postavke ni. / There is no such item.")
    }
    return html(
      BillingItemPage.render(
        .init(
          wording: req.wording, session: req.layoutSession, csrf: req.csrfToken, line: line, notice: notice,
          error: error?.bothLanguages)), status: error?.status ?? .ok)
  }

  static func notice(_ code: String?, _ req: Request) -> String? {
    switch code {
    case "adjusted": req.language.pick("Postavka je popravljena.", "The item was adjusted.")
    case "waived": req.language.pick("Postavka je odpisana.", "The item was waived.")
    case "decided": req.language.pick("Odločitev o ugovoru je zapisana.", "The dispute's outcome was recorded.")
    default: nil
    }
  }

  /// Runs one supervisor action on an item; a `WorkspaceError` shows the item page again with the message.
  func act(
    _ req: Request, notice: String, _ body: @Sendable (WorkContext, Int, [String: String]) async throws -> Void
  ) async throws -> Response {
    let staff = try req.signedInStaff()
    let id = try itemID(req)
    let form = (try? req.content.decode([String: String].self)) ?? [:]
    do {
      try await body(req.workContext(staff), id, form)
    } catch let error as WorkspaceError {
      if error.kind == .notFound { throw Abort(.notFound, reason: error.bothLanguages) }
      return try await renderItem(req, id: id, error: error)
    }
    return req.redirect(toPath: SiteURL.workspaceBillingItem(.value(id)).path + "?notice=" + notice)
  }

  func adjust(_ req: Request) async throws -> Response {
    try await act(req, notice: "adjusted") { context, id, form in
      try await Billing.adjust(
        itemID: id, try Self.adjustment(form), reason: form["reason"] ?? "", in: context, on: req.db)
    }
  }

  func waive(_ req: Request) async throws -> Response {
    try await act(req, notice: "waived") { context, id, form in
      try await Billing.waive(itemID: id, reason: form["reason"] ?? "", in: context, on: req.db)
    }
  }

  func decideDispute(_ req: Request) async throws -> Response {
    try await act(req, notice: "decided") { context, id, form in
      guard let outcome = form["outcome"].flatMap(DisputeOutcome.init(rawValue:)) else {
        throw WorkspaceError.invalid("outcome", "Izberite odločitev.", "Choose an outcome.")
      }
      try await Disputes.decide(
        itemID: id, outcome: outcome, note: form["note"] ?? "",
        adjustment: outcome == .adjusted ? try Self.adjustment(form) : .init(), in: context, on: req.db)
    }
  }

  static func adjustment(_ form: [String: String]) throws -> Billing.Adjustment {
    var adjustment = Billing.Adjustment()
    if let raw = form["minutes"]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
      guard let minutes = Int(raw) else {
        throw WorkspaceError.invalid("minutes", "Minute morajo biti celo število.", "Minutes must be a whole number.")
      }
      adjustment.minutes = minutes
    }
    if let raw = form["amount"]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
      guard let cents = Wording.cents(raw) else {
        throw WorkspaceError.invalid(
          "amount", "Znesek vpišite kot 30,00.", "Enter the amount as 30.00.")
      }
      adjustment.amountCents = cents
    }
    return adjustment
  }

  /// The accounting export as a download; the items in it are marked exported in the same transaction.
  func export(_ req: Request) async throws -> Response {
    let staff = try req.signedInStaff()
    let raw = (try? req.content.get(String.self, at: "month")) ?? ""
    guard let month = BillingMonth(raw.trimmingCharacters(in: .whitespaces)) else {
      return try await renderOverview(
        req, month: BillingMonth(containing: req.clock.now),
        error: "Mesec vpišite kot LLLL-MM, npr. 2026-11. / Enter the month as YYYY-MM, e.g. 2026-11.",
        status: .unprocessableEntity)
    }
    let result = try await AccountingExport.export(
      month: month, actor: "staff:\(staff.email)", now: req.clock.now, dialect: req.dialect, on: req.db)
    return csvDownload(result.csv, filename: "podpora-izvoz-\(month).csv")
  }

  func workspaceStatement(_ req: Request) async throws -> Response {
    _ = try req.signedInStaff()
    guard let id = req.query[Int.self, at: "organisation"] else {
      throw Abort(.badRequest, reason: "Izberite organizacijo. / Choose an organisation.")
    }
    return try await statement(
      req, organisationID: id, path: SiteURL.workspaceBillingStatement.path, query: [("organisation", String(id))])
  }

  func statement(
    _ req: Request, organisationID: Int, path: String, query: [(String, String)]
  ) async throws -> Response {
    guard let organisation = try await Organisation.find(organisationID, on: req.db) else {
      throw Abort(.notFound, reason: "Organizacije ni. / There is no such organisation.")
    }
    let month = try month(req)
    let lines = try await BillingQueries.statement(organisationID: organisationID, month: month, on: req.db)
    if req.query[String.self, at: "format"] == "csv" {
      return csvDownload(AccountingExport.statementCSV(lines), filename: "podpora-obracun-\(month).csv")
    }
    return html(
      StatementPage.render(
        .init(
          wording: req.wording, session: req.layoutSession, organisationName: organisation.name, month: month,
          lines: lines, path: path, query: query)))
  }

  // MARK: - Standing import

  struct StandingInput: Content {
    var file: File?
    /// The previewed file (base64), posted back by the confirmation.
    var content: String?
    var intent: String?
  }

  func standingPage(_ req: Request) async throws -> Response {
    _ = try req.signedInStaff()
    return html(
      StandingImportPage.render(.init(wording: req.wording, session: req.layoutSession, csrf: req.csrfToken)))
  }

  func standingImport(_ req: Request) async throws -> Response {
    let staff = try req.signedInStaff()
    let input = try? req.content.decode(StandingInput.self)
    var data = Data()
    if let file = input?.file, file.data.readableBytes > 0 {
      data = Data(file.data.readableBytesView)
    } else if let content = input?.content {
      data = Data(base64Encoded: content) ?? Data()
    }
    let dryRun = input?.intent != "import"
    func page(_ report: StandingImport.Report?, error: String?, status: HTTPResponseStatus) -> Response {
      html(
        StandingImportPage.render(
          .init(
            wording: req.wording, session: req.layoutSession, csrf: req.csrfToken, report: report,
            content: data.base64EncodedString(), error: error)), status: status)
    }
    do {
      let report = try await StandingImport.run(
        data, dryRun: dryRun, actor: "staff:\(staff.email)", now: req.clock.now,
        timeZone: req.policy.configuration.timeZone, dialect: req.dialect, on: req.db)
      return page(report, error: nil, status: .ok)
    } catch let malformed as StandingImport.Malformed {
      return page(
        nil,
        error: "Datoteka ni uvožena: \(malformed.sl) / The file was not imported: \(malformed.en)",
        status: .unprocessableEntity)
    }
  }

  // MARK: - Helpers

  func itemID(_ req: Request) throws -> Int {
    guard let id = req.parameters.get(.id).flatMap({ Int($0) }) else {
      throw Abort(.notFound, reason: "Postavke ni. / There is no such item.")
    }
    return id
  }

  /// `?month=YYYY-MM`, or this month when absent; a malformed month is a clear 400.
  func month(_ req: Request) throws -> BillingMonth {
    guard let raw = req.query[String.self, at: "month"], !raw.isEmpty else {
      return BillingMonth(containing: req.clock.now)
    }
    guard let month = BillingMonth(raw) else {
      throw Abort(.badRequest, reason: "Mesec vpišite kot LLLL-MM. / Enter the month as YYYY-MM.")
    }
    return month
  }

  func csvDownload(_ text: String, filename: String) -> Response {
    var headers = HTTPHeaders()
    headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
    headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
    headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
    return Response(status: .ok, headers: headers, body: .init(string: text))
  }
}

extension StandingImport {
  /// The import's route takes the largest file twice over in the worst case: uploaded as a file for the preview, and
  /// posted back base64-encoded (a third larger) by the confirmation, plus the form around it. 3 MB covers both.
  static let requestBodyLimit: ByteCount = "3mb"
}
