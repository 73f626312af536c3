import Foundation
import Plot
import Wording

/// A 404 that helps: what was not found, the programs that exist, and the search box.
enum HelpNotFoundPage {
  struct Model {
    var wording: Wording
    var what: String
    var programs: [Program]
    var session: LayoutSession? = nil
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    return Layout(title: l.pick("Ni najdeno", "Not found"), wording: w, session: model.session).render(
      .div(
        .h1(.text(l.pick("Tega ni v pomoči", "This is not in the help"))),
        .p(.text(model.what)),
        HelpViews.searchForm(l),
        .h2(.text(l.pick("Programi", "Programs"))),
        .ul(
          .class("link-list"),
          .forEach(model.programs) { program in
            .li(
              .a(
                .href(SiteURL.helpProgram(.value(program.code)).path),
                .text("\(HelpViews.programName(program, l)) (\(program.code))")))
          }),
        .p(.a(.href(SiteURL.help.path), .text(l.pick("Na začetek pomoči", "Help home"))))
      ))
  }
}
