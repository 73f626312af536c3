import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("API: waiting list, take-next, replies, articles, directory and standing")
struct APIWorkTests {
  @Test("staff page through the waiting list in the policy's order; take-next claims the head, then 409 when empty")
  func waitingListAndTakeNext() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let agent = try await APIClient.make(app, scope: .staff, person: "agent@podpora.si")
      let ordered = try await WaitingListQueries.ordered(now: clock.now, policy: app.policy, on: app.db)
      var numbers: [String] = []
      var positions: [Int] = []
      var next: String? = SiteURL.apiWaitingList.path + "?limit=3"
      while let path = next {
        let body = try agent.json(try await agent.send(.GET, path))
        for item in try #require(body["items"] as? [[String: Any]]) {
          numbers.append(try #require(item["number"] as? String))
          positions.append(try #require(item["position"] as? Int))
        }
        next = body["next"] as? String
      }
      #expect(positions == Array(1...ordered.count))
      var expected: [String] = []
      for entry in ordered { expected.append(try #require(try await SupportRequest.find(entry.id, on: app.db)).number) }
      #expect(numbers == expected)

      let taken = try await agent.send(.POST, SiteURL.apiTakeNext.path)
      #expect(taken.status == .ok)
      let number = try #require(try agent.json(taken)["number"] as? String)
      #expect(number == expected.first)
      let stored = try #require(try await SupportRequest.query(on: app.db).filter(\.$number == number).first())
      #expect(stored.status == .inProgress)
      #expect(
        stored.$assignee.id
          == (try await StaffUser.query(on: app.db).filter(\.$email == "agent@podpora.si").first()?.id))

      try await SupportRequest.query(on: app.db).filter(\.$status == .waiting).set(\.$status, to: .closed).update()
      let empty = try await agent.send(.POST, SiteURL.apiTakeNext.path)
      #expect(empty.status == .conflict)
      #expect(try agent.json(empty)["type"] as? String == APIProblem.typeBase + "nothing-waiting")

      let ana = try await APIClient.make(app, scope: .customer, person: "ana@demo.si")
      #expect(try await ana.send(.GET, SiteURL.apiWaitingList.path).status == .forbidden)
    }
  }

