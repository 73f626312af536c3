import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

/// Search latency over generated data: 10,000 articles and tips, 1,000,000 requests. Not part of the normal
/// run (it takes minutes); run it with
///
///     PODPORA_SEARCH_BENCH=1 swift test --filter SearchBenchmark                       # SQLite
///     PODPORA_SEARCH_BENCH=1 PODPORA_TEST_DATABASE=postgres PODPORA_TEST_POSTGRES_URL=… swift test --filter SearchBenchmark
///
/// Sizes can be changed with `PODPORA_BENCH_ARTICLES` and `PODPORA_BENCH_REQUESTS`. Method and figures:
/// docs/SEARCH.md.
@Suite("Search benchmark (PODPORA_SEARCH_BENCH=1)")
struct SearchBenchmark {
  static var enabled: Bool { ProcessInfo.processInfo.environment["PODPORA_SEARCH_BENCH"] == "1" }
  static func size(_ name: String, _ fallback: Int) -> Int {
    ProcessInfo.processInfo.environment[name].flatMap(Int.init) ?? fallback
  }

  @Test("p50/p95/p99 of one- to three-word queries", .enabled(if: enabled), .timeLimit(.minutes(60)))
  func benchmark() async throws {
    let articles = Self.size("PODPORA_BENCH_ARTICLES", 10_000)
    let requests = Self.size("PODPORA_BENCH_REQUESTS", 1_000_000)
    try await TestApp.run { app, clock in
      let vocabulary = BenchVocabulary.words
      let generation = ContinuousClock().now
      try await BenchData.generate(articles: articles, requests: requests, vocabulary: vocabulary, on: app.db)
      let generated = ContinuousClock().now - generation
      let now = clock.now

      var random = SplitMix64(seed: 7)
      let queries = (0..<1_100).map { _ in BenchVocabulary.query(from: vocabulary, random: &random) }
      let organisations = (0..<1_100).map { _ in Int(random.next() % 5_000) + 1 }
      let texts = (0..<1_100).map { _ in
        (0..<12).map { _ in vocabulary[BenchVocabulary.skewedIndex(vocabulary.count, &random)] }.joined(separator: " ")
      }

      var report = "database: \(app.db.sql.dialect.name); \(articles) articles and tips, \(requests) requests; "
      report += "generated and indexed in \(generated)\n"
      report += try await measure("help-site search (public, articles+tips+newsletters)", queries) { text in
        _ = try await SearchQueries.search(text, viewer: .anonymous, limit: 10, now: now, on: app.db)
      }
      let index = SearchIndexes.for(app.db)
      let scope = KnowledgeScope(audiences: [.public], publishedBy: now)
      report += try await measure("  of which the index query alone (SQL, no snippets)", queries) { text in
        _ = try await index.knowledge(matching: SearchQuery.parse(text), in: scope, limit: 10, on: app.db.sql)
      }
      report += try await measure("portal suggestions, program PL", queries) { text in
        _ = try await SearchQueries.search(text, viewer: .customer, programCode: "PL", limit: 8, now: now, on: app.db)
      }
      report += try await measure("staff search (knowledge + 1M requests)", queries) { text in
        _ = try await SearchQueries.search(text, viewer: .staff, limit: 10, now: now, on: app.db)
      }
      var counter = 0
      report += try await measure("repeat candidates: similar requests of one organisation (12-word text)", texts) {
        text in
        counter += 1
        _ = try await SearchQueries.similarRequests(
          to: text, organisationID: organisations[counter % organisations.count], excluding: nil, on: app.db)
      }
      report += try await measure("GET /api/v1/search (in-process HTTP, public)", queries) { text in
        let path =
          SiteURL.apiSearch.path + "?q=" + (text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        try await app.testing().test(.GET, path) { response async in
          #expect(response.status == .ok)
        }
      }
      if ProcessInfo.processInfo.environment["PODPORA_BENCH_EXPERIMENTS"] == "1", app.db.sql.dialect.name == "sqlite" {
        report += try await experiments(
          queries: queries, texts: texts, organisations: organisations, app: app, now: now)
      }
      print(report)
      let file = FileManager.default.temporaryDirectory.appendingPathComponent(
        "podpora-search-bench-\(app.db.sql.dialect.name).txt")
      try report.write(to: file, atomically: true, encoding: .utf8)
      print("written to \(file.path)")
    }
  }

  func experiments(
    queries: [String], texts: [String], organisations: [Int], app: Application, now: Date
  ) async throws
    -> String
  {
    let sql = app.db.sql
    var report = "-- experiments --\n"
    func rows(_ query: SQLQueryString) async throws { _ = try await sql.raw(query).all() }
    report += try await measure("R-A requests full rank", queries) { text in
      let m = "{number subject body} : (\(SQLiteSearchIndex.match(SearchQuery.parse(text))))"
      try await rows("SELECT rowid, rank FROM request_fts WHERE request_fts MATCH \(bind: m) ORDER BY rank LIMIT 10")
    }
    report += try await measure("R-B requests newest 5000 then rank", queries) { text in
      let m = "{number subject body} : (\(SQLiteSearchIndex.match(SearchQuery.parse(text))))"
      try await rows(
        "SELECT id, r FROM (SELECT rowid AS id, rank AS r FROM request_fts WHERE request_fts MATCH \(bind: m) ORDER BY rowid DESC LIMIT 5000) ORDER BY r LIMIT 10"
      )
    }
    report += try await measure("R-B2 requests newest 5000 ids only, no rank", queries) { text in
      let m = "{number subject body} : (\(SQLiteSearchIndex.match(SearchQuery.parse(text))))"
      try await rows("SELECT rowid FROM request_fts WHERE request_fts MATCH \(bind: m) ORDER BY rowid DESC LIMIT 5000")
    }
    report += try await measure("R-C requests newest 5000, no prefix", queries) { text in
      let m = "{number subject body} : (\(SQLiteSearchIndex.match(SearchQuery.parse(text, prefixLast: false))))"
      try await rows(
        "SELECT id, r FROM (SELECT rowid AS id, rank AS r FROM request_fts WHERE request_fts MATCH \(bind: m) ORDER BY rowid DESC LIMIT 5000) ORDER BY r LIMIT 10"
      )
    }
    var counter = 0
    report += try await measure("S-D org scope token AND OR-terms (current)", texts) { text in
      counter += 1
      let m =
        "scope : \"org\(organisations[counter % organisations.count])\" AND {number subject body} : (\(SQLiteSearchIndex.match(SearchQuery.anyOf(text))))"
      try await rows("SELECT rowid, rank FROM request_fts WHERE request_fts MATCH \(bind: m) ORDER BY rank LIMIT 6")
    }
    report += try await measure("S-E org via rowid IN requests of the org", texts) { text in
      counter += 1
      let m = "{number subject body} : (\(SQLiteSearchIndex.match(SearchQuery.anyOf(text))))"
      try await rows(
        "SELECT rowid, rank FROM request_fts WHERE request_fts MATCH \(bind: m) AND rowid IN (SELECT id FROM requests WHERE organisation_id = \(bind: organisations[counter % organisations.count])) ORDER BY rank LIMIT 6"
      )
    }
    report += try await measure("S-F org rows only (requests by organisation index)", texts) { _ in
      counter += 1
      try await rows(
        "SELECT id, subject, body FROM requests WHERE organisation_id = \(bind: organisations[counter % organisations.count])"
      )
    }
    report += try await measure("K-A knowledge inner ranking only", queries) { text in
      let m = SQLiteSearchIndex.match(SearchQuery.parse(text))
      try await rows(
        "SELECT rowid, rank FROM knowledge_fts WHERE knowledge_fts MATCH \(bind: m) ORDER BY rank LIMIT 10")
    }
    report += try await measure("K-B knowledge newest 2000 then rank", queries) { text in
      let m = SQLiteSearchIndex.match(SearchQuery.parse(text))
      try await rows(
        "SELECT id, r FROM (SELECT rowid AS id, rank AS r FROM knowledge_fts WHERE knowledge_fts MATCH \(bind: m) ORDER BY rowid DESC LIMIT 2000) ORDER BY r LIMIT 10"
      )
    }
    report += try await measure("K-C knowledge count of matches", queries) { text in
      let m = SQLiteSearchIndex.match(SearchQuery.parse(text))
      try await rows("SELECT count(*) FROM knowledge_fts WHERE knowledge_fts MATCH \(bind: m)")
    }
    let body = try await sql.raw("SELECT body FROM search_documents LIMIT 1").first()!.decode(
      column: "body", as: String.self)
    report += try await measure("snippet of one article body", queries) { text in
      _ = Snippet.html(text: body, query: SearchQuery.parse(text))
    }
    report += try await measure("iso8601 of a date x10", queries) { _ in
      for _ in 0..<10 { _ = app.policy.machine(now) }
    }
    return report
  }

  /// Runs `body` for every input after 100 warm-up runs; returns a line with p50, p95, p99 and max in ms.
  func measure(_ name: String, _ inputs: [String], _ body: (String) async throws -> Void) async throws -> String {
    for input in inputs.prefix(100) { try await body(input) }
    var durations: [Double] = []
    let clock = ContinuousClock()
    for input in inputs.dropFirst(100) {
      let start = clock.now
      try await body(input)
      let elapsed = clock.now - start
      durations.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
    }
    durations.sort()
    func percentile(_ p: Double) -> Double {
      durations[min(durations.count - 1, Int((p * Double(durations.count)).rounded(.up)) - 1)]
    }
    return String(
      format: "%@: n=%d p50=%.2f ms p95=%.2f ms p99=%.2f ms max=%.2f ms\n", name, durations.count, percentile(0.5),
      percentile(0.95), percentile(0.99), durations.last ?? 0)
  }
}

/// Generates the data in SQL (one statement per table), so a million rows take seconds, not hours of
/// round trips; the search triggers index every row as any other insert would.
enum BenchData {
  static func generate(articles: Int, requests: Int, vocabulary: [String], on db: any Database) async throws {
    let sql = db.sql
    var programs: [Int] = []
    for code in ["PL", "FAK", "DK", "OS"] {
      programs.append(try await KnowledgeFixtures.program(code, on: db).requireID())
    }
    if sql.dialect.name == "postgresql" {
      try await generatePostgres(articles: articles, requests: requests, vocabulary: vocabulary, on: sql)
    } else {
      try await generateSQLite(articles: articles, requests: requests, vocabulary: vocabulary, on: sql)
    }
  }

