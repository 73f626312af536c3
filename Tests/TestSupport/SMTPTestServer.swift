import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

public struct TestSetupError: Error, CustomStringConvertible {
  public let description: String
  public init(description: String) { self.description = description }
}

/// The repository's root folder, found from this file's place in it.
public enum RepositoryRoot {
  public static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
}

/// `scripts/smtp_server.py` (aiosmtpd) as a subprocess on a free port with its own spool.
/// Without python3 or aiosmtpd, `start` throws and the test fails saying so; it never skips.
public final class SMTPTestServer: @unchecked Sendable {
  let process: Process
  public let port: Int
  public let spool: URL

  private init(process: Process, port: Int, spool: URL) {
    self.process = process
    self.port = port
    self.spool = spool
  }

  public static func start(_ options: [String] = []) async throws -> SMTPTestServer {
    let script = RepositoryRoot.url.appendingPathComponent("scripts/smtp_server.py")
    let spool = FileManager.default.temporaryDirectory.appendingPathComponent("podpora-smtp-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
    let errorLog = spool.appendingPathComponent("server-stderr.log")
    _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)

    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments =
      ["python3", script.path, "--host", "127.0.0.1", "--port", "0", "--spool", spool.path] + options
    let output = Pipe()
    process.standardOutput = output
    process.standardError = try FileHandle(forWritingTo: errorLog)
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw TestSetupError(description: "cannot run python3 for scripts/smtp_server.py: \(error)")
    }

    // Kill a server that does not come up, so that the blocking read below ends.
    let watchdog = DispatchWorkItem { [process] in if process.isRunning { process.terminate() } }
    DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: watchdog)
    let line = await withCheckedContinuation { continuation in
      DispatchQueue.global().async {
        continuation.resume(returning: readLine(output.fileHandleForReading))
      }
    }
    watchdog.cancel()
    guard let line, line.hasPrefix("READY "), let port = Int(line.dropFirst(6)) else {
      if process.isRunning { kill(process.processIdentifier, SIGKILL) }
      while process.isRunning { usleep(20_000) }
      let stderr = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
      throw TestSetupError(
        description: """
          scripts/smtp_server.py did not start (needs python3 and aiosmtpd: pip install aiosmtpd); \
          exit \(process.terminationStatus), stdout \(line ?? "<nothing>"), stderr: \(stderr)
          """)
    }
    return SMTPTestServer(process: process, port: port, spool: spool)
  }

  private static func readLine(_ handle: FileHandle) -> String? {
    var bytes: [UInt8] = []
    while true {
      let chunk = handle.readData(ofLength: 1)
      guard let byte = chunk.first else { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
      if byte == 0x0A { return String(decoding: bytes, as: UTF8.self) }
      bytes.append(byte)
    }
  }

  /// SIGTERM, then SIGKILL if the server has not gone after five seconds. Polls instead of
  /// `waitUntilExit()`, which on Linux spins the run loop and would wait forever for a server
  /// that ignores SIGTERM.
  public func stop() {
    if process.isRunning { process.terminate() }
    let deadline = Date().addingTimeInterval(5)
    while process.isRunning && Date() < deadline { usleep(20_000) }
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      while process.isRunning { usleep(20_000) }
    }
    try? FileManager.default.removeItem(at: spool)
  }

  public struct Delivered: Sendable {
    public var data: [UInt8]
    public var mailFrom: String
    public var rcptTos: [String]
    public var tls: Bool
    public var authLogin: String?
    public var authMechanism: String?
  }

  /// The messages accepted so far, in order.
  public func delivered() throws -> [Delivered] {
    var result: [Delivered] = []
    var sequence = 1
    while true {
      let json = spool.appendingPathComponent("\(sequence).json")
      guard FileManager.default.fileExists(atPath: json.path) else { return result }
      let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any] ?? [:]
      let data = try Data(contentsOf: spool.appendingPathComponent("\(sequence).eml"))
      let auth = meta["auth"] as? [String: Any]
      result.append(
        Delivered(
          data: [UInt8](data), mailFrom: meta["mail_from"] as? String ?? "",
          rcptTos: meta["rcpt_tos"] as? [String] ?? [],
          tls: meta["tls"] as? Bool ?? false, authLogin: auth?["login"] as? String,
          authMechanism: auth?["mechanism"] as? String))
      sequence += 1
    }
  }
}

/// A TCP socket on 127.0.0.1 that listens but never answers: the kernel completes connections,
/// so a client connects and then waits for a greeting that never comes.
public final class SilentListener {
  public let port: Int
  private let descriptor: Int32
  private var closed = false

  public init() throws {
    let fd = try SilentListener.tcpSocket()
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0, listen(fd, 8) == 0 else {
      _ = SilentListener.closeDescriptor(fd)
      throw TestSetupError(description: "bind/listen failed")
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    descriptor = fd
    port = Int(UInt16(bigEndian: address.sin_port))
  }

  public func close() {
    guard !closed else { return }
    closed = true
    _ = SilentListener.closeDescriptor(descriptor)
  }

  /// A new IPv4 TCP socket (the socket type's spelling differs between Glibc and Darwin).
  public static func tcpSocket() throws -> Int32 {
    #if canImport(Glibc)
      let socketType = Int32(SOCK_STREAM.rawValue)
    #else
      let socketType = SOCK_STREAM
    #endif
    let fd = socket(AF_INET, socketType, 0)
    guard fd >= 0 else { throw TestSetupError(description: "socket() failed") }
    return fd
  }

  private static func closeDescriptor(_ descriptor: Int32) -> Int32 {
    #if canImport(Glibc)
      Glibc.close(descriptor)
    #else
      Darwin.close(descriptor)
    #endif
  }

  deinit { close() }
}
