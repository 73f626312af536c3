import Fluent
import Foundation
import SQLKit
import SupportPolicy

/// The numbers behind the supervisors' reports. Counting happens in SQL over indexed time columns (one range scan
/// per period); only what needs the support calendar (open hours, Slovenian holidays) is computed in Swift, and
/// only over the period's accepted or resolved requests.
enum ReportQueries {
  // MARK: - Requests by channel

  struct ChannelRow: Sendable, Equatable {
    var period: String
    var portal: Int
    var email: Int
    var phone: Int
    var total: Int { portal + email + phone }
    /// Portal requests as a share of all, 0…1; nil without requests.
    var portalShare: Double? { total == 0 ? nil : Double(portal) / Double(total) }
  }

  /// One row per period, oldest first: the policy wants the portal's share to rise.
  static func channels(_ periods: [ReportPeriod], on db: any Database) async throws -> [ChannelRow] {
    var rows: [ChannelRow] = []
    for period in periods {
      let counts = try await grouped(
        "channel", from: SupportRequest.schema, time: "submitted_at", in: period, on: db)
      rows.append(
        ChannelRow(
          period: period.label, portal: counts[RequestChannel.portal.rawValue] ?? 0,
          email: counts[RequestChannel.email.rawValue] ?? 0, phone: counts[RequestChannel.phone.rawValue] ?? 0))
    }
    return rows
  }

  /// `SELECT column, COUNT(*) … WHERE time in the period GROUP BY column`, with the period bound.
  static func grouped(
    _ column: String, from table: String, time: String, in period: ReportPeriod, on db: any Database
  ) async throws -> [String: Int] {
    let rows = try await db.sql.select().column(SQLIdentifier(column), as: "key")
      .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
      .where(SQLIdentifier(time), .greaterThanOrEqual, SQLBind(period.start))
      .where(SQLIdentifier(time), .lessThan, SQLBind(period.end)).groupBy(SQLIdentifier(column)).all()
    var result: [String: Int] = [:]
    for row in rows {
      result[try row.decode(column: "key", as: String?.self) ?? ""] = try row.decode(column: "n", as: Int.self)
    }
    return result
  }

  // MARK: - Outcomes and reasons

  struct Outcomes: Sendable, Equatable {
    var free: Int
    var paid: Int
    var refused: Int
    /// The rules that fired in the current decisions, most frequent first (ties by rule id).
    var reasons: [(rule: RuleID, count: Int)]

    static func == (a: Outcomes, b: Outcomes) -> Bool {
      a.free == b.free && a.paid == b.paid && a.refused == b.refused
        && a.reasons.map(\.rule) == b.reasons.map(\.rule) && a.reasons.map(\.count) == b.reasons.map(\.count)
    }
  }

  /// Requests filed in the period by their current outcome, and which paid or refusing rules fired how often.
  static func outcomes(_ period: ReportPeriod, on db: any Database) async throws -> Outcomes {
    let counts = try await grouped("outcome", from: SupportRequest.schema, time: "submitted_at", in: period, on: db)
    let rows = try await db.sql.raw(
      """
      SELECT d.request_id AS request_id, d.rules AS rules FROM decisions d \
      JOIN requests r ON r.id = d.request_id \
      WHERE r.submitted_at >= \(bind: period.start) AND r.submitted_at < \(bind: period.end) \
      ORDER BY d.request_id, d.decided_at, d.id
      """
    ).all()
    // The last decision of each request is the one in force.
    var current: [Int: String] = [:]
    for row in rows {
      current[try row.decode(column: "request_id", as: Int.self)] = try row.decode(column: "rules", as: String.self)
    }
    var tally: [RuleID: Int] = [:]
    for rules in current.values {
      let fired = (try? JSONDecoder().decode([FiredRule].self, from: Data(rules.utf8))) ?? []
      for rule in Set(fired.map(\.id)) where rule.outcome != .free { tally[rule, default: 0] += 1 }
    }
    let reasons = tally.map { (rule: $0.key, count: $0.value) }
      .sorted { $0.count != $1.count ? $0.count > $1.count : $0.rule.rawValue < $1.rule.rawValue }
    return Outcomes(
      free: counts[Outcome.free.rawValue] ?? 0, paid: counts[Outcome.paid.rawValue] ?? 0,
      refused: counts[Outcome.refused.rawValue] ?? 0, reasons: reasons)
  }

  // MARK: - Deflections

