import Fluent
import Foundation
import SupportPolicy
import Vapor

/// Everything a workspace action needs besides the database: who acts, when, under which policy, where mail links
/// point, and how the database takes writers. Built once per HTTP request; tests build it directly.
struct WorkContext: Sendable {
  var staff: StaffViewer
  var now: Date
  var policy: PolicyStore
  var mail: MailSettings
  var dialect: any DatabaseDialect

  var actor: TimelineActor { .staff(staff) }
}

extension Request {
  func workContext(_ staff: StaffViewer) -> WorkContext {
    let configuration = application.configuration
    return WorkContext(
      staff: staff, now: clock.now, policy: policy,
      mail: MailSettings(publicURL: configuration.publicURL, mailFrom: configuration.mailFrom), dialect: dialect)
  }
}

/// Why a workspace action was not done, in words the agent reads (Slovenian and English). Nothing is written when
/// one is thrown: every action checks before it changes anything, inside its transaction.
struct WorkspaceError: Error, Equatable, CustomStringConvertible {
  enum Kind: Sendable, Equatable {
    /// The form was filled in wrongly; `field` names the input.
    case invalid
    /// The request is not in a state that allows the action (or someone else changed it first).
    case conflict
    case notFound
    /// Work outside support hours that no arrangement of the organisation covers: `refuse.outside-hours`.
    case outsideHours
  }

  var kind: Kind
  var field: String?
  var sl: String
  var en: String

  func message(in language: Language) -> String { language.pick(sl, en) }
  var description: String { en }

  var status: HTTPResponseStatus {
    switch kind {
    case .invalid: .unprocessableEntity
    case .conflict, .outsideHours: .conflict
    case .notFound: .notFound
    }
  }

  static func invalid(_ field: String, _ sl: String, _ en: String) -> WorkspaceError {
    WorkspaceError(kind: .invalid, field: field, sl: sl, en: en)
  }

  static func conflict(_ sl: String, _ en: String) -> WorkspaceError {
    WorkspaceError(kind: .conflict, field: nil, sl: sl, en: en)
  }

  static let requestNotFound = WorkspaceError(
    kind: .notFound, field: nil, sl: "Zahteve ni.", en: "There is no such request.")

  static func wrongStatus(_ status: RequestStatus, action: String) -> WorkspaceError {
    conflict(
      "Zahteva je v stanju »\(status.label(in: .sl))«, zato \(action) ni mogoče.",
      "The request is \(status.label(in: .en).lowercased()), so this cannot be done now.")
  }

  static func knowledge(_ error: KnowledgeEvidenceError) -> WorkspaceError {
    switch error {
    case .notFound(let id):
      invalid("item", "Članka ali e-novic \(id) ni.", "There is no article or newsletter issue \(id).")
    case .notPublished(let id):
      invalid("item", "\(id) ni objavljen.", "\(id) is not published.")
    case .notForCustomers(let id):
      invalid(
        "item", "\(id) je samo za osebje, zato ni odgovor, ki bi ga stranka lahko našla.",
        "\(id) is for staff only, so it is no answer the customer could have found.")
    }
  }

  static func outsideHours(_ rule: FiredRule, policy: PolicyStore) -> WorkspaceError {
    let next = rule.evidence["nextOpening"]?.stringValue.flatMap(ISO8601.parse)
    let slWhen = next.map { " Podpora se znova odpre \(policy.wording(.sl).supportTime($0))." }
    let enWhen = next.map { " Support opens again \(policy.wording(.en).supportTime($0))." }
    return WorkspaceError(
      kind: .outsideHours, field: nil,
      sl: "Izven delovnega časa podpore dela ni mogoče začeti ali beležiti, ker ga ne pokriva noben dogovor s "
        + "stranko (refuse.outside-hours)." + (slWhen ?? ""),
      en: "Work cannot be taken or logged outside support hours unless an arrangement with the customer covers it "
        + "(refuse.outside-hours)." + (enWhen ?? ""))
  }
}

