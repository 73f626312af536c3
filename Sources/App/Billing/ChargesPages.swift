import Foundation
import Plot
import SupportPolicy
import Wording

/// Words and cells every billing page shares, portal and workspace alike.
enum BillingViews {
  static func status(_ status: BillableItemStatus, _ l: Language) -> String {
    switch status {
    case .billed: l.pick("zaračunano", "billed")
    case .adjusted: l.pick("popravljeno", "adjusted")
    case .waived: l.pick("odpisano", "waived")
    }
  }

  static func outcome(_ outcome: DisputeOutcome, _ l: Language) -> String {
    switch outcome {
    case .upheld: l.pick("strošek ostane", "the charge stands")
    case .adjusted: l.pick("strošek popravljen", "the charge was adjusted")
    case .waived: l.pick("strošek odpisan", "the charge was waived")
    }
  }

  static func kind(_ line: ChargeLine, _ l: Language) -> String {
    line.service.map { PortalWording.service($0, l) } ?? line.kind
  }

  static func reasons(_ line: ChargeLine, _ l: Language) -> Node<HTML.BodyContext> {
    .ul(
      .class("rules"),
      .forEach(line.reasons) { reason in
        .li(.text(reason.text(l)), .text(" "), .code(.class("muted"), .text(reason.id)))
      })
  }

  /// The month's items as a table with totals: the statement on both sides.
  static func table(_ lines: [ChargeLine], organisation: Bool, _ w: Wording) -> Node<HTML.BodyContext> {
    let l = w.language
    let totals = ChargeTotals(lines)
    return .div(
      .class("table-scroll"),
      .table(
        .class("charges"),
        .thead(
          .tr(
            .th(.text(l.pick("Datum", "Date"))), .if(organisation, .th(.text(l.pick("Organizacija", "Organisation")))),
            .th(.text(l.pick("Zahteva", "Request"))), .th(.text(l.pick("Storitev", "Service"))),
            .th(.text(l.pick("Minute", "Minutes"))), .th(.text(l.pick("Enote", "Units"))),
            .th(.text(l.pick("Urna postavka", "Hourly rate"))), .th(.text(l.pick("Znesek", "Amount"))),
            .th(.text(l.pick("DDV", "VAT"))), .th(.text(l.pick("Stanje", "Status"))))),
        .tbody(
          .forEach(lines) { line in
            .tr(
              .id("charge-\(line.id)"),
              .td(.text(w.date(line.billedAt))),
              .if(organisation, .td(.text(line.organisationName))),
              .td(.text(line.requestNumber), .text(" "), .span(.class("muted"), .text(line.subject))),
              .td(.text(kind(line, l))), .td(.text(String(line.minutes))), .td(.text(String(line.units))),
              .td(.text(w.money(cents: line.rateCents))),
              .td(.class("amount"), .text(w.money(cents: line.amountCents))),
              .td(.text(w.money(cents: line.vatCents))),
              .td(.text(status(line.status, l))))
          }),
        .tfoot(
          .tr(
            .th(
              .attribute(named: "colspan", value: organisation ? "7" : "6"),
              .text(l.pick("Skupaj brez DDV / DDV / z DDV", "Total net / VAT / gross"))),
            .td(.class("total-net"), .text(w.money(cents: totals.net))),
            .td(.text(w.money(cents: totals.vat))),
            .td(.class("total-gross"), .text(w.money(cents: totals.gross)))))))
  }

  /// Previous / next month links and a month picker.
  static func monthNavigation(
    _ month: BillingMonth, path: String, extra: [(String, String)] = [], _ l: Language
  ) -> Node<HTML.BodyContext> {
    func link(_ month: BillingMonth) -> String {
      var components = URLComponents()
      components.path = path
      components.queryItems =
        extra.map { URLQueryItem(name: $0.0, value: $0.1) } + [
          URLQueryItem(name: "month", value: month.description)
        ]
      return components.string ?? path
    }
    return .nav(
      .class("pagination months"), .ariaLabel(l.pick("Meseci", "Months")),
      .a(.href(HTMLText.attribute(link(month.previous))), .text("← " + month.previous.description)),
      .strong(.text(month.description)),
      .a(.href(HTMLText.attribute(link(month.next))), .text(month.next.description + " →")))
  }
}

/// "Stroški / Charges": the organisation's charges (an organisation admin) or the contact's own, each with the
/// reasons it was charged, its status, and a dispute form while the 14 days run.
enum ChargesPage {
  struct Model {
    var wording: Wording
    var session: LayoutSession?
    var csrf: String
    var isOrganisationAdmin: Bool
    var lines: [ChargeLine]
    var now: Date
    var notice: String?
    var error: String?
    var errorItem: Int?
    var typedReason: String = ""
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    let title = l.pick("Stroški", "Charges")
    return Layout(title: title, wording: w, session: model.session).render(
      .div(
        .class("portal-page"),
        .div(
          .class("page-head"),
          .h1(.text(title)),
          .if(
            model.isOrganisationAdmin,
            .a(
              .class("button"), .href(SiteURL.portalStatement.path),
              .text(l.pick("Mesečni obračun", "Monthly statement"))))),
        .p(
          .class("muted"),
          .text(
            model.isOrganisationAdmin
              ? l.pick("Vsi stroški vaše organizacije.", "Every charge of your organisation.")
              : l.pick("Stroški vaših zahtev.", "The charges for your requests.")),
          .text(
            l.pick(
              " Strošku lahko ugovarjate v \(BillingRules.disputeWindowDays) dneh od obračuna.",
              " You can dispute a charge within \(BillingRules.disputeWindowDays) days of it being billed."))),
        Forms.notice(model.notice),
        .if(model.errorItem == nil, Forms.errorBox(model.error)),
        .if(
          model.lines.isEmpty, .p(.class("empty"), .text(l.pick("Stroškov ni.", "There are no charges."))),
          else: .div(.class("charge-list"), .forEach(model.lines) { charge($0, model) }))
      ))
  }