  struct Deflections: Sendable, Equatable {
    struct Item: Sendable, Equatable {
      var title: String
      var count: Int
    }
    var total: Int
    var portalRequests: Int
    /// Questions answered by a suggestion as a share of all portal questions (answered + filed), 0…1.
    var rate: Double? { total + portalRequests == 0 ? nil : Double(total) / Double(total + portalRequests) }
    var items: [Item]
  }

  static func deflections(_ period: ReportPeriod, on db: any Database) async throws -> Deflections {
    let rows = try await db.sql.raw(
      """
      SELECT COALESCE(a.title, n.title, '') AS title, COUNT(*) AS n FROM deflections f \
      LEFT JOIN articles a ON a.id = f.article_id LEFT JOIN newsletters n ON n.id = f.newsletter_id \
      WHERE f.created_at >= \(bind: period.start) AND f.created_at < \(bind: period.end) \
      GROUP BY f.article_id, f.newsletter_id, a.title, n.title ORDER BY n DESC, title
      """
    ).all()
    let items = try rows.map {
      Deflections.Item(
        title: try $0.decode(column: "title", as: String.self), count: try $0.decode(column: "n", as: Int.self))
    }
    let channels = try await grouped("channel", from: SupportRequest.schema, time: "submitted_at", in: period, on: db)
    return Deflections(
      total: items.reduce(0) { $0 + $1.count }, portalRequests: channels[RequestChannel.portal.rawValue] ?? 0,
      items: items)
  }

  // MARK: - Repeat rate

  struct Repeats: Sendable, Equatable {
    var requests: Int
    var repeats: Int
    var rate: Double? { requests == 0 ? nil : Double(repeats) / Double(requests) }
  }

  /// Requests filed in the period that an agent linked to an earlier one as the same question or error again.
  static func repeats(_ period: ReportPeriod, on db: any Database) async throws -> Repeats {
    let filed = SupportRequest.query(on: db).filter(\.$submittedAt >= period.start)
      .filter(\.$submittedAt < period.end)
    return Repeats(
      requests: try await filed.copy().count(), repeats: try await filed.copy().filter(\.$repeatOf.$id != nil).count())
  }

  // MARK: - Times in support hours and SLA

  struct Durations: Sendable, Equatable {
    var count: Int
    /// Open support seconds; nil without data.
    var median: Int?
    var p90: Int?

    init(_ seconds: [Int]) {
      let sorted = seconds.sorted()
      count = sorted.count
      median = Self.percentile(sorted, 0.5)
      p90 = Self.percentile(sorted, 0.9)
    }

    /// Nearest rank: the smallest value with at least `p` of the values at or below it.
    static func percentile(_ sorted: [Int], _ p: Double) -> Int? {
      guard !sorted.isEmpty else { return nil }
      let rank = Int((p * Double(sorted.count)).rounded(.up))
      return sorted[min(max(rank, 1), sorted.count) - 1]
    }
  }

  struct SLARow: Sendable, Equatable {
    var channel: RequestChannel
    var met: Int
    var breached: Int
    var compliance: Double? { met + breached == 0 ? nil : Double(met) / Double(met + breached) }
  }

  struct Times: Sendable, Equatable {
    var acceptance: Durations
    var resolution: Durations
    var sla: [SLARow]
  }

  /// Time to acceptance (from filing, or the arranged time, to acceptance) for requests accepted in the period, and
  /// time to resolution (from filing to the solution) for requests resolved in it, both in open support time: nights,
  /// weekends and Slovenian holidays do not count. SLA: accepted within the channel's target, or breached (accepted
  /// late, or still waiting past the target at the end of the period).
  static func times(_ period: ReportPeriod, now: Date, policy: PolicyStore, on db: any Database) async throws -> Times {
    let calendar = policy.calendar
    let accepted = try await db.sql.raw(
      """
      SELECT channel, submitted_at, arranged_at, accepted_at FROM requests \
      WHERE accepted_at >= \(bind: period.start) AND accepted_at < \(bind: period.end)
      """
    ).all()
    var acceptance: [Int] = []
    var met: [RequestChannel: Int] = [:]
    var breached: [RequestChannel: Int] = [:]
    func target(_ channel: RequestChannel) -> Int {
      Int((policy.configuration.acceptanceTargetHours.hours(for: RequestFacts.Channel(channel)) * 3600).rounded())
    }
    for row in accepted {
      let channel = RequestChannel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .portal
      let start = try clockStart(row)
      let seconds = calendar.openSeconds(from: start, to: try row.decode(column: "accepted_at", as: Date.self))
      acceptance.append(seconds)
      if seconds <= target(channel) { met[channel, default: 0] += 1 } else { breached[channel, default: 0] += 1 }
    }
    let stillWaiting = try await db.sql.raw(
      """
      SELECT channel, submitted_at, arranged_at FROM requests \
      WHERE status = \(bind: RequestStatus.waiting.rawValue) AND submitted_at < \(bind: period.end)
      """
    ).all()
    let cutoff = min(now, period.end)
    for row in stillWaiting {
      let channel = RequestChannel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .portal
      let start = try clockStart(row)
      // Counted in the period its deadline passed in, so each breach is counted once.
      let deadline = calendar.add(seconds: target(channel), to: start)
      if deadline >= period.start, deadline < cutoff { breached[channel, default: 0] += 1 }
    }
    let resolved = try await db.sql.raw(
      """
      SELECT submitted_at, arranged_at, resolved_at FROM requests \
      WHERE resolved_at >= \(bind: period.start) AND resolved_at < \(bind: period.end)
      """
    ).all()
    let resolution = try resolved.map {
      calendar.openSeconds(from: try clockStart($0), to: try $0.decode(column: "resolved_at", as: Date.self))
    }
    return Times(
      acceptance: Durations(acceptance), resolution: Durations(resolution),
      sla: RequestChannel.allCases.map { SLARow(channel: $0, met: met[$0] ?? 0, breached: breached[$0] ?? 0) })
  }

