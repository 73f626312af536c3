import Foundation
import Testing
import Vapor

import class TestSupport.SilentListener

@testable import App

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The app's real HTTP server on a free local port, spoken to over a plain TCP socket: the test sees the response
/// bytes exactly as a browser would, so a header split by CR/LF shows as the extra header it makes, which neither
/// the in-memory tester nor an HTTP client (which would refuse or follow it) shows.
enum RawHTTP {
  static func serving(_ app: Application, _ body: (Int) async throws -> Void) async throws {
    try await app.server.start(address: .hostname("127.0.0.1", port: 0))
    do {
      let port = try #require(app.http.server.shared.localAddress?.port)
      try await body(port)
    } catch {
      await app.server.shutdown()
      throw error
    }
    await app.server.shutdown()
  }

  /// Sends one request (`Connection: close` is added) and returns the response head: the status line and the
  /// header lines exactly as received, split at CR LF. The blocking socket calls run on a thread of their own:
  /// on the concurrency pool they would hold one of its few threads, which the server's own handlers need (with
  /// the whole suite running in parallel on two cores they starved).
  static func head(
    port: Int, _ method: String, _ target: String, headers: [(String, String)] = []
  ) async throws -> [String] {
    try await withCheckedThrowingContinuation { continuation in
      Thread {
        continuation.resume(with: Result { try blockingHead(port: port, method, target, headers: headers) })
      }.start()
    }
  }

  private static func blockingHead(
    port: Int, _ method: String, _ target: String, headers: [(String, String)] = []
  ) throws
    -> [String]
  {
    let fd = try SilentListener.tcpSocket()
    defer { _ = close(fd) }
    // Generous: the whole suite runs in parallel on two cores, where one debug-build request can take seconds.
    var timeout = timeval(tv_sec: 90, tv_usec: 0)
    _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else { throw TestSetupError("connect() to port \(port) failed") }
    var request = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
    for (name, value) in headers { request += "\(name): \(value)\r\n" }
    request += "\r\n"
    let bytes = Array(request.utf8)
    guard bytes.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == bytes.count else {
      throw TestSetupError("send() failed")
    }
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    var failure = "closed"
    while true {
      let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
      if count < 0 && errno == EINTR { continue }
      if count < 0 { failure = "errno \(errno)" }
      if count <= 0 { break }
      received += buffer[0..<count]
      if let end = received.firstRange(of: Array("\r\n\r\n".utf8)) {
        received = Array(received[..<end.lowerBound])
        break
      }
    }
    guard !received.isEmpty else { throw TestSetupError("no response from port \(port) (\(failure))") }
    return String(decoding: received, as: UTF8.self).components(separatedBy: "\r\n")
  }

  /// The values of every header line named `name` (case-insensitive) in a response head.
  static func values(_ name: String, in head: [String]) -> [String] {
    head.dropFirst().compactMap { line in
      guard let colon = line.firstIndex(of: ":"), line[..<colon].lowercased() == name.lowercased() else {
        return nil
      }
      return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
  }
}
