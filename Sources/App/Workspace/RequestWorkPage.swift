import Foundation
import Plot
import SupportPolicy
import Wording

/// One request as an agent works it: the request and its clocks, time, the decision panel, every action, the
/// timeline, the customer's context, repeat candidates and matching articles.
enum RequestWorkPage {
  struct Model {
    var wording: Wording
    var session: LayoutSession?
    var csrf: String
    var view: RequestWorkView
    var isSupervisor: Bool
    var notice: String?
    var error: String?
    /// The field the error is about, and what was typed, so nothing the agent wrote is lost.
    var errorField: String?
    var typed: [String: String] = [:]
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    let request = model.view.request
    return Layout(title: "\(request.number) · \(request.subject)", wording: w, session: model.session).render(
      .div(
        .class("workspace request-work"),
        WorkspaceViews.subnav(l, supervisor: model.isSupervisor),
        header(model),
        Forms.errorBox(model.error),
        Forms.notice(model.notice),
        .div(
          .class("columns"),
          .div(
            .class("main-column"),
            body(model),
            timeSection(model),
            decisionPanel(model),
            actions(model),
            timeline(model)
          ),
          .div(
            .class("side-column"),
            contextSection(model),
            repeatSection(model),
            articleSection(model)
          )
        )
      ))
  }

  static func action(_ model: Model, _ action: WorkspaceAction) -> String {
    SiteURL.workspaceRequestAction(.value(model.view.request.number), action).path
  }

  // MARK: - Header and body

  static func header(_ model: Model) -> Node<HTML.BodyContext> {
    let (w, l) = (model.wording, model.wording.language)
    let view = model.view
    let request = view.request
    let clocks = view.clocks
    return .header(
      .class("request-header"),
      .h1(.text("\(request.number): \(request.subject)")),
      .p(
        WorkspaceViews.statusBadge(request.status, l), .text(" "), WorkspaceViews.outcomeBadge(request.outcome, l),
        .text(" · \(request.channel.label(in: l)) · \(view.programCode) · \(request.category.label(in: l))"),
        .if(request.dataCorrection, .text(l.pick(" · popravek podatkov", " · data correction"))),
        .if(request.remoteConnection, .text(l.pick(" · povezava na daljavo", " · remote connection"))),
        .if(request.needsTraining, .text(l.pick(" · izobraževanje", " · training")))),
      .dl(
        .class("facts"),
        .dt(.text(l.pick("Oddana", "Filed"))), .dd(WorkspaceViews.time(request.submittedAt, w)),
        .dt(.text(l.pick("Reševalec", "Assignee"))), .dd(.text(view.assigneeName ?? "—")),
        .dt(.text(l.pick("Sprejem", "Acceptance"))),
        .dd(
          .text(
            (clocks.accepted ? l.pick("sprejeta po ", "accepted after ") : l.pick("čaka že ", "waiting for "))
              + w.duration(seconds: clocks.acceptanceUsedSeconds)
              + l.pick(" od cilja ", " of the target ")
              + w.duration(seconds: clocks.acceptanceTargetSeconds)),
          .if(clocks.acceptanceBreached, .strong(.class("breach"), .text(l.pick(" — prekoračeno", " — breached"))))),
        .unwrap(clocks.resolutionUsedSeconds) { used in
          .group(
            .dt(.text(l.pick("Reševanje", "Resolution"))),
            .dd(
              .text(w.duration(seconds: used) + l.pick(" podpornega časa", " of support time")),
              .if(
                clocks.pausedSeconds > 0,
                .text(
                  l.pick(" (ure stale ", " (clocks paused ") + w.duration(seconds: clocks.pausedSeconds)
                    + ")")),
              .if(clocks.pausedNow, .strong(.text(l.pick(" — čaka na stranko", " — waiting for the customer"))))))
        }))
  }

