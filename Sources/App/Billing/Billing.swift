import Fluent
import Foundation
import SQLKit
import SupportPolicy

/// One reason a charge was made, as the customer reads it: the rule id and its sentence in both languages (or a
/// supervisor's override reason, which has no rule).
struct ChargeReason: Codable, Sendable, Equatable {
  var id: String
  var sl: String
  var en: String

  func text(_ l: Language) -> String { l.pick(sl, en) }
}

/// Billable items: made when a paid request is resolved, from time entries not yet charged, at the rates of the
/// policy in force then; changed only by a supervisor (adjust, waive), each change audited.
enum Billing {
  static let reasonLimit = 2_000
  /// An adjusted amount above this is surely a typo (10,000.00).
  static let maximumAdjustedCents = 1_000_000

  static func reasons(of item: BillableItem) -> [ChargeReason] {
    (try? JSONDecoder().decode([ChargeReason].self, from: Data(item.reasons.utf8))) ?? []
  }

  /// Bills what the resolution of a paid request charges, in the caller's (resolve's) transaction. Every ended
  /// time entry not yet charged goes into one item; the first resolution of a paid request with no time logged
  /// is billed one unit (paid help is at least one unit). Free and refused requests make nothing, and a second
  /// resolution bills only time logged since the first, so no minute is charged twice.
  @discardableResult
  static func billResolution(
    _ request: SupportRequest, decision: DecisionRecord, policy: PolicyStore, now: Date, on db: any Database
  ) async throws -> BillableItem? {
    guard decision.outcome == .paid else { return nil }
    let requestID = try request.requireID()
    let charged = try await chargedEntryIDs(requestID: requestID, on: db)
    let entries = try await TimeEntry.query(on: db).filter(\.$request.$id == requestID).filter(\.$endedAt != nil)
      .sort(\.$id).all().filter { !charged.contains($0.id ?? -1) }
    let earlierItems = try await BillableItem.query(on: db).filter(\.$request.$id == requestID).count()
    guard !entries.isEmpty || earlierItems == 0 else { return nil }

    let rules = RequestDecisions.rules(of: decision)
    let prices = policy.configuration.prices
    let service = prices.service(for: rules) ?? .standardSupport
    let charge = prices.charge(for: service, minutes: entries.reduce(0) { $0 + $1.minutes })
    var reasons = rules.filter { $0.id.outcome == .paid }.map {
      ChargeReason(id: $0.id.rawValue, sl: $0.id.slovenianText, en: $0.id.englishText)
    }
    if let override = decision.overrideReason {
      reasons.append(ChargeReason(id: "override", sl: override, en: override))
    }

    let item = BillableItem()
    item.$request.id = requestID
    item.$organisation.id = request.$organisation.id
    item.kind = service.rawValue
    item.minutes = charge.handlingMinutes
    item.units = charge.units
    item.rateCents = Int(charge.hourlyRate.cents)
    item.amountCents = Int(charge.net.cents)
    item.vatBasisPoints = prices.vatBasisPoints
    item.reasons = String(decoding: try RequestDecisions.encoder.encode(reasons), as: UTF8.self)
    item.status = .billed
    item.createdAt = now
    item.policyVersion = policy.configuration.version
    try await item.create(on: db)
    let itemID = try item.requireID()
    for entry in entries {
      try await BillableItemTimeEntry(itemID: itemID, timeEntryID: try entry.requireID()).create(on: db)
    }
    return item
  }

  static func chargedEntryIDs(requestID: Int, on db: any Database) async throws -> Set<Int> {
    let rows = try await db.sql.raw(
      """
      SELECT l.time_entry_id AS id FROM billable_item_time_entries l
      JOIN time_entries t ON t.id = l.time_entry_id WHERE t.request_id = \(bind: requestID)
      """
    ).all()
    return Set(try rows.map { try $0.decode(column: "id", as: Int.self) })
  }

  // MARK: - Supervisor changes

  /// What a supervisor changes on an item: the minutes (units and amount follow at the item's rate), or the net
  /// amount directly.
  struct Adjustment: Sendable, Equatable {
    var minutes: Int?
    var amountCents: Int?
  }

  static func adjust(
    itemID: Int, _ adjustment: Adjustment, reason: String, in context: WorkContext, on db: any Database
  ) async throws {
    let reason = try RequestWork.text(reason, field: "reason", limit: reasonLimit)
    try await context.dialect.writeTransaction(on: db) { db in
      let item = try await lockedItem(itemID, dialect: context.dialect, on: db)
      try await applyAdjustment(item, adjustment, reason: reason, in: context, on: db)
    }
  }

