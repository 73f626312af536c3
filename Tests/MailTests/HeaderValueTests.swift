import Foundation
import Testing

@testable import Mail

@Suite("Addresses, dates and message ids")
struct HeaderValueTests {
  private func addresses(_ raw: String) -> [MailAddress] {
    AddressParser.parseList(raw, warnings: WarningLog())
  }

  @Test("Address forms: quoted, encoded, comment, group, angle only, bare, several")
  func addressForms() {
    #expect(addresses("\"Novak, Ana\" <ana@demo.si>") == [MailAddress(name: "Novak, Ana", address: "ana@demo.si")])
    #expect(
      addresses("=?utf-8?q?=C5=BDiga?= =?utf-8?q?_=C4=8Ceh?= <ziga@primer.si>")
        == [MailAddress(name: "Žiga Čeh", address: "ziga@primer.si")])
    #expect(addresses("ana@demo.si (Ana Novak)") == [MailAddress(name: "Ana Novak", address: "ana@demo.si")])
    #expect(addresses("<ana@demo.si>") == [MailAddress(address: "ana@demo.si")])
    #expect(addresses("ana@demo.si") == [MailAddress(address: "ana@demo.si")])
    #expect(
      addresses("Ekipa: ana@demo.si, Boris <boris@demo.si>;, cene@dolznik.si")
        == [
          MailAddress(address: "ana@demo.si"), MailAddress(name: "Boris", address: "boris@demo.si"),
          MailAddress(address: "cene@dolznik.si"),
        ])
    #expect(addresses("undisclosed-recipients:;").isEmpty)
    #expect(addresses("Ana Q. Novak <ana@demo.si>, , ") == [MailAddress(name: "Ana Q. Novak", address: "ana@demo.si")])
    #expect(addresses("\"=?utf-8?q?=C4=8Ce?=\" <c@demo.si>") == [MailAddress(name: "Če", address: "c@demo.si")])
    #expect(addresses("<@relay.si:ana@demo.si>") == [MailAddress(address: "ana@demo.si")])
    #expect(addresses("Ana \"the boss\" Novak <ana@demo.si>").first?.name == "Ana the boss Novak")
    #expect(addresses("\"a\\\"b\" <ab@demo.si>").first?.name == "a\"b")
  }

  @Test("Message ids: brackets removed, folded lists, no brackets")
  func messageIDs() {
    #expect(MessageIDs.parse("<a@b>") == ["a@b"])
    #expect(MessageIDs.parse("<a@b>\r\n <c@d>  <e@f>") == ["a@b", "c@d", "e@f"])
    #expect(MessageIDs.parse("a@b (komentar)") == ["a@b"])
    #expect(MessageIDs.parse("").isEmpty)
  }

  @Test("Missing In-Reply-To is nil; first of several is taken")
  func inReplyTo() {
    let none = MIMEParser().parse(Array("Subject: x\n\ny".utf8))
    let several = MIMEParser().parse(Array("In-Reply-To: <a@b> <c@d>\n\ny".utf8))

    #expect(none.inReplyTo == nil)
    #expect(none.messageID == nil)
    #expect(several.inReplyTo == "a@b")
  }

  @Test(
    "Dates in RFC 5322 and obsolete forms",
    arguments: [
      ("Mon, 20 Oct 2014 14:33:24 +0200", "2014-10-20T12:33:24Z"),
      ("20 Oct 2014 14:33:24 +0200", "2014-10-20T12:33:24Z"),
      ("Mon, 20 Oct 2014 14:33 +0200", "2014-10-20T12:33:00Z"),
      ("Mon, 20 Oct 14 14:33:24 GMT", "2014-10-20T14:33:24Z"),
      ("Fri, 21 Nov 97 09:55:06 -0600", "1997-11-21T15:55:06Z"),
      ("Thu, 13 Feb 1969 23:32:54 -0330", "1969-02-14T03:02:54Z"),
      ("Tue, 1 Jul 2003 10:52:37 +0200 (CEST)", "2003-07-01T08:52:37Z"),
      ("Sun, 8 May 2005 14:09:11 EDT", "2005-05-08T18:09:11Z"),
      ("Sun, 8 May 2005 14:09:11 PST", "2005-05-08T22:09:11Z"),
      ("Sun May  8 14:09:11 2005", "2005-05-08T14:09:11Z"),
      ("8 May 2005 14:09:11 z", "2005-05-08T14:09:11Z"),
      ("Mon, 29 Feb 2016 23:59:60 +0000", "2016-02-29T23:59:59Z"),
      ("mon, 20 OCTOBER 2014 14:33:24 +0200", "2014-10-20T12:33:24Z"),
      ("Mon,20 Oct 2014 14:33:24+0200", "2014-10-20T12:33:24Z"),
    ])
  func dates(_ raw: String, _ expected: String) {
    #expect(MailDate.parse(raw).map(MailDate.iso8601) == expected)
  }

  @Test(
    "Unreadable dates give nil",
    arguments: [
      "", "yesterday", "31 Feb 2014 10:00:00 +0000", "20 Oct 2014 25:00:00 +0000", "20 Foo 2014 10:00", "1 2 3 4",
    ])
  func badDates(_ raw: String) {
    #expect(MailDate.parse(raw) == nil)
  }

  @Test("An unreadable Date header is a warning, not a failure")
  func badDateWarning() {
    let message = MIMEParser().parse(Array("Date: sometime\n\nx".utf8))

    #expect(message.date == nil)
    #expect(message.warnings.contains("unreadable Date \"sometime\""))
  }

  @Test("Formatting: RFC 5322 and ISO 8601 in UTC")
  func formatting() {
    let date = Date(timeIntervalSince1970: 1_413_808_404)

    #expect(MailDate.format(date) == "Mon, 20 Oct 2014 12:33:24 +0000")
    #expect(MailDate.iso8601(date) == "2014-10-20T12:33:24Z")
    #expect(MailDate.format(Date(timeIntervalSince1970: 0)) == "Thu, 1 Jan 1970 00:00:00 +0000")
    #expect(MailDate.parse(MailDate.format(date)) == date)
  }
}
