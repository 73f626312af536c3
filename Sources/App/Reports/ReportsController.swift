import Fluent
import Foundation
import Vapor

/// The supervisors' reports: the page for a week or month, and each report's table as CSV.
struct ReportsController {
  func page(_ req: Request) async throws -> Response {
    _ = try req.signedInStaff()
    let reports = try await ReportSet.load(period(req), now: req.clock.now, policy: req.policy, on: req.db)
    return html(ReportsPage.render(.init(wording: req.wording, session: req.layoutSession, reports: reports)))
  }

  func csv(_ req: Request) async throws -> Response {
    _ = try req.signedInStaff()
    guard let kind = req.parameters.get(.kind).flatMap(ReportKind.init(rawValue:)) else {
      throw Abort(.notFound, reason: "Tega poročila ni. / There is no such report.")
    }
    let period = period(req)
    let reports = try await ReportSet.load(period, now: req.clock.now, policy: req.policy, on: req.db)
    var headers = HTTPHeaders()
    headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
    headers.replaceOrAdd(
      name: .contentDisposition, value: "attachment; filename=\"podpora-\(kind.rawValue)-\(period.label).csv\"")
    return Response(status: .ok, headers: headers, body: .init(string: reports.table(kind).csv))
  }

  private func period(_ req: Request) -> ReportPeriod {
    ReportPeriod.parse(
      granularity: req.query[String.self, at: "period"], at: req.query[String.self, at: "at"], now: req.clock.now,
      in: req.policy.configuration.timeZone)
  }
}
