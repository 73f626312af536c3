import Foundation
import SQLKit

/// The search index on SQLite: FTS5, contentless (the text already lives in `search_documents` and
/// `requests`), tokenized by `unicode61 remove_diacritics 2`, which folds case and č/š/ž/ć; `đ` and the other
/// letters with a stroke have no decomposition, so the triggers fold them before the text reaches FTS5.
///
/// - `search_documents`: one row per article, tip and newsletter issue, kept by triggers on `articles` and
///   `newsletters`; `knowledge_fts` indexes its title, tags and body (rowid = `search_documents.id`).
/// - `request_fts`: number, subject and body of every request (rowid = `requests.id`), plus a `scope` column
///   holding `org<id>` so "requests of one organisation" is an index lookup, not a scan.
struct SQLiteSearchIndex: SearchIndex {
  /// bm25 column weights: a word in the title counts ten times a word in the body.
  static let knowledgeRank = "bm25(10.0, 5.0, 1.0)"
  static let requestRank = "bm25(10.0, 10.0, 1.0, 0.0)"

  func rebuild(on db: any SQLDatabase) async throws {
    // Deleting and re-inserting through the triggers keeps one code path for indexing.
    try await db.raw("DELETE FROM search_documents").run()
    try await db.raw("INSERT INTO knowledge_fts (knowledge_fts) VALUES ('delete-all')").run()
    try await db.raw("INSERT INTO request_fts (request_fts) VALUES ('delete-all')").run()
    try await db.raw(
      SQLQueryString(
        "INSERT INTO search_documents \(Self.articleColumns) SELECT \(Self.articleValues("a")) FROM articles a")
    ).run()
    try await db.raw(
      SQLQueryString(
        "INSERT INTO search_documents \(Self.newsletterColumns) SELECT \(Self.newsletterValues("n")) FROM newsletters n"
      )
    ).run()
    try await db.raw(
      SQLQueryString(
        "INSERT INTO request_fts (rowid, number, subject, body, scope) SELECT \(Self.requestValues("r")) FROM requests r"
      )
    ).run()
  }

  func knowledge(
    matching query: SearchQuery, in scope: KnowledgeScope, limit: Int, on db: any SQLDatabase
  ) async throws -> [KnowledgeMatch] {
    guard !query.isEmpty, !scope.audiences.isEmpty, limit > 0 else { return [] }
    var filter: SQLQueryString = """
       AND d.status = 'published' AND d.published_at IS NOT NULL AND d.published_at <= \(bind: scope.publishedBy) \
      AND d.audience IN (\(binds: scope.audiences.map(\.rawValue)))
      """
    // bm25 is negative, lower is better: the program's own documents are scaled up by `programBoost`.
    var score: SQLQueryString = "w.rank"
    if let programID = scope.programID {
      filter += " AND (d.program_id = \(bind: programID) OR d.program_id IS NULL)"
      score =
        "w.rank * (CASE WHEN d.program_id = \(bind: programID) THEN \(literal: KnowledgeScope.programBoost) ELSE 1.0 END)"
    }
    if let kinds = scope.kinds {
      filter += " AND d.kind IN (\(binds: kinds.map(\.rawValue)))"
    }
    // The newest `SearchWindow.knowledge` matches are ranked (bounded work for a very common word), then
    // filtered and cut in a query that carries only ids; the outer one fetches the texts of the few kept.
    let sql: SQLQueryString =
      """
      SELECT d.kind, d.article_id, d.newsletter_id, d.slug, d.title, d.body, d.program_id, d.published_at, m.rank
      FROM (SELECT w.id,
      """ + score
        + """
         AS rank
        FROM (SELECT rowid AS id, rank FROM knowledge_fts WHERE knowledge_fts MATCH \(bind: Self.match(query))
              ORDER BY rowid DESC LIMIT \(literal: SearchWindow.knowledge)) w
        JOIN search_documents d ON d.id = w.id
        WHERE 1 = 1
        """ + filter
        + """
         ORDER BY 2 LIMIT \(bind: limit)) m
        JOIN search_documents d ON d.id = m.id
        ORDER BY m.rank, d.id
        """
    return try await db.raw(sql).all().map { row in
      let kind = KnowledgeKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .article
      let itemID =
        kind == .newsletter
        ? try row.decode(column: "newsletter_id", as: Int.self) : try row.decode(column: "article_id", as: Int.self)
      return KnowledgeMatch(
        kind: kind, itemID: itemID, slug: try row.decode(column: "slug", as: String.self),
        title: try row.decode(column: "title", as: String.self), body: try row.decode(column: "body", as: String.self),
        programID: try row.decode(column: "program_id", as: Int?.self),
        publishedAt: try row.decode(column: "published_at", as: Date?.self),
        score: -(try row.decode(column: "rank", as: Double.self)))
    }
  }

