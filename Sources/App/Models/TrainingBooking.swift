import Fluent
import Foundation

/// A contact asked, in the portal, to be onboarded into a program or to attend a seminar on it. Support schedules
/// it and, once it took place, marks it completed, which records the `Training` the policy reads.
public final class TrainingBooking: Model, @unchecked Sendable {
  public static let schema = "training_bookings"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Parent(key: "contact_id") public var contact: Contact
  @Parent(key: "organisation_id") public var organisation: Organisation
  @Parent(key: "program_id") public var program: Program
  @Field(key: "kind") public var kind: TrainingKind
  /// When the contact would like it, in their words ("v torek dopoldne").
  @Field(key: "preferred") public var preferred: String
  @Field(key: "note") public var note: String
  @Field(key: "status") public var status: TrainingBookingStatus
  @OptionalField(key: "scheduled_at") public var scheduledAt: Date?
  /// What support told the contact when scheduling or cancelling.
  @Field(key: "staff_note") public var staffNote: String
  @OptionalParent(key: "training_id") public var training: Training?
  @Field(key: "created_at") public var createdAt: Date
  @Field(key: "updated_at") public var updatedAt: Date

  public init() {}
}

public enum TrainingBookingStatus: String, Codable, CaseIterable, Sendable {
  /// Waiting for support to agree a date.
  case requested
  case scheduled
  /// It took place; the training is on record.
  case completed
  case cancelled

  var isOpen: Bool { self == .requested || self == .scheduled }
}
