import Foundation
import Plot
import SupportPolicy
import Wording

/// Phone intake: find the caller, write down the request, see the policy's verdict, then save it.
enum PhoneIntakePage {
  struct Form: Sendable, Equatable {
    var programCode = ""
    var category: RequestCategory = .usage
    var subject = ""
    var body = ""
    var dataCorrection = false
    var remoteConnection = false
    var needsTraining = false
    var keepIfRefused = false
    var takeNow = false
  }

  struct Model {
    var wording: Wording
    var session: LayoutSession?
    var csrf: String
    var isSupervisor: Bool
    var query: String
    var callers: [Caller]
    var caller: Caller?
    var programs: [Program]
    var form: Form
    var verdict: Decision?
    var error: String?
    var notice: String?
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    return Layout(title: l.pick("Telefonski sprejem", "Phone intake"), wording: w, session: model.session).render(
      .div(
        .class("workspace phone-intake"),
        WorkspaceViews.subnav(l, supervisor: model.isSupervisor),
        .h1(.text(l.pick("Telefonski sprejem", "Phone intake"))),
        Forms.errorBox(model.error),
        Forms.notice(model.notice),
        search(model),
        .unwrap(model.caller) { caller in requestForm(model, caller: caller) }
      ))
  }

  static func search(_ model: Model) -> Node<HTML.BodyContext> {
    let l = model.wording.language
    return .section(
      .form(
        .class("filters"), .method(.get), .action(SiteURL.workspacePhone.path),
        .div(
          .label(.for("caller-query"), .text(l.pick("Kdo kliče?", "Who is calling?"))),
          .input(
            .type(.search), .id("caller-query"), .name("q"), .value(HTMLText.attribute(model.query)),
            .attribute(named: "aria-describedby", value: "caller-hint"))),
        .button(.type(.submit), .class("button"), .text(l.pick("Poišči", "Find")))),
      .p(
        .id("caller-hint"), .class("muted"),
        .text(l.pick("Ime, telefon, e-naslov ali organizacija.", "Name, phone, e-mail or organisation."))),
      .if(
        !model.query.isEmpty && model.callers.isEmpty && model.caller == nil,
        .p(
          .text(
            l.pick(
              "Nikogar ne najdemo. Kontakt mora prej dodati skrbnik njegove organizacije.",
              "Nobody found. The organisation's administrator has to add the contact first.")))),
      .if(
        !model.callers.isEmpty,
        .ul(
          .class("plain callers"),
          .forEach(model.callers) { caller in
            .li(
              .a(
                .href(SiteURL.workspacePhone.path + "?contact=\(caller.contactID)"),
                .text("\(caller.name) · \(caller.organisation)")),
              .text(" · \(caller.email)" + (caller.phone.map { " · " + $0 } ?? "")),
              .if(
                caller.standing == .overdue,
                .strong(.class("breach"), .text(l.pick(" · zapadle obveznosti", " · overdue obligations")))))
          }))
    )
  }

  static func requestForm(_ model: Model, caller: Caller) -> Node<HTML.BodyContext> {
    let l = model.wording.language
    let form = model.form
    return .section(
      .h2(.text(l.pick("Zahteva za ", "Request for ") + "\(caller.name) (\(caller.organisation))")),
      .unwrap(model.verdict) { verdict in verdictBox(verdict, model.wording) },
      .form(
        .method(.post), .action(SiteURL.workspacePhoneRequest.path),
        Forms.csrfField(model.csrf),
        .input(.type(.hidden), .name("contact"), .value(String(caller.contactID))),
        .label(.for("program"), .text(l.pick("Program", "Program"))),
        .select(
          .id("program"), .attribute(named: "name", value: "program"),
          WorkspaceViews.option(
            "", l.pick("— izberite program —", "— choose a program —"), selected: form.programCode.isEmpty),
          .forEach(model.programs) { program in
            WorkspaceViews.option(
              program.code, "\(program.code) · \(l.pick(program.nameSl, program.nameEn))",
              selected: program.code == form.programCode)
          }),
        WorkspaceViews.categorySelect(id: "category", selected: form.category, l),
        WorkspaceViews.checkbox(
          label: l.pick("Potreben popravek podatkov", "Needs data correction"), name: "dataCorrection", id: "flag-data",
          checked: form.dataCorrection),
        WorkspaceViews.checkbox(
          label: l.pick("Potrebna povezava na daljavo", "Needs a remote connection"), name: "remoteConnection",
          id: "flag-remote", checked: form.remoteConnection),
        WorkspaceViews.checkbox(
          label: l.pick("Potrebno izobraževanje", "Needs training"), name: "needsTraining", id: "flag-training",
          checked: form.needsTraining),
        Forms.field(label: l.pick("Zadeva", "Subject"), name: "subject", value: form.subject),
        WorkspaceViews.textarea(
          label: l.pick("Kaj kliče", "What the caller asks"), name: "body", id: "body", value: form.body),
        WorkspaceViews.checkbox(
          label: l.pick("Shrani tudi, če je zavrnjena (kot zapis)", "Save it even if refused (as a record)"),
          name: "keepIfRefused", id: "keep-if-refused", checked: form.keepIfRefused),
        WorkspaceViews.checkbox(
          label: l.pick("Rešujem jo takoj (sprejmem v reševanje)", "I handle it now (accept it into resolution)"),
          name: "takeNow", id: "take-now", checked: form.takeNow),
        .p(
          .button(
            .type(.submit), .class("button"), .name("intent"), .value("preview"), .id("preview"),
            .text(l.pick("Preveri odločitev", "Check the verdict"))),
          .text(" "),
          .button(
            .type(.submit), .class("button primary"), .name("intent"), .value("file"), .id("file"),
            .text(l.pick("Shrani zahtevo", "Save the request"))))
      )
    )
  }

