import Foundation

/// Test fixtures live beside the tests and are found from this file's path, so the package needs
/// no resource bundle.
enum Fixtures {
  static let directory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // Support
    .deletingLastPathComponent()  // MailTests
    .appendingPathComponent("Fixtures")

  /// The repository root (Tests/MailTests/Support/ is three levels down).
  static let repositoryRoot =
    directory
    .deletingLastPathComponent()  // MailTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()

  static func bytes(_ relativePath: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: directory.appendingPathComponent(relativePath)))
  }
}

/// A minimal RFC 4180 reader for the corpus expectations.
enum CSV {
  static func parse(_ text: String) -> [[String: String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var inQuotes = false
    var iterator = Array(text.unicodeScalars).makeIterator()
    var pending: Unicode.Scalar? = nil
    func next() -> Unicode.Scalar? {
      if let scalar = pending {
        pending = nil
        return scalar
      }
      return iterator.next()
    }
    while let scalar = next() {
      if inQuotes {
        if scalar == "\"" {
          if let following = next() {
            if following == "\"" {
              field.unicodeScalars.append("\"")
            } else {
              inQuotes = false
              pending = following
            }
          } else {
            inQuotes = false
          }
        } else {
          field.unicodeScalars.append(scalar)
        }
      } else if scalar == "\"" {
        inQuotes = true
      } else if scalar == "," {
        row.append(field)
        field = ""
      } else if scalar == "\n" {
        row.append(field)
        rows.append(row)
        row = []
        field = ""
      } else if scalar != "\r" {
        field.unicodeScalars.append(scalar)
      }
    }
    if !field.isEmpty || !row.isEmpty {
      row.append(field)
      rows.append(row)
    }
    guard let header = rows.first else { return [] }
    return rows.dropFirst().map { values in
      var record: [String: String] = [:]
      for (index, name) in header.enumerated() { record[name] = index < values.count ? values[index] : "" }
      return record
    }
  }
}
