import Foundation
import Plot
import SupportPolicy
import Wording

/// "How we decide": every rule of the support policy in the customer's words, with what to do about refusals, the
/// support hours and the price list. Public, so a customer can read it before signing in.
enum PolicyPage {
  struct Model {
    var wording: Wording
    var session: LayoutSession?
    var policy: PolicyConfiguration
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    let policy = model.policy
    func rules(_ outcome: Outcome) -> Node<HTML.BodyContext> {
      .ul(
        .class("policy-rules"),
        .forEach(RuleID.allCases.filter { $0.outcome == outcome && policy.isEnabled($0) }) { rule in
          .li(
            .id(rule.rawValue), .data(named: "rule", value: rule.rawValue),
            .p(.text(rule.customerText(in: l))),
            .unwrap(rule.advice(in: l)) {
              .p(.class("advice-line"), .text(l.pick("Kaj storiti: ", "What to do: ") + $0))
            },
            .p(.class("rule-id"), .code(.text(rule.rawValue)))
          )
        })
    }
    let prices = policy.prices
    return Layout(title: l.pick("Kako odločamo", "How we decide"), wording: w, session: model.session).render(
      .div(
        .class("portal-page policy-page"),
        .h1(.text(l.pick("Kdaj je pomoč brezplačna, kdaj plačljiva", "When help is free and when it is charged"))),
        .p(
          .class("lead"),
          .text(
            l.pick(
              "Vsako zahtevo ocenimo po istih pravilih. Ko zahtevo pišete, vam sproti pokažemo, katera pravila veljajo "
                + "zanjo, in jih navedemo tudi pri oddani zahtevi. Če velja več pravil, zavrnitev prevlada nad "
                + "plačljivo pomočjo, plačljiva pa nad brezplačno.",
              "We judge every request by the same rules. While you write a request we show which rules apply to it, "
                + "and we list them on the filed request too. When several apply, a refusal prevails over charged "
                + "help, and charged help over free help."))),
        .p(
          .text(
            l.pick(
              "Podpora deluje \(w.supportHours), razen ob praznikih. Zahteve v portalu "
                + "sprejemamo ob vsakem času in jih uvrstimo na čakalno listo.",
              "Support is open \(w.supportHours), except public holidays. The "
                + "portal accepts requests at any time and places them on the waiting list."))),
        .h2(.text(l.pick("Brezplačna pomoč", "Free help"))),
        rules(.free),
        .h2(.text(l.pick("Plačljiva pomoč", "Charged help"))),
        rules(.paid),
        .h2(.text(l.pick("Kdaj pomoči ne moremo nuditi", "When we cannot help"))),
        rules(.refused),
        .h2(.text(l.pick("Cenik", "Price list"))),
        .table(
          .class("prices"),
          .thead(
            .tr(
              .th(.text(l.pick("Storitev", "Service"))),
              .th(.text(l.pick("Cena na uro brez DDV", "Hourly rate excluding VAT"))))),
          .tbody(
            .forEach(BillableService.allCases) { service in
              .tr(
                .td(
                  .text(
                    PortalWording.service(service, l).prefix(1).uppercased()
                      + PortalWording.service(service, l).dropFirst())),
                .td(.text(w.money(prices.hourlyRate(for: service), currency: prices.currency))))
            })
        ),
        .p(
          .class("muted"),
          .text(
            l.pick(
              "DDV \(w.percent(prices.vatPercent)). Obračunamo po \(prices.billingUnitMinutes) minut; "
                + "vsaka začeta enota šteje, najmanj ena enota. Kadar bo pomoč plačljiva, vas portal pred oddajo zahteve prosi za soglasje.",
              "VAT \(w.percent(prices.vatPercent)). We bill in units of \(prices.billingUnitMinutes) "
                + "minutes; every started unit counts, at least one unit. When help will be charged, the portal asks for your consent before you submit."
            )))
      ))
  }
}
