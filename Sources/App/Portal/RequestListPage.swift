import Foundation
import Plot
import Wording

/// "My requests" (a member) or every request of the organisation (an organisation admin), filtered by status and
/// text, newest first.
enum RequestListPage {
  struct Model {
    var wording: Wording
    var session: LayoutSession?
    var isOrganisationAdmin: Bool
    var organisationName: String
    var filter: RequestListFilter
    var rows: [RequestSummary]
    var total: Int
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    let title =
      model.isOrganisationAdmin
      ? l.pick("Zahteve organizacije", "Your organisation's requests") : l.pick("Moje zahteve", "My requests")
    let pages = max(1, (model.total + RequestListFilter.pageSize - 1) / RequestListFilter.pageSize)
    let page = min(max(1, model.filter.page), pages)
    let filtered = model.filter.status != .all || !model.filter.text.isEmpty
    return Layout(title: title, wording: w, session: model.session).render(
      .div(
        .class("portal-page"),
        .div(
          .class("page-head"),
          .h1(
            .text(title),
            .if(model.isOrganisationAdmin, .span(.class("subtitle"), .text(" · " + model.organisationName)))),
          .a(.class("button"), .href(SiteURL.portalCharges.path), .text(l.pick("Stroški", "Charges"))),
          .a(
            .class("button primary"), .href(SiteURL.portalNewRequest.path), .text(l.pick("Nova zahteva", "New request"))
          )
        ),
        .form(
          .class("filters"), .method(.get), .action(SiteURL.portalRequests.path),
          .attribute(named: "role", value: "search"),
          .div(
            .class("filter"),
            .label(.for("status"), .text(l.pick("Stanje", "Status"))),
            .select(
              .id("status"), .attribute(named: "name", value: "status"),
              .choice(value: "", label: l.pick("Vse", "All"), selected: model.filter.status == .all),
              .choice(value: "open", label: l.pick("Odprte", "Open"), selected: model.filter.status == .open),
              .forEach(RequestStatus.allCases) { status in
                .choice(
                  value: status.rawValue, label: PortalWording.status(status, l),
                  selected: model.filter.status == .only(status))
              }
            )
          ),
          .div(
            .class("filter grow"),
            .label(.for("q"), .text(l.pick("Iskanje", "Search"))),
            .input(
              .type(.search), .id("q"), .name("q"), .value(HTMLText.attribute(model.filter.text)),
              .placeholder(l.pick("številka, zadeva ali opis", "number, subject or description")))
          ),
          .div(.class("filter"), .button(.class("button"), .type(.submit), .text(l.pick("Prikaži", "Show"))))
        ),
        .p(
          .class("muted"), .attribute(named: "role", value: "status"),
          .text(l.pick("Zahtev: \(model.total)", "Requests: \(model.total)")),
          .if(
            filtered,
            .group(
              .text(" · "),
              .a(.href(SiteURL.portalRequests.path), .text(l.pick("počisti filter", "clear the filter")))))
        ),
        .if(
          model.rows.isEmpty,
          .p(
            .class("empty"),
            .text(
              filtered
                ? l.pick("Nobena zahteva ne ustreza filtru.", "No request matches the filter.")
                : l.pick("Zahtev še ni. ", "No requests yet. ")),
            .if(
              !filtered,
              .a(
                .href(SiteURL.portalNewRequest.path), .text(l.pick("Oddajte prvo zahtevo.", "File your first request."))
              ))
          ),
          else: table(model)
        ),
        .if(
          pages > 1,
          .nav(
            .class("pagination"), .ariaLabel(l.pick("Strani", "Pages")),
            .if(
              page > 1,
              .a(.href(HTMLText.attribute(link(model.filter, page: page - 1))), .text(l.pick("← Novejše", "← Newer")))),
            .span(.text(l.pick("Stran \(page) od \(pages)", "Page \(page) of \(pages)"))),
            .if(
              page < pages,
              .a(.href(HTMLText.attribute(link(model.filter, page: page + 1))), .text(l.pick("Starejše →", "Older →"))))
          )
        )
      ))
  }

  static func table(_ model: Model) -> Node<HTML.BodyContext> {
    let l = model.wording.language
    let number = l.pick("Številka", "Number")
    let subject = l.pick("Zadeva", "Subject")
    let program = l.pick("Program", "Program")
    let status = l.pick("Stanje", "Status")
    let who = l.pick("Oddal(a)", "Filed by")
    let submitted = l.pick("Oddano", "Submitted")
    let updated = l.pick("Zadnja sprememba", "Last change")
    return .table(
      .class("requests"),
      .caption(.class("visually-hidden"), .text(l.pick("Zahteve", "Requests"))),
      .thead(
        .tr(
          .th(.text(number)), .th(.text(subject)), .th(.text(program)), .th(.text(status)),
          .if(model.isOrganisationAdmin, .th(.text(who))), .th(.text(submitted)), .th(.text(updated)))
      ),
      .tbody(
        .forEach(model.rows) { row in
          .tr(
            .td(
              .data(named: "label", value: number), .class("nowrap"),
              .a(.href(SiteURL.portalRequest(.value(row.number)).path), .text(row.number))),
            .td(.data(named: "label", value: subject), .class("subject"), .text(row.subject)),
            .td(.data(named: "label", value: program), .text(row.programCode ?? "–")),
            .td(.data(named: "label", value: status), PortalComponents.statusBadge(row.status, l)),
            .if(
              model.isOrganisationAdmin,
              .td(.data(named: "label", value: who), .text(row.contactName ?? "–"))),
            .td(.data(named: "label", value: submitted), PortalComponents.time(row.submittedAt, model.wording)),
            .td(.data(named: "label", value: updated), PortalComponents.time(row.updatedAt, model.wording))
          )
        }
      )
    )
  }

  static func link(_ filter: RequestListFilter, page: Int) -> String {
    var components = URLComponents()
    components.path = SiteURL.portalRequests.path
    var items: [URLQueryItem] = []
    if !filter.status.parameter.isEmpty { items.append(URLQueryItem(name: "status", value: filter.status.parameter)) }
    if !filter.text.isEmpty { items.append(URLQueryItem(name: "q", value: filter.text)) }
    if page > 1 { items.append(URLQueryItem(name: "page", value: String(page))) }
    components.queryItems = items.isEmpty ? nil : items
    return components.string ?? SiteURL.portalRequests.path
  }
}
