import Foundation
import Plot
import Wording

/// `/pomoc/clanek/{slug}`: one article or tip, rendered from Markdown, with related articles.
enum HelpArticlePage {
  struct Model {
    var wording: Wording
    var article: Article
    var program: Program?
    var related: [Article]
    var session: LayoutSession? = nil
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    let article = model.article
    var crumbs: [(String, String?)] = [(l.pick("Pomoč", "Help"), SiteURL.help.path)]
    if let program = model.program {
      crumbs.append((HelpViews.programName(program, l), SiteURL.helpProgram(.value(program.code)).path))
    } else if article.kind == .tip {
      crumbs.append((l.pick("Nasveti", "Tips"), SiteURL.helpTips.path))
    }
    crumbs.append((article.title, nil))
    let tags = ArticleTags.parse(article.tags)
    return Layout(title: article.title, wording: w, session: model.session).render(
      .div(
        HelpViews.breadcrumbs(l, crumbs),
        .article(
          .h1(.text(article.title)),
          .p(
            .class("muted small"),
            .text(article.kind == .tip ? l.pick("Nasvet", "Tip") : l.pick("Članek", "Article")),
            .text(" · "), .text(l.pick("Objavljeno ", "Published ")), HelpViews.date(article.publishedAt, w),
            .unwrap(article.f1Context) { key in .group(.text(" · F1: "), .code(.text(key))) }
          ),
          HelpViews.markdown(article.bodyMarkdown),
          .if(
            !tags.isEmpty,
            .p(
              .class("tags"), .span(.class("muted small"), .text(l.pick("Oznake: ", "Tags: "))),
              .forEach(tags) { tag in
                .a(.class("badge"), .href(SiteURL.helpSearch.path + "?q=" + queryEscape("\"" + tag + "\"")), .text(tag))
              }))
        ),
        .if(
          !model.related.isEmpty,
          .section(
            .attribute(named: "aria-labelledby", value: "related-heading"),
            .h2(.id("related-heading"), .text(l.pick("Sorodni članki", "Related articles"))),
            HelpViews.articleList(model.related, model.wording))
        ),
        .p(
          .class("muted"),
          .text(l.pick("Niste našli odgovora? ", "Did not find the answer? ")),
          .a(
            .href(SiteURL.portalNewRequest.path),
            .text(l.pick("Oddajte zahtevo v portalu.", "File a request in the portal.")))
        )
      ))
  }

  static func queryEscape(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
  }
}