  @Test("a retried take-next with the same Idempotency-Key answers the same request and takes no second one")
  func idempotentTakeNext() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let agent = try await APIClient.make(app, scope: .staff, person: "agent@podpora.si")
      let agentID = try #require(
        try await StaffUser.query(on: app.db).filter(\.$email == "agent@podpora.si").first()?.id)
      let before = try await SupportRequest.query(on: app.db).filter(\.$assignee.$id == agentID).count()
      let key = ["Idempotency-Key": "take-1"]
      let first = try await agent.send(.POST, SiteURL.apiTakeNext.path, headers: key)
      let again = try await agent.send(.POST, SiteURL.apiTakeNext.path, headers: key)
      #expect(first.status == .ok)
      #expect(again.status == .ok)
      #expect(again.body.string == first.body.string)
      #expect(again.headers.first(name: Idempotency.replayedHeader) == "true")
      #expect(try await SupportRequest.query(on: app.db).filter(\.$assignee.$id == agentID).count() == before + 1)
      let other = try await agent.send(.POST, SiteURL.apiTakeNext.path, headers: ["Idempotency-Key": "take-2"])
      #expect(try agent.json(other)["number"] as? String != (try agent.json(first)["number"] as? String))
    }
  }

  @Test("accounting sets an organisation's standing with an audit entry, and new requests are then refused")
  func standing() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let accounting = try await APIClient.make(app, scope: .accounting)
      let ana = try await PortalFixtures.contact("ana@demo.si", on: app.db)
      let organisation = ana.$organisation.id
      let path = SiteURL.apiOrganisationStanding(.value(organisation)).path
      let changed = try await accounting.send(.PUT, path, json: #"{"standing": "overdue"}"#)
      #expect(changed.status == .ok)
      #expect(try accounting.json(changed)["standing"] as? String == "overdue")
      #expect(try await Organisation.find(organisation, on: app.db)?.standing == .overdue)
      #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "organisation.standing").count() == 1)
      // PUT again: nothing changes, no second audit entry.
      #expect(try await accounting.send(.PUT, path, json: #"{"standing": "overdue"}"#).status == .ok)
      #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "organisation.standing").count() == 1)

      let customer = try await APIClient.make(app, scope: .customer, person: "ana@demo.si")
      let refused = try await customer.send(.POST, SiteURL.apiRequests.path, json: APIRequestsTests.newRequest)
      #expect(try customer.json(refused)["type"] as? String == APIProblem.typeBase + "refused")

      let invalid = try await accounting.send(.PUT, path, json: #"{"standing": "rich"}"#)
      #expect(invalid.status == .unprocessableEntity)
      #expect(try await Organisation.find(organisation, on: app.db)?.standing == .overdue)
      #expect(
        try await accounting.send(.PUT, SiteURL.apiOrganisationStanding(999_999).path, json: #"{"standing": "ok"}"#)
          .status == .notFound)
      let admin = try await APIClient.make(app, scope: .staff, person: "admin@podpora.si")
      #expect(try await admin.send(.PUT, path, json: #"{"standing": "ok"}"#).status == .forbidden)
    }
  }

  @Test("an organisation admin reads only their organisation's directory; staff read everyone's")
  func directoryScope() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let boris = try await APIClient.make(app, scope: .customer, person: "boris@demo.si")
      let demo = try await PortalFixtures.contact("boris@demo.si", on: app.db).$organisation.id
      let tuji = try await PortalFixtures.contact("eva@tuji.si", on: app.db).$organisation.id
      let contacts = try #require(
        try boris.json(try await boris.send(.GET, SiteURL.apiContacts.path + "?limit=100"))["items"] as? [[String: Any]]
      )
      #expect(!contacts.isEmpty)
      #expect(contacts.allSatisfy { $0["organisationId"] as? Int == demo })
      #expect(
        contacts.count == (try await Contact.query(on: app.db).filter(\.$organisation.$id == demo).count()))
      let foreign = try await boris.send(.GET, SiteURL.apiContacts.path + "?organisation=\(tuji)")
      #expect((try boris.json(foreign)["items"] as? [Any])?.isEmpty == true)
      #expect(try await boris.send(.GET, SiteURL.apiOrganisation(.value(tuji)).path).status == .notFound)
      #expect(try await boris.send(.GET, SiteURL.apiOrganisation(.value(demo)).path).status == .ok)
      let trainings = try #require(
        try boris.json(try await boris.send(.GET, SiteURL.apiTrainings.path + "?limit=100"))["items"]
          as? [[String: Any]])
      let demoContacts = Set(contacts.compactMap { $0["id"] as? Int })
      #expect(!trainings.isEmpty)
      #expect(trainings.allSatisfy { demoContacts.contains($0["contactId"] as? Int ?? 0) })

      let ana = try await APIClient.make(app, scope: .customer, person: "ana@demo.si")
      #expect(try await ana.send(.GET, SiteURL.apiContacts.path).status == .forbidden)
      let agent = try await APIClient.make(app, scope: .staff, person: "agent@podpora.si")
      let all = try #require(
        try agent.json(try await agent.send(.GET, SiteURL.apiContacts.path + "?limit=100"))["items"] as? [Any])
      #expect(all.count == (try await Contact.query(on: app.db).count()))
      #expect(try await agent.send(.GET, SiteURL.apiContacts.path + "?organisation=x").status == .badRequest)
    }
  }

  @Test("a customer's reply through the API follows the portal's rules and is idempotent; notes stay internal")
  func replies() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let ana = try await APIClient.make(app, scope: .customer, person: "ana@demo.si")
      let filed = try ana.json(try await ana.send(.POST, SiteURL.apiRequests.path, json: APIRequestsTests.newRequest))
      let number = try #require(filed["number"] as? String)
      let request = try #require(try await SupportRequest.query(on: app.db).filter(\.$number == number).first())
      try await Message(
        requestID: try request.requireID(), authorKind: .staff, authorID: nil, authorName: "Agent",
        visibility: .internal, body: "internal note", createdAt: app.clock.now
      ).create(on: app.db)

      let key = ["Idempotency-Key": "reply-1"]
      let path = SiteURL.apiRequestMessages(.value(number)).path
      let first = try await ana.send(.POST, path, json: #"{"body": "Še ena informacija."}"#, headers: key)
      #expect(first.status == .created)
      let again = try await ana.send(.POST, path, json: #"{"body": "Še ena informacija."}"#, headers: key)
      #expect(again.status == .created)
      #expect(again.body.string == first.body.string)
      #expect(again.headers.first(name: Idempotency.replayedHeader) == "true")
      #expect(try await Message.query(on: app.db).filter(\.$authorKind == .contact).count() == 1)
      #expect(try await ana.send(.POST, path, json: #"{"body": "  "}"#).status == .unprocessableEntity)

      let seen = try #require(try ana.json(try await ana.send(.GET, path))["items"] as? [[String: Any]])
      #expect(seen.map { $0["body"] as? String } == ["Še ena informacija."])
      let agent = try await APIClient.make(app, scope: .staff, person: "agent@podpora.si")
      let staffView = try #require(try agent.json(try await agent.send(.GET, path))["items"] as? [[String: Any]])
      #expect(staffView.count == 2)
      #expect(
        try await ana.send(.POST, path, json: #"{"body": "x", "internal": true}"#).status == .unprocessableEntity)

      // Staff reply and note through the workspace's rules, idempotent like the customer's reply.
      let note = try await agent.send(
        .POST, path, json: #"{"body": "Preveri licenco.", "internal": true}"#, headers: ["Idempotency-Key": "n-1"])
      #expect(note.status == .created)
      let noteAgain = try await agent.send(
        .POST, path, json: #"{"body": "Preveri licenco.", "internal": true}"#, headers: ["Idempotency-Key": "n-1"])
      #expect(noteAgain.body.string == note.body.string)
      #expect(
        try await agent.send(.POST, path, json: #"{"body": "Pozdravljeni, poglejte nastavitve."}"#).status == .created)
      #expect(try await agent.send(.POST, path, json: #"{"body": " "}"#).status == .unprocessableEntity)
      let staffMessages = try await Message.query(on: app.db).filter(\.$authorKind == .staff)
        .filter(\.$request.$id == (try request.requireID())).all()
      #expect(staffMessages.map(\.visibility).sorted { $0.rawValue < $1.rawValue } == [.internal, .internal, .public])
      let customerView = try #require(try ana.json(try await ana.send(.GET, path))["items"] as? [[String: Any]])
      #expect(
        customerView.compactMap { $0["body"] as? String } == [
          "Še ena informacija.", "Pozdravljeni, poglejte nastavitve.",
        ])

      let timeline = try #require(
        try ana.json(try await ana.send(.GET, SiteURL.apiRequestTimeline(.value(number)).path))["items"]
          as? [[String: Any]])
      #expect(timeline.compactMap { $0["kind"] as? String }.contains("customer_replied"))
      let decision = try ana.json(try await ana.send(.GET, SiteURL.apiRequestDecision(.value(number)).path))
      #expect(decision["outcome"] as? String == "free")

      request.status = .closed
      try await request.save(on: app.db)
      let closed = try await ana.send(.POST, path, json: #"{"body": "Hej?"}"#)
      #expect(closed.status == .conflict)
    }
  }

  @Test("articles: anonymous callers see public ones only; the list pages with a cursor")
  func articles() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let anonymous = APIClient(app: app, token: nil)
      var slugs: [String] = []
      var next: String? = SiteURL.apiArticles.path + "?limit=5"
      while let path = next {
        let body = try anonymous.json(try await anonymous.send(.GET, path))
        slugs += try #require(body["items"] as? [[String: Any]]).compactMap { $0["slug"] as? String }
        next = body["next"] as? String
      }
      let visible = try await KnowledgeQueries.visibleArticles(for: .anonymous, now: clock.now, on: app.db).all()
      #expect(Set(slugs) == Set(visible.map(\.slug)))
      #expect(slugs.count == visible.count)
      let hidden = try await Article.query(on: app.db).filter(\.$visibility != .public).first()
      if let hidden {
        #expect(try await anonymous.send(.GET, SiteURL.apiArticle(.value(hidden.slug)).path).status == .notFound)
      }
      let one = try #require(visible.first)
      let article = try anonymous.json(try await anonymous.send(.GET, SiteURL.apiArticle(.value(one.slug)).path))
      #expect(article["bodyMarkdown"] as? String == one.bodyMarkdown)
    }
  }

  static func multipart(
    _ client: APIClient, _ path: String, filename: String, data: Data, headers: [String: String] = [:]
  ) async throws
    -> TestingHTTPResponse
  {
    let boundary = "podpora-api-test"
    var body = Data(
      "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n\r\n".utf8)
    body.append(data)
    body.append(Data("\r\n--\(boundary)--\r\n".utf8))
    var captured: TestingHTTPResponse?
    try await client.app.testing().test(
      .POST, path,
      beforeRequest: { request async in
        if let token = client.token { request.headers.bearerAuthorization = .init(token: token) }
        request.headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        request.body = ByteBuffer(data: body)
      },
      afterResponse: { captured = $0 })
    return try #require(captured)
  }

  @Test("a customer uploads a file with the portal's rules and downloads it; a refused file leaves nothing behind")
  func uploads() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let ana = try await APIClient.make(app, scope: .customer, person: "ana@demo.si")
      let number = try #require(
        try ana.json(try await ana.send(.POST, SiteURL.apiRequests.path, json: APIRequestsTests.newRequest))["number"]
          as? String)
      let path = SiteURL.apiRequestAttachments(.value(number)).path
      let stored = try await Self.multipart(ana, path, filename: "izpis.pdf", data: PortalFixtures.pdf)
      #expect(stored.status == .created)
      let item = try #require((try ana.json(stored)["items"] as? [[String: Any]])?.first)
      #expect(item["filename"] as? String == "izpis.pdf")
      let download = try await ana.send(.GET, try #require(item["download"] as? String))
      #expect(download.status == .ok)
      #expect(Data(download.body.readableBytesView) == PortalFixtures.pdf)
      #expect(download.headers.first(name: .contentDisposition)?.hasPrefix("attachment;") == true)

      let filesBefore = PortalFixtures.filesOnDisk(app).count
      let forged = try await Self.multipart(ana, path, filename: "racun.pdf", data: Data("<script>".utf8))
      #expect(forged.status == .unprocessableEntity)
      #expect(try ana.json(forged)["type"] as? String == APIProblem.typeBase + "attachment-refused")
      #expect(PortalFixtures.filesOnDisk(app).count == filesBefore)
      #expect(try await Attachment.query(on: app.db).count() == 1)

      // The same upload retried with one key stores the file once.
      let retried = try await Self.multipart(
        ana, path, filename: "slika.png", data: PortalFixtures.png, headers: ["Idempotency-Key": "upload-1"])
      let retry = try await Self.multipart(
        ana, path, filename: "slika.png", data: PortalFixtures.png, headers: ["Idempotency-Key": "upload-1"])
      #expect(retried.status == .created)
      #expect(retry.body.string == retried.body.string)
      #expect(try await Attachment.query(on: app.db).count() == 2)
      #expect(PortalFixtures.filesOnDisk(app).count == filesBefore + 1)

      let eva = try await APIClient.make(app, scope: .customer, person: "eva@tuji.si")
      #expect(try await Self.multipart(eva, path, filename: "x.pdf", data: PortalFixtures.pdf).status == .notFound)
      #expect(try await ana.send(.POST, path, json: "{}").status == .unsupportedMediaType)
      // A broken multipart body is the client's mistake, not a server error.
      let broken = try await ana.send(
        .POST, path, json: "--x\r\nbad header line\r\n\r\nabc\r\n--x--\r\n",
        contentType: "multipart/form-data; boundary=x")
      #expect(broken.status == .badRequest)
      #expect(try await Attachment.query(on: app.db).count() == 2)
    }
  }
}
