import Fluent
import Foundation
import SupportPolicy
import Vapor

/// `/api/v1/requests…`: the portal's and the workspace's requests as JSON. Who may call each route is decided by the
/// route's access rule (`routes.swift`); which requests a caller sees, by `RequestAccess`. Handlers parse, call the same
/// services the portal uses (`RequestFiling`, `CustomerReplies`), and answer DTOs.
struct APIRequestsController {
  static let notFound = APIProblem(.notFound, "not-found", "There is no such request.")
  static let conversationClosed = APIProblem(
    .conflict, "conversation-closed", "The conversation on this request is over; file a follow-up request.")
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
            claim, status: .created, location: SiteURL.apiRequest(.value(filed.number)).path, body: body, now: now,
            on: db)
        }
      } catch let error as FilingError {
        throw Self.problem(error)
      }
      // The first answer is the stored one, byte for byte.
      if let stored = try await Idempotency.firstAnswer(claim, on: req.db) { return stored }
      return try APIResponse.json(
        try await Self.created(result.requestID, now: now, on: req.db), status: .created,
        location: SiteURL.apiRequest(.value(result.number)).path)
    }
  }

  /// The answer to a create: the request as stored, without the waiting-list place (which changes by the minute and
  /// would make a replayed answer stale; `GET` the request for it).
  static func created(_ requestID: Int, now: Date, on db: any Database) async throws -> APIRequest {
    guard let request = try await SupportRequest.find(requestID, on: db) else { throw notFound }
    return try await APIRequestQueries.detail(request, now: now, policy: nil, on: db)
  }

  static func problem(_ error: FilingError) -> APIProblem {
    APIProblem(.unprocessableEntity, error.apiProblem.type, error.apiProblem.detail)
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

  /// A reply: a customer's with the portal's rules (`CustomerReplies`: it may resume or reopen the request), staff's
  /// with the workspace's (`RequestWork.reply`, or `note` for an internal note).
  func postMessage(_ req: Request) async throws -> Response {
    let request = try await visibleRequest(req)
    let input = try req.content.decode(APINewMessage.self)
    let claim = try Idempotency.claim(req, body: input)
    if case .staff(let staff) = req.viewer {
      return try await Idempotency.run(claim, on: req.db) {
        try await staffMessage(req, staff: staff, request: request, input: input, claim: claim)
      }
    }
    let contact = try req.signedInContact()
    guard input.internal != true else {
      throw APIProblem(.unprocessableEntity, "invalid-field", "internal: only staff write internal notes.")
    }
    return try await Idempotency.run(claim, on: req.db) {
      let now = req.clock.now
      guard CustomerReplies.canReply(to: request, now: now) else {
        throw Self.conversationClosed
      }
      do {
        _ = try CustomerReplies.validate(input.body)
      } catch let error as CustomerReplies.ReplyError {
        throw APIProblem(
          .unprocessableEntity, "invalid-field",
          error == .tooLong
            ? "body is too long (at most \(CustomerReplies.limit) characters)." : "body must not be empty.")
      }
      let location = SiteURL.apiRequestMessages(.value(request.number)).path
      let message = MessageBox()
      do {
        _ = try await CustomerReplies.reply(
          to: request, by: contact, text: input.body, files: [], now: now, dialect: req.dialect, on: req.db
        ) { db, stored in
          message.value = APIRequestQueries.message(stored)
          guard let claim else { return }
          try await Idempotency.record(
            claim, status: .created, location: location,
            body: try APIResponse.encoder.encode(APIRequestQueries.message(stored)),
            now: now, on: db)
        }
      } catch CustomerReplies.ReplyError.conversationOver {
        throw Self.conversationClosed
      }
      guard let dto = message.value else { throw Abort(.internalServerError) }
      return try APIResponse.json(dto, status: .created, location: location)
    }
  }

  func staffMessage(
    _ req: Request, staff: StaffViewer, request: SupportRequest, input: APINewMessage, claim: Idempotency.Claim?
  ) async throws -> Response {
    let now = req.clock.now
    let location = SiteURL.apiRequestMessages(.value(request.number)).path
    let message = MessageBox()
    let record: @Sendable (any Database, Message) async throws -> Void = { db, stored in
      message.value = APIRequestQueries.message(stored)
      guard let claim else { return }
      try await Idempotency.record(
        claim, status: .created, location: location,
        body: try APIResponse.encoder.encode(APIRequestQueries.message(stored)), now: now, on: db)
    }
    let requestID = try request.requireID()
    do {
      if input.internal == true {
        try await RequestWork.note(
          requestID: requestID, body: input.body, in: req.workContext(staff), on: req.db, alongside: record)
      } else {
        try await RequestWork.reply(
          requestID: requestID, body: input.body, in: req.workContext(staff), on: req.db, alongside: record)
      }
    } catch let error as WorkspaceError {
      let slug =
        switch error.status {
        case .unprocessableEntity: "invalid-field"
        case .notFound: "not-found"
        default: "conflict"
        }
      throw APIProblem(error.status, slug, error.message(in: .en))
    }
    guard let dto = message.value else { throw Abort(.internalServerError) }
    return try APIResponse.json(dto, status: .created, location: location)
  }

  func attachments(_ req: Request) async throws -> Response {
    let request = try await visibleRequest(req)
    let files = try await APIRequestQueries.attachments(of: request, for: req.viewer, on: req.db)
    return try APIResponse.json(
      APIPage(items: files.map { APIRequestQueries.attachment($0, number: request.number) }, next: nil))
  }

  struct UploadInput: Content {
    var file: File?
  }

  /// What makes two uploads the same, for `Idempotency-Key`.
  struct UploadFingerprint: Encodable {
    var filename: String
    var sha256: String
  }

  /// A customer adds one file to a request (multipart field `file`), with the portal's rules (`AttachmentStore`):
  /// allowed types whose first bytes match, at most 10 MB, at most 10 files per request. The file is written under a
  /// random name first and its row stored in a transaction; a failure removes the file again.
  func upload(_ req: Request) async throws -> Response {
    let contact = try req.signedInContact()
    let request = try await visibleRequest(req)
    let requestID = try request.requireID()
    guard req.headers.contentType?.type == "multipart", req.headers.contentType?.subType == "form-data" else {
      throw APIProblem(.unsupportedMediaType, "unsupported-media-type", "Send the file as multipart/form-data.")
    }
    let input = try req.content.decode(UploadInput.self)
    let uploads = Upload.from(input.file.map { [$0] })
    guard !uploads.isEmpty else {
      throw APIProblem(.unprocessableEntity, "invalid-field", "file: send one file in the multipart field \"file\".")
    }
    let upload = uploads[0]
    let claim = try Idempotency.claim(
      req, body: UploadFingerprint(filename: upload.filename, sha256: SHA256.hash(data: upload.data).hex))
    return try await Idempotency.run(claim, on: req.db) {
      let now = req.clock.now
      let existing = try await Attachment.query(on: req.db).filter(\.$request.$id == requestID).count()
      let accepted: [AcceptedUpload]
      do {
        accepted = try AttachmentStore.accept(uploads, alreadyAttached: existing)
      } catch let problem as AttachmentProblem {
        throw APIProblem(.unprocessableEntity, "attachment-refused", problem.message(.en))
      }
      let store = req.attachmentStore
      let files = try await store.write(accepted, contactID: contact.id, now: now, pending: false)
      let location = SiteURL.apiRequestAttachments(.value(request.number)).path
      let rows: [Attachment]
      do {
        rows = try await req.dialect.writeTransaction(on: req.db) { db in
          var rows: [Attachment] = []
          for file in files {
            let row = Attachment(file, requestID: requestID, messageID: nil, createdAt: now)
            try await row.create(on: db)
            rows.append(row)
          }
          if let claim {
            let page = APIPage(items: rows.map { APIRequestQueries.attachment($0, number: request.number) }, next: nil)
            try await Idempotency.record(
              claim, status: .created, location: location, body: try APIResponse.encoder.encode(page), now: now,
              on: db)
          }
          return rows
        }
      } catch {
        await store.remove(files.map(\.storageName))
        throw error
      }
      if let stored = try await Idempotency.firstAnswer(claim, on: req.db) { return stored }
      return try APIResponse.json(
        APIPage(items: rows.map { APIRequestQueries.attachment($0, number: request.number) }, next: nil),
        status: .created, location: location)
    }
  }

  func attachment(_ req: Request) async throws -> Response {
    let request = try await visibleRequest(req)
    guard let id = req.parameters.get(.attachment, as: Int.self),
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
    guard let number = req.parameters.get(.number),
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
    headers.setLocation(location)
    return Response(status: status, headers: headers, body: .init(data: try encoder.encode(value)))
  }
}

/// Carries the message stored inside the reply's transaction out of it.
final class MessageBox: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: APIMessage?
  var value: APIMessage? {
    get { lock.withLock { stored } }
    set { lock.withLock { stored = newValue } }
  }
}
