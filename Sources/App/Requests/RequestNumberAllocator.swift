import Fluent
import Foundation
import SQLKit

/// Allocates request numbers of the form `YYYY-NNNNNN`, unique and gap-free per year.
///
/// Must run inside the transaction that inserts the request: the UPDATE takes the counter row's lock on
/// PostgreSQL (SQLite has a single writer), so two concurrent requests can never get the same number, and a
/// rolled-back request gives its number back.
public enum RequestNumberAllocator {
  public static func next(year: Int, on db: any Database) async throws -> String {
    let sql = db.sql
    try await sql.raw(
      "INSERT INTO request_number_counters (year, last_value) VALUES (\(bind: year), 0) ON CONFLICT (year) DO NOTHING"
    ).run()
    guard
      let row = try await sql.raw(
        "UPDATE request_number_counters SET last_value = last_value + 1 WHERE year = \(bind: year) RETURNING last_value"
      ).first()
    else {
      throw AllocationError.counterMissing(year)
    }
    let value = try row.decode(column: "last_value", as: Int.self)
    return format(year: year, sequence: value)
  }

  public static func format(year: Int, sequence: Int) -> String {
    let digits = String(sequence)
    return "\(year)-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
  }

  enum AllocationError: Error {
    case counterMissing(Int)
  }
}