  static func generateSQLite(articles: Int, requests: Int, vocabulary: [String], on sql: any SQLDatabase) async throws {
    try await sql.raw("CREATE TABLE bench_vocab (id INTEGER PRIMARY KEY, word TEXT NOT NULL)").run()
    for chunk in stride(from: 0, to: vocabulary.count, by: 500) {
      let words = Array(vocabulary[chunk..<min(chunk + 500, vocabulary.count)])
      var insert: SQLQueryString = "INSERT INTO bench_vocab (id, word) VALUES "
      for (offset, word) in words.enumerated() {
        insert += (offset == 0 ? "" : ", ") + "(\(bind: chunk + offset), \(bind: word))"
      }
      try await sql.raw(insert).run()
    }
    let count = vocabulary.count
    // A skewed pick per word, correlated with the row (`n.i`) so SQLite evaluates it for every row.
    func words(_ number: Int) -> String {
      (0..<number).map { _ in
        "(SELECT word FROM bench_vocab WHERE id = abs(random() + n.i * 0) % (1 + abs(random()) % \(count)))"
      }.joined(separator: " || ' ' || ")
    }
    try await sql.raw(
      SQLQueryString(
        """
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
        INSERT INTO organisations (name, tax_number, standing) SELECT 'Organizacija ' || i, 'SI' || (10000000 + i), 'ok' FROM n
        """)
    ).run()
    try await sql.raw(
      SQLQueryString(
        """
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(literal: articles))
        INSERT INTO articles (slug, kind, program_id, title, body_markdown, tags, f1_context, visibility, status,
                              published_at, created_at, updated_at)
        SELECT 'bench-' || i, CASE WHEN i % 10 = 0 THEN 'tip' ELSE 'article' END,
               CASE WHEN i % 5 = 0 THEN NULL ELSE 1 + i % 4 END,
               \(unsafeRaw: words(4)), \(unsafeRaw: words(60)) || '. ' || \(unsafeRaw: words(60)), \(unsafeRaw: words(2)), NULL,
               CASE WHEN i % 20 = 0 THEN 'customers' ELSE 'public' END, 'published',
               1700000000 + i, 1700000000 + i, 1700000000 + i
        FROM n
        """)
    ).run()
    try await sql.raw(
      SQLQueryString(
        """
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(literal: requests))
        INSERT INTO requests (number, organisation_id, channel, category, data_correction, remote_connection,
                              needs_training, subject, body, status, outcome, paid_consent, submitted_at,
                              clear_instructions)
        SELECT printf('B-%07d', i), 1 + i % 5000, 'portal', 'usage', 0, 0, 0, \(unsafeRaw: words(5)), \(unsafeRaw: words(30)),
               'closed', 'free', 1, 1700000000 + i * 60, 0
        FROM n
        """)
    ).run()
    try await sql.raw("DROP TABLE bench_vocab").run()
    try await sql.raw("ANALYZE").run()
  }

