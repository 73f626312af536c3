import Foundation
import Plot

/// What a back-office page needs to show a failed form again: which form, what was typed, and why it failed.
struct BackOfficeFormState: Sendable {
  var failedForm: String?
  var typed: [String: String]
  var error: WorkspaceError?

  static let clean = BackOfficeFormState(failedForm: nil, typed: [:], error: nil)

  /// The value to show in `field` of form `form`: what was typed when that form failed, else the stored value.
  func value(_ form: String, _ field: String, _ stored: String) -> String {
    failedForm == form ? typed[field] ?? "" : stored
  }

  func checked(_ form: String, _ field: String, _ stored: Bool) -> Bool {
    failedForm == form ? !(typed[field] ?? "").isEmpty : stored
  }

  /// Errors read in Slovenian first with English beside, whatever the page language.
  var message: String? { error.map { "\($0.sl) / \($0.en)" } }
}

/// Building blocks of the back-office pages: its navigation, and forms whose controls carry ids unique on the page
/// (`{form}-{field}`) so every label points at its own input.
enum BackOfficeViews {
  static func nav(_ l: Language, admin: Bool) -> Node<HTML.BodyContext> {
    .nav(
      .class("subnav"), .attribute(named: "aria-label", value: l.pick("Zaledna pisarna", "Back office")),
      .a(.href(SiteURL.backOfficeOrganisations.path), .text(l.pick("Organizacije", "Organisations"))),
      .a(.href(SiteURL.backOfficePrograms.path), .text(l.pick("Programi", "Programs"))),
      .if(admin, .a(.href(SiteURL.backOfficeStaff.path), .text(l.pick("Sodelavci", "Staff users")))),
      .a(.href(SiteURL.reports.path), .text(l.pick("Poročila", "Reports"))))
  }

  /// A form posting to `action`; `id` names it for re-showing it with its error, and is sent as the `form` field.
  static func form<Context: HTML.BodyContext>(
    _ id: String, action: String, csrf: String, state: BackOfficeFormState, submit: String,
    _ controls: [Node<HTML.FormContext>]
  ) -> Node<Context> {
    .form(
      .class("grid"), .id(id), .method(.post), .action(action),
      Forms.csrfField(csrf),
      .input(.type(.hidden), .name("form"), .value(id)),
      .if(
        state.failedForm == id,
        .unwrap(state.message) { .p(.class("error"), .attribute(named: "role", value: "alert"), .text($0)) }),
      .group(controls),
      .div(.button(.type(.submit), .class("button primary"), .text(submit))))
  }

  static func input(
    _ form: String, _ name: String, label: String, value: String, type: HTMLInputType = .text, required: Bool = true,
    state: BackOfficeFormState
  ) -> Node<HTML.FormContext> {
    let id = "\(form)-\(name)"
    let invalid = state.failedForm == form && state.error?.field == name
    return .div(
      .label(.for(id), .text(label)),
      .input(
        .id(id), .name(name), .type(type), .value(HTMLText.attribute(state.value(form, name, value))),
        .required(required), .attribute(named: "aria-invalid", value: invalid ? "true" : nil)))
  }

  static func check(
    _ form: String, _ name: String, label: String, checked: Bool, state: BackOfficeFormState
  ) -> Node<HTML.FormContext> {
    let id = "\(form)-\(name)"
    return .div(
      .class("check"),
      .input(.type(.checkbox), .id(id), .name(name), .value("on"), .checked(state.checked(form, name, checked))),
      .label(.for(id), .text(label)))
  }

  static func select(
    _ form: String, _ name: String, label: String, options: [(value: String, label: String)], selected: String,
    state: BackOfficeFormState
  ) -> Node<HTML.FormContext> {
    let id = "\(form)-\(name)"
    let chosen = state.value(form, name, selected)
    return .div(
      .label(.for(id), .text(label)),
      .select(
        .id(id), .attribute(named: "name", value: name),
        .forEach(options) { WorkspaceViews.option($0.value, $0.label, selected: $0.value == chosen) }))
  }

  /// A one-button form for an action on a record (invite, deactivate, delete).
  static func action<Context: HTML.BodyContext>(_ label: String, path: String, csrf: String) -> Node<Context> {
    .form(
      .class("inline"), .method(.post), .action(path), Forms.csrfField(csrf),
      .button(.type(.submit), .class("button"), .text(label)))
  }
}
