import Foundation
import Plot
import SupportPolicy
import Wording

/// Pieces several portal pages share: the verdict, the suggestions, status badges.
enum PortalComponents {
  /// The policy's verdict in plain words. `live` is the wording for a request being written ("would be"); a stored
  /// decision speaks of the request itself.
  static func verdict(_ verdict: Verdict, language l: Language, live: Bool) -> Node<HTML.BodyContext> {
    let outcome = verdict.outcome
    return .div(
      .class("verdict verdict-\(outcome.rawValue)"), .data(named: "outcome", value: outcome.rawValue),
      .p(
        .class("verdict-headline"),
        .span(.class("badge outcome-\(outcome.rawValue)"), .text(PortalWording.outcome(outcome, l))),
        .text(" "),
        .strong(.text(PortalWording.outcomeHeadline(outcome, l)))
      ),
      .p(.class("verdict-why"), .text(l.pick("Zakaj:", "Why:"))),
      .ul(
        .class("reasons"),
        .forEach(verdict.reasons) { reason in
          .li(.data(named: "rule", value: reason.rule), .text(reason.text))
        }
      ),
      .unwrap(verdict.rates) { rates in
        .div(
          .class("rates"),
          .p(
            .strong(.text(l.pick("Cena: ", "Price: "))),
            .text(
              l.pick(
                "\(rates.hourlyRate) na uro brez DDV (DDV \(rates.vat)) za \(rates.service). Obračunamo po "
                  + "\(rates.unitMinutes) minut: vsaka začeta enota šteje, najmanj ena enota "
                  + "(\(rates.minimumNet) brez DDV).",
                "\(rates.hourlyRate) per hour excluding VAT (VAT \(rates.vat)) for \(rates.service). We bill in "
                  + "units of \(rates.unitMinutes) minutes: every started unit counts, at least one unit "
                  + "(\(rates.minimumNet) excluding VAT)."))
          )
        )
      },
      .if(
        outcome == .refused,
        .div(
          .class("advice"),
          .p(.strong(.text(l.pick("Kaj lahko storite:", "What you can do:")))),
          .ul(.forEach(verdict.advice) { .li(.text($0)) }),
          .if(
            verdict.reasons.contains { $0.rule == RuleID.personNotOnboarded.rawValue },
            .p(
              .a(
                .class("button"), .id("book-onboarding"), .href(SiteURL.portalOnboarding.path),
                .text(l.pick("Naroči uvajanje", "Book onboarding"))))),
          .if(
            live,
            .p(
              .text(
                l.pick(
                  "Zahtevo lahko kljub temu oddate: shranili jo bomo kot zavrnjeno, da se nič, kar ste napisali, ne izgubi.",
                  "You can still submit the request: we will keep it as refused, so nothing you wrote is lost."))))
        )
      ),
      .if(
        outcome == .free,
        .p(
          .class("muted"),
          .text(
            l.pick(
              "Brezplačna kratka pomoč obsega do \(verdict.freeLimitMinutes) minut; če reševanje traja dlje, je plačljivo.",
              "Free short help covers up to \(verdict.freeLimitMinutes) minutes; handling that takes longer is charged."
            )))
      ),
      .if(
        outcome != .refused && live,
        .p(
          .class("when"),
          .text(
            verdict.startsLater
              ? l.pick(
                "Podpora je zdaj zaprta. Zahtevo sprejmemo na čakalno listo; z delom lahko začnemo najprej "
                  + verdict.workCanStart + ".",
                "Support is closed now. We accept the request onto the waiting list; work can start at the earliest on "
                  + verdict.workCanStart + ".")
              : l.pick(
                "Podpora je zdaj odprta; zahteva gre na čakalno listo takoj.",
                "Support is open now; the request goes onto the waiting list at once.")))
      )
    )
  }

  static func suggestions(
    _ suggestions: [KnowledgeSuggestion], searched: Bool, language l: Language
  ) -> Node<HTML.BodyContext> {
    .div(
      .class("suggestions"),
      .if(
        suggestions.isEmpty,
        .p(
          .class("muted"),
          .text(
            searched
              ? l.pick(
                "V pomoči nismo našli člankov, ki bi ustrezali vašemu opisu.",
                "We found no help articles that match your description.")
              : l.pick(
                "Ko opišete vprašanje, vam tu predlagamo članke, nasvete in e-novice, ki morda že odgovarjajo nanj.",
                "Once you describe your question, we suggest articles, tips and newsletter issues that may answer it."
              ))),
        else: .ul(
          .class("suggestion-list"),
          .forEach(suggestions) { suggestion in
            .li(
              .class("suggestion"), .data(named: "reference", value: suggestion.reference),
              .span(.class("kind"), .text(kindName(suggestion.kind, l))),
              .a(
                .href(HTMLText.attribute(suggestion.url)), .target(.blank), .rel(.noopener),
                .text(suggestion.title),
                .span(.class("visually-hidden"), .text(l.pick(" (odpre se v novem zavihku)", " (opens in a new tab)")))
              ),
              // The search service's snippet: its text escaped, the matched words in <mark>.
              .unwrap(suggestion.snippetHTML.isEmpty ? nil : suggestion.snippetHTML) {
                .p(.class("excerpt"), .sanitisedHTML($0))
              },
              .button(
                .class("button small"), .type(.submit), .name("answered"), .value(suggestion.reference),
                .attribute(named: "formnovalidate"),
                .text(l.pick("To je odgovorilo na moje vprašanje", "This answered my question"))
              )
            )
          }
        )
      )
    )
  }

  static func kindName(_ kind: KnowledgeSuggestion.Kind, _ l: Language) -> String {
    switch kind {
    case .article: l.pick("Članek", "Article")
    case .tip: l.pick("Nasvet", "Tip")
    case .newsletter: l.pick("E-novice", "Newsletter")
    }
  }

  static func statusBadge(_ status: RequestStatus, _ l: Language) -> Node<HTML.BodyContext> {
    .span(.class("badge status-\(status.rawValue)"), .text(PortalWording.status(status, l)))
  }

  /// An instant as the portal shows it: `25. 11. 2026 ob 10.05`.
  static func time(_ date: Date, _ w: Wording) -> Node<HTML.BodyContext> {
    .time(.datetime(w.machine(date)), .text(w.dateTime(date)))
  }

  /// "1,2 MB" / "1.2 MB"
  static func size(_ bytes: Int, _ l: Language) -> String {
    let text: String
    if bytes >= 1024 * 1024 {
      text = String(format: "%.1f MB", Double(bytes) / 1024 / 1024)
    } else {
      text = "\(max(1, (bytes + 1023) / 1024)) KB"
    }
    return l == .sl ? text.replacingOccurrences(of: ".", with: ",") : text
  }
}
