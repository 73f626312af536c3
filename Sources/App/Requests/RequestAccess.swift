import Fluent
import Foundation

/// Which requests a customer contact may see: an organisation admin sees every request of the organisation, a
/// member only their own. Every portal query goes through here, so no URL can reach another organisation's data.
/// A request the contact may not see is reported exactly like one that does not exist (the portal answers 404),
/// so the existence of other customers' requests is never revealed.
enum RequestAccess {
  /// Narrows a request query to what `viewer` may see.
  static func visible(
    _ query: QueryBuilder<SupportRequest>, to viewer: ContactViewer
  ) -> QueryBuilder<SupportRequest> {
    let scoped = query.filter(\.$organisation.$id == viewer.organisationID)
    return viewer.isOrganisationAdmin ? scoped : scoped.filter(\.$contact.$id == viewer.id)
  }

  /// The request with `number` if `viewer` may see it; nil when it does not exist or belongs to someone else.
  static func request(
    number: String, visibleTo viewer: ContactViewer, on db: any Database
  ) async throws
    -> SupportRequest?
  {
    guard RequestNumberFormat.isPlausible(number) else { return nil }
    return try await query(number: number, visibleTo: viewer, on: db).first()
  }

  /// The request page's lookup (the query-plan tests EXPLAIN exactly this).
  static func query(
    number: String, visibleTo viewer: ContactViewer, on db: any Database
  ) -> QueryBuilder<SupportRequest> {
    visible(SupportRequest.query(on: db), to: viewer).filter(\.$number == number)
  }

  /// The requests anyone signed in (or any API token's person) may see: staff see every request, a contact what
  /// `visible(_:to:)` allows, nobody else anything.
  static func visible(to viewer: Viewer, on db: any Database) -> QueryBuilder<SupportRequest>? {
    switch viewer {
    case .contact(let contact): visible(SupportRequest.query(on: db), to: contact)
    case .staff: SupportRequest.query(on: db)
    case .anonymous: nil
    }
  }

  /// The request with `number` if `viewer` may see it, for code serving both customers and staff (the API).
  static func request(number: String, visibleTo viewer: Viewer, on db: any Database) async throws -> SupportRequest? {
    guard RequestNumberFormat.isPlausible(number), let query = visible(to: viewer, on: db) else { return nil }
    return try await query.filter(\.$number == number).first()
  }
}

/// Request numbers look like `2026-000123`; anything else in a URL is not looked up at all.
enum RequestNumberFormat {
  static func isPlausible(_ text: String) -> Bool {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    return parts.count == 2 && parts[0].count == 4 && (1...9).contains(parts[1].count)
      && parts.allSatisfy { $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
  }
}
