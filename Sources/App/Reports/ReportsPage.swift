import Foundation
import Plot
import Wording

/// The supervisors' reports: a period chooser, then each report as an SVG chart, its table and a CSV link.
enum ReportsPage {
  struct Model {
    var wording: Wording
    var session: LayoutSession?
    var reports: ReportSet
  }

  static func query(_ period: ReportPeriod) -> String {
    "?period=\(period.granularity.rawValue)&at=\(period.first)"
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    let period = model.reports.period
    return Layout(title: l.pick("Poročila", "Reports"), wording: w, session: model.session).render(
      .div(
        .class("workspace reports"),
        WorkspaceViews.subnav(l, supervisor: true),
        .h1(.text(l.pick("Poročila", "Reports") + " — " + period.title(l))),
        .form(
          .method(.get), .action(SiteURL.reports.path), .class("filters"),
          .label(.for("period"), .text(l.pick("Obdobje", "Period"))),
          .select(
            .id("period"), .attribute(named: "name", value: "period"),
            .forEach(ReportGranularity.allCases) { kind in
              WorkspaceViews.option(
                kind.rawValue, kind == .week ? l.pick("teden", "week") : l.pick("mesec", "month"),
                selected: kind == period.granularity)
            }),
          .label(.for("at"), .text(l.pick("Dan v obdobju", "A day in the period"))),
          .input(.id("at"), .name("at"), .type(.date), .value(period.first.description)),
          .button(.type(.submit), .class("button"), .text(l.pick("Prikaži", "Show")))
        ),
        .p(
          .a(.href(SiteURL.reports.path + query(period.previous)), .text(l.pick("← prejšnje", "← previous"))),
          .text(" · "),
          .a(.href(SiteURL.reports.path + query(period.next)), .text(l.pick("naslednje →", "next →")))),
        .p(
          .class("muted"),
          .text(
            l.pick(
              "Časi so v urah podpore (\(w.supportHoursBrief), brez praznikov); trendi kažejo zadnjih \(ReportSet.trendLength) obdobij.",
              "Times are in support hours (\(w.supportHoursBrief), without holidays); trends show the last "
                + "\(ReportSet.trendLength) periods."))),
        .forEach(ReportKind.allCases) { kind in section(kind, model.reports, w) }
      ))
  }

  static func section(_ kind: ReportKind, _ reports: ReportSet, _ w: Wording) -> Node<HTML.BodyContext> {
    let l = w.language
    let table = reports.table(kind)
    return .section(
      .class("report"), .id("report-\(kind.rawValue)"),
      .h2(.text(reports.title(kind, l))),
      .if(kind == .deflections, deflectionSummary(reports.deflections, w)),
      .div(
        .class("report-body"),
        .div(.class("chart-box"), .sanitisedHTML(reports.chart(kind, w).svg)),
        .div(
          .class("table-scroll"),
          .table(
            .caption(.text(reports.title(kind, l))),
            .thead(.tr(.forEach(table.columns) { .th(.text(l.pick($0.sl, $0.en))) })),
            .tbody(
              .if(
                table.rows.isEmpty,
                .tr(
                  .td(
                    .attribute(named: "colspan", value: String(table.columns.count)),
                    .text(l.pick("Ni podatkov.", "No data.")))),
                else: .forEach(table.rows) { row in .tr(.forEach(row) { .td(.text($0)) }) }))),
          .p(
            .a(
              .class("csv"), .href(SiteURL.reportCSV(.value(kind.rawValue)).path + query(reports.period)),
              .attribute(named: "download"), .text(l.pick("Prenesi CSV", "Download CSV"))))))
    )
  }

  static func deflectionSummary(_ d: ReportQueries.Deflections, _ w: Wording) -> Node<HTML.BodyContext> {
    let l = w.language
    return .p(
      .text(
        l.pick(
          "Predlogi so odgovorili na \(d.total) vprašanj; oddanih je bilo \(d.portalRequests) zahtev prek portala "
            + "(delež rešenih s predlogi: \(w.share(d.rate))).",
          "Suggestions answered \(d.total) questions; \(d.portalRequests) requests were filed in the portal "
            + "(share answered by suggestions: \(w.share(d.rate))).")))
  }
}
