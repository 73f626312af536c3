import Foundation
import Plot
import Wording

/// Pieces the help-site pages share: the search box, article lists, dates, the subscription form.
enum HelpViews {
  /// A GET form, so search works without JavaScript and results have a URL to share.
  static func searchForm(_ l: Language, query: String = "", programCode: String? = nil) -> Node<HTML.BodyContext> {
    .form(
      .class("search-form"), .method(.get), .action(SiteURL.helpSearch.path),
      .attribute(named: "role", value: "search"),
      .label(.for("help-q"), .text(l.pick("Iskanje po pomoči", "Search the help"))),
      .div(
        .class("search-row"),
        .input(
          .type(.search), .id("help-q"), .name("q"), .value(HTMLText.attribute(query)), .required(true),
          .attribute(named: "autocomplete", value: "off"),
          .attribute(named: "aria-describedby", value: "help-q-hint")),
        .unwrap(programCode) { .input(.type(.hidden), .name("program"), .value(HTMLText.attribute($0))) },
        .button(.class("button primary"), .type(.submit), .text(l.pick("Išči", "Search")))
      ),
      .p(
        .id("help-q-hint"), .class("muted small"),
        .text(
          l.pick(
            "Strešice niso potrebne (obracun najde Obračun). Besede v narekovajih iščejo točno zaporedje.",
            "Diacritics are optional (obracun finds Obračun). Words in quotes match as a phrase.")))
    )
  }

  /// A day in the help: `25. 11. 2026`.
  static func date(_ date: Date?, _ w: Wording) -> Node<HTML.BodyContext> {
    .unwrap(date) { date in
      .time(.datetime(w.machine(date)), .text(w.date(date)))
    }
  }

  static func articleList(_ articles: [Article], _ w: Wording, showDates: Bool = false) -> Node<HTML.BodyContext> {
    .ul(
      .class("link-list"),
      .forEach(articles) { article in
        .li(
          .a(.href(SiteURL.helpArticle(.value(article.slug)).path), .text(article.title)),
          .if(showDates, .span(.class("muted small"), .text(" · "), date(article.publishedAt, w)))
        )
      }
    )
  }

  static func programName(_ program: Program, _ l: Language) -> String {
    l.pick(program.nameSl, program.nameEn)
  }

  /// E-mail in, confirmation mail out (double opt-in). `csrf` is the form's hidden token.
  static func subscribeForm(
    _ l: Language, csrf: String, email: String = "", error: String? = nil
  )
    -> Node<HTML.BodyContext>
  {
    .form(
      .class("subscribe-form"), .method(.post), .action(SiteURL.newsletterSubscribe.path),
      Forms.csrfField(csrf),
      .label(.for("subscribe-email"), .text(l.pick("Vaš e-naslov", "Your e-mail address"))),
      .div(
        .class("search-row"),
        .input(
          .type(.email), .id("subscribe-email"), .name("email"), .value(HTMLText.attribute(email)), .required(true),
          .attribute(named: "autocomplete", value: "email"),
          .attribute(named: "aria-invalid", value: error == nil ? nil : "true"),
          .attribute(named: "aria-describedby", value: error == nil ? "subscribe-hint" : "subscribe-error")),
        .button(.class("button primary"), .type(.submit), .text(l.pick("Naroči me", "Subscribe")))
      ),
      .unwrap(error) {
        .p(.id("subscribe-error"), .class("error"), .attribute(named: "role", value: "alert"), .text($0))
      },
      .p(
        .id("subscribe-hint"), .class("muted small"),
        .text(
          l.pick(
            "Poslali vam bomo povezavo za potrditev. E-novice izidejo enkrat ali dvakrat na mesec; odjava je en klik.",
            "We will send you a confirmation link. The e-newsletter comes out once or twice a month; "
              + "unsubscribing is one click.")))
    )
  }

  /// Article or newsletter Markdown as HTML: Ink with raw HTML escaped (`MarkdownRenderer`).
  static func markdown(_ text: String) -> Node<HTML.BodyContext> {
    .div(.class("prose"), .sanitisedHTML(MarkdownRenderer.html(text)))
  }

  static func breadcrumbs(_ l: Language, _ items: [(String, String?)]) -> Node<HTML.BodyContext> {
    .nav(
      .class("breadcrumbs"), .attribute(named: "aria-label", value: l.pick("Drobtinice", "Breadcrumbs")),
      .ol(
        .forEach(items) { item in
          .li(
            item.1.map { Node.a(.href($0), .text(item.0)) }
              ?? .span(.attribute(named: "aria-current", value: "page"), .text(item.0)))
        }
      )
    )
  }
}
