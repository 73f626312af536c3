import Foundation
import Plot

/// Small building blocks every form uses, so each one carries its CSRF field and labelled inputs.
enum Forms {
  static func csrfField(_ token: String) -> Node<HTML.FormContext> {
    .input(.type(.hidden), .name(CSRFMiddleware.fieldName), .value(token))
  }

  static func field(
    label: String, name: String, type: HTMLInputType = .text, value: String = "", required: Bool = true,
    autocomplete: String? = nil, hint: String? = nil
  ) -> Node<HTML.FormContext> {
    .group(
      .label(.for(name), .text(label)),
      .input(
        .id(name), .name(name), .type(type), .value(HTMLText.attribute(value)), .required(required),
        .attribute(named: "autocomplete", value: autocomplete),
        .attribute(named: "aria-describedby", value: hint == nil ? nil : "\(name)-hint")
      ),
      .unwrap(hint) { .p(.id("\(name)-hint"), .class("muted"), .text($0)) }
    )
  }

  static func errorBox(_ message: String?) -> Node<HTML.BodyContext> {
    .unwrap(message) { .p(.class("error"), .attribute(named: "role", value: "alert"), .text($0)) }
  }

  static func notice(_ message: String?) -> Node<HTML.BodyContext> {
    .unwrap(message) { .p(.class("notice"), .attribute(named: "role", value: "status"), .text($0)) }
  }
}

extension Node where Context: HTMLOptionListContext {
  /// An `<option>` with its text (Plot's own `.option` can only carry attributes).
  static func choice(value: String, label: String, selected: Bool) -> Node {
    .element(
      named: "option",
      nodes: [
        .attribute(named: "value", value: HTMLText.attribute(value), ignoreIfValueIsEmpty: false),
        selected ? .attribute(named: "selected") : .empty,
        .text(label),
      ])
  }
}

extension Node where Context == HTML.FormContext {
  /// A fieldset's `<legend>` (Plot has no element for it).
  static func legend(_ text: String) -> Node {
    .element(named: "legend", nodes: [.text(text)])
  }
}