  static func body(_ model: Model) -> Node<HTML.BodyContext> {
    let l = model.wording.language
    let request = model.view.request
    return .section(
      .attribute(named: "aria-labelledby", value: "request-text"),
      .h2(.id("request-text"), .text(l.pick("Vprašanje", "The question"))),
      .div(.class("message customer"), .text(request.body)),
      .unwrap(request.solution) { solution in
        .group(
          .h3(.text(l.pick("Rešitev", "Solution"))), .div(.class("message solution"), .text(solution))
        )
      },
      .unwrap(request.refusalReason) { reason in
        .p(.class("error"), .text(l.pick("Razlog zavrnitve: ", "Reason for refusal: ") + reason))
      })
  }

  // MARK: - Time

  static func timeSection(_ model: Model) -> Node<HTML.BodyContext> {
    let (w, l) = (model.wording, model.wording.language)
    let view = model.view
    let workable = TimeTracking.workable.contains(view.request.status)
    let over = view.minutesUsed > view.freeLimitMinutes
    return .section(
      .id("time"),
      .h2(.text(l.pick("Čas", "Time"))),
      .p(
        WorkspaceViews.meter(
          value: view.minutesUsed, maximum: view.freeLimitMinutes,
          label: l.pick(
            "\(view.minutesUsed) od \(view.freeLimitMinutes) brezplačnih minut",
            "\(view.minutesUsed) of \(view.freeLimitMinutes) free minutes"), id: "free-limit"),
        .text(" "),
        .strong(
          .id("minutes-used"), .class(over ? "breach" : ""),
          .text(
            l.pick(
              "\(view.minutesUsed) min od \(view.freeLimitMinutes) min brezplačne pomoči",
              "\(view.minutesUsed) min of \(view.freeLimitMinutes) min free help"))),
        .if(over, .span(.class("muted"), .text(l.pick(" — meja je presežena", " — over the free limit"))))),
      .unwrap(view.myTimerElsewhere) { timer in
        .p(
          .class("muted"),
          .text(l.pick("Vaše merjenje teče na ", "Your timer runs on ")),
          .a(.href(SiteURL.workspaceRequest(.value(timer.number)).path), .text(timer.number)),
          .text(l.pick("; začetek tukaj ga ustavi.", "; starting here stops it.")))
      },
      .if(
        workable,
        .div(
          .class("toolbar"),
          .if(
            view.myTimerHere != nil,
            .group(
              .span(
                .class("timer-running"), .attribute(named: "role", value: "status"),
                .text(
                  l.pick("Merjenje teče ", "Timer running ")
                    + "(\(view.myTimerHere?.minutesSoFar ?? 0) min) ")),
              WorkspaceViews.button(
                l.pick("Ustavi merjenje", "Stop timer"), action: action(model, .timerStop), csrf: model.csrf)),
            else: WorkspaceViews.button(
              l.pick("Začni merjenje", "Start timer"), action: action(model, .timerStart), csrf: model.csrf,
              primary: true)),
          .form(
            .class("inline manual-time"), .method(.post), .action(action(model, .logTime)),
            Forms.csrfField(model.csrf),
            .label(.for("minutes"), .text(l.pick("Minute", "Minutes"))),
            .input(
              .type(.number), .id("minutes"), .name("minutes"),
              .value(HTMLText.attribute(model.typed["minutes"] ?? "")),
              .attribute(named: "min", value: "1"),
              .attribute(named: "max", value: String(TimeTracking.manualMinutes.upperBound)), .required(true)),
            .label(.for("time-note"), .text(l.pick("Opomba", "Note"))),
            .input(
              .type(.text), .id("time-note"), .name("note"), .value(HTMLText.attribute(model.typed["note"] ?? "")),
              .required(false)),
            .button(.type(.submit), .class("button"), .text(l.pick("Zabeleži", "Log time")))))),
      .if(
        !view.timeEntries.isEmpty,
        .ul(
          .class("plain time-entries"),
          .forEach(view.timeEntries) { entry in
            .li(
              WorkspaceViews.time(entry.startedAt, w), .text(" · \(entry.staffName) · \(entry.minutes) min"),
              .if(entry.manual, .text(l.pick(" (ročno)", " (manual)"))),
              .if(entry.endedAt == nil, .strong(.text(l.pick(" — teče", " — running")))),
              .if(!entry.note.isEmpty, .text(" · " + entry.note)))
          }))
    )
  }

