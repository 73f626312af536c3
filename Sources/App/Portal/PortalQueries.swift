import Fluent
import Foundation
import SupportPolicy

/// The programs a contact may ask about: those under a contract of their organisation that is valid today.
enum ContractPrograms {
  static func available(organisationID: Int, today: LocalDate, on db: any Database) async throws -> [Program] {
    let day = today.description
    let contracts = try await Contract.query(on: db).filter(\.$organisation.$id == organisationID)
      .filter(\.$validFrom <= day).all()
      .filter { contract in contract.validTo.map { $0 >= day } ?? true }
    let contractIDs = try contracts.map { try $0.requireID() }
    guard !contractIDs.isEmpty else { return [] }
    let programIDs = Set(
      try await ContractProgram.query(on: db).filter(\.$contract.$id ~~ contractIDs).all().map(\.$program.id))
    guard !programIDs.isEmpty else { return [] }
    return try await Program.query(on: db).filter(\.$id ~~ Array(programIDs)).sort(\.$code).all()
  }
}

/// One row of "My requests".
struct RequestSummary: Sendable, Equatable {
  var number: String
  var subject: String
  var status: RequestStatus
  var outcome: String
  var programCode: String?
  var contactName: String?
  var submittedAt: Date
  /// The latest change: resolved, closed, refused, accepted or submitted.
  var updatedAt: Date
}

/// What a list is narrowed to.
struct RequestListFilter: Sendable, Equatable {
  enum StatusFilter: Sendable, Equatable {
    case all, open
    case only(RequestStatus)

    init(_ text: String?) {
      switch text {
      case "open": self = .open
      case let text?: self = RequestStatus(rawValue: text).map(StatusFilter.only) ?? .all
      case nil: self = .all
      }
    }

    var parameter: String {
      switch self {
      case .all: ""
      case .open: "open"
      case .only(let status): status.rawValue
      }
    }
  }

  var status: StatusFilter = .all
  /// Words that must all appear in the number, subject or description; case and diacritics do not matter.
  var text: String = ""
  var page: Int = 1

  static let pageSize = 25
  /// The text filter reads at most this many of the newest matching requests.
  static let textScanLimit = 5000
}

/// "My requests": the requests a contact may see, newest first.
enum PortalRequestQueries {
  static func list(
    visibleTo viewer: ContactViewer, filter: RequestListFilter, on db: any Database
  ) async throws -> (rows: [RequestSummary], total: Int) {
    let query = listQuery(visibleTo: viewer, status: filter.status, on: db)
    let pageSize = RequestListFilter.pageSize
    let page = max(1, filter.page)
    let words = SearchText.words(filter.text)
    let requests: [SupportRequest]
    let total: Int
    if words.isEmpty {
      total = try await query.count()
      requests = try await query.offset((page - 1) * pageSize).limit(pageSize).all()
    } else {
      // Case- and diacritic-insensitive matching is done here, the same way on both databases.
      let matching = try await query.limit(RequestListFilter.textScanLimit).all().filter { request in
        let haystack = SearchText.fold(request.number + " " + request.subject + " " + request.body)
        return words.allSatisfy { haystack.contains($0) }
      }
      total = matching.count
      requests = Array(matching.dropFirst((page - 1) * pageSize).prefix(pageSize))
    }
    let programs = try await FactsQueries.programCodes(on: db)
    let contactIDs = Array(Set(requests.compactMap(\.$contact.id)))
    var names: [Int: String] = [:]
    if !contactIDs.isEmpty {
      for contact in try await Contact.query(on: db).filter(\.$id ~~ contactIDs).all() {
        names[try contact.requireID()] = contact.name
      }
    }
    let rows = requests.map { request in
      RequestSummary(
        number: request.number, subject: request.subject, status: request.status, outcome: request.outcome.rawValue,
        programCode: request.$program.id.flatMap { programs[$0] },
        contactName: request.$contact.id.flatMap { names[$0] },
        submittedAt: request.submittedAt,
        updatedAt: [request.closedAt, request.resolvedAt, request.refusedAt, request.acceptedAt].compactMap { $0 }.max()
          ?? request.submittedAt)
    }
    return (rows, total)
  }

