import Foundation

/// RFC 4180 CSV: fields quoted when they must be, CRLF between records.
enum CSV {
  static func line(_ fields: [String]) -> String {
    fields.map(field).joined(separator: ",") + "\r\n"
  }

  static func field(_ value: String) -> String {
    guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == ";" || $0.isNewline }) else { return value }
    return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// Free text typed by people (a supervisor's note) as a spreadsheet must show it: a leading `=`, `+`, `-` or `@`
  /// would otherwise be run as a formula when the customer opens the file.
  static func text(_ value: String) -> String {
    guard let first = value.first, "=+-@\t\r".contains(first) else { return value }
    return "'" + value
  }

  struct Malformed: Error, Equatable {
    var line: Int
    var problem: String
  }

  /// Parses records; quoted fields may hold separators, quotes (doubled) and line breaks. A stray quote or a
  /// quote left open is an error naming the line, because guessing would import the wrong values.
  static func parse(_ text: String, separator: Character) throws(Malformed) -> [(line: Int, fields: [String])] {
    var records: [(Int, [String])] = []
    var fields: [String] = []
    var field = ""
    var quoted = false
    var fieldStarted = false
    var afterQuote = false
    var line = 1
    var recordLine = 1
    var chars = Array(text)
    if chars.last?.isNewline != true { chars.append("\n") }
    var index = 0
    while index < chars.count {
      let c = chars[index]
      index += 1
      if quoted {
        if c == "\"" {
          if index < chars.count, chars[index] == "\"" {
            field.append("\"")
            index += 1
          } else {
            quoted = false
            afterQuote = true
          }
        } else {
          if c.isNewline { line += 1 }
          field.append(c)
        }
        continue
      }
      if c == separator {
        fields.append(field)
        field = ""
        fieldStarted = false
        afterQuote = false
      } else if c.isNewline {
        fields.append(field)
        if !(fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty) {
          records.append((recordLine, fields))
        }
        fields = []
        field = ""
        fieldStarted = false
        afterQuote = false
        line += 1
        recordLine = line
      } else if c == "\"" {
        guard !fieldStarted, !afterQuote else {
          throw Malformed(line: line, problem: "a quote inside an unquoted field")
        }
        quoted = true
        fieldStarted = true
      } else {
        if afterQuote, !c.isWhitespace {
          throw Malformed(line: line, problem: "text after a closing quote")
        }
        if !c.isWhitespace { fieldStarted = true }
        field.append(c)
      }
    }
    if quoted { throw Malformed(line: recordLine, problem: "a quoted field is never closed") }
    return records
  }
}
