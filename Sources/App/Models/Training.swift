import Fluent
import Foundation

/// The vendor onboarded a contact into a program, or the contact attended a seminar on it.
public final class Training: Model, @unchecked Sendable {
  public static let schema = "trainings"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Parent(key: "contact_id") public var contact: Contact
  @Parent(key: "program_id") public var program: Program
  @Field(key: "kind") public var kind: TrainingKind
  /// `YYYY-MM-DD` in Europe/Ljubljana.
  @Field(key: "completed_on") public var completedOn: String

  public init() {}

  public init(id: Int? = nil, contactID: Int, programID: Int, kind: TrainingKind, completedOn: String) {
    self.id = id
    self.$contact.id = contactID
    self.$program.id = programID
    self.kind = kind
    self.completedOn = completedOn
  }
}

public enum TrainingKind: String, Codable, CaseIterable, Sendable {
  case onboarding, seminar
}

/// How an organisation stands with one program: onboarded, and whether its settings are in order.
public final class OrganisationProgram: Model, @unchecked Sendable {
  public static let schema = "organisation_programs"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Parent(key: "organisation_id") public var organisation: Organisation
  @Parent(key: "program_id") public var program: Program
  @Field(key: "onboarded") public var onboarded: Bool
  @Field(key: "settings_in_order") public var settingsInOrder: Bool

  public init() {}

  public init(id: Int? = nil, organisationID: Int, programID: Int, onboarded: Bool, settingsInOrder: Bool) {
    self.id = id
    self.$organisation.id = organisationID
    self.$program.id = programID
    self.onboarded = onboarded
    self.settingsInOrder = settingsInOrder
  }
}

/// A window agreed in advance in which the vendor works for an organisation outside support hours.
public final class Arrangement: Model, @unchecked Sendable {
  public static let schema = "arrangements"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Parent(key: "organisation_id") public var organisation: Organisation
  @Field(key: "starts_at") public var startsAt: Date
  @Field(key: "ends_at") public var endsAt: Date
  @Field(key: "note") public var note: String
  @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

  public init() {}

  public init(id: Int? = nil, organisationID: Int, startsAt: Date, endsAt: Date, note: String) {
    self.id = id
    self.$organisation.id = organisationID
    self.startsAt = startsAt
    self.endsAt = endsAt
    self.note = note
  }
}
