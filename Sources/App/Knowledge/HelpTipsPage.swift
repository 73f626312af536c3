import Foundation
import Plot
import Wording

/// `/pomoc/nasveti`: short tips, newest first, a page at a time.
enum HelpTipsPage {
  struct Model {
    var wording: Wording
    var tips: [Article]
    var page: Int
    var hasMore: Bool
    var session: LayoutSession? = nil
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    return Layout(title: l.pick("Nasveti", "Tips"), wording: w, session: model.session).render(
      .div(
        HelpViews.breadcrumbs(l, [(l.pick("Pomoč", "Help"), SiteURL.help.path), (l.pick("Nasveti", "Tips"), nil)]),
        .h1(.text(l.pick("Nasveti", "Tips"))),
        .p(
          .text(
            l.pick(
              "Kratki nasveti za vsakdanje delo s programi, najnovejši najprej.",
              "Short tips for everyday work, newest first."))),
        model.tips.isEmpty
          ? .p(.class("muted"), .text(l.pick("Nasvetov še ni.", "No tips yet.")))
          : .forEach(model.tips) { tip in
            .article(
              .class("tip"),
              .h2(.a(.href(SiteURL.helpArticle(.value(tip.slug)).path), .text(tip.title))),
              .p(.class("muted small"), HelpViews.date(tip.publishedAt, w)),
              HelpViews.markdown(tip.bodyMarkdown))
          },
        .nav(
          .class("pager"), .attribute(named: "aria-label", value: l.pick("Strani", "Pages")),
          .if(
            model.page > 1,
            .a(.href(SiteURL.helpTips.path + "?stran=\(model.page - 1)"), .text(l.pick("← Novejši", "← Newer")))),
          .if(
            model.hasMore,
            .a(.href(SiteURL.helpTips.path + "?stran=\(model.page + 1)"), .text(l.pick("Starejši →", "Older →"))))
        )
      ))
  }
}