  static func waive(itemID: Int, reason: String, in context: WorkContext, on db: any Database) async throws {
    let reason = try RequestWork.text(reason, field: "reason", limit: reasonLimit)
    try await context.dialect.writeTransaction(on: db) { db in
      let item = try await lockedItem(itemID, dialect: context.dialect, on: db)
      try await applyWaiver(item, reason: reason, in: context, on: db)
    }
  }

  /// Validates the adjustment before anything is written, then changes the item and audits it (caller's
  /// transaction).
  static func applyAdjustment(
    _ item: BillableItem, _ adjustment: Adjustment, reason: String, in context: WorkContext, on db: any Database
  ) async throws {
    try changeable(item)
    guard adjustment.minutes != nil || adjustment.amountCents != nil else {
      throw WorkspaceError.invalid(
        "minutes", "Vpišite nove minute ali nov znesek.", "Enter the new minutes or the new amount.")
    }
    if let minutes = adjustment.minutes, !(0...6_000).contains(minutes) {
      throw WorkspaceError.invalid("minutes", "Vpišite od 0 do 6000 minut.", "Enter between 0 and 6000 minutes.")
    }
    if let cents = adjustment.amountCents, !(0...maximumAdjustedCents).contains(cents) {
      throw WorkspaceError.invalid(
        "amount", "Znesek mora biti med 0,00 in 10.000,00.", "The amount must be between 0.00 and 10,000.00.")
    }
    let before = snapshot(item)
    if let minutes = adjustment.minutes {
      let unit = context.policy.configuration.prices.billingUnitMinutes
      item.minutes = minutes
      item.units = PriceList.units(forMinutes: minutes, unitMinutes: unit)
      item.amountCents = Int(
        PriceList.net(units: item.units, unitMinutes: unit, hourlyRate: Money(cents: Int64(item.rateCents))).cents)
    }
    if let cents = adjustment.amountCents { item.amountCents = cents }
    item.status = .adjusted
    item.adjustmentReason = reason
    try await item.save(on: db)
    try await audit("billing.item-adjusted", item, before: before, reason: reason, in: context, on: db)
  }

  static func applyWaiver(
    _ item: BillableItem, reason: String, in context: WorkContext, on db: any Database
  ) async throws {
    try changeable(item)
    let before = snapshot(item)
    item.amountCents = 0
    item.status = .waived
    item.adjustmentReason = reason
    try await item.save(on: db)
    try await audit("billing.item-waived", item, before: before, reason: reason, in: context, on: db)
  }

  /// An exported item is already in accounting: changing it here would make the two disagree.
  static func changeable(_ item: BillableItem) throws {
    if item.status == .waived {
      throw WorkspaceError.conflict("Postavka je že odpisana.", "The item has already been waived.")
    }
    if item.exportedAt != nil {
      throw WorkspaceError.conflict(
        "Postavka je že izvožena v računovodstvo; popravek naredite tam z dobropisom.",
        "The item has already been exported to accounting; correct it there with a credit note.")
    }
  }

  static func lockedItem(_ id: Int, dialect: any DatabaseDialect, on db: any Database) async throws -> BillableItem {
    guard let item = try await dialect.lockRow(BillableItem.self, id: id, on: db) else { throw itemNotFound }
    return item
  }

  static let itemNotFound = WorkspaceError(
    kind: .notFound, field: nil, sl: "Postavke ni.", en: "There is no such item.")

  static func snapshot(_ item: BillableItem) -> [String: String] {
    [
      "minutes": String(item.minutes), "units": String(item.units), "amountCents": String(item.amountCents),
      "status": item.status.rawValue,
    ]
  }

  static func audit(
    _ action: AuditAction, _ item: BillableItem, before: [String: String], reason: String,
    extra: [String: String] = [:],
    in context: WorkContext, on db: any Database
  ) async throws {
    var details: [String: String] = extra
    details["reason"] = reason
    for (key, value) in before { details["before." + key] = value }
    for (key, value) in snapshot(item) { details["after." + key] = value }
    try await Audit.record(
      action, by: .staff(email: context.staff.email), subject: "billable_item:\(try item.requireID())",
      details: details, at: context.now, on: db)
  }
}

extension WorkspaceError {
  /// "Slovensko besedilo. / English text.": billing errors are read by customers and accountants in either language.
  var bothLanguages: String { "\(sl) / \(en)" }
}
