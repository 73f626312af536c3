import Foundation
import Plot
import Wording

/// "Onboarding and seminars": the contact's trainings on record, their bookings and the form to book one. The
/// policy's refusal for a missing onboarding links here with the program chosen.
enum OnboardingPage {
  struct Values: Sendable, Equatable {
    var programCode = ""
    var kind = TrainingKind.onboarding.rawValue
    var preferred = ""
    var note = ""
  }

  struct Model {
    var wording: Wording
    var session: LayoutSession?
    var csrf: String
    var programs: [Program]
    var trainings: [TrainingBookings.Completed]
    var bookings: [TrainingBookings.Row]
    var values: Values
    var isOrganisationAdmin: Bool
    var error: WorkspaceError? = nil
    var notice: String? = nil
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    let values = model.values
    return Layout(
      title: l.pick("Uvajanje in seminarji", "Onboarding and seminars"), wording: w, session: model.session
    )
    .render(
      .div(
        .class("portal-page onboarding-page"),
        .div(
          .class("page-head"),
          .h1(.text(l.pick("Uvajanje in seminarji", "Onboarding and seminars"))),
          .if(
            model.isOrganisationAdmin,
            .a(.class("button"), .href(SiteURL.portalColleagues.path), .text(l.pick("Sodelavci", "Colleagues"))))
        ),
        .p(
          .class("lead"),
          .text(
            l.pick(
              "Brezplačno pomoč dobijo uporabniki, ki smo jih uvedli v program ali so bili na seminarju. Tu naročite "
                + "uvajanje ali seminar; termin vam sporočimo po e-pošti. Uvajanje je plačljivo po ceniku za "
                + "izobraževanje.",
              "Free help is for users we onboarded into the program or who attended a seminar. Book onboarding or "
                + "a seminar here; we will e-mail you the date. Onboarding is charged at the training rate of the "
                + "price list."))),
        Forms.notice(model.notice),
        .h2(.text(l.pick("Vaša uvajanja in seminarji", "Your onboardings and seminars"))),
        .if(
          model.trainings.isEmpty,
          .p(.class("empty"), .text(l.pick("Nobenega še nimate.", "You have none yet."))),
          else: .ul(
            .class("trainings"),
            .forEach(model.trainings) { training in
              .li(
                .strong(.text(training.programCode)), .text(" " + training.programName + " · "),
                .text(TrainingBookings.kindName(training.kind, l) + " · " + training.completedOn))
            })
        ),
        .h2(.text(l.pick("Naročila", "Bookings"))),
        .if(
          model.bookings.isEmpty,
          .p(.class("empty"), .text(l.pick("Naročil še ni.", "No bookings yet."))),
          else: .table(
            .class("bookings"),
            .thead(
              .tr(
                .th(.text(l.pick("Program", "Program"))), .th(.text(l.pick("Vrsta", "Kind"))),
                .th(.text(l.pick("Želeni termin", "Preferred time"))), .th(.text(l.pick("Stanje", "Status"))),
                .th(.text(l.pick("Dejanje", "Action"))))),
            .tbody(
              .forEach(model.bookings) { booking in
                .tr(
                  .data(named: "booking", value: String(booking.id)),
                  .td(
                    .text(booking.programCode),
                    .if(
                      model.isOrganisationAdmin,
                      .span(.class("muted"), .text(" · " + booking.contactName)))),
                  .td(.text(TrainingBookings.kindName(booking.kind, l))),
                  .td(.text(booking.preferred)),
                  .td(
                    .span(.class("badge booking-\(booking.status.rawValue)"), .text(status(booking, w))),
                    .unwrap(booking.staffNote.isEmpty ? nil : booking.staffNote) {
                      .p(.class("muted"), .text($0))
                    }),
                  .td(
                    .if(
                      booking.status.isOpen,
                      .form(
                        .method(.post), .action(SiteURL.portalOnboardingCancel(.value(booking.id)).path),
                        Forms.csrfField(model.csrf),
                        .button(.class("button"), .type(.submit), .text(l.pick("Prekliči", "Cancel")))))
                  )
                )
              })
          )
        ),
        .h2(.text(l.pick("Novo naročilo", "Book"))),
        .if(
          model.programs.isEmpty,
          .p(
            .class("empty"),
            .text(
              l.pick(
                "Vaša organizacija nima veljavne pogodbe za noben program.",
                "Your organisation has no contract for any program in force."))),
          else: .form(
            .class("stacked"), .method(.post), .action(SiteURL.portalOnboarding.path),
            Forms.csrfField(model.csrf),
            .unwrap(model.error) { error in
              .p(
                .class("error"), .attribute(named: "role", value: "alert"),
                .data(named: "field", value: error.field ?? ""), .text(error.message(in: l)))
            },
            .label(.for("program"), .text(l.pick("Program", "Program"))),
            .select(
              .id("program"), .attribute(named: "name", value: "program"),
              .forEach(model.programs) { program in
                .choice(
                  value: program.code, label: program.code + " · " + l.pick(program.nameSl, program.nameEn),
                  selected: program.code == values.programCode)
              }),
            .label(.for("kind"), .text(l.pick("Vrsta", "Kind"))),
            .select(
              .id("kind"), .attribute(named: "name", value: "kind"),
              .choice(
                value: TrainingKind.onboarding.rawValue,
                label: l.pick("individualno uvajanje", "individual onboarding"),
                selected: values.kind == TrainingKind.onboarding.rawValue),
              .choice(
                value: TrainingKind.seminar.rawValue, label: l.pick("seminar", "seminar"),
                selected: values.kind == TrainingKind.seminar.rawValue)),
            Forms.field(
              label: l.pick("Kdaj bi vam ustrezalo", "When would suit you"), name: "preferred",
              value: values.preferred,
              hint: l.pick("Na primer: torek ali sreda dopoldne.", "For example: Tuesday or Wednesday morning.")),
            .label(.for("note"), .text(l.pick("Opomba (neobvezno)", "Note (optional)"))),
            .textarea(
              .id("note"), .name("note"), .attribute(named: "rows", value: "3"),
              .text(values.note)),
            .button(.class("button primary"), .type(.submit), .text(l.pick("Naroči", "Book")))
          )
        )
      ))
  }

