import Foundation
import Testing

@testable import Mail

@Suite("Malformed input and limits")
struct RobustnessTests {
  @Test("Empty input")
  func empty() {
    let message = MIMEParser().parse([])

    #expect(message.text.isEmpty)
    #expect(message.from == nil)
    #expect(message.warnings == ["empty message"])
  }

  @Test("Headers only, no body and no blank line")
  func headerOnly() {
    let message = MIMEParser().parse(Array("From: ana@demo.si\r\nSubject: brez telesa".utf8))

    #expect(message.subject == "brez telesa")
    #expect(message.from?.address == "ana@demo.si")
    #expect(message.text.isEmpty)
  }

  @Test("A body with no headers at all")
  func noHeaders() {
    let message = MIMEParser().parse(Array("samo besedilo\nbrez glave\n".utf8))

    #expect(message.text == "samo besedilo\nbrez glave\n")
    #expect(message.warnings.contains("no header fields found"))
  }

  @Test("Garbage bytes give a result, never a crash", arguments: [0, 1, 2, 3, 4, 5, 6, 7])
  func garbage(_ seed: Int) {
    var generator = SplitMix(seed: UInt64(seed))
    let alphabet = Array("--=?:;\"<>()\r\n \tabcQB_=XY/\\*'%0123456789boundary=multipartContent-Type".utf8)
    let bytes = (0..<4_096).map { index -> UInt8 in
      let value = generator.next()
      return index % 3 == 0 ? UInt8(truncatingIfNeeded: value) : alphabet[Int(value % UInt64(alphabet.count))]
    }

    let message = MIMEParser().parse(bytes)

    #expect(message.warnings.count <= WarningLog.cap + 1)
    #expect(!parseCommandJSON(message).isEmpty)
  }

  @Test("Header size limit stops reading with a warning")
  func headerLimit() {
    let headers = (0..<100).map { "X-Polnilo-\($0): \(String(repeating: "x", count: 50))\n" }.joined()
    let bytes = Array(("Subject: prvi\n" + headers + "\ntelo").utf8)

    let message = MIMEParser(limits: MIMELimits(maxHeaderBytes: 1_000)).parse(bytes)

    #expect(message.subject == "prvi")
    #expect(message.headerFields.count < 20)
    #expect(message.text.isEmpty)
    #expect(message.warnings.contains("header size limit reached; the rest of the message was not read"))
  }

  @Test("Part count limit stops reading with a warning")
  func partLimit() {
    let parts = (0..<50).map { "--b\nContent-Type: application/octet-stream\n\npart \($0)\n" }.joined()
    let bytes = Array(("Content-Type: multipart/mixed; boundary=b\n\n" + parts + "--b--\n").utf8)

    let message = MIMEParser(limits: MIMELimits(maxParts: 10)).parse(bytes)

    #expect(message.attachments.count == 9)
    #expect(message.warnings.contains("part count limit (10) reached; the remaining parts were not read"))
  }

  @Test("Nesting depth limit stops reading with a warning")
  func depthLimit() {
    var body = "Content-Type: text/plain\n\nnajgloblje\n"
    for level in (0..<40).reversed() {
      body = "Content-Type: multipart/mixed; boundary=b\(level)\n\n--b\(level)\n" + body + "--b\(level)--\n"
    }

    let message = MIMEParser(limits: MIMELimits(maxDepth: 5)).parse(Array(body.utf8))

    #expect(message.text.isEmpty)
    #expect(message.warnings.contains("nesting depth limit (5) reached; deeper parts were not read"))
  }

  @Test("Deep nesting within the default limit is read")
  func deepNestingRead() {
    var body = "Content-Type: text/plain\n\nnajgloblje"
    for level in (0..<20).reversed() {
      body = "Content-Type: multipart/mixed; boundary=b\(level)\n\n--b\(level)\n" + body + "\n--b\(level)--\n"
    }

    let message = MIMEParser().parse(Array(body.utf8))

    #expect(message.text == "najgloblje")
  }

  @Test("Decoded size limit truncates with a warning")
  func decodedLimit() {
    let payload = String(repeating: "QUJD", count: 1_000)
    let bytes = Array(
      ("Content-Type: multipart/mixed; boundary=b\n\n--b\n\nbesedilo\n--b\nContent-Transfer-Encoding: base64\n"
        + "Content-Disposition: attachment; filename=a.bin\n\n\(payload)\n--b\n"
        + "Content-Disposition: attachment; filename=b.bin\n\nxyz\n--b--\n").utf8)

    let message = MIMEParser(limits: MIMELimits(maxDecodedBytes: 1_000)).parse(bytes)

    #expect(message.text == "besedilo")
    #expect(message.attachments.map(\.filename) == ["a.bin"])
    #expect(message.attachments.first?.size == 1_000 - "besedilo".utf8.count)
    #expect(message.warnings.contains("decoded size limit (1000 bytes) reached; content truncated"))
  }

  @Test("Many boundaries in a large message parse quickly")
  func manyParts() {
    let parts = (0..<900).map { "--b\nContent-Disposition: attachment; filename=\($0).txt\n\n\($0)\n" }.joined()
    let bytes = Array(("Content-Type: multipart/mixed; boundary=b\n\n" + parts + "--b--\n").utf8)
    let started = ContinuousClock.now

    let message = MIMEParser().parse(bytes)

    #expect(message.attachments.count == 900)
    #expect(ContinuousClock.now - started < .seconds(5))
  }

  @Test("Junk lines in the header block")
  func junkHeaderLines() {
    let message = MIMEParser().parse(
      Array("  zacetni nadaljevalni\nSubject: a\nbrez dvopicja\nFrom: b@c.si\n\ntelo".utf8))

    #expect(message.subject == "a brez dvopicja")
    #expect(message.from?.address == "b@c.si")
    #expect(message.text == "telo")
    #expect(message.warnings.contains("header block starts with a continuation line; ignored"))
    #expect(message.warnings.contains("malformed header line kept as a continuation"))
  }

  @Test("A missing blank line after the headers starts the body")
  func missingBlankLine() {
    let message = MIMEParser().parse(Array("Subject: a\nTo je telo.\nDruga vrstica.\n".utf8))

    #expect(message.subject == "a")
    #expect(message.text == "To je telo.\nDruga vrstica.\n")
    #expect(message.warnings.contains("header block not ended by a blank line"))
  }
}

/// A tiny deterministic generator so that the garbage tests are reproducible.
struct SplitMix {
  var state: UInt64

  init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

  mutating func next() -> UInt64 {
    state = state &+ 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