  func requests(
    matching query: SearchQuery, organisationID: Int?, limit: Int, on db: any SQLDatabase
  ) async throws -> [RequestMatch] {
    guard !query.isEmpty, limit > 0 else { return [] }
    var match = "{number subject body} : (\(Self.match(query)))"
    if let organisationID {
      match = "scope : \"org\(organisationID)\" AND " + match
    }
    let sql: SQLQueryString = """
      SELECT r.id, r.number, r.subject, r.body, r.organisation_id, r.submitted_at, m.rank
      FROM (SELECT id, rank FROM (SELECT rowid AS id, rank FROM request_fts WHERE request_fts MATCH \(bind: match)
                                  ORDER BY rowid DESC LIMIT \(literal: SearchWindow.requests))
            ORDER BY rank LIMIT \(bind: limit)) m
      JOIN requests r ON r.id = m.id
      ORDER BY m.rank, r.id
      """
    return try await db.raw(sql).all().map { row in
      RequestMatch(
        requestID: try row.decode(column: "id", as: Int.self),
        number: try row.decode(column: "number", as: String.self),
        subject: try row.decode(column: "subject", as: String.self),
        body: try row.decode(column: "body", as: String.self),
        organisationID: try row.decode(column: "organisation_id", as: Int.self),
        submittedAt: try row.decode(column: "submitted_at", as: Date.self),
        score: -(try row.decode(column: "rank", as: Double.self)))
    }
  }

  /// The FTS5 query for `query`. Words are folded letters and digits only, so quoting them is enough to keep
  /// FTS5 syntax out; the whole expression is bound as a parameter, never spliced into the SQL.
  static func match(_ query: SearchQuery) -> String {
    let parts = query.parts.map { part -> String in
      switch part {
      case .word(let word, let prefix): "\"\(word)\"" + (prefix ? "*" : "")
      case .phrase(let words, let prefix): "\"\(words.joined(separator: " "))\"" + (prefix ? "*" : "")
      }
    }
    return parts.joined(separator: query.mode == .all ? " AND " : " OR ")
  }

  /// Folds what `unicode61 remove_diacritics 2` leaves alone: letters with a stroke.
  static func fold(_ expression: String) -> String {
    let pairs = [("đ", "d"), ("Đ", "D"), ("ł", "l"), ("Ł", "L"), ("ø", "o"), ("Ø", "O"), ("ħ", "h"), ("Ħ", "H")]
    return pairs.reduce("coalesce(\(expression), '')") { "replace(\($0), '\($1.0)', '\($1.1)')" }
  }

  static let articleColumns =
    "(article_id, kind, slug, program_id, audience, status, published_at, title, tags, body)"
  static func articleValues(_ row: String) -> String {
    "\(row).id, \(row).kind, \(row).slug, \(row).program_id, \(row).visibility, \(row).status, \(row).published_at, "
      + "\(row).title, \(row).tags, \(row).body_markdown"
  }
  static let newsletterColumns =
    "(newsletter_id, kind, slug, program_id, audience, status, published_at, title, tags, body)"
  static func newsletterValues(_ row: String) -> String {
    "\(row).id, 'newsletter', \(row).slug, NULL, 'public', \(row).status, \(row).published_at, \(row).title, '', "
      + "\(row).body_markdown"
  }
  static func requestValues(_ row: String) -> String {
    "\(row).id, \(row).number, \(fold("\(row).subject")), \(fold("\(row).body")), 'org' || \(row).organisation_id"
  }

  static let fts5Options = "content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='2 3'"

