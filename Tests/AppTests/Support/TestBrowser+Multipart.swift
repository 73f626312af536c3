import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// A file for a multipart form post.
struct TestFile {
  var field = "attachments[]"
  var filename: String
  var contentType = "application/octet-stream"
  var data: Data
}

extension TestBrowser {
  /// Posts a multipart form as a browser does for forms with file inputs; repeated fields are given as
  /// `(name, value)` pairs. The CSRF token from the cookie is added unless `csrf` is given.
  @discardableResult
  func postMultipart(
    _ path: String, fields: [(String, String)], files: [TestFile] = [], csrf: String? = nil
  ) async throws -> TestingHTTPResponse {
    if self.csrf == nil { try await get(SiteURL.home.path) }
    let boundary = "----podpora-test-\(UUID().uuidString)"
    var body = Data()
    func append(_ text: String) { body.append(Data(text.utf8)) }
    var all = fields
    let token = csrf ?? self.csrf ?? ""
    if !token.isEmpty { all.append((CSRFMiddleware.fieldName, token)) }
    for (name, value) in all {
      append("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
    }
    for file in files {
      append(
        "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.filename)\"\r\n"
          + "Content-Type: \(file.contentType)\r\n\r\n")
      body.append(file.data)
      append("\r\n")
    }
    append("--\(boundary)--\r\n")
    return try await sendData(.POST, path, body: body, contentType: "multipart/form-data; boundary=\(boundary)")
  }

  /// Sends raw bytes (the string-bodied `send` cannot carry binary files).
  @discardableResult
  func sendData(
    _ method: HTTPMethod, _ path: String, body: Data, contentType: String, headers extra: [String: String] = [:]
  ) async throws -> TestingHTTPResponse {
    var captured: TestingHTTPResponse?
    let cookieHeader = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
    try await app.testing().test(
      method, path,
      beforeRequest: { request async in
        if !cookieHeader.isEmpty { request.headers.replaceOrAdd(name: .cookie, value: cookieHeader) }
        request.headers.replaceOrAdd(name: .accept, value: "text/html")
        request.headers.replaceOrAdd(name: .contentType, value: contentType)
        for (name, value) in extra { request.headers.replaceOrAdd(name: name, value: value) }
        request.body = ByteBuffer(data: body)
      },
      afterResponse: { response async in captured = response })
    guard let response = captured else { throw TestSetupError("no response for \(method) \(path)") }
    return response
  }
}
