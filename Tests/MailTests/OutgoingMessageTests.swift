import Foundation
import Testing

@testable import Mail

@Suite("Outgoing messages")
struct OutgoingMessageTests {
  private let date = Date(timeIntervalSince1970: 1_773_043_200)  // 2026-03-09 08:00:00 UTC

  private func slovenian(html: String? = nil, attachments: [OutgoingAttachment] = []) -> OutgoingMessage {
    OutgoingMessage(
      from: MailAddress(name: "Podpora Čebelica d.o.o.", address: "podpora@podpora.si"),
      to: [
        MailAddress(name: "Žiga Čeh", address: "ziga@primer.si"),
        MailAddress(name: "Novak, Ana", address: "ana@demo.si"),
        MailAddress(address: "boris@demo.si"),
      ],
      cc: [MailAddress(name: "Vodja", address: "vodja@podpora.si")],
      replyTo: [MailAddress(address: "zahtevek-42@podpora.si")],
      subject: "Re: [#42] Račun št. 5 – plače za februar se ne izračunajo, ČŠŽ čšž, in še nekaj zelo dolgega besedila",
      text:
        "Pozdravljeni,\n\nrešitev: ponovno zaženite obračun.\n.pika na začetku\nFrom zdaj naprej\n= enačaj\nLep pozdrav\n",
      html: html,
      messageID: OutgoingMessage.makeMessageID(domain: "podpora.si", unique: "outbox.42"),
      inReplyTo: "prej@primer.si",
      references: ["prvi@primer.si", "prej@primer.si"],
      extraHeaders: [
        OutgoingHeader("Auto-Submitted", "auto-replied"),
        OutgoingHeader("List-Unsubscribe", "<https://podpora.si/odjava?t=abc>"),
        OutgoingHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
      ],
      attachments: attachments)
  }

  private func lines(_ bytes: [UInt8]) -> [String] {
    String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
  }

  @Test("Round trip: rendered then parsed gives the same fields, Slovenian text included")
  func roundTrip() {
    let outgoing = slovenian()

    let parsed = MIMEParser().parse(outgoing.render(date: date))

    #expect(parsed.from == outgoing.from)
    #expect(parsed.to == outgoing.to)
    #expect(parsed.cc == outgoing.cc)
    #expect(parsed.replyTo == outgoing.replyTo)
    #expect(parsed.subject == outgoing.subject)
    #expect(parsed.text == outgoing.text)
    #expect(parsed.html == nil)
    #expect(parsed.messageID == "outbox.42@podpora.si")
    #expect(parsed.inReplyTo == "prej@primer.si")
    #expect(parsed.references == ["prvi@primer.si", "prej@primer.si"])
    #expect(parsed.date == date)
    #expect(parsed.header("Auto-Submitted") == "auto-replied")
    #expect(parsed.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
    #expect(parsed.isAutomated)
    #expect(parsed.warnings.isEmpty)
  }

  @Test("Round trip with HTML and attachments (RFC 2231 names)")
  func roundTripMultipart() {
    let pdf = (0..<3_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    let outgoing = slovenian(
      html: "<p>Pozdravljeni, <b>rešitev</b> &amp; še kaj.</p>",
      attachments: [
        OutgoingAttachment(filename: "račun_št_5.pdf", contentType: "application/pdf", data: pdf),
        OutgoingAttachment(
          filename: "zelo dolgo ime datoteke s šumniki čšž, ki ne gre v eno vrstico glave.txt",
          contentType: "text/plain", data: Array("vsebina".utf8)),
        OutgoingAttachment(
          filename: "logo.png", contentType: "image/png", data: [1, 2, 3], contentID: "logo@podpora.si"),
      ])

    let rendered = outgoing.render(date: date)
    let parsed = MIMEParser().parse(rendered)

    #expect(parsed.text == outgoing.text)
    #expect(parsed.html == outgoing.html)
    #expect(
      parsed.attachments.map(\.filename) == [
        "račun_št_5.pdf", "zelo dolgo ime datoteke s šumniki čšž, ki ne gre v eno vrstico glave.txt", "logo.png",
      ])
    #expect(parsed.attachments.first?.data == pdf)
    #expect(parsed.attachments.first?.contentType == "application/pdf")
    #expect(parsed.attachments.last?.contentID == "logo@podpora.si")
    #expect(parsed.attachments.last?.isInline == true)
    #expect(parsed.warnings.isEmpty)
    #expect(lines(rendered).contains { $0.hasPrefix("Content-Type: multipart/mixed;") })
  }