  static let createStatements: [String] = [
    """
    CREATE TABLE search_documents (
      id INTEGER PRIMARY KEY,
      article_id INTEGER UNIQUE,
      newsletter_id INTEGER UNIQUE,
      kind TEXT NOT NULL,
      slug TEXT NOT NULL,
      program_id INTEGER,
      audience TEXT NOT NULL,
      status TEXT NOT NULL,
      published_at DATETIME,
      title TEXT NOT NULL,
      tags TEXT NOT NULL,
      body TEXT NOT NULL
    )
    """,
    "CREATE VIRTUAL TABLE knowledge_fts USING fts5(title, tags, body, \(fts5Options))",
    "INSERT INTO knowledge_fts (knowledge_fts, rank) VALUES ('rank', '\(knowledgeRank)')",
    "CREATE VIRTUAL TABLE request_fts USING fts5(number, subject, body, scope, \(fts5Options))",
    "INSERT INTO request_fts (request_fts, rank) VALUES ('rank', '\(requestRank)')",
    // search_documents → knowledge_fts
    """
    CREATE TRIGGER search_documents_fts_insert AFTER INSERT ON search_documents BEGIN
      INSERT INTO knowledge_fts (rowid, title, tags, body)
      VALUES (new.id, \(fold("new.title")), \(fold("new.tags")), \(fold("new.body")));
    END
    """,
    """
    CREATE TRIGGER search_documents_fts_update AFTER UPDATE OF title, tags, body ON search_documents BEGIN
      DELETE FROM knowledge_fts WHERE rowid = old.id;
      INSERT INTO knowledge_fts (rowid, title, tags, body)
      VALUES (new.id, \(fold("new.title")), \(fold("new.tags")), \(fold("new.body")));
    END
    """,
    """
    CREATE TRIGGER search_documents_fts_delete AFTER DELETE ON search_documents BEGIN
      DELETE FROM knowledge_fts WHERE rowid = old.id;
    END
    """,
    // articles → search_documents
    """
    CREATE TRIGGER articles_search_insert AFTER INSERT ON articles BEGIN
      INSERT INTO search_documents \(articleColumns) VALUES (\(articleValues("new")));
    END
    """,
    """
    CREATE TRIGGER articles_search_update AFTER UPDATE ON articles BEGIN
      UPDATE search_documents SET article_id = new.id, kind = new.kind, slug = new.slug, program_id = new.program_id,
        audience = new.visibility, status = new.status, published_at = new.published_at, title = new.title,
        tags = new.tags, body = new.body_markdown
      WHERE article_id = old.id;
    END
    """,
    """
    CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN
      DELETE FROM search_documents WHERE article_id = old.id;
    END
    """,
    // newsletters → search_documents
    """
    CREATE TRIGGER newsletters_search_insert AFTER INSERT ON newsletters BEGIN
      INSERT INTO search_documents \(newsletterColumns) VALUES (\(newsletterValues("new")));
    END
    """,
    """
    CREATE TRIGGER newsletters_search_update AFTER UPDATE ON newsletters BEGIN
      UPDATE search_documents SET newsletter_id = new.id, slug = new.slug, status = new.status,
        published_at = new.published_at, title = new.title, body = new.body_markdown
      WHERE newsletter_id = old.id;
    END
    """,
    """
    CREATE TRIGGER newsletters_search_delete AFTER DELETE ON newsletters BEGIN
      DELETE FROM search_documents WHERE newsletter_id = old.id;
    END
    """,
    // requests → request_fts
    """
    CREATE TRIGGER requests_search_insert AFTER INSERT ON requests BEGIN
      INSERT INTO request_fts (rowid, number, subject, body, scope) VALUES (\(requestValues("new")));
    END
    """,
    """
    CREATE TRIGGER requests_search_update AFTER UPDATE OF number, subject, body, organisation_id ON requests BEGIN
      DELETE FROM request_fts WHERE rowid = old.id;
      INSERT INTO request_fts (rowid, number, subject, body, scope) VALUES (\(requestValues("new")));
    END
    """,
    """
    CREATE TRIGGER requests_search_delete AFTER DELETE ON requests BEGIN
      DELETE FROM request_fts WHERE rowid = old.id;
    END
    """,
  ]

  static let dropStatements: [String] = [
    "DROP TRIGGER IF EXISTS requests_search_delete",
    "DROP TRIGGER IF EXISTS requests_search_update",
    "DROP TRIGGER IF EXISTS requests_search_insert",
    "DROP TRIGGER IF EXISTS newsletters_search_delete",
    "DROP TRIGGER IF EXISTS newsletters_search_update",
    "DROP TRIGGER IF EXISTS newsletters_search_insert",
    "DROP TRIGGER IF EXISTS articles_search_delete",
    "DROP TRIGGER IF EXISTS articles_search_update",
    "DROP TRIGGER IF EXISTS articles_search_insert",
    "DROP TRIGGER IF EXISTS search_documents_fts_delete",
    "DROP TRIGGER IF EXISTS search_documents_fts_update",
    "DROP TRIGGER IF EXISTS search_documents_fts_insert",
    "DROP TABLE IF EXISTS request_fts",
    "DROP TABLE IF EXISTS knowledge_fts",
    "DROP TABLE IF EXISTS search_documents",
  ]
}
