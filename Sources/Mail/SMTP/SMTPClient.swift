import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Why a message was not sent, sorted by what the outbox should do about it.
public enum SMTPError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Try again later: a 4xx reply, or the connection failed, broke or timed out. `code` is the
  /// SMTP reply code when there was one.
  case transient(code: Int?, message: String)
  /// Do not retry: a 5xx reply, or a problem that will not go away by itself (the server does not
  /// offer STARTTLS although it is required, credentials would go out unencrypted …).
  case permanent(code: Int?, message: String)

  public var isTransient: Bool {
    if case .transient = self { return true }
    return false
  }

  public var code: Int? {
    switch self {
    case .transient(let code, _), .permanent(let code, _): return code
    }
  }

  public var description: String {
    switch self {
    case .transient(let code, let message): return "transient SMTP failure\(code.map { " \($0)" } ?? ""): \(message)"
    case .permanent(let code, let message): return "permanent SMTP failure\(code.map { " \($0)" } ?? ""): \(message)"
    }
  }

  static func reply(_ reply: SMTPReply, _ context: String) -> SMTPError {
    let message = "\(context): \(reply.code) \(reply.text)"
    return (500...599).contains(reply.code)
      ? .permanent(code: reply.code, message: message) : .transient(code: reply.code, message: message)
  }
}

/// The SMTP envelope: who bounces go to, and who the message is delivered to (which may differ
/// from the To/Cc headers, e.g. for Bcc).
public struct SMTPEnvelope: Sendable, Equatable {
  public var mailFrom: String
  public var rcptTo: [String]

  public init(mailFrom: String, rcptTo: [String]) {
    self.mailFrom = mailFrom
    self.rcptTo = rcptTo
  }
}

/// One server reply, possibly of several lines.
struct SMTPReply: Sendable, Equatable {
  var code: Int
  var lines: [String]
  var text: String { lines.joined(separator: " ") }
}

/// Sends mail over SMTP (RFC 5321) with STARTTLS (RFC 3207) or implicit TLS (RFC 8314) and
/// AUTH PLAIN/LOGIN (RFC 4954). One connection per message: a support desk sends few enough
/// that reuse is not worth its failure modes.
public final class SMTPClient: Sendable {
  public let configuration: SMTPConfiguration
  private let group: any EventLoopGroup

  public init(
    configuration: SMTPConfiguration, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
  ) {
    self.configuration = configuration
    self.group = eventLoopGroup
  }

  /// Delivers `data` (a complete RFC 5322 message, e.g. from `OutgoingMessage.render`) to every
  /// recipient of the envelope, or throws. Line ends are normalised to CRLF and lines starting
  /// with "." are dot-stuffed here. If any recipient is refused, nothing is sent.
  public func send(_ envelope: SMTPEnvelope, data: [UInt8]) async throws(SMTPError) {
    guard !envelope.rcptTo.isEmpty else {
      throw .permanent(code: nil, message: "no recipients")
    }
    for address in [envelope.mailFrom] + envelope.rcptTo
    where address.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "<" || $0 == ">" }) {
      throw .permanent(code: nil, message: "invalid envelope address \"\(address)\"")
    }
    do {
      try await deliver(envelope, data: data)
    } catch let error as SMTPError {
      throw error
    } catch {
      throw .transient(code: nil, message: "\(configuration.host):\(configuration.port): \(describe(error))")
    }
  }

  private func describe(_ error: any Error) -> String {
    if let error = error as? NIOSSLError { return "TLS failed: \(error)" }
    if let error = error as? BoringSSLError { return "TLS failed: \(error)" }
    if error is ChannelError { return "connection failed: \(error)" }
    return "\(error)"
  }

  private func makeTLS() throws -> TLSSetup {
    var tls = TLSConfiguration.makeClientConfiguration()
    if !configuration.verifyCertificate { tls.certificateVerification = .none }
    // SNI must be a host name, never an IP address literal.
    let isAddress = (try? SocketAddress(ipAddress: configuration.host, port: 0)) != nil
    return TLSSetup(
      context: try NIOSSLContext(configuration: tls), serverHostname: isAddress ? nil : configuration.host)
  }

  private func deliver(_ envelope: SMTPEnvelope, data: [UInt8]) async throws {
    let implicitTLS = configuration.security == .implicitTLS
    let tls = implicitTLS ? try makeTLS() : nil
    let bootstrap = ClientBootstrap(group: group)
      .connectTimeout(TimeAmount(configuration.connectTimeout))
    let tlsErrors = ErrorBox()
    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
    do {
      channel = try await bootstrap.connect(host: configuration.host, port: configuration.port) { channel in
        channel.eventLoop.makeCompletedFuture {
          if let tls { try TLSErrorWatcher.add(tls: tls, to: channel, box: tlsErrors) }
          return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
        }
      }
    } catch {
      throw SMTPError.transient(
        code: nil, message: "cannot connect to \(configuration.host):\(configuration.port): \(error)")
    }
    do {
      try await channel.executeThenClose { inbound, outbound in
        var session = SMTPSession(
          channel: channel.channel, inbound: inbound.makeAsyncIterator(), outbound: outbound,
          configuration: configuration, tlsActive: implicitTLS, tlsErrors: tlsErrors)
        try await session.run(envelope: envelope, data: data) { try self.makeTLS() }
      }
    } catch {
      if let tlsError = tlsErrors.error {
        throw SMTPError.transient(code: nil, message: "TLS with \(configuration.host) failed: \(tlsError)")
      }
      throw error
    }
  }
}

