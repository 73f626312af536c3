import Vapor

/// The admin's view of the audit log.
struct AuditController {
  func page(_ req: Request) async throws -> Response {
    // Admins only: the route's access rule decides that before this runs.
    _ = try req.signedInStaff()
    let before = (req.query["before"] as String?).flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
    let page = try await AuditLogQueries.page(before: before, on: req.db)
    return html(
      AuditLogPage.render(
        .init(wording: req.wording, session: req.layoutSession, page: page, isFirstPage: before == nil)))
  }
}
