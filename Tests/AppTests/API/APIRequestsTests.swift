import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// Calls the JSON API with a bearer token.
struct APIClient: Sendable {
  let app: Application
  let token: String?

  static func make(_ app: Application, scope: TokenScope, person: String? = nil) async throws -> APIClient {
    let token = try await APITokens.create(
      name: "test", scope: scope, personEmail: person, now: app.clock.now, on: app.db)
    return APIClient(app: app, token: token)
  }

  @discardableResult
  func send(
    _ method: HTTPMethod, _ path: String, json: String? = nil, headers extra: [String: String] = [:],
    contentType: String = "application/json"
  ) async throws -> TestingHTTPResponse {
    var captured: TestingHTTPResponse?
    try await app.testing().test(
      method, path,
      beforeRequest: { request async in
        if let token { request.headers.bearerAuthorization = .init(token: token) }
        for (name, value) in extra { request.headers.replaceOrAdd(name: name, value: value) }
        if let json {
          request.body = ByteBuffer(string: json)
          request.headers.replaceOrAdd(name: .contentType, value: contentType)
        }
      },
      afterResponse: { captured = $0 })
    return try #require(captured)
  }

  func json(_ response: TestingHTTPResponse) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
  }
}

@Suite("API: requests, idempotent create, problem+json and cursor pagination")
struct APIRequestsTests {
  static let newRequest = #"{"program": "PL", "subject": "Obračun plač", "description": "Kako vnesem bolniško?"}"#

  @Test("a customer token files a request: 201, Location, the decision and ISO 8601 times with the Ljubljana offset")
  func createsRequest() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let ana = try await APIClient.make(app, scope: .customer, person: "ana@demo.si")
      let before = try await SupportRequest.query(on: app.db).count()
      let response = try await ana.send(.POST, SiteURL.apiRequests.path, json: Self.newRequest)
      #expect(response.status == .created)
      let body = try ana.json(response)
      let number = try #require(body["number"] as? String)
      #expect(response.headers.first(name: .location) == SiteURL.apiRequest(.value(number)).path)
      #expect(body["status"] as? String == "waiting")
      #expect(body["submittedAt"] as? String == "2026-11-25T10:00:00+01:00")
      let decision = try #require(body["decision"] as? [String: Any])
      #expect(decision["outcome"] as? String == "free")
      #expect((decision["rules"] as? [[String: Any]])?.first?["id"] as? String == "free.short-usage-question")
      #expect(try await SupportRequest.query(on: app.db).count() == before + 1)
      let stored = try #require(try await SupportRequest.query(on: app.db).filter(\.$number == number).first())
      #expect(stored.channel == .portal)
      #expect(stored.subject == "Obračun plač")

