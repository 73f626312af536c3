import Fluent
import Foundation
import SupportPolicy
import Vapor

/// The customer portal: new request with its live verdict and suggestions, "My requests", a request's page with
/// its timeline and conversation, replies, attachment downloads and "How we decide". Every page needs a signed-in
/// contact (anonymous visitors go to sign-in and come back), and every request is looked up through
/// `RequestAccess`, so another organisation's request is a plain 404 whatever number is in the URL.
struct PortalController {
  struct NewRequestInput: Content {
    var program: String?
    var category: String?
    var dataCorrection: String?
    var remoteConnection: String?
    var subject: String?
    var body: String?
    var paidConsent: String?
    var keepIfRefused: String?
    /// `check` (show the verdict and suggestions again) or `file`.
    var intent: String?
    /// "This answered my question": the reference of the article or newsletter issue.
    var answered: String?
    /// Files already uploaded with an earlier post of this form, and those the customer removes.
    var pending: [String]?
    var drop: [String]?
    var attachments: [File]?
  }

  struct ReplyInput: Content {
    var body: String?
    var attachments: [File]?
  }

  /// The live verdict for the script: HTML rendered by the same views as the page, so both say the same.
  struct LiveAssessment: Content {
    var outcome: String
    var verdict: String
    var suggestions: String
  }

  func home(_ req: Request) async throws -> Response {
    _ = try req.signedInContact()
    return req.redirect(toPath: SiteURL.portalRequests.path)
  }

  // MARK: My requests

