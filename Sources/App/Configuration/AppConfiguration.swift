import Foundation
import Logging
import SupportPolicy

/// Every setting Podpora reads from its environment, parsed and checked in this one place.
///
/// Values come from the process environment first, then from an optional `.env` file in the
/// working directory. A value that cannot be used stops start-up with a message naming the variable,
/// so an operator never has to guess which setting is wrong.
public struct AppConfiguration: Sendable {
  public enum DatabaseLocation: Sendable, Equatable {
    case sqliteFile(path: String)
    case sqliteMemory
    case postgres(url: String)
  }

  public var database: DatabaseLocation
  public var host: String
  public var port: Int
  public var publicURL: URL
  public var smtpURL: String?
  public var mailFrom: String
  public var dataDirectory: String
  public var logLevel: Logger.Level
  public var policyFile: String?
  /// Where the app's clock starts (it then runs in real time); nil: the system clock.
  public var clockStart: Date? = nil

  /// The variables this type reads, with their documentation; the README's table is written from this list.
  public static let variables: [(name: String, meaning: String, defaultValue: String)] = [
    (
      "DATABASE_URL", "`sqlite:///absolute/path.sqlite`, `sqlite::memory:` or `postgres://user:pass@host:5432/db`",
      "SQLite file `podpora.sqlite` in the working directory"
    ),
    ("HOST", "address the HTTP server binds to", "127.0.0.1"),
    ("PORT", "TCP port of the HTTP server (1–65535)", "8080"),
    (
      "PUBLIC_URL", "the address customers use, for links in e-mail; `https://` makes cookies Secure",
      "http://HOST:PORT"
    ),
    (
      "SMTP_URL", "`smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`",
      "none: outgoing mail is written as .eml files under DATA_DIR/outbox"
    ),
    ("MAIL_FROM", "sender address of outgoing mail", "podpora@localhost"),
    ("DATA_DIR", "folder for attachments and the outgoing-mail folder", "`data` in the working directory"),
    ("LOG_LEVEL", "trace, debug, info, notice, warning, error or critical", "info"),
    ("POLICY_FILE", "path of the support-policy file (YAML or JSON)", "built-in defaults of POLICY.md"),
    (
      "CLOCK_START",
      "an ISO 8601 instant with offset that the app's clock starts from, then runs in real time "
        + "(demos and browser tests at a fixed hour)", "the system clock"
    ),
  ]

  public static func load(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    workingDirectory: String = FileManager.default.currentDirectoryPath
  ) throws -> AppConfiguration {
    try parse(merged(environment, workingDirectory: workingDirectory), workingDirectory: workingDirectory)
  }

  /// Only POLICY_FILE, for the policy and calendar commands, which need no database or server settings.
  public static func loadPolicyFile(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    workingDirectory: String = FileManager.default.currentDirectoryPath
  ) throws -> String? {
    let env = try merged(environment, workingDirectory: workingDirectory)
    return try parsePolicyFile(
      env["POLICY_FILE"]?.trimmingCharacters(in: .whitespaces), workingDirectory: workingDirectory)
  }

  static func merged(_ environment: [String: String], workingDirectory: String) throws -> [String: String] {
    var merged = environment
    let dotEnvPath = (workingDirectory as NSString).appendingPathComponent(".env")
    if let contents = try? String(contentsOfFile: dotEnvPath, encoding: .utf8) {
      for (key, value) in try DotEnv.parse(contents) where merged[key] == nil {
        merged[key] = value
      }
    }
    return merged
  }

  static func parsePolicyFile(_ raw: String?, workingDirectory: String) throws -> String? {
    guard let raw, !raw.isEmpty else { return nil }
    let path = raw.hasPrefix("/") ? raw : (workingDirectory as NSString).appendingPathComponent(raw)
    guard FileManager.default.isReadableFile(atPath: path) else {
      throw ConfigurationError(variable: "POLICY_FILE", problem: "names a file that cannot be read: \(path)")
    }
    return path
  }

