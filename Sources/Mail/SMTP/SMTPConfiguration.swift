import Foundation

/// A bad SMTP URL, with what is wrong in words an operator can act on.
public struct SMTPConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
  public let message: String
  public var description: String { message }
}

/// Where and how to send mail, usually read from one URL:
///
/// - `smtp://[user:password@]host[:port]` — port 25 by default; STARTTLS when the server offers it.
/// - `smtps://[user:password@]host[:port]` — TLS from the first byte, port 465 by default.
///
/// Query parameters: `starttls=required` (refuse to send in clear), `starttls=off`,
/// `tls=insecure` (do not verify the certificate: test servers only), `auth=plain-insecure`
/// (allow sending the password without TLS), `helo=NAME`, `timeout=SECONDS` (per command).
/// User and password are percent-decoded.
public struct SMTPConfiguration: Sendable, Equatable, CustomStringConvertible {
  public enum Security: Sendable, Equatable {
    /// Upgrade with STARTTLS when offered, else continue unencrypted.
    case startTLSIfOffered
    /// Fail unless STARTTLS succeeds.
    case startTLSRequired
    /// TLS from the start (smtps).
    case implicitTLS
    /// Never encrypt.
    case none
  }

  public var host: String
  public var port: Int
  public var security: Security
  public var verifyCertificate: Bool
  public var username: String?
  public var password: String?
  /// Allow AUTH on an unencrypted connection (`auth=plain-insecure`).
  public var allowInsecureAuth: Bool
  /// The name given in EHLO/HELO.
  public var heloName: String
  public var connectTimeout: Duration
  /// How long to wait for each reply (and for each write to go out).
  public var commandTimeout: Duration

  public init(
    host: String, port: Int = 25, security: Security = .startTLSIfOffered, verifyCertificate: Bool = true,
    username: String? = nil, password: String? = nil, allowInsecureAuth: Bool = false,
    heloName: String = SMTPConfiguration.defaultHeloName(), connectTimeout: Duration = .seconds(10),
    commandTimeout: Duration = .seconds(60)
  ) {
    self.host = host
    self.port = port
    self.security = security
    self.verifyCertificate = verifyCertificate
    self.username = username
    self.password = password
    self.allowInsecureAuth = allowInsecureAuth
    self.heloName = heloName
    self.connectTimeout = connectTimeout
    self.commandTimeout = commandTimeout
  }

  public init(url text: String) throws(SMTPConfigurationError) {
    func fail(_ message: String) -> SMTPConfigurationError {
      SMTPConfigurationError(message: "SMTP URL \"\(SMTPConfiguration.redacted(text))\": \(message)")
    }
    guard let components = URLComponents(string: text) else {
      throw fail("not a valid URL; expected smtp://[user:password@]host[:port] or smtps://…")
    }
    let scheme = components.scheme?.lowercased() ?? ""
    guard scheme == "smtp" || scheme == "smtps" else {
      throw fail(
        scheme.isEmpty
          ? "missing scheme; expected smtp:// or smtps://" : "unsupported scheme \"\(scheme)\"; expected smtp or smtps")
    }
    var host = components.host ?? ""
    if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    guard !host.isEmpty else { throw fail("missing host") }
    let port = components.port ?? (scheme == "smtps" ? 465 : 25)
    guard (1...65_535).contains(port) else { throw fail("port \(port) is out of range 1–65535") }
    guard components.path.isEmpty || components.path == "/" else {
      throw fail("unexpected path \"\(components.path)\"")
    }

    var security: Security = scheme == "smtps" ? .implicitTLS : .startTLSIfOffered
    var verify = true
    var allowInsecureAuth = false
    var heloName = SMTPConfiguration.defaultHeloName()
    var commandTimeout = Duration.seconds(60)
    for item in components.queryItems ?? [] {
      let value = item.value ?? ""
      switch (item.name.lowercased(), value.lowercased()) {
      case ("starttls", "required"):
        guard scheme == "smtp" else { throw fail("starttls applies to smtp://, not smtps://") }
        security = .startTLSRequired
      case ("starttls", "optional"), ("starttls", "auto"):
        guard scheme == "smtp" else { throw fail("starttls applies to smtp://, not smtps://") }
        security = .startTLSIfOffered
      case ("starttls", "off"), ("starttls", "never"):
        guard scheme == "smtp" else { throw fail("starttls applies to smtp://, not smtps://") }
        security = .none
      case ("tls", "insecure"):
        verify = false
      case ("tls", "verify"):
        verify = true
      case ("auth", "plain-insecure"):
        allowInsecureAuth = true
      case ("helo", _):
        guard !value.isEmpty, value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }) else {
          throw fail("helo must be a host name")
        }
        heloName = value
      case ("timeout", _):
        guard let seconds = Int(value), seconds > 0 else { throw fail("timeout must be a whole number of seconds") }
        commandTimeout = .seconds(seconds)
      case ("starttls", _), ("tls", _), ("auth", _):
        throw fail("unsupported value \"\(value)\" for \(item.name)")
      default:
        throw fail(
          "unknown parameter \"\(item.name)\"; known are starttls=required|optional|off, tls=insecure, "
            + "auth=plain-insecure, helo=NAME, timeout=SECONDS")
      }
    }
    let username = components.percentEncodedUser.map { $0.removingPercentEncoding ?? $0 }
    let password = components.percentEncodedPassword.map { $0.removingPercentEncoding ?? $0 }
    if password != nil && (username ?? "").isEmpty { throw fail("a password needs a user name") }

    self.init(
      host: host, port: port, security: security, verifyCertificate: verify,
      username: (username ?? "").isEmpty ? nil : username, password: password,
      allowInsecureAuth: allowInsecureAuth, heloName: heloName, commandTimeout: commandTimeout)
  }

  /// Never shows the password, so the configuration can be logged.
  public var description: String {
    let user = username.map { "\($0):***@" } ?? ""
    return "SMTP \(user)\(host):\(port) \(security)\(verifyCertificate ? "" : " (certificate not verified)")"
  }

  public static func defaultHeloName() -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
    let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return name.isEmpty ? "localhost" : name
  }

  private static func redacted(_ url: String) -> String {
    guard let at = url.lastIndex(of: "@"), let schemeEnd = url.range(of: "://"), schemeEnd.upperBound < at else {
      return url
    }
    let userInfo = url[schemeEnd.upperBound..<at]
    guard let colon = userInfo.firstIndex(of: ":") else { return url }
    return String(url[..<colon]) + ":***" + String(url[at...])
  }
}
