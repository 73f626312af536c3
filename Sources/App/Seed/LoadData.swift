import Fluent
import Foundation
import SQLKit
import Vapor

/// `podpora seed-load`: a large, realistic data set for load tests (docs/PERFORMANCE.md), generated inside the
/// database in batches of `batchSize` rows per INSERT … SELECT, each batch with everything that hangs off its requests
/// in one transaction. Sending a million rows over the connection one by one would take hours; generated in SQL
/// they take minutes, and the search triggers index every row exactly as they index any other insert.
///
/// Shape (deterministic: the same sizes give the same data on both databases):
/// - organisations: most small, a few big: request `i` belongs to organisation `1 + ⌊O·u³⌋` for a uniform `u`, so
///   the biggest holds about 5 % of all requests and the smallest a few dozen; 1 % are overdue;
/// - three contacts per organisation (the first is the organisation admin), password `load1234`, e-mail
///   `kontakt{n}@load.podpora.test`; a contract, onboarding and settings in order for every program;
/// - 20 agents on duty (`agent{n}@load.podpora.test`);
/// - requests over the last three years, oldest first: mostly closed or resolved, 2 % refused, the newest waiting
///   (at most 3,000) or in progress; 15 % by e-mail, 5 % by phone; each with its timeline, decision, a time entry
///   when worked on, and a public answer for every fourth resolved one;
/// - help articles and tips; texts are phrases of the search benchmark's skewed vocabulary.
enum LoadData {
  static let password = "load1234"
  static let batchSize = 50_000
  static let phrases = 20_000
  static let agents = 20
  /// Modulus of the row hash: a prime, so `i · multiplier mod prime` spreads rows evenly.
  static let hashModulus = 1_000_003

  struct Sizes: Sendable {
    var requests: Int
    var organisations: Int
    var articles: Int
  }

  enum LoadError: Error, CustomStringConvertible {
    case notEmpty
    case usage(String)
    var description: String {
      switch self {
      case .notEmpty: "the database already holds data; seed-load only fills an empty, migrated database"
      case .usage(let message): message
      }
    }
  }

  static func parse(_ arguments: [String]) throws -> Sizes {
    var sizes = Sizes(requests: 1_000_000, organisations: 10_000, articles: 10_000)
    var rest = arguments.dropFirst()[...]
    while let flag = rest.popFirst() {
      guard let text = rest.popFirst(), let value = Int(text.replacingOccurrences(of: "_", with: "")), value > 0
      else { throw LoadError.usage("\(flag) needs a positive number") }
      switch flag {
      case "--requests": sizes.requests = value
      case "--organisations": sizes.organisations = value
      case "--articles": sizes.articles = value
      default: throw LoadError.usage("unknown option \(flag)")
      }
    }
    return sizes
  }

  /// A deterministic hash of the row number `i` in `0..<hashModulus`, the same on SQLite and PostgreSQL (64-bit
  /// integer arithmetic on both); `salt` gives independent columns.
  static func hash(_ salt: Int) -> String {
    "((i * 2654435761 + \(salt * 40503)) % \(hashModulus))"
  }

  static func phrase(_ salt: Int) -> String {
    "(SELECT text FROM load_phrases WHERE id = 1 + \(hash(salt)) % \(phrases))"
  }

