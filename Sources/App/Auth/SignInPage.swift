import Foundation
import Plot
import Wording

/// Sign-in for customers (portal) and staff (workspace): one page model, two audiences.
enum SignInPage {
  struct Model {
    var wording: Wording
    var audience: Audience
    var csrf: String
    var email: String = ""
    var next: String = ""
    var error: String? = nil
    var notice: String? = nil
  }

  enum Audience {
    case portal, staff
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    let isPortal = model.audience == .portal
    let action = isPortal ? SiteURL.portalSignIn.path : SiteURL.staffSignIn.path
    return Layout(title: l.pick("Prijava", "Sign in"), wording: w).render(
      .div(
        .class("narrow"),
        .h1(
          .text(
            isPortal
              ? l.pick("Prijava v portal", "Sign in to the portal") : l.pick("Prijava za osebje", "Staff sign-in"))),
        Forms.errorBox(model.error),
        Forms.notice(model.notice),
        .form(
          .method(.post), .action(action),
          Forms.csrfField(model.csrf),
          .input(.type(.hidden), .name("next"), .value(HTMLText.attribute(model.next))),
          Forms.field(
            label: l.pick("E-naslov", "E-mail"), name: "email", type: .email, value: model.email,
            autocomplete: "username"),
          Forms.field(
            label: l.pick("Geslo", "Password"), name: "password", type: .password, autocomplete: "current-password"),
          .p(.button(.class("button primary"), .type(.submit), .text(l.pick("Prijava", "Sign in"))))
        ),
        .if(
          isPortal,
          .p(.a(.href(SiteURL.portalForgotPassword.path), .text(l.pick("Pozabljeno geslo?", "Forgot your password?"))))
        ),
        .if(
          isPortal,
          .p(.class("muted"), .a(.href(SiteURL.staffSignIn.path), .text(l.pick("Prijava za osebje", "Staff sign-in"))))
        )
      ))
  }
}

enum ForgotPasswordPage {
  struct Model {
    var wording: Wording
    var csrf: String
    var sent = false
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    return Layout(title: l.pick("Pozabljeno geslo", "Forgot password"), wording: w).render(
      .div(
        .class("narrow"),
        .h1(.text(l.pick("Pozabljeno geslo", "Forgot password"))),
        .if(
          model.sent,
          .p(
            .class("notice"), .attribute(named: "role", value: "status"),
            .text(
              l.pick(
                "Če je naslov pri nas registriran, smo nanj poslali povezavo za nastavitev novega gesla.",
                "If the address is registered with us, we have sent it a link to set a new password."))),
          else: .form(
            .method(.post), .action(SiteURL.portalForgotPassword.path),
            Forms.csrfField(model.csrf),
            Forms.field(label: l.pick("E-naslov", "E-mail"), name: "email", type: .email, autocomplete: "username"),
            .p(.button(.class("button primary"), .type(.submit), .text(l.pick("Pošlji povezavo", "Send the link"))))
          )
        )
      ))
  }
}

enum ResetPasswordPage {
  struct Model {
    var wording: Wording
    var csrf: String
    var token: String
    var valid: Bool
    var error: String? = nil
    /// Where the form posts: the portal's reset by default; invited staff set theirs at `/staff/set-password/…`.
    var action: String? = nil
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    return Layout(title: l.pick("Novo geslo", "New password"), wording: w).render(
      .div(
        .class("narrow"),
        .h1(.text(l.pick("Novo geslo", "New password"))),
        .if(
          model.valid,
          .group(
            Forms.errorBox(model.error),
            .form(
              .method(.post), .action(model.action ?? SiteURL.portalResetPassword(.value(model.token)).path),
              Forms.csrfField(model.csrf),
              Forms.field(
                label: l.pick("Novo geslo", "New password"), name: "password", type: .password,
                autocomplete: "new-password", hint: l.pick("Vsaj 10 znakov.", "At least 10 characters.")),
              .p(.button(.class("button primary"), .type(.submit), .text(l.pick("Shrani geslo", "Save the password"))))
            )
          ),
          else: .p(
            .class("error"),
            .text(
              l.pick(
                "Povezava ni veljavna ali je potekla. Zahtevajte novo.",
                "The link is not valid or has expired. Ask for a new one.")),
            .text(" "),
            .a(.href(SiteURL.portalForgotPassword.path), .text(l.pick("Nova povezava", "New link")))
          )
        )
      ))
  }
}
