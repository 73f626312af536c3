import Fluent
import Foundation
import SupportPolicy
import Vapor

/// `/api/v1/requests…`: the portal's and the workspace's requests as JSON. Who may call each route is decided by the
/// access table (`AccessTable`); which requests a caller sees, by `RequestAccess`. Handlers parse, call the same
/// services the portal uses (`RequestFiling`, `CustomerReplies`), and answer DTOs.
struct APIRequestsController {
  static let notFound = APIProblem(.notFound, "not-found", "There is no such request.")
  static let fileNotFound = APIProblem(.notFound, "not-found", "There is no such file on this request.")

  func list(_ req: Request) async throws -> Response {
    let cursor = try APICursor(req)
    var status: RequestStatus?
    if let raw = req.query[String.self, at: "status"] {
      guard let parsed = RequestStatus(rawValue: raw) else {
        throw APIProblem(
          .badRequest, "invalid-parameter",
          "status must be one of: \(RequestStatus.allCases.map(\.rawValue).joined(separator: ", ")).")
      }
      status = parsed
    }
    let (rows, lastID, hasMore) = try await APIRequestQueries.list(
      visibleTo: req.viewer, status: status, afterID: cursor.afterID, limit: cursor.limit, on: req.db)
    let next = cursor.next(
      path: SiteURL.apiRequests.path, lastID: lastID, hasMore: hasMore,
      extra: status.map { [URLQueryItem(name: "status", value: $0.rawValue)] } ?? [])
    return try APIResponse.json(APIPage(items: rows, next: next))
  }

  func get(_ req: Request) async throws -> Response {
    let request = try await visibleRequest(req)
    return try APIResponse.json(
      try await APIRequestQueries.detail(request, now: req.clock.now, policy: req.policy, on: req.db))
  }