  // MARK: - Decision

  static func decisionPanel(_ model: Model) -> Node<HTML.BodyContext> {
    let (w, l) = (model.wording, model.wording.language)
    let view = model.view
    return .section(
      .id("decision"), .class("decision-panel"),
      .h2(.text(l.pick("Odločitev po pravilih podpore", "Decision under the support policy"))),
      .unwrap(view.decision) { decision in
        .group(
          .p(
            WorkspaceViews.outcomeBadge(decision.outcome, l),
            .text(l.pick(" · pravila ", " · policy ") + decision.policyVersion + " · "),
            WorkspaceViews.time(decision.decidedAt, w)),
          WorkspaceViews.rules(decision.rules, l),
          .unwrap(decision.overrideReason) { reason in
            .p(
              .class("override"),
              .strong(.text(l.pick("Preglasil(a) ", "Overridden by ") + (decision.overriddenBy ?? "?") + ": ")),
              .text(reason))
          })
      },
      .unwrap(view.liveDecision) { live in
        .p(
          .class("notice"),
          .text(
            l.pick(
              "S trenutnimi podatki (tudi tekočim merjenjem) bi bila odločitev ",
              "With the facts as they stand now (a running timer included) the decision would be ")),
          WorkspaceViews.outcomeBadge(live.outcome, l),
          .text(" (" + live.ruleIDs.map(\.rawValue).joined(separator: ", ") + "). "),
          .text(
            l.pick(
              "Shrani se ob naslednji spremembi (npr. ustavitvi merjenja).",
              "It is stored with the next change (e.g. stopping the timer).")))
      },
      .if(
        !view.history.isEmpty,
        .details(
          .summary(.text(l.pick("Prejšnje odločitve", "Earlier decisions") + " (\(view.history.count))")),
          .ul(
            .class("plain"),
            .forEach(view.history) { decision in
              .li(
                WorkspaceViews.time(decision.decidedAt, w), .text(" "),
                WorkspaceViews.outcomeBadge(decision.outcome, l),
                .text(" " + decision.rules.map(\.id.rawValue).joined(separator: ", ")),
                .unwrap(decision.overrideReason) { reason in
                  .text(l.pick(" · preglasitev: ", " · override: ") + reason)
                })
            }))),
      .if(model.isSupervisor, overrideForms(model))
    )
  }

  static func overrideForms(_ model: Model) -> Node<HTML.BodyContext> {
    let l = model.wording.language
    let overridden = model.view.decision?.overrideReason != nil
    return .group(
      .details(
        .class("supervisor"),
        WorkspaceViews.open(model.errorField == "reason" && model.typed["outcome"] != nil),
        .summary(.text(l.pick("Preglasi odločitev", "Override the decision"))),
        .form(
          .method(.post), .action(action(model, .override)),
          Forms.csrfField(model.csrf),
          .label(.for("override-outcome"), .text(l.pick("Nova odločitev", "New outcome"))),
          .select(
            .id("override-outcome"), .attribute(named: "name", value: "outcome"),
            .forEach(Outcome.allCases) { outcome in
              WorkspaceViews.option(
                outcome.rawValue, outcome.rawValue, selected: model.typed["outcome"] == outcome.rawValue)
            }),
          WorkspaceViews.textarea(
            label: l.pick("Razlog (vidi ga tudi stranka)", "Reason (the customer reads it too)"), name: "reason",
            id: "override-reason", value: model.typed["outcome"] != nil ? model.typed["reason"] ?? "" : "", rows: 3),
          .p(.button(.type(.submit), .class("button"), .text(l.pick("Preglasi", "Override")))))),
      .if(
        overridden,
        WorkspaceViews.button(
          l.pick("Vrni odločitev po pravilih", "Return to the policy's decision"),
          action: action(model, .returnToPolicy),
          csrf: model.csrf)))
  }

  // MARK: - Actions

