import Foundation
import Plot
import SupportPolicy
import Wording

/// Building blocks the workspace pages share: outcome badges, rule explanations, notices, small forms.
enum WorkspaceViews {
  static func outcomeBadge(_ outcome: Outcome, _ l: Language) -> Node<HTML.BodyContext> {
    let text: String
    switch outcome {
    case .paid: text = l.pick("plačljivo", "paid")
    case .refused: text = l.pick("zavrnjeno", "refused")
    case .free: text = l.pick("brezplačno", "free")
    }
    return .span(.class("badge outcome-\(outcome.rawValue)"), .text(text))
  }

  static func statusBadge(_ status: RequestStatus, _ l: Language) -> Node<HTML.BodyContext> {
    .span(.class("badge status-\(status.rawValue)"), .text(status.label(in: l)))
  }

  /// An instant in a workspace table: `25. 11. 2026 10:05`.
  static func time(_ date: Date, _ w: Wording) -> Node<HTML.BodyContext> {
    .time(.datetime(w.machine(date)), .text(w.timestamp(date)))
  }

  /// Each fired rule: its id, the sentence the customer reads, and its evidence.
  static func rules(_ rules: [FiredRule], _ l: Language) -> Node<HTML.BodyContext> {
    .ul(
      .class("rules"),
      .forEach(rules) { rule in
        .li(
          .code(.text(rule.id.rawValue)), .text(" — "), .text(rule.id.customerText(in: l)),
          .if(
            !rule.evidence.isEmpty,
            .span(.class("evidence muted"), .text(" (" + evidenceText(rule.evidence) + ")"))))
      })
  }

  static func evidenceText(_ evidence: [String: EvidenceValue]) -> String {
    evidence.keys.sorted().map { "\($0): \(text(of: evidence[$0]!))" }.joined(separator: "; ")
  }

  static func text(of value: EvidenceValue) -> String {
    switch value {
    case .string(let text): text
    case .int(let number): String(number)
    case .double(let number): String(number)
    case .bool(let flag): flag ? "true" : "false"
    case .null: "null"
    case .array(let items): "[" + items.map(text(of:)).joined(separator: ", ") + "]"
    case .object(let fields): "{" + evidenceText(fields) + "}"
    }
  }

  /// A one-button form that posts to `action` with the CSRF token and any hidden fields.
  static func button(
    _ label: String, action: String, csrf: String, hidden: [(String, String)] = [], primary: Bool = false
  ) -> Node<HTML.BodyContext> {
    .form(
      .class("inline"), .method(.post), .action(action),
      Forms.csrfField(csrf),
      .forEach(hidden) { field in .input(.type(.hidden), .name(field.0), .value(HTMLText.attribute(field.1))) },
      .button(.type(.submit), .class(primary ? "button primary" : "button"), .text(label)))
  }

  static func textarea(
    label: String, name: String, id: String, value: String = "", rows: Int = 4, required: Bool = true
  ) -> Node<HTML.FormContext> {
    .group(
      .label(.for(id), .text(label)),
      .textarea(.id(id), .name(name), .rows(rows), .required(required), .text(value)))
  }

  static func checkbox(label: String, name: String, id: String, checked: Bool) -> Node<HTML.FormContext> {
    .div(
      .class("check"),
      .input(.type(.checkbox), .id(id), .name(name), .value("on"), .checked(checked)),
      .label(.for(id), .text(label)))
  }

  static func categorySelect(id: String, selected: RequestCategory, _ l: Language) -> Node<HTML.FormContext> {
    .group(
      .label(.for(id), .text(l.pick("Kategorija", "Category"))),
      .select(
        .id(id), .attribute(named: "name", value: "category"),
        .forEach(RequestCategory.allCases) { category in
          option(category.rawValue, category.label(in: l), selected: category == selected)
        }))
  }

  /// `<option value="…">text</option>`: the text is the option's content, as every browser shows it.
  static func option(_ value: String, _ text: String, selected: Bool) -> Node<HTML.SelectContext> {
    .element(
      named: "option",
      nodes: [
        Node<HTML.BodyContext>.attribute(named: "value", value: HTMLText.attribute(value), ignoreIfValueIsEmpty: false),
        selected ? .attribute(named: "selected") : .empty, .text(text),
      ])
  }

  /// The `open` attribute of a `<details>`, present only when it should be open.
  static func open(_ isOpen: Bool) -> Node<HTML.DetailsContext> {
    isOpen ? .attribute(named: "open") : .empty
  }

  /// A `<meter>`: minutes used against the free limit, without inline styles (the CSP forbids them).
  static func meter(value: Int, maximum: Int, label: String, id: String) -> Node<HTML.BodyContext> {
    .element(
      named: "meter",
      nodes: [
        Node<HTML.BodyContext>.attribute(named: "id", value: id), .attribute(named: "min", value: "0"),
        .attribute(named: "max", value: String(max(maximum, value))),
        .attribute(named: "high", value: String(maximum)), .attribute(named: "optimum", value: "0"),
        .attribute(named: "value", value: String(value), ignoreIfValueIsEmpty: false),
        .attribute(named: "aria-label", value: label), .text(label),
      ])
  }

