import Fluent
import Foundation
import SupportPolicy
import Testing
import Vapor

@testable import App

/// Shortcuts for workspace tests: staff contexts, filing requests, and a clean waiting list.
enum WorkspaceFixtures {
  static func staff(_ email: String, on db: any Database) async throws -> StaffViewer {
    let staff = try #require(try await StaffUser.query(on: db).filter(\.$email == email).first())
    return StaffViewer(id: try staff.requireID(), name: staff.name, email: staff.email, role: staff.role)
  }

  static func context(_ email: String, app: Application, now: Date) async throws -> WorkContext {
    context(try await staff(email, on: app.db), app: app, now: now)
  }

  static func context(_ staff: StaffViewer, app: Application, now: Date) -> WorkContext {
    WorkContext(
      staff: staff, now: now, policy: app.policy,
      mail: MailSettings(publicURL: app.configuration.publicURL, mailFrom: app.configuration.mailFrom),
      dialect: app.dialect)
  }

  /// Files a request the way every channel does, through `RequestFiling`.
  @discardableResult
  static func file(
    _ email: String, program: String = "PL", channel: RequestChannel = .portal, category: RequestCategory = .usage,
    subject: String = "Obračun plač za november", body: String = "Kako zaključim obračun plač za november?",
    app: Application, now: Date
  ) async throws -> FilingResult {
    let contact = try #require(try await Contact.query(on: app.db).filter(\.$email == email).first())
    var draft = RequestDraft(
      organisationID: contact.$organisation.id, contactID: contact.id, programCode: program, channel: channel,
      category: category, subject: subject, body: body)
    draft.paidConsent = true
    draft.keepIfRefused = true
    return try await RequestFiling.file(
      draft,
      by: .contact(
        ContactViewer(
          id: try contact.requireID(), organisationID: contact.$organisation.id, name: contact.name,
          email: contact.email, role: contact.role)),
      now: now, policy: app.policy,
      mail: MailSettings(publicURL: app.configuration.publicURL, mailFrom: app.configuration.mailFrom),
      dialect: app.dialect, on: app.db)
  }

  /// Takes the demo's waiting requests off the list, so a test's own request is the head.
  static func clearWaitingList(on db: any Database) async throws {
    try await SupportRequest.query(on: db).filter(\.$status == .waiting).set(\.$status, to: .closed).update()
  }

  static func request(_ id: Int, on db: any Database) async throws -> SupportRequest {
    try #require(try await SupportRequest.find(id, on: db))
  }

  static func events(_ id: Int, on db: any Database) async throws -> [RequestEvent] {
    try await RequestEvent.query(on: db).filter(\.$request.$id == id).sort(\.$at).sort(\.$id).all()
  }

  static func data(_ event: RequestEvent) -> [String: String] {
    (try? JSONDecoder().decode([String: String].self, from: Data(event.data.utf8))) ?? [:]
  }

  static func mails(_ id: Int, kind: String, on db: any Database) async throws -> [OutboxMessage] {
    try await OutboxMessage.query(on: db).filter(\.$request.$id == id).filter(\.$kind == kind).all()
  }

  static func decision(_ id: Int, on db: any Database) async throws -> DecisionRecord {
    try #require(try await RequestDecisions.current(requestID: id, on: db))
  }

  static func ruleIDs(_ record: DecisionRecord) -> [RuleID] {
    RequestDecisions.rules(of: record).map(\.id)
  }
}
