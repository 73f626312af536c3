import Fluent
import Foundation
import SupportPolicy

/// Customers dispute a charge within `BillingRules.disputeWindowDays`; a supervisor upholds, adjusts or waives it
/// with a note the customer reads. Each step is one transaction and audited.
enum Disputes {
  static func file(
    itemID: Int, reason raw: String, by viewer: ContactViewer, now: Date, dialect: any DatabaseDialect,
    on db: any Database
  ) async throws {
    // Whose charge it is comes before what the form says, so a stranger learns nothing from a validation error.
    guard try await BillingQueries.charge(id: itemID, visibleTo: viewer, on: db) != nil else {
      throw Billing.itemNotFound
    }
    let reason = try RequestWork.text(raw, field: "reason", limit: Billing.reasonLimit)
    try await dialect.writeTransaction(on: db) { db in
      // The same lookup as the page: another organisation's or another member's charge is "not found".
      guard let line = try await BillingQueries.charge(id: itemID, visibleTo: viewer, on: db) else {
        throw Billing.itemNotFound
      }
      _ = try await Billing.lockedItem(itemID, dialect: dialect, on: db)
      if line.dispute != nil {
        throw WorkspaceError.conflict("Ugovor za to postavko je že vložen.", "This charge has already been disputed.")
      }
      if line.status == .waived {
        throw WorkspaceError.conflict("Postavka je odpisana, zato ugovor ni potreben.", "The charge was waived.")
      }
      guard BillingRules.canDispute(billedAt: line.billedAt, now: now) else {
        let last = line.lastDisputeDay
        throw WorkspaceError.conflict(
          "Rok za ugovor (\(BillingRules.disputeWindowDays) dni) je potekel \(last.day). \(last.month). \(last.year).",
          "The \(BillingRules.disputeWindowDays)-day period for disputes ended on \(last).")
      }
      let dispute = BillingDispute()
      dispute.$item.id = itemID
      dispute.$contact.id = viewer.id
      dispute.reason = reason
      dispute.filedAt = now
      try await dispute.create(on: db)
      try await Audit.record(
        "billing.disputed", by: .contact(email: viewer.email), subject: "billable_item:\(itemID)",
        details: ["reason": reason], at: now, on: db)
    }
  }

  /// Records the supervisor's outcome; `adjusted` changes the item as `Billing.adjust` does, `waived` waives it.
  static func decide(
    itemID: Int, outcome: DisputeOutcome, note raw: String, adjustment: Billing.Adjustment, in context: WorkContext,
    on db: any Database
  ) async throws {
    let note = try RequestWork.text(raw, field: "note", limit: Billing.reasonLimit)
    try await context.dialect.writeTransaction(on: db) { db in
      let item = try await Billing.lockedItem(itemID, dialect: context.dialect, on: db)
      guard let dispute = try await BillingDispute.query(on: db).filter(\.$item.$id == itemID).first() else {
        throw WorkspaceError(kind: .notFound, field: nil, sl: "Ugovora ni.", en: "There is no such dispute.")
      }
      guard dispute.decidedAt == nil else {
        throw WorkspaceError.conflict("O ugovoru je že odločeno.", "The dispute has already been decided.")
      }
      switch outcome {
      case .upheld: break
      case .adjusted: try await Billing.applyAdjustment(item, adjustment, reason: note, in: context, on: db)
      case .waived: try await Billing.applyWaiver(item, reason: note, in: context, on: db)
      }
      dispute.outcome = outcome
      dispute.outcomeNote = note
      dispute.$decidedBy.id = context.staff.id
      dispute.decidedAt = context.now
      try await dispute.save(on: db)
      try await Billing.audit(
        "billing.dispute-decided", item, before: Billing.snapshot(item), reason: note,
        extra: ["outcome": outcome.rawValue], in: context, on: db)
    }
  }
}
