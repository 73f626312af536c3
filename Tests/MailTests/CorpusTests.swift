import Foundation
import Testing

@testable import Mail

/// One message of the real-world corpus with the values Python's `email` package reads from it.
struct CorpusCase: Sendable, CustomTestStringConvertible {
  let values: [String: String]
  var file: String { values["file"] ?? "?" }
  var testDescription: String { file }
  var hasCaveat: Bool { !(values["caveat"] ?? "").isEmpty }
  subscript(_ column: String) -> String { values[column] ?? "" }

  static let all: [CorpusCase] = {
    guard let data = try? Data(contentsOf: Fixtures.directory.appendingPathComponent("corpus/expected.csv")) else {
      return []
    }
    return CSV.parse(String(decoding: data, as: UTF8.self)).map(CorpusCase.init)
  }()
}

/// Where this parser deliberately reads a message differently from Python's `email` package,
/// field by field, with what it reads instead. Every other field must equal expected.csv, caveat
/// or not: on the caveat messages (where independent parsers disagree) the values below are the
/// reading this parser stands by, so a change in them still fails the test.
private let deviations: [String: [String: (value: String, why: String)]] = [
  "cpython_msg_02.eml": [
    "n_attachments": (
      "7",
      """
      Python's iter_attachments() looks only at the top level and counts the multipart/digest \
      container as one attachment; this parser lists the digest's five message/rfc822 parts (each \
      a .eml) and the two further text/plain parts, every leaf that is not the body.
      """
    )
  ],
  "cpython_msg_12a.eml": [
    "n_attachments": (
      "4",
      "Python counts the nested multipart/mixed as one attachment; this parser lists its two text/plain leaves."
    )
  ],
  "cpython_msg_46.eml": [
    "n_attachments": (
      "1",
      """
      The whole message is a message/rfc822 (a GroupWise forward). Python's iter_attachments() only \
      looks inside multiparts and returns nothing; this parser offers the forwarded message as \
      GroupwiseForwardingTest.eml so that its content reaches the agent.
      """
    )
  ],
  "phpmimemail_issue133.eml": [
    "attachment_filenames": (
      #"["attach_01"]"#,
      """
      The unquoted "filename=attach/01" holds a "/", which ends an RFC 2045 token: Python stops \
      there ("attach"). This parser keeps the whole value and replaces the path separator so that \
      the name is safe to store.
      """
    )
  ],
  "mimekit_issue358.eml": [
    "from_addr": (
      "jang.abcdef@xyzlinux12345678.it",
      """
      From is "jang.abcdef@xyzlinu <jang.abcdef@xyzlinux12345678.it>": Python takes the unquoted \
      phrase with an "@" for the address; this parser takes the angle address, as RFC 5322 reads it.
      """
    ),
    "from_display_name": ("jang.abcdef@xyzlinu", "The phrase before the angle address is the display name."),
    "body_plain_sha256_lf": (
      SHA256.hex(Array("Test headers\n\n".utf8)),
      """
      The header block has a line without a colon ("P8FxVks…", a value whose fold lost its leading \
      whitespace). Python ends the headers there and sees a text/plain message whose body is the \
      rest of the headers and the raw MIME (3773 characters). This parser keeps the line with the \
      field before it (with a warning), reads the multipart/alternative that the remaining headers \
      declare, and takes its text/plain part.
      """
    ),
    "body_plain_len_lf": ("14", "See body_plain_sha256_lf."),
  ],
  "rubymail_rfc6532_utf8_headers.eml": [
    "from_addr": (
      "jdöe@mächine.example",
      "Raw UTF-8 in From: Python returns surrogate escapes; this parser reads it as UTF-8 (RFC 6532)."
    ),
    "from_display_name": ("Jöhn Doe", "As from_addr."),
  ],
]

@Suite("Real-world corpus against Python's email package")
struct CorpusTests {
  @Test("The corpus and its expectations are present")
  func corpusIsPresent() throws {
    #expect(CorpusCase.all.count == 31)
    for corpusCase in CorpusCase.all {
      let bytes = try Fixtures.bytes("corpus/\(corpusCase.file)")
      #expect(SHA256.hex(bytes) == corpusCase["sha256"], "fixture \(corpusCase.file) differs from the corpus")
    }
  }

  @Test("Headers, body and attachments match", arguments: CorpusCase.all)
  func message(_ corpusCase: CorpusCase) throws {
    let bytes = try Fixtures.bytes("corpus/\(corpusCase.file)")

    let message = MIMEParser().parse(bytes)

    let overrides = deviations[corpusCase.file] ?? [:]
    func expected(_ column: String) -> String { overrides[column]?.value ?? corpusCase[column] }
    #expect((message.from?.address ?? "") == expected("from_addr"))
    #expect((message.from?.name ?? "") == expected("from_display_name"))
    #expect((message.subject ?? "") == expected("subject"))
    #expect(message.messageID == ids(expected("message_id")).first)
    #expect(message.inReplyTo == ids(expected("in_reply_to")).first)
    #expect(message.references == ids(expected("references")))
    #expect(message.date.map(MailDate.iso8601) == isoDate(expected("date_utc")))

    let named = message.attachments.filter { $0.contentType != "message/rfc822" && $0.filename != nil }
    #expect(named.compactMap(\.filename) == jsonStrings(expected("attachment_filenames")))
    #expect(named.map(\.size) == jsonInts(expected("attachment_decoded_sizes")))
    #expect(message.attachments.count == Int(expected("n_attachments")))

    if corpusCase["has_plain_body"] == "True" {
      #expect(SHA256.hex(Array(message.text.utf8)) == expected("body_plain_sha256_lf"))
      #expect(message.text.unicodeScalars.count == Int(expected("body_plain_len_lf")))
    } else if let html = message.html {
      // No text/plain part: the text is made from the HTML.
      #expect(message.text == HTMLText.toText(html))
      #expect(!message.text.isEmpty)
    } else {
      #expect(message.text.isEmpty)
    }
  }

  private func ids(_ value: String) -> [String] {
    MessageIDs.parse(value)
  }

  private func isoDate(_ value: String) -> String? {
    guard !value.isEmpty else { return nil }
    return value.replacingOccurrences(of: "+00:00", with: "Z")
  }

  private func jsonStrings(_ value: String) -> [String] {
    (try? JSONDecoder().decode([String].self, from: Data(value.utf8))) ?? []
  }

  private func jsonInts(_ value: String) -> [Int] {
    (try? JSONDecoder().decode([Int].self, from: Data(value.utf8))) ?? []
  }
}
