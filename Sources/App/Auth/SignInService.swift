import Fluent
import Foundation
import Vapor

/// Checks passwords, throttles guessing, and records every sign-in in the audit log.
enum SignInService {
  static let maximumFailures = 5
  static let failureWindow: TimeInterval = 15 * 60

  enum Outcome: Equatable {
    case signedIn(id: Int)
    case wrongCredentials
    case throttled
  }

  enum Account {
    case contact, staff
    var label: String { self == .contact ? "contact" : "staff" }
  }

  static func signIn(
    account: Account, email rawEmail: String, password: String, address: String, now: Date, on db: any Database
  ) async throws -> Outcome {
    let email = EmailAddress.normalised(rawEmail)
    let since = now - failureWindow
    let accountFailures = try await SignInFailure.query(on: db).filter(\.$account == email).filter(\.$at > since)
      .count()
    let addressFailures = try await SignInFailure.query(on: db).filter(\.$address == address).filter(\.$at > since)
      .count()
    if accountFailures >= maximumFailures || addressFailures >= maximumFailures * 4 {
      try await audit("sign_in.throttled", account: account, email: email, address: address, now: now, on: db)
      return .throttled
    }

    let found: (id: Int, hash: String)?
    switch account {
    case .contact:
      found = try await Contact.query(on: db).filter(\.$email == email).filter(\.$active == true).first().flatMap {
        contact in
        guard let hash = contact.passwordHash, let id = contact.id else { return nil }
        return (id, hash)
      }
    case .staff:
      found = try await StaffUser.query(on: db).filter(\.$email == email).filter(\.$active == true).first().flatMap {
        staff in staff.id.map { ($0, staff.passwordHash) }
      }
    }
    // Verify against a dummy hash when the account does not exist, so timing does not reveal which e-mails exist.
    let hash = found?.hash ?? dummyHash
    let matches = (try? Bcrypt.verify(password, created: hash)) ?? false
    guard let found, matches else {
      try await SignInFailure(account: email, address: address, at: now).create(on: db)
      try await audit("sign_in.failed", account: account, email: email, address: address, now: now, on: db)
      return .wrongCredentials
    }
    try await audit("sign_in", account: account, email: email, address: address, now: now, on: db)
    return .signedIn(id: found.id)
  }

  static func audit(
    _ action: AuditAction, account: Account, email: String, address: String, now: Date, on db: any Database
  ) async throws {
    try await Audit.record(
      action, by: account == .contact ? .contact(email: email) : .staff(email: email), subject: email, at: now,
      address: address, on: db)
  }

  /// A bcrypt hash of a random password, computed once; never matches anything a person types.
  static let dummyHash: String = (try? Bcrypt.hash(UUID().uuidString)) ?? ""

  /// Starts a fresh session ID on sign-in, so a session ID planted before sign-in is worthless after it.
  static func establishSession(_ req: Request, key: String, id: Int) async throws {
    if let old = req.session.id {
      try? await req.application.sessions.driver.deleteSession(old, for: req).get()
      req.session.id = nil
    }
    req.session.data = SessionData()
    req.session.data[key] = String(id)
    if key == SessionKeys.contact, let contact = try await Contact.find(id, on: req.db) {
      req.session.data[SessionKeys.generation] = String(contact.sessionGeneration ?? 0)
    }
  }
}

/// Forgot-password: a one-time link by e-mail, valid for an hour.
enum PasswordResetService {
  static let validity: TimeInterval = 60 * 60