  /// Files a request as the token's contact, through `RequestFiling` like the portal. With `Idempotency-Key` the
  /// answer is stored in the filing's transaction; a retry gets the same 201 (with `Idempotent-Replayed: true`).
  func create(_ req: Request) async throws -> Response {
    let contact = try req.signedInContact()
    let input = try req.content.decode(APINewRequest.self)
    let claim = try Idempotency.claim(req, body: input)
    return try await Idempotency.run(claim, on: req.db) {
      let now = req.clock.now
      let today = ISO8601.localDate(of: now, in: req.policy.configuration.timeZone)
      let programs = try await ContractPrograms.available(
        organisationID: contact.organisationID, today: today, on: req.db)
      guard programs.contains(where: { $0.code == input.program }) else {
        throw APIProblem(
          .unprocessableEntity, "invalid-field",
          "program: choose a program covered by your organisation's contract ("
            + programs.map(\.code).joined(separator: ", ") + ").")
      }
      var category = RequestCategory.usage
      if let raw = input.category {
        guard let parsed = RequestCategory(rawValue: raw) else {
          throw APIProblem(
            .unprocessableEntity, "invalid-field",
            "category must be one of: \(RequestCategory.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        category = parsed
      }
      let draft = RequestDraft(
        organisationID: contact.organisationID, contactID: contact.id, programCode: input.program, channel: .portal,
        category: category, dataCorrection: input.dataCorrection ?? false,
        remoteConnection: input.remoteConnection ?? false, subject: input.subject, body: input.description,
        paidConsent: input.paidConsent ?? false, keepIfRefused: input.keepIfRefused ?? false)
      let mail = MailSettings(
        publicURL: req.application.configuration.publicURL, mailFrom: req.application.configuration.mailFrom)
      let result: FilingResult
      do {
        result = try await RequestFiling.file(
          draft, by: .contact(contact), now: now, policy: req.policy, mail: mail, dialect: req.dialect, on: req.db
        ) { db, filed in
          guard let claim else { return }
          let body = try APIResponse.encoder.encode(try await Self.created(filed.requestID, now: now, on: db))
          try await Idempotency.record(
            claim, status: .created, location: SiteURL.apiRequest(filed.number).path, body: body, now: now, on: db)
        }
      } catch let error as FilingError {
        throw Self.problem(error)
      }
      if let claim, let stored = try await Idempotency.replay(claim, on: req.db) {
        // The first answer is the stored one, byte for byte; only retries say they are replays.
        stored.headers.remove(name: Idempotency.replayedHeader)
        return stored
      }
      return try APIResponse.json(
        try await Self.created(result.requestID, now: now, on: req.db), status: .created,
        location: SiteURL.apiRequest(result.number).path)
    }
  }

  /// The answer to a create: the request as stored, without the waiting-list place (which changes by the minute and
  /// would make a replayed answer stale; `GET` the request for it).
  static func created(_ requestID: Int, now: Date, on db: any Database) async throws -> APIRequest {
    guard let request = try await SupportRequest.find(requestID, on: db) else { throw notFound }
    return try await APIRequestQueries.detail(request, now: now, policy: nil, on: db)
  }

  static func problem(_ error: FilingError) -> APIProblem {
    switch error {
    case .invalid(let field, let message):
      let name = field == "body" ? "description" : field
      let limit = field == "subject" ? RequestFiling.subjectLimit : RequestFiling.bodyLimit
      let detail =
        message == "too long" ? "\(name) is too long (at most \(limit) characters)." : "\(name) must not be empty."
      return APIProblem(.unprocessableEntity, "invalid-field", detail)
    case .consentRequired:
      return APIProblem(
        .unprocessableEntity, "consent-required",
        "Help on this request would be paid; send \"paidConsent\": true to accept the charge.")
    case .refused:
      return APIProblem(
        .unprocessableEntity, "refused",
        "The support policy refuses this request (see GET /portal/policy); send \"keepIfRefused\": true to keep it on"
          + " record as refused.")
    }
  }

  func decision(_ req: Request) async throws -> Response {
    let request = try await visibleRequest(req)
    guard let record = try await RequestDecisions.current(requestID: try request.requireID(), on: req.db) else {
      throw APIProblem(.notFound, "not-found", "This request has no decision yet.")
    }
    return try APIResponse.json(APIDecision(record))
  }

  func timeline(_ req: Request) async throws -> Response {
    let request = try await visibleRequest(req)
    return try APIResponse.json(
      APIPage(items: try await APIRequestQueries.timeline(of: request, for: req.viewer, on: req.db), next: nil))
  }

  func messages(_ req: Request) async throws -> Response {
    let request = try await visibleRequest(req)
    return try APIResponse.json(
      APIPage(items: try await APIRequestQueries.messages(of: request, for: req.viewer, on: req.db), next: nil))
  }

  /// A customer's reply, with the portal's rules (`CustomerReplies`): it may resume or reopen the request.
  func postMessage(_ req: Request) async throws -> Response {
    let contact = try req.signedInContact()
    let request = try await visibleRequest(req)
    let input = try req.content.decode(APINewMessage.self)
    let claim = try Idempotency.claim(req, body: input)
    return try await Idempotency.run(claim, on: req.db) {
      let now = req.clock.now
      guard CustomerReplies.canReply(to: request, now: now) else {
        throw APIProblem(
          .conflict, "conversation-closed", "The conversation on this request is over; file a follow-up request.")
      }
      do {
        _ = try CustomerReplies.validate(input.body)
      } catch let error as CustomerReplies.ReplyError {
        throw APIProblem(
          .unprocessableEntity, "invalid-field",
          error == .tooLong
            ? "body is too long (at most \(CustomerReplies.limit) characters)." : "body must not be empty.")
      }
      _ = try await CustomerReplies.reply(
        to: request, by: contact, text: input.body, files: [], now: now, dialect: req.dialect, on: req.db)
      guard
        let message = try await Message.query(on: req.db).filter(\.$request.$id == (try request.requireID()))
          .filter(\.$authorKind == .contact).sort(\.$id, .descending).first()
      else { throw Abort(.internalServerError) }
      let dto = APIRequestQueries.message(message)
      let location = SiteURL.apiRequestMessages(request.number).path
      if let claim {
        try await Idempotency.record(
          claim, status: .created, location: location, body: try APIResponse.encoder.encode(dto), now: now, on: req.db)
      }
      return try APIResponse.json(dto, status: .created, location: location)
    }
  }

  func attachments(_ req: Request) async throws -> Response {
    let request = try await visibleRequest(req)
    let files = try await APIRequestQueries.attachments(of: request, for: req.viewer, on: req.db)
    return try APIResponse.json(
      APIPage(items: files.map { APIRequestQueries.attachment($0, number: request.number) }, next: nil))
  }

  func attachment(_ req: Request) async throws -> Response {
    let request = try await visibleRequest(req)
    guard let id = req.parameters.get("attachment", as: Int.self),
      let file = try await APIRequestQueries.attachments(of: request, for: req.viewer, on: req.db).first(where: {
        $0.id == id
      }),
      AttachmentStore.isStorageName(file.storageName)
    else { throw Self.fileNotFound }
    return try await PortalController.download(file, notFound: Self.fileNotFound, req)
  }

  /// The request named in the path if the caller may see it; another organisation's request is the same 404 as one
  /// that does not exist.
  func visibleRequest(_ req: Request) async throws -> SupportRequest {
    guard let number = req.parameters.get("number"),
      let request = try await RequestAccess.request(number: number, visibleTo: req.viewer, on: req.db)
    else { throw Self.notFound }
    return request
  }
}

/// JSON answers with one encoder, so a stored idempotent answer and a fresh one are the same bytes.
enum APIResponse {
  static let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return encoder
  }()

  static func json<T: Encodable>(
    _ value: T, status: HTTPResponseStatus = .ok, location: String? = nil
  ) throws
    -> Response
  {
    var headers = HTTPHeaders()
    headers.contentType = .json
    headers.replaceOrAdd(name: .cacheControl, value: "no-store")
    if let location { headers.replaceOrAdd(name: .location, value: location) }
    return Response(status: status, headers: headers, body: .init(data: try encoder.encode(value)))
  }
}
