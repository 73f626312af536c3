import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("Portal: every page needs sign-in, and nobody sees another organisation's data")
struct PortalAccessTests {
  /// A demo request of ana's (Demo d.o.o.) with a file, so every route of a request has something to reach.
  static func anasRequestWithFile(_ app: Application) async throws -> (number: String, attachmentID: Int) {
    let ana = try await PortalFixtures.signedIn(app, "ana@demo.si")
    let filed = try await ana.postMultipart(
      SiteURL.portalNewRequest.path, fields: PortalFixtures.newRequest(),
      files: [TestFile(filename: "izpis.pdf", data: PortalFixtures.pdf)])
    #expect(filed.status == .seeOther)
    let number = try PortalFixtures.number(fromLocation: filed)
    let attachment = try #require(try await Attachment.query(on: app.db).first())
    return (number, try attachment.requireID())
  }

  @Test("an anonymous visit to any portal page leads to sign-in with `next`, and sign-in comes back there")
  func anonymousGoesToSignIn() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let (number, attachmentID) = try await Self.anasRequestWithFile(app)
      let anonymous = TestBrowser(app)
      let pages = [
        SiteURL.portal.path, SiteURL.portalRequests.path, SiteURL.portalRequests.path + "?status=open",
        SiteURL.portalNewRequest.path, SiteURL.portalRequest(.value(number)).path,
        SiteURL.portalAttachment(.value(number), .value(attachmentID)).path,
      ]
      for page in pages {
        let response = try await anonymous.get(page)
        #expect(response.status == .seeOther, "\(page)")
        let location = try #require(response.headers.first(name: .location))
        let next = URLComponents(string: location)?.queryItems?.first { $0.name == "next" }?.value
        #expect(location.hasPrefix(SiteURL.portalSignIn.path + "?"), "\(page)")
        #expect(next == page, "\(page)")
      }
      let messagesBefore = try await Message.query(on: app.db).count()
      let reply = try await anonymous.postMultipart(
        SiteURL.portalRequestReply(.value(number)).path, fields: [("body", "x")])
      #expect(reply.status == .seeOther)
      let live = try await PortalFixtures.live(anonymous, [("program", "PL")])
      #expect(live.status == .seeOther)
      #expect(try await Message.query(on: app.db).count() == messagesBefore)