  static func seed(
    _ sizes: Sizes, on db: any Database, dialect: any DatabaseDialect, now: Date,
    progress: @escaping @Sendable (String) -> Void
  ) async throws {
    guard try await Organisation.query(on: db).count() == 0, try await StaffUser.query(on: db).count() == 0 else {
      throw LoadError.notEmpty
    }
    let sql = db.sql
    let started = ContinuousClock.now
    func step(_ text: String) { progress("\(ContinuousClock.now - started): \(text)") }
    let hash = try Bcrypt.hash(password)

    var programIDs: [Int] = []
    for (code, sl, en) in [
      ("PL", "Plače", "Payroll"), ("FAK", "Fakturiranje", "Invoicing"),
      ("DK", "Dvostavno knjigovodstvo", "Double-entry bookkeeping"), ("OS", "Osnovna sredstva", "Fixed assets"),
    ] {
      let program = Program(code: code, nameSl: sl, nameEn: en)
      try await program.create(on: db)
      programIDs.append(try program.requireID())
    }
    var staffIDs: [Int] = []
    for n in 1...agents {
      let agent = StaffUser(
        name: "Agent \(n)", email: "agent\(n)@load.podpora.test", passwordHash: hash, role: .agent, presence: .onDuty)
      try await agent.create(on: db)
      staffIDs.append(try agent.requireID())
    }
    let supervisor = StaffUser(
      name: "Vodja Obremenitev", email: "vodja@load.podpora.test", passwordHash: hash, role: .supervisor,
      presence: .onDuty)
    try await supervisor.create(on: db)

    try await createPhrases(on: sql)
    step("programs, \(agents) agents and \(phrases) phrases")

    let organisations = sizes.organisations
    let programs = programIDs
    try await db.transaction { db in
      let sql = db.sql
      try await sql.raw(
        dialect.rowSeries(from: 1, to: organisations) + """
           INSERT INTO organisations (id, name, tax_number, standing)
          SELECT i, 'Podjetje ' || i || ' d.o.o.', 'SI' || (20000000 + i),
                 CASE WHEN i % 100 = 99 THEN 'overdue' ELSE 'ok' END FROM n
          """
      ).run()
      try await sql.raw(
        dialect.rowSeries(from: 1, to: organisations * 3) + """
           INSERT INTO contacts (id, organisation_id, name, email, password_hash, role, new_colleague, locale)
          SELECT i, (i - 1) / 3 + 1, 'Kontakt ' || i, 'kontakt' || i || '@load.podpora.test', \(bind: hash),
                 CASE WHEN i % 3 = 1 THEN 'org_admin' ELSE 'member' END, false, 'sl' FROM n
          """
      ).run()
      try await sql.raw(
        dialect.rowSeries(from: 1, to: organisations) + """
           INSERT INTO contracts (id, organisation_id, valid_from) SELECT i, i, '2020-01-01' FROM n
          """
      ).run()
      for programID in programs {
        try await sql.raw(
          """
          INSERT INTO contract_programs (contract_id, program_id) SELECT id, \(bind: programID) FROM contracts
          """
        ).run()
        try await sql.raw(
          """
          INSERT INTO organisation_programs (organisation_id, program_id, onboarded, settings_in_order)
          SELECT id, \(bind: programID), true, true FROM organisations
          """
        ).run()
        try await sql.raw(
          """
          INSERT INTO trainings (contact_id, program_id, kind, completed_on)
          SELECT id, \(bind: programID), 'onboarding', '2020-02-01' FROM contacts
          """
        ).run()
      }
    }
    for table in ["organisations", "contacts", "contracts"] {
      try await dialect.resetIdentity(of: table, on: sql)
    }
    step("\(organisations) organisations, \(organisations * 3) contacts, contracts, onboarding")

    try await articles(sizes.articles, programIDs: programIDs, now: now, dialect: dialect, on: db)
    step("\(sizes.articles) articles and tips")

    let plan = RequestPlan(
      total: sizes.requests, organisations: organisations, now: Int(now.timeIntervalSince1970),
      programBase: programIDs[0], staffBase: staffIDs[0])
    try await createYears(plan, on: sql)
    for from in stride(from: 1, through: sizes.requests, by: batchSize) {
      let to = min(from + batchSize - 1, sizes.requests)
      try await db.transaction { db in
        try await requests(from: from, to: to, plan: plan, dialect: dialect, on: db.sql)
        try await attachments(from: from, to: to, plan: plan, on: db.sql)
      }
      step("requests \(from)…\(to) with timelines, decisions, time and answers")
    }
    try await dialect.resetIdentity(of: "requests", on: sql)
    for year in try await sql.raw("SELECT year FROM load_years").all().map({
      try $0.decode(column: "year", as: Int.self)
    }) {
      // New numbers continue after the generated ones, which use the row number as their sequence.
      try await sql.raw(
        "INSERT INTO request_number_counters (year, last_value) VALUES (\(bind: year), \(bind: sizes.requests))"
      ).run()
    }
    try await sql.raw("DROP TABLE load_phrases").run()
    try await sql.raw("DROP TABLE load_years").run()
    try await sql.raw("ANALYZE").run()
    step("done (ANALYZE)")
  }

