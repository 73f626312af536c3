import Foundation
import Plot
import SupportPolicy
import Wording

/// What a customer has entered in the new-request form so far.
struct NewRequestValues: Sendable, Equatable {
  var programCode: String = ""
  var category: RequestCategory = .usage
  var dataCorrection = false
  var remoteConnection = false
  var subject: String = ""
  var body: String = ""
  var paidConsent = false
  var keepIfRefused = false

  /// Subject and description together: what the suggestions search.
  var text: String { subject + "\n" + body }
}

/// The fields of the form that can be wrong, for per-field messages.
enum NewRequestField: String, Sendable, CaseIterable {
  case program, category, subject, body, attachments, consent, keep
}

/// The new-request page: the form, the live verdict and the suggestions. Rendered for a first visit, after
/// "Check" (without JavaScript) and after a mistake, always with everything the customer entered.
enum NewRequestPage {
  struct Model {
    var wording: Wording
    var session: LayoutSession?
    var csrf: String
    var programs: [Program]
    var values: NewRequestValues
    var verdict: Verdict?
    var suggestions: [KnowledgeSuggestion] = []
    var pending: [StoredUpload] = []
    var errors: [NewRequestField: String] = [:]
    /// A message for the whole form (e.g. "not filed: …").
    var summary: String? = nil
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    return Layout(
      title: l.pick("Nova zahteva", "New request"), wording: w, session: model.session,
      scripts: [SiteURL.portalScript.path]
    ).render(
      .div(
        .class("portal-page"),
        .p(
          .class("breadcrumbs"),
          .a(.href(SiteURL.portalRequests.path), .text(l.pick("← Moje zahteve", "← My requests")))),
        .h1(.text(l.pick("Nova zahteva za pomoč", "New support request"))),
        .p(
          .class("lead"),
          .text(
            l.pick(
              "Opišite, pri čem potrebujete pomoč. Sproti vam pokažemo, ali bo pomoč brezplačna ali plačljiva, in "
                + "predlagamo članke iz pomoči, ki morda že odgovarjajo na vaše vprašanje. ",
              "Describe what you need help with. As you write, we show whether help will be free or charged, and "
                + "suggest help articles that may already answer your question. ")),
          .a(.href(SiteURL.portalPolicy.path), .text(l.pick("Kako odločamo", "How we decide")))
        ),
        .if(
          model.programs.isEmpty,
          .p(
            .class("error"), .attribute(named: "role", value: "alert"),
            .text(
              l.pick(
                "Vaša organizacija nima veljavne pogodbe o vzdrževanju za noben program, zato zahteve v portalu ni "
                  + "mogoče oddati. Za podaljšanje pogodbe pokličite našo prodajo.",
                "Your organisation has no valid maintenance contract for any program, so requests cannot be filed in "
                  + "the portal. Please call our sales team to renew the contract."))),
          else: form(model)
        )
      ))
  }

  static func form(_ model: Model) -> Node<HTML.BodyContext> {
    .form(
      .id("new-request"), .class("new-request"), .method(.post), .action(SiteURL.portalNewRequest.path),
      .enctype(.multipartData), .data(named: "live", value: SiteURL.portalNewRequestLive.path),
      Forms.csrfField(model.csrf),
      errorSummary(model),
      fields(model),
      livePanel(model),
      submitArea(model)
    )
  }

  static func fieldError(_ model: Model, _ field: NewRequestField) -> Node<HTML.FormContext> {
    .unwrap(model.errors[field]) {
      .p(.id("\(field.rawValue)-error"), .class("field-error"), .text($0))
    }
  }

  static func errorSummary(_ model: Model) -> Node<HTML.FormContext> {
    .unwrap(model.summary) { summary in
      .div(
        .class("error-summary"), .attribute(named: "role", value: "alert"), .attribute(named: "tabindex", value: "-1"),
        .p(.strong(.text(summary))),
        .ul(
          .forEach(NewRequestField.allCases.filter { model.errors[$0] != nil }) { field in
            .li(.a(.href("#\(anchor(field))"), .text(model.errors[field] ?? "")))
          })
      )
    }
  }

  static func fields(_ model: Model) -> Node<HTML.FormContext> {
    .div(
      .class("request-fields"),
      programField(model),
      categoryField(model),
      flagsField(model),
      subjectField(model),
      bodyField(model),
      attachmentsField(model),
      pendingFiles(model)
    )
  }

  static func programField(_ model: Model) -> Node<HTML.FormContext> {
    let l = model.wording.language
    let selected = model.values.programCode
    return .group(
      .label(.for("program"), .text(l.pick("Program", "Program"))),
      .select(
        .id("program"), .attribute(named: "name", value: "program"), .attribute(named: "required"),
        .attribute(named: "aria-describedby", value: model.errors[.program] == nil ? nil : "program-error"),
        .forEach(model.programs) { program in
          .choice(value: program.code, label: PortalWording.program(program, l), selected: program.code == selected)
        }
      ),
      fieldError(model, .program)
    )
  }

