import Foundation
import Plot
import Wording

/// The one page layout every HTML page renders into: header with language switch, main, footer.
struct Layout {
  var title: String
  /// The page's language, time zone and support hours (the footer names the policy's hours).
  var wording: Wording
  /// Who is signed in, for the header: their name, the sign-out form and the navigation for their side.
  var session: LayoutSession? = nil
  /// Scripts the page adds (served by the app, never inline: the CSP allows only `script-src 'self'`). Pages work
  /// without them; they only make the page livelier.
  var scripts: [String] = []

  var language: Language { wording.language }

  func render(_ main: Node<HTML.BodyContext>) -> String {
    let html = HTML(
      .lang(language == .sl ? .slovenian : .english),
      .head(
        .meta(.charset(.utf8)),
        .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
        // Plot's `.title` also writes the title into two meta attributes without escaping them, so a request subject
        // in the title could close the attribute and add markup; the bare element escapes it as text.
        .element(named: "title", nodes: [.text("\(title) · Podpora")]),
        .stylesheet(SiteURL.stylesheet.path),
        .forEach(scripts) { .script(.src($0), .attribute(named: "defer")) }
      ),
      .body(
        .a(.class("skip-link"), .href("#main"), .text(language.pick("Skoči na vsebino", "Skip to content"))),
        .header(
          .class("site-header"),
          .a(.class("brand"), .href(SiteURL.home.path), .text("Podpora")),
          .nav(
            .attribute(named: "aria-label", value: language.pick("Glavni meni", "Main menu")),
            .a(.href(SiteURL.help.path), .text(language.pick("Pomoč", "Help"))),
            .if(
              session?.isStaff == true,
              .a(.href(SiteURL.workspace.path), .text(language.pick("Delovni prostor", "Workspace"))),
              else: .a(.href(SiteURL.portalRequests.path), .text(language.pick("Moje zahteve", "My requests")))
            ),
            .if(
              session != nil && session?.isStaff == false,
              .a(.href(SiteURL.portalOnboarding.path), .text(language.pick("Uvajanje", "Onboarding")))),
            .a(
              .href(SiteURL.language(.value(language.other.rawValue)).path),
              .attribute(named: "hreflang", value: language.other.rawValue),
              .attribute(named: "lang", value: language.other.rawValue),
              .text(language.other.nativeName)),
            .unwrap(session) { session in
              .form(
                .class("sign-out"), .method(.post),
                .action(session.isStaff ? SiteURL.staffSignOut.path : SiteURL.portalSignOut.path),
                Forms.csrfField(session.csrf),
                .span(.class("who"), .text(session.name)),
                .text(" "),
                .button(.type(.submit), .class("link-button"), .text(language.pick("Odjava", "Sign out")))
              )
            }
          )
        ),
        .main(.id("main"), main),
        .footer(
          .class("site-footer"),
          .p(.text(language.pick("Podpora deluje ", "Support is open ") + wording.supportHours + "."))
        )
      )
    )
    return html.render()
  }
}

/// The signed-in person as the layout shows them.
struct LayoutSession {
  var name: String
  var isStaff: Bool
  var csrf: String
}
