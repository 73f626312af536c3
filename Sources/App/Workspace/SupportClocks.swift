import Foundation
import SupportPolicy

/// The acceptance and resolution clocks of one request, counted in open support time.
///
/// - Acceptance: from submission (or the arranged time, for an arranged request) until an agent accepts it,
///   against the channel's target from the policy file (defaults 4 open hours portal, 8 e-mail and phone).
/// - Resolution: from acceptance until the solution, for information; no target is configured.
/// - Both stand still while the request waits for the customer: from a `waiting_for_customer` event until the
///   next event that ends the wait (the customer's reply, the agent resuming, resolving, refusing, …).
struct SupportClocks: Sendable, Equatable {
  var acceptanceTargetSeconds: Int
  var acceptanceDeadline: Date
  /// Open seconds from the clock's start until acceptance (or now, while waiting), without paused time.
  var acceptanceUsedSeconds: Int
  var accepted: Bool
  /// Open seconds until the deadline; negative once it has passed without acceptance.
  var acceptanceRemainingSeconds: Int
  var acceptanceBreached: Bool
  /// Open seconds from acceptance until resolution (or now), without paused time; nil before acceptance.
  var resolutionUsedSeconds: Int?
  var pausedSeconds: Int
  var pausedNow: Bool

  /// The events that start and end a pause.
  static let pauseStart: Set<TimelineEvent> = [.waitingForCustomer]
  static let pauseEnd: Set<TimelineEvent> = [
    .customerReplied, .resumed, .accepted, .resolved, .closed, .refused, .reopened, .readmitted,
  ]

  /// The intervals in which the request waited for the customer; the last one is open while it still waits.
  static func pauses(events: [(kind: String, at: Date)], waitingNow: Bool, now: Date) -> [DateInterval] {
    var result: [DateInterval] = []
    var started: Date?
    for event in events.sorted(by: { $0.at < $1.at }) {
      guard let kind = TimelineEvent(rawValue: event.kind) else { continue }
      if pauseStart.contains(kind) {
        if started == nil { started = event.at }
      } else if pauseEnd.contains(kind), let start = started {
        result.append(DateInterval(start: start, end: max(start, event.at)))
        started = nil
      }
    }
    if let start = started, waitingNow { result.append(DateInterval(start: start, end: max(start, now))) }
    return result
  }

  static func compute(
    channel: RequestChannel, submittedAt: Date, arrangedAt: Date?, acceptedAt: Date?, resolvedAt: Date?,
    status: RequestStatus, events: [(kind: String, at: Date)], now: Date, policy: PolicyStore
  ) -> SupportClocks {
    let calendar = policy.calendar
    let pauses = pauses(events: events, waitingNow: status == .waitingForCustomer, now: now)
    func paused(from: Date, to: Date) -> Int {
      pauses.reduce(0) { total, pause in
        let start = max(pause.start, from)
        let end = min(pause.end, to)
        return end > start ? total + calendar.openSeconds(from: start, to: end) : total
      }
    }
    let start = max(submittedAt, arrangedAt ?? submittedAt)
    let targetSeconds = Int(
      (policy.configuration.acceptanceTargetHours.hours(for: RequestFacts.Channel(channel)) * 3600).rounded())
    let acceptanceEnd = acceptedAt ?? now
    let acceptancePaused = paused(from: start, to: acceptanceEnd)
    let used = max(0, calendar.openSeconds(from: start, to: acceptanceEnd) - acceptancePaused)
    // Paused time moves the deadline: the target counts only time the request could be worked on.
    let deadline = calendar.add(seconds: targetSeconds + acceptancePaused, to: start)
    var resolutionUsed: Int?
    var resolutionPaused = 0
    if let acceptedAt {
      let end = resolvedAt ?? now
      resolutionPaused = paused(from: acceptedAt, to: end)
      resolutionUsed = max(0, calendar.openSeconds(from: acceptedAt, to: end) - resolutionPaused)
    }
    return SupportClocks(
      acceptanceTargetSeconds: targetSeconds, acceptanceDeadline: deadline, acceptanceUsedSeconds: used,
      accepted: acceptedAt != nil, acceptanceRemainingSeconds: targetSeconds - used,
      acceptanceBreached: used > targetSeconds, resolutionUsedSeconds: resolutionUsed,
      pausedSeconds: acceptancePaused + resolutionPaused, pausedNow: status == .waitingForCustomer)
  }
}
