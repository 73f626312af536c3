import Testing

@testable import Mail

@Suite("SMTP URLs")
struct SMTPConfigurationTests {
  @Test("smtp:// defaults: port 25, STARTTLS when offered, verification on, no credentials")
  func smtpDefaults() throws {
    let configuration = try SMTPConfiguration(url: "smtp://mail.podpora.si")

    #expect(configuration.host == "mail.podpora.si")
    #expect(configuration.port == 25)
    #expect(configuration.security == .startTLSIfOffered)
    #expect(configuration.verifyCertificate)
    #expect(configuration.username == nil)
    #expect(configuration.password == nil)
    #expect(configuration.allowInsecureAuth == false)
  }

  @Test("smtps:// defaults to implicit TLS on 465; credentials are percent-decoded")
  func smtps() throws {
    let configuration = try SMTPConfiguration(url: "smtps://agent%40podpora.si:ge%3Aslo%20%C4%8D@smtp.podpora.si")

    #expect(configuration.port == 465)
    #expect(configuration.security == .implicitTLS)
    #expect(configuration.username == "agent@podpora.si")
    #expect(configuration.password == "ge:slo č")
    #expect(!configuration.description.contains("slo"))
  }

  @Test("Query parameters")
  func parameters() throws {
    let configuration = try SMTPConfiguration(
      url: "smtp://u:p@[::1]:2525?starttls=required&tls=insecure&auth=plain-insecure&helo=desk.podpora.si&timeout=5")

    #expect(configuration.host == "::1")
    #expect(configuration.port == 2525)
    #expect(configuration.security == .startTLSRequired)
    #expect(configuration.verifyCertificate == false)
    #expect(configuration.allowInsecureAuth)
    #expect(configuration.heloName == "desk.podpora.si")
    #expect(configuration.commandTimeout == .seconds(5))
    #expect(try SMTPConfiguration(url: "smtp://h?starttls=off").security == SMTPConfiguration.Security.none)
  }

  @Test(
    "Bad URLs name what is wrong",
    arguments: [
      ("http://mail.podpora.si", "unsupported scheme \"http\""),
      ("mail.podpora.si", "missing scheme"),
      ("smtp://", "missing host"),
      ("smtp://h:0", "port 0 is out of range"),
      ("smtp://h/path", "unexpected path"),
      ("smtp://h?starttls=maybe", "unsupported value \"maybe\" for starttls"),
      ("smtps://h?starttls=required", "starttls applies to smtp://"),
      ("smtp://h?foo=bar", "unknown parameter \"foo\""),
      ("smtp://h?timeout=-1", "timeout must be a whole number"),
      ("smtp://:secret@h", "a password needs a user name"),
      ("smtp://h:99999", "port"),
      ("smtp://exa mple", "not a valid URL"),
    ])
  func badURLs(_ url: String, _ expected: String) {
    #expect {
      try SMTPConfiguration(url: url)
    } throws: { error in
      guard let error = error as? SMTPConfigurationError else { return false }
      return error.message.contains(expected)
    }
  }

  @Test("Errors never show the password")
  func redaction() {
    #expect {
      try SMTPConfiguration(url: "smtp://agent:hunter2@h?foo=1")
    } throws: { error in
      "\(error)".contains("agent:***@h") && !"\(error)".contains("hunter2")
    }
  }

  @Test("Dot-stuffing and line-end normalisation of DATA")
  func dotStuffing() {
    let stuffed = SMTPData.dotStuffed(Array(".a\r\nb\n..c\rd".utf8))

    #expect(String(decoding: stuffed, as: UTF8.self) == "..a\r\nb\r\n...c\r\nd\r\n.\r\n")
  }
}