  /// What the workspace says after an action, by the code in `?notice=`; unknown codes say nothing.
  static func notice(_ code: String?, _ l: Language) -> String? {
    guard let code else { return nil }
    switch code {
    case "taken":
      return l.pick(
        "Zahteva je vaša in v reševanju; stranka to že vidi.",
        "The request is yours and in progress; the customer sees it already.")
    case "nothing-waiting":
      return l.pick("Na čakalni listi ni zahtev, ki bi jih lahko vzeli.", "Nothing on the waiting list can be taken.")
    case "presence": return l.pick("Prisotnost je shranjena.", "Presence saved.")
    case "timer-started": return l.pick("Merjenje časa teče.", "The timer is running.")
    case "timer-stopped":
      return l.pick("Merjenje časa je ustavljeno in čas zabeležen.", "The timer is stopped and the time logged.")
    case "no-timer": return l.pick("Merjenje časa ni teklo.", "No timer was running.")
    case "time-logged": return l.pick("Čas je zabeležen.", "Time logged.")
    case "limit-crossed":
      return l.pick(
        "Porabljeni čas je presegel brezplačno mejo: odločitev je zdaj plačljiva (paid.complex-over-15-min), razen "
          + "če velja izjema za začetnike.",
        "The time used is over the free limit: the decision is now paid (paid.complex-over-15-min) unless the "
          + "starter waiver applies.")
    case "decision-changed": return l.pick("Shranjeno; odločitev se je spremenila.", "Saved; the decision changed.")
    case "saved": return l.pick("Shranjeno.", "Saved.")
    case "unchanged": return l.pick("Ni bilo sprememb.", "Nothing changed.")
    case "replied": return l.pick("Odgovor je poslan stranki.", "The reply is sent to the customer.")
    case "noted": return l.pick("Interna opomba je shranjena.", "The internal note is saved.")
    case "waiting":
      return l.pick(
        "Zahteva čaka na stranko; ure stojijo.", "The request waits for the customer; the clocks are paused.")
    case "resumed": return l.pick("Zahteva je znova v reševanju.", "The request is in progress again.")
    case "resolved":
      return l.pick("Zahteva je rešena; stranka je obveščena.", "The request is resolved; the customer is told.")
    case "refused":
      return l.pick("Zahteva je zavrnjena; stranka je obveščena.", "The request is refused; the customer is told.")
    case "reopened": return l.pick("Zahteva je znova odprta.", "The request is reopened.")
    case "linked": return l.pick("Povezano; odločitev je znova preverjena.", "Linked; the decision was checked again.")
    case "unlinked": return l.pick("Povezava je odstranjena.", "The link is removed.")
    case "overridden": return l.pick("Odločitev je preglašena.", "The decision is overridden.")
    case "policy-restored":
      return l.pick("Znova velja odločitev po pravilih.", "The policy's decision is in force again.")
    case "readmitted": return l.pick("Zahteva je znova na čakalni listi.", "The request is back on the waiting list.")
    case "reassigned": return l.pick("Zahteva je dodeljena.", "The request is assigned.")
    case "filed": return l.pick("Telefonska zahteva je shranjena.", "The phone request is saved.")
    default: return nil
    }
  }

  /// The workspace's own navigation, under the site header.
  static func subnav(_ l: Language, supervisor: Bool) -> Node<HTML.BodyContext> {
    .nav(
      .class("subnav"), .attribute(named: "aria-label", value: l.pick("Delovni prostor", "Workspace")),
      .a(.href(SiteURL.workspace.path), .text(l.pick("Čakalna lista", "Waiting list"))),
      .a(.href(SiteURL.workspacePhone.path), .text(l.pick("Telefonski sprejem", "Phone intake"))),
      .a(.href(SiteURL.workspaceArticles.path), .text(l.pick("Članki", "Articles"))),
      .a(.href(SiteURL.workspaceNewsletters.path), .text(l.pick("E-novice", "Newsletters"))),
      .a(.href(SiteURL.workspaceBookings.path), .text(l.pick("Uvajanja", "Onboarding"))),
      .if(supervisor, .a(.href(SiteURL.workspaceSupervisor.path), .text(l.pick("Pregled vodje", "Supervisor")))),
      .if(supervisor, .a(.href(SiteURL.workspaceBilling.path), .text(l.pick("Obračun", "Billing")))),
      .if(
        supervisor,
        .a(.href(SiteURL.backOfficeOrganisations.path), .text(l.pick("Zaledna pisarna", "Back office")))),
      .if(supervisor, .a(.href(SiteURL.reports.path), .text(l.pick("Poročila", "Reports")))))
  }
}
