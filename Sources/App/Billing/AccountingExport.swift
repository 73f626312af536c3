import Fluent
import Foundation
import SQLKit
import SupportPolicy
import Wording

/// The monthly file for the accounting system: UTF-8 CSV with the stable columns of `columns`, one row per item.
/// Exporting marks the items exported in the same transaction, so an item is in exactly one export: a second
/// export of the same month holds only what was billed (or settled from a dispute) since.
enum AccountingExport {
  /// Stable: the accounting system imports by position. Add columns only at the end.
  static let columns = [
    "tax_number", "request_number", "date", "program", "kind", "minutes", "units", "rate", "amount", "vat", "reasons",
  ]

  struct Result: Sendable, Equatable {
    var month: BillingMonth
    var csv: String
    var itemIDs: [Int]
  }

  /// Items billed in the month, not exported yet, not waived, and not under a dispute still open (its outcome
  /// may change the amount).
  static func export(
    month: BillingMonth, actor: String, now: Date, dialect: any DatabaseDialect, on db: any Database
  ) async throws -> Result {
    let (start, end) = month.interval()
    return try await dialect.writeTransaction(on: db) { db in
      let rows = try await db.sql.raw(
        """
        SELECT i.id FROM billable_items i
        WHERE i.created_at >= \(bind: start) AND i.created_at < \(bind: end) AND i.exported_at IS NULL
          AND i.status <> \(bind: BillableItemStatus.waived.rawValue)
          AND NOT EXISTS (SELECT 1 FROM billing_disputes d WHERE d.billable_item_id = i.id AND d.decided_at IS NULL)
        ORDER BY i.created_at, i.id \(unsafeRaw: dialect.rowLockClause)
        """
      ).all()
      let ids = try rows.map { try $0.decode(column: "id", as: Int.self) }
      let lines = try await BillingQueries.lines(
        BillableItem.query(on: db).filter(\.$id ~~ ids).sort(\.$createdAt).sort(\.$id), on: db)
      if !ids.isEmpty {
        try await BillableItem.query(on: db).filter(\.$id ~~ ids).set(\.$exportedAt, to: now).update()
      }
      try await Audit.record(
        "billing.exported", by: .named(actor), subject: "month:\(month)", details: ["items": ids.count], at: now,
        on: db)
      return Result(month: month, csv: csv(lines), itemIDs: ids)
    }
  }

  static func csv(_ lines: [ChargeLine], extraColumns: [(String, (ChargeLine) -> String)] = []) -> String {
    var text = CSV.line(columns + extraColumns.map(\.0))
    for line in lines {
      text += CSV.line(row(line) + extraColumns.map { $0.1(line) })
    }
    return text
  }

  static func row(_ line: ChargeLine) -> [String] {
    [
      line.taxNumber, line.requestNumber, ISO8601.localDate(of: line.billedAt).description, line.programCode,
      line.kind, String(line.minutes), String(line.units), Wording.decimal(cents: line.rateCents),
      Wording.decimal(cents: line.amountCents), Wording.decimal(cents: line.vatCents),
      line.reasons.map { "\($0.id): \($0.sl)" }.joined(separator: " | "),
    ]
  }

  /// A statement as CSV: the export's columns, then the item's status and the supervisor's note.
  static func statementCSV(_ lines: [ChargeLine]) -> String {
    csv(lines, extraColumns: [("status", { $0.status.rawValue }), ("note", { CSV.text($0.adjustmentReason ?? "") })])
  }
}
