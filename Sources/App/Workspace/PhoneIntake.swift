import Fluent
import Foundation
import SQLKit
import SupportPolicy

/// A person who may be calling: a contact and their organisation.
struct Caller: Sendable, Equatable {
  var contactID: Int
  var name: String
  var email: String
  var phone: String?
  var organisationID: Int
  var organisation: String
  var standing: AccountStanding
}

/// Phone intake: find the caller, then file their request with channel phone through `RequestFiling`, the one path
/// every channel takes; the agent sees the policy's verdict (refused, or paid with its reasons) before saving.
enum PhoneIntake {
  static let resultLimit = 20
  static let queryLimit = 100

  /// Contacts whose name, e-mail, phone number or organisation contains the query (case-insensitive; phone numbers
  /// compared by their digits, so `01 234 56 01` finds `+386 1 234 56 01`).
  static func findCallers(_ raw: String, on db: any Database) async throws -> [Caller] {
    let query = raw.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !query.isEmpty, query.count <= queryLimit else { return [] }
    let pattern = "%" + escapeLike(query.lowercased()) + "%"
    var digits = query.filter(\.isNumber).map(String.init).joined()
    if digits.hasPrefix("0") { digits.removeFirst() }
    let digitPattern = digits.count >= 4 ? "%" + digits + "%" : nil
    let phoneDigits =
      "REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(c.phone, ' ', ''), '-', ''), '/', ''), '+', ''), '.', '')"
    var sql: SQLQueryString = """
      SELECT c.id AS contact_id, c.name, c.email, c.phone, o.id AS organisation_id, o.name AS organisation, o.standing
      FROM contacts c JOIN organisations o ON o.id = c.organisation_id
      WHERE LOWER(c.name) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(c.email) LIKE \(bind: pattern) ESCAPE '\\'
        OR LOWER(o.name) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(o.tax_number) LIKE \(bind: pattern) ESCAPE '\\'
      """
    if let digitPattern { sql += " OR \(unsafeRaw: phoneDigits) LIKE \(bind: digitPattern)" }
    sql += " ORDER BY o.name, c.name LIMIT \(literal: resultLimit)"
    let rows = try await db.sql.raw(sql).all()
    return try rows.map { row in
      Caller(
        contactID: try row.decode(column: "contact_id", as: Int.self),
        name: try row.decode(column: "name", as: String.self),
        email: try row.decode(column: "email", as: String.self),
        phone: try row.decode(column: "phone", as: String?.self),
        organisationID: try row.decode(column: "organisation_id", as: Int.self),
        organisation: try row.decode(column: "organisation", as: String.self),
        standing: AccountStanding(rawValue: try row.decode(column: "standing", as: String.self)) ?? .ok)
    }
  }

  static func caller(contactID: Int, on db: any Database) async throws -> Caller? {
    guard let contact = try await Contact.query(on: db).filter(\.$id == contactID).with(\.$organisation).first()
    else { return nil }
    return Caller(
      contactID: contactID, name: contact.name, email: contact.email, phone: contact.phone,
      organisationID: contact.organisation.id ?? contact.$organisation.id, organisation: contact.organisation.name,
      standing: contact.organisation.standing)
  }

  /// `%`, `_` and the escape character itself match literally.
  static func escapeLike(_ text: String) -> String {
    var result = ""
    for character in text {
      if character == "%" || character == "_" || character == "\\" { result.append("\\") }
      result.append(character)
    }
    return result
  }

  /// The phone call's draft: what the caller asks, for the caller's organisation.
  static func draft(
    caller: Caller, programCode: String, category: RequestCategory, subject: String, body: String,
    dataCorrection: Bool, remoteConnection: Bool, needsTraining: Bool, keepIfRefused: Bool
  ) -> RequestDraft {
    var draft = RequestDraft(
      organisationID: caller.organisationID, contactID: caller.contactID, programCode: programCode, channel: .phone,
      category: category, subject: subject, body: body)
    draft.dataCorrection = dataCorrection
    draft.remoteConnection = remoteConnection
    draft.needsTraining = needsTraining
    draft.keepIfRefused = keepIfRefused
    return draft
  }
}
