import Foundation
import Plot
import Wording

/// `/pomoc`: the search box, the programs, general articles, the newest tips and the e-newsletter.
enum HelpHomePage {
  struct Model {
    var wording: Wording
    var csrf: String
    var programs: [Program]
    var generalArticles: [Article]
    var latestTips: [Article]
    var latestNewsletters: [Newsletter]
    var session: LayoutSession? = nil
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    return Layout(title: l.pick("Pomoč", "Help"), wording: w, session: model.session).render(
      .div(
        .h1(.text(l.pick("Pomoč in nasveti", "Help and tips"))),
        .p(
          .text(
            l.pick(
              "Odgovore na večino vprašanj najdete tukaj. V programu odprete pomoč za okno, v katerem ste, s tipko F1.",
              "Most answers are here. In the programs, F1 opens the help for the window you are in."))),
        HelpViews.searchForm(l),
        .section(
          .attribute(named: "aria-labelledby", value: "programs-heading"),
          .h2(.id("programs-heading"), .text(l.pick("Programi", "Programs"))),
          .ul(
            .class("card-list"),
            .forEach(model.programs) { program in
              .li(
                .a(
                  .href(SiteURL.helpProgram(.value(program.code)).path),
                  .strong(.text(HelpViews.programName(program, l))), .text(" (\(program.code))")))
            })
        ),
        .if(
          !model.generalArticles.isEmpty,
          .section(
            .attribute(named: "aria-labelledby", value: "general-heading"),
            .h2(.id("general-heading"), .text(l.pick("Splošno", "General"))),
            HelpViews.articleList(model.generalArticles, model.wording))
        ),
        .section(
          .attribute(named: "aria-labelledby", value: "tips-heading"),
          .h2(.id("tips-heading"), .text(l.pick("Najnovejši nasveti", "Latest tips"))),
          HelpViews.articleList(model.latestTips, model.wording, showDates: true),
          .p(.a(.href(SiteURL.helpTips.path), .text(l.pick("Vsi nasveti", "All tips"))))
        ),
        .section(
          .attribute(named: "aria-labelledby", value: "newsletter-heading"),
          .h2(.id("newsletter-heading"), .text(l.pick("E-novice", "E-newsletter"))),
          .ul(
            .class("link-list"),
            .forEach(model.latestNewsletters) { issue in
              .li(
                .a(.href(SiteURL.newsletter(.value(issue.slug)).path), .text(issue.title)),
                .span(.class("muted small"), .text(" · "), HelpViews.date(issue.publishedAt, w)))
            }),
          .p(.a(.href(SiteURL.newsletters.path), .text(l.pick("Arhiv e-novic", "Newsletter archive")))),
          HelpViews.subscribeForm(l, csrf: model.csrf)
        )
      ))
  }
}
