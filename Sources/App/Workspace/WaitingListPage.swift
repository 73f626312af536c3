import Foundation
import Plot
import Wording

/// The workspace home: presence, the running timer, take next, the agent's own requests, and the waiting list in
/// the policy's order with its clocks.
enum WaitingListPage {
  struct Model {
    var wording: Wording
    var session: LayoutSession?
    var csrf: String
    var staffName: String
    var presence: Presence
    var isSupervisor: Bool
    var board: WaitingBoard
    var filter: WaitingListFilter
    var mine: [SupportRequest]
    var timer: RunningTimer?
    var notice: String?
    var error: String?
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    return Layout(title: l.pick("Delovni prostor", "Workspace"), wording: w, session: model.session).render(
      .div(
        .class("workspace"),
        WorkspaceViews.subnav(l, supervisor: model.isSupervisor),
        .h1(.text(l.pick("Čakalna lista", "Waiting list"))),
        Forms.errorBox(model.error),
        Forms.notice(model.notice),
        .div(
          .class("toolbar"),
          .form(
            .class("inline"), .method(.post), .action(SiteURL.workspaceTakeNext.path),
            Forms.csrfField(model.csrf),
            .button(
              .type(.submit), .class("button primary"), .id("take-next"),
              .text(l.pick("Vzemi naslednjo", "Take next")))),
          presenceForm(model)
        ),
        .unwrap(model.timer) { timer in timerBar(timer, csrf: model.csrf, model.wording) },
        .if(!model.mine.isEmpty, mine(model)),
        summary(model),
        filters(model),
        table(model)
      ))
  }

  static func presenceForm(_ model: Model) -> Node<HTML.BodyContext> {
    let l = model.wording.language
    return .form(
      .class("inline presence"), .method(.post), .action(SiteURL.workspacePresence.path),
      Forms.csrfField(model.csrf),
      .label(.for("presence"), .text(l.pick("Moja prisotnost", "My presence"))),
      .select(
        .id("presence"), .attribute(named: "name", value: "presence"),
        .forEach(Presence.allCases) { presence in
          WorkspaceViews.option(presence.rawValue, presence.label(in: l), selected: presence == model.presence)
        }),
      .button(.type(.submit), .class("button"), .text(l.pick("Shrani", "Save"))))
  }

  static func timerBar(_ timer: RunningTimer, csrf: String, _ w: Wording) -> Node<HTML.BodyContext> {
    let l = w.language
    return .div(
      .class("timer-bar"), .attribute(named: "role", value: "status"),
      .text(l.pick("Merite čas na zahtevi ", "Your timer runs on request ")),
      .a(.href(SiteURL.workspaceRequest(.value(timer.number)).path), .text(timer.number)),
      .text(l.pick(" od ", " since ")), WorkspaceViews.time(timer.startedAt, w),
      .text(" (\(timer.minutesSoFar) min). "),
      WorkspaceViews.button(l.pick("Ustavi", "Stop"), action: SiteURL.workspaceTimerStop.path, csrf: csrf))
  }

  static func mine(_ model: Model) -> Node<HTML.BodyContext> {
    let l = model.wording.language
    return .section(
      .h2(.text(l.pick("Moje zahteve v reševanju", "My requests in progress"))),
      .ul(
        .class("plain"),
        .forEach(model.mine) { request in
          .li(
            .a(.href(SiteURL.workspaceRequest(.value(request.number)).path), .text(request.number)),
            .text(" · \(request.subject) · \(request.organisation.name) "),
            WorkspaceViews.statusBadge(request.status, l))
        }))
  }

  static func summary(_ model: Model) -> Node<HTML.BodyContext> {
    let (w, l) = (model.wording, model.wording.language)
    let board = model.board
    return .p(
      .class("summary"),
      .text(
        l.pick(
          "Čaka \(board.total) zahtev, \(board.breached) čez ciljni čas sprejema. Na voljo: \(board.agentsOnDuty) "
            + "(povprečno reševanje \(w.duration(seconds: board.averageHandlingSeconds))).",
          "\(board.total) requests waiting, \(board.breached) past the acceptance target. On duty: "
            + "\(board.agentsOnDuty) (average handling \(w.duration(seconds: board.averageHandlingSeconds)))."
        )))
  }

