import Foundation
import Testing

@testable import Mail

@Suite("Transfer encodings, encoded words and parameters")
struct EncodingTests {
  private func qp(_ text: String) -> String {
    String(decoding: TransferEncoding.decodeQuotedPrintable(Array(text.utf8)[...]).bytes, as: UTF8.self)
  }

  private func base64(_ text: String) -> (String, Int) {
    let decoded = TransferEncoding.decodeBase64(Array(text.utf8))
    return (String(decoding: decoded.bytes, as: UTF8.self), decoded.problems)
  }

  @Test("Quoted-printable: soft breaks (CRLF, LF, with padding), escapes, lowercase hex")
  func quotedPrintable() {
    #expect(qp("ra=C4=8Dun=\r\nska") == "računska")
    #expect(qp("ra=c4=8dun=\nska") == "računska")
    #expect(qp("konec=  \r\nvrstice") == "konecvrstice")
    #expect(qp("zadnji=") == "zadnji")
    #expect(qp("a =3D b") == "a = b")
  }

  @Test("Quoted-printable: bad escapes are kept literally and counted")
  func quotedPrintableBad() {
    let decoded = TransferEncoding.decodeQuotedPrintable(Array("5=XY odstotkov =4".utf8)[...])

    #expect(String(decoding: decoded.bytes, as: UTF8.self) == "5=XY odstotkov =4")
    #expect(decoded.problems == 2)
  }

  @Test("Quoted-printable: overlong lines and bare 8-bit bytes pass through")
  func quotedPrintableTolerant() {
    let long = String(repeating: "x", count: 300)

    #expect(qp(long) == long)
    #expect(TransferEncoding.decodeQuotedPrintable([0xE8, 0x3D, 0x45, 0x38][...]).bytes == [0xE8, 0xE8])
  }

  @Test("Base64: missing padding, extra padding, junk, line breaks, concatenated chunks")
  func base64Tolerant() {
    #expect(base64("YWJjZA").0 == "abcd")
    #expect(base64("YWJjZA=").0 == "abcd")
    #expect(base64("YWJjZA====").0 == "abcd")
    #expect(base64("YW\r\nJj\nZA==").0 == "abcd")
    #expect(base64("YWJj*ZA==") == ("abcd", 1))
    #expect(base64("YWI=YWI=").0 == "abab")
    // One leftover character carries no full byte.
    #expect(base64("YWJjZ") == ("abc", 1))
  }

  @Test("Encoders round-trip through the decoders")
  func encoders() {
    let bytes = Array("Račun št. 5 = 100 €\r\n.vrstica\r\nFrom mene\r\nkonec s presledkom \r\n".utf8)
    let encoded = TransferEncoding.encodeQuotedPrintable(bytes)
    let lines = String(decoding: encoded, as: UTF8.self).components(separatedBy: "\r\n")

    #expect(TransferEncoding.decodeQuotedPrintable(encoded[...]).bytes == bytes)
    #expect(lines.allSatisfy { $0.utf8.count <= 76 })
    #expect(lines.contains("=46rom mene"))
    #expect(lines.contains("konec s presledkom=20"))
    let binary = (0...255).map { UInt8($0) }
    #expect(TransferEncoding.decodeBase64(TransferEncoding.encodeBase64(binary, lineLength: 76)).bytes == binary)
  }

  @Test("Long QP lines are broken at 76 characters")
  func quotedPrintableLineLength() {
    let text = Array(String(repeating: "čšž ", count: 60).utf8)

    let encoded = TransferEncoding.encodeQuotedPrintable(text)

    #expect(String(decoding: encoded, as: UTF8.self).components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 76 })
    #expect(TransferEncoding.decodeQuotedPrintable(encoded[...]).bytes == text)
  }

