import Foundation
import Testing

@testable import Mail

/// Hand-written Slovenian messages in every charset they arrive in (Fixtures/handmade). Their
/// expected values were also read back with Python's email package when they were written.
@Suite("Slovenian messages in each charset")
struct SlovenianMessageTests {
  private func parse(_ name: String) throws -> ParsedMessage {
    MIMEParser().parse(try Fixtures.bytes("handmade/\(name)"))
  }

  @Test("UTF-8: B-encoded subject, Q-encoded name, base64 body, quoted name with a comma, comment name")
  func utf8Base64() throws {
    let message = try parse("sl-utf8-base64.eml")

    #expect(message.subject == "Račun št. 5 – ČŠŽ čšž")
    #expect(message.from == MailAddress(name: "Žiga Čeh", address: "ziga.ceh@primer.si"))
    #expect(
      message.to == [
        MailAddress(name: "Podpora, d.o.o.", address: "podpora@podpora.si"),
        MailAddress(name: "Ana Novak", address: "ana@demo.si"),
      ])
    #expect(message.text == "Pozdravljeni,\n\nračun št. 5 za ČŠŽ d.o.o. še ni plačan.\nLep pozdrav, Žiga\n")
    #expect(message.messageID == "sl-1@primer.si")
    #expect(message.date.map(MailDate.iso8601) == "2026-03-03T08:15:00Z")
    #expect(message.warnings.isEmpty)
  }

  @Test("UTF-8: a character split across two Q words, QP soft breaks, LF line ends, obsolete date")
  func utf8QuotedPrintable() throws {
    let message = try parse("sl-utf8-qp.eml")

    #expect(message.subject == "Težava s plačami in še kaj")
    #expect(
      message.text
        == "Plače za februar se ne izračunajo pravilno, ker program upošteva stari žiro račun. \nKončno = 5 €\n")
    #expect(message.inReplyTo == "prej@podpora.si")
    #expect(message.references == ["prvi@podpora.si", "prej@podpora.si"])
    // "3 Mar 26 09:15 CET": two-digit year, no seconds, named zone.
    #expect(message.date.map(MailDate.iso8601) == "2026-03-03T08:15:00Z")
  }

  @Test("ISO-8859-2: 8-bit body and Q-encoded header")
  func iso88592() throws {
    let message = try parse("sl-iso-8859-2.eml")

    #expect(message.subject == "ČŠŽ čšž - vprašanje")
    #expect(message.from?.name == "Boštjan Žnidaršič")
    #expect(message.text == "Število računov: 3. Že včeraj sem poslal ČŠŽ čšž.\n")
  }

  @Test("windows-1250: QP body with typographic quotes, B-encoded name")
  func windows1250() throws {
    let message = try parse("sl-windows-1250.eml")

    #expect(message.subject == "Račun št. 7")
    #expect(message.from?.name == "Šime Žužek")
    #expect(message.text == "Šola, žaba, čaj – ČŠŽ „narekovaji“.\n")
  }

  @Test("windows-1252: euro sign, curly quotes, š and ž")
  func windows1252() throws {
    let message = try parse("sl-windows-1252.eml")

    #expect(message.subject == "Cena € 5 “šifra”")
    #expect(message.text == "Cena: 5 € – “šifra” in ž.\n")
  }

  @Test("RFC 2231: encoded continuations, plain continuations, charset with language")
  func rfc2231Filenames() throws {
    let message = try parse("sl-attachment-rfc2231.eml")

    #expect(message.text == "Račun je v prilogi.")
    #expect(
      message.attachments.map(\.filename) == [
        "račun_št_5.pdf", "zelo_dolgo_ime_datoteke_ki_se_nadaljuje_v_drugi_vrstici.txt", "čšž.txt",
      ])
    #expect(message.attachments.first?.contentType == "application/pdf")
    #expect(message.attachments.first?.data == Array("%PDF-1.4\n% fake\n".utf8) + (0...255).map { UInt8($0) })
    #expect(message.attachments.first?.isInline == false)
  }

  @Test("Every charset decodes Slovenian letters byte by byte")
  func charsetTables() {
    // č š ž Č Š Ž in each single-byte charset.
    let cases: [(String, [UInt8])] = [
      ("iso-8859-2", [0xE8, 0xB9, 0xBE, 0xC8, 0xA9, 0xAE]),
      ("windows-1250", [0xE8, 0x9A, 0x9E, 0xC8, 0x8A, 0x8E]),
      ("utf-8", Array("čšžČŠŽ".utf8)),
    ]
    for (name, bytes) in cases {
      #expect(Charset(name: name)?.decode(bytes).text == "čšžČŠŽ", "\(name)")
    }
    #expect(Charset(name: "windows-1252")?.decode([0x9A, 0x9E, 0x8A, 0x8E, 0x80]).text == "šžŠŽ€")
    #expect(Charset(name: "ISO-8859-1")?.decode([0xE9, 0xFC]).text == "éü")
    #expect(Charset(name: "latin2") == .latin2)
    #expect(Charset(name: "\"CP1250\"") == .windows1250)
    #expect(Charset(name: "x-unknown") == nil)
  }
}
