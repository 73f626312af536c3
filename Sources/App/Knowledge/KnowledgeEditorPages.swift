import Foundation
import Plot
import Wording

/// Form controls the workspace editors share.
enum EditorControls {
  static func select(
    label: String, name: String, options: [(value: String, label: String)], selected: String
  ) -> Node<HTML.FormContext> {
    .group(
      .label(.for(name), .text(label)),
      .select(
        .id(name), .attribute(named: "name", value: name),
        .forEach(options) { option in
          .choice(value: option.value, label: option.label, selected: option.value == selected)
        })
    )
  }

  static func textarea(
    label: String, name: String, value: String, rows: Int, hint: String? = nil
  )
    -> Node<HTML.FormContext>
  {
    .group(
      .label(.for(name), .text(label)),
      .textarea(
        .id(name), .name(name), .rows(rows),
        .attribute(named: "aria-describedby", value: hint.map { _ in "\(name)-hint" }),
        .text(value)),
      .unwrap(hint) { .p(.id("\(name)-hint"), .class("muted small"), .text($0)) }
    )
  }

  static func problems(_ messages: [String], _ l: Language) -> Node<HTML.BodyContext> {
    .if(
      !messages.isEmpty,
      .div(
        .class("error-summary"), .attribute(named: "role", value: "alert"), .attribute(named: "tabindex", value: "-1"),
        .h2(.text(l.pick("Popravite, prosim:", "Please correct:"))),
        .ul(.forEach(messages) { .li(.text($0)) })))
  }

  static func preview(_ markdown: String?, _ l: Language) -> Node<HTML.BodyContext> {
    .unwrap(markdown) { markdown in
      .section(
        .class("preview"), .attribute(named: "aria-labelledby", value: "preview-heading"),
        .h2(.id("preview-heading"), .text(l.pick("Predogled", "Preview"))),
        HelpViews.markdown(markdown))
    }
  }
}

/// `/workspace/articles`: every article and tip, drafts included, newest change first.
enum WorkspaceArticleListPage {
  struct Model {
    var wording: Wording
    var session: LayoutSession?
    var articles: [Article]
    var programCodes: [Int: String]
    var filter: String
    var notice: String?
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    return Layout(title: l.pick("Članki", "Articles"), wording: w, session: model.session).render(
      .div(
        .h1(.text(l.pick("Članki in nasveti", "Articles and tips"))),
        Forms.notice(model.notice),
        .p(
          .a(
            .class("button primary"), .href(SiteURL.workspaceNewArticle.path),
            .text(l.pick("Nov članek", "New article"))),
          .text(" "),
          .a(.class("button"), .href(SiteURL.workspaceNewsletters.path), .text(l.pick("E-novice", "E-newsletter")))),
        .form(
          .class("search-form"), .method(.get), .action(SiteURL.workspaceArticles.path),
          .label(.for("filter"), .text(l.pick("Naslov vsebuje", "Title contains"))),
          .div(
            .class("search-row"),
            .input(.type(.search), .id("filter"), .name("q"), .value(HTMLText.attribute(model.filter))),
            .button(.class("button"), .type(.submit), .text(l.pick("Filtriraj", "Filter"))))),
        .table(
          .thead(
            .tr(
              .th(.text(l.pick("Naslov", "Title"))), .th(.text(l.pick("Program", "Program"))),
              .th(.text(l.pick("Stanje", "Status"))), .th(.text(l.pick("Spremenjeno", "Changed"))))),
          .tbody(
            .forEach(model.articles) { article in
              .tr(
                .td(
                  .a(.href(SiteURL.workspaceArticle(.value(article.id ?? 0)).path), .text(article.title)),
                  .if(article.kind == .tip, .span(.class("badge"), .text(l.pick("nasvet", "tip"))))),
                .td(.text(article.$program.id.flatMap { model.programCodes[$0] } ?? "–")),
                .td(.text(statusText(article, l))),
                .td(HelpViews.date(article.updatedAt, w)))
            }))
      ))
  }

  static func statusText(_ article: Article, _ l: Language) -> String {
    var text = article.status == .published ? l.pick("objavljeno", "published") : l.pick("osnutek", "draft")
    switch article.visibility {
    case .public: break
    case .customers: text += l.pick(" · za stranke", " · customers")
    case .staff: text += l.pick(" · interno", " · staff only")
    }
    return text
  }
}

