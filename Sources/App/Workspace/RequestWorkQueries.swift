import Fluent
import Foundation
import SupportPolicy

/// Everything the request view shows, read in one place so the handler only renders.
struct RequestWorkView: Sendable {
  struct DecisionLine: Sendable {
    var outcome: Outcome
    var rules: [FiredRule]
    var policyVersion: String
    var decidedAt: Date
    var workCanStartAt: Date
    var overrideReason: String?
    var overriddenBy: String?
  }

  struct TimeLine: Sendable {
    var staffName: String
    var startedAt: Date
    var endedAt: Date?
    var minutes: Int
    var manual: Bool
    var note: String
  }

  struct EventLine: Sendable {
    var kind: String
    var at: Date
    var actorName: String?
    var data: [String: String]
    var visibleToCustomer: Bool
  }

  struct MessageLine: Sendable {
    var authorName: String
    var authorKind: ActorKind
    var visibility: MessageVisibility
    var body: String
    var createdAt: Date
  }

  struct LinkedItem: Sendable {
    var kind: KnowledgeLinkKind
    var itemID: Int
    var evidenceID: String
    var title: String
    var publishedAt: Date
    var counts: Bool
  }

  struct RepeatLink: Sendable {
    var number: String
    var subject: String
    var resolvedAt: Date?
    var clearInstructions: Bool
    var counts: Bool
  }

  struct StaffOption: Sendable {
    var id: Int
    var name: String
    var presence: Presence
  }

  var request: SupportRequest
  var programCode: String
  var assigneeName: String?
  var context: CustomerContext
  var clocks: SupportClocks
  var decision: DecisionLine?
  var history: [DecisionLine]
  /// What the policy says from the facts this minute (a running timer counts), when it differs from the stored one.
  var liveDecision: Decision?
  var minutesUsed: Int
  var freeLimitMinutes: Int
  var timeEntries: [TimeLine]
  var myTimerHere: RunningTimer?
  var myTimerElsewhere: RunningTimer?
  var events: [EventLine]
  var messages: [MessageLine]
  var repeatOf: RepeatLink?
  var repeatCandidates: [RepeatCandidate]
  var linked: [LinkedItem]
  var articleMatches: [ArticleMatch]
  var staff: [StaffOption]
}

enum RequestWorkQueries {
  static func view(
    number: String, staffID: Int, now: Date, policy: PolicyStore, on db: any Database
  ) async throws -> RequestWorkView {
    let requestID = try await RequestLocks.id(ofNumber: number, on: db)
    guard
      let request = try await SupportRequest.query(on: db).filter(\.$id == requestID).with(\.$program)
        .with(\.$assignee).first()
    else { throw WorkspaceError.requestNotFound }
    let staffNames = Dictionary(
      uniqueKeysWithValues: try await StaffUser.query(on: db).all().compactMap { s in s.id.map { ($0, s.name) } })
    let records = try await DecisionRecord.query(on: db).filter(\.$request.$id == requestID)
      .sort(\.$decidedAt, .descending).sort(\.$id, .descending).all()
    let lines = records.map { record in
      RequestWorkView.DecisionLine(
        outcome: record.outcome, rules: RequestDecisions.rules(of: record), policyVersion: record.policyVersion,
        decidedAt: record.decidedAt, workCanStartAt: record.workCanStartAt, overrideReason: record.overrideReason,
        overriddenBy: record.$overriddenBy.id.flatMap { staffNames[$0] })
    }
    let facts = try await FactsQueries.facts(for: request, now: now, on: db)
    let live = policy.engine.decide(facts)
    let current = lines.first
    let liveDiffers =
      current.map {
        $0.overrideReason == nil
          && ($0.outcome != live.outcome || Set($0.rules.map(\.id)) != Set(live.ruleIDs))
      }
      ?? true
    let events = try await RequestEvent.query(on: db).filter(\.$request.$id == requestID).sort(\.$at).sort(\.$id).all()
    let eventLines = events.map { event in
      RequestWorkView.EventLine(
        kind: event.kind, at: event.at, actorName: event.actorName,
        data: (try? JSONDecoder().decode([String: String].self, from: Data(event.data.utf8))) ?? [:],
        visibleToCustomer: event.visibleToCustomer)
    }
    let messages = try await Message.query(on: db).filter(\.$request.$id == requestID).sort(\.$createdAt).all()
    let entries = try await TimeEntry.query(on: db).filter(\.$request.$id == requestID).sort(\.$startedAt).all()
    let myTimer = try await TimeTracking.running(staffID: staffID, now: now, on: db)
    var repeatOf: RequestWorkView.RepeatLink?
    if let earlierID = request.$repeatOf.id, let earlier = try await SupportRequest.find(earlierID, on: db) {
      repeatOf = .init(
        number: earlier.number, subject: earlier.subject, resolvedAt: earlier.resolvedAt,
        clearInstructions: earlier.clearInstructions,
        counts: earlier.clearInstructions && (earlier.resolvedAt.map { $0 < request.submittedAt } ?? false))
    }
    let links = try await KnowledgeLink.query(on: db).filter(\.$request.$id == requestID).sort(\.$linkedAt).all()
    let staff = try await StaffUser.query(on: db).filter(\.$active == true).sort(\.$name).all()
    return RequestWorkView(
      request: request, programCode: request.program?.code ?? "", assigneeName: request.assignee?.name,
      context: try await CustomerContextQueries.context(for: request, on: db),
      clocks: SupportClocks.compute(
        channel: request.channel, submittedAt: request.submittedAt, arrangedAt: request.arrangedAt,
        acceptedAt: request.acceptedAt, resolvedAt: request.resolvedAt, status: request.status,
        events: events.map { ($0.kind, $0.at) }, now: now, policy: policy),
      decision: current, history: Array(lines.dropFirst()), liveDecision: liveDiffers ? live : nil,
      minutesUsed: facts.handlingMinutes, freeLimitMinutes: policy.configuration.freeLimitMinutes,
      timeEntries: entries.map {
        .init(
          staffName: staffNames[$0.$staff.id] ?? "?", startedAt: $0.startedAt, endedAt: $0.endedAt,
          minutes: $0.endedAt == nil ? max(0, Int(now.timeIntervalSince($0.startedAt) / 60)) : $0.minutes,
          manual: $0.manual, note: $0.note)
      },
      myTimerHere: myTimer?.requestID == requestID ? myTimer : nil,
      myTimerElsewhere: myTimer.flatMap { $0.requestID == requestID ? nil : $0 },
      events: eventLines,
      messages: messages.map {
        .init(
          authorName: $0.authorName, authorKind: $0.authorKind, visibility: $0.visibility, body: $0.body,
          createdAt: $0.createdAt)
      },
      repeatOf: repeatOf, repeatCandidates: try await RepeatCandidates.candidates(for: request, on: db),
      linked: links.map {
        .init(
          kind: $0.kind, itemID: $0.itemID, evidenceID: $0.evidenceID, title: $0.title, publishedAt: $0.publishedAt,
          counts: $0.publishedAt < request.submittedAt)
      },
      articleMatches: try await ArticleMatches.matches(for: request, now: now, on: db),
      staff: staff.compactMap { member in member.id.map { .init(id: $0, name: member.name, presence: member.presence) }
      }
    )
  }
}
