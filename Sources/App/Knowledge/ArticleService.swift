import Fluent
import Foundation
import Wording

/// What an editor submits for an article or tip.
struct ArticleDraft: Sendable, Equatable {
  var slug: String = ""
  var kind: ArticleKind = .article
  /// Program code (`PL`), or empty for a general article.
  var programCode: String = ""
  var title: String = ""
  var bodyMarkdown: String = ""
  /// Comma-separated.
  var tags: String = ""
  var f1Context: String = ""
  var visibility: ArticleVisibility = .public
  var status: PublicationStatus = .draft
  /// When it appears on the help site; a published article without one appears at once.
  var publishedAt: Date?
  /// The editor's note for the revision history.
  var note: String = ""

  init() {}

  init(_ article: Article, programCode: String) {
    slug = article.slug
    kind = article.kind
    self.programCode = programCode
    title = article.title
    bodyMarkdown = article.bodyMarkdown
    tags = article.tags
    f1Context = article.f1Context ?? ""
    visibility = article.visibility
    status = article.status
    publishedAt = article.publishedAt
  }
}

/// Why a draft cannot be saved, one per field, in words the editor understands.
enum ArticleProblem: Error, Equatable, Sendable {
  case titleMissing
  case bodyMissing
  case slugInvalid
  case slugTaken
  case programUnknown
  case f1Invalid
  case f1NeedsProgram

  var field: String {
    switch self {
    case .titleMissing: "title"
    case .bodyMissing: "body"
    case .slugInvalid, .slugTaken: "slug"
    case .programUnknown: "program"
    case .f1Invalid, .f1NeedsProgram: "f1"
    }
  }

  func message(_ l: Language) -> String {
    switch self {
    case .titleMissing: l.pick("Vpišite naslov (največ 200 znakov).", "Enter a title (at most 200 characters).")
    case .bodyMissing: l.pick("Vpišite besedilo.", "Enter the text.")
    case .slugInvalid:
      l.pick(
        "Naslov v povezavi sme imeti male črke brez strešic, številke in vezaje.",
        "The URL name may have lower-case letters without diacritics, digits and hyphens.")
    case .slugTaken: l.pick("Članek s tem naslovom v povezavi že obstaja.", "An article with this URL name exists.")
    case .programUnknown: l.pick("Tega programa ni.", "There is no such program.")
    case .f1Invalid:
      l.pick(
        "Ključ F1 sme imeti črke, številke, pike, podčrtaje in vezaje.",
        "The F1 key may have letters, digits, dots, underscores and hyphens.")
    case .f1NeedsProgram: l.pick("Ključ F1 potrebuje program.", "An F1 key needs a program.")
    }
  }
}

struct ArticleProblems: Error, Equatable {
  var problems: [ArticleProblem]
}

/// Saving articles: validation, and a revision (who, what, when) on every save.
enum ArticleService {
  /// Creates (`articleID` nil) or updates an article and records a revision, in one write transaction.
  @discardableResult
  static func save(
    _ draft: ArticleDraft, articleID: Int?, editorID: Int?, now: Date, dialect: any DatabaseDialect,
    on db: any Database
  ) async throws -> Article {
    try await dialect.writeTransaction(on: db) { db in
      let article: Article
      if let articleID {
        guard let existing = try await Article.find(articleID, on: db) else {
          throw KnowledgeEvidenceError.notFound("a-\(articleID)")
        }
        article = existing
      } else {
        article = Article()
        article.createdAt = now
      }
      let (programID, problems) = try await validate(draft, articleID: articleID, on: db)
      guard problems.isEmpty else { throw ArticleProblems(problems: problems) }

      article.slug = slug(for: draft)
      article.kind = draft.kind
      article.$program.id = programID
      article.title = draft.title.trimmingCharacters(in: .whitespacesAndNewlines)
      article.bodyMarkdown = draft.bodyMarkdown
      article.tags = ArticleTags.format(draft.tags.split(separator: ",").map(String.init))
      let f1 = F1Context.normalised(draft.f1Context)
      article.f1Context = f1.isEmpty ? nil : f1
      article.visibility = draft.visibility
      article.status = draft.status
      article.publishedAt = draft.status == .published ? (draft.publishedAt ?? now) : draft.publishedAt
      article.updatedAt = now
      try await article.save(on: db)

      let revision = ArticleRevision()
      revision.$article.id = try article.requireID()
      revision.$editor.id = editorID
      revision.title = article.title
      revision.bodyMarkdown = article.bodyMarkdown
      revision.snapshot = snapshot(of: article, programCode: draft.programCode)
      revision.note = String(draft.note.prefix(500))
      revision.createdAt = now
      try await revision.create(on: db)
      return article
    }
  }