  /// Sentences of five words from the search benchmark's vocabulary (common words common, a long tail), which the
  /// generated texts are made of.
  static func createPhrases(on sql: any SQLDatabase) async throws {
    try await sql.raw("CREATE TABLE load_phrases (id INTEGER PRIMARY KEY, text TEXT NOT NULL)").run()
    var random = SplitMix64(seed: 2026)
    let words = BenchVocabulary.words
    for chunk in stride(from: 1, through: phrases, by: 500) {
      var insert: SQLQueryString = "INSERT INTO load_phrases (id, text) VALUES "
      for id in chunk..<min(chunk + 500, phrases + 1) {
        let text = (0..<5).map { _ in words[BenchVocabulary.skewedIndex(words.count, &random)] }.joined(separator: " ")
        insert += (id == chunk ? "" : ", ") + "(\(bind: id), \(bind: text))"
      }
      try await sql.raw(insert).run()
    }
  }

  struct RequestPlan: Sendable {
    var total: Int
    var organisations: Int
    var now: Int
    var programBase: Int
    var staffBase: Int
    /// Three years, oldest first, at least a second apart.
    var step: Int { max(1, 3 * 365 * 86_400 / total) }
    var first: Int { now - total * step }
    var waitingAfter: Int { total - min(3_000, total / 20) }
    var workingAfter: Int { waitingAfter - min(2_000, total / 50) }
    var resolvedAfter: Int { workingAfter - min(20_000, total / 10) }
  }

  /// The calendar years the requests span, for their numbers (`2025-0123456`).
  static func createYears(_ plan: RequestPlan, on sql: any SQLDatabase) async throws {
    try await sql.raw("CREATE TABLE load_years (year INTEGER PRIMARY KEY, starts BIGINT NOT NULL)").run()
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let firstYear = calendar.component(.year, from: Date(timeIntervalSince1970: TimeInterval(plan.first)))
    let lastYear = calendar.component(.year, from: Date(timeIntervalSince1970: TimeInterval(plan.now)))
    for year in firstYear...lastYear {
      let starts = calendar.date(from: DateComponents(year: year, month: 1, day: 1))!.timeIntervalSince1970
      try await sql.raw("INSERT INTO load_years (year, starts) VALUES (\(bind: year), \(bind: Int(starts)))").run()
    }
  }

