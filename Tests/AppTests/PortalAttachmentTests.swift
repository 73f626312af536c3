import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("Attachments in the portal: allowed types, limits, random storage names, safe downloads")
struct PortalAttachmentTests {
  @Test("files are stored under random names (never the customer's), and downloaded as attachments")
  func storeAndDownload() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let ana = try await PortalFixtures.signedIn(app, "ana@demo.si")
      let response = try await ana.postMultipart(
        SiteURL.portalNewRequest.path, fields: PortalFixtures.newRequest(),
        files: [
          TestFile(filename: "../../etc/passwd.pdf", contentType: "text/html", data: PortalFixtures.pdf),
          TestFile(filename: "Zaslonska slika čšž.png", contentType: "image/png", data: PortalFixtures.png),
        ])
      #expect(response.status == .seeOther)
      let number = try PortalFixtures.number(fromLocation: response)
      let attachments = try await Attachment.query(on: app.db).sort(\.$id).all()
      #expect(attachments.map(\.filename) == ["passwd.pdf", "Zaslonska slika čšž.png"])
      #expect(attachments.map(\.contentType) == ["application/pdf", "image/png"], "the type comes from our list")
      #expect(attachments.allSatisfy { AttachmentStore.isStorageName($0.storageName) })
      #expect(PortalFixtures.filesOnDisk(app) == attachments.map(\.storageName).sorted(), "no pending sidecars left")
      let stored = try #require(
        FileManager.default.contents(
          atPath: (PortalFixtures.attachmentsDirectory(app) as NSString).appendingPathComponent(
            attachments[0].storageName)))
      #expect(stored == PortalFixtures.pdf)

      let page = try await ana.get(SiteURL.portalRequest(.value(number)).path)
      let link = SiteURL.portalAttachment(.value(number), .value(try attachments[1].requireID())).path
      #expect(page.body.string.contains(link))
      let download = try await ana.get(link)
      #expect(download.status == .ok)
      #expect(download.headers.first(name: .contentType) == "image/png")
      #expect(download.headers.first(name: "X-Content-Type-Options") == "nosniff")
      let disposition = try #require(download.headers.first(name: .contentDisposition))
      #expect(disposition.hasPrefix("attachment;"))
      #expect(disposition.contains("filename*=UTF-8''Zaslonska%20slika%20%C4%8D%C5%A1%C5%BE.png"))
      #expect(Data(buffer: download.body) == PortalFixtures.png)
      #expect(try await ana.get(SiteURL.portalAttachment(.value(number), 999_999).path).status == .notFound)
    }
  }

  @Test("a disallowed type, a renamed file, an empty file, too many and too large files are refused clearly")
  func refused() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let ana = try await PortalFixtures.signedIn(app, "ana@demo.si")
      let before = try await PortalFixtures.requestCount(app.db)
      func post(_ files: [TestFile]) async throws -> String {
        let response = try await ana.postMultipart(
          SiteURL.portalNewRequest.path, fields: PortalFixtures.newRequest(), files: files)
        #expect(response.status == .unprocessableEntity)
        return response.body.string
      }
      let exe = try await post([TestFile(filename: "setup.exe", data: Data("MZ\u{90}".utf8))])
      #expect(exe.contains("Datoteke »setup.exe« ne moremo sprejeti."))
      #expect(exe.contains("Dovoljene so slike"))
      let renamed = try await post([TestFile(filename: "racun.pdf", data: Data("MZ not a pdf".utf8))])
      #expect(renamed.contains("ne ustreza njeni končnici"))
      let svg = try await post([TestFile(filename: "logo.svg", data: Data("<svg/>".utf8))])
      #expect(svg.contains("»logo.svg« ne moremo sprejeti"))
      let empty = try await post([TestFile(filename: "prazno.txt", data: Data())])
      #expect(empty.contains("»prazno.txt« je prazna"))
      let many = try await post(
        (0...AttachmentRules.maxFiles).map { TestFile(filename: "izpis\($0).txt", data: Data("vrstica".utf8)) })
      #expect(many.contains("Izbrali ste 11 datotek; priložite lahko največ 10."))
      let large = try await post(
        [TestFile(filename: "velik.txt", data: Data(repeating: 0x41, count: AttachmentRules.maxBytes + 1))])
      #expect(large.contains("»velik.txt« je prevelika"))

      #expect(try await PortalFixtures.requestCount(app.db) == before)
      #expect(try await Attachment.query(on: app.db).count() == 0)
      #expect(PortalFixtures.filesOnDisk(app).isEmpty, "a refused batch leaves no file behind")
    }
  }

  @Test("files chosen before \"Check\" or a mistake stay with the form, and only for their owner")
  func pendingFilesSurviveARerender() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let ana = try await PortalFixtures.signedIn(app, "ana@demo.si")
      let check = try await ana.postMultipart(
        SiteURL.portalNewRequest.path, fields: PortalFixtures.newRequest(subject: "", intent: "file"),
        files: [TestFile(filename: "izpis.pdf", data: PortalFixtures.pdf)])
      #expect(check.status == .unprocessableEntity)
      #expect(check.body.string.contains("izpis.pdf"))
      let token = try #require(PortalFixtures.filesOnDisk(app).first { !$0.hasSuffix(".json") })

      // dora cannot pick up ana's pending file by its token.
      let dora = try await PortalFixtures.signedIn(app, "dora@demo.si")
      let doras = try await dora.postMultipart(
        SiteURL.portalNewRequest.path,
        fields: PortalFixtures.newRequest(extra: [("pending[]", token), ("paidConsent", "on")]))
      #expect(doras.status == .seeOther)
      #expect(try await Attachment.query(on: app.db).count() == 0)

      let filed = try await ana.postMultipart(
        SiteURL.portalNewRequest.path, fields: PortalFixtures.newRequest(extra: [("pending[]", token)]))
      #expect(filed.status == .seeOther)
      let attachment = try #require(try await Attachment.query(on: app.db).first())
      #expect(attachment.storageName == token)
      #expect(attachment.filename == "izpis.pdf")
      #expect(PortalFixtures.filesOnDisk(app) == [token], "the sidecar is gone once filed")
    }
  }

  @Test("abandoned pending files are swept after a day; filed ones never")
  func sweep() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      let store = AttachmentStore(dataDirectory: app.configuration.dataDirectory, threadPool: app.threadPool)
      let accepted = try AttachmentStore.accept([Upload(filename: "a.txt", data: Data("a".utf8))])
      let abandoned = try await store.write(accepted, contactID: 1, now: clock.now, pending: true)
      clock.advance(seconds: AttachmentStore.pendingLifetime + 60)
      try await store.sweepAbandoned(now: clock.now, on: app.db)
      #expect(PortalFixtures.filesOnDisk(app).isEmpty)
      #expect(await store.pending(abandoned.map(\.storageName), contactID: 1).isEmpty)
    }
  }

  @Test("names are neutralised and signatures checked")
  func rules() throws {
    #expect(AttachmentRules.neutralisedName("..\\..\\windows\\win.ini.txt") == "win.ini.txt")
    #expect(AttachmentRules.neutralisedName("/etc/passwd") == "passwd")
    #expect(AttachmentRules.neutralisedName("...") == "priloga")
    #expect(AttachmentRules.neutralisedName("a\u{0}b\"<c>.pdf") == "abc.pdf")
    #expect(AttachmentRules.neutralisedName(String(repeating: "x", count: 300) + ".pdf").count == 120)
    #expect(AttachmentRules.neutralisedName(String(repeating: "x", count: 300) + ".pdf").hasSuffix(".pdf"))
    #expect(AttachmentRules.matches(AttachmentRules.zip, Data([0x50, 0x4B, 0x03, 0x04, 0])))
    #expect(!AttachmentRules.matches(AttachmentRules.zip, Data("PK".utf8)))
    #expect(AttachmentRules.matches(.webp, Data("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8)))
    #expect(!AttachmentRules.matches(.text, Data([0x41, 0x00, 0x42])))
    #expect(AttachmentRules.matches(.text, Data("Šumniki v Windows-1250: \u{9A}".utf8)))
    #expect(
      PortalController.contentDisposition("a\"b.pdf") == "attachment; filename=\"a_b.pdf\"; filename*=UTF-8''a%22b.pdf")
    #expect(throws: AttachmentProblem.typeNotAllowed(filename: "x.html")) {
      try AttachmentStore.accept([Upload(filename: "x.html", data: Data("<p>".utf8))])
    }
  }
}
