import Fluent
import Foundation
import SupportPolicy

/// What the API reads about requests, for any viewer: every function takes a `Database`, the viewer decides what is
/// visible through `RequestAccess`, and the results are DTOs.
enum APIRequestQueries {
  /// Newest first (by id, which only grows), `limit` rows after the cursor; `hasMore` says whether a next page exists.
  static func list(
    visibleTo viewer: Viewer, status: RequestStatus?, afterID: Int?, limit: Int, on db: any Database
  ) async throws -> (rows: [APIRequestSummary], lastID: Int?, hasMore: Bool) {
    guard var query = RequestAccess.visible(to: viewer, on: db) else { return ([], nil, false) }
    if let status { query = query.filter(\.$status == status) }
    if let afterID { query = query.filter(\.$id < afterID) }
    let requests = try await query.sort(\.$id, .descending).limit(limit + 1).all()
    let page = Array(requests.prefix(limit))
    let programs = try await FactsQueries.programCodes(on: db)
    let rows = page.map { request in
      APIRequestSummary(
        number: request.number, subject: request.subject, program: request.$program.id.flatMap { programs[$0] },
        status: request.status.rawValue, outcome: request.outcome.rawValue, channel: request.channel.rawValue,
        submittedAt: APITime.format(request.submittedAt))
    }
    return (rows, page.last?.id, requests.count > limit)
  }

  /// The request with its current decision; with its place on the waiting list when `policy` is given.
  static func detail(
    _ request: SupportRequest, now: Date, policy: PolicyStore?, on db: any Database
  ) async throws -> APIRequest {
    let requestID = try request.requireID()
    let programs = try await FactsQueries.programCodes(on: db)
    let decision = try await RequestDecisions.current(requestID: requestID, on: db)
    var place: APIWaitingListPlace?
    if let policy, request.status == .waiting,
      let position = try await WaitingListQueries.position(of: requestID, now: now, policy: policy, on: db)
    {
      place = APIWaitingListPlace(position: position.ahead + 1, estimatedStart: APITime.format(position.estimatedStart))
    }
    return APIRequest(
      number: request.number, subject: request.subject, description: request.body,
      program: request.$program.id.flatMap { programs[$0] }, category: request.category.rawValue,
      channel: request.channel.rawValue, status: request.status.rawValue, outcome: request.outcome.rawValue,
      dataCorrection: request.dataCorrection, remoteConnection: request.remoteConnection,
      submittedAt: APITime.format(request.submittedAt), acceptedAt: APITime.format(request.acceptedAt),
      resolvedAt: APITime.format(request.resolvedAt), closedAt: APITime.format(request.closedAt),
      refusedAt: APITime.format(request.refusedAt), solution: request.solution,
      decision: decision.map(APIDecision.init),
      waitingList: place)
  }

  /// The conversation: customers see public replies, staff internal notes too.
  static func messages(of request: SupportRequest, for viewer: Viewer, on db: any Database) async throws -> [APIMessage]
  {
    var query = Message.query(on: db).filter(\.$request.$id == (try request.requireID()))
    if case .contact = viewer { query = query.filter(\.$visibility == .public) }
    return try await query.sort(\.$createdAt).sort(\.$id).all().map(Self.message)
  }

  static func message(_ message: Message) -> APIMessage {
    APIMessage(
      id: message.id ?? 0, author: message.authorName, authorKind: message.authorKind.rawValue, body: message.body,
      createdAt: APITime.format(message.createdAt))
  }

  /// The timeline: customers see what the portal shows them, staff every event.
  static func timeline(
    of request: SupportRequest, for viewer: Viewer, on db: any Database
  ) async throws
    -> [APITimelineEntry]
  {
    var query = RequestEvent.query(on: db).filter(\.$request.$id == (try request.requireID()))
    if case .contact = viewer { query = query.filter(\.$visibleToCustomer == true) }
    return try await query.sort(\.$at).sort(\.$id).all().map { event in
      let data = (try? JSONDecoder().decode([String: String].self, from: Data(event.data.utf8))) ?? [:]
      return APITimelineEntry(kind: event.kind, at: APITime.format(event.at), actor: event.actorName, data: data)
    }
  }

  /// Files of the request: those a customer may download (`PortalRequestQueries.attachments`) or, for staff, all.
  static func attachments(
    of request: SupportRequest, for viewer: Viewer, on db: any Database
  ) async throws
    -> [Attachment]
  {
    let requestID = try request.requireID()
    if case .contact = viewer { return try await PortalRequestQueries.attachments(requestID: requestID, on: db) }
    return try await Attachment.query(on: db).filter(\.$request.$id == requestID).sort(\.$createdAt).sort(\.$id).all()
  }

  static func attachment(_ file: Attachment, number: String) -> APIAttachment {
    APIAttachment(
      id: file.id ?? 0, filename: file.filename, contentType: file.contentType, size: file.size,
      createdAt: APITime.format(file.createdAt),
      download: SiteURL.apiRequestAttachment(.value(number), .value(file.id ?? 0)).path)
  }
}