  @Test("Wire format: CRLF only, lines ≤ 78 in headers and ≤ 76 in bodies, 7-bit, required headers")
  func wireFormat() {
    let rendered = slovenian(html: "<p>čšž</p>").render(date: date)
    let text = String(decoding: rendered, as: UTF8.self)
    let headerLines = lines(Array(text.components(separatedBy: "\r\n\r\n")[0].utf8))

    #expect(rendered.allSatisfy { $0 < 0x80 })
    #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    #expect(headerLines.allSatisfy { $0.utf8.count <= 78 })
    #expect(lines(rendered).allSatisfy { $0.utf8.count <= 78 })
    #expect(headerLines.first == "Date: Mon, 9 Mar 2026 08:00:00 +0000")
    #expect(headerLines.contains("MIME-Version: 1.0"))
    #expect(headerLines.contains("Message-ID: <outbox.42@podpora.si>"))
    #expect(headerLines.contains { $0.hasPrefix("Subject: =?UTF-8?B?") })
    #expect(text.contains("Content-Type: multipart/alternative;"))
    #expect(text.contains("Content-Transfer-Encoding: quoted-printable"))
  }

  @Test("ASCII headers stay readable; a long subject is folded at spaces")
  func asciiHeaders() {
    let subject = String(repeating: "word ", count: 30).trimmingCharacters(in: .whitespaces)
    var message = slovenian()
    message.subject = subject
    message.from = MailAddress(name: "Podpora", address: "podpora@podpora.si")

    let rendered = message.render(date: date)
    let text = String(decoding: rendered, as: UTF8.self)

    #expect(text.contains("From: Podpora <podpora@podpora.si>\r\n"))
    #expect(text.contains("Subject: word word"))
    #expect(MIMEParser().parse(rendered).subject == subject)
  }

  @Test("Line breaks in values cannot inject header fields")
  func headerInjection() {
    var message = slovenian()
    message.subject = "Pozdrav\r\nBcc: napadalec@zlo.si"
    message.extraHeaders = [OutgoingHeader("X-Test", "a\nX-Injected: 1"), OutgoingHeader("Bad Name:", "x")]

    let parsed = MIMEParser().parse(message.render(date: date))

    #expect(parsed.header("Bcc") == nil)
    #expect(parsed.header("X-Injected") == nil)
    #expect(parsed.subject == "Pozdrav Bcc: napadalec@zlo.si")
    #expect(parsed.header("X-Test") == "a X-Injected: 1")
    #expect(parsed.headerFields.allSatisfy { $0.name != "Bad Name" })
  }

  @Test("Display names with specials are quoted; =? forces encoding")
  func displayNames() {
    #expect(HeaderWriter.mailbox(MailAddress(name: "Novak, Ana", address: "a@b.si")) == "\"Novak, Ana\" <a@b.si>")
    #expect(HeaderWriter.mailbox(MailAddress(name: "Say \"hi\"", address: "a@b.si")) == "\"Say \\\"hi\\\"\" <a@b.si>")
    #expect(HeaderWriter.mailbox(MailAddress(name: nil, address: "a@b.si")) == "<a@b.si>")
    #expect(HeaderWriter.mailbox(MailAddress(name: "=?x?", address: "a@b.si")).hasPrefix("=?UTF-8?B?"))
  }

  @Test("Message-ID from a unique part and a domain")
  func messageID() {
    #expect(OutgoingMessage.makeMessageID(domain: "podpora.si", unique: "outbox-42") == "outbox-42@podpora.si")
    #expect(OutgoingMessage.makeMessageID(domain: "podpora.si", unique: "a b<c>@d") == "a-b-c--d@podpora.si")
    #expect(OutgoingMessage.makeMessageID(domain: ".podpora..si.", unique: "..x..") == "x@podpora.si")
  }

  @Test("Empty and newline-less text round-trip exactly")
  func textEdges() {
    var message = slovenian()
    for text in ["", "brez nove vrstice", "\n\n", "\r\nkonec\r"] {
      message.text = text
      let expected = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
      #expect(MIMEParser().parse(message.render(date: date)).text == expected)
    }
  }
}
