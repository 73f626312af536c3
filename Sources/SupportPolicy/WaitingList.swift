import Foundation

/// A request waiting to be accepted into resolution.
public struct WaitingListEntry<ID: Hashable & Sendable>: Hashable, Sendable {
  public var id: ID
  public var channel: RequestFacts.Channel
  public var submittedAt: Date
  /// The start of a prior arrangement to work on the request at that time, if any.
  public var arrangedAt: Date?

  public init(id: ID, channel: RequestFacts.Channel, submittedAt: Date, arrangedAt: Date? = nil) {
    self.id = id
    self.channel = channel
    self.submittedAt = submittedAt
    self.arrangedAt = arrangedAt
  }
}

/// Where a request stands on the waiting list.
public struct WaitingListPosition: Hashable, Sendable {
  /// How many requests are ahead (0: it is next).
  public var ahead: Int
  public var estimatedStart: Date
}

/// The order in which agents take requests, as pure functions of the entries and "now" (POLICY.md).
public enum WaitingList {
  /// The class an entry is in at `now`; lower classes are taken first.
  public enum Class: Int, Comparable, Sendable {
    /// Arranged requests whose arranged time has come: they were promised that time, so they go first, ordered
    /// by arranged time.
    case arrangedDue = 0
    /// Portal requests, and e-mail/phone requests promoted after waiting longer than the promotion limit (at
    /// their original submission time, so nothing starves).
    case portal = 1
    /// E-mail and phone requests.
    case emailAndPhone = 2
    /// Arranged requests whose time has not come: nobody may start them yet, so they wait at the end, ordered by
    /// arranged time, and move to the front when their time comes.
    case arrangedLater = 3

    public static func < (lhs: Class, rhs: Class) -> Bool { lhs.rawValue < rhs.rawValue }
  }

  public static func classify<ID>(
    _ entry: WaitingListEntry<ID>, now: Date, calendar: SupportCalendar, promotionAfterSeconds: Int
  ) -> Class {
    if let arranged = entry.arrangedAt { return arranged <= now ? .arrangedDue : .arrangedLater }
    if entry.channel == .portal { return .portal }
    let waited = calendar.openSeconds(from: entry.submittedAt, to: now)
    return waited > promotionAfterSeconds ? .portal : .emailAndPhone
  }

  /// The waiting list in the order agents take it: arranged requests whose time has come (by arranged time), then
  /// portal requests together with promoted e-mail/phone requests, then e-mail and phone requests, first come
  /// first served inside each class (ties: portal before e-mail/phone, then the input order), and last the
  /// arranged requests whose time has not come yet.
  public static func order<ID>(
    _ entries: [WaitingListEntry<ID>], now: Date, calendar: SupportCalendar, promotionAfterSeconds: Int
  ) -> [WaitingListEntry<ID>] {
    let keyed = entries.enumerated().map { index, entry in
      let kind = classify(entry, now: now, calendar: calendar, promotionAfterSeconds: promotionAfterSeconds)
      let time = kind == .arrangedDue || kind == .arrangedLater ? entry.arrangedAt! : entry.submittedAt
      return (kind: kind, time: time, portalFirst: entry.channel == .portal ? 0 : 1, index: index, entry: entry)
    }
    return
      keyed
      .sorted { a, b in
        if a.kind != b.kind { return a.kind < b.kind }
        if a.time != b.time { return a.time < b.time }
        if a.portalFirst != b.portalFirst { return a.portalFirst < b.portalFirst }
        return a.index < b.index
      }
      .map(\.entry)
  }

  /// When a request with `position` requests ahead of it can expect to start, counted in support hours.
  ///
  /// The agents on duty work through the list in rounds: the first `agentsOnDuty` requests start at the next
  /// opening, the next ones one average handling time later, and so on. With no agent on duty one is assumed, so
  /// that the customer still gets an estimate. The result is never earlier than the next opening at or after
  /// `now`, and is always an open instant (never a closing instant).
  public static func estimateStart(
    position: Int, now: Date, agentsOnDuty: Int, averageHandlingSeconds: Int, calendar: SupportCalendar
  ) -> Date {
    let agents = max(1, agentsOnDuty)
    let rounds = max(0, position) / agents
    let wait = rounds * max(0, averageHandlingSeconds)
    let end = calendar.add(seconds: wait, to: now)
    return calendar.nextOpening(after: end)
  }

  /// The request's place in an ordered list (from `order`) and its estimated start; nil when it is not listed.
  /// A request arranged for a later time is estimated to start at that time.
  public static func position<ID>(
    of id: ID, in ordered: [WaitingListEntry<ID>], now: Date, agentsOnDuty: Int, averageHandlingSeconds: Int,
    calendar: SupportCalendar
  ) -> WaitingListPosition? {
    guard let index = ordered.firstIndex(where: { $0.id == id }) else { return nil }
    // An arrangement may be outside support hours, and its request moves to the front when the time comes.
    if let arranged = ordered[index].arrangedAt, arranged > now {
      return WaitingListPosition(ahead: index, estimatedStart: arranged)
    }
    let estimate = estimateStart(
      position: index, now: now, agentsOnDuty: agentsOnDuty, averageHandlingSeconds: averageHandlingSeconds,
      calendar: calendar)
    return WaitingListPosition(ahead: index, estimatedStart: estimate)
  }
}