  /// When a request's clock starts: at filing, or at the arranged time when work was agreed for later.
  private static func clockStart(_ row: any SQLRow) throws -> Date {
    let submitted = try row.decode(column: "submitted_at", as: Date.self)
    let arranged = try row.decode(column: "arranged_at", as: Date?.self)
    return max(submitted, arranged ?? submitted)
  }

  // MARK: - Waiting list through the day

  struct HourRow: Sendable, Equatable {
    /// The full hour, `HH:MM`, in the policy's zone.
    var hour: String
    /// Working days sampled at this hour.
    var days: Int
    var average: Double
    var maximum: Int
  }

  /// How many requests were on the waiting list at each full hour of support time, averaged over the period's working
  /// days (up to now). A request waits from filing until it is accepted, refused or closed.
  static func waitingThroughDay(
    _ period: ReportPeriod, now: Date, policy: PolicyStore, on db: any Database
  )
    async throws -> [HourRow]
  {
    let calendar = policy.calendar
    // Filed in the period, or filed before it and still waiting when it began: four disjoint range scans, each on
    // its own index, rather than one OR that SQLite would answer by reading the whole history.
    let waiting = RequestStatus.waiting.rawValue
    let refused = RequestStatus.refused.rawValue
    func select() -> SQLSelectBuilder {
      db.sql.select().columns("submitted_at", "accepted_at", "refused_at", "closed_at").from(SupportRequest.schema)
    }
    var rows = try await select().where("submitted_at", .greaterThanOrEqual, period.start)
      .where("submitted_at", .lessThan, period.end).all()
    rows += try await select().where("accepted_at", .greaterThanOrEqual, period.start)
      .where("submitted_at", .lessThan, period.start).all()
    rows += try await select().where("status", .equal, waiting).where("submitted_at", .lessThan, period.start)
      .where("accepted_at", .is, SQLLiteral.null).all()
    rows += try await select().where("status", .equal, refused).where("submitted_at", .lessThan, period.start)
      .where("accepted_at", .is, SQLLiteral.null).where("refused_at", .greaterThanOrEqual, period.start).all()
    let spans: [(from: Date, to: Date)] = try rows.map { row in
      let ends = [
        try row.decode(column: "accepted_at", as: Date?.self), try row.decode(column: "refused_at", as: Date?.self),
        try row.decode(column: "closed_at", as: Date?.self),
      ].compactMap { $0 }
      return (try row.decode(column: "submitted_at", as: Date.self), ends.min() ?? .distantFuture)
    }
    var samples: [String: [Int]] = [:]
    var day = period.first
    while day < period.after {
      for interval in calendar.openIntervals(on: day) {
        var instant = interval.start
        while instant < interval.end, instant <= now {
          let count = spans.filter { $0.from <= instant && $0.to > instant }.count
          samples[String(ISO8601.format(instant, in: calendar.timeZone).dropFirst(11).prefix(5)), default: []].append(
            count)
          instant += 3600
        }
      }
      day = day.adding(days: 1)
    }
    return samples.keys.sorted().map { hour in
      let counts = samples[hour] ?? []
      return HourRow(
        hour: hour, days: counts.count, average: Double(counts.reduce(0, +)) / Double(max(counts.count, 1)),
        maximum: counts.max() ?? 0)
    }
  }
}
