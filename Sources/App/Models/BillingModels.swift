import Fluent
import Foundation

/// Where a billable item stands: as billed, changed by a supervisor, or not charged at all.
public enum BillableItemStatus: String, Codable, CaseIterable, Sendable {
  case billed, adjusted, waived
}

/// Which time entry a billable item charged; a time entry is charged at most once (unique).
public final class BillableItemTimeEntry: Model, @unchecked Sendable {
  public static let schema = "billable_item_time_entries"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Parent(key: "billable_item_id") public var item: BillableItem
  @Parent(key: "time_entry_id") public var timeEntry: TimeEntry

  public init() {}

  public init(itemID: Int, timeEntryID: Int) {
    self.$item.id = itemID
    self.$timeEntry.id = timeEntryID
  }
}

/// The outcome of a dispute, recorded by a supervisor and shown to the customer.
public enum DisputeOutcome: String, Codable, CaseIterable, Sendable {
  case upheld, adjusted, waived
}

/// A customer's dispute of one charge.
public final class BillingDispute: Model, @unchecked Sendable {
  public static let schema = "billing_disputes"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Parent(key: "billable_item_id") public var item: BillableItem
  @Parent(key: "contact_id") public var contact: Contact
  @Field(key: "reason") public var reason: String
  @Field(key: "filed_at") public var filedAt: Date
  @OptionalField(key: "outcome") public var outcome: DisputeOutcome?
  @OptionalField(key: "outcome_note") public var outcomeNote: String?
  @OptionalParent(key: "decided_by_id") public var decidedBy: StaffUser?
  @OptionalField(key: "decided_at") public var decidedAt: Date?

  public init() {}
}
