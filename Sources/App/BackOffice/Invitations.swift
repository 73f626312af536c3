import Fluent
import Foundation
import Vapor

/// Invitations by e-mail: a contact gets the portal's password-reset token (the same one-time link and page) and a
/// member of staff a token of their own; either is valid for a week and mailed through the outbox in the caller's
/// transaction, so an invitation leaves only if the record it invites to was stored.
enum Invitations {
  static let validity: TimeInterval = 7 * 86_400

  static func inviteContact(_ contact: Contact, in context: WorkContext, on db: any Database) async throws {
    let (token, record) = PasswordResetService.makeToken(
      contactID: try contact.requireID(), validity: validity, now: context.now)
    try await record.create(on: db)
    let organisation = try await Organisation.find(contact.$organisation.id, on: db)
    try await mail(
      kind: "contact_invitation", to: contact.email, link: SiteURL.portalResetPassword(.value(token)),
      sl: "v Podpori, portalu za pomoč uporabnikom, vas čaka račun za \(organisation?.name ?? "vaše podjetje").",
      en: "an account in Podpora, the support portal, is waiting for you at \(organisation?.name ?? "your company").",
      in: context, on: db)
  }

  static func inviteStaff(_ staff: StaffUser, in context: WorkContext, on db: any Database) async throws {
    let token = CSRFMiddleware.makeToken()
    let record = StaffPasswordToken()
    record.$staff.id = try staff.requireID()
    record.tokenHash = PasswordResetService.sha256(token)
    record.expiresAt = context.now + validity
    record.createdAt = context.now
    try await record.create(on: db)
    try await mail(
      kind: "staff_invitation", to: staff.email, link: SiteURL.staffSetPassword(.value(token)),
      sl: "v delovnem prostoru Podpore vas čaka račun (\(staff.role.rawValue)).",
      en: "an account in the Podpora workspace is waiting for you (\(staff.role.rawValue)).", in: context, on: db)
  }

  private static func mail(
    kind: String, to recipient: String, link: SiteURL, sl: String, en: String, in context: WorkContext,
    on db: any Database
  ) async throws {
    let url = link.absoluteURL(base: context.mail.publicURL)
    try await Outbox.enqueue(
      OutgoingMail(
        kind: kind, recipient: recipient, subject: "Vabilo v Podporo / Invitation to Podpora",
        text: "Pozdravljeni,\n\n\(sl)\nGeslo nastavite na tej povezavi (velja 7 dni):\n\(url)\n\n"
          + "---\n\nHello,\n\n\(en)\nSet your password at this link (valid for 7 days):\n\(url)\n"),
      on: db, now: context.now, senderDomain: context.mail.senderDomain)
  }

  /// The member of staff a still-valid invitation belongs to.
  static func staff(forToken token: String, now: Date, on db: any Database) async throws -> StaffUser? {
    guard let record = try await validStaffToken(token, now: now, on: db) else { return nil }
    return try await StaffUser.find(record.$staff.id, on: db)
  }

  /// Sets the invited person's password once; false when the link is used, expired or unknown.
  static func setStaffPassword(token: String, password: String, now: Date, on db: any Database) async throws -> Bool {
    let hash = try Bcrypt.hash(password)
    return try await db.transaction { db in
      guard let record = try await validStaffToken(token, now: now, on: db),
        let staff = try await StaffUser.find(record.$staff.id, on: db), staff.active
      else { return false }
      staff.passwordHash = hash
      record.usedAt = now
      try await staff.save(on: db)
      try await record.save(on: db)
      try await Audit.record("password.set", by: .staff(email: staff.email), subject: staff.email, at: now, on: db)
      return true
    }
  }

  private static func validStaffToken(
    _ token: String, now: Date, on db: any Database
  ) async throws
    -> StaffPasswordToken?
  {
    try await StaffPasswordToken.query(on: db).filter(\.$tokenHash == PasswordResetService.sha256(token))
      .filter(\.$usedAt == nil).filter(\.$expiresAt > now).first()
  }
}