  func requests(_ req: Request) async throws -> Response {
    let viewer = try req.signedInContact()
    let filter = RequestListFilter(
      status: .init(req.query[String.self, at: "status"]),
      text: String((req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(200)),
      page: max(1, min(req.query[Int.self, at: "page"] ?? 1, 10_000)))
    let (rows, total) = try await PortalRequestQueries.list(visibleTo: viewer, filter: filter, on: req.db)
    let organisation = try await Organisation.find(viewer.organisationID, on: req.db)
    return html(
      RequestListPage.render(
        .init(
          wording: req.wording, session: req.layoutSession, isOrganisationAdmin: viewer.isOrganisationAdmin,
          organisationName: organisation?.name ?? "", filter: filter, rows: rows, total: total)))
  }

  // MARK: New request

  func newRequestPage(_ req: Request) async throws -> Response {
    let viewer = try req.signedInContact()
    let now = req.clock.now
    let programs = try await availablePrograms(viewer, req)
    var values = NewRequestValues()
    values.programCode = try await defaultProgram(viewer, programs: programs, req)
    if let wanted = req.query[String.self, at: "program"], programs.contains(where: { $0.code == wanted }) {
      values.programCode = wanted
    }
    if let related = req.query[String.self, at: "related"],
      let earlier = try await RequestAccess.request(number: related, visibleTo: viewer, on: req.db)
    {
      values.subject = String(
        (req.language.pick("Nadaljevanje zahteve ", "Follow-up to request ") + earlier.number + ": " + earlier.subject)
          .prefix(RequestFiling.subjectLimit))
      if let programID = earlier.$program.id, let program = programs.first(where: { $0.id == programID }) {
        values.programCode = program.code
      }
    }
    let (verdict, suggestions) = try await assess(values, viewer: viewer, programs: programs, now: now, req)
    return html(
      NewRequestPage.render(
        .init(
          wording: req.wording, session: req.layoutSession, csrf: req.csrfToken, programs: programs, values: values,
          verdict: verdict, suggestions: suggestions)))
  }

  func newRequest(_ req: Request) async throws -> Response {
    let viewer = try req.signedInContact()
    let l = req.language
    let now = req.clock.now
    let input = try req.content.decode(NewRequestInput.self)
    let programs = try await availablePrograms(viewer, req)
    var (values, errors) = Self.values(from: input, programs: programs, language: l)
    let store = req.attachmentStore

    // Files chosen earlier stay with the form; those the customer removed go.
    let dropped = Set(input.drop ?? [])
    var pending = await store.pending(input.pending ?? [], contactID: viewer.id)
    let removed = pending.filter { dropped.contains($0.storageName) }
    pending.removeAll { dropped.contains($0.storageName) }
    await store.remove(removed.map(\.storageName))

    if let reference = input.answered {
      guard
        let answer = try await Deflections.record(
          reference: reference, contactID: viewer.id, query: values.text, now: now, on: req.db)
      else { throw Abort(.notFound, reason: "Tega članka ni. / This article does not exist.") }
      await store.remove(pending.map(\.storageName))
      return html(DeflectedPage.render(.init(wording: req.wording, session: req.layoutSession, suggestion: answer)))
    }

    do {
      let accepted = try AttachmentStore.accept(Upload.from(input.attachments), alreadyAttached: pending.count)
      if !accepted.isEmpty {
        pending += try await store.write(accepted, contactID: viewer.id, now: now, pending: true)
        try? await store.sweepAbandoned(now: now, on: req.db)
      }
    } catch let problem as AttachmentProblem {
      errors[.attachments] = problem.message(l)
    }

    let wantsToFile = input.intent != "check"
    if wantsToFile && errors.isEmpty {
      var draft = draft(values, viewer: viewer)
      draft.attachments = pending
      do {
        let result = try await RequestFiling.file(
          draft, by: .contact(viewer), now: now, policy: req.policy, mail: mailSettings(req), dialect: req.dialect,
          on: req.db)
        await store.markFiled(pending)
        return req.redirect(toPath: SiteURL.portalRequest(.value(result.number)).path + "?filed=1")
      } catch let error as FilingError {
        errors[Self.field(of: error)] = error.message(l, to: .customer)
      }
    }

    let (verdict, suggestions) = try await assess(values, viewer: viewer, programs: programs, now: now, req)
    let summary =
      errors.isEmpty
      ? nil
      : (wantsToFile
        ? l.pick("Zahteve še nismo oddali. Popravite:", "The request has not been submitted yet. Please fix:")
        : l.pick("Preverite:", "Please check:"))
    return html(
      NewRequestPage.render(
        .init(
          wording: req.wording, session: req.layoutSession, csrf: req.csrfToken, programs: programs, values: values,
          verdict: verdict, suggestions: suggestions, pending: pending, errors: errors, summary: summary)),
      status: errors.isEmpty ? .ok : .unprocessableEntity)
  }

  /// The verdict and suggestions for what is entered so far, for the script (no files, nothing stored).
  func live(_ req: Request) async throws -> LiveAssessment {
    let viewer = try req.signedInContact()
    let l = req.language
    let input = try req.content.decode(NewRequestInput.self)
    let programs = try await availablePrograms(viewer, req)
    let (values, _) = Self.values(from: input, programs: programs, language: l)
    let (verdict, suggestions) = try await assess(values, viewer: viewer, programs: programs, now: req.clock.now, req)
    let searched = !values.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    return LiveAssessment(
      outcome: verdict?.outcome.rawValue ?? "",
      verdict: verdict.map { PortalComponents.verdict($0, language: l, live: true).render() } ?? "",
      suggestions: PortalComponents.suggestions(suggestions, searched: searched, language: l).render())
  }

  // MARK: One request

  func request(_ req: Request) async throws -> Response {
    let viewer = try req.signedInContact()
    let request = try await visibleRequest(req, viewer)
    let l = req.language
    var notice: String?
    if req.query[String.self, at: "filed"] == "1" {
      notice = l.pick(
        "Zahtevo smo prejeli. Potrdilo smo poslali na \(viewer.email).",
        "We have received your request. A confirmation was sent to \(viewer.email).")
    }
    switch req.query[String.self, at: "replied"] {
    case "reopened":
      notice = l.pick("Odgovor je dodan; zahtevo smo ponovno odprli.", "Reply added; the request is reopened.")
    case "resumed":
      notice = l.pick(
        "Odgovor je dodan; zahteva je spet v reševanju.", "Reply added; the request is being worked on again.")
    case "added": notice = l.pick("Odgovor je dodan.", "Reply added.")
    default: break
    }
    return html(RequestDetailPage.render(try await detailModel(req, viewer: viewer, request: request, notice: notice)))
  }

  func reply(_ req: Request) async throws -> Response {
    let viewer = try req.signedInContact()
    let request = try await visibleRequest(req, viewer)
    let l = req.language
    let now = req.clock.now
    let input = try req.content.decode(ReplyInput.self)
    let text = input.body ?? ""
    func again(_ error: String) async throws -> Response {
      var model = try await detailModel(req, viewer: viewer, request: request, notice: nil)
      model.replyText = text
      model.replyError = error
      return html(RequestDetailPage.render(model), status: .unprocessableEntity)
    }
    guard CustomerReplies.canReply(to: request, now: now) else {
      return try await again(
        l.pick(
          "Pogovor o tej zahtevi je zaključen; oddajte novo zahtevo.",
          "The conversation on this request is over; please file a new request."))
    }
    do {
      _ = try CustomerReplies.validate(text)
    } catch let error as CustomerReplies.ReplyError {
      return try await again(
        error == .tooLong
          ? l.pick("Sporočilo je predolgo.", "The message is too long.")
          : l.pick("Napišite sporočilo.", "Please write a message."))
    }
    let accepted: [AcceptedUpload]
    do {
      accepted = try AttachmentStore.accept(Upload.from(input.attachments))
    } catch let problem as AttachmentProblem {
      return try await again(problem.message(l))
    }
    let store = req.attachmentStore
    let files = try await store.write(accepted, contactID: viewer.id, now: now, pending: false)
    let effect: CustomerReplies.Effect
    do {
      effect = try await CustomerReplies.reply(
        to: request, by: viewer, text: text, files: files, now: now, dialect: req.dialect, on: req.db)
    } catch {
      await store.remove(files.map(\.storageName))
      throw error
    }
    let outcome =
      switch effect {
      case .added: "added"
      case .resumed: "resumed"
      case .reopened: "reopened"
      }
    return req.redirect(
      toPath: SiteURL.portalRequest(.value(request.number)).path + "?replied=" + outcome + "#conversation-title")
  }

  func attachment(_ req: Request) async throws -> Response {
    let viewer = try req.signedInContact()
    let request = try await visibleRequest(req, viewer)
    guard let id = req.parameters.get(.attachment, as: Int.self),
      let attachment = try await PortalRequestQueries.attachment(id: id, of: request, on: req.db),
      AttachmentStore.isStorageName(attachment.storageName)
    else { throw Self.notFound }
    return try await Self.download(attachment, notFound: Self.notFound, req)
  }

  /// A stored file, always as a download under its own name and never sniffed; the portal and the API serve files
  /// through this one function.
  static func download(_ attachment: Attachment, notFound: any Error, _ req: Request) async throws -> Response {
    let path = req.attachmentStore.path(for: attachment.storageName)
    guard FileManager.default.fileExists(atPath: path) else { throw notFound }
    let response = try await req.fileio.asyncStreamFile(at: path)
    response.headers.replaceOrAdd(name: .contentType, value: attachment.contentType)
    response.headers.replaceOrAdd(name: .contentDisposition, value: Self.contentDisposition(attachment.filename))
    response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
    response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
    return response
  }

  // MARK: Public pages and assets

  func policy(_ req: Request) async throws -> Response {
    html(
      PolicyPage.render(
        .init(wording: req.wording, session: req.layoutSession, policy: req.policy.configuration)))
  }

  func script(_ req: Request) async -> Response {
    var headers = HTTPHeaders()
    headers.contentType = HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"])
    headers.cacheControl = .init(isPublic: true, maxAge: 3600)
    return Response(status: .ok, headers: headers, body: .init(string: PortalScript.javascript))
  }

  // MARK: Helpers

  static let notFound = Abort(.notFound, reason: "Te strani ni. / This page does not exist.")

  func visibleRequest(_ req: Request, _ viewer: ContactViewer) async throws -> SupportRequest {
    guard let number = req.parameters.get(.number),
      let request = try await RequestAccess.request(number: number, visibleTo: viewer, on: req.db)
    else { throw Self.notFound }
    return request
  }

  func availablePrograms(_ viewer: ContactViewer, _ req: Request) async throws -> [Program] {
    let today = ISO8601.localDate(of: req.clock.now, in: req.policy.configuration.timeZone)
    return try await ContractPrograms.available(organisationID: viewer.organisationID, today: today, on: req.db)
  }

  /// The first program (by code) the contact was trained for, so the first verdict is about something they use.
  func defaultProgram(_ viewer: ContactViewer, programs: [Program], _ req: Request) async throws -> String {
    let trained = Set(try await Training.query(on: req.db).filter(\.$contact.$id == viewer.id).all().map(\.$program.id))
    return (programs.first { $0.id.map(trained.contains) ?? false } ?? programs.first)?.code ?? ""
  }

  func draft(_ values: NewRequestValues, viewer: ContactViewer) -> RequestDraft {
    RequestDraft(
      organisationID: viewer.organisationID, contactID: viewer.id, programCode: values.programCode, channel: .portal,
      category: values.category, dataCorrection: values.dataCorrection, remoteConnection: values.remoteConnection,
      subject: values.subject, body: values.body, paidConsent: values.paidConsent,
      keepIfRefused: values.keepIfRefused)
  }

  /// The verdict (nil while no valid program is chosen) and the suggestions for the values.
  func assess(
    _ values: NewRequestValues, viewer: ContactViewer, programs: [Program], now: Date, _ req: Request
  ) async throws -> (Verdict?, [KnowledgeSuggestion]) {
    let program = programs.first { $0.code == values.programCode }
    var verdict: Verdict?
    if program != nil {
      let (_, decision) = try await RequestFiling.preview(
        draft(values, viewer: viewer), now: now, policy: req.policy, on: req.db)
      verdict = Verdict(decision: decision, policy: req.policy.configuration, now: now, language: req.language)
    }
    let suggestions = try await KnowledgeSuggestions.matching(
      values.text, programID: program?.id, now: now, on: req.db)
    return (verdict, suggestions)
  }

  func mailSettings(_ req: Request) -> MailSettings {
    MailSettings(publicURL: req.application.configuration.publicURL, mailFrom: req.application.configuration.mailFrom)
  }

  /// Reads the form into values, noting a program outside the contract and an unknown category.
  static func values(
    from input: NewRequestInput, programs: [Program], language l: Language
  ) -> (NewRequestValues, [NewRequestField: String]) {
    var errors: [NewRequestField: String] = [:]
    var values = NewRequestValues()
    values.programCode = (input.program ?? "").trimmingCharacters(in: .whitespaces)
    if !programs.contains(where: { $0.code == values.programCode }) {
      errors[.program] = FilingError.invalid(.program, .unknown).message(l, to: .customer)
    }
    if let raw = input.category, !raw.isEmpty {
      if let category = RequestCategory(rawValue: raw) {
        values.category = category
      } else {
        errors[.category] = l.pick("Izberite, kaj potrebujete.", "Choose what you need.")
      }
    }
    values.dataCorrection = input.dataCorrection == "on"
    values.remoteConnection = input.remoteConnection == "on"
    values.subject = String((input.subject ?? "").prefix(RequestFiling.subjectLimit * 2))
    values.body = String((input.body ?? "").prefix(RequestFiling.bodyLimit * 2))
    values.paidConsent = input.paidConsent == "on"
    values.keepIfRefused = input.keepIfRefused == "on"
    return (values, errors)
  }

  /// The form field a filing error is shown at. An unknown organisation has no field of its own; the program
  /// choice is where the organisation's contract shows.
  static func field(of error: FilingError) -> NewRequestField {
    switch error {
    case .invalid(.subject, _): .subject
    case .invalid(.body, _): .body
    case .invalid(.program, _), .invalid(.organisation, _): .program
    case .consentRequired: .consent
    case .refused: .keep
    }
  }

  /// `attachment; filename="ASCII fallback"; filename*=UTF-8''percent-encoded`, so every browser saves the file
  /// under its own name and never shows it inline.
  static func contentDisposition(_ filename: String) -> String {
    let fallback = String(
      filename.unicodeScalars.map { scalar -> Character in
        scalar.isASCII && scalar.value >= 0x20 && scalar != "\"" && scalar != "\\" ? Character(scalar) : "_"
      })
    var allowed = CharacterSet.alphanumerics.intersection(
      CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
    allowed.insert(charactersIn: "-._~")
    let encoded = filename.addingPercentEncoding(withAllowedCharacters: allowed) ?? fallback
    return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
  }

  /// Builds the request page's model: everything the customer may see of the request, as it stands now.
  func detailModel(
    _ req: Request, viewer: ContactViewer, request: SupportRequest, notice: String?
  ) async throws -> RequestDetailPage.Model {
    let l = req.language
    let now = req.clock.now
    let db = req.db
    let requestID = try request.requireID()
    let program = try await request.$program.get(on: db)
    let contact = try await request.$contact.get(on: db)
    let position =
      request.status == .waiting
      ? try await WaitingListQueries.position(of: requestID, now: now, policy: req.policy, on: db) : nil
    let events = try await PortalRequestQueries.timeline(requestID: requestID, on: db)
    let messages = try await PortalRequestQueries.conversation(requestID: requestID, on: db)
    let attachments = try await PortalRequestQueries.attachments(requestID: requestID, on: db)
    let decision = try await RequestDecisions.current(requestID: requestID, on: db)

    func links(messageID: Int?) -> [RequestDetailPage.FileLink] {
      attachments.filter { $0.$message.id == messageID }.compactMap { file in
        file.id.map {
          RequestDetailPage.FileLink(
            filename: file.filename, size: file.size,
            url: SiteURL.portalAttachment(.value(request.number), .value($0)).path)
        }
      }
    }
    var conversation = [
      RequestDetailPage.ConversationEntry(
        author: contact?.name ?? l.pick("Stranka", "Customer"), fromCustomer: true, at: request.submittedAt,
        body: request.body, files: links(messageID: nil))
    ]
    conversation += messages.map { message in
      RequestDetailPage.ConversationEntry(
        author: message.authorKind == .contact
          ? message.authorName : message.authorName + l.pick(" (podpora)", " (support)"),
        fromCustomer: message.authorKind == .contact, at: message.createdAt, body: message.body,
        files: links(messageID: message.id))
    }
    return RequestDetailPage.Model(
      wording: req.wording, session: req.layoutSession, csrf: req.csrfToken, number: request.number,
      subject: request.subject,
      status: request.status, program: program.map { PortalWording.program($0, l) } ?? "–", category: request.category,
      channel: request.channel, contactName: contact?.name, submittedAt: request.submittedAt, position: position,
      verdict: decision.map { Verdict(record: $0, policy: req.policy.configuration, now: now, language: l) },
      timeline: TimelineWording.entries(events, request: request, position: position, now: now, wording: req.wording),
      conversation: conversation, canReply: CustomerReplies.canReply(to: request, now: now), notice: notice)
  }
}