/// What a TLS handler is made from; the handler itself must be made on the channel's event loop.
private struct TLSSetup: Sendable {
  let context: NIOSSLContext
  let serverHostname: String?

  func makeHandler() throws -> NIOSSLClientHandler {
    try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
  }
}

/// Keeps the first error the TLS handler reports. A failed handshake (say, an unverifiable
/// certificate) closes the channel, and the client would otherwise only see its next write fail
/// on a closed channel.
private final class TLSErrorWatcher: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = ByteBuffer
  private let box: ErrorBox

  private init(box: ErrorBox) {
    self.box = box
  }

  /// Adds a TLS client handler first in the pipeline with a watcher behind it; call on the
  /// channel's event loop.
  static func add(tls: TLSSetup, to channel: any Channel, box: ErrorBox) throws {
    let sslHandler = try tls.makeHandler()
    try channel.pipeline.syncOperations.addHandler(sslHandler, position: .first)
    try channel.pipeline.syncOperations.addHandler(TLSErrorWatcher(box: box), position: .after(sslHandler))
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    if error is NIOSSLError || error is BoringSSLError { box.record(error) }
    context.fireErrorCaught(error)
  }
}

/// The first error recorded, shared between the event loop and the sending task.
private final class ErrorBox: @unchecked Sendable {
  private let lock = NSLock()
  private var first: (any Error)?

  func record(_ error: any Error) {
    lock.lock()
    if first == nil { first = error }
    lock.unlock()
  }

  var error: (any Error)? {
    lock.lock()
    defer { lock.unlock() }
    return first
  }
}

/// Set from the event loop when a timer fires, read by the task that waited.
private final class TimeoutFlag: @unchecked Sendable {
  private let lock = NSLock()
  private var fired = false

  func set() {
    lock.lock()
    fired = true
    lock.unlock()
  }

  var isSet: Bool {
    lock.lock()
    defer { lock.unlock() }
    return fired
  }
}

private struct SMTPTimeout: Error {}

/// The conversation on one connection.
private struct SMTPSession {
  let channel: any Channel
  var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
  let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
  let configuration: SMTPConfiguration
  var tlsActive: Bool
  let tlsErrors: ErrorBox
  var buffer: [UInt8] = []
  var capabilities: [String] = []

  init(
    channel: any Channel, inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator,
    outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, configuration: SMTPConfiguration, tlsActive: Bool,
    tlsErrors: ErrorBox
  ) {
    self.tlsErrors = tlsErrors
    self.channel = channel
    self.inbound = inbound
    self.outbound = outbound
    self.configuration = configuration
    self.tlsActive = tlsActive
  }

