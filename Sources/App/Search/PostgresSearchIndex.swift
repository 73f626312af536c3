import Foundation
import SQLKit

/// The search index on PostgreSQL: `tsvector` columns with GIN indexes, the `simple` configuration (no
/// stemming, as on SQLite) over text folded by `podpora_fold`, which is `lower(unaccent(…))` when the `unaccent`
/// extension can be created and an immutable `translate()` of the same letters when it cannot.
/// Punctuation becomes spaces before parsing, so words split exactly as SQLite's `unicode61` splits them
/// (`2026-000123` is the two words `2026` and `000123` on both).
///
/// - `search_documents`: one row per article, tip and newsletter issue with its `document` vector (title A,
///   tags B, body D), kept by triggers on `articles` and `newsletters`.
/// - `request_search`: one row per request with its vector (number and subject A, body D) and organisation.
struct PostgresSearchIndex: SearchIndex {
  /// `ts_rank` normalisation 1: divide by 1 + log(document length), as bm25 favours short documents.
  static let rankNormalisation = 1

  func rebuild(on db: any SQLDatabase) async throws {
    try await db.raw("DELETE FROM search_documents").run()
    try await db.raw("DELETE FROM request_search").run()
    try await db.raw(
      SQLQueryString(
        "INSERT INTO search_documents \(Self.documentColumns) SELECT \(Self.articleValues("a")) FROM articles a")
    ).run()
    try await db.raw(
      SQLQueryString(
        "INSERT INTO search_documents \(Self.documentColumns) SELECT \(Self.newsletterValues("n")) FROM newsletters n")
    ).run()
    try await db.raw(
      SQLQueryString(
        "INSERT INTO request_search (request_id, organisation_id, document) SELECT \(Self.requestValues("r")) "
          + "FROM requests r")
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
    var boost: SQLQueryString = "1.0"
    if let programID = scope.programID {
      filter += " AND (d.program_id = \(bind: programID) OR d.program_id IS NULL)"
      boost = "(CASE WHEN w.program_id = \(bind: programID) THEN \(literal: KnowledgeScope.programBoost) ELSE 1.0 END)"
    }
    if let kinds = scope.kinds {
      filter += " AND d.kind IN (\(binds: kinds.map(\.rawValue)))"
    }
    // The newest `SearchWindow.knowledge` matches are ranked (bounded work for a very common word).
    let sql: SQLQueryString =
      """
      SELECT d.kind, d.article_id, d.newsletter_id, d.slug, d.title, d.body, d.program_id, d.published_at, m.rank
      FROM (SELECT w.id, ts_rank(w.document, w.query, \(unsafeRaw: String(Self.rankNormalisation)))::float8 *
      """ + boost
        + """
         AS rank
              FROM (SELECT d.id, d.document, d.program_id, q.query
                    FROM search_documents d, to_tsquery('simple', \(bind: Self.tsquery(query))) AS q(query)
                    WHERE d.document @@ q.query
        """ + filter
        + """
                 ORDER BY d.id DESC LIMIT \(literal: SearchWindow.knowledge)) w
              ORDER BY rank DESC, w.id LIMIT \(bind: limit)) m
        JOIN search_documents d ON d.id = m.id
        ORDER BY m.rank DESC, d.id
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
        score: try row.decode(column: "rank", as: Double.self))
    }
  }

  func requests(
    matching query: SearchQuery, organisationID: Int?, limit: Int, on db: any SQLDatabase
  ) async throws -> [RequestMatch] {
    guard !query.isEmpty, limit > 0 else { return [] }
    var filter: SQLQueryString = ""
    if let organisationID {
      filter = " AND s.organisation_id = \(bind: organisationID)"
    }
    let sql: SQLQueryString =
      """
      SELECT r.id, r.number, r.subject, r.body, r.organisation_id, r.submitted_at, m.rank
      FROM (SELECT w.id, ts_rank(w.document, w.query, \(unsafeRaw: String(Self.rankNormalisation)))::float8 AS rank
            FROM (SELECT s.request_id AS id, s.document, q.query
                  FROM request_search s, to_tsquery('simple', \(bind: Self.tsquery(query))) AS q(query)
                  WHERE s.document @@ q.query
      """ + filter
        + """
                 ORDER BY s.request_id DESC LIMIT \(literal: SearchWindow.requests)) w
              ORDER BY rank DESC, w.id LIMIT \(bind: limit)) m
        JOIN requests r ON r.id = m.id
        ORDER BY m.rank DESC, r.id
        """
    return try await db.raw(sql).all().map { row in
      RequestMatch(
        requestID: try row.decode(column: "id", as: Int.self),
        number: try row.decode(column: "number", as: String.self),
        subject: try row.decode(column: "subject", as: String.self),
        body: try row.decode(column: "body", as: String.self),
        organisationID: try row.decode(column: "organisation_id", as: Int.self),
        submittedAt: try row.decode(column: "submitted_at", as: Date.self),
        score: try row.decode(column: "rank", as: Double.self))
    }
  }

  /// The `to_tsquery` text for `query`. Words are folded letters and digits only, so single quotes around
  /// each keep the tsquery syntax out; the text is bound as a parameter, never spliced into the SQL.
  static func tsquery(_ query: SearchQuery) -> String {
    let parts = query.parts.map { part -> String in
      switch part {
      case .word(let word, let prefix):
        return "'\(word)'" + (prefix ? ":*" : "")
      case .phrase(let words, let prefix):
        var lexemes = words.map { "'\($0)'" }
        if prefix { lexemes[lexemes.count - 1] += ":*" }
        return "(" + lexemes.joined(separator: " <-> ") + ")"
      }
    }
    return parts.joined(separator: query.mode == .all ? " & " : " | ")
  }

  /// Letters folded by `podpora_fold_basic`, the fallback without `unaccent`: at least every letter of
  /// Slovenian and its neighbours, with the result `unaccent` gives for each.
  static let foldPairs: [(String, String)] = [
    ("ČĆŠŽĐčćšžđ", "CCSZDccszd"),
    ("ÀÁÂÃÄÅàáâãäåĄą", "AAAAAAaaaaaaAa"),
    ("ÈÉÊËèéêëĚěĘę", "EEEEeeeeEeEe"),
    ("ÌÍÎÏìíîï", "IIIIiiii"),
    ("ÒÓÔÕÖØòóôõöøŐő", "OOOOOOooooooOo"),
    ("ÙÚÛÜùúûüŮůŰű", "UUUUuuuuUuUu"),
    ("ÝýÿÑñŇňŃńÇçŘřŔŕŤťĎďĹĺĽľŁłŚśŹźŻżĦħ", "YyyNnNnNnCcRrRrTtDdLlLlLlSsZzZzHh"),
  ]

  /// A lexeme between the fields of a vector, so a phrase cannot run from the end of the title into the body
  /// (on SQLite, columns are separate). No query can contain it: query words are letters and digits only.
  static let fieldGap = "¦"

  static var foldFrom: String { foldPairs.map(\.0).joined() }
  static var foldTo: String { foldPairs.map(\.1).joined() }

  static let documentColumns =
    "(article_id, newsletter_id, kind, slug, program_id, audience, status, published_at, title, tags, body, document)"
  static func articleValues(_ row: String) -> String {
    "\(row).id, NULL, \(row).kind, \(row).slug, \(row).program_id, \(row).visibility, \(row).status, "
      + "\(row).published_at, \(row).title, \(row).tags, \(row).body_markdown, "
      + "podpora_knowledge_vector(\(row).title, \(row).tags, \(row).body_markdown)"
  }
  static func newsletterValues(_ row: String) -> String {
    "NULL, \(row).id, 'newsletter', \(row).slug, NULL, 'public', \(row).status, \(row).published_at, \(row).title, "
      + "'', \(row).body_markdown, podpora_knowledge_vector(\(row).title, '', \(row).body_markdown)"
  }
  static func requestValues(_ row: String) -> String {
    "\(row).id, \(row).organisation_id, podpora_request_vector(\(row).number, \(row).subject, \(row).body)"
  }

  static let documentUpdate =
    "kind = EXCLUDED.kind, slug = EXCLUDED.slug, program_id = EXCLUDED.program_id, audience = EXCLUDED.audience, "
    + "status = EXCLUDED.status, published_at = EXCLUDED.published_at, title = EXCLUDED.title, tags = EXCLUDED.tags, "
    + "body = EXCLUDED.body, document = EXCLUDED.document"

  static var createStatements: [String] {
    [
      // unaccent where it can be had; a test cluster without postgresql-contrib gets the translate() fallback.
      """
      DO $$
      BEGIN
        CREATE EXTENSION IF NOT EXISTS unaccent;
      EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'unaccent is not available (%); search folds letters with translate()', SQLERRM;
      END
      $$
      """,
      """
      CREATE FUNCTION podpora_fold_basic(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$ SELECT lower(translate(t, '\(foldFrom)', '\(foldTo)')) $$
      """,
      // unaccent() is only STABLE (its rules file could change); the two-argument form with a fixed dictionary
      // is the usual immutable wrapper, schema-qualified so a search_path cannot change what it calls.
      """
      DO $$
      DECLARE
        schema_name text;
      BEGIN
        SELECT n.nspname INTO schema_name FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = 'unaccent';
        IF schema_name IS NULL THEN
          CREATE FUNCTION podpora_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
          AS 'SELECT podpora_fold_basic(t)';
        ELSE
          EXECUTE format(
            'CREATE FUNCTION podpora_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS %L',
            format('SELECT lower(%I.unaccent(%L::regdictionary, t))', schema_name, schema_name || '.unaccent'));
        END IF;
      END
      $$
      """,
      """
      CREATE FUNCTION podpora_search_words(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT regexp_replace(podpora_fold(coalesce(t, '')), '[[:punct:]]+', ' ', 'g') $$
      """,
      """
      CREATE FUNCTION podpora_knowledge_vector(title text, tags text, body text) RETURNS tsvector
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$
        SELECT setweight(to_tsvector('simple'::regconfig, podpora_search_words(title)), 'A')
          || '\(fieldGap):1'::tsvector
          || setweight(to_tsvector('simple'::regconfig, podpora_search_words(tags)), 'B')
          || '\(fieldGap):1'::tsvector
          || setweight(to_tsvector('simple'::regconfig, podpora_search_words(body)), 'D')
      $$
      """,
      """
      CREATE FUNCTION podpora_request_vector(number text, subject text, body text) RETURNS tsvector
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$
        SELECT setweight(to_tsvector('simple'::regconfig, podpora_search_words(number)), 'A')
          || '\(fieldGap):1'::tsvector
          || setweight(to_tsvector('simple'::regconfig, podpora_search_words(subject)), 'A')
          || '\(fieldGap):1'::tsvector
          || setweight(to_tsvector('simple'::regconfig, podpora_search_words(body)), 'D')
      $$
      """,
      """
      CREATE TABLE search_documents (
        id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        article_id integer UNIQUE,
        newsletter_id integer UNIQUE,
        kind text NOT NULL,
        slug text NOT NULL,
        program_id integer,
        audience text NOT NULL,
        status text NOT NULL,
        published_at timestamptz,
        title text NOT NULL,
        tags text NOT NULL,
        body text NOT NULL,
        document tsvector NOT NULL
      )
      """,
      "CREATE INDEX search_documents_document_idx ON search_documents USING gin (document)",
      """
      CREATE TABLE request_search (
        request_id integer PRIMARY KEY,
        organisation_id integer NOT NULL,
        document tsvector NOT NULL
      )
      """,
      "CREATE INDEX request_search_document_idx ON request_search USING gin (document)",
      "CREATE INDEX request_search_organisation_idx ON request_search (organisation_id)",
      """
      CREATE FUNCTION podpora_articles_search() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          DELETE FROM search_documents WHERE article_id = OLD.id;
          RETURN OLD;
        END IF;
        IF TG_OP = 'UPDATE' AND NEW.id <> OLD.id THEN
          DELETE FROM search_documents WHERE article_id = OLD.id;
        END IF;
        INSERT INTO search_documents \(documentColumns) SELECT \(articleValues("NEW"))
        ON CONFLICT (article_id) DO UPDATE SET \(documentUpdate);
        RETURN NEW;
      END
      $$
      """,
      """
      CREATE TRIGGER articles_search AFTER INSERT OR UPDATE OR DELETE ON articles
      FOR EACH ROW EXECUTE FUNCTION podpora_articles_search()
      """,
      """
      CREATE FUNCTION podpora_newsletters_search() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          DELETE FROM search_documents WHERE newsletter_id = OLD.id;
          RETURN OLD;
        END IF;
        IF TG_OP = 'UPDATE' AND NEW.id <> OLD.id THEN
          DELETE FROM search_documents WHERE newsletter_id = OLD.id;
        END IF;
        INSERT INTO search_documents \(documentColumns) SELECT \(newsletterValues("NEW"))
        ON CONFLICT (newsletter_id) DO UPDATE SET \(documentUpdate);
        RETURN NEW;
      END
      $$
      """,
      """
      CREATE TRIGGER newsletters_search AFTER INSERT OR UPDATE OR DELETE ON newsletters
      FOR EACH ROW EXECUTE FUNCTION podpora_newsletters_search()
      """,
      """
      CREATE FUNCTION podpora_requests_search() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          DELETE FROM request_search WHERE request_id = OLD.id;
          RETURN OLD;
        END IF;
        IF TG_OP = 'UPDATE' AND NEW.id <> OLD.id THEN
          DELETE FROM request_search WHERE request_id = OLD.id;
        END IF;
        INSERT INTO request_search (request_id, organisation_id, document) SELECT \(requestValues("NEW"))
        ON CONFLICT (request_id) DO UPDATE
          SET organisation_id = EXCLUDED.organisation_id, document = EXCLUDED.document;
        RETURN NEW;
      END
      $$
      """,
      """
      CREATE TRIGGER requests_search AFTER INSERT OR DELETE OR UPDATE OF number, subject, body, organisation_id
      ON requests FOR EACH ROW EXECUTE FUNCTION podpora_requests_search()
      """,
    ]
  }

  /// The extension stays: it is a database-wide object that other schemas may use, and keeping it is harmless.
  static let dropStatements: [String] = [
    "DROP TRIGGER IF EXISTS requests_search ON requests",
    "DROP TRIGGER IF EXISTS newsletters_search ON newsletters",
    "DROP TRIGGER IF EXISTS articles_search ON articles",
    "DROP FUNCTION IF EXISTS podpora_requests_search()",
    "DROP FUNCTION IF EXISTS podpora_newsletters_search()",
    "DROP FUNCTION IF EXISTS podpora_articles_search()",
    "DROP TABLE IF EXISTS request_search",
    "DROP TABLE IF EXISTS search_documents",
    "DROP FUNCTION IF EXISTS podpora_request_vector(text, text, text)",
    "DROP FUNCTION IF EXISTS podpora_knowledge_vector(text, text, text)",
    "DROP FUNCTION IF EXISTS podpora_search_words(text)",
    "DROP FUNCTION IF EXISTS podpora_fold(text)",
    "DROP FUNCTION IF EXISTS podpora_fold_basic(text)",
  ]
}
