import Foundation
import Plot
import SupportPolicy
import Wording

/// One request as its customer follows it: where it stands (with the live waiting-list position), the decision and
/// its reasons, the timeline, the conversation with files, and the reply form.
enum RequestDetailPage {
  struct ConversationEntry: Sendable, Equatable {
    var author: String
    var fromCustomer: Bool
    var at: Date
    var body: String
    var files: [FileLink]
  }

  struct FileLink: Sendable, Equatable {
    var filename: String
    var size: Int
    var url: String
  }

  struct Model {
    var wording: Wording
    var session: LayoutSession?
    var csrf: String
    var number: String
    var subject: String
    var status: RequestStatus
    var program: String
    var category: RequestCategory
    var channel: RequestChannel
    var contactName: String?
    var submittedAt: Date
    var position: WaitingListPosition?
    var verdict: Verdict?
    var timeline: [TimelineEntry]
    var conversation: [ConversationEntry]
    var canReply: Bool
    var replyText = ""
    var replyError: String? = nil
    /// Shown once after filing or replying.
    var notice: String? = nil
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    return Layout(
      title: "\(model.number) · \(model.subject)", wording: w, session: model.session
    ).render(
      .div(
        .class("portal-page request-page"),
        .p(
          .class("breadcrumbs"),
          .a(.href(SiteURL.portalRequests.path), .text(l.pick("← Moje zahteve", "← My requests")))),
        Forms.notice(model.notice),
        .div(
          .class("request-head"),
          .p(
            .class("request-number"),
            .text(l.pick("Zahteva ", "Request ")), .strong(.id("request-number"), .text(model.number)), .text(" "),
            PortalComponents.statusBadge(model.status, l)),
          .h1(.text(model.subject))
        ),
        .unwrap(model.position) { position in
          .section(
            .class("waiting-box"), .id("waiting"), .attribute(named: "aria-labelledby", value: "waiting-title"),
            .h2(.id("waiting-title"), .text(l.pick("Na čakalni listi", "On the waiting list"))),
            .p(
              .class("position"),
              .span(.class("big"), .id("position"), .text(String(position.ahead + 1))),
              .text(l.pick(". mesto", " place")),
              .text(" · "),
              .text(TimelineWording.aheadPhrase(position.ahead, w))
            ),
            .p(
              .id("estimate"),
              .text(l.pick("Predviden začetek reševanja: ", "Estimated start: ")),
              .strong(.text(w.supportTime(position.estimatedStart)))),
            .p(
              .class("muted"),
              .text(
                l.pick(
                  "Ocena upošteva delovni čas podpore (\(w.supportHours)) in se sproti posodablja.",
                  "The estimate counts support hours only (\(w.supportHours)) and is kept current.")))
          )
        },
        .dl(
          .class("facts"),
          .dt(.text(l.pick("Program", "Program"))), .dd(.text(model.program)),
          .dt(.text(l.pick("Vrsta", "Kind"))), .dd(.text(PortalWording.category(model.category, l))),
          .dt(.text(l.pick("Oddano", "Submitted"))),
          .dd(PortalComponents.time(model.submittedAt, w), .text(" · " + PortalWording.channel(model.channel, l))),
          .unwrap(model.contactName) { name in
            .group(.dt(.text(l.pick("Oddal(a)", "Filed by"))), .dd(.text(name)))
          }
        ),
        .unwrap(model.verdict) { verdict in
          .section(
            .class("decision"), .attribute(named: "aria-labelledby", value: "decision-title"),
            .h2(
              .id("decision-title"), .text(l.pick("Odločitev po pravilih podpore", "Decision under the support policy"))
            ),
            PortalComponents.verdict(verdict, language: l, live: false),
            .p(
              .class("muted small"),
              .text(l.pick("Različica pravil: ", "Policy version: ") + verdict.policyVersion + " · "),
              .a(.href(SiteURL.portalPolicy.path), .text(l.pick("Kako odločamo", "How we decide"))))
          )
        },
        .section(
          .attribute(named: "aria-labelledby", value: "timeline-title"),
          .h2(.id("timeline-title"), .text(l.pick("Potek", "Timeline"))),
          .ol(
            .class("timeline"),
            .forEach(model.timeline) { entry in
              .li(
                .class(entry.isCurrent ? "event current" : "event"), .data(named: "kind", value: entry.kind),
                PortalComponents.time(entry.at, w),
                .p(.class("event-title"), .text(entry.title)),
                .forEach(entry.details) { .p(.class("event-detail"), .text($0)) }
              )
            }
          )
        ),
        .section(
          .attribute(named: "aria-labelledby", value: "conversation-title"),
          .h2(.id("conversation-title"), .text(l.pick("Pogovor", "Conversation"))),
          .ol(
            .class("conversation"),
            .forEach(model.conversation) { entry in
              .li(
                .class(entry.fromCustomer ? "message customer" : "message support"),
                .p(
                  .class("message-meta"), .strong(.text(entry.author)), .text(" · "),
                  PortalComponents.time(entry.at, w)),
                .div(.class("message-body"), .text(entry.body)),
                .if(
                  !entry.files.isEmpty,
                  .ul(
                    .class("files"),
                    .forEach(entry.files) { file in
                      .li(
                        .a(
                          .href(file.url), .attribute(named: "download", value: HTMLText.attribute(file.filename)),
                          .text(file.filename)),
                        .span(.class("muted"), .text(" (\(PortalComponents.size(file.size, l)))")))
                    }))
              )
            }
          )
        ),
        replySection(model)
      ))
  }

