import Testing

@testable import Mail

@Suite("Loop protection: automated mail")
struct AutomationTests {
  private func reason(_ headers: String) -> String? {
    MIMEParser().parse(Array((headers + "\n\nx").utf8)).automationReason
  }

  @Test("A person's mail is not automated")
  func person() {
    let message = MIMEParser().parse(Array("From: Ana <ana@demo.si>\nSubject: vprašanje\nAuto-Submitted: no\n\nx".utf8))

    #expect(message.isAutomated == false)
    #expect(message.automationReason == nil)
  }

  @Test(
    "Automated senders and their reasons",
    arguments: [
      ("Auto-Submitted: auto-replied", "Auto-Submitted: auto-replied"),
      ("Auto-Submitted: Auto-Generated; owner-email=\"x@y\"", "Auto-Submitted: auto-generated"),
      ("Content-Type: multipart/report; report-type=delivery-status; boundary=x", "multipart/report (delivery-status)"),
      ("From: MAILER-DAEMON@mx.demo.si", "sent by mailer-daemon"),
      ("From: Mail Delivery <postmaster@demo.si>", "sent by postmaster"),
      ("Return-Path: < >", "empty Return-Path (bounce)"),
      ("List-Id: Novice <novice.demo.si>", "mailing list (List-Id)"),
      ("Precedence: bulk", "Precedence: bulk"),
      ("Precedence: JUNK", "Precedence: junk"),
      ("Precedence: list", "Precedence: list"),
      ("X-Auto-Response-Suppress: All", "X-Auto-Response-Suppress: all"),
      ("X-Autoreply: yes", "X-Autoreply/X-Autorespond"),
    ])
  func automated(_ headers: String, _ expected: String) {
    #expect(reason("From: x@demo.si\n" + headers) == expected || reason(headers) == expected)
  }

  @Test("Precedence other than bulk/junk/list and List-Unsubscribe alone are not automated")
  func notAutomated() {
    #expect(reason("From: a@demo.si\nPrecedence: first-class") == nil)
    #expect(reason("From: a@demo.si\nList-Unsubscribe: <mailto:u@demo.si>") == nil)
    #expect(reason("From: a@demo.si\nReturn-Path: <a@demo.si>") == nil)
  }

  @Test("The corpus bounces are recognised")
  func corpusBounces() throws {
    for file in ["cpython_msg_16.eml", "flanker_bounce-office365.eml"] {
      let message = MIMEParser().parse(try Fixtures.bytes("corpus/\(file)"))
      #expect(message.isAutomated, "\(file)")
    }
    #expect(MIMEParser().parse(try Fixtures.bytes("corpus/rubymail_rfc2822_example06.eml")).isAutomated == false)
  }
}
