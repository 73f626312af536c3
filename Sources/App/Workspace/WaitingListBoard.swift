import Fluent
import Foundation
import SQLKit
import SupportPolicy

/// The class a waiting request is shown in: how it came, or that it was arranged.
enum WaitingClass: String, CaseIterable, Sendable {
  case arranged, portal, email, phone

  init(channel: RequestChannel, arrangedAt: Date?) {
    if arrangedAt != nil {
      self = .arranged
    } else {
      switch channel {
      case .portal: self = .portal
      case .email: self = .email
      case .phone: self = .phone
      }
    }
  }

  func label(in language: Language) -> String {
    switch self {
    case .arranged: language.pick("Dogovorjeno", "Arranged")
    case .portal: language.pick("Portal", "Portal")
    case .email: language.pick("E-pošta", "E-mail")
    case .phone: language.pick("Telefon", "Phone")
    }
  }
}

/// One line of the waiting list as the workspace shows it.
struct WaitingLine: Sendable, Equatable {
  var requestID: Int
  var number: String
  var subject: String
  var organisation: String
  var contact: String?
  var program: String
  var waitingClass: WaitingClass
  /// An e-mail or phone request that waited so long it joined the portal class.
  var promoted: Bool
  /// An arranged request whose time has not come: nobody may take it yet.
  var arrangedLater: Bool
  var arrangedAt: Date?
  var submittedAt: Date
  var outcome: Outcome
  /// Place in the whole list (0: the head), whatever the filters.
  var position: Int
  var estimatedStart: Date
  var clocks: SupportClocks
}

struct WaitingListFilter: Sendable, Equatable {
  var programCode: String?
  var waitingClass: WaitingClass?
}

struct WaitingBoard: Sendable {
  var lines: [WaitingLine]
  /// Lines before filtering.
  var total: Int
  var breached: Int
  var agentsOnDuty: Int
  var averageHandlingSeconds: Int
  var programs: [String]
}

/// The waiting list in the policy engine's order, with each request's class, age in support time, acceptance target,
/// what is left of it, breaches, and the estimated start that the agents on duty give it.
enum WaitingListBoard {
  static func board(
    filter: WaitingListFilter, now: Date, policy: PolicyStore, on db: any Database
  ) async throws -> WaitingBoard {
    let ordered = try await WaitingListQueries.ordered(now: now, policy: policy, on: db)
    let agents = try await WaitingListQueries.agentsOnDuty(on: db)
    let average = try await WaitingListQueries.averageHandlingSeconds(now: now, on: db)
    let programs = try await Program.query(on: db).sort(\.$code).all()
    let codes = Dictionary(uniqueKeysWithValues: programs.compactMap { p in p.id.map { ($0, p.code) } })
    let ids = ordered.map(\.id)
    let requests = Dictionary(
      uniqueKeysWithValues: try await SupportRequest.query(on: db).filter(\.$id ~~ ids).with(\.$organisation)
        .with(\.$contact).all().compactMap { r in r.id.map { ($0, r) } })
    var lines: [WaitingLine] = []
    for (position, entry) in ordered.enumerated() {
      guard let request = requests[entry.id] else { continue }
      let kind = WaitingList.classify(
        entry, now: now, calendar: policy.calendar,
        promotionAfterSeconds: policy.configuration.promotionAfterSupportSeconds)
      let waitingClass = WaitingClass(channel: request.channel, arrangedAt: request.arrangedAt)
      let estimate =
        kind == .arrangedLater
        ? (request.arrangedAt ?? now)
        : WaitingList.estimateStart(
          position: position, now: now, agentsOnDuty: agents, averageHandlingSeconds: average,
          calendar: policy.calendar)
      lines.append(
        WaitingLine(
          requestID: entry.id, number: request.number, subject: request.subject,
          organisation: request.organisation.name, contact: request.contact?.name,
          program: request.$program.id.flatMap { codes[$0] } ?? "", waitingClass: waitingClass,
          promoted: request.channel != .portal && request.arrangedAt == nil && kind == .portal,
          arrangedLater: kind == .arrangedLater, arrangedAt: request.arrangedAt, submittedAt: request.submittedAt,
          outcome: request.outcome, position: position, estimatedStart: estimate,
          clocks: SupportClocks.compute(
            channel: request.channel, submittedAt: request.submittedAt, arrangedAt: request.arrangedAt,
            acceptedAt: nil, resolvedAt: nil, status: .waiting, events: [], now: now, policy: policy)))
    }
    let filtered = lines.filter { line in
      (filter.programCode.map { $0 == line.program } ?? true)
        && (filter.waitingClass.map { $0 == line.waitingClass } ?? true)
    }
    return WaitingBoard(
      lines: filtered, total: lines.count, breached: lines.filter(\.clocks.acceptanceBreached).count,
      agentsOnDuty: agents, averageHandlingSeconds: average, programs: programs.map(\.code))
  }

  /// The requests an agent works on now: assigned to them, in resolution or waiting for the customer.
  static func mine(staffID: Int, on db: any Database) async throws -> [SupportRequest] {
    try await SupportRequest.query(on: db).filter(\.$assignee.$id == staffID)
      .filter(\.$status ~~ [.inProgress, .waitingForCustomer]).sort(\.$acceptedAt).with(\.$organisation).all()
  }
}
