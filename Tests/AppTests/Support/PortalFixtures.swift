import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// Shortcuts for the portal tests: signed-in browsers, demo requests, form fields and small valid files.
enum PortalFixtures {
  static func signedIn(_ app: Application, _ email: String) async throws -> TestBrowser {
    let browser = TestBrowser(app)
    let response = try await browser.signIn(email)
    #expect(response.status == .seeOther, "sign-in of \(email)")
    return browser
  }

  static func contact(_ email: String, on db: any Database) async throws -> Contact {
    try #require(try await Contact.query(on: db).filter(\.$email == email).first())
  }

  /// A demo request by its subject.
  static func request(_ subject: String, on db: any Database) async throws -> SupportRequest {
    try #require(try await SupportRequest.query(on: db).filter(\.$subject == subject).first())
  }

  static func newRequest(
    program: String = "PL", category: String = "usage", subject: String = "Obračun plač za november",
    body: String = "Kako zaključim obračun plač za november?", intent: String = "file", extra: [(String, String)] = []
  ) -> [(String, String)] {
    [
      ("program", program), ("category", category), ("subject", subject), ("body", body), ("intent", intent),
    ] + extra
  }

  /// Posts the form fields to the live-verdict endpoint as the script does.
  static func live(
    _ browser: TestBrowser, _ fields: [(String, String)], csrf: String? = nil
  ) async throws -> TestingHTTPResponse {
    let body = fields.map { "\(TestBrowser.encode($0.0))=\(TestBrowser.encode($0.1))" }.joined(separator: "&")
    return try await browser.send(
      .POST, SiteURL.portalNewRequestLive.path, body: body, contentType: "application/x-www-form-urlencoded",
      accept: "application/json", headers: [CSRFMiddleware.headerName: csrf ?? browser.csrf ?? ""])
  }

  /// The request number in a redirect to a request page.
  static func number(fromLocation response: TestingHTTPResponse) throws -> String {
    let location = try #require(response.headers.first(name: .location))
    let path = location.split(separator: "?").first.map(String.init) ?? location
    return try #require(path.split(separator: "/").last.map(String.init))
  }

  static let pdf = Data("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)
  static let png = Data([
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
  ])

  static func requestCount(_ db: any Database) async throws -> Int {
    try await SupportRequest.query(on: db).count()
  }

  static func attachmentsDirectory(_ app: Application) -> String {
    (app.configuration.dataDirectory as NSString).appendingPathComponent("attachments")
  }

  static func filesOnDisk(_ app: Application) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: attachmentsDirectory(app))) ?? []).sorted()
  }
}
