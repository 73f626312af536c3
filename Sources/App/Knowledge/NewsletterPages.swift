import Foundation
import Plot
import Wording

/// `/pomoc/e-novice`: every published issue, newest first, and the subscription form.
enum NewsletterArchivePage {
  struct Model {
    var wording: Wording
    var csrf: String
    var issues: [Newsletter]
    var session: LayoutSession? = nil
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    return Layout(title: l.pick("E-novice", "E-newsletter"), wording: w, session: model.session).render(
      .div(
        HelpViews.breadcrumbs(
          l, [(l.pick("Pomoč", "Help"), SiteURL.help.path), (l.pick("E-novice", "E-newsletter"), nil)]),
        .h1(.text(l.pick("E-novice", "E-newsletter"))),
        .p(
          .text(
            l.pick(
              "Novosti v programih, spremembe predpisov in nasveti, enkrat ali dvakrat na mesec.",
              "What is new in the programs, changes in regulations and tips, once or twice a month."))),
        HelpViews.subscribeForm(l, csrf: model.csrf),
        .h2(.text(l.pick("Arhiv", "Archive"))),
        model.issues.isEmpty
          ? .p(.class("muted"), .text(l.pick("Številk še ni.", "No issues yet.")))
          : .ul(
            .class("link-list"),
            .forEach(model.issues) { issue in
              .li(
                .a(.href(SiteURL.newsletter(.value(issue.slug)).path), .text(issue.title)),
                .span(.class("muted small"), .text(" · "), HelpViews.date(issue.publishedAt, w)))
            })
      ))
  }
}

/// `/pomoc/e-novice/{slug}`: one issue.
enum NewsletterIssuePage {
  struct Model {
    var wording: Wording
    var csrf: String
    var issue: Newsletter
    var session: LayoutSession? = nil
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    return Layout(title: model.issue.title, wording: w, session: model.session).render(
      .div(
        HelpViews.breadcrumbs(
          l,
          [
            (l.pick("Pomoč", "Help"), SiteURL.help.path),
            (l.pick("E-novice", "E-newsletter"), SiteURL.newsletters.path),
            (model.issue.title, nil),
          ]),
        .article(
          .h1(.text(model.issue.title)),
          .p(
            .class("muted small"), .text(l.pick("Objavljeno ", "Published ")),
            HelpViews.date(model.issue.publishedAt, w)),
          HelpViews.markdown(model.issue.bodyMarkdown)
        ),
        .section(
          .attribute(named: "aria-labelledby", value: "subscribe-heading"),
          .h2(.id("subscribe-heading"), .text(l.pick("Prejemajte e-novice", "Get the e-newsletter"))),
          HelpViews.subscribeForm(l, csrf: model.csrf))
      ))
  }
}

/// The subscription steps: the form (with an error), "check your inbox", confirmed, unsubscribe.
enum NewsletterSubscriptionPage {
  enum State: Equatable {
    case form(email: String, error: String?)
    case confirmationSent
    case confirmed
    case unknownLink
    /// GET of the one-click link: a button, so a mail scanner following links unsubscribes nobody.
    case confirmUnsubscribe(token: String, email: String)
    case unsubscribed
  }

  struct Model {
    var wording: Wording
    var csrf: String
    var state: State
    var session: LayoutSession? = nil
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    let title = l.pick("E-novice", "E-newsletter")
    let body: Node<HTML.BodyContext>
    switch model.state {
    case .form(let email, let error):
      body = .group(
        .h1(.text(l.pick("Naročilo na e-novice", "Subscribe to the e-newsletter"))),
        HelpViews.subscribeForm(l, csrf: model.csrf, email: email, error: error))
    case .confirmationSent:
      body = .group(
        .h1(.text(l.pick("Preverite e-pošto", "Check your e-mail"))),
        .p(
          .attribute(named: "role", value: "status"),
          .text(
            l.pick(
              "Poslali smo vam povezavo za potrditev naročila. E-novice boste prejemali, ko jo odprete.",
              "We sent you a link to confirm the subscription. The e-newsletter starts once you open it."))))
    case .confirmed:
      body = .group(
        .h1(.text(l.pick("Naročilo je potrjeno", "Subscription confirmed"))),
        .p(.text(l.pick("Hvala! Naslednja številka e-novic pride k vam.", "Thank you! The next issue comes to you."))),
        .p(.a(.href(SiteURL.newsletters.path), .text(l.pick("Arhiv e-novic", "Newsletter archive")))))
    case .unknownLink:
      body = .group(
        .h1(.text(l.pick("Povezava ni veljavna", "The link is not valid"))),
        .p(
          .text(
            l.pick(
              "Povezava je nepopolna ali pa je bila zamenjana z novejšo. Naročite se znova spodaj.",
              "The link is incomplete or was replaced by a newer one. Subscribe again below."))),
        HelpViews.subscribeForm(l, csrf: model.csrf))
    case .confirmUnsubscribe(let token, let email):
      body = .group(
        .h1(.text(l.pick("Odjava od e-novic", "Unsubscribe from the e-newsletter"))),
        .p(.text(l.pick("Odjavite naslov ", "Unsubscribe ")), .strong(.text(email)), .text("?")),
        .form(
          .method(.post), .action(SiteURL.newsletterUnsubscribe(.value(token)).path),
          Forms.csrfField(model.csrf),
          .input(.type(.hidden), .name("List-Unsubscribe"), .value("One-Click")),
          .button(.class("button primary"), .type(.submit), .text(l.pick("Odjavi me", "Unsubscribe me")))))
    case .unsubscribed:
      body = .group(
        .h1(.text(l.pick("Odjavljeni ste", "You are unsubscribed"))),
        .p(
          .attribute(named: "role", value: "status"),
          .text(l.pick("E-novic vam ne bomo več pošiljali.", "We will not send you the e-newsletter any more."))),
        .p(.a(.href(SiteURL.newsletterSubscribe.path), .text(l.pick("Znova se naročite", "Subscribe again")))))
    }
    return Layout(title: title, wording: w, session: model.session).render(.div(.class("narrow"), body))
  }
}
