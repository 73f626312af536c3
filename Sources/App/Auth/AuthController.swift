import Fluent
import Foundation
import Vapor

/// Sign-in, sign-out and password reset for contacts (portal) and staff (workspace).
struct AuthController {
  struct SignInForm: Content {
    var email: String?
    var password: String?
    var next: String?
  }

  func portalSignInPage(_ req: Request) async throws -> Response {
    if req.contactViewer != nil { return req.redirect(toPath: SiteURL.portalRequests.path) }
    let next = safeNext(req.query[String.self, at: "next"])
    return html(
      SignInPage.render(
        .init(
          wording: req.wording, audience: .portal, csrf: req.csrfToken, next: next ?? "",
          notice: req.query[String.self, at: "reset"] == "1"
            ? req.language.pick("Geslo je nastavljeno. Prijavite se.", "Your password is set. Please sign in.") : nil)))
  }

  func staffSignInPage(_ req: Request) async throws -> Response {
    if req.staffViewer != nil { return req.redirect(toPath: SiteURL.workspace.path) }
    let next = safeNext(req.query[String.self, at: "next"])
    return html(
      SignInPage.render(.init(wording: req.wording, audience: .staff, csrf: req.csrfToken, next: next ?? "")))
  }

  func portalSignIn(_ req: Request) async throws -> Response {
    try await signIn(req, account: .contact)
  }

  func staffSignIn(_ req: Request) async throws -> Response {
    try await signIn(req, account: .staff)
  }

  private func signIn(_ req: Request, account: SignInService.Account) async throws -> Response {
    let form = try req.content.decode(SignInForm.self)
    let email = form.email ?? ""
    let audience: SignInPage.Audience = account == .contact ? .portal : .staff
    let l = req.language
    func page(_ error: String, status: HTTPResponseStatus) -> Response {
      html(
        SignInPage.render(
          .init(
            wording: req.wording, audience: audience, csrf: req.csrfToken, email: email,
            next: safeNext(form.next) ?? "",
            error: error)), status: status)
    }
    guard !email.isEmpty, let password = form.password, !password.isEmpty, email.count <= 320, password.count <= 1024
    else {
      return page(l.pick("Vpišite e-naslov in geslo.", "Enter your e-mail and password."), status: .badRequest)
    }
    let outcome = try await SignInService.signIn(
      account: account, email: email, password: password, address: req.clientAddress, now: req.clock.now, on: req.db)
    switch outcome {
    case .throttled:
      return page(
        l.pick(
          "Preveč neuspešnih poskusov. Poskusite znova čez 15 minut ali nastavite novo geslo.",
          "Too many failed attempts. Try again in 15 minutes or set a new password."), status: .tooManyRequests)
    case .wrongCredentials:
      return page(
        l.pick("E-naslov ali geslo ni pravilno.", "The e-mail or password is not right."), status: .unauthorized)
    case .signedIn(let id):
      let key = account == .contact ? SessionKeys.contact : SessionKeys.staff
      try await SignInService.establishSession(req, key: key, id: id)
      let fallback = account == .contact ? SiteURL.portalRequests.path : SiteURL.workspace.path
      let response = req.redirect(toPath: form.next, fallback: fallback)
      if account == .contact, let contact = try await Contact.find(id, on: req.db) {
        // The contact's remembered language wins over whatever the browser had before sign-in.
        response.cookies[Language.cookieName] = .init(
          string: contact.locale, maxAge: 60 * 60 * 24 * 365, path: "/", isHTTPOnly: true, sameSite: .lax)
      }
      return response
    }
  }

  func signOut(_ req: Request) async throws -> Response {
    let target = req.staffViewer != nil ? SiteURL.staffSignIn.path : SiteURL.home.path
    if req.hasSession { req.session.destroy() }
    return req.redirect(toPath: target)
  }

  func forgotPasswordPage(_ req: Request) async throws -> Response {
    html(ForgotPasswordPage.render(.init(wording: req.wording, csrf: req.csrfToken)))
  }

  func forgotPassword(_ req: Request) async throws -> Response {
    let email = (try? req.content.get(String.self, at: "email")) ?? ""
    if EmailAddress.isPlausible(email), email.count <= 320 {
      let configuration = req.application.configuration
      try await PasswordResetService.request(
        email: email, now: req.clock.now, publicURL: configuration.publicURL, mailFrom: configuration.mailFrom,
        on: req.db)
    }
    return html(ForgotPasswordPage.render(.init(wording: req.wording, csrf: req.csrfToken, sent: true)))
  }

  func resetPasswordPage(_ req: Request) async throws -> Response {
    let token = req.parameters.get(.token) ?? ""
    let contact = try await PasswordResetService.contact(forToken: token, now: req.clock.now, on: req.db)
    return html(
      ResetPasswordPage.render(.init(wording: req.wording, csrf: req.csrfToken, token: token, valid: contact != nil)),
      status: contact == nil ? .notFound : .ok)
  }

  func resetPassword(_ req: Request) async throws -> Response {
    let token = req.parameters.get(.token) ?? ""
    let password = (try? req.content.get(String.self, at: "password")) ?? ""
    guard let contact = try await PasswordResetService.contact(forToken: token, now: req.clock.now, on: req.db) else {
      return html(
        ResetPasswordPage.render(.init(wording: req.wording, csrf: req.csrfToken, token: token, valid: false)),
        status: .notFound)
    }
    if let problem = PasswordPolicy.problem(with: password, email: contact.email) {
      return html(
        ResetPasswordPage.render(
          .init(wording: req.wording, csrf: req.csrfToken, token: token, valid: true, error: problem)),
        status: .badRequest)
    }
    _ = try await PasswordResetService.reset(token: token, newPassword: password, now: req.clock.now, on: req.db)
    if let viewer = req.contactViewer, viewer.id == contact.id,
      let renewed = try await Contact.find(viewer.id, on: req.db)
    {
      // The reset ends the contact's other sessions, not the one that made it.
      req.session.data[SessionKeys.generation] = String(renewed.sessionGeneration ?? 0)
    }
    return req.redirect(toPath: SiteURL.portalSignIn.path + "?reset=1")
  }

  /// Only a path on this site may follow sign-in, never another host (an open redirect) nor a split header.
  func safeNext(_ next: String?) -> String? {
    LocalPath.validated(next)
  }
}

extension Request {
  /// The client's address for throttling and the audit log.
  var clientAddress: String {
    remoteAddress?.ipAddress ?? "unknown"
  }
}