  static func status(_ booking: TrainingBookings.Row, _ w: Wording) -> String {
    let l = w.language
    return switch booking.status {
    case .requested: l.pick("čaka na termin", "awaiting a date")
    case .scheduled:
      l.pick("termin: ", "date: ") + (booking.scheduledAt.map { w.dateTime($0) } ?? "")
    case .completed: l.pick("opravljeno", "completed")
    case .cancelled: l.pick("preklicano", "cancelled")
    }
  }
}

/// The organisation administrator's list of colleagues: who is trained for what, and who is a *new colleague*.
enum ColleaguesPage {
  struct Model {
    var wording: Wording
    var session: LayoutSession?
    var csrf: String
    var rows: [Colleagues.Row]
    var notice: String? = nil
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    return Layout(title: l.pick("Sodelavci", "Colleagues"), wording: w, session: model.session).render(
      .div(
        .class("portal-page colleagues-page"),
        .h1(.text(l.pick("Sodelavci", "Colleagues"))),
        .p(
          .class("lead"),
          .text(
            l.pick(
              "Sodelavec brez lastnega uvajanja za program dobi pomoč le, če ga označite kot novega sodelavca; "
                + "takrat je pomoč plačljiva. Ko opravi uvajanje ali seminar, je pomoč spet po običajnih pravilih.",
              "A colleague without their own onboarding for a program only gets help if you register them as a new "
                + "colleague; help is then charged. Once they complete onboarding or a seminar, the usual rules "
                + "apply again."))),
        Forms.notice(model.notice),
        .table(
          .class("colleagues"),
          .thead(
            .tr(
              .th(.text(l.pick("Ime", "Name"))), .th(.text(l.pick("E-pošta", "E-mail"))),
              .th(.text(l.pick("Uvajanja in seminarji", "Onboardings and seminars"))),
              .th(.text(l.pick("Nov sodelavec", "New colleague"))))),
          .tbody(
            .forEach(model.rows) { row in
              .tr(
                .data(named: "contact", value: String(row.id)),
                .td(
                  .text(row.name),
                  .if(row.isOrganisationAdmin, .span(.class("muted"), .text(l.pick(" (skrbnik)", " (administrator)"))))),
                .td(.text(row.email)),
                .td(
                  .if(
                    row.trainings.isEmpty, .span(.class("muted"), .text(l.pick("nobenega", "none"))),
                    else: .text(
                      row.trainings.map {
                        "\($0.programCode) (\(TrainingBookings.kindName($0.kind, l)) \($0.completedOn))"
                      }
                      .joined(separator: ", ")))),
                .td(
                  .form(
                    .method(.post), .action(SiteURL.portalColleagueNewColleague(.value(row.id)).path),
                    Forms.csrfField(model.csrf),
                    .input(.type(.hidden), .name("value"), .value(row.newColleague ? "0" : "1")),
                    .text(row.newColleague ? l.pick("da ", "yes ") : l.pick("ne ", "no ")),
                    .button(
                      .class("button"), .type(.submit),
                      .text(row.newColleague ? l.pick("Odznači", "Unmark") : l.pick("Označi", "Mark")))))
              )
            })
        )
      ))
  }
}
