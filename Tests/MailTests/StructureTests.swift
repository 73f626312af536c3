import Foundation
import Testing

@testable import Mail

@Suite("MIME structure")
struct StructureTests {
  private func parse(_ text: String) -> ParsedMessage {
    MIMEParser().parse(Array(text.utf8))
  }

  @Test("Nested multipart: alternative in mixed, related inside, attached message; preamble and epilogue ignored")
  func nested() throws {
    let message = MIMEParser().parse(try Fixtures.bytes("handmade/nested.eml"))

    #expect(message.from == MailAddress(name: "Novak, Ana", address: "ana@demo.si"))
    #expect(message.text == "Besedilo.")
    #expect(message.html == "<p>Besedilo <img src=\"cid:slika@demo.si\"></p>")
    #expect(message.attachments.map(\.contentType) == ["image/gif", "message/rfc822"])
    #expect(message.attachments.first?.contentID == "slika@demo.si")
    #expect(message.attachments.first?.isInline == true)
    #expect(message.attachments.first?.size == 42)
    // An attached message is one .eml attachment, named after its subject.
    #expect(message.attachments.last?.filename == "Prejšnje sporočilo.eml")
    #expect(
      message.attachments.last?.data
        == Array("From: boris@demo.si\r\nSubject: =?utf-8?q?Prej=C5=A1nje_sporo=C4=8Dilo?=\r\n\r\nStaro besedilo.".utf8)
    )
    #expect(message.warnings.isEmpty)
  }

  @Test("HTML-only mail: text made from the HTML")
  func htmlOnly() throws {
    let message = MIMEParser().parse(try Fixtures.bytes("handmade/html-only.eml"))

    #expect(message.html?.hasPrefix("<!DOCTYPE html>") == true)
    #expect(
      message.text == """
        Pozdravljeni

        Račun št. 5 & žiro <ok>
        nova vrstica

        - prva
        - druga

        Kliknite tukaj (https://podpora.si/r/5) ali podpora@podpora.si.
        """)
  }

  @Test("A missing final boundary is tolerated with a warning")
  func missingFinalBoundary() {
    let message = parse(
      "Content-Type: multipart/mixed; boundary=x\n\n--x\nContent-Type: text/plain\n\nprvi\n--x\n"
        + "Content-Type: application/octet-stream\nContent-Disposition: attachment; filename=a.bin\n\nABC\n")

    #expect(message.text == "prvi")
    #expect(message.attachments.map(\.filename) == ["a.bin"])
    #expect(message.attachments.first?.data == Array("ABC\n".utf8))
    #expect(message.warnings.contains("final boundary of multipart/mixed missing"))
  }

  @Test("A multipart whose boundary never appears keeps its text")
  func boundaryNotFound() {
    let message = parse("Content-Type: multipart/mixed; boundary=nikjer\n\nSamo besedilo.\n")

    #expect(message.text == "Samo besedilo.\n")
    #expect(message.warnings.contains("boundary of multipart/mixed not found"))
  }

  @Test("A multipart without a boundary parameter is read as text")
  func noBoundaryParameter() {
    let message = parse("Content-Type: multipart/mixed\n\nBesedilo.\n")

    #expect(message.text == "Besedilo.\n")
    #expect(message.warnings.contains("multipart/mixed without a boundary; read as text"))
  }

  @Test("Delimiter lines may have trailing whitespace; CRLF before a delimiter belongs to it")
  func delimiterDetails() {
    let message = parse(
      "Content-Type: multipart/alternative; boundary=\"b b\"\r\n\r\n--b b  \r\n\r\nena\r\n\r\n--b b--\t\r\n")

    #expect(message.text == "ena\n")
  }

  @Test("Mixed CRLF and LF line ends")
  func mixedLineEnds() {
    let message = parse("Subject: mešano\r\nFrom: a@b.si\n\r\nvrstica 1\r\nvrstica 2\nvrstica 3")

    #expect(message.subject == "mešano")
    #expect(message.from?.address == "a@b.si")
    #expect(message.text == "vrstica 1\nvrstica 2\nvrstica 3")
  }

  @Test("Folded headers are unfolded; an mbox From line is skipped")
  func unfolding() {
    let message = parse("From ana@demo.si Mon Mar  9 08:00:00 2026\nSubject: dolga\n\tzadeva\n  se nadaljuje\n\nx")

    #expect(message.subject == "dolga\tzadeva  se nadaljuje")
    #expect(message.header("subject") == "dolga\tzadeva  se nadaljuje")
  }

  @Test("Raw and decoded header access")
  func headerAccess() {
    let message = parse(
      "X-Test: =?utf-8?q?=C4=8D?=\nX-Test: drugi\nReturn-Path: <>\nAuto-Submitted: auto-replied\n\nx")

    #expect(message.header("x-test") == "č")
    #expect(message.rawHeader("X-TEST") == "=?utf-8?q?=C4=8D?=")
    #expect(message.headers("X-Test") == ["č", "drugi"])
    #expect(message.rawHeaders("X-Test") == ["=?utf-8?q?=C4=8D?=", "drugi"])
    #expect(message.header("Return-Path") == "<>")
    #expect(message.header("Missing") == nil)
    #expect(message.headers("Missing").isEmpty)
  }

  @Test("Invalid UTF-8 in a UTF-8 body becomes U+FFFD with a warning")
  func invalidUTF8() {
    let bytes = Array("Content-Type: text/plain; charset=utf-8\n\nna".utf8) + [0xC4, 0x20, 0xFF] + Array("konec".utf8)

    let message = MIMEParser().parse(bytes)

    #expect(message.text == "na\u{FFFD} \u{FFFD}konec")
    #expect(message.warnings.contains("text is not valid utf-8; invalid bytes replaced with U+FFFD"))
  }

  @Test("Text without a charset: UTF-8 when valid, else windows-1252 with a warning")
  func unlabelledText() {
    let utf8 = MIMEParser().parse(Array("Subject: x\n\nčšž".utf8))
    let legacy = MIMEParser().parse(Array("Subject: x\n\n".utf8) + [0x9A, 0x9E, 0x80])

    #expect(utf8.text == "čšž")
    #expect(legacy.text == "šž€")
    #expect(legacy.warnings.contains("8-bit text without a usable charset; read as windows-1252"))
  }

  @Test("An unknown body charset is reported")
  func unknownCharset() {
    let message = parse("Content-Type: text/plain; charset=x-klingon\n\nqapla'")

    #expect(message.text == "qapla'")
    #expect(message.warnings.contains("unknown charset \"x-klingon\"; text read as UTF-8 or windows-1252"))
  }

  @Test("A file name with directories is made safe")
  func safeFilenames() {
    let message = parse(
      "Content-Type: multipart/mixed; boundary=b\n\n--b\n\ntext\n--b\n"
        + "Content-Disposition: attachment; filename=\"../../etc/passwd\"\n\nroot\n--b--\n")

    #expect(message.attachments.map(\.filename) == [".._.._etc_passwd"])
  }
}