  static func charge(_ line: ChargeLine, _ model: Model) -> Node<HTML.BodyContext> {
    let (w, l) = (model.wording, model.wording.language)
    return .section(
      .class("card charge"), .id("charge-\(line.id)"),
      .h2(
        .a(.href(SiteURL.portalRequest(.value(line.requestNumber)).path), .text(line.requestNumber)),
        .text(" · " + line.subject)),
      .p(
        .text(w.date(line.billedAt) + " · " + BillingViews.kind(line, l) + " · "),
        .text(
          l.pick(
            "\(line.minutes) min, \(line.units) enot po ", "\(line.minutes) min, \(line.units) units at ")
            + w.money(cents: line.rateCents) + l.pick(" na uro", " an hour")),
        .text(" · "),
        .strong(.class("amount"), .text(w.money(cents: line.amountCents))),
        .text(l.pick(" + DDV ", " + VAT ") + w.money(cents: line.vatCents)),
        .text(" · " + BillingViews.status(line.status, l))),
      .unwrap(line.adjustmentReason) { .p(.text(l.pick("Pojasnilo: ", "Note: ") + $0)) },
      .h3(.text(l.pick("Zakaj je pomoč plačljiva", "Why help was charged"))),
      BillingViews.reasons(line, l),
      .unwrap(
        line.dispute,
        { dispute in
          .div(
            .class("dispute"),
            .p(.strong(.text(l.pick("Vaš ugovor: ", "Your dispute: "))), .text(dispute.reason)),
            .unwrap(
              dispute.outcome,
              { outcome in
                .p(
                  .class("dispute-outcome"),
                  .strong(.text(l.pick("Odločitev: ", "Outcome: ") + BillingViews.outcome(outcome, l))),
                  .text(" — " + (dispute.note ?? "")))
              }, else: .p(.class("muted"), .text(l.pick("Ugovor obravnavamo.", "We are looking into it.")))))
        },
        else: .if(
          line.disputable(now: model.now),
          .form(
            .method(.post), .action(SiteURL.portalChargeDispute(.value(line.id)).path),
            Forms.csrfField(model.csrf),
            .if(model.errorItem == line.id, .unwrap(model.error) { .p(.class("error"), .text($0)) }),
            .label(
              .for("reason-\(line.id)"),
              .text(
                l.pick(
                  "Ugovor (do \(w.date(line.lastDisputeDay)))",
                  "Dispute (until \(w.date(line.lastDisputeDay)))"))),
            .textarea(
              .id("reason-\(line.id)"), .name("reason"), .rows(2), .required(true),
              .text(model.errorItem == line.id ? model.typedReason : "")),
            .button(.type(.submit), .class("button"), .text(l.pick("Ugovarjaj", "Dispute"))))))
    )
  }
}

/// The monthly statement of one organisation, for its admin in the portal and for supervisors.
enum StatementPage {
  struct Model {
    var wording: Wording
    var session: LayoutSession?
    var organisationName: String
    var month: BillingMonth
    var lines: [ChargeLine]
    /// The page's path and the query it needs besides the month (the organisation, in the workspace).
    var path: String
    var query: [(String, String)]
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    let title = l.pick("Mesečni obračun", "Monthly statement")
    let totals = ChargeTotals(model.lines)
    var components = URLComponents()
    components.path = model.path
    components.queryItems =
      model.query.map { URLQueryItem(name: $0.0, value: $0.1) } + [
        URLQueryItem(name: "month", value: model.month.description), URLQueryItem(name: "format", value: "csv"),
      ]
    return Layout(title: title, wording: w, session: model.session).render(
      .div(
        .class("portal-page statement"),
        .h1(.text(title), .span(.class("subtitle"), .text(" · \(model.organisationName) · \(model.month)"))),
        BillingViews.monthNavigation(model.month, path: model.path, extra: model.query, l),
        .if(
          model.lines.isEmpty,
          .p(.class("empty"), .text(l.pick("V tem mesecu ni stroškov.", "There are no charges this month."))),
          else: .group(
            .p(
              .id("statement-total"),
              .text(l.pick("Skupaj: ", "Total: ") + w.money(cents: totals.net)),
              .text(l.pick(" + DDV ", " + VAT ") + w.money(cents: totals.vat) + " = "),
              .strong(.text(w.money(cents: totals.gross)))),
            BillingViews.table(model.lines, organisation: false, w))),
        .p(
          .a(
            .class("button"), .id("statement-csv"), .href(HTMLText.attribute(components.string ?? model.path)),
            .text(l.pick("Prenesi CSV", "Download CSV"))))
      ))
  }
}