extension RequestStatus {
  func label(in language: Language) -> String {
    switch self {
    case .waiting: language.pick("Na čakalni listi", "Waiting")
    case .inProgress: language.pick("V reševanju", "In progress")
    case .waitingForCustomer: language.pick("Čaka na stranko", "Waiting for the customer")
    case .resolved: language.pick("Rešena", "Resolved")
    case .closed: language.pick("Zaključena", "Closed")
    case .refused: language.pick("Zavrnjena", "Refused")
    }
  }
}

extension RequestChannel {
  func label(in language: Language) -> String {
    switch self {
    case .portal: language.pick("Portal", "Portal")
    case .email: language.pick("E-pošta", "E-mail")
    case .phone: language.pick("Telefon", "Phone")
    }
  }
}

extension RequestCategory {
  func label(in language: Language) -> String {
    switch self {
    case .usage: language.pick("Uporaba programa", "Using the program")
    case .error: language.pick("Napaka", "Error report")
    case .legislation: language.pick("Zakonodaja", "Legislation")
    case .businessOrganisation: language.pick("Organizacija poslovanja", "Business organisation")
    case .training: language.pick("Izobraževanje", "Training")
    case .otherRemoteService: language.pick("Druga storitev na daljavo", "Other remote service")
    }
  }
}

extension Presence {
  func label(in language: Language) -> String {
    switch self {
    case .onDuty: language.pick("Na voljo", "On duty")
    case .away: language.pick("Odsoten", "Away")
    case .atCustomerSite: language.pick("Pri stranki", "At a customer's site")
    }
  }
}

/// Loads and locks one request inside a write transaction, so two changes to it never interleave: PostgreSQL
/// holds the row lock until commit, SQLite's single writer excludes everyone else anyway.
enum RequestLocks {
  static func lock(_ requestID: Int, dialect: any DatabaseDialect, on db: any Database) async throws -> SupportRequest {
    guard let request = try await dialect.lockRow(SupportRequest.self, id: requestID, on: db) else {
      throw WorkspaceError.requestNotFound
    }
    return request
  }

  static func id(ofNumber number: String, on db: any Database) async throws -> Int {
    guard number.count <= 32,
      let request = try await SupportRequest.query(on: db).filter(\.$number == number).first(),
      let id = request.id
    else { throw WorkspaceError.requestNotFound }
    return id
  }

  /// Locks the request and checks it is in one of `allowed` states, then runs `body` in the same transaction.
  static func change<T: Sendable>(
    _ requestID: Int, allowed: Set<RequestStatus>, action: String, in context: WorkContext, on db: any Database,
    _ body: @escaping @Sendable (SupportRequest, any Database) async throws -> T
  ) async throws -> T {
    try await context.dialect.writeTransaction(on: db) { db in
      let request = try await lock(requestID, dialect: context.dialect, on: db)
      guard allowed.contains(request.status) else { throw WorkspaceError.wrongStatus(request.status, action: action) }
      return try await body(request, db)
    }
  }
}

/// The arrangements of one organisation that may cover work now, for `PolicyEngine.checkWorkTime`.
enum WorkTime {
  static func arrangements(
    organisationID: Int, around now: Date, on db: any Database
  ) async throws
    -> [RequestFacts.Arrangement]
  {
    try await Arrangement.query(on: db).filter(\.$organisation.$id == organisationID).filter(\.$endsAt > now)
      .filter(\.$startsAt <= now).all().map { RequestFacts.Arrangement(from: $0.startsAt, to: $0.endsAt) }
  }

  /// Throws `refuse.outside-hours` when support is closed at `now` and no arrangement of the organisation covers it.
  static func check(organisationID: Int, in context: WorkContext, on db: any Database) async throws {
    let arrangements = try await arrangements(organisationID: organisationID, around: context.now, on: db)
    if let refusal = context.policy.engine.checkWorkTime(at: context.now, arrangements: arrangements) {
      throw WorkspaceError.outsideHours(refusal, policy: context.policy)
    }
  }
}

extension KnowledgeReference {
  /// The article's or newsletter issue's id, as `KnowledgeLink.itemID` stores it.
  var itemID: Int {
    switch self {
    case .article(let id), .newsletter(let id): id
    }
  }
}