  public static func parse(_ env: [String: String], workingDirectory: String) throws -> AppConfiguration {
    func value(_ name: String) -> String? {
      guard let raw = env[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
      return raw
    }

    let database = try parseDatabase(value("DATABASE_URL"), workingDirectory: workingDirectory)
    let host = value("HOST") ?? "127.0.0.1"
    guard !host.contains(where: { $0.isWhitespace || $0 == "/" }) else {
      throw ConfigurationError(variable: "HOST", problem: "is not a host name or address: \(host)")
    }
    var port = 8080
    if let raw = value("PORT") {
      guard let parsed = Int(raw), (1...65535).contains(parsed) else {
        throw ConfigurationError(variable: "PORT", problem: "must be a whole number from 1 to 65535, not \(raw)")
      }
      port = parsed
    }
    let publicURL: URL
    if let raw = value("PUBLIC_URL") {
      guard let url = URL(string: raw), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
        url.host?.isEmpty == false
      else {
        throw ConfigurationError(variable: "PUBLIC_URL", problem: "must be an http:// or https:// address, not \(raw)")
      }
      publicURL = url
    } else {
      publicURL = URL(string: "http://\(host):\(port)")!
    }
    var smtpURL: String?
    if let raw = value("SMTP_URL") {
      guard let url = URL(string: raw), let scheme = url.scheme?.lowercased(), ["smtp", "smtps"].contains(scheme),
        url.host?.isEmpty == false
      else {
        throw ConfigurationError(variable: "SMTP_URL", problem: "must look like smtp://host:587 or smtps://host:465")
      }
      smtpURL = raw
    }
    let mailFrom = value("MAIL_FROM") ?? "podpora@localhost"
    guard EmailAddress.isPlausible(mailFrom) else {
      throw ConfigurationError(variable: "MAIL_FROM", problem: "is not an e-mail address: \(mailFrom)")
    }
    var dataDirectory = value("DATA_DIR") ?? "data"
    if !dataDirectory.hasPrefix("/") {
      dataDirectory = (workingDirectory as NSString).appendingPathComponent(dataDirectory)
    }
    var logLevel = Logger.Level.info
    if let raw = value("LOG_LEVEL") {
      guard let level = Logger.Level(rawValue: raw.lowercased()) else {
        throw ConfigurationError(
          variable: "LOG_LEVEL", problem: "must be trace, debug, info, notice, warning, error or critical, not \(raw)")
      }
      logLevel = level
    }
    let policyFile = try parsePolicyFile(value("POLICY_FILE"), workingDirectory: workingDirectory)
    var clockStart: Date?
    if let raw = value("CLOCK_START") {
      guard let start = ISO8601.parse(raw) else {
        throw ConfigurationError(
          variable: "CLOCK_START", problem: "must be an ISO 8601 instant such as 2026-11-25T10:00:00+01:00, not \(raw)")
      }
      clockStart = start
    }
    return AppConfiguration(
      database: database, host: host, port: port, publicURL: publicURL, smtpURL: smtpURL, mailFrom: mailFrom,
      dataDirectory: dataDirectory, logLevel: logLevel, policyFile: policyFile, clockStart: clockStart)
  }

  static func parseDatabase(_ raw: String?, workingDirectory: String) throws -> DatabaseLocation {
    guard let raw else {
      return .sqliteFile(path: (workingDirectory as NSString).appendingPathComponent("podpora.sqlite"))
    }
    if raw == "sqlite::memory:" || raw == "sqlite://:memory:" { return .sqliteMemory }
    if raw.hasPrefix("sqlite://") {
      let path = String(raw.dropFirst("sqlite://".count))
      guard path.hasPrefix("/"), path.count > 1 else {
        throw ConfigurationError(
          variable: "DATABASE_URL",
          problem: "a SQLite URL needs an absolute path, as in sqlite:///var/lib/podpora.sqlite")
      }
      return .sqliteFile(path: path)
    }
    if raw.hasPrefix("postgres://") || raw.hasPrefix("postgresql://") {
      guard let url = URLComponents(string: raw), url.host?.isEmpty == false else {
        throw ConfigurationError(variable: "DATABASE_URL", problem: "is not a valid postgres:// URL")
      }
      guard url.path.count > 1 else {
        throw ConfigurationError(
          variable: "DATABASE_URL", problem: "names no database (postgres://user@host:5432/NAME)")
      }
      return .postgres(url: raw)
    }
    throw ConfigurationError(
      variable: "DATABASE_URL", problem: "must start with sqlite:// or postgres:// (got \(Self.redacted(raw)))")
  }

  /// Hides a password in a URL so it never reaches a log or an error message.
  static func redacted(_ url: String) -> String {
    guard var components = URLComponents(string: url), components.password != nil else { return url }
    components.password = "***"
    return components.string ?? url
  }
}

public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
  public let variable: String
  public let problem: String
  public var description: String { "Configuration error: \(variable) \(problem)" }
}

enum DotEnv {
  /// Reads `KEY=VALUE` lines; `#` starts a comment; values may be wrapped in single or double quotes.
  static func parse(_ contents: String) throws -> [(String, String)] {
    var pairs: [(String, String)] = []
    for (index, rawLine) in contents.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
      if line.isEmpty || line.hasPrefix("#") { continue }
      let body = line.hasPrefix("export ") ? String(line.dropFirst(7)) : line
      guard let equals = body.firstIndex(of: "=") else {
        throw ConfigurationError(variable: ".env", problem: "line \(index + 1) is not KEY=VALUE")
      }
      let key = body[..<equals].trimmingCharacters(in: .whitespaces)
      var value = body[body.index(after: equals)...].trimmingCharacters(in: .whitespaces)
      if value.count >= 2, let first = value.first, first == value.last, first == "\"" || first == "'" {
        value = String(value.dropFirst().dropLast())
      }
      pairs.append((key, value))
    }
    return pairs
  }
}

enum EmailAddress {
  /// A deliberately loose check: one `@`, something on each side, no spaces. Real validation is delivery.
  static func isPlausible(_ value: String) -> Bool {
    let address: Substring
    if let open = value.lastIndex(of: "<"), let close = value.lastIndex(of: ">"), open < close {
      address = value[value.index(after: open)..<close]
    } else {
      address = Substring(value)
    }
    let parts = address.split(separator: "@", omittingEmptySubsequences: false)
    return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty && !address.contains(where: \.isWhitespace)
  }

  static func normalised(_ value: String) -> String {
    value.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
  }
}