      let fetched = try await ana.send(.GET, SiteURL.apiRequest(.value(number)).path)
      #expect(fetched.status == .ok)
      let place = try #require(try ana.json(fetched)["waitingList"] as? [String: Any])
      #expect((place["position"] as? Int ?? 0) >= 1)
    }
  }

  @Test("the same Idempotency-Key and body make one request; a different body under the key is a 422")
  func idempotentCreate() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let ana = try await APIClient.make(app, scope: .customer, person: "ana@demo.si")
      let before = try await SupportRequest.query(on: app.db).count()
      let key = ["Idempotency-Key": "0f6b2c1e-retry"]
      let first = try await ana.send(.POST, SiteURL.apiRequests.path, json: Self.newRequest, headers: key)
      #expect(first.status == .created)
      #expect(first.headers.first(name: Idempotency.replayedHeader) == nil)
      // Whitespace and key order do not make a different body.
      let reordered = #"{"description":"Kako vnesem bolniško?","subject":"Obračun plač","program":"PL"}"#
      let retry = try await ana.send(.POST, SiteURL.apiRequests.path, json: reordered, headers: key)
      #expect(retry.status == .created)
      #expect(retry.headers.first(name: Idempotency.replayedHeader) == "true")
      #expect(retry.body.string == first.body.string)
      #expect(retry.headers.first(name: .location) == first.headers.first(name: .location))
      #expect(try await SupportRequest.query(on: app.db).count() == before + 1)

      let changed = try await ana.send(
        .POST, SiteURL.apiRequests.path, json: Self.newRequest.replacingOccurrences(of: "bolniško", with: "dopust"),
        headers: key)
      #expect(changed.status == .unprocessableEntity)
      #expect(changed.headers.contentType?.description.hasPrefix("application/problem+json") == true)
      #expect(try ana.json(changed)["type"] as? String == APIProblem.typeBase + "idempotency-key-reused")
      #expect(try await SupportRequest.query(on: app.db).count() == before + 1)

      // Keys belong to a token: another client's same key is a different request.
      let boris = try await APIClient.make(app, scope: .customer, person: "boris@demo.si")
      let other = try await boris.send(.POST, SiteURL.apiRequests.path, json: Self.newRequest, headers: key)
      #expect(other.status == .created)
      #expect(try boris.json(other)["number"] as? String != (try ana.json(first)["number"] as? String))
    }
  }

  @Test("concurrent retries with one Idempotency-Key make exactly one request, and all get its number")
  func concurrentRetries() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let ana = try await APIClient.make(app, scope: .customer, person: "ana@demo.si")
      let before = try await SupportRequest.query(on: app.db).count()
      let numbers = try await withThrowingTaskGroup(of: (HTTPStatus, String?).self) { group in
        for _ in 0..<8 {
          group.addTask {
            let response = try await ana.send(
              .POST, SiteURL.apiRequests.path, json: Self.newRequest, headers: ["Idempotency-Key": "same-key"])
            return (response.status, try? ana.json(response)["number"] as? String)
          }
        }
        var results: [(HTTPStatus, String?)] = []
        for try await result in group { results.append(result) }
        return results
      }
      #expect(numbers.allSatisfy { $0.0 == .created })
      #expect(Set(numbers.compactMap(\.1)).count == 1)
      #expect(numbers.compactMap(\.1).count == 8)
      #expect(try await SupportRequest.query(on: app.db).count() == before + 1)
      #expect(try await IdempotencyKey.query(on: app.db).count() == 1)
    }
  }

  @Test("bad input is a 4xx problem+json naming the field, and nothing is stored")
  func badInput() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let ana = try await APIClient.make(app, scope: .customer, person: "ana@demo.si")
      let before = try await SupportRequest.query(on: app.db).count()
      let cases: [(String, HTTPStatus, String)] = [
        (#"{"program": "PL", "subject": "", "description": "x"}"#, .unprocessableEntity, "subject"),
        (#"{"program": "PL", "subject": "x", "description": "   "}"#, .unprocessableEntity, "description"),
        (#"{"program": "XX", "subject": "x", "description": "y"}"#, .unprocessableEntity, "program"),
        (
          #"{"program": "PL", "subject": "x", "description": "y", "category": "gossip"}"#, .unprocessableEntity,
          "category"
        ),
        (#"{"program": "PL", "subject": "x"}"#, .badRequest, "description"),
        (#"{"program": "PL", "#, .badRequest, "JSON"),
      ]
      for (json, status, field) in cases {
        let response = try await ana.send(.POST, SiteURL.apiRequests.path, json: json)
        #expect(response.status == status, "\(json)")
        let problem = try ana.json(response)
        #expect(problem["status"] as? Int == Int(status.code))
        #expect((problem["detail"] as? String ?? "").contains(field), "\(json)")
        #expect(problem["title"] as? String != nil)
      }
      let paid = try await APIClient.make(app, scope: .customer, person: "dora@demo.si")
      let needsConsent = try await paid.send(.POST, SiteURL.apiRequests.path, json: Self.newRequest)
      #expect(needsConsent.status == .unprocessableEntity)
      #expect(try paid.json(needsConsent)["type"] as? String == APIProblem.typeBase + "consent-required")
      let refused = try await APIClient.make(app, scope: .customer, person: "cene@dolznik.si")
      let refusal = try await refused.send(.POST, SiteURL.apiRequests.path, json: Self.newRequest)
      #expect(refusal.status == .unprocessableEntity)
      #expect(try refused.json(refusal)["type"] as? String == APIProblem.typeBase + "refused")
      #expect(try await SupportRequest.query(on: app.db).count() == before)

      let kept = try await refused.send(
        .POST, SiteURL.apiRequests.path,
        json: #"{"program": "PL", "subject": "x", "description": "y", "keepIfRefused": true}"#)
      #expect(kept.status == .created)
      #expect(try refused.json(kept)["status"] as? String == "refused")
    }
  }

  @Test("lists page with an opaque cursor and a next link, bounded by limit; a bad cursor is a 400")
  func cursorPagination() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let agent = try await APIClient.make(app, scope: .staff, person: "agent@podpora.si")
      let total = try await SupportRequest.query(on: app.db).count()
      var seen: [String] = []
      var next: String? = SiteURL.apiRequests.path + "?limit=7"
      while let path = next {
        let page = try await agent.send(.GET, path)
        #expect(page.status == .ok)
        let body = try agent.json(page)
        let items = try #require(body["items"] as? [[String: Any]])
        #expect(items.count <= 7)
        seen += items.compactMap { $0["number"] as? String }
        next = body["next"] as? String
      }
      #expect(seen.count == total)
      #expect(Set(seen).count == total)
      let huge = try await agent.send(.GET, SiteURL.apiRequests.path + "?limit=100000")
      #expect((try agent.json(huge)["items"] as? [Any])?.count == min(total, APICursor.maxLimit))
      let bad = try await agent.send(.GET, SiteURL.apiRequests.path + "?cursor=not-ours")
      #expect(bad.status == .badRequest)
      #expect(bad.headers.contentType?.description.hasPrefix("application/problem+json") == true)

      // A member sees their own requests only.
      let ana = try await APIClient.make(app, scope: .customer, person: "ana@demo.si")
      let mine = try ana.json(try await ana.send(.GET, SiteURL.apiRequests.path + "?limit=100"))
      let anaID = try #require(try await Contact.query(on: app.db).filter(\.$email == "ana@demo.si").first()?.id)
      let own = try await SupportRequest.query(on: app.db).filter(\.$contact.$id == anaID).count()
      #expect((mine["items"] as? [Any])?.count == own)
    }
  }

  @Test("another organisation's request is the same 404 as a missing one; a wrong token is a 401")
  func isolation() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let ana = try await APIClient.make(app, scope: .customer, person: "ana@demo.si")
      let number = try ana.json(try await ana.send(.POST, SiteURL.apiRequests.path, json: Self.newRequest))["number"]
      let path = SiteURL.apiRequest(.value(try #require(number as? String))).path
      let eva = try await APIClient.make(app, scope: .customer, person: "eva@tuji.si")
      let foreign = try await eva.send(.GET, path)
      let missing = try await eva.send(.GET, SiteURL.apiRequest("2026-999999").path)
      #expect(foreign.status == .notFound)
      #expect(
        foreign.body.string.replacingOccurrences(of: path, with: "")
          == missing.body.string.replacingOccurrences(
            of: SiteURL.apiRequest("2026-999999").path, with: ""))
      let forged = APIClient(app: app, token: "pod_forged")
      let unauthorised = try await forged.send(.GET, SiteURL.apiRequests.path)
      #expect(unauthorised.status == .unauthorized)
      #expect(unauthorised.headers.first(name: "WWW-Authenticate") == "Bearer")
    }
  }
}