  static func actions(_ model: Model) -> Node<HTML.BodyContext> {
    let l = model.wording.language
    let request = model.view.request
    let status = request.status
    let typed = model.typed
    return .section(
      .id("actions"),
      .h2(.text(l.pick("Dejanja", "Actions"))),
      .if(
        status != .closed && status != .refused,
        .details(
          .summary(.text(l.pick("Kategorija in oznake", "Category and flags"))),
          .form(
            .method(.post), .action(action(model, .classify)),
            Forms.csrfField(model.csrf),
            WorkspaceViews.categorySelect(id: "category", selected: request.category, l),
            WorkspaceViews.checkbox(
              label: l.pick("Potreben popravek podatkov", "Needs data correction"), name: "dataCorrection",
              id: "flag-data", checked: request.dataCorrection),
            WorkspaceViews.checkbox(
              label: l.pick("Potrebna povezava na daljavo", "Needs a remote connection"), name: "remoteConnection",
              id: "flag-remote", checked: request.remoteConnection),
            WorkspaceViews.checkbox(
              label: l.pick("Potrebno izobraževanje", "Needs training"), name: "needsTraining", id: "flag-training",
              checked: request.needsTraining),
            .p(.button(.type(.submit), .class("button"), .text(l.pick("Shrani", "Save"))))))),
      .if(
        RequestWork.notFinal.contains(status),
        textForm(
          model, action: .reply, field: "body", id: "reply-body",
          label: l.pick("Javni odgovor stranki", "Public reply"),
          button: l.pick("Pošlji odgovor", "Send the reply"), open: typed["form"] == "reply")),
      textForm(
        model, action: .note, field: "body", id: "note-body", label: l.pick("Interna opomba", "Internal note"),
        button: l.pick("Shrani opombo", "Save the note"), open: typed["form"] == "note"),
      .if(
        status == .inProgress,
        textForm(
          model, action: .waitForCustomer, field: "body", id: "wait-body",
          label: l.pick(
            "Vprašanje stranki (ure stojijo do odgovora)", "Question to the customer (clocks pause until they answer)"),
          button: l.pick("Čakaj na stranko", "Wait for the customer"), open: typed["form"] == "wait")),
      .if(
        status == .waitingForCustomer,
        WorkspaceViews.button(
          l.pick("Nadaljuj reševanje", "Resume work"), action: action(model, .resume), csrf: model.csrf)),
      .if(
        TimeTracking.workable.contains(status),
        .details(
          .class("resolve"), WorkspaceViews.open(true),
          .summary(.text(l.pick("Reši zahtevo", "Resolve the request"))),
          .form(
            .method(.post), .action(action(model, .resolve)),
            Forms.csrfField(model.csrf),
            WorkspaceViews.textarea(
              label: l.pick("Rešitev (stranka jo vidi)", "Solution (the customer sees it)"), name: "solution",
              id: "solution", value: typed["solution"] ?? "", rows: 5),
            WorkspaceViews.checkbox(
              label: l.pick("Dana so bila jasna navodila", "Clear instructions were given"), name: "clearInstructions",
              id: "clear-instructions", checked: typed["clearInstructions"] == "on"),
            .p(.button(.type(.submit), .class("button primary"), .id("resolve"), .text(l.pick("Reši", "Resolve"))))))),
      .if(
        RequestWork.open.contains(status),
        textForm(
          model, action: .refuse, field: "reason", id: "refuse-reason",
          label: l.pick("Razlog zavrnitve (stranka ga vidi)", "Reason for refusing (the customer sees it)"),
          button: l.pick("Zavrni", "Refuse"), open: typed["form"] == "refuse")),
      .if(
        status == .resolved || status == .closed,
        textForm(
          model, action: .reopen, field: "reason", id: "reopen-reason",
          label: l.pick("Zakaj znova odpreti", "Why reopen"),
          button: l.pick("Odpri znova", "Reopen"), open: typed["form"] == "reopen")),
      .if(model.isSupervisor, supervisorActions(model))
    )
  }