  /// Every problem of a draft at once, so the editor fixes them in one go; and the program's id.
  static func validate(
    _ draft: ArticleDraft, articleID: Int?, on db: any Database
  ) async throws
    -> (programID: Int?, problems: [ArticleProblem])
  {
    var problems: [ArticleProblem] = []
    let title = draft.title.trimmingCharacters(in: .whitespacesAndNewlines)
    if title.isEmpty || title.count > 200 { problems.append(.titleMissing) }
    if draft.bodyMarkdown.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.append(.bodyMissing) }
    let slug = slug(for: draft)
    if !isValidSlug(slug) {
      problems.append(.slugInvalid)
    } else if let other = try await Article.query(on: db).filter(\.$slug == slug).first(), other.id != articleID {
      problems.append(.slugTaken)
    }
    var programID: Int?
    let code = draft.programCode.trimmingCharacters(in: .whitespaces)
    if !code.isEmpty {
      if let program = try await KnowledgeQueries.program(code: code, on: db) {
        programID = program.id
      } else {
        problems.append(.programUnknown)
      }
    }
    let f1 = F1Context.normalised(draft.f1Context)
    if !f1.isEmpty {
      if !F1Context.isValid(f1) {
        problems.append(.f1Invalid)
      } else if code.isEmpty {
        problems.append(.f1NeedsProgram)
      }
    }
    return (programID, problems)
  }

  /// The slug the editor typed, or one made from the title.
  static func slug(for draft: ArticleDraft) -> String {
    let typed = draft.slug.trimmingCharacters(in: .whitespaces)
    return typed.isEmpty ? Slug.make(from: draft.title) : typed
  }

  static func isValidSlug(_ slug: String) -> Bool {
    !slug.isEmpty && slug.count <= 120 && !slug.hasPrefix("-") && !slug.hasSuffix("-")
      && slug.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
  }

  /// Snapshots are compared with later ones, so their instants keep one zone (the default policy's) whatever the
  /// policy file says.
  static let recordWording = Wording(.sl)

  static func snapshot(of article: Article, programCode: String) -> String {
    let fields: [String: String] = [
      "slug": article.slug, "kind": article.kind.rawValue, "program": programCode.uppercased(), "tags": article.tags,
      "f1": article.f1Context ?? "", "visibility": article.visibility.rawValue, "status": article.status.rawValue,
      "publishedAt": article.publishedAt.map(Self.recordWording.machine) ?? "",
    ]
    let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
  }

  /// An article's revisions, newest first, each with the fields that changed from the one before.
  static func history(articleID: Int, on db: any Database) async throws -> [RevisionEntry] {
    let revisions = try await ArticleRevision.query(on: db).filter(\.$article.$id == articleID)
      .sort(\.$createdAt).sort(\.$id).with(\.$editor).all()
    var entries: [RevisionEntry] = []
    var previous: ArticleRevision?
    for revision in revisions {
      var changed: [String] = []
      if let previous {
        if previous.title != revision.title { changed.append("title") }
        if previous.bodyMarkdown != revision.bodyMarkdown { changed.append("body") }
        let before = decode(previous.snapshot)
        let after = decode(revision.snapshot)
        for key in Set(before.keys).union(after.keys).sorted() where before[key] != after[key] {
          changed.append(key)
        }
      } else {
        changed = ["created"]
      }
      entries.append(
        RevisionEntry(
          id: try revision.requireID(), at: revision.createdAt, editor: revision.editor?.name, changed: changed,
          note: revision.note))
      previous = revision
    }
    return entries.reversed()
  }

  static func decode(_ snapshot: String) -> [String: String] {
    (try? JSONSerialization.jsonObject(with: Data(snapshot.utf8)) as? [String: String]) ?? [:]
  }
}

/// One line of an article's history: when, who, which fields changed, and the note.
struct RevisionEntry: Sendable, Equatable {
  var id: Int
  var at: Date
  var editor: String?
  var changed: [String]
  var note: String
}

/// URL names made from titles: folded to ASCII, words joined by hyphens.
enum Slug {
  static func make(from title: String) -> String {
    let words = SearchText.fold(title).split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber)) })
    var slug = ""
    for word in words {
      if slug.count + word.count + 1 > 80 { break }
      slug += (slug.isEmpty ? "" : "-") + word
    }
    return slug
  }
}
