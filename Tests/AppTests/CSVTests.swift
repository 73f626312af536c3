import Foundation
import Testing

@testable import App

@Suite("CSV for accounting: quoting, parsing and amounts")
struct CSVTests {
  @Test("fields with separators, quotes or line breaks are quoted; the rest are written as they are")
  func writing() {
    // Act
    let line = CSV.line(["SI12345678", "a, b", "say \"hi\"", "two\nlines", "60.00"])
    // Assert
    #expect(line == "SI12345678,\"a, b\",\"say \"\"hi\"\"\",\"two\nlines\",60.00\r\n")
    #expect(CSV.text("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")")
    #expect(CSV.text("Popust za zvestobo") == "Popust za zvestobo")
  }

  @Test("what is written parses back to the same fields, with the line each record starts on")
  func roundTrip() throws {
    // Arrange
    let rows = [["tax_number", "standing", "date"], ["SI1", "ok; \"fine\"", "two\nlines"], ["SI2", "", "x"]]
    let text = rows.map(CSV.line).joined()
    // Act
    let parsed = try CSV.parse(text, separator: ",")
    // Assert
    #expect(parsed.map(\.fields) == rows)
    #expect(parsed.map(\.line) == [1, 2, 4])
  }

  @Test("a stray or unclosed quote is an error naming the line", arguments: ["a,b\"c\n", "a,\"b\nc,d\n", "a,\"b\"c\n"])
  func brokenQuotes(_ text: String) {
    #expect(throws: CSV.Malformed.self) { try CSV.parse(text, separator: ",") }
  }
}
