import Foundation
import Testing

@testable import Mail

@Suite("podpora mail parse JSON")
struct ParseCommandJSONTests {
  @Test("Exact shape: sorted keys, explicit nulls, ISO 8601 date, attachment sizes")
  func shape() throws {
    let message = MIMEParser().parse(try Fixtures.bytes("handmade/sl-attachment-rfc2231.eml"))

    let json = parseCommandJSON(message)
    let object = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])

    #expect(
      object.keys.sorted()
        == [
          "attachments", "date", "from", "html", "inReplyTo", "messageId", "references", "subject", "text", "to",
          "warnings",
        ])
    #expect(object["html"] is NSNull)
    #expect(object["messageId"] is NSNull)
    #expect(object["inReplyTo"] is NSNull)
    #expect(object["date"] as? String == "2026-03-09T07:00:00Z")
    #expect(object["subject"] as? String == "Račun v prilogi")
    let from = try #require(object["from"] as? [String: Any])
    #expect(from["name"] is NSNull)
    #expect(from["address"] as? String == "ana@demo.si")
    let attachments = try #require(object["attachments"] as? [[String: Any]])
    #expect(attachments.first?["filename"] as? String == "račun_št_5.pdf")
    #expect(attachments.first?["contentType"] as? String == "application/pdf")
    #expect(attachments.first?["size"] as? Int == 272)
    #expect(json.contains("\"attachments\" : [") && json.hasPrefix("{\n"))
  }

  @Test("Same input, same bytes")
  func stable() throws {
    let bytes = try Fixtures.bytes("handmade/nested.eml")

    #expect(parseCommandJSON(MIMEParser().parse(bytes)) == parseCommandJSON(MIMEParser().parse(bytes)))
  }

  @Test("A message without From, Date or Subject gives nulls")
  func nulls() throws {
    let json = parseCommandJSON(MIMEParser().parse(Array("\nbody".utf8)))
    let object = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])

    #expect(object["from"] is NSNull)
    #expect(object["subject"] is NSNull)
    #expect(object["date"] is NSNull)
    #expect(object["text"] as? String == "body")
    #expect((object["to"] as? [Any])?.isEmpty == true)
  }
}