  mutating func run(envelope: SMTPEnvelope, data: [UInt8], makeTLS: () throws -> TLSSetup) async throws {
    let greeting = try await readReply("greeting")
    guard greeting.code == 220 else { throw SMTPError.reply(greeting, "server greeting") }
    try await hello()

    if !tlsActive && configuration.security != .none {
      if has("STARTTLS") {
        let reply = try await command("STARTTLS")
        guard reply.code == 220 else { throw SMTPError.reply(reply, "STARTTLS") }
        guard buffer.isEmpty else {
          // Plain text that arrived after "220" could be injected by an attacker (CVE-2011-0411).
          throw SMTPError.permanent(code: nil, message: "server sent data after STARTTLS reply")
        }
        let tls = try makeTLS()
        let channel = self.channel
        let tlsErrors = self.tlsErrors
        try await channel.eventLoop.submit {
          try TLSErrorWatcher.add(tls: tls, to: channel, box: tlsErrors)
        }.get()
        tlsActive = true
        try await hello()
      } else if configuration.security == .startTLSRequired {
        throw SMTPError.permanent(code: nil, message: "server does not offer STARTTLS, which starttls=required demands")
      }
    }

    if let username = configuration.username {
      try await authenticate(username: username, password: configuration.password ?? "")
    }

    var mailFrom = "MAIL FROM:<\(envelope.mailFrom)>"
    if data.contains(where: { $0 >= 0x80 }) && has("8BITMIME") { mailFrom += " BODY=8BITMIME" }
    if has("SIZE") { mailFrom += " SIZE=\(data.count)" }
    let mailReply = try await command(mailFrom)
    guard mailReply.code == 250 else { throw SMTPError.reply(mailReply, "MAIL FROM <\(envelope.mailFrom)>") }
    for recipient in envelope.rcptTo {
      let reply = try await command("RCPT TO:<\(recipient)>")
      guard reply.code == 250 || reply.code == 251 else {
        _ = try? await command("RSET")
        _ = try? await command("QUIT")
        throw SMTPError.reply(reply, "RCPT TO <\(recipient)> refused")
      }
    }
    let dataReply = try await command("DATA")
    guard dataReply.code == 354 else { throw SMTPError.reply(dataReply, "DATA") }
    let payload = SMTPData.dotStuffed(data)
    var offset = 0
    while offset < payload.count {
      let end = min(offset + 65_536, payload.count)
      try await write(payload[offset..<end])
      offset = end
    }
    let accepted = try await readReply("end of data")
    guard accepted.code == 250 else { throw SMTPError.reply(accepted, "message refused after DATA") }
    // The message is delivered; a failing QUIT must not make the outbox send it twice.
    _ = try? await command("QUIT")
  }

  private mutating func hello() async throws {
    let ehlo = try await command("EHLO \(configuration.heloName)")
    if ehlo.code == 250 {
      capabilities = ehlo.lines.dropFirst().map { $0.uppercased() }
      return
    }
    guard (500...599).contains(ehlo.code) else { throw SMTPError.reply(ehlo, "EHLO") }
    let helo = try await command("HELO \(configuration.heloName)")
    guard helo.code == 250 else { throw SMTPError.reply(helo, "HELO") }
    capabilities = []
  }

  private func has(_ keyword: String) -> Bool {
    capabilities.contains { line in
      line == keyword || line.hasPrefix(keyword + " ") || line.hasPrefix(keyword + "=")
    }
  }

  private var authMechanisms: [String] {
    capabilities.filter { $0.hasPrefix("AUTH ") || $0.hasPrefix("AUTH=") }
      .flatMap { $0.dropFirst(5).split(separator: " ").map(String.init) }
  }

  private mutating func authenticate(username: String, password: String) async throws {
    guard tlsActive || configuration.allowInsecureAuth else {
      throw SMTPError.permanent(
        code: nil, message: "refusing to send the SMTP password unencrypted (no TLS; auth=plain-insecure allows it)")
    }
    let mechanisms = authMechanisms
    if mechanisms.contains("PLAIN") {
      let token = Data(([0] + Array(username.utf8) + [0] + Array(password.utf8))).base64EncodedString()
      let reply = try await command("AUTH PLAIN \(token)", redacted: "AUTH PLAIN ***")
      guard reply.code == 235 else { throw SMTPError.reply(reply, "AUTH PLAIN") }
    } else if mechanisms.contains("LOGIN") {
      let start = try await command("AUTH LOGIN")
      guard start.code == 334 else { throw SMTPError.reply(start, "AUTH LOGIN") }
      let user = try await command(Data(username.utf8).base64EncodedString(), redacted: "***")
      guard user.code == 334 else { throw SMTPError.reply(user, "AUTH LOGIN user name") }
      let reply = try await command(Data(password.utf8).base64EncodedString(), redacted: "***")
      guard reply.code == 235 else { throw SMTPError.reply(reply, "AUTH LOGIN") }
    } else {
      throw SMTPError.permanent(
        code: nil,
        message: mechanisms.isEmpty
          ? "a user name is configured but the server offers no AUTH"
          : "server offers no supported AUTH mechanism (offers \(mechanisms.joined(separator: " ")))")
    }
  }

