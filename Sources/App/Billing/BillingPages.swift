import Foundation
import Plot
import SupportPolicy
import Wording

/// The supervisor's billing page: disputes waiting for an outcome, the month's items, the accounting export and
/// statements per organisation.
enum BillingOverviewPage {
  struct Organisation: Sendable {
    var id: Int
    var name: String
  }

  struct Model {
    var wording: Wording
    var session: LayoutSession?
    var csrf: String
    var month: BillingMonth
    var disputes: [ChargeLine]
    var lines: [ChargeLine]
    var organisations: [Organisation]
    var notice: String?
    var error: String?
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    let title = l.pick("Obračun", "Billing")
    return Layout(title: title, wording: w, session: model.session).render(
      .div(
        .class("workspace billing"),
        WorkspaceViews.subnav(l, supervisor: true),
        .h1(.text(title)),
        Forms.notice(model.notice), Forms.errorBox(model.error),
        .h2(.id("disputes"), .text(l.pick("Ugovori", "Disputes"))),
        .if(
          model.disputes.isEmpty, .p(.class("muted"), .text(l.pick("Ni odprtih ugovorov.", "No open disputes."))),
          else: .ul(
            .class("plain disputes"),
            .forEach(model.disputes) { line in
              .li(
                .a(.href(SiteURL.workspaceBillingItem(.value(line.id)).path), .text(line.requestNumber)),
                .text(" · \(line.organisationName) · " + w.money(cents: line.amountCents) + " · "),
                .text(line.dispute?.reason ?? ""))
            })),
        .h2(.text(l.pick("Izvoz za računovodstvo", "Export for accounting"))),
        .form(
          .method(.post), .action(SiteURL.workspaceBillingExport.path), .class("inline"),
          Forms.csrfField(model.csrf),
          .label(.for("export-month"), .text(l.pick("Mesec (LLLL-MM)", "Month (YYYY-MM)"))),
          .input(.id("export-month"), .name("month"), .type(.text), .value(model.month.description), .required(true)),
          .button(.type(.submit), .class("button primary"), .text(l.pick("Izvozi CSV", "Export CSV")))),
        .p(
          .class("muted"),
          .text(
            l.pick(
              "Izvoz označi postavke kot izvožene; ponovni izvoz istega meseca vsebuje le še neizvožene.",
              "Exporting marks the items exported; exporting the same month again holds only those not yet exported."
            ))),
        .h2(.text(l.pick("Mesečni obračun organizacije", "An organisation's monthly statement"))),
        .form(
          .method(.get), .action(SiteURL.workspaceBillingStatement.path), .class("inline"),
          .label(.for("statement-organisation"), .text(l.pick("Organizacija", "Organisation"))),
          .select(
            .id("statement-organisation"), .attribute(named: "name", value: "organisation"),
            .forEach(model.organisations) { .choice(value: String($0.id), label: $0.name, selected: false) }),
          .input(.type(.hidden), .name("month"), .value(model.month.description)),
          .button(.type(.submit), .class("button"), .text(l.pick("Prikaži", "Show")))),
        .p(
          .a(
            .href(SiteURL.workspaceStandingImport.path),
            .text(l.pick("Uvoz stanja računov iz računovodstva", "Import account standing from accounting")))),
        .h2(.text(l.pick("Postavke meseca", "Items of the month"))),
        BillingViews.monthNavigation(model.month, path: SiteURL.workspaceBilling.path, l),
        .if(
          model.lines.isEmpty, .p(.class("muted"), .text(l.pick("Ni postavk.", "No items."))),
          else: .ul(
            .class("plain items"),
            .forEach(model.lines) { line in
              .li(
                .a(.href(SiteURL.workspaceBillingItem(.value(line.id)).path), .text(line.requestNumber)),
                .text(
                  " · \(line.organisationName) · " + w.money(cents: line.amountCents) + " · "
                    + BillingViews.status(line.status, l)
                    + (line.exportedAt == nil ? "" : l.pick(" · izvoženo", " · exported"))))
            }))
      ))
  }
}