  static func categoryField(_ model: Model) -> Node<HTML.FormContext> {
    let l = model.wording.language
    return .fieldset(
      .id("category"),
      .legend(l.pick("Kaj potrebujete?", "What do you need?")),
      .forEach(RequestCategory.allCases) { categoryChoice($0, checked: $0 == model.values.category, l) },
      fieldError(model, .category)
    )
  }

  static func categoryChoice(_ category: RequestCategory, checked: Bool, _ l: Language) -> Node<HTML.FormContext> {
    let id = "category-\(category.rawValue)"
    let label: Node<HTML.LabelContext> = .group(
      .text(PortalWording.category(category, l)),
      .span(.id(id + "-hint"), .class("hint"), .text(PortalWording.categoryHint(category, l))))
    return .div(
      .class("choice"),
      .input(
        .type(.radio), .id(id), .name("category"), .value(category.rawValue), .checked(checked),
        .attribute(named: "aria-describedby", value: id + "-hint")),
      .label(.for(id), label)
    )
  }

  static func flagsField(_ model: Model) -> Node<HTML.FormContext> {
    let l = model.wording.language
    return .fieldset(
      .legend(l.pick("Kaj bo verjetno potrebno? (če veste)", "What will probably be needed? (if you know)")),
      checkbox(
        "dataCorrection", checked: model.values.dataCorrection,
        label: l.pick("Popraviti je treba podatke", "Data needs to be corrected")),
      checkbox(
        "remoteConnection", checked: model.values.remoteConnection,
        label: l.pick("Potrebna bo povezava na daljavo", "A remote connection will be needed"))
    )
  }

  static func checkbox(_ name: String, checked: Bool, label: String) -> Node<HTML.FormContext> {
    .div(
      .class("choice"),
      .input(.type(.checkbox), .id(name), .name(name), .value("on"), .checked(checked)),
      .label(.for(name), .text(label))
    )
  }

  static func subjectField(_ model: Model) -> Node<HTML.FormContext> {
    let l = model.wording.language
    let invalid = model.errors[.subject] != nil
    return .group(
      .label(.for("subject"), .text(l.pick("Zadeva", "Subject"))),
      .input(
        .type(.text), .id("subject"), .name("subject"), .value(HTMLText.attribute(model.values.subject)),
        .required(true), .attribute(named: "maxlength", value: String(RequestFiling.subjectLimit)),
        .attribute(named: "autocomplete", value: "off"),
        .attribute(named: "aria-invalid", value: invalid ? "true" : nil),
        .attribute(named: "aria-describedby", value: invalid ? "subject-error" : nil)),
      fieldError(model, .subject)
    )
  }

  static func bodyField(_ model: Model) -> Node<HTML.FormContext> {
    let l = model.wording.language
    let invalid = model.errors[.body] != nil
    let hint = l.pick(
      "Kaj ste želeli narediti, kaj se je zgodilo in kakšno sporočilo je izpisal program.",
      "What you wanted to do, what happened and which message the program showed.")
    return .group(
      .label(.for("body"), .text(l.pick("Opis", "Description"))),
      .p(.id("body-hint"), .class("hint"), .text(hint)),
      .textarea(
        .id("body"), .name("body"), .rows(8), .required(true),
        .attribute(named: "maxlength", value: String(RequestFiling.bodyLimit)),
        .attribute(named: "aria-invalid", value: invalid ? "true" : nil),
        .attribute(named: "aria-describedby", value: invalid ? "body-hint body-error" : "body-hint"),
        .text(model.values.body)),
      fieldError(model, .body)
    )
  }

  static func attachmentsField(_ model: Model) -> Node<HTML.FormContext> {
    let l = model.wording.language
    let invalid = model.errors[.attachments] != nil
    let megabytes = AttachmentRules.maxBytes / 1024 / 1024
    let hint = l.pick(
      "Največ \(AttachmentRules.maxFiles) datotek, vsaka do \(megabytes) MB: slike, PDF, besedilne datoteke, "
        + "pisarniški dokumenti in ZIP.",
      "At most \(AttachmentRules.maxFiles) files of up to \(megabytes) MB each: images, PDF, text files, office "
        + "documents and ZIP.")
    return .group(
      .label(.for("attachments"), .text(l.pick("Priloge", "Attachments"))),
      .p(.id("attachments-hint"), .class("hint"), .text(hint)),
      .input(
        .type(.file), .id("attachments"), .name("attachments[]"), .multiple(true),
        .attribute(named: "accept", value: AttachmentRules.acceptList),
        .attribute(
          named: "aria-describedby", value: invalid ? "attachments-hint attachments-error" : "attachments-hint")),
      fieldError(model, .attachments)
    )
  }

  static func pendingFiles(_ model: Model) -> Node<HTML.FormContext> {
    let l = model.wording.language
    guard !model.pending.isEmpty else { return .empty }
    return .div(
      .class("pending"),
      .p(.text(l.pick("Že priloženo (ni vam treba znova izbrati):", "Already attached (no need to choose again):"))),
      .ul(.forEach(model.pending) { pendingFile($0, l) })
    )
  }