/// `/workspace/articles/new` and `/workspace/articles/{id}`: the editor with preview and history.
enum WorkspaceArticleEditorPage {
  struct Model {
    var wording: Wording
    var session: LayoutSession?
    var csrf: String
    var articleID: Int?
    var draft: ArticleDraft
    var programs: [Program]
    var problems: [ArticleProblem] = []
    var preview: String? = nil
    var history: [RevisionEntry] = []
    var notice: String? = nil
    var publicPath: String? = nil
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    let draft = model.draft
    let action = model.articleID.map { SiteURL.workspaceArticle(.value($0)).path } ?? SiteURL.workspaceNewArticle.path
    let title = model.articleID == nil ? l.pick("Nov članek", "New article") : l.pick("Urejanje članka", "Edit article")
    return Layout(title: title, wording: w, session: model.session).render(
      .div(
        .p(.a(.href(SiteURL.workspaceArticles.path), .text(l.pick("← Vsi članki", "← All articles")))),
        .h1(.text(title)),
        Forms.notice(model.notice),
        .unwrap(model.publicPath) {
          .p(.a(.href($0), .text(l.pick("Poglej na spletni strani pomoči", "View on the help site"))))
        },
        EditorControls.problems(model.problems.map { $0.message(l) }, l),
        .form(
          .method(.post), .action(action),
          Forms.csrfField(model.csrf),
          Forms.field(label: l.pick("Naslov", "Title"), name: "title", value: draft.title),
          Forms.field(
            label: l.pick("Naslov v povezavi", "URL name"), name: "slug", value: draft.slug, required: false,
            hint: l.pick(
              "Prazno: iz naslova. Male črke, številke in vezaji.",
              "Empty: from the title. Lower case, digits, hyphens.")),
          EditorControls.select(
            label: l.pick("Vrsta", "Kind"), name: "kind",
            options: [("article", l.pick("Članek", "Article")), ("tip", l.pick("Nasvet", "Tip"))],
            selected: draft.kind.rawValue),
          EditorControls.select(
            label: l.pick("Program", "Program"), name: "program",
            options: [("", l.pick("Splošno (brez programa)", "General (no program)"))]
              + model.programs.map { ($0.code, "\($0.code) – \(HelpViews.programName($0, l))") },
            selected: draft.programCode.uppercased()),
          Forms.field(
            label: l.pick("Ključ F1", "F1 key"), name: "f1", value: draft.f1Context, required: false,
            hint: l.pick("Oznaka okna v programu, npr. obracun.place.", "The program's window id, e.g. obracun.place.")),
          Forms.field(
            label: l.pick("Oznake", "Tags"), name: "tags", value: draft.tags, required: false,
            hint: l.pick("Ločene z vejicami.", "Separated by commas.")),
          EditorControls.textarea(
            label: l.pick("Besedilo (Markdown)", "Text (Markdown)"), name: "body", value: draft.bodyMarkdown, rows: 16,
            hint: l.pick("HTML se prikaže kot besedilo.", "HTML is shown as text.")),
          EditorControls.select(
            label: l.pick("Vidnost", "Visibility"), name: "visibility",
            options: [
              ("public", l.pick("Javno", "Public")),
              ("customers", l.pick("Prijavljene stranke", "Signed-in customers")),
              ("staff", l.pick("Samo osebje", "Staff only")),
            ], selected: draft.visibility.rawValue),
          EditorControls.select(
            label: l.pick("Stanje", "Status"), name: "status",
            options: [("draft", l.pick("Osnutek", "Draft")), ("published", l.pick("Objavljeno", "Published"))],
            selected: draft.status.rawValue),
          Forms.field(
            label: l.pick("Objava (čas v Ljubljani)", "Publish at (Ljubljana time)"), name: "publishedAt",
            type: .datetimeLocal, value: draft.publishedAt.map(w.field) ?? "", required: false,
            hint: l.pick("Prazno: ob shranjevanju objavljenega.", "Empty: when saved as published.")),
          Forms.field(
            label: l.pick("Opomba k spremembi", "Note on the change"), name: "note", value: "", required: false),
          .p(
            .button(
              .class("button"), .type(.submit), .name("action"), .value("preview"),
              .text(l.pick("Predogled", "Preview"))),
            .text(" "),
            .button(
              .class("button primary"), .type(.submit), .name("action"), .value("save"), .text(l.pick("Shrani", "Save"))
            ))
        ),
        EditorControls.preview(model.preview, l),
        .if(
          !model.history.isEmpty,
          .section(
            .attribute(named: "aria-labelledby", value: "history-heading"),
            .h2(.id("history-heading"), .text(l.pick("Zgodovina sprememb", "History"))),
            .table(
              .thead(
                .tr(
                  .th(.text(l.pick("Kdaj", "When"))), .th(.text(l.pick("Kdo", "Who"))),
                  .th(.text(l.pick("Kaj", "What"))), .th(.text(l.pick("Opomba", "Note"))))),
              .tbody(
                .forEach(model.history) { entry in
                  .tr(
                    .td(
                      .time(.datetime(w.machine(entry.at)), .text(w.timestamp(entry.at)))),
                    .td(.text(entry.editor ?? "–")),
                    .td(.text(entry.changed.joined(separator: ", "))),
                    .td(.text(entry.note)))
                }))))
      ))
  }
}

