import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// Drives the app like a browser: keeps cookies between requests and sends each form's CSRF token.
final class TestBrowser: @unchecked Sendable {
  let app: Application
  private(set) var cookies: [String: String] = [:]

  init(_ app: Application) { self.app = app }

  var csrf: String? { cookies[CSRFMiddleware.cookieName] }

  @discardableResult
  func get(_ path: String, accept: String = "text/html") async throws -> TestingHTTPResponse {
    try await send(.GET, path, accept: accept)
  }

  /// Posts a form; the CSRF token from the cookie is added unless `csrf` is given (use "" to send none).
  @discardableResult
  func post(_ path: String, form: [String: String], csrf: String? = nil) async throws -> TestingHTTPResponse {
    if self.csrf == nil { try await get(SiteURL.home.path) }
    var fields = form
    let token = csrf ?? self.csrf ?? ""
    if !token.isEmpty { fields[CSRFMiddleware.fieldName] = token }
    let body = fields.map { key, value in "\(Self.encode(key))=\(Self.encode(value))" }.joined(separator: "&")
    return try await send(.POST, path, body: body, contentType: "application/x-www-form-urlencoded")
  }

  @discardableResult
  func send(
    _ method: HTTPMethod, _ path: String, body: String? = nil, contentType: String? = nil, accept: String = "text/html",
    headers extra: [String: String] = [:]
  ) async throws -> TestingHTTPResponse {
    var captured: TestingHTTPResponse?
    try await app.testing().test(
      method, path,
      beforeRequest: { request async in
        if !self.cookies.isEmpty {
          request.headers.replaceOrAdd(
            name: .cookie, value: self.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        request.headers.replaceOrAdd(name: .accept, value: accept)
        for (name, value) in extra { request.headers.replaceOrAdd(name: name, value: value) }
        if let body {
          request.body = ByteBuffer(string: body)
          if let contentType { request.headers.replaceOrAdd(name: .contentType, value: contentType) }
        }
      },
      afterResponse: { response async in
        captured = response
      })
    guard let response = captured else { throw TestSetupError("no response for \(method) \(path)") }
    for header in response.headers[.setCookie] {
      let pair = header.split(separator: ";", maxSplits: 1)[0]
      let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2 else { continue }
      if header.lowercased().contains("max-age=0") || header.lowercased().contains("expires=thu, 01 jan 1970") {
        cookies[parts[0]] = nil
      } else {
        cookies[parts[0]] = parts[1]
      }
    }
    return response
  }

  /// Signs in through the real form; returns the response of the form post.
  @discardableResult
  func signIn(
    _ email: String, password: String = DemoData.password, staff: Bool = false
  ) async throws
    -> TestingHTTPResponse
  {
    let path = staff ? SiteURL.staffSignIn.path : SiteURL.portalSignIn.path
    try await get(path)
    return try await post(path, form: ["email": email, "password": password])
  }

  static func encode(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
  }
}