/// One item for a supervisor: what was charged and why, its audit-relevant state, and the forms to adjust, waive
/// or decide its dispute.
enum BillingItemPage {
  struct Model {
    var wording: Wording
    var session: LayoutSession?
    var csrf: String
    var line: ChargeLine
    var notice: String?
    var error: String?
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    let line = model.line
    let id = line.id
    let changeable = line.status != .waived && line.exportedAt == nil
    return Layout(title: l.pick("Postavka", "Item") + " \(line.requestNumber)", wording: w, session: model.session)
      .render(
        .div(
          .class("workspace billing-item"),
          WorkspaceViews.subnav(l, supervisor: true),
          .p(.a(.href(SiteURL.workspaceBilling.path), .text(l.pick("← Obračun", "← Billing")))),
          .h1(
            .text(l.pick("Postavka ", "Item ")),
            .a(.href(SiteURL.workspaceRequest(.value(line.requestNumber)).path), .text(line.requestNumber))),
          Forms.notice(model.notice), Forms.errorBox(model.error),
          .p(
            .text("\(line.organisationName) (\(line.taxNumber)) · " + BillingViews.kind(line, l)),
            .text(" · \(line.minutes) min · \(line.units) " + l.pick("enot", "units") + " · "),
            .strong(.class("amount"), .text(w.money(cents: line.amountCents))),
            .text(" · " + BillingViews.status(line.status, l)),
            .unwrap(line.policyVersion) { .text(l.pick(" · pravila ", " · policy ") + $0) },
            .unwrap(line.exportedAt) { .text(l.pick(" · izvoženo ", " · exported ") + w.dateTime($0)) }),
          .unwrap(line.adjustmentReason) { .p(.text(l.pick("Pojasnilo: ", "Note: ") + $0)) },
          BillingViews.reasons(line, l),
          .unwrap(line.dispute) { dispute in
            .section(
              .class("card"), .id("dispute"),
              .h2(.text(l.pick("Ugovor stranke", "The customer's dispute"))),
              .p(.text("\(dispute.contactName): \(dispute.reason)")),
              .unwrap(
                dispute.outcome,
                { outcome in
                  .p(.strong(.text(BillingViews.outcome(outcome, l))), .text(" — " + (dispute.note ?? "")))
                },
                else: .form(
                  .method(.post), .action(SiteURL.workspaceBillingItemAction(.value(id), .decideDispute).path),
                  Forms.csrfField(model.csrf),
                  .label(.for("outcome"), .text(l.pick("Odločitev", "Outcome"))),
                  .select(
                    .id("outcome"), .attribute(named: "name", value: "outcome"),
                    .forEach(DisputeOutcome.allCases) {
                      .choice(value: $0.rawValue, label: BillingViews.outcome($0, l), selected: $0 == .upheld)
                    }),
                  amountFields(l, prefix: "dispute"),
                  WorkspaceViews.textarea(
                    label: l.pick("Pojasnilo za stranko", "Note for the customer"), name: "note", id: "dispute-note",
                    rows: 2),
                  .button(.type(.submit), .class("button primary"), .text(l.pick("Zapiši odločitev", "Record outcome")))
                ))
            )
          },
          .if(
            changeable,
            .section(
              .class("card"),
              .h2(.text(l.pick("Popravek", "Adjust"))),
              .form(
                .method(.post), .action(SiteURL.workspaceBillingItemAction(.value(id), .adjust).path),
                Forms.csrfField(model.csrf), amountFields(l, prefix: "adjust"),
                WorkspaceViews.textarea(
                  label: l.pick("Razlog", "Reason"), name: "reason", id: "adjust-reason", rows: 2),
                .button(.type(.submit), .class("button"), .text(l.pick("Popravi", "Adjust")))),
              .h2(.text(l.pick("Odpis", "Waive"))),
              .form(
                .method(.post), .action(SiteURL.workspaceBillingItemAction(.value(id), .waive).path),
                Forms.csrfField(model.csrf),
                WorkspaceViews.textarea(
                  label: l.pick("Razlog", "Reason"), name: "reason", id: "waive-reason", rows: 2),
                .button(.type(.submit), .class("button"), .text(l.pick("Odpiši", "Waive")))))
          )
        ))
  }

  static func amountFields(_ l: Language, prefix: String) -> Node<HTML.FormContext> {
    .group(
      Forms.field(
        label: l.pick("Nove minute (enote in znesek po urni postavki)", "New minutes (units and amount at the rate)"),
        name: "minutes", type: .number, required: false),
      Forms.field(
        label: l.pick("ali nov znesek brez DDV (npr. 30,00)", "or a new net amount (e.g. 30.00)"), name: "amount",
        required: false))
  }
}