  static func requests(
    from: Int, to: Int, plan: RequestPlan, dialect: any DatabaseDialect, on sql: any SQLDatabase
  ) async throws {
    let x = hash(1)
    // u³ in integer arithmetic (x ≈ u · modulus), identical on both databases.
    let cube = "(\(x) * \(x) / \(hashModulus) * \(x) / \(hashModulus))"
    let generated: SQLQueryString =
      dialect.rowSeries(from: from, to: to) + """
        , g AS (
          SELECT i, 1 + \(unsafeRaw: cube) * \(bind: plan.organisations) / \(unsafeRaw: String(hashModulus)) AS org,
                 \(unsafeRaw: hash(2)) % 3 AS k, \(bind: plan.first) + i * \(bind: plan.step) AS ts,
                 CASE WHEN i % 20 < 3 THEN 'email' WHEN i % 20 = 3 THEN 'phone' ELSE 'portal' END AS channel,
                 CASE i % 10 WHEN 9 THEN 'legislation' WHEN 8 THEN 'error' ELSE 'usage' END AS category,
                 CASE WHEN i > \(bind: plan.waitingAfter) THEN 'waiting'
                      WHEN i > \(bind: plan.workingAfter) THEN
                        CASE WHEN i % 2 = 0 THEN 'in_progress' ELSE 'waiting_for_customer' END
                      WHEN i % 50 = 0 THEN 'refused'
                      WHEN i > \(bind: plan.resolvedAfter) THEN 'resolved' ELSE 'closed' END AS status
          FROM n)
        """
    let at = { (offset: Int) -> SQLQueryString in
      dialect.instant(fromUnixSeconds: "ts + \(unsafeRaw: String(offset))")
    }
    try await sql.raw(
      generated + """
         INSERT INTO requests (id, number, organisation_id, contact_id, program_id, channel, category, data_correction,
                              remote_connection, needs_training, subject, body, status, outcome, paid_consent,
                              submitted_at, accepted_at, resolved_at, closed_at, refused_at, assignee_id, solution,
                              clear_instructions, refusal_reason, updated_at)
        SELECT i, (SELECT max(year) FROM load_years WHERE starts <= ts) || '-' || substr(CAST(10000000 + i AS TEXT), 2),
               org, 3 * (org - 1) + 1 + k, \(bind: plan.programBase) + i % 4, channel, category, false, false, false,
               \(unsafeRaw: phrase(3)),
               \(unsafeRaw: phrase(4)) || ' ' || \(unsafeRaw: phrase(5)) || '. ' || \(unsafeRaw: phrase(6)) || ' '
                 || \(unsafeRaw: phrase(7)) || '. ' || \(unsafeRaw: phrase(8)) || ' ' || \(unsafeRaw: phrase(9)) || '?',
               status,
               CASE WHEN status = 'refused' THEN 'refused'
                    WHEN channel <> 'portal' OR category = 'legislation' THEN 'paid' ELSE 'free' END,
               channel = 'portal' AND category = 'legislation',
               \(at(0)),
               CASE WHEN status IN ('waiting', 'refused') THEN NULL ELSE \(at(3_600)) END,
               CASE WHEN status IN ('resolved', 'closed') THEN \(at(7_200)) END,
               CASE WHEN status = 'closed' THEN \(at(7 * 86_400)) END,
               CASE WHEN status = 'refused' THEN \(at(0)) END,
               CASE WHEN status IN ('waiting', 'refused') THEN NULL ELSE \(bind: plan.staffBase) + i % \(bind: agents) END,
               CASE WHEN status IN ('resolved', 'closed') THEN \(unsafeRaw: phrase(10)) END,
               i % 3 = 0,
               CASE WHEN status = 'refused' THEN 'refuse.unpaid-obligations' END,
               \(at(0))
        FROM g
        """
    ).run()
  }

