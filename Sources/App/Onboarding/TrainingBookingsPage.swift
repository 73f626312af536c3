import Foundation
import Plot
import Wording

/// Onboarding and seminar bookings from the portal: support agrees a date, marks one completed (which records the
/// training the policy reads) or cancels it with a word to the customer.
enum TrainingBookingsPage {
  struct Model {
    var wording: Wording
    var session: LayoutSession?
    var csrf: String
    var isSupervisor: Bool
    var open: [TrainingBookings.Row]
    var closed: [TrainingBookings.Row]
    var notice: String? = nil
    var error: WorkspaceError? = nil
    /// The booking the error is about.
    var errorBooking: Int? = nil
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    return Layout(title: l.pick("Uvajanja", "Onboarding"), wording: w, session: model.session).render(
      .div(
        .class("workspace bookings-page"),
        WorkspaceViews.subnav(l, supervisor: model.isSupervisor),
        .h1(.text(l.pick("Naročila uvajanj in seminarjev", "Onboarding and seminar bookings"))),
        Forms.notice(model.notice),
        .if(
          model.open.isEmpty,
          .p(.class("empty"), .text(l.pick("Odprtih naročil ni.", "No open bookings."))),
          else: .div(.class("booking-cards"), .forEach(model.open) { card($0, model) })),
        .h2(.text(l.pick("Nedavno zaključena", "Recently closed"))),
        .if(
          model.closed.isEmpty,
          .p(.class("empty"), .text(l.pick("Še nobeno.", "None yet."))),
          else: .table(
            .class("data"),
            .thead(
              .tr(
                .th(.text(l.pick("Stranka", "Customer"))), .th(.text(l.pick("Program", "Program"))),
                .th(.text(l.pick("Vrsta", "Kind"))), .th(.text(l.pick("Stanje", "Status"))))),
            .tbody(
              .forEach(model.closed) { row in
                .tr(
                  .td(.text("\(row.contactName) · \(row.organisationName)")),
                  .td(.text(row.programCode)), .td(.text(TrainingBookings.kindName(row.kind, l))),
                  .td(.text(OnboardingPage.status(row, w))))
              })))
      ))
  }

  static func card(_ row: TrainingBookings.Row, _ model: Model) -> Node<HTML.BodyContext> {
    let (w, l) = (model.wording, model.wording.language)
    let error = model.errorBooking == row.id ? model.error : nil
    return .section(
      .class("booking card"), .id("booking-\(row.id)"), .data(named: "booking", value: String(row.id)),
      .h3(
        .text(
          "\(row.programCode) · \(TrainingBookings.kindName(row.kind, l)) · \(row.contactName), \(row.organisationName)"
        )),
      .p(
        .class("muted"),
        .text(
          "\(row.contactEmail) · " + l.pick("naročeno ", "booked ") + w.dateTime(row.createdAt) + " · "
            + OnboardingPage.status(row, w))),
      .p(.strong(.text(l.pick("Želeni termin: ", "Preferred: "))), .text(row.preferred)),
      .if(!row.note.isEmpty, .p(.text(row.note))),
      .if(
        !row.staffNote.isEmpty,
        .p(
          .class("muted"), .text(l.pick("Sporočili smo: ", "We told them: ")),
          .text(row.staffNote))),
      .unwrap(error) { error in
        .p(
          .class("error"), .attribute(named: "role", value: "alert"), .data(named: "field", value: error.field ?? ""),
          .text(error.message(in: l)))
      },
      .form(
        .class("inline"), .method(.post), .action(SiteURL.workspaceBookingAction(.value(row.id), .schedule).path),
        Forms.csrfField(model.csrf),
        .label(.for("at-\(row.id)"), .text(l.pick("Termin", "Date"))),
        .input(
          .type(.datetimeLocal), .id("at-\(row.id)"), .name("scheduledAt"),
          .value(row.scheduledAt.map(w.field) ?? "")),
        .label(.for("schedule-note-\(row.id)"), .text(l.pick("Sporočilo stranki", "Message to the customer"))),
        .input(.type(.text), .id("schedule-note-\(row.id)"), .name("staffNote"), .value("")),
        .button(.class("button primary"), .type(.submit), .text(l.pick("Določi termin", "Schedule")))),
      .form(
        .class("inline"), .method(.post), .action(SiteURL.workspaceBookingAction(.value(row.id), .complete).path),
        Forms.csrfField(model.csrf),
        .button(.class("button"), .type(.submit), .text(l.pick("Opravljeno", "Completed")))),
      .form(
        .class("inline"), .method(.post), .action(SiteURL.workspaceBookingAction(.value(row.id), .cancel).path),
        Forms.csrfField(model.csrf),
        .label(.for("cancel-note-\(row.id)"), .text(l.pick("Razlog", "Reason"))),
        .input(.type(.text), .id("cancel-note-\(row.id)"), .name("staffNote"), .value("")),
        .button(.class("button"), .type(.submit), .text(l.pick("Prekliči", "Cancel"))))
    )
  }
}
