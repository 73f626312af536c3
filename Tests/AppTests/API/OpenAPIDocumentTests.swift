import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("openapi.json names exactly the /api/v1 routes the app serves")
struct OpenAPIDocumentTests {
  @Test("every /api/v1 route is in the document, and every operation of the document is a route")
  func documentMatchesRoutes() async throws {
    try await TestApp.run { app, _ in
      let routes = Set(
        app.routes.all.filter { $0.path.first?.description == "api" && $0.path.dropFirst().first?.description == "v1" }
          .map { route in
            route.method.rawValue + " /"
              + route.path.map { component in
                let text = component.description
                return text.hasPrefix(":") ? "{" + text.dropFirst() + "}" : text
              }.joined(separator: "/")
          })
      #expect(!routes.isEmpty)
      #expect(routes.subtracting(APIDocument.operations).sorted() == [], "routes missing from openapi.json")
      #expect(APIDocument.operations.subtracting(routes).sorted() == [], "operations in openapi.json without a route")
    }
  }

  @Test("the served document is OpenAPI 3.1 JSON and every $ref resolves")
  func servedDocument() async throws {
    try await TestApp.run { app, _ in
      let response = try await TestBrowser(app).get(SiteURL.apiOpenAPI.path, accept: "application/json")
      #expect(response.status == .ok)
      #expect(response.headers.contentType == .json)
      let text = response.body.string
      let document = try #require(
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
      #expect(document["openapi"] as? String == "3.1.0")
      let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
      let references = text.matches(of: /"\$ref":"#\/components\/schemas\/([A-Za-z]+)"/).map { String($0.output.1) }
      #expect(!references.isEmpty)
      for name in Set(references) { #expect(schemas[name] != nil, "\(name)") }
    }
  }
}
