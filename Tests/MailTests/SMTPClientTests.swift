import Foundation
import TestSupport
import Testing

@testable import Mail

/// The SMTP client against a real server (aiosmtpd, scripts/smtp_server.py), one per test.
@Suite("SMTP client against a real server", .serialized)
struct SMTPClientTests {
  private let date = Date(timeIntervalSince1970: 1_700_000_000)

  private func sampleMessage(subject: String = "Račun št. 5 – vprašanje") -> [UInt8] {
    OutgoingMessage(
      from: MailAddress(name: "Podpora", address: "podpora@podpora.si"),
      to: [MailAddress(name: "Ana Novak", address: "ana@demo.si")],
      subject: subject,
      text: "Pozdravljeni,\n.vrstica s piko na začetku\n..in dve\n.\nčšž ČŠŽ\n",
      messageID: "test-1@podpora.si"
    ).render(date: date)
  }

  private func withServer(
    _ options: [String] = [], _ body: (SMTPTestServer) async throws -> Void
  ) async throws {
    let server = try await SMTPTestServer.start(options)
    defer { server.stop() }
    try await body(server)
  }

  @Test("Plain delivery: envelope, headers and dot-stuffed body arrive intact")
  func plainDelivery() async throws {
    try await withServer { server in
      let client = SMTPClient(configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(server.port)"))
      let data = sampleMessage()

      try await client.send(
        SMTPEnvelope(mailFrom: "bounce@podpora.si", rcptTo: ["ana@demo.si", "boris@demo.si"]), data: data)

      let delivered = try server.delivered()
      #expect(delivered.count == 1)
      #expect(delivered.first?.mailFrom == "bounce@podpora.si")
      #expect(delivered.first?.rcptTos == ["ana@demo.si", "boris@demo.si"])
      #expect(delivered.first?.tls == false)
      #expect(delivered.first?.data == data)
      let parsed = MIMEParser().parse(delivered.first?.data ?? [])
      #expect(parsed.subject == "Račun št. 5 – vprašanje")
      #expect(parsed.text == "Pozdravljeni,\n.vrstica s piko na začetku\n..in dve\n.\nčšž ČŠŽ\n")
    }
  }

  @Test("Bare LF line ends are sent as CRLF and a leading dot is stuffed")
  func lineEndsAndDots() async throws {
    try await withServer { server in
      let client = SMTPClient(configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(server.port)"))
      let data = Array("Subject: dots\n\n.\n..two\nlast line without newline".utf8)

      try await client.send(SMTPEnvelope(mailFrom: "a@podpora.si", rcptTo: ["b@demo.si"]), data: data)

      let delivered = try server.delivered()
      #expect(
        delivered.first?.data
          == Array("Subject: dots\r\n\r\n.\r\n..two\r\nlast line without newline\r\n".utf8))
    }
  }

  @Test("STARTTLS with a self-signed certificate (verification off)")
  func startTLS() async throws {
    try await withServer(["--self-signed"]) { server in
      let client = SMTPClient(
        configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(server.port)?starttls=required&tls=insecure"))

      try await client.send(SMTPEnvelope(mailFrom: "a@podpora.si", rcptTo: ["b@demo.si"]), data: sampleMessage())

      let delivered = try server.delivered()
      #expect(delivered.count == 1)
      #expect(delivered.first?.tls == true)
    }
  }

  @Test("A self-signed certificate is refused when verification is on")
  func certificateVerified() async throws {
    try await withServer(["--self-signed"]) { server in
      let client = SMTPClient(
        configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(server.port)?starttls=required"))

      let error = await #expect(throws: SMTPError.self) {
        try await client.send(SMTPEnvelope(mailFrom: "a@podpora.si", rcptTo: ["b@demo.si"]), data: sampleMessage())
      }

      #expect(error?.description.contains("TLS") == true, "\(String(describing: error))")
      #expect(try server.delivered().isEmpty)
    }
  }

  @Test("AUTH PLAIN over STARTTLS")
  func authPlain() async throws {
    try await withServer(["--self-signed", "--auth", "agent:geslo čšž"]) { server in
      let client = SMTPClient(
        configuration: try SMTPConfiguration(
          url: "smtp://agent:geslo%20%C4%8D%C5%A1%C5%BE@127.0.0.1:\(server.port)?tls=insecure"))

      try await client.send(SMTPEnvelope(mailFrom: "a@podpora.si", rcptTo: ["b@demo.si"]), data: sampleMessage())

      let delivered = try server.delivered()
      #expect(delivered.first?.tls == true)
      #expect(delivered.first?.authLogin == "agent")
      #expect(delivered.first?.authMechanism == "PLAIN")
    }
  }

  @Test("AUTH LOGIN over STARTTLS when the server offers only LOGIN")
  func authLogin() async throws {
    try await withServer(["--self-signed", "--auth", "agent:secret", "--auth-mechanisms", "LOGIN"]) { server in
      let client = SMTPClient(
        configuration: try SMTPConfiguration(url: "smtp://agent:secret@127.0.0.1:\(server.port)?tls=insecure"))

      try await client.send(SMTPEnvelope(mailFrom: "a@podpora.si", rcptTo: ["b@demo.si"]), data: sampleMessage())

      let delivered = try server.delivered()
      #expect(delivered.first?.authLogin == "agent")
      #expect(delivered.first?.authMechanism == "LOGIN")
    }
  }

  @Test("A wrong password is a permanent failure")
  func wrongPassword() async throws {
    try await withServer(["--self-signed", "--auth", "agent:secret"]) { server in
      let client = SMTPClient(
        configuration: try SMTPConfiguration(url: "smtp://agent:wrong@127.0.0.1:\(server.port)?tls=insecure"))

      let error = await #expect(throws: SMTPError.self) {
        try await client.send(SMTPEnvelope(mailFrom: "a@podpora.si", rcptTo: ["b@demo.si"]), data: sampleMessage())
      }

      #expect(error?.isTransient == false)
      #expect(error?.code == 535)
    }
  }

  @Test("The password is not sent without TLS unless auth=plain-insecure")
  func noPasswordInClear() async throws {
    try await withServer(["--auth", "agent:secret"]) { server in
      let strict = SMTPClient(
        configuration: try SMTPConfiguration(url: "smtp://agent:secret@127.0.0.1:\(server.port)"))
      let lax = SMTPClient(
        configuration: try SMTPConfiguration(url: "smtp://agent:secret@127.0.0.1:\(server.port)?auth=plain-insecure"))

      let error = await #expect(throws: SMTPError.self) {
        try await strict.send(SMTPEnvelope(mailFrom: "a@podpora.si", rcptTo: ["b@demo.si"]), data: sampleMessage())
      }
      try await lax.send(SMTPEnvelope(mailFrom: "a@podpora.si", rcptTo: ["b@demo.si"]), data: sampleMessage())

      #expect(error?.isTransient == false)
      #expect(error?.description.contains("unencrypted") == true)
      #expect(try server.delivered().map(\.authLogin) == ["agent"])
    }
  }