  static func verdictBox(_ decision: Decision, _ w: Wording) -> Node<HTML.BodyContext> {
    let l = w.language
    let advice = decision.rules.compactMap {
      $0.id.advice(in: l, nextOpening: decision.workCanStartAt, timeZone: w.timeZone)
    }
    return .div(
      .class("verdict"), .id("verdict"), .attribute(named: "role", value: "status"),
      .p(
        .strong(.text(l.pick("Odločitev: ", "Verdict: "))), WorkspaceViews.outcomeBadge(decision.outcome, l),
        .text(
          decision.outcome == .refused
            ? l.pick(" — povejte klicatelju, zakaj pomoči ne moremo nuditi.", " — tell the caller why we cannot help.")
            : decision.outcome == .paid
              ? l.pick(
                " — povejte klicatelju, da bo pomoč plačljiva in zakaj.", " — tell the caller help is charged, and why."
              )
              : "")),
      WorkspaceViews.rules(decision.rules, l),
      .forEach(advice) { .p(.class("muted"), .text($0)) })
  }
}

/// The supervisor's overview: every agent's presence, load and running timer, and refused requests to re-admit.
enum SupervisorPage {
  struct Model {
    var wording: Wording
    var session: LayoutSession?
    var staff: [PresenceService.StaffLine]
    var refused: [SupportRequest]
    var isAdmin = false
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    return Layout(title: l.pick("Pregled vodje", "Supervisor"), wording: w, session: model.session).render(
      .div(
        .class("workspace supervisor"),
        WorkspaceViews.subnav(l, supervisor: true),
        .h1(.text(l.pick("Pregled vodje", "Supervisor"))),
        .if(
          model.isAdmin,
          .p(.a(.href(SiteURL.workspaceAudit.path), .text(l.pick("Revizijska sled", "Audit log"))))),
        .h2(.text(l.pick("Sodelavci", "Staff"))),
        .div(
          .class("table-scroll"),
          .table(
            .id("staff"),
            .thead(
              .tr(
                .th(.text(l.pick("Ime", "Name"))), .th(.text(l.pick("Prisotnost", "Presence"))),
                .th(.text(l.pick("V reševanju", "In progress"))),
                .th(.text(l.pick("Čaka na stranko", "Waiting for customer"))),
                .th(.text(l.pick("Merjenje časa", "Running timer"))))),
            .tbody(
              .forEach(model.staff) { line in
                .tr(
                  .td(.text(line.name), .span(.class("muted"), .text(" (\(line.role.rawValue))"))),
                  .td(.text(line.presence.label(in: l))),
                  .td(.text(String(line.inProgress))), .td(.text(String(line.waitingForCustomer))),
                  .td(
                    .unwrap(
                      line.timer,
                      { timer in
                        .group(
                          .a(.href(SiteURL.workspaceRequest(.value(timer.number)).path), .text(timer.number)),
                          .text(l.pick(" od ", " since ")), WorkspaceViews.time(timer.startedAt, w),
                          .text(" · \(timer.minutesSoFar) min"))
                      }, else: .text("—"))))
              }))),
        .h2(.text(l.pick("Zavrnjene zahteve", "Refused requests"))),
        .if(
          model.refused.isEmpty, .p(.class("muted"), .text(l.pick("Nobene.", "None."))),
          else: .ul(
            .class("plain"),
            .forEach(model.refused) { request in
              .li(
                .a(.href(SiteURL.workspaceRequest(.value(request.number)).path), .text(request.number)),
                .text(
                  " \(request.subject) · \(request.organisation.name) · " + (request.refusalReason ?? "")))
            }))
      ))
  }
}