      let target = SiteURL.portalRequest(.value(number)).path
      try await anonymous.get(SiteURL.portalSignIn.path + "?next=" + target)
      let signedIn = try await anonymous.post(
        SiteURL.portalSignIn.path, form: ["email": "ana@demo.si", "password": DemoData.password, "next": target])
      #expect(signedIn.headers.first(name: .location) == target)
      let page = try await anonymous.get(target)
      #expect(page.status == .ok)
      #expect(page.body.string.contains(number))
    }
  }

  @Test("another organisation gets the same 404 as for a number that does not exist, on every request route")
  func otherOrganisationGetsNotFound() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let (number, attachmentID) = try await Self.anasRequestWithFile(app)
      let cene = try await PortalFixtures.signedIn(app, "cene@dolznik.si")
      let missing = "2026-999999"

      let detail = try await cene.get(SiteURL.portalRequest(.value(number)).path)
      let nonexistent = try await cene.get(SiteURL.portalRequest(.value(missing)).path)
      #expect(detail.status == .notFound)
      #expect(detail.body.string == nonexistent.body.string, "the answer must not reveal that the request exists")
      #expect(!detail.body.string.contains("Obračun plač za november"))

      #expect(
        try await cene.get(SiteURL.portalAttachment(.value(number), .value(attachmentID)).path).status == .notFound)
      // The right attachment id under one of cene's own requests is not a way in either.
      let cenes = try await PortalFixtures.request("Obračun bolniške", on: app.db)
      #expect(
        try await cene.get(SiteURL.portalAttachment(.value(cenes.number), .value(attachmentID)).path).status
          == .notFound)

      let messages = try await Message.query(on: app.db).count()
      let reply = try await cene.postMultipart(
        SiteURL.portalRequestReply(.value(number)).path, fields: [("body", "Vdor")],
        files: [TestFile(filename: "a.txt", data: Data("x".utf8))])
      #expect(reply.status == .notFound)
      #expect(try await Message.query(on: app.db).count() == messages)
      #expect(try await Attachment.query(on: app.db).count() == 1)

      let list = try await cene.get(SiteURL.portalRequests.path + "?q=" + number)
      #expect(list.body.string.contains("Zahtev: 0"))
      #expect(!list.body.string.contains(SiteURL.portalRequest(.value(number)).path))
      let followUp = try await cene.get(SiteURL.portalNewRequest.path + "?related=" + number)
      #expect(!followUp.body.string.contains("Obračun plač za november"))
      // A malformed number is not even looked up.
      #expect(try await cene.get(SiteURL.portalRequest("1%20OR%201=1").path).status == .notFound)
    }
  }

  @Test("a member sees only their own requests; the organisation admin sees every request of the organisation")
  func memberAndAdmin() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let anas = try await PortalFixtures.request("Izvoz REK obrazca", on: app.db)
      let doras = try await PortalFixtures.request("Vnos novega delavca", on: app.db)

      let dora = try await PortalFixtures.signedIn(app, "dora@demo.si")
      let doraList = try await dora.get(SiteURL.portalRequests.path)
      #expect(doraList.body.string.contains(doras.number))
      #expect(!doraList.body.string.contains(anas.number))
      #expect(try await dora.get(SiteURL.portalRequest(.value(anas.number)).path).status == .notFound)

      let boris = try await PortalFixtures.signedIn(app, "boris@demo.si")
      let borisList = try await boris.get(SiteURL.portalRequests.path)
      #expect(borisList.body.string.contains("Zahteve organizacije"))
      let demoCount = try await SupportRequest.query(on: app.db)
        .filter(\.$organisation.$id == anas.$organisation.id).count()
      #expect(borisList.body.string.contains("Zahtev: \(demoCount)"))
      let page = try await boris.get(SiteURL.portalRequest(.value(anas.number)).path)
      #expect(page.status == .ok)
      #expect(page.body.string.contains("Izvoz REK obrazca"))
      #expect(page.body.string.contains("Ana Novak"))
      // …but not another organisation's.
      let cenes = try await PortalFixtures.request("Obračun bolniške", on: app.db)
      #expect(try await boris.get(SiteURL.portalRequest(.value(cenes.number)).path).status == .notFound)
    }
  }

  @Test("RequestAccess: the visibility rule itself, for members, admins and other organisations")
  func visibilityRule() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let ana = try await PortalFixtures.contact("ana@demo.si", on: app.db)
      let boris = try await PortalFixtures.contact("boris@demo.si", on: app.db)
      let cene = try await PortalFixtures.contact("cene@dolznik.si", on: app.db)
      func viewer(_ c: Contact) throws -> ContactViewer {
        ContactViewer(
          id: try c.requireID(), organisationID: c.$organisation.id, name: c.name, email: c.email, role: c.role)
      }
      let borisRequest = try await PortalFixtures.request("Kako zapreti temeljnico", on: app.db)
      #expect(
        try await RequestAccess.request(number: borisRequest.number, visibleTo: try viewer(cene), on: app.db) == nil)
      #expect(
        try await RequestAccess.request(number: borisRequest.number, visibleTo: try viewer(ana), on: app.db) == nil)
      #expect(
        try await RequestAccess.request(number: borisRequest.number, visibleTo: try viewer(boris), on: app.db)?.id
          == borisRequest.id)
      let anaCount = try await RequestAccess.visible(SupportRequest.query(on: app.db), to: try viewer(ana)).count()
      let anaOwn = try await SupportRequest.query(on: app.db).filter(\.$contact.$id == ana.id).count()
      #expect(anaCount == anaOwn)
      #expect(RequestNumberFormat.isPlausible("2026-000001"))
      #expect(!RequestNumberFormat.isPlausible("2026-00000a"))
      #expect(!RequestNumberFormat.isPlausible("../etc"))
    }
  }
}