  static func replySection(_ model: Model) -> Node<HTML.BodyContext> {
    let l = model.wording.language
    guard model.canReply else {
      return .section(
        .class("reply closed"),
        .p(
          .text(
            l.pick(
              "Pogovor o tej zahtevi je zaključen. Če potrebujete še kaj, oddajte novo zahtevo; navedite številko "
                + "\(model.number), da bomo vedeli, na kaj se nanaša. ",
              "The conversation on this request is over. If you need anything else, file a new request and mention "
                + "\(model.number) so we know what it refers to. ")),
          .a(
            .class("button"), .href(SiteURL.portalNewRequest.path + "?related=" + model.number),
            .text(l.pick("Nova zahteva", "New request"))))
      )
    }
    let hint: String
    switch model.status {
    case .resolved:
      hint = l.pick(
        "Če rešitev ne deluje, odgovorite v 7 dneh od rešitve: zahtevo bomo ponovno odprli pri istem svetovalcu.",
        "If the solution does not work, reply within 7 days of the resolution: we reopen the request with the same "
          + "agent.")
    case .waitingForCustomer:
      hint = l.pick(
        "Vaš odgovor vrne zahtevo v reševanje.", "Your reply puts the request back into resolution.")
    default:
      hint = l.pick(
        "Dodajte podatke ali vprašanje k tej zahtevi.", "Add details or a question to this request.")
    }
    return .section(
      .class("reply"), .attribute(named: "aria-labelledby", value: "reply-title"),
      .h2(.id("reply-title"), .text(l.pick("Odgovor", "Reply"))),
      .form(
        .method(.post), .action(SiteURL.portalRequestReply(.value(model.number)).path), .enctype(.multipartData),
        Forms.csrfField(model.csrf),
        .label(.for("reply"), .text(l.pick("Vaše sporočilo", "Your message"))),
        .p(.id("reply-hint"), .class("hint"), .text(hint)),
        .textarea(
          .id("reply"), .name("body"), .rows(5), .required(true),
          .attribute(named: "maxlength", value: String(CustomerReplies.limit)),
          .attribute(named: "aria-invalid", value: model.replyError == nil ? nil : "true"),
          .attribute(
            named: "aria-describedby", value: model.replyError == nil ? "reply-hint" : "reply-hint reply-error"),
          .text(model.replyText)),
        .unwrap(model.replyError) { .p(.id("reply-error"), .class("field-error"), .text($0)) },
        .label(.for("reply-files"), .text(l.pick("Priloge", "Attachments"))),
        .input(
          .type(.file), .id("reply-files"), .name("attachments[]"), .multiple(true),
          .attribute(named: "accept", value: AttachmentRules.acceptList)),
        .p(
          .button(.class("button primary"), .type(.submit), .text(l.pick("Pošlji odgovor", "Send the reply"))))
      )
    )
  }
}
