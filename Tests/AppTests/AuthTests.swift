import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("Sign-in, sessions, CSRF, throttling and password reset")
struct AuthTests {
  @Test("a demo contact signs in with the right password and gets an HttpOnly, SameSite=Lax session cookie")
  func contactSignIn() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let browser = TestBrowser(app)
      let response = try await browser.signIn("ana@demo.si")
      #expect(response.status == .seeOther)
      #expect(response.headers.first(name: .location) == SiteURL.portalRequests.path)
      let cookie = try #require(response.headers[.setCookie].first { $0.hasPrefix("podpora_session=") })
      #expect(cookie.contains("HttpOnly"))
      #expect(cookie.lowercased().contains("samesite=lax"))
      #expect(!cookie.contains("Secure"))
      #expect(try await SessionRecord.query(on: app.db).count() == 1)
      #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "sign_in").count() == 1)
    }
  }

  @Test("a wrong password is refused with the same message as an unknown e-mail, and is audited")
  func wrongPassword() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let browser = TestBrowser(app)
      let wrong = try await browser.signIn("ana@demo.si", password: "nope-nope-nope")
      let unknown = try await browser.signIn("nobody@demo.si", password: "nope-nope-nope")
      #expect(wrong.status == .unauthorized)
      #expect(unknown.status == .unauthorized)
      #expect(wrong.body.string.contains("E-naslov ali geslo ni pravilno."))
      #expect(unknown.body.string.contains("E-naslov ali geslo ni pravilno."))
      #expect(browser.cookies["podpora_session"] == nil)
      #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "sign_in.failed").count() == 2)
    }
  }

  @Test("after five failures in 15 minutes even the right password is refused, until the window passes")
  func throttling() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let browser = TestBrowser(app)
      for _ in 0..<5 { try await browser.signIn("boris@demo.si", password: "wrong-password-1") }

      let blocked = try await browser.signIn("boris@demo.si")
      #expect(blocked.status == .tooManyRequests)
      let other = try await TestBrowser(app).signIn("ana@demo.si")
      #expect(other.status == .seeOther, "throttling one account must not lock out another")

      clock.advance(seconds: 15 * 60 + 1)
      let later = try await browser.signIn("boris@demo.si")
      #expect(later.status == .seeOther)
    }
  }

  @Test("a form post without the CSRF token, or with a wrong one, is refused and changes nothing")
  func csrf() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let browser = TestBrowser(app)
      try await browser.get(SiteURL.portalSignIn.path)
      let missing = try await browser.post(
        SiteURL.portalSignIn.path, form: ["email": "ana@demo.si", "password": DemoData.password], csrf: "")
      let forged = try await browser.post(
        SiteURL.portalSignIn.path, form: ["email": "ana@demo.si", "password": DemoData.password],
        csrf: String(repeating: "x", count: 43))
      #expect(missing.status == .forbidden)
      #expect(forged.status == .forbidden)
      #expect(try await SessionRecord.query(on: app.db).count() == 0)
    }
  }

  @Test("staff sign in on their own form; a contact's password does not open the workspace")
  func staffSignIn() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let staff = try await TestBrowser(app).signIn("agent@podpora.si", staff: true)
      #expect(staff.status == .seeOther)
      #expect(staff.headers.first(name: .location) == SiteURL.workspace.path)
      let contactAsStaff = try await TestBrowser(app).signIn("ana@demo.si", staff: true)
      #expect(contactAsStaff.status == .unauthorized)
    }
  }

  @Test("sign-in only follows a `next` path on this site, never another host")
  func openRedirect() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let browser = TestBrowser(app)
      try await browser.get(SiteURL.portalSignIn.path)
      let response = try await browser.post(
        SiteURL.portalSignIn.path,
        form: ["email": "ana@demo.si", "password": DemoData.password, "next": "//evil.example/x"])
      #expect(response.headers.first(name: .location) == SiteURL.portalRequests.path)
    }
  }

  @Test("forgot password: a one-time link through the outbox sets a new password once")
  func passwordReset() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let browser = TestBrowser(app)
      try await browser.get(SiteURL.portalForgotPassword.path)
      let requested = try await browser.post(SiteURL.portalForgotPassword.path, form: ["email": "ana@demo.si"])
      let unknown = try await browser.post(SiteURL.portalForgotPassword.path, form: ["email": "x@nowhere.si"])
      #expect(requested.status == .ok)
      #expect(unknown.body.string == requested.body.string.replacingOccurrences(of: "x@nowhere.si", with: ""))

      let mail = try #require(try await OutboxMessage.query(on: app.db).filter(\.$kind == "password_reset").first())
      #expect(mail.recipient == "ana@demo.si")
      #expect(try await OutboxMessage.query(on: app.db).count() == 1)
      let link = try #require(mail.bodyText.split(separator: "\n").first { $0.contains("/portal/reset-password/") })
      let path = String(link[link.range(of: "/portal/reset-password/")!.lowerBound...])

      let weak = try await browser.post(path, form: ["password": "short"])
      #expect(weak.status == .badRequest)
      let done = try await browser.post(path, form: ["password": "a-much-longer-passphrase"])
      #expect(done.status == .seeOther)
      let reused = try await browser.post(path, form: ["password": "another-long-passphrase"])
      #expect(reused.status == .notFound)

      #expect(
        try await TestBrowser(app).signIn("ana@demo.si", password: "a-much-longer-passphrase").status == .seeOther)
      #expect(try await TestBrowser(app).signIn("ana@demo.si").status == .unauthorized)
    }
  }

  @Test("every page carries the security headers")
  func securityHeaders() async throws {
    try await TestApp.run { app, _ in
      let response = try await TestBrowser(app).get(SiteURL.home.path)
      let csp = try #require(response.headers.first(name: "Content-Security-Policy"))
      #expect(csp.contains("frame-ancestors 'none'"))
      #expect(!csp.contains("unsafe-inline"))
      #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
      #expect(response.headers.first(name: "Referrer-Policy") == "same-origin")
    }
  }
}