  static func textForm(
    _ model: Model, action kind: WorkspaceAction, field: String, id: String, label: String, button: String, open: Bool
  ) -> Node<HTML.BodyContext> {
    .details(
      WorkspaceViews.open(open),
      .summary(.text(label)),
      .form(
        .method(.post), .action(action(model, kind)),
        Forms.csrfField(model.csrf),
        .input(.type(.hidden), .name("form"), .value(kind.formName)),
        WorkspaceViews.textarea(label: label, name: field, id: id, value: open ? model.typed[field] ?? "" : ""),
        .p(.button(.type(.submit), .class("button"), .text(button)))))
  }

  static func supervisorActions(_ model: Model) -> Node<HTML.BodyContext> {
    let l = model.wording.language
    let status = model.view.request.status
    return .div(
      .class("supervisor"),
      .h3(.text(l.pick("Vodja", "Supervisor"))),
      .if(
        status == .refused,
        .group(
          .p(
            .class("muted"),
            .text(
              l.pick(
                "Ponovni sprejem je mogoč, ko razlog zavrnitve ne velja več (ali ko je odločitev preglašena).",
                "Re-admission works once the reason for the refusal is gone (or the decision is overridden)."))),
          WorkspaceViews.button(
            l.pick("Znova sprejmi na čakalno listo", "Re-admit to the waiting list"), action: action(model, .readmit),
            csrf: model.csrf))),
      .if(
        [.waiting, .inProgress, .waitingForCustomer].contains(status),
        .form(
          .class("inline"), .method(.post), .action(action(model, .reassign)),
          Forms.csrfField(model.csrf),
          .label(.for("assignee"), .text(l.pick("Dodeli", "Assign to"))),
          .select(
            .id("assignee"), .attribute(named: "name", value: "assignee"),
            .forEach(model.view.staff) { member in
              WorkspaceViews.option(
                String(member.id), "\(member.name) (\(member.presence.label(in: l)))",
                selected: member.id == model.view.request.$assignee.id)
            }),
          .button(.type(.submit), .class("button"), .text(l.pick("Dodeli", "Assign")))))
    )
  }

  // MARK: - Timeline

  static func timeline(_ model: Model) -> Node<HTML.BodyContext> {
    let (w, l) = (model.wording, model.wording.language)
    return .section(
      .id("timeline"),
      .h2(.text(l.pick("Časovnica in pogovor", "Timeline and conversation"))),
      .ol(
        .class("timeline"),
        .forEach(entries(model)) { entry in
          .li(
            .class(entry.isInternal ? "internal" : ""),
            WorkspaceViews.time(entry.at, w), .text(" · "), .strong(.text(entry.title)),
            .unwrap(entry.actor) { .text(" · " + $0) },
            .if(entry.isInternal, .span(.class("badge"), .text(l.pick(" interno", " internal")))),
            .unwrap(entry.detail) { .div(.class("detail"), .text($0)) })
        }))
  }

  struct Entry {
    var at: Date
    var title: String
    var actor: String?
    var detail: String?
    var isInternal: Bool
  }

  /// Events and messages in one list, oldest first.
  static func entries(_ model: Model) -> [Entry] {
    let l = model.wording.language
    let events = model.view.events.map { event in
      Entry(
        at: event.at, title: WorkspaceTimelineWording.title(event.kind, l), actor: event.actorName,
        detail: WorkspaceTimelineWording.detail(event.kind, data: event.data, l), isInternal: !event.visibleToCustomer)
    }
    let messages = model.view.messages.map { message -> Entry in
      let title: String
      if message.visibility == .internal {
        title = l.pick("Interna opomba", "Internal note")
      } else if message.authorKind == .contact {
        title = l.pick("Sporočilo stranke", "Customer's message")
      } else {
        title = l.pick("Sporočilo", "Message")
      }
      return Entry(
        at: message.createdAt, title: title, actor: message.authorName, detail: message.body,
        isInternal: message.visibility == .internal)
    }
    let all: [(offset: Int, element: Entry)] = Array((events + messages).enumerated())
    let sorted = all.sorted { a, b in
      if a.element.at != b.element.at { return a.element.at < b.element.at }
      return a.offset < b.offset
    }
    return sorted.map(\.element)
  }

  // MARK: - Side column