  /// Always behaves the same whether or not the address is known, so the form reveals nothing.
  static func request(
    email rawEmail: String, now: Date, publicURL: URL, mailFrom: String, on db: any Database
  )
    async throws
  {
    let email = EmailAddress.normalised(rawEmail)
    guard let contact = try await Contact.query(on: db).filter(\.$email == email).filter(\.$active == true).first()
    else { return }
    let (token, record) = try makeToken(contactID: contact.requireID(), validity: validity, now: now)
    let link = SiteURL.portalResetPassword(.value(token)).absoluteURL(base: publicURL)
    let language = Language(code: contact.locale)
    try await db.transaction { db in
      try await record.create(on: db)
      try await Outbox.enqueue(
        OutgoingMail(
          kind: "password_reset", recipient: contact.email,
          subject: language.pick("Nastavitev novega gesla", "Set a new password"),
          text: language.pick(
            "Pozdravljeni,\n\nza nastavitev novega gesla odprite to povezavo (velja eno uro):\n\(link)\n\n"
              + "Če gesla niste želeli spremeniti, to sporočilo prezrite.\n",
            "Hello,\n\nto set a new password, open this link (valid for one hour):\n\(link)\n\n"
              + "If you did not ask to change your password, ignore this message.\n")),
        on: db, now: now, senderDomain: Outbox.senderDomain(mailFrom: mailFrom))
    }
  }

  /// A fresh token and its unsaved record; the caller saves it in the transaction that mails the link. The back
  /// office's invitations use the same tokens with a longer validity.
  static func makeToken(contactID: Int, validity: TimeInterval, now: Date) -> (String, PasswordResetToken) {
    let token = CSRFMiddleware.makeToken()
    let record = PasswordResetToken()
    record.$contact.id = contactID
    record.tokenHash = sha256(token)
    record.expiresAt = now + validity
    record.createdAt = now
    return (token, record)
  }

  /// The contact a still-valid token belongs to.
  static func contact(forToken token: String, now: Date, on db: any Database) async throws -> Contact? {
    guard
      let record = try await PasswordResetToken.query(on: db).filter(\.$tokenHash == sha256(token))
        .filter(\.$usedAt == nil).filter(\.$expiresAt > now).first()
    else { return nil }
    return try await Contact.find(record.$contact.id, on: db)
  }

  static func reset(token: String, newPassword: String, now: Date, on db: any Database) async throws -> Bool {
    try await db.transaction { db in
      guard
        let record = try await PasswordResetToken.query(on: db).filter(\.$tokenHash == sha256(token))
          .filter(\.$usedAt == nil).filter(\.$expiresAt > now).first(),
        let contact = try await Contact.find(record.$contact.id, on: db)
      else { return false }
      // The policy is checked where the hash is made, so no path that sets a password can skip it.
      if let problem = PasswordPolicy.problem(with: newPassword, email: contact.email) {
        throw Abort(.badRequest, reason: problem)
      }
      contact.passwordHash = try Bcrypt.hash(newPassword)
      // A reset is how a person takes back an account someone else may be using: every session opened before ends
      // and every other link (asked for earlier, or an invitation) stops working, so only the new password opens it.
      contact.sessionGeneration = (contact.sessionGeneration ?? 0) + 1
      try await contact.save(on: db)
      try await PasswordResetToken.query(on: db).filter(\.$contact.$id == contact.requireID())
        .filter(\.$usedAt == nil).set(\.$usedAt, to: now).update()
      try await Audit.record(
        "password.reset", by: .contact(email: contact.email), subject: contact.email, at: now, on: db)
      return true
    }
  }

  static func sha256(_ text: String) -> String {
    SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
  }
}

enum PasswordPolicy {
  static let maximumLength = 1024

  /// At least 10 characters, not all the same, and not the e-mail address: long beats complex.
  static func problem(with password: String, email: String) -> String? {
    if password.count < 10 {
      return "Geslo mora imeti vsaj 10 znakov. / The password needs at least 10 characters."
    }
    // The sign-in form refuses longer input, so a longer password could never be used.
    if password.count > maximumLength {
      return
        "Geslo je predolgo (največ \(maximumLength) znakov). / The password is too long (at most \(maximumLength) characters)."
    }
    if Set(password).count < 4 {
      return "Geslo je preveč preprosto. / The password is too simple."
    }
    if password.lowercased() == email.lowercased()
      || password.lowercased() == email.split(separator: "@").first?.lowercased()
    {
      return "Geslo ne sme biti vaš e-naslov. / The password must not be your e-mail address."
    }
    return nil
  }
}