  @Test("Encoded words: whitespace between words dropped, around text kept")
  func encodedWordJoining() {
    let warnings = WarningLog()

    #expect(EncodedWords.decode("=?utf-8?q?a?= =?utf-8?q?b?=", warnings: warnings) == "ab")
    #expect(EncodedWords.decode("=?utf-8?q?a?=\r\n\t=?iso-8859-2?q?=E8?=", warnings: warnings) == "ač")
    #expect(EncodedWords.decode("x =?utf-8?q?a?= y", warnings: warnings) == "x a y")
    #expect(EncodedWords.decode("=?utf-8?q?a_b?=", warnings: warnings) == "a b")
    #expect(EncodedWords.decode("=?UTF-8*sl?B?xI0=?=", warnings: warnings) == "č")
    #expect(warnings.items.isEmpty)
  }

  @Test("Encoded words: malformed ones are left as text")
  func encodedWordMalformed() {
    let warnings = WarningLog()

    #expect(EncodedWords.decode("=?utf-8?x?abc?=", warnings: warnings) == "=?utf-8?x?abc?=")
    #expect(EncodedWords.decode("=?utf-8?q?no end", warnings: warnings) == "=?utf-8?q?no end")
    #expect(EncodedWords.decode("=??q?a?=", warnings: warnings) == "=??q?a?=")
    #expect(EncodedWords.decode("=?utf-8?q?a b?=", warnings: warnings) == "=?utf-8?q?a b?=")
  }

  @Test("Encoded words in an unknown charset stay raw with a warning")
  func encodedWordUnknownCharset() {
    let warnings = WarningLog()

    let decoded = EncodedWords.decode("Re: =?x-mars?q?abc?= ok", warnings: warnings)

    #expect(decoded == "Re: =?x-mars?q?abc?= ok")
    #expect(warnings.items == ["unknown charset \"x-mars\" in encoded word; kept raw"])
  }

  @Test("Encoded words with bytes invalid in their charset are replaced and reported")
  func encodedWordInvalidBytes() {
    let warnings = WarningLog()

    #expect(EncodedWords.decode("=?utf-8?q?a=FFb?=", warnings: warnings) == "a\u{FFFD}b")
    #expect(warnings.items.count == 1)
  }

  @Test("Encoding splits at character boundaries and decodes back")
  func encodedWordEncoding() {
    let text = "Račun št. 5 – ČŠŽ čšž, plačilo do 15. marca 2026 😀"

    let words = EncodedWords.encode(text)

    #expect(words.count > 1)
    #expect(words.allSatisfy { $0.utf8.count <= 75 })
    #expect(EncodedWords.decode(words.joined(separator: "\r\n "), warnings: WarningLog()) == text)
  }

  @Test("Parameters: quoting, escapes, comments, missing quotes, RFC 2047 inside")
  func parameters() {
    let warnings = WarningLog()

    let parsed = ParameterizedValue.parse(
      "Text/HTML (komentar); charset=\"UTF-8\"; name=\"a \\\"b\\\"; c.txt\"; format=flowed ;bad; "
        + "title=moj dokument.pdf; filename=\"=?utf-8?q?ra=C4=8Dun.pdf?=\"",
      warnings: warnings)

    #expect(parsed.value == "text/html")
    #expect(parsed.parameters["charset"] == "UTF-8")
    #expect(parsed.parameters["name"] == "a \"b\"; c.txt")
    #expect(parsed.parameters["format"] == "flowed")
    #expect(parsed.parameters["title"] == "moj dokument.pdf")
    #expect(parsed.parameters["filename"] == "račun.pdf")
  }

  @Test("RFC 2231: sections out of order, mixed encoded and plain, extended beats plain")
  func rfc2231() {
    let warnings = WarningLog()

    let parsed = ParameterizedValue.parse(
      "attachment; filename=\"fallback.pdf\"; filename*1=\"_%C5%A1t\"; filename*0*=UTF-8''ra%C4%8Dun; "
        + "filename*2*=_5.pdf",
      warnings: warnings)

    #expect(parsed.value == "attachment")
    // Section 1 is not encoded: its "%C5%A1" stays as written.
    #expect(parsed.parameters["filename"] == "račun_%C5%A1t_5.pdf")
  }
}