  static func contextSection(_ model: Model) -> Node<HTML.BodyContext> {
    let l = model.wording.language
    let c = model.view.context
    return .section(
      .id("customer"),
      .h2(.text(l.pick("Stranka", "Customer"))),
      .p(
        .strong(.text(c.organisationName)), .text(" · \(c.taxNumber) · "),
        .if(
          c.standing == .overdue,
          .strong(.class("breach"), .text(l.pick("zapadle obveznosti", "overdue obligations"))),
          else: .span(.class("outcome-free"), .text(l.pick("obveznosti poravnane", "in good standing"))))),
      .unwrap(c.contactName) { name in
        .p(
          .text(name),
          .unwrap(c.contactEmail) { .text(" · " + $0) }, .unwrap(c.contactPhone) { .text(" · " + $0) },
          .if(c.newColleague, .span(.class("badge"), .text(l.pick(" nov sodelavec", " new colleague")))),
          .if(c.organisationAdmin, .span(.class("badge"), .text(l.pick(" skrbnik", " administrator")))))
      },
      .h3(.text(l.pick("Pogodba in programi", "Contract and programs"))),
      .ul(
        .class("plain"),
        .forEach(c.contracts) { contract in
          .li(
            .text(
              l.pick("Pogodba od ", "Contract from ") + contract.validFrom
                + (contract.validTo.map { l.pick(" do ", " to ") + $0 } ?? "") + ": "
                + contract.programs.joined(separator: ", ")))
        },
        .forEach(c.programs) { program in
          .li(
            .strong(.text(program.code)), .text(" "),
            .text(
              program.onboarded ? l.pick("uvajanje opravljeno", "onboarded") : l.pick("brez uvajanja", "not onboarded")),
            .text(", "),
            .text(
              program.settingsInOrder
                ? l.pick("nastavitve urejene", "settings in order")
                : l.pick("nastavitve niso urejene", "settings not in order")),
            .if(!program.underContract, .text(l.pick(" (ni v pogodbi)", " (not under contract)"))))
        }),
      .h3(.text(l.pick("Izobraževanja kontakta", "The contact's trainings"))),
      .if(
        c.trainings.isEmpty, .p(.class("muted"), .text(l.pick("Nobenega.", "None."))),
        else: .ul(
          .class("plain"),
          .forEach(c.trainings) { training in
            .li(
              .text(
                "\(training.program) · "
                  + (training.kind == .seminar ? l.pick("seminar", "seminar") : l.pick("uvajanje", "onboarding"))
                  + " · \(training.completedOn)"))
          })),
      .h3(.text(l.pick("Prejšnje zahteve organizacije", "Earlier requests of the organisation"))),
      .if(
        c.earlierRequests.isEmpty, .p(.class("muted"), .text(l.pick("Nobene.", "None."))),
        else: .ul(
          .class("plain"),
          .forEach(c.earlierRequests) { earlier in
            .li(
              .a(.href(SiteURL.workspaceRequest(.value(earlier.number)).path), .text(earlier.number)),
              .text(" \(earlier.subject) · "), WorkspaceViews.statusBadge(earlier.status, l),
              .if(!earlier.sameContact, .unwrap(earlier.contactName) { .span(.class("muted"), .text(" · " + $0)) }))
          })))
  }