  static func filters(_ model: Model) -> Node<HTML.BodyContext> {
    let l = model.wording.language
    return .form(
      .class("filters"), .method(.get), .action(SiteURL.workspace.path),
      .div(
        .label(.for("filter-program"), .text(l.pick("Program", "Program"))),
        .select(
          .id("filter-program"), .attribute(named: "name", value: "program"),
          WorkspaceViews.option("", l.pick("Vsi", "All"), selected: model.filter.programCode == nil),
          .forEach(model.board.programs) { code in
            WorkspaceViews.option(code, code, selected: model.filter.programCode == code)
          })),
      .div(
        .label(.for("filter-class"), .text(l.pick("Razred", "Class"))),
        .select(
          .id("filter-class"), .attribute(named: "name", value: "class"),
          WorkspaceViews.option("", l.pick("Vsi", "All"), selected: model.filter.waitingClass == nil),
          .forEach(WaitingClass.allCases) { kind in
            WorkspaceViews.option(kind.rawValue, kind.label(in: l), selected: model.filter.waitingClass == kind)
          })),
      .button(.type(.submit), .class("button"), .text(l.pick("Filtriraj", "Filter"))))
  }

  static func table(_ model: Model) -> Node<HTML.BodyContext> {
    let (w, l) = (model.wording, model.wording.language)
    guard !model.board.lines.isEmpty else {
      return .p(.class("muted"), .text(l.pick("Ni čakajočih zahtev.", "No requests are waiting.")))
    }
    return .div(
      .class("table-scroll"),
      .table(
        .id("waiting-list"), .class("cards"),
        .caption(.text(l.pick("Zahteve v vrstnem redu sprejema", "Requests in the order they are taken"))),
        .thead(
          .tr(
            .th(.text("#")), .th(.text(l.pick("Zahteva", "Request"))), .th(.text(l.pick("Stranka", "Customer"))),
            .th(.text(l.pick("Razred", "Class"))), .th(.text(l.pick("Starost", "Age"))),
            .th(.text(l.pick("Cilj / ostane", "Target / left"))),
            .th(.text(l.pick("Ocena začetka", "Estimated start"))),
            .th(.text(l.pick("Odločitev", "Decision"))))),
        .tbody(
          .forEach(model.board.lines) { line in
            .tr(
              .class(line.clocks.acceptanceBreached ? "breached" : ""),
              .td(.attribute(named: "data-label", value: "#"), .text(String(line.position + 1))),
              .td(
                .attribute(named: "data-label", value: l.pick("Zahteva", "Request")),
                .a(.href(SiteURL.workspaceRequest(.value(line.number)).path), .text(line.number)), .br(),
                .text(line.subject), .text(line.program.isEmpty ? "" : " · \(line.program)")),
              .td(
                .attribute(named: "data-label", value: l.pick("Stranka", "Customer")), .text(line.organisation),
                .unwrap(line.contact) { .group(.br(), .span(.class("muted"), .text($0))) }),
              .td(
                .attribute(named: "data-label", value: l.pick("Razred", "Class")),
                .text(line.waitingClass.label(in: l)),
                .if(line.promoted, .span(.class("badge"), .text(l.pick(" prednost", " promoted")))),
                .unwrap(line.arrangedAt) { at in
                  .group(.br(), .span(.class("muted"), .text(l.pick("ob ", "at "))), WorkspaceViews.time(at, w))
                }),
              .td(
                .attribute(named: "data-label", value: l.pick("Starost", "Age")),
                .text(w.duration(seconds: line.clocks.acceptanceUsedSeconds))),
              .td(
                .attribute(named: "data-label", value: l.pick("Cilj / ostane", "Target / left")),
                .text(w.duration(seconds: line.clocks.acceptanceTargetSeconds) + " / "),
                .if(
                  line.clocks.acceptanceBreached,
                  .strong(
                    .class("breach"),
                    .text(
                      l.pick("prekoračeno za ", "breached by ")
                        + w.duration(seconds: -line.clocks.acceptanceRemainingSeconds))),
                  else: .text(w.duration(seconds: line.clocks.acceptanceRemainingSeconds)))),
              .td(
                .attribute(named: "data-label", value: l.pick("Ocena začetka", "Estimated start")),
                WorkspaceViews.time(line.estimatedStart, w)),
              .td(
                .attribute(named: "data-label", value: l.pick("Odločitev", "Decision")),
                WorkspaceViews.outcomeBadge(line.outcome, l)))
          })))
  }
}
