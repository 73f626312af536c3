import Fluent
import Foundation
import SupportPolicy

/// A dispute as pages show it.
struct DisputeLine: Sendable, Equatable {
  var id: Int
  var reason: String
  var filedAt: Date
  var contactName: String
  var outcome: DisputeOutcome?
  var note: String?
  var decidedAt: Date?
}

/// One billable item with what every page, statement and export shows of it. A DTO: views never see models.
struct ChargeLine: Sendable, Equatable {
  var id: Int
  var requestNumber: String
  var subject: String
  var contactID: Int?
  var organisationID: Int
  var organisationName: String
  var taxNumber: String
  var programCode: String
  var billedAt: Date
  var kind: String
  var minutes: Int
  var units: Int
  var rateCents: Int
  var amountCents: Int
  var vatBasisPoints: Int
  var status: BillableItemStatus
  var adjustmentReason: String?
  var reasons: [ChargeReason]
  var exportedAt: Date?
  var policyVersion: String?
  var dispute: DisputeLine?

  var vatCents: Int { Int(PriceList.vat(on: Money(cents: Int64(amountCents)), basisPoints: vatBasisPoints).cents) }
  var grossCents: Int { amountCents + vatCents }
  var service: BillableService? { BillableService(rawValue: kind) }
  var lastDisputeDay: LocalDate { BillingRules.lastDisputeDay(billedAt: billedAt) }

  /// Whether the customer may still dispute it at `now`.
  func disputable(now: Date) -> Bool {
    dispute == nil && status != .waived && BillingRules.canDispute(billedAt: billedAt, now: now)
  }
}

/// Totals of a list of charges: net, VAT and gross in cents.
struct ChargeTotals: Sendable, Equatable {
  var net: Int
  var vat: Int
  var gross: Int { net + vat }

  init(_ lines: [ChargeLine]) {
    net = lines.reduce(0) { $0 + $1.amountCents }
    vat = lines.reduce(0) { $0 + $1.vatCents }
  }
}

/// Reads billable items for the portal, the workspace, statements and the export.
enum BillingQueries {
  /// The charges a contact may see: an organisation admin every charge of the organisation, a member those of
  /// their own requests. Newest first.
  static func charges(visibleTo viewer: ContactViewer, on db: any Database) async throws -> [ChargeLine] {
    try await lines(visible(to: viewer, on: db).sort(\.$createdAt, .descending).sort(\.$id, .descending), on: db)
  }

  /// One charge if the contact may see it; nil (a 404) for another organisation's or another member's charge.
  static func charge(id: Int, visibleTo viewer: ContactViewer, on db: any Database) async throws -> ChargeLine? {
    try await lines(visible(to: viewer, on: db).filter(\.$id == id), on: db).first
  }

  static func charge(id: Int, on db: any Database) async throws -> ChargeLine? {
    try await lines(BillableItem.query(on: db).filter(\.$id == id), on: db).first
  }

  /// An organisation's items billed in the month (Europe/Ljubljana), oldest first.
  static func statement(organisationID: Int, month: BillingMonth, on db: any Database) async throws -> [ChargeLine] {
    let (start, end) = month.interval()
    return try await lines(
      BillableItem.query(on: db).filter(\.$organisation.$id == organisationID).filter(\.$createdAt >= start)
        .filter(\.$createdAt < end).sort(\.$createdAt).sort(\.$id), on: db)
  }

  /// Every item billed in the month, for the supervisor's overview, newest first.
  static func month(_ month: BillingMonth, on db: any Database) async throws -> [ChargeLine] {
    let (start, end) = month.interval()
    return try await lines(
      BillableItem.query(on: db).filter(\.$createdAt >= start).filter(\.$createdAt < end)
        .sort(\.$createdAt, .descending).sort(\.$id, .descending), on: db)
  }

  /// Disputes waiting for a supervisor, oldest first.
  static func openDisputes(on db: any Database) async throws -> [ChargeLine] {
    let ids = try await BillingDispute.query(on: db).filter(\.$decidedAt == nil).sort(\.$filedAt).all()
      .map { $0.$item.id }
    let lines = try await lines(BillableItem.query(on: db).filter(\.$id ~~ ids), on: db)
    return ids.compactMap { id in lines.first { $0.id == id } }
  }

  private static func visible(to viewer: ContactViewer, on db: any Database) -> QueryBuilder<BillableItem> {
    let query = BillableItem.query(on: db).filter(\.$organisation.$id == viewer.organisationID)
    guard !viewer.isOrganisationAdmin else { return query }
    return query.join(SupportRequest.self, on: \BillableItem.$request.$id == \SupportRequest.$id)
      .filter(SupportRequest.self, \.$contact.$id == viewer.id)
  }

  static func lines(_ query: QueryBuilder<BillableItem>, on db: any Database) async throws -> [ChargeLine] {
    let items = try await query.with(\.$request).with(\.$organisation).all()
    guard !items.isEmpty else { return [] }
    let ids = items.compactMap(\.id)
    let disputes = try await BillingDispute.query(on: db).filter(\.$item.$id ~~ ids).with(\.$contact).all()
    let programs = Dictionary(
      uniqueKeysWithValues: try await Program.query(on: db).all().compactMap { p in p.id.map { ($0, p.code) } })
    return items.compactMap { item in
      guard let id = item.id else { return nil }
      let dispute = disputes.first { $0.$item.id == id }
      return ChargeLine(
        id: id, requestNumber: item.request.number, subject: item.request.subject,
        contactID: item.request.$contact.id, organisationID: item.$organisation.id,
        organisationName: item.organisation.name, taxNumber: item.organisation.taxNumber,
        programCode: item.request.$program.id.flatMap { programs[$0] } ?? "", billedAt: item.createdAt,
        kind: item.kind, minutes: item.minutes, units: item.units, rateCents: item.rateCents,
        amountCents: item.amountCents, vatBasisPoints: item.vatBasisPoints,
        status: item.status, adjustmentReason: item.adjustmentReason,
        reasons: Billing.reasons(of: item), exportedAt: item.exportedAt, policyVersion: item.policyVersion,
        dispute: dispute.map {
          DisputeLine(
            id: $0.id ?? 0, reason: $0.reason, filedAt: $0.filedAt, contactName: $0.contact.name,
            outcome: $0.outcome, note: $0.outcomeNote, decidedAt: $0.decidedAt)
        })
    }
  }
}