  static func repeatSection(_ model: Model) -> Node<HTML.BodyContext> {
    let (w, l) = (model.wording, model.wording.language)
    let view = model.view
    let editable = RequestWork.notFinal.contains(view.request.status)
    return .section(
      .id("repeats"),
      .h2(.text(l.pick("Ponovljeno vprašanje?", "Asked before?"))),
      .unwrap(view.repeatOf) { earlier in
        .div(
          .class("linked"),
          .p(
            .text(l.pick("Povezano kot ponovitev zahteve ", "Linked as a repeat of ")),
            .a(.href(SiteURL.workspaceRequest(.value(earlier.number)).path), .text(earlier.number)),
            .text(" (\(earlier.subject))"),
            .if(
              !earlier.counts,
              .span(
                .class("muted"),
                .text(
                  l.pick(
                    " — ne šteje: brez jasnih navodil ali rešena po oddaji te zahteve",
                    " — does not count: no clear instructions, or resolved after this request was filed"))))),
          .if(
            editable,
            WorkspaceViews.button(
              l.pick("Odstrani povezavo", "Remove the link"), action: action(model, .unlinkRepeat), csrf: model.csrf)))
      },
      .if(
        view.repeatCandidates.isEmpty,
        .p(
          .class("muted"),
          .text(
            l.pick(
              "Ni prej rešenih zahtev te stranke z jasnimi navodili, ki bi bile podobne.",
              "No similar earlier request of this customer was resolved with clear instructions."))),
        else: .ul(
          .class("plain candidates"),
          .forEach(view.repeatCandidates) { candidate in
            .li(
              .a(.href(SiteURL.workspaceRequest(.value(candidate.number)).path), .text(candidate.number)),
              .text(" \(candidate.subject) · "),
              WorkspaceViews.time(candidate.resolvedAt, w),
              .if(candidate.sameContact, .span(.class("badge"), .text(l.pick(" isti kontakt", " same contact")))),
              .unwrap(candidate.solution) { .div(.class("muted"), .text($0)) },
              .if(
                editable && view.repeatOf?.number != candidate.number,
                WorkspaceViews.button(
                  l.pick("Poveži kot ponovitev", "Link as a repeat"), action: action(model, .linkRepeat),
                  csrf: model.csrf,
                  hidden: [("earlier", candidate.number)])))
          })),
      .if(
        editable,
        .details(
          .summary(.text(l.pick("Poveži drugo zahtevo po številki", "Link another request by number"))),
          .form(
            .class("inline"), .method(.post), .action(action(model, .linkRepeat)),
            Forms.csrfField(model.csrf),
            Forms.field(
              label: l.pick("Številka zahteve", "Request number"), name: "earlier", value: model.typed["earlier"] ?? ""),
            .button(.type(.submit), .class("button"), .text(l.pick("Poveži", "Link"))))))
    )
  }

  static func articleSection(_ model: Model) -> Node<HTML.BodyContext> {
    let (w, l) = (model.wording, model.wording.language)
    let view = model.view
    let editable = RequestWork.notFinal.contains(view.request.status)
    return .section(
      .id("articles"),
      .h2(.text(l.pick("Odgovor v spletni pomoči?", "Answered in the help site?"))),
      .if(
        !view.linked.isEmpty,
        .ul(
          .class("plain linked"),
          .forEach(view.linked) { item in
            .li(
              .code(.text(item.evidenceID)), .text(" \(item.title) · "), WorkspaceViews.time(item.publishedAt, w),
              .if(
                !item.counts,
                .span(
                  .class("muted"),
                  .text(l.pick(" — objavljeno po oddaji, ne šteje", " — published after filing, does not count")))),
              .if(
                editable,
                WorkspaceViews.button(
                  l.pick("Odstrani", "Remove"), action: action(model, .unlinkKnowledge), csrf: model.csrf,
                  hidden: [("item", item.evidenceID)])))
          })),
      .if(
        view.articleMatches.isEmpty,
        .p(.class("muted"), .text(l.pick("Ni podobnih člankov.", "No matching articles."))),
        else: .ul(
          .class("plain candidates"),
          .forEach(view.articleMatches) { match in
            .li(
              .code(.text(match.evidenceID)), .text(" "), .a(.href(HTMLText.attribute(match.url)), .text(match.title)),
              .text(" · "),
              WorkspaceViews.time(match.publishedAt, w),
              .if(
                match.publishedAfterFiling,
                .span(
                  .class("muted"),
                  .text(l.pick(" — objavljeno po oddaji, ne bi štelo", " — published after filing, would not count")))),
              .if(
                editable && !match.linked,
                WorkspaceViews.button(
                  l.pick("Poveži kot odgovor", "Link as the answer"), action: action(model, .linkKnowledge),
                  csrf: model.csrf, hidden: [("item", match.evidenceID)])))
          })),
      .if(
        editable,
        .details(
          WorkspaceViews.open(model.errorField == "item"),
          .summary(.text(l.pick("Poveži članek ali e-novice po oznaki", "Link an article or newsletter by id"))),
          .form(
            .class("inline"), .method(.post), .action(action(model, .linkKnowledge)),
            Forms.csrfField(model.csrf),
            Forms.field(
              label: l.pick("Oznaka (a-17, n-2)", "Id (a-17, n-2)"), name: "item", value: model.typed["item"] ?? ""),
            .button(.type(.submit), .class("button"), .text(l.pick("Poveži", "Link"))))))
    )
  }
}