/// Import of account standing from accounting: upload, preview (a dry run), confirm; and the report.
enum StandingImportPage {
  struct Model {
    var wording: Wording
    var session: LayoutSession?
    var csrf: String
    var report: StandingImport.Report?
    /// The previewed file, carried to the confirmation so what is imported is exactly what was previewed.
    var content: String?
    var error: String?
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    let title = l.pick("Uvoz stanja računov", "Import of account standing")
    return Layout(title: title, wording: w, session: model.session).render(
      .div(
        .class("workspace standing-import"),
        WorkspaceViews.subnav(l, supervisor: true),
        .p(.a(.href(SiteURL.workspaceBilling.path), .text(l.pick("← Obračun", "← Billing")))),
        .h1(.text(title)),
        .p(
          .class("muted"),
          .text(
            l.pick(
              "CSV v UTF-8 z glavo tax_number,standing,date; stanje ok ali overdue; datum LLLL-MM-DD. "
                + "Najprej si oglejte predogled; nič se ne spremeni, dokler uvoza ne potrdite.",
              "UTF-8 CSV with the header tax_number,standing,date; standing ok or overdue; date YYYY-MM-DD. "
                + "Preview first: nothing changes until you confirm the import."))),
        Forms.errorBox(model.error),
        .unwrap(model.report) { report(report: $0, model) },
        .form(
          .method(.post), .action(SiteURL.workspaceStandingImport.path),
          .enctype(.multipartData), Forms.csrfField(model.csrf),
          .label(.for("standing-file"), .text(l.pick("Datoteka CSV", "CSV file"))),
          .input(
            .id("standing-file"), .name("file"), .type(.file), .required(true),
            .attribute(named: "accept", value: ".csv,text/csv")),
          .input(.type(.hidden), .name("intent"), .value("preview")),
          .button(.type(.submit), .class("button"), .text(l.pick("Predogled", "Preview"))))
      ))
  }

  static func report(report: StandingImport.Report, _ model: Model) -> Node<HTML.BodyContext> {
    let l = model.wording.language
    func result(_ row: StandingImport.Row) -> String {
      switch row.result {
      case .changed:
        l.pick("spremenjeno", "changed") + " (\(row.from?.rawValue ?? "") → \(row.to?.rawValue ?? ""))"
      case .unchanged: l.pick("nespremenjeno", "unchanged")
      case .rejected: l.pick("zavrnjeno: ", "rejected: ") + l.pick(row.sl, row.en)
      }
    }
    return .section(
      .class("card"), .id("standing-report"),
      .h2(
        .text(
          report.applied
            ? l.pick("Uvoženo", "Imported")
            : l.pick("Predogled (nič še ni spremenjeno)", "Preview (nothing changed yet)"))
      ),
      .p(
        .id("standing-summary"),
        .text(
          l.pick(
            "Spremenjenih: \(report.changed.count) · nespremenjenih: \(report.unchanged.count) · zavrnjenih: "
              + "\(report.rejected.count)",
            "Changed: \(report.changed.count) · unchanged: \(report.unchanged.count) · rejected: "
              + "\(report.rejected.count)"))),
      .div(
        .class("table-scroll"),
        .table(
          .thead(
            .tr(
              .th(.text(l.pick("Vrstica", "Line"))), .th(.text(l.pick("Davčna št.", "Tax number"))),
              .th(.text(l.pick("Organizacija", "Organisation"))), .th(.text(l.pick("Datum", "Date"))),
              .th(.text(l.pick("Rezultat", "Result"))))),
          .tbody(
            .forEach(report.rows) { row in
              .tr(
                .class("row-\(row.result.rawValue)"), .td(.text(String(row.line))), .td(.text(row.taxNumber)),
                .td(.text(row.organisationName ?? "–")), .td(.text(row.date)), .td(.text(result(row))))
            }))),
      .if(
        !report.applied && !report.changed.isEmpty,
        .unwrap(model.content) { content in
          .form(
            .method(.post), .action(SiteURL.workspaceStandingImport.path), .enctype(.multipartData),
            Forms.csrfField(model.csrf),
            .input(.type(.hidden), .name("content"), .value(content)),
            .input(.type(.hidden), .name("intent"), .value("import")),
            .button(
              .type(.submit), .id("confirm-import"), .class("button primary"),
              .text(l.pick("Potrdi uvoz", "Confirm the import"))))
        })
    )
  }
}