  /// The requests of the list, newest first, before paging (the query-plan tests EXPLAIN exactly this).
  static func listQuery(
    visibleTo viewer: ContactViewer, status: RequestListFilter.StatusFilter, on db: any Database
  ) -> QueryBuilder<SupportRequest> {
    var query = RequestAccess.visible(SupportRequest.query(on: db), to: viewer)
    switch status {
    case .all: break
    case .open: query = query.filter(\.$status ~~ RequestStatus.allCases.filter(\.isOpen))
    case .only(let status): query = query.filter(\.$status == status)
    }
    return query.sort(\.$submittedAt, .descending).sort(\.$id, .descending)
  }

  /// The customer-visible timeline, oldest first.
  static func timeline(requestID: Int, on db: any Database) async throws -> [RequestEvent] {
    try await RequestEvent.query(on: db).filter(\.$request.$id == requestID).filter(\.$visibleToCustomer == true)
      .sort(\.$at).sort(\.$id).all()
  }

  /// The public conversation, oldest first (internal notes never leave the workspace).
  static func conversation(requestID: Int, on db: any Database) async throws -> [Message] {
    try await Message.query(on: db).filter(\.$request.$id == requestID).filter(\.$visibility == .public)
      .sort(\.$createdAt).sort(\.$id).all()
  }

  /// Files of the request the customer may download: those filed with it and those of public messages.
  static func attachments(requestID: Int, on db: any Database) async throws -> [Attachment] {
    let all = try await Attachment.query(on: db).filter(\.$request.$id == requestID).sort(\.$createdAt).sort(\.$id)
      .all()
    let messageIDs = Array(Set(all.compactMap(\.$message.id)))
    guard !messageIDs.isEmpty else { return all }
    let publicIDs = Set(
      try await Message.query(on: db).filter(\.$id ~~ messageIDs).filter(\.$visibility == .public).all().compactMap(
        \.id))
    return all.filter { attachment in attachment.$message.id.map { publicIDs.contains($0) } ?? true }
  }

  /// One attachment of a request the viewer may see, if the customer may download it.
  static func attachment(
    id: Int, of request: SupportRequest, on db: any Database
  ) async throws -> Attachment? {
    let requestID = try request.requireID()
    return try await attachments(requestID: requestID, on: db).first { $0.id == id }
  }
}

/// "This answered my question": the customer found the answer in a suggested article and did not file.
enum Deflections {
  /// Records the deflection; nil when the reference names no published document the customer could have seen.
  static func record(
    reference: String, contactID: Int, query: String, now: Date, on db: any Database
  ) async throws -> KnowledgeSuggestion? {
    guard let (isNewsletter, id) = KnowledgeSuggestion.parse(reference: reference) else { return nil }
    let deflection = Deflection()
    deflection.$contact.id = contactID
    deflection.query = String(query.trimmingCharacters(in: .whitespacesAndNewlines).prefix(1000))
    deflection.createdAt = now
    let found: KnowledgeSuggestion
    if isNewsletter {
      guard let issue = try await Newsletter.find(id, on: db), issue.status == .published,
        issue.publishedAt.map({ $0 <= now }) ?? false
      else { return nil }
      deflection.$newsletter.id = id
      found = KnowledgeSuggestion(
        kind: .newsletter, reference: reference, title: issue.title, url: SiteURL.newsletter(.value(issue.slug)).path,
        snippetHTML: "", publishedAt: issue.publishedAt)
    } else {
      guard let article = try await Article.find(id, on: db), article.status == .published,
        article.visibility != .staff, article.publishedAt.map({ $0 <= now }) ?? false
      else { return nil }
      deflection.$article.id = id
      found = KnowledgeSuggestion(
        kind: article.kind == .tip ? .tip : .article, reference: reference, title: article.title,
        url: SiteURL.helpArticle(.value(article.slug)).path, snippetHTML: "", publishedAt: article.publishedAt)
    }
    try await deflection.create(on: db)
    return found
  }
}
