import Fluent
import Foundation
import SupportPolicy

/// What a customer (portal), an agent (phone intake) or the mail intake wants to file.
struct RequestDraft: Sendable {
  var organisationID: Int
  var contactID: Int?
  var programCode: String
  var channel: RequestChannel
  var category: RequestCategory
  var dataCorrection = false
  var remoteConnection = false
  var needsTraining = false
  var subject: String
  var body: String
  /// The customer ticked that they accept a paid outcome.
  var paidConsent = false
  /// The customer wants a refused request kept as a record anyway, so nothing they wrote is lost.
  var keepIfRefused = false
  /// Files already written by `AttachmentStore`; their rows are stored in the filing's transaction.
  var attachments: [StoredUpload] = []
}

/// Why a draft cannot be filed. Every channel shows it through `message(_:to:)` (or the API's `apiDetail`), so the
/// wording is in one place and no caller reads meaning out of strings.
enum FilingError: Error, Equatable {
  case invalid(FilingField, FilingProblem)
  /// The decision is paid and the customer has not accepted paying.
  case consentRequired
  /// The decision is a refusal and the customer did not ask to keep the request anyway.
  case refused

  /// Who reads the message: the customer in the portal, or the agent filing a call for a caller.
  enum Reader { case customer, agent }

  func message(_ l: Language, to reader: Reader) -> String {
    switch (self, reader) {
    case (.invalid(.organisation, _), .customer):
      l.pick(
        "Vaša organizacija pri nas še ni urejena, zato zahteve ne morete oddati. Pokličite nas ali pišite podpori.",
        "Your organisation is not set up with us yet, so you cannot submit a request. Please call or write to support."
      )
    case (.invalid(.organisation, _), .agent):
      l.pick(
        "Organizacija klicatelja ni urejena v zaledju; uredite jo, preden oddate zahtevo.",
        "The caller's organisation is not set up in the back office; set it up before filing.")
    case (.invalid(.program, _), .customer):
      l.pick(
        "Izberite program, ki ga pokriva pogodba vaše organizacije.",
        "Choose a program covered by your organisation's contract.")
    case (.invalid(.program, _), .agent): l.pick("Izberite program.", "Choose a program.")
    case (.invalid(.subject, .empty), _): l.pick("Vpišite zadevo.", "Enter a subject.")
    case (.invalid(.subject, _), .customer):
      l.pick(
        "Zadeva je predolga (največ \(RequestFiling.subjectLimit) znakov).",
        "The subject is too long (at most \(RequestFiling.subjectLimit) characters).")
    case (.invalid(.subject, _), .agent): l.pick("Zadeva je predolga.", "The subject is too long.")
    case (.invalid(.body, .empty), .customer):
      l.pick("Opišite, pri čem potrebujete pomoč.", "Describe what you need help with.")
    case (.invalid(.body, .empty), .agent): l.pick("Vpišite, kaj klicatelj sprašuje.", "Enter what the caller asks.")
    case (.invalid(.body, _), .customer):
      l.pick(
        "Opis je predolg (največ \(RequestFiling.bodyLimit) znakov).",
        "The description is too long (at most \(RequestFiling.bodyLimit) characters).")
    case (.invalid(.body, _), .agent): l.pick("Besedilo je predolgo.", "The text is too long.")
    case (.consentRequired, .customer):
      l.pick(
        "Pomoč bo plačljiva: za oddajo označite, da se s tem strinjate.",
        "Help will be charged: tick that you agree in order to submit.")
    case (.consentRequired, .agent): l.pick("Potrebno je soglasje s plačilom.", "Consent to paying is needed.")
    case (.refused, .customer):
      l.pick(
        "Pomoči žal ne moremo nuditi. Če želite, da zahtevo vseeno shranimo kot zavrnjeno, to označite.",
        "We cannot help. If you want us to keep the request as refused anyway, tick this.")
    case (.refused, .agent):
      l.pick(
        "Po pravilih je zahteva zavrnjena. Povejte klicatelju razlog; če jo želite vseeno shraniti kot zapis, "
          + "označite »Shrani tudi, če je zavrnjena«.",
        "The policy refuses this request. Tell the caller why; to save it as a record anyway, tick "
          + "\"Save it even if refused\".")
    }
  }

  /// The JSON API's problem type and detail (English, for programmers).
  var apiProblem: (type: String, detail: String) {
    switch self {
    case .invalid(.organisation, _):
      ("invalid-field", "The caller's organisation is not set up for support; contact support.")
    case .invalid(let field, let problem):
      (
        "invalid-field",
        problem == .tooLong
          ? "\(field.apiName) is too long (at most \(field.limit ?? 0) characters)."
          : "\(field.apiName) must not be empty."
      )
    case .consentRequired:
      ("consent-required", "Help on this request would be paid; send \"paidConsent\": true to accept the charge.")
    case .refused:
      (
        "refused",
        "The support policy refuses this request (see GET /portal/policy); send \"keepIfRefused\": true to keep it on"
          + " record as refused."
      )
    }
  }
}

/// The parts of a draft that `FilingError.invalid` can name.
enum FilingField: String, Sendable {
  case organisation, program, subject, body

  /// The field's name in the JSON API.
  var apiName: String { self == .body ? "description" : rawValue }
  var limit: Int? {
    switch self {
    case .subject: RequestFiling.subjectLimit
    case .body: RequestFiling.bodyLimit
    case .organisation, .program: nil
    }
  }
}

/// What is wrong with a `FilingField`.
enum FilingProblem: Sendable {
  case empty, tooLong
  /// Names nothing Podpora knows (a program code, an organisation without a record).
  case unknown
}

