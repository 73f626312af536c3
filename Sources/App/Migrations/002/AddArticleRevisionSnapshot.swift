import Fluent
import SQLKit

/// Revisions record every field an editor can change, not only title and body, so the history says what
/// changed (tags, F1 key, visibility, publication), plus the editor's note.
struct AddArticleRevisionSnapshot: AsyncMigration {
  func prepare(on database: any Database) async throws {
    // One column per statement: SQLite alters a table one change at a time.
    try await database.schema("article_revisions")
      .field("snapshot", .string, .required, .sql(.default("{}")))
      .update()
    try await database.schema("article_revisions")
      .field("note", .string, .required, .sql(.default("")))
      .update()
  }

  func revert(on database: any Database) async throws {
    try await database.schema("article_revisions").deleteField("note").update()
    try await database.schema("article_revisions").deleteField("snapshot").update()
  }
}