  static func generatePostgres(
    articles: Int, requests: Int, vocabulary: [String], on sql: any SQLDatabase
  )
    async throws
  {
    let count = vocabulary.count
    func words(_ number: Int) -> String {
      "(SELECT string_agg(v.words[1 + floor(random() * floor(1 + random() * \(count)))::int], ' ') "
        + "FROM generate_series(1, \(number) + 0 * i), bench_vocab v)"
    }
    try await sql.raw("CREATE TABLE bench_vocab AS SELECT \(bind: vocabulary)::text[] AS words").run()
    try await sql.raw(
      """
      INSERT INTO organisations (name, tax_number, standing)
      SELECT 'Organizacija ' || i, 'SI' || (10000000 + i), 'ok' FROM generate_series(1, 5000) i
      """
    ).run()
    try await sql.raw(
      SQLQueryString(
        """
        INSERT INTO articles (slug, kind, program_id, title, body_markdown, tags, f1_context, visibility, status,
                              published_at, created_at, updated_at)
        SELECT 'bench-' || i, CASE WHEN i % 10 = 0 THEN 'tip' ELSE 'article' END,
               CASE WHEN i % 5 = 0 THEN NULL ELSE 1 + i % 4 END,
               \(unsafeRaw: words(4)), \(unsafeRaw: words(120)), \(unsafeRaw: words(2)), NULL,
               CASE WHEN i % 20 = 0 THEN 'customers' ELSE 'public' END, 'published',
               to_timestamp(1700000000 + i), to_timestamp(1700000000 + i), to_timestamp(1700000000 + i)
        FROM generate_series(1, \(literal: articles)) i
        """)
    ).run()
    try await sql.raw(
      SQLQueryString(
        """
        INSERT INTO requests (number, organisation_id, channel, category, data_correction, remote_connection,
                              needs_training, subject, body, status, outcome, paid_consent, submitted_at,
                              clear_instructions)
        SELECT 'B-' || lpad(i::text, 7, '0'), (SELECT min(id) FROM organisations) + i % 5000, 'portal', 'usage',
               false, false, false, \(unsafeRaw: words(5)), \(unsafeRaw: words(30)), 'closed', 'free', true,
               to_timestamp(1700000000 + i * 60), false
        FROM generate_series(1, \(literal: requests)) i
        """)
    ).run()
    try await sql.raw("DROP TABLE bench_vocab").run()
    try await sql.raw("ANALYZE").run()
  }
}
