import Foundation
import Plot
import Wording

/// The public home page: what Podpora is and the way into the portal.
enum HomePage {
  struct Model {
    var wording: Wording
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    return Layout(title: l.pick("Domov", "Home"), wording: w).render(
      .div(
        .class("hero"),
        .h1(.text(l.pick("Najhitrejša pot do pomoči", "The fastest path to help"))),
        .p(
          .text(
            l.pick(
              "Zahteve za pomoč oddajte v portalu: tam vidite, kdaj je bila zahteva sprejeta v reševanje, "
                + "kdaj in s kakšno rešitvijo je bila zaključena in kje je na čakalni listi.",
              "File your support requests in the portal: there you see when a request was accepted into "
                + "resolution, when and with what solution it was closed, and where it stands on the waiting list."
            ))),
        .p(
          .a(
            .class("button primary"), .href(SiteURL.portalSignIn.path),
            .text(l.pick("Prijava v portal", "Sign in to the portal"))),
          .text(" "),
          .a(.class("button"), .href(SiteURL.help.path), .text(l.pick("Pomoč in nasveti", "Help and tips")))
        ),
        .p(
          .class("muted"),
          .text(
            l.pick(
              "Zahteve po telefonu ali e-pošti pridejo v reševanje kasneje in so plačljive.",
              "Requests by phone or e-mail reach resolution later and are billed.")))
      ))
  }
}
