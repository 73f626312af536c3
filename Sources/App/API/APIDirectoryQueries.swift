import Fluent
import Foundation
import Vapor

/// Which organisations an API caller may read: staff and accounting every one, an organisation admin their own.
/// Every directory query narrows through here, so an id in a URL never reaches another organisation.
enum DirectoryAccess {
  /// nil: every organisation; else only this one.
  static func organisationScope(_ viewer: Viewer) -> Int? {
    if case .contact(let contact) = viewer { return contact.organisationID }
    return nil
  }
}

struct APIOrganisation: Content, Equatable {
  var id: Int
  var name: String
  var taxNumber: String
  /// `ok` or `overdue`; `overdue` refuses new requests (`refuse.unpaid-obligations`).
  var standing: String
  var standingChangedAt: String?
}

struct APIContact: Content, Equatable {
  var id: Int
  var organisationId: Int
  var name: String
  var email: String
  /// `member` or `org_admin`.
  var role: String
  var newColleague: Bool
}

struct APITraining: Content, Equatable {
  var id: Int
  var contactId: Int
  var program: String
  /// `onboarding` or `seminar`.
  var kind: String
  /// `YYYY-MM-DD`, Europe/Ljubljana.
  var completedOn: String
}

struct APIStandingChange: Content, Equatable {
  var standing: String
}

/// The organisations, contacts and trainings the policy decides from, as DTOs; each takes the organisation scope of
/// `DirectoryAccess`.
enum APIDirectoryQueries {
  static func organisation(_ organisation: Organisation) -> APIOrganisation {
    APIOrganisation(
      id: organisation.id ?? 0, name: organisation.name, taxNumber: organisation.taxNumber,
      standing: organisation.standing.rawValue, standingChangedAt: APITime.format(organisation.standingChangedAt))
  }

  static func organisations(
    scope: Int?, afterID: Int?, limit: Int, on db: any Database
  ) async throws
    -> (rows: [APIOrganisation], lastID: Int?, hasMore: Bool)
  {
    var query = Organisation.query(on: db)
    if let scope { query = query.filter(\.$id == scope) }
    if let afterID { query = query.filter(\.$id > afterID) }
    let found = try await query.sort(\.$id).limit(limit + 1).all()
    let page = Array(found.prefix(limit))
    return (page.map(organisation), page.last?.id, found.count > limit)
  }

  static func organisation(id: Int, scope: Int?, on db: any Database) async throws -> Organisation? {
    if let scope, scope != id { return nil }
    return try await Organisation.find(id, on: db)
  }

  static func contacts(
    scope: Int?, organisationID: Int?, afterID: Int?, limit: Int, on db: any Database
  ) async throws
    -> (rows: [APIContact], lastID: Int?, hasMore: Bool)
  {
    var query = Contact.query(on: db)
    if let scope { query = query.filter(\.$organisation.$id == scope) }
    if let organisationID { query = query.filter(\.$organisation.$id == organisationID) }
    if let afterID { query = query.filter(\.$id > afterID) }
    let found = try await query.sort(\.$id).limit(limit + 1).all()
    let page = Array(found.prefix(limit))
    let rows = page.map { contact in
      APIContact(
        id: contact.id ?? 0, organisationId: contact.$organisation.id, name: contact.name, email: contact.email,
        role: contact.role.rawValue, newColleague: contact.newColleague)
    }
    return (rows, page.last?.id, found.count > limit)
  }

  static func trainings(
    scope: Int?, contactID: Int?, afterID: Int?, limit: Int, on db: any Database
  ) async throws
    -> (rows: [APITraining], lastID: Int?, hasMore: Bool)
  {
    var query = Training.query(on: db)
    if let scope {
      query = query.join(Contact.self, on: \Training.$contact.$id == \Contact.$id)
        .filter(Contact.self, \.$organisation.$id == scope)
    }
    if let contactID { query = query.filter(\.$contact.$id == contactID) }
    if let afterID { query = query.filter(\.$id > afterID) }
    let found = try await query.sort(\.$id).limit(limit + 1).all()
    let page = Array(found.prefix(limit))
    let programs = try await FactsQueries.programCodes(on: db)
    let rows = page.map { training in
      APITraining(
        id: training.id ?? 0, contactId: training.$contact.id, program: programs[training.$program.id] ?? "",
        kind: training.kind.rawValue, completedOn: training.completedOn)
    }
    return (rows, page.last?.id, found.count > limit)
  }

  /// Sets an organisation's account standing (from accounting), with an audit entry, in one transaction. Requests
  /// already refused stay refused until back office re-admits them (POLICY.md); new requests are decided on the new
  /// standing.
  static func setStanding(
    organisationID: Int, to standing: AccountStanding, by actor: String, now: Date, dialect: any DatabaseDialect,
    on db: any Database
  ) async throws -> APIOrganisation? {
    try await dialect.writeTransaction(on: db) { db in
      guard let organisation = try await Organisation.find(organisationID, on: db) else { return nil }
      if organisation.standing != standing {
        let before = organisation.standing
        organisation.standing = standing
        organisation.standingChangedAt = now
        try await organisation.save(on: db)
        try await Audit.record(
          "organisation.standing", by: .named(actor), subject: "organisation:\(organisationID)",
          details: ["from": before.rawValue, "to": standing.rawValue], at: now, on: db)
      }
      return Self.organisation(organisation)
    }
  }
}