  /// The timeline, decision, time entry and answer of the requests `from...to`, read back from the requests
  /// themselves, so these statements are the same SQL on both databases.
  static func attachments(from: Int, to: Int, plan: RequestPlan, on sql: any SQLDatabase) async throws {
    func events(_ kind: String, at column: String, actor: String, where condition: String) async throws {
      let actorID = actor == "staff" ? "assignee_id" : actor == "contact" ? "contact_id" : "NULL"
      let actorName: SQLQueryString =
        actor == "staff" ? "'Agent ' || (assignee_id - \(bind: plan.staffBase - 1))" : "NULL"
      let data: SQLQueryString = kind == "submitted" ? #"'{"channel":"' || channel || '"}'"# : "'{}'"
      try await sql.raw(
        """
        INSERT INTO request_events (request_id, kind, at, actor_kind, actor_id, actor_name, data, visible_to_customer)
        SELECT id, \(bind: kind), \(unsafeRaw: column), \(bind: actor), \(unsafeRaw: actorID), \(actorName), \(data), true
        FROM requests WHERE id BETWEEN \(bind: from) AND \(bind: to) AND \(unsafeRaw: condition)
        """
      ).run()
    }
    try await events("submitted", at: "submitted_at", actor: "contact", where: "true")
    try await events("waiting_list", at: "submitted_at", actor: "system", where: "status <> 'refused'")
    try await events("refused", at: "refused_at", actor: "system", where: "status = 'refused'")
    try await events("accepted", at: "accepted_at", actor: "staff", where: "accepted_at IS NOT NULL")
    try await events("resolved", at: "resolved_at", actor: "staff", where: "resolved_at IS NOT NULL")
    try await events("closed", at: "closed_at", actor: "system", where: "closed_at IS NOT NULL")

    let free =
      #"[{"evidence":{"category":"usage","freeLimitMinutes":15,"handlingMinutes":0},"id":"free.short-usage-question"}]"#
    let paidChannel = #"[{"evidence":{"channel":"email"},"id":"paid.not-via-portal"}]"#
    let paidLaw = #"[{"evidence":{"category":"legislation"},"id":"paid.legislation-or-business"}]"#
    let refused = #"[{"evidence":{"standing":"overdue"},"id":"refuse.unpaid-obligations"}]"#
    let facts =
      #"{"category":"usage","channel":"portal","contact":{"newColleague":false,"trainings":[{"completedOn":"2020-02-01","kind":"onboarding","program":"PL"}]},"dataCorrection":false,"handlingMinutes":0,"knowledgeBaseEvidence":[],"needsTraining":false,"organisation":{"arrangements":[],"onboardedPrograms":["PL","FAK","DK","OS"],"settingsInOrder":["PL","FAK","DK","OS"],"standing":"ok"},"program":"PL","remoteConnection":false,"repeatOf":[],"submittedAt":"2026-01-01T10:00:00+01:00"}"#
    try await sql.raw(
      """
      INSERT INTO decisions (request_id, outcome, rules, work_can_start_at, policy_version, facts, decided_at)
      SELECT id, outcome,
             CASE WHEN outcome = 'refused' THEN \(bind: refused) WHEN channel <> 'portal' THEN \(bind: paidChannel)
                  WHEN outcome = 'paid' THEN \(bind: paidLaw) ELSE \(bind: free) END,
             submitted_at, 'load', \(bind: facts), submitted_at
      FROM requests WHERE id BETWEEN \(bind: from) AND \(bind: to)
      """
    ).run()
    // A finished time entry for every request that was worked on and answered (a running one would hold the
    // agent's single running timer).
    try await sql.raw(
      """
      INSERT INTO time_entries (request_id, staff_id, started_at, ended_at, minutes, manual, note)
      SELECT id, assignee_id, accepted_at, resolved_at, 5 + id % 26, false, ''
      FROM requests WHERE id BETWEEN \(bind: from) AND \(bind: to) AND resolved_at IS NOT NULL
      """
    ).run()
    try await sql.raw(
      """
      INSERT INTO messages (request_id, author_kind, author_id, author_name, visibility, body, created_at)
      SELECT id, 'staff', assignee_id, 'Agent ' || (assignee_id - \(bind: plan.staffBase - 1)), 'public',
             'Pozdravljeni, ' || subject || '. Lep pozdrav.', resolved_at
      FROM requests WHERE id BETWEEN \(bind: from) AND \(bind: to) AND resolved_at IS NOT NULL AND id % 4 = 0
      """
    ).run()
  }

  static func articles(
    _ count: Int, programIDs: [Int], now: Date, dialect: any DatabaseDialect, on db: any Database
  ) async throws {
    let first = Int(now.timeIntervalSince1970) - count * 3_600
    for from in stride(from: 1, through: count, by: batchSize) {
      let to = min(from + batchSize - 1, count)
      let published = dialect.instant(fromUnixSeconds: "\(bind: first) + i * 3600")
      let body = (11..<35).map { phrase($0) }.joined(separator: " || ' ' || ")
      try await db.transaction { db in
        try await db.sql.raw(
          dialect.rowSeries(from: from, to: to) + """
             INSERT INTO articles (slug, kind, program_id, title, body_markdown, tags, f1_context, visibility, status,
                                  published_at, created_at, updated_at)
            SELECT 'clanek-' || i, CASE WHEN i % 10 = 0 THEN 'tip' ELSE 'article' END,
                   CASE WHEN i % 5 = 0 THEN NULL ELSE \(bind: programIDs[0]) + i % 4 END,
                   \(unsafeRaw: phrase(1)), \(unsafeRaw: body), \(unsafeRaw: phrase(2)), NULL,
                   CASE WHEN i % 20 = 0 THEN 'customers' ELSE 'public' END, 'published',
                   \(published), \(published), \(published)
            FROM n
            """
        ).run()
      }
    }
  }
}