  private mutating func command(_ line: String, redacted: String? = nil) async throws -> SMTPReply {
    try await write(Array((line + "\r\n").utf8)[...])
    return try await readReply(redacted ?? String(line.prefix(80)))
  }

  private func write(_ bytes: ArraySlice<UInt8>) async throws {
    try await withTimeout("sending") {
      try await outbound.write(ByteBuffer(bytes: bytes))
    }
  }

  /// Runs `body`, closing the connection if it takes longer than the command timeout.
  private func withTimeout<T>(_ what: String, _ body: () async throws -> T) async throws -> T {
    let flag = TimeoutFlag()
    let channel = self.channel
    let timer = channel.eventLoop.scheduleTask(in: TimeAmount(configuration.commandTimeout)) {
      flag.set()
      channel.pipeline.fireErrorCaught(SMTPTimeout())
      channel.close(promise: nil)
    }
    defer { timer.cancel() }
    do {
      return try await body()
    } catch {
      if flag.isSet || error is SMTPTimeout {
        throw SMTPError.transient(code: nil, message: "timed out after \(configuration.commandTimeout) \(what)")
      }
      throw error
    }
  }

  private mutating func readReply(_ context: String) async throws -> SMTPReply {
    var lines: [String] = []
    while true {
      let line = try await readLine(context)
      let bytes = Array(line.utf8)
      guard bytes.count >= 3, bytes[0...2].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
        bytes.count == 3 || bytes[3] == UInt8(ascii: " ") || bytes[3] == UInt8(ascii: "-"),
        let code = Int(String(decoding: bytes[0...2], as: UTF8.self))
      else {
        throw SMTPError.transient(code: nil, message: "not an SMTP reply to \(context): \(line.prefix(80))")
      }
      lines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
      guard lines.count <= 1_000 else { throw SMTPError.transient(code: nil, message: "endless reply to \(context)") }
      if bytes.count == 3 || bytes[3] == UInt8(ascii: " ") { return SMTPReply(code: code, lines: lines) }
    }
  }

  private mutating func readLine(_ context: String) async throws -> String {
    while true {
      if let newline = buffer.firstIndex(of: 0x0A) {
        var end = newline
        if end > 0 && buffer[end - 1] == 0x0D { end -= 1 }
        let line = String(decoding: buffer[..<end], as: UTF8.self)
        buffer.removeSubrange(...newline)
        return line
      }
      guard buffer.count < 65_536 else {
        throw SMTPError.transient(code: nil, message: "reply line too long in reply to \(context)")
      }
      var iterator = inbound
      let chunk = try await withTimeout("waiting for the reply to \(context)") { try await iterator.next() }
      inbound = iterator
      guard let chunk else {
        throw SMTPError.transient(code: nil, message: "connection closed by the server while waiting for \(context)")
      }
      buffer += chunk.readableBytesView
    }
  }
}

enum SMTPData {
  /// CRLF line ends, a leading "." doubled (RFC 5321 4.5.2), and the final ".".
  static func dotStuffed(_ data: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(data.count + data.count / 40 + 5)
    var atLineStart = true
    var i = 0
    while i < data.count {
      let byte = data[i]
      if byte == 0x0D || byte == 0x0A {
        out.append(0x0D)
        out.append(0x0A)
        if byte == 0x0D && i + 1 < data.count && data[i + 1] == 0x0A { i += 1 }
        atLineStart = true
      } else {
        if atLineStart && byte == UInt8(ascii: ".") { out.append(byte) }
        out.append(byte)
        atLineStart = false
      }
      i += 1
    }
    if !atLineStart {
      out.append(0x0D)
      out.append(0x0A)
    }
    out += Array(".\r\n".utf8)
    return out
  }
}

extension TimeAmount {
  init(_ duration: Duration) {
    let (seconds, attoseconds) = duration.components
    self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
  }
}
