import Fluent
import Foundation
import SQLKit

/// `podpora load-ceiling`: how many filings per second the database itself can commit, without HTTP, policy,
/// search or Swift models: the rows one filing writes (next request number, the request, its two timeline events,
/// its decision, the confirmation in the outbox) as bare INSERTs in one transaction, from `writers` concurrent
/// tasks for `seconds`. W1's throughput divided by this is the share of the ceiling the application reaches
/// (docs/PERFORMANCE.md). Run it on a scratch copy: it adds rows.
enum LoadCeiling {
  struct Options: Sendable {
    var seconds = 10
    var writers = 16
  }

  static func parse(_ arguments: [String]) throws -> Options {
    var options = Options()
    var rest = arguments.dropFirst()[...]
    while let flag = rest.popFirst() {
      guard let text = rest.popFirst(), let value = Int(text), value > 0 else {
        throw LoadData.LoadError.usage("\(flag) needs a positive number")
      }
      switch flag {
      case "--seconds": options.seconds = value
      case "--writers": options.writers = value
      default: throw LoadData.LoadError.usage("unknown option \(flag)")
      }
    }
    return options
  }

  static func run(
    _ options: Options, on db: any Database, dialect: any DatabaseDialect, now: Date
  ) async throws -> String {
    let contacts = try await db.sql.raw("SELECT id, organisation_id FROM contacts ORDER BY id LIMIT 1000").all().map {
      (try $0.decode(column: "id", as: Int.self), try $0.decode(column: "organisation_id", as: Int.self))
    }
    guard !contacts.isEmpty else { throw LoadData.LoadError.usage("no contacts: run seed-load (or seed-demo) first") }
    let program = try await db.sql.raw("SELECT min(id) AS id FROM programs").first()?.decode(column: "id", as: Int.self)
    // A year of its own, so the numbers never collide with the data's.
    let year = 9_000 + Int.random(in: 0..<999)
    try await db.sql.raw("INSERT INTO request_number_counters (year, last_value) VALUES (\(bind: year), 0)").run()
    let clock = ContinuousClock()
    let deadline = clock.now + .seconds(options.seconds)
    let started = clock.now
    let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
      for writer in 0..<options.writers {
        group.addTask {
          var latencies: [Double] = []
          var n = writer
          while clock.now < deadline {
            let (contactID, organisationID) = contacts[n % contacts.count]
            n += options.writers
            let start = clock.now
            try await dialect.writeTransaction(on: db) { db in
              try await fileBare(
                year: year, contactID: contactID, organisationID: organisationID, programID: program, now: now,
                on: db.sql)
            }
            let elapsed = clock.now - start
            latencies.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
          }
          return latencies
        }
      }
      var all: [Double] = []
      for try await part in group { all += part }
      return all.sorted()
    }
    let elapsed = clock.now - started
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    func percentile(_ p: Double) -> Double {
      latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int((p * Double(latencies.count)).rounded(.up)) - 1)]
    }
    return String(
      format: "%@: %d filings' rows in %.1f s by %d writers: %.0f transactions/s, p50 %.2f ms, p99 %.2f ms",
      dialect.name, latencies.count, seconds, options.writers, Double(latencies.count) / seconds, percentile(0.5),
      percentile(0.99))
  }

  /// The rows of one filing, as plain INSERTs.
  static func fileBare(
    year: Int, contactID: Int, organisationID: Int, programID: Int?, now: Date, on sql: any SQLDatabase
  ) async throws {
    guard
      let counter = try await sql.raw(
        "UPDATE request_number_counters SET last_value = last_value + 1 WHERE year = \(bind: year) RETURNING last_value"
      ).first()
    else { return }
    let number = RequestNumberAllocator.format(
      year: year, sequence: try counter.decode(column: "last_value", as: Int.self))
    guard
      let row = try await sql.raw(
        """
        INSERT INTO requests (number, organisation_id, contact_id, program_id, channel, category, data_correction,
                              remote_connection, needs_training, subject, body, status, outcome, paid_consent,
                              submitted_at, clear_instructions, updated_at)
        VALUES (\(bind: number), \(bind: organisationID), \(bind: contactID), \(bind: programID), 'portal', 'usage',
                \(bind: false), \(bind: false), \(bind: false), \(bind: "Obračun plač za november ne deluje"),
                \(bind: "Pri izpisu plačilne liste program javi napako. Kaj naj naredim?"), 'waiting', 'free',
                \(bind: false), \(bind: now), \(bind: false), \(bind: now))
        RETURNING id
        """
      ).first()
    else { return }
    let id = try row.decode(column: "id", as: Int.self)
    try await sql.raw(
      """
      INSERT INTO request_events (request_id, kind, at, actor_kind, actor_id, data, visible_to_customer)
      VALUES (\(bind: id), 'submitted', \(bind: now), 'contact', \(bind: contactID), '{"channel":"portal"}', \(bind: true)),
             (\(bind: id), 'waiting_list', \(bind: now), 'system', NULL, '{}', \(bind: true))
      """
    ).run()
    try await sql.raw(
      """
      INSERT INTO decisions (request_id, outcome, rules, work_can_start_at, policy_version, facts, decided_at)
      VALUES (\(bind: id), 'free', '[]', \(bind: now), 'ceiling', '{}', \(bind: now))
      """
    ).run()
    try await sql.raw(
      """
      INSERT INTO outbox_messages (kind, recipient, subject, body_text, message_id, "references", headers, request_id,
                                   status, attempts, next_attempt_at, created_at)
      VALUES ('request_filed', 'kontakt@load.podpora.test', \(bind: "[#\(number)] Prejeli smo vašo zahtevo"),
              \(bind: "Pozdravljeni, prejeli smo vašo zahtevo \(number)."), \(bind: UUID().uuidString + "@ceiling"),
              '', '{}', \(bind: id), 'sent', 0, \(bind: now), \(bind: now))
      """
    ).run()
  }
}