  @Test("starttls=required fails permanently when the server does not offer it")
  func startTLSRequiredButMissing() async throws {
    try await withServer { server in
      let client = SMTPClient(
        configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(server.port)?starttls=required"))

      let error = await #expect(throws: SMTPError.self) {
        try await client.send(SMTPEnvelope(mailFrom: "a@podpora.si", rcptTo: ["b@demo.si"]), data: sampleMessage())
      }

      #expect(error?.isTransient == false)
      #expect(try server.delivered().isEmpty)
    }
  }

  @Test("Implicit TLS (smtps)")
  func implicitTLS() async throws {
    try await withServer(["--self-signed", "--implicit-tls", "--auth", "agent:secret"]) { server in
      let client = SMTPClient(
        configuration: try SMTPConfiguration(url: "smtps://agent:secret@127.0.0.1:\(server.port)?tls=insecure"))

      try await client.send(SMTPEnvelope(mailFrom: "a@podpora.si", rcptTo: ["b@demo.si"]), data: sampleMessage())

      let delivered = try server.delivered()
      #expect(delivered.first?.tls == true)
      #expect(delivered.first?.authLogin == "agent")
    }
  }

  @Test("451 for a recipient is transient and nothing is delivered")
  func temporaryFailure() async throws {
    try await withServer { server in
      let client = SMTPClient(configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(server.port)"))

      let error = await #expect(throws: SMTPError.self) {
        try await client.send(
          SMTPEnvelope(mailFrom: "a@podpora.si", rcptTo: ["ana@demo.si", "tempfail@demo.si"]), data: sampleMessage())
      }

      #expect(error?.isTransient == true)
      #expect(error?.code == 451)
      #expect(try server.delivered().isEmpty)
    }
  }

  @Test("550 for a recipient is permanent")
  func permanentFailure() async throws {
    try await withServer { server in
      let client = SMTPClient(configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(server.port)"))

      let error = await #expect(throws: SMTPError.self) {
        try await client.send(SMTPEnvelope(mailFrom: "a@podpora.si", rcptTo: ["reject@demo.si"]), data: sampleMessage())
      }

      #expect(error == .permanent(code: 550, message: "RCPT TO <reject@demo.si> refused: 550 5.1.1 no such user"))
    }
  }

  @Test("Connection refused is transient")
  func connectionRefused() async throws {
    let listener = try SilentListener()
    let port = listener.port
    listener.close()
    let client = SMTPClient(configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(port)"))

    let error = await #expect(throws: SMTPError.self) {
      try await client.send(SMTPEnvelope(mailFrom: "a@podpora.si", rcptTo: ["b@demo.si"]), data: sampleMessage())
    }

    #expect(error?.isTransient == true)
    #expect(error?.code == nil)
  }

  @Test("A server that never answers times out, transiently")
  func timeout() async throws {
    let listener = try SilentListener()
    defer { listener.close() }
    let client = SMTPClient(configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(listener.port)?timeout=1"))
    let started = ContinuousClock.now

    let error = await #expect(throws: SMTPError.self) {
      try await client.send(SMTPEnvelope(mailFrom: "a@podpora.si", rcptTo: ["b@demo.si"]), data: sampleMessage())
    }

    #expect(error?.isTransient == true)
    #expect(error?.description.contains("timed out") == true)
    #expect(ContinuousClock.now - started < .seconds(15))
  }
}