/// `/workspace/newsletters`: issues (drafts, published, sent) and how many confirmed subscribers there are.
enum WorkspaceNewsletterListPage {
  struct Model {
    var wording: Wording
    var session: LayoutSession?
    var issues: [Newsletter]
    var confirmedSubscribers: Int
    var notice: String?
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    return Layout(title: l.pick("E-novice", "E-newsletter"), wording: w, session: model.session).render(
      .div(
        .h1(.text(l.pick("E-novice", "E-newsletter"))),
        Forms.notice(model.notice),
        .p(
          .text(l.pick("Potrjenih naročnikov: ", "Confirmed subscribers: ")),
          .strong(.text(String(model.confirmedSubscribers)))),
        .p(
          .a(
            .class("button primary"), .href(SiteURL.workspaceNewNewsletter.path),
            .text(l.pick("Nova številka", "New issue")))),
        .table(
          .thead(.tr(.th(.text(l.pick("Naslov", "Title"))), .th(.text(l.pick("Stanje", "Status"))))),
          .tbody(
            .forEach(model.issues) { issue in
              .tr(
                .td(.a(.href(SiteURL.workspaceNewsletter(.value(issue.id ?? 0)).path), .text(issue.title))),
                .td(
                  .text(
                    issue.sentAt != nil
                      ? l.pick("poslano", "sent")
                      : issue.status == .published ? l.pick("objavljeno", "published") : l.pick("osnutek", "draft")),
                  .unwrap(issue.sentAt) { .group(.text(" "), HelpViews.date($0, w)) }))
            }))
      ))
  }
}

/// `/workspace/newsletters/new` and `/workspace/newsletters/{id}`: compose in Markdown, preview, send.
enum WorkspaceNewsletterEditorPage {
  struct Model {
    var wording: Wording
    var session: LayoutSession?
    var csrf: String
    var issue: Newsletter?
    var title: String
    var body: String
    var preview: String? = nil
    var error: String? = nil
    var notice: String? = nil
    var confirmedSubscribers: Int = 0
    var canSend: Bool = false
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    let id = model.issue?.id
    let action = id.map { SiteURL.workspaceNewsletter(.value($0)).path } ?? SiteURL.workspaceNewNewsletter.path
    let heading =
      id == nil ? l.pick("Nova številka e-novic", "New newsletter issue") : l.pick("E-novice", "Newsletter issue")
    return Layout(title: heading, wording: w, session: model.session).render(
      .div(
        .p(.a(.href(SiteURL.workspaceNewsletters.path), .text(l.pick("← Vse številke", "← All issues")))),
        .h1(.text(heading)),
        Forms.notice(model.notice),
        EditorControls.problems(model.error.map { [$0] } ?? [], l),
        .form(
          .method(.post), .action(action),
          Forms.csrfField(model.csrf),
          Forms.field(
            label: l.pick("Naslov (zadeva sporočila)", "Title (mail subject)"), name: "title", value: model.title),
          EditorControls.textarea(
            label: l.pick("Besedilo (Markdown)", "Text (Markdown)"), name: "body", value: model.body, rows: 18),
          .p(
            .button(
              .class("button"), .type(.submit), .name("action"), .value("preview"),
              .text(l.pick("Predogled", "Preview"))),
            .text(" "),
            .button(
              .class("button"), .type(.submit), .name("action"), .value("save"),
              .text(l.pick("Shrani osnutek", "Save draft"))),
            .text(" "),
            .button(
              .class("button"), .type(.submit), .name("action"), .value("publish"),
              .text(l.pick("Objavi v arhivu", "Publish to the archive"))))
        ),
        EditorControls.preview(model.preview, l),
        .unwrap(model.issue) { issue in
          .section(
            .attribute(named: "aria-labelledby", value: "send-heading"),
            .h2(.id("send-heading"), .text(l.pick("Pošiljanje", "Sending"))),
            .unwrap(issue.sentAt) { sent in
              .p(
                .text(l.pick("Poslano ", "Sent ")), HelpViews.date(sent, w),
                .text(
                  l.pick(
                    ". Ponovno pošiljanje pošlje le novim naročnikom.", ". Sending again only mails new subscribers.")))
            },
            model.canSend
              ? .form(
                .method(.post), .action(SiteURL.workspaceNewsletterSend(.value(issue.id ?? 0)).path),
                Forms.csrfField(model.csrf),
                .p(
                  .input(.type(.checkbox), .id("confirm-send"), .name("confirm"), .value("yes"), .required(true)),
                  .label(
                    .class("inline"), .for("confirm-send"),
                    .text(
                      l.pick(
                        "Pošlji \(model.confirmedSubscribers) potrjenim naročnikom",
                        "Send to \(model.confirmedSubscribers) confirmed subscribers")))),
                .p(.button(.class("button primary"), .type(.submit), .text(l.pick("Pošlji", "Send")))))
              : .p(.class("muted"), .text(l.pick("Pošilja vodja podpore.", "A supervisor sends the newsletter.")))
          )
        }
      ))
  }
}
