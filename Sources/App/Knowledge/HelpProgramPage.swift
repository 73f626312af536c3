import Foundation
import Plot
import Wording

/// `/pomoc/program/{code}`: a program's articles and tips, with search narrowed to the program.
enum HelpProgramPage {
  struct Model {
    var wording: Wording
    var program: Program
    var articles: [Article]
    var tips: [Article]
    var session: LayoutSession? = nil
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    let name = HelpViews.programName(model.program, l)
    return Layout(title: name, wording: w, session: model.session).render(
      .div(
        HelpViews.breadcrumbs(l, [(l.pick("Pomoč", "Help"), SiteURL.help.path), (name, nil)]),
        .h1(.text(name)),
        HelpViews.searchForm(l, programCode: model.program.code),
        .section(
          .attribute(named: "aria-labelledby", value: "articles-heading"),
          .h2(.id("articles-heading"), .text(l.pick("Članki", "Articles"))),
          model.articles.isEmpty
            ? .p(.class("muted"), .text(l.pick("Za ta program še ni člankov.", "No articles for this program yet.")))
            : HelpViews.articleList(model.articles, model.wording)
        ),
        .if(
          !model.tips.isEmpty,
          .section(
            .attribute(named: "aria-labelledby", value: "tips-heading"),
            .h2(.id("tips-heading"), .text(l.pick("Nasveti", "Tips"))),
            HelpViews.articleList(model.tips, model.wording, showDates: true))
        )
      ))
  }
}
