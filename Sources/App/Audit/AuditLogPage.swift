import Foundation
import Plot
import Wording

/// The audit log for admins: who did what, when and from where, newest first.
enum AuditLogPage {
  struct Model {
    var wording: Wording
    var session: LayoutSession?
    var page: AuditLogQueries.Page
    var isFirstPage: Bool
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    let title = l.pick("Revizijska sled", "Audit log")
    return Layout(title: title, wording: w, session: model.session).render(
      .div(
        .class("workspace audit"),
        WorkspaceViews.subnav(l, supervisor: true),
        .h1(.text(title)),
        .p(
          .class("muted"),
          .text(
            l.pick(
              "Vsaka prijava (uspešna in neuspešna) in vsako dejanje sodelavcev, najnovejše najprej.",
              "Every sign-in (successful or not) and every staff action, newest first."))),
        .if(
          model.page.entries.isEmpty, .p(.class("muted"), .text(l.pick("Ni vnosov.", "No entries."))),
          else: .div(
            .class("table-scroll"),
            .table(
              .id("audit-log"),
              .thead(
                .tr(
                  .th(.text(l.pick("Čas", "Time"))), .th(.text(l.pick("Kdo", "Who"))),
                  .th(.text(l.pick("Dejanje", "Action"))), .th(.text(l.pick("Predmet", "Subject"))),
                  .th(.text(l.pick("Podrobnosti", "Details"))), .th(.text(l.pick("Naslov", "Address"))))),
              .tbody(
                .forEach(model.page.entries) { entry in
                  .tr(
                    .td(WorkspaceViews.time(entry.at, model.wording)), .td(.text(entry.actor)),
                    .td(.code(.text(entry.action))),
                    .td(.text(entry.subject)),
                    .td(.class("muted"), .text(entry.details)),
                    .td(.text(entry.address ?? "—")))
                })))),
        .nav(
          .class("pager"),
          .if(!model.isFirstPage, .a(.href(SiteURL.workspaceAudit.path), .text(l.pick("Najnovejši", "Newest")))),
          .unwrap(model.page.nextBefore) { before in
            .a(
              .href(SiteURL.workspaceAudit.path + "?before=\(before)"), .attribute(named: "rel", value: "next"),
              .text(l.pick("Starejši", "Older")))
          })))
  }
}