  static func pendingFile(_ upload: StoredUpload, _ l: Language) -> Node<HTML.ListContext> {
    let label = "\(upload.filename) (\(PortalComponents.size(upload.size, l))) – " + l.pick("odstrani", "remove")
    let id = "drop-\(upload.storageName)"
    return .li(
      .input(.type(.hidden), .name("pending[]"), .value(upload.storageName)),
      .input(.type(.checkbox), .id(id), .name("drop[]"), .value(upload.storageName)),
      .label(.for(id), .class("inline"), .text(label))
    )
  }

  static func livePanel(_ model: Model) -> Node<HTML.FormContext> {
    let l = model.wording.language
    let v = model.values
    return
      .div(
        .class("live-panel"),
        .p(
          .button(
            .class("button"), .type(.submit), .name("intent"), .value("check"), .attribute(named: "formnovalidate"),
            .text(l.pick("Preveri oceno in predloge", "Check the verdict and suggestions")))
        ),
        .section(
          .attribute(named: "aria-labelledby", value: "verdict-title"),
          .h2(.id("verdict-title"), .text(l.pick("Ocena po pravilih podpore", "Verdict under the support policy"))),
          .div(
            .id("verdict"), .attribute(named: "aria-live", value: "polite"),
            .unwrap(model.verdict) { PortalComponents.verdict($0, language: l, live: true) })
        ),
        .section(
          .attribute(named: "aria-labelledby", value: "suggestions-title"),
          .h2(.id("suggestions-title"), .text(l.pick("Morda vam že pomaga", "This may already help"))),
          .div(
            .id("suggestions"), .attribute(named: "aria-live", value: "polite"),
            PortalComponents.suggestions(
              model.suggestions, searched: !v.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, language: l)
          )
        )
      )
  }

  static func submitArea(_ model: Model) -> Node<HTML.FormContext> {
    let l = model.wording.language
    let v = model.values
    let outcome = model.verdict?.outcome
    return
      .div(
        .class("submit-area"),
        .div(
          .id("consent-box"), .class("confirm"), .hidden(outcome != .paid && model.errors[.consent] == nil),
          .input(.type(.checkbox), .id("paidConsent"), .name("paidConsent"), .value("on"), .checked(v.paidConsent)),
          .label(
            .for("paidConsent"), .class("inline"),
            .text(
              l.pick(
                "Strinjam se, da je pomoč plačljiva po ceniku, navedenem v oceni.",
                "I agree that help is charged at the rates shown in the verdict."))),
          fieldError(model, .consent)
        ),
        .div(
          .id("keep-box"), .class("confirm"), .hidden(outcome != .refused && model.errors[.keep] == nil),
          .input(
            .type(.checkbox), .id("keepIfRefused"), .name("keepIfRefused"), .value("on"), .checked(v.keepIfRefused)),
          .label(
            .for("keepIfRefused"), .class("inline"),
            .text(
              l.pick(
                "Zahtevo vseeno oddaj; shranite jo kot zavrnjeno, da se zapis ne izgubi.",
                "Submit it anyway; keep it as refused so that the record is not lost."))),
          fieldError(model, .keep)
        ),
        .p(
          .button(
            .class("button primary"), .type(.submit), .name("intent"), .value("file"),
            .text(l.pick("Oddaj zahtevo", "Submit the request")))
        )
      )
  }

  /// Where the error summary's link for a field points.
  static func anchor(_ field: NewRequestField) -> String {
    switch field {
    case .program: "program"
    case .category: "category"
    case .subject: "subject"
    case .body: "body"
    case .attachments: "attachments"
    case .consent: "paidConsent"
    case .keep: "keepIfRefused"
    }
  }
}

/// After "This answered my question": nothing was filed, and the customer can read the article again.
enum DeflectedPage {
  struct Model {
    var wording: Wording
    var session: LayoutSession?
    var suggestion: KnowledgeSuggestion
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    return Layout(title: l.pick("Veseli nas", "Glad it helped"), wording: w, session: model.session).render(
      .div(
        .class("portal-page narrow-wide"),
        .h1(.text(l.pick("Veseli nas, da ste odgovor našli", "We are glad you found the answer"))),
        .p(
          .attribute(named: "role", value: "status"),
          .text(l.pick("Zahteve nismo oddali. Odgovor je v: ", "No request was filed. The answer is in: ")),
          .a(.href(HTMLText.attribute(model.suggestion.url)), .text(model.suggestion.title))
        ),
        .p(
          .a(.class("button"), .href(SiteURL.portalRequests.path), .text(l.pick("Moje zahteve", "My requests"))),
          .text(" "),
          .a(
            .class("button"), .href(SiteURL.portalNewRequest.path),
            .text(l.pick("Vseeno oddaj novo zahtevo", "File a new request anyway")))
        )
      ))
  }
}
