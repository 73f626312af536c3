import Foundation
import Testing

@testable import App

@Suite("Configuration: one typed place, bad values named")
struct ConfigurationTests {
  @Test("no variables: SQLite file in the working directory on 127.0.0.1:8080")
  func defaults() throws {
    let configuration = try AppConfiguration.parse([:], workingDirectory: "/srv/podpora")
    #expect(configuration.database == .sqliteFile(path: "/srv/podpora/podpora.sqlite"))
    #expect(configuration.host == "127.0.0.1")
    #expect(configuration.port == 8080)
    #expect(configuration.publicURL.absoluteString == "http://127.0.0.1:8080")
    #expect(configuration.dataDirectory == "/srv/podpora/data")
    #expect(configuration.smtpURL == nil)
  }

  @Test(
    "every bad value stops start-up naming its variable",
    arguments: [
      ("PORT", "0"), ("PORT", "eighty"), ("DATABASE_URL", "mysql://x/y"), ("DATABASE_URL", "sqlite://relative.db"),
      ("DATABASE_URL", "postgres://host-only"), ("PUBLIC_URL", "ftp://example.com"), ("SMTP_URL", "http://mail"),
      ("MAIL_FROM", "not an address"), ("LOG_LEVEL", "loud"), ("POLICY_FILE", "/nonexistent/policy.yaml"),
    ])
  func badValues(variable: String, value: String) {
    #expect {
      try AppConfiguration.parse([variable: value], workingDirectory: "/tmp")
    } throws: { error in
      (error as? ConfigurationError)?.variable == variable
    }
  }

  @Test("database URLs of every supported form")
  func databaseURLs() throws {
    #expect(
      try AppConfiguration.parseDatabase("sqlite:///var/lib/p.sqlite", workingDirectory: "/")
        == .sqliteFile(path: "/var/lib/p.sqlite"))
    #expect(try AppConfiguration.parseDatabase("sqlite::memory:", workingDirectory: "/") == .sqliteMemory)
    #expect(
      try AppConfiguration.parseDatabase("postgres://u:p@db:5432/podpora", workingDirectory: "/")
        == .postgres(url: "postgres://u:p@db:5432/podpora"))
  }

  @Test("a password in DATABASE_URL never reaches a message")
  func redaction() {
    #expect(AppConfiguration.redacted("postgres://u:secret@db/x") == "postgres://u:***@db/x")
  }

  @Test(".env lines: comments, export, quotes; the process environment wins")
  func dotEnv() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dotenv-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try "# comment\nexport PORT=9090\nMAIL_FROM=\"Podpora <help@example.si>\"\nHOST=0.0.0.0\n"
      .write(to: directory.appendingPathComponent(".env"), atomically: true, encoding: .utf8)
    let configuration = try AppConfiguration.load(environment: ["HOST": "127.0.0.2"], workingDirectory: directory.path)
    #expect(configuration.port == 9090)
    #expect(configuration.mailFrom == "Podpora <help@example.si>")
    #expect(configuration.host == "127.0.0.2")
  }

  @Test("a malformed .env line is named")
  func badDotEnv() {
    #expect(throws: ConfigurationError(variable: ".env", problem: "line 2 is not KEY=VALUE")) {
      try DotEnv.parse("PORT=1\nnonsense\n")
    }
  }
}
