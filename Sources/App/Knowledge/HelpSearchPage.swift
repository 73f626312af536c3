import Foundation
import Plot
import Wording

/// `/pomoc/iskanje?q=…`: results with the matched words highlighted; staff also see matching requests.
enum HelpSearchPage {
  struct Model {
    var wording: Wording
    var query: String
    var programCode: String?
    var results: SearchResults?
    var session: LayoutSession? = nil
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    let title = model.query.isEmpty ? l.pick("Iskanje", "Search") : l.pick("Iskanje: ", "Search: ") + model.query
    return Layout(title: title, wording: w, session: model.session).render(
      .div(
        HelpViews.breadcrumbs(l, [(l.pick("Pomoč", "Help"), SiteURL.help.path), (l.pick("Iskanje", "Search"), nil)]),
        .h1(.text(l.pick("Iskanje po pomoči", "Search the help"))),
        HelpViews.searchForm(l, query: model.query, programCode: model.programCode),
        .unwrap(model.results) { results in
          .group(
            .section(
              .attribute(named: "aria-labelledby", value: "results-heading"),
              .h2(
                .id("results-heading"),
                .text(
                  results.knowledge.isEmpty
                    ? l.pick("Ni zadetkov", "No results")
                    : l.pick("Zadetki (\(results.knowledge.count))", "Results (\(results.knowledge.count))"))),
              .if(
                results.knowledge.isEmpty,
                .p(
                  .text(
                    l.pick(
                      "Poskusite z manj ali drugimi besedami. Če odgovora ni, ",
                      "Try fewer or other words. If the answer is not here, ")),
                  .a(
                    .href(SiteURL.portalNewRequest.path),
                    .text(l.pick("oddajte zahtevo v portalu", "file a request in the portal"))),
                  .text(".")
                )),
              resultList(results.knowledge, l)
            ),
            .if(
              !results.requests.isEmpty,
              .section(
                .attribute(named: "aria-labelledby", value: "requests-heading"),
                .h2(.id("requests-heading"), .text(l.pick("Zahteve (samo osebje)", "Requests (staff only)"))),
                resultList(results.requests, l)))
          )
        }
      ))
  }

  static func resultList(_ results: [SearchResult], _ l: Language) -> Node<HTML.BodyContext> {
    .ol(
      .class("results"),
      .forEach(results) { result in
        .li(
          .a(.href(result.url), .text(result.title)),
          .span(.class("badge"), .text(kindName(result.kind, l))),
          // Built by `Snippet`: every character escaped except the <mark> around matched words.
          .p(.class("snippet"), .sanitisedHTML(result.snippet))
        )
      })
  }

  static func kindName(_ kind: String, _ l: Language) -> String {
    switch kind {
    case "tip": l.pick("nasvet", "tip")
    case "newsletter": l.pick("e-novice", "newsletter")
    case "request": l.pick("zahteva", "request")
    default: l.pick("članek", "article")
    }
  }
}
