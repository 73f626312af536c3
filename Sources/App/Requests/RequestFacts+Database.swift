import Fluent
import Foundation
import SupportPolicy

/// Gathers the facts the policy engine decides from, out of the database.
enum FactsQueries {
  /// Program codes by id; the table is tiny and the policy speaks in codes.
  static func programCodes(on db: any Database) async throws -> [Int: String] {
    var codes: [Int: String] = [:]
    for program in try await Program.query(on: db).all() { codes[try program.requireID()] = program.code }
    return codes
  }

  static func organisation(
    _ id: Int, around instant: Date, on db: any Database
  ) async throws
    -> RequestFacts.Organisation
  {
    guard let organisation = try await Organisation.find(id, on: db) else {
      throw FilingError.invalid(.organisation, .unknown)
    }
    let codes = try await programCodes(on: db)
    let setups = try await OrganisationProgram.query(on: db).filter(\.$organisation.$id == id).all()
    // Arrangements that ended long before the instant cannot cover it or anything after it.
    let arrangements = try await Arrangement.query(on: db).filter(\.$organisation.$id == id)
      .filter(\.$endsAt > instant - 86_400 * 30).all()
    return RequestFacts.Organisation(
      standing: organisation.standing == .overdue ? .overdue : .ok,
      onboardedPrograms: setups.filter(\.onboarded).compactMap { codes[$0.$program.id] },
      settingsInOrder: setups.filter(\.settingsInOrder).compactMap { codes[$0.$program.id] },
      arrangements: arrangements.map { RequestFacts.Arrangement(from: $0.startsAt, to: $0.endsAt) })
  }

  static func contact(_ id: Int?, on db: any Database) async throws -> RequestFacts.Contact {
    guard let id, let contact = try await Contact.find(id, on: db) else { return RequestFacts.Contact() }
    let codes = try await programCodes(on: db)
    let trainings = try await Training.query(on: db).filter(\.$contact.$id == id).all().compactMap {
      training -> RequestFacts.Training? in
      guard let code = codes[training.$program.id], let day = LocalDate(training.completedOn) else { return nil }
      return RequestFacts.Training(
        program: code, kind: training.kind == .seminar ? .seminar : .onboarding, completedOn: day)
    }
    return RequestFacts.Contact(newColleague: contact.newColleague, trainings: trainings)
  }

  /// Minutes logged on a request, counting a running timer up to `now`.
  static func handlingMinutes(requestID: Int, now: Date, on db: any Database) async throws -> Int {
    try await TimeEntry.query(on: db).filter(\.$request.$id == requestID).all().reduce(0) { total, entry in
      if entry.endedAt == nil { return total + max(0, Int(now.timeIntervalSince(entry.startedAt) / 60)) }
      return total + entry.minutes
    }
  }

  /// The facts of a stored request as they stand at `now`.
  static func facts(for request: SupportRequest, now: Date, on db: any Database) async throws -> RequestFacts {
    let requestID = try request.requireID()
    let codes = try await programCodes(on: db)
    let links = try await KnowledgeLink.query(on: db).filter(\.$request.$id == requestID).all()
    var repeats: [RequestFacts.RepeatEvidence] = []
    if let earlierID = request.$repeatOf.id, let earlier = try await SupportRequest.find(earlierID, on: db),
      let resolvedAt = earlier.resolvedAt
    {
      repeats.append(
        .init(request: Int64(earlierID), resolvedAt: resolvedAt, clearInstructions: earlier.clearInstructions))
    }
    return RequestFacts(
      channel: RequestFacts.Channel(request.channel), submittedAt: request.submittedAt,
      program: request.$program.id.flatMap { codes[$0] } ?? "",
      category: RequestFacts.Category(request.category), dataCorrection: request.dataCorrection,
      remoteConnection: request.remoteConnection, needsTraining: request.needsTraining,
      handlingMinutes: try await handlingMinutes(requestID: requestID, now: now, on: db),
      organisation: try await organisation(request.$organisation.id, around: request.submittedAt, on: db),
      contact: try await contact(request.$contact.id, on: db),
      knowledgeBaseEvidence: links.map {
        .init(kind: $0.kind == .newsletter ? .newsletter : .article, id: $0.evidenceID, publishedAt: $0.publishedAt)
      },
      repeatOf: repeats)
  }
}

extension RequestFacts.Channel {
  init(_ channel: RequestChannel) {
    switch channel {
    case .portal: self = .portal
    case .email: self = .email
    case .phone: self = .phone
    }
  }
}

extension RequestFacts.Category {
  init(_ category: RequestCategory) {
    self = RequestFacts.Category(rawValue: category.rawValue) ?? .usage
  }
}
