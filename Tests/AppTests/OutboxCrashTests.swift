import Fluent
import Foundation
import Mail
import Testing
import Vapor

@testable import App

@Suite("Outbox after a crash: one message in doubt at most, sent again unchanged")
struct OutboxCrashTests {
  final class Recorder: MailTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var sent: [[UInt8]] = []
    var messages: [[UInt8]] { lock.withLock { sent } }

    func deliver(envelope: SMTPEnvelope, data: [UInt8], name: String) async throws(SMTPError) {
      lock.withLock { sent.append(data) }
    }
  }

  /// A worker frozen in the middle of a send, as a process is between the server's answer and its own update
  /// when it is killed.
  final class Frozen: MailTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var started: [[UInt8]] = []
    var inFlight: [[UInt8]] { lock.withLock { started } }

    func deliver(envelope: SMTPEnvelope, data: [UInt8], name: String) async throws(SMTPError) {
      lock.withLock { started.append(data) }
      try? await Task.sleep(for: .seconds(600))
    }
  }

  static func messageID(_ data: [UInt8]) -> String? { MIMEParser().parse(data).messageID }

  @Test("an instance that dies mid-send strands one message; the rest go at once, it goes when its claim expires")
  func crashMidSend() async throws {
    try await TestApp.run { app, clock in
      var queued: [OutboxMessage] = []
      for index in 0..<4 {
        queued.append(
          try await Outbox.enqueue(
            OutgoingMail(kind: "test", recipient: "r\(index)@example.si", subject: "s\(index)", text: "t"),
            on: app.db, now: clock.now, senderDomain: "podpora.test"))
      }
      // The dying instance's worker, exactly as `serve` runs it, freezes in its first send.
      let frozen = Frozen()
      let dying = Task {
        try await OutboxDelivery.deliverDue(
          now: { clock.now }, transport: frozen, mailFrom: "podpora@podpora.test", dialect: app.dialect, on: app.db)
      }
      while frozen.inFlight.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
      let firstBytes = frozen.inFlight[0]
      #expect(Self.messageID(firstBytes) == queued[0].messageID)

      // The restarted instance sends everything else straight away…
      let survivor = Recorder()
      let report = try await OutboxDelivery.deliverDue(
        now: { clock.now }, transport: survivor, mailFrom: "podpora@podpora.test", dialect: app.dialect, on: app.db)
      #expect(report.sent == 3)
      #expect(Set(survivor.messages.compactMap(Self.messageID)) == Set(queued[1...].map(\.messageID)))
      // …and the message in doubt once its claim has expired, byte for byte as before (same Message-ID and Date),
      // so a receiver that got it the first time can tell it is the same message.
      clock.advance(seconds: OutboxDelivery.claimDuration - 1)
      #expect(
        try await OutboxDelivery.deliverDue(
          now: { clock.now }, transport: survivor, mailFrom: "podpora@podpora.test", dialect: app.dialect, on: app.db
        ).sent == 0, "not while the dead instance's claim lasts")
      clock.advance(seconds: 2)
      let later = try await OutboxDelivery.deliverDue(
        now: { clock.now }, transport: survivor, mailFrom: "podpora@podpora.test", dialect: app.dialect, on: app.db)
      #expect(later.sent == 1)
      #expect(survivor.messages.last == firstBytes)
      #expect(Self.messageID(firstBytes) == queued[0].messageID)
      #expect(try await OutboxMessage.query(on: app.db).filter(\.$status == .sent).count() == 4)
      #expect(frozen.inFlight.count == 1, "the frozen worker had claimed one message, not a batch")
      dying.cancel()
      _ = try? await dying.value
    }
  }
}