struct FilingResult: Sendable {
  var requestID: Int
  var number: String
  var decision: Decision
  var position: WaitingListPosition?
}

/// Files a request through the one path every channel takes: validate, decide by the policy, allocate a number,
/// store the request with its timeline and decision, and queue the confirmation, all in one transaction.
enum RequestFiling {
  static let subjectLimit = 200
  static let bodyLimit = 20_000

  /// Validates a draft and decides it as if filed now, without storing anything: the portal's live verdict and the
  /// phone intake's preview.
  static func preview(
    _ draft: RequestDraft, now: Date, policy: PolicyStore, on db: any Database
  ) async throws
    -> (facts: RequestFacts, decision: Decision)
  {
    let facts = try await draftFacts(draft, now: now, on: db)
    return (facts, policy.engine.decide(facts))
  }

  static func draftFacts(_ draft: RequestDraft, now: Date, on db: any Database) async throws -> RequestFacts {
    RequestFacts(
      channel: RequestFacts.Channel(draft.channel), submittedAt: now, program: draft.programCode,
      category: RequestFacts.Category(draft.category), dataCorrection: draft.dataCorrection,
      remoteConnection: draft.remoteConnection, needsTraining: draft.needsTraining, handlingMinutes: 0,
      organisation: try await FactsQueries.organisation(draft.organisationID, around: now, on: db),
      contact: try await FactsQueries.contact(draft.contactID, on: db))
  }

  static func validate(_ draft: RequestDraft) throws {
    let subject = draft.subject.trimmingCharacters(in: .whitespacesAndNewlines)
    let body = draft.body.trimmingCharacters(in: .whitespacesAndNewlines)
    if subject.isEmpty { throw FilingError.invalid(.subject, .empty) }
    if subject.count > subjectLimit { throw FilingError.invalid(.subject, .tooLong) }
    if body.isEmpty { throw FilingError.invalid(.body, .empty) }
    if body.count > bodyLimit { throw FilingError.invalid(.body, .tooLong) }
    if draft.programCode.isEmpty { throw FilingError.invalid(.program, .empty) }
  }

  /// `alongside` runs inside the filing's transaction once the request is stored (the API records its idempotency
  /// key there), so either both are written or neither is.
  static func file(
    _ draft: RequestDraft, by actor: TimelineActor, now: Date, policy: PolicyStore, mail: MailSettings,
    dialect: any DatabaseDialect, on db: any Database,
    alongside: (@Sendable (any Database, FilingResult) async throws -> Void)? = nil
  ) async throws -> FilingResult {
    try validate(draft)
    guard
      let program = try await Program.query(on: db).filter(\.$code == draft.programCode).first(),
      let programID = program.id
    else { throw FilingError.invalid(.program, .unknown) }
    let (facts, decision) = try await preview(draft, now: now, policy: policy, on: db)
    if decision.outcome == .refused && !draft.keepIfRefused { throw FilingError.refused }
    if decision.outcome == .paid && draft.channel == .portal && !draft.paidConsent { throw FilingError.consentRequired }

    let year = ISO8601.localDate(of: now, in: policy.configuration.timeZone).year
    let stored = try await dialect.writeTransaction(on: db) { db in
      let number = try await RequestNumberAllocator.next(year: year, on: db)
      let request = SupportRequest(
        number: number, organisationID: draft.organisationID, contactID: draft.contactID, programID: programID,
        channel: draft.channel, category: draft.category,
        subject: draft.subject.trimmingCharacters(in: .whitespacesAndNewlines),
        body: draft.body.trimmingCharacters(in: .whitespacesAndNewlines),
        status: decision.outcome == .refused ? .refused : .waiting, outcome: decision.outcome,
        submittedAt: now, dataCorrection: draft.dataCorrection, remoteConnection: draft.remoteConnection,
        needsTraining: draft.needsTraining, paidConsent: draft.paidConsent)
      if decision.outcome == .refused {
        request.refusedAt = now
        request.refusalReason = decision.rules.first { $0.id.outcome == .refused }?.id.rawValue
      }
      try await request.create(on: db)
      let requestID = try request.requireID()
      try await Timeline.append(
        .submitted, to: requestID, at: now, by: actor, data: ["channel": draft.channel.rawValue], on: db)
      if decision.outcome == .refused {
        try await Timeline.append(
          .refused, to: requestID, at: now, by: .system,
          data: [
            "rules": decision.rules.filter { $0.id.outcome == .refused }.map(\.id.rawValue).joined(separator: ",")
          ],
          on: db)
      } else {
        try await Timeline.append(
          .waitingList, to: requestID, at: now, by: .system,
          data: ["workCanStartAt": ISO8601.format(decision.workCanStartAt)], on: db)
      }
      for upload in draft.attachments {
        try await Attachment(upload, requestID: requestID, messageID: nil, createdAt: now).create(on: db)
      }
      _ = try await RequestDecisions.record(decision, facts: facts, requestID: requestID, now: now, on: db)
      try await Notifications.requestFiled(
        request, decision: decision, policy: policy, mail: mail, now: now, on: db)
      try await alongside?(db, FilingResult(requestID: requestID, number: number, decision: decision, position: nil))
      return (requestID, number)
    }
    let position =
      decision.outcome == .refused
      ? nil : try await WaitingListQueries.position(of: stored.0, now: now, policy: policy, on: db)
    return FilingResult(requestID: stored.0, number: stored.1, decision: decision, position: position)
  }
}

/// Where links in mail point and whose name mail carries; from the app's configuration.
struct MailSettings: Sendable {
  var publicURL: URL
  var mailFrom: String
  var senderDomain: String { Outbox.senderDomain(mailFrom: mailFrom) }
}