/// How timeline events read in the workspace.
enum WorkspaceTimelineWording {
  static func title(_ kind: String, _ l: Language) -> String {
    switch TimelineEvent(rawValue: kind) {
    case .submitted: l.pick("Oddana", "Filed")
    case .waitingList: l.pick("Na čakalni listi", "On the waiting list")
    case .accepted: l.pick("Sprejeta v reševanje", "Accepted into resolution")
    case .waitingForCustomer: l.pick("Čaka na stranko", "Waiting for the customer")
    case .resumed: l.pick("Znova v reševanju", "Back in progress")
    case .customerReplied: l.pick("Stranka je odgovorila", "The customer replied")
    case .replied: l.pick("Odgovor stranki", "Reply to the customer")
    case .internalNote: l.pick("Interna opomba", "Internal note")
    case .resolved: l.pick("Rešena", "Resolved")
    case .closed: l.pick("Zaključena", "Closed")
    case .reopened: l.pick("Znova odprta", "Reopened")
    case .refused: l.pick("Zavrnjena", "Refused")
    case .readmitted: l.pick("Znova sprejeta na čakalno listo", "Re-admitted to the waiting list")
    case .decisionChanged: l.pick("Odločitev", "Decision")
    case .decisionOverridden: l.pick("Odločitev preglašena", "Decision overridden")
    case .timeLogged: l.pick("Čas", "Time")
    case .categoryChanged: l.pick("Kategorija in oznake", "Category and flags")
    case .knowledgeLinked: l.pick("Spletna pomoč", "Help site")
    case .repeatLinked: l.pick("Ponovitev", "Repeat")
    case .reassigned: l.pick("Predodeljena", "Reassigned")
    case nil: kind
    }
  }

  static func detail(_ kind: String, data: [String: String], _ l: Language) -> String? {
    switch TimelineEvent(rawValue: kind) {
    case .resolved:
      return [
        data["solution"],
        data["minutes"].map { l.pick("Porabljeno: ", "Time used: ") + $0 + " min" },
        data["outcome"].map { l.pick("Odločitev: ", "Decision: ") + $0 + (data["rules"].map { " (\($0))" } ?? "") },
      ].compactMap { $0 }.joined(separator: " · ")
    case .decisionChanged, .decisionOverridden:
      var parts = ["\(data["from"] ?? "?") → \(data["to"] ?? "?")"]
      if let rules = data["rules"], !rules.isEmpty { parts.append(rules) }
      if let reason = data["reason"] { parts.append(reason) }
      return parts.joined(separator: " · ")
    case .timeLogged:
      if data["action"] == "timer_started" { return l.pick("merjenje začeto", "timer started") }
      return "\(data["minutes"] ?? "?") min"
        + (data["totalMinutes"].map { l.pick(", skupaj ", ", total ") + $0 + " min" } ?? "")
        + (data["note"].map { " · " + $0 } ?? "")
    case .categoryChanged:
      return "\(data["from"] ?? "?") → \(data["to"] ?? "?")"
    case .knowledgeLinked, .repeatLinked:
      let what = [data["id"], data["request"], data["title"]].compactMap { $0 }.joined(separator: " ")
      return (data["action"] == "removed" ? l.pick("odstranjeno: ", "removed: ") : "") + what
    case .refused, .reopened:
      return data["reason"] ?? data["rules"]
    case .reassigned:
      return "\(data["from"] ?? "") → \(data["to"] ?? "")"
    case .accepted:
      return nil
    default:
      return nil
    }
  }
}
