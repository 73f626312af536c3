import Foundation
import Plot
import Wording

/// `/workspace/back-office/organisations`: every organisation with its standing, and a form to add one.
enum OrganisationsPage {
  struct Model {
    var wording: Wording
    var session: LayoutSession?
    var csrf: String
    var isAdmin: Bool
    var organisations: [BackOfficeQueries.OrganisationLine]
    var notice: String?
    var state: BackOfficeFormState = .clean
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    return Layout(title: l.pick("Organizacije", "Organisations"), wording: w, session: model.session).render(
      .div(
        .class("workspace backoffice"),
        WorkspaceViews.subnav(l, supervisor: true),
        BackOfficeViews.nav(l, admin: model.isAdmin),
        .h1(.text(l.pick("Organizacije", "Organisations"))),
        Forms.notice(model.notice),
        .div(
          .class("table-scroll"),
          .table(
            .id("organisations"),
            .thead(
              .tr(
                .th(.text(l.pick("Ime", "Name"))), .th(.text(l.pick("Davčna številka", "Tax number"))),
                .th(.text(l.pick("Stanje obveznosti", "Account standing"))), .th(.text(l.pick("Kontaktov", "Contacts")))
              )),
            .tbody(
              .forEach(model.organisations) { line in
                .tr(
                  .td(.a(.href(SiteURL.backOfficeOrganisation(.value(line.id)).path), .text(line.name))),
                  .td(.text(line.taxNumber)),
                  .td(OrganisationPage.standing(line.standing, since: line.standingChangedAt, w)),
                  .td(.text(String(line.contacts))))
              }))),
        .h2(.text(l.pick("Nova organizacija", "New organisation"))),
        BackOfficeViews.form(
          "new-organisation", action: SiteURL.backOfficeOrganisations.path, csrf: model.csrf, state: model.state,
          submit: l.pick("Dodaj organizacijo", "Add organisation"),
          [
            BackOfficeViews.input(
              "new-organisation", "name", label: l.pick("Ime", "Name"), value: "", state: model.state),
            BackOfficeViews.input(
              "new-organisation", "taxNumber", label: l.pick("Davčna številka", "Tax number"), value: "",
              state: model.state),
          ])
      ))
  }
}

/// `/workspace/back-office/organisations/{id}`: the organisation and everything the policy reads about it.
enum OrganisationPage {
  struct Model {
    var wording: Wording
    var session: LayoutSession?
    var csrf: String
    var isAdmin: Bool
    var detail: BackOfficeQueries.OrganisationDetail
    var notice: String?
    var state: BackOfficeFormState = .clean
  }

  static func standing(_ standing: AccountStanding, since: Date?, _ w: Wording) -> Node<HTML.BodyContext> {
    let l = w.language
    return .group(
      standing == .ok
        ? .span(.class("badge outcome-free"), .text(l.pick("v redu", "in good standing")))
        : .span(.class("badge outcome-refused"), .text(l.pick("zapadle obveznosti", "overdue"))),
      .unwrap(since) { .span(.class("muted"), .text(l.pick(" od ", " since ") + w.date($0))) })
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    let detail = model.detail
    let organisation = detail.organisation
    let id = organisation.id ?? 0
    let state = model.state
    let csrf = model.csrf
    let programOptions = detail.programs.map { (value: String($0.id ?? 0), label: "\($0.code) — \($0.nameSl)") }
    return Layout(title: organisation.name, wording: w, session: model.session).render(
      .div(
        .class("workspace backoffice"),
        WorkspaceViews.subnav(l, supervisor: true),
        BackOfficeViews.nav(l, admin: model.isAdmin),
        .h1(.text(organisation.name)),
        Forms.notice(model.notice),
        .p(
          .text(l.pick("Stanje obveznosti (iz računovodstva): ", "Account standing (from accounting): ")),
          standing(organisation.standing, since: organisation.standingChangedAt, w)),
        BackOfficeViews.form(
          "organisation", action: SiteURL.backOfficeOrganisation(.value(id)).path, csrf: csrf, state: state,
          submit: l.pick("Shrani", "Save"),
          [
            BackOfficeViews.input(
              "organisation", "name", label: l.pick("Ime", "Name"), value: organisation.name, state: state),
            BackOfficeViews.input(
              "organisation", "taxNumber", label: l.pick("Davčna številka", "Tax number"),
              value: organisation.taxNumber, state: state),
          ]),
        contacts(model, id: id),
        contracts(model, id: id),
        .h2(
          .id("program-setup"), .text(l.pick("Programi: uvajanje in nastavitve", "Programs: onboarding and settings"))),
        .forEach(detail.programs) { program in
          let form = "setup-\(program.id ?? 0)"
          let setup = detail.setups[program.id ?? 0]
          return BackOfficeViews.form(
            form, action: SiteURL.backOfficeOrganisationPart(.value(id), .programSetup).path, csrf: csrf, state: state,
            submit: l.pick("Shrani \(program.code)", "Save \(program.code)"),
            [
              .input(.type(.hidden), .name("program"), .value(String(program.id ?? 0))),
              .div(.strong(.text("\(program.code) — \(l.pick(program.nameSl, program.nameEn))"))),
              BackOfficeViews.check(
                form, "onboarded", label: l.pick("Uvajanje opravljeno", "Onboarded"),
                checked: setup?.onboarded ?? false,
                state: state),
              BackOfficeViews.check(
                form, "settingsInOrder", label: l.pick("Nastavitve urejene", "Settings in order"),
                checked: setup?.settingsInOrder ?? false, state: state),
            ])
        },
        trainings(model, id: id, programOptions: programOptions),
        arrangements(model, id: id)
      ))
  }

  static func contacts(_ model: Model, id: Int) -> Node<HTML.BodyContext> {
    let l = model.wording.language
    let state = model.state
    func controls(_ form: String, _ contact: Contact?) -> [Node<HTML.FormContext>] {
      [
        BackOfficeViews.input(
          form, "name", label: l.pick("Ime in priimek", "Name"), value: contact?.name ?? "", state: state),
        BackOfficeViews.input(
          form, "email", label: l.pick("E-naslov", "E-mail"), value: contact?.email ?? "", type: .email, state: state),
        BackOfficeViews.input(
          form, "phone", label: l.pick("Telefon", "Phone"), value: contact?.phone ?? "", type: .tel, required: false,
          state: state),
        BackOfficeViews.check(
          form, "organisationAdmin", label: l.pick("Skrbnik organizacije", "Organisation admin"),
          checked: contact?.role == .organisationAdmin, state: state),
        BackOfficeViews.check(
          form, "newColleague", label: l.pick("Nov sodelavec", "New colleague"),
          checked: contact?.newColleague ?? false,
          state: state),
      ]
    }
    return .group(
      .h2(.id("contacts"), .text(l.pick("Kontakti", "Contacts"))),
      .forEach(model.detail.contacts) { contact in
        let contactID = contact.id ?? 0
        let form = "contact-\(contactID)"
        return .details(
          .class("record"), WorkspaceViews.open(state.failedForm == form),
          .summary(
            .span(.class(contact.active ? "" : "inactive"), .text("\(contact.name) <\(contact.email)>")),
            .if(contact.role == .organisationAdmin, .text(l.pick(" · skrbnik", " · admin"))),
            .if(!contact.active, .text(l.pick(" · deaktiviran", " · deactivated")))),
          .div(
            BackOfficeViews.form(
              form, action: SiteURL.backOfficeOrganisationRecord(.value(id), .contacts, .value(contactID)).path,
              csrf: model.csrf,
              state: state, submit: l.pick("Shrani kontakt", "Save contact"), controls(form, contact)),
            .p(
              .if(
                contact.active,
                BackOfficeViews.action(
                  l.pick("Pošlji vabilo znova", "Send the invitation again"),
                  path: SiteURL.backOfficeOrganisationRecordAction(.value(id), .contacts, .value(contactID), .invite)
                    .path,
                  csrf: model.csrf)),
              BackOfficeViews.action(
                contact.active ? l.pick("Deaktiviraj", "Deactivate") : l.pick("Aktiviraj", "Activate"),
                path: SiteURL.backOfficeOrganisationRecordAction(
                  .value(id), .contacts, .value(contactID), contact.active ? .deactivate : .activate
                ).path, csrf: model.csrf))))
      },
      .h3(.text(l.pick("Nov kontakt (dobi vabilo po e-pošti)", "New contact (invited by e-mail)"))),
      BackOfficeViews.form(
        "new-contact", action: SiteURL.backOfficeOrganisationPart(.value(id), .contacts).path, csrf: model.csrf,
        state: state,
        submit: l.pick("Dodaj in povabi", "Add and invite"), controls("new-contact", nil)))
  }

  static func contracts(_ model: Model, id: Int) -> Node<HTML.BodyContext> {
    let l = model.wording.language
    let state = model.state
    func controls(_ form: String, _ line: BackOfficeQueries.ContractLine?) -> [Node<HTML.FormContext>] {
      [
        BackOfficeViews.input(
          form, "validFrom", label: l.pick("Velja od", "Valid from"), value: line?.contract.validFrom ?? "",
          type: .date,
          state: state),
        BackOfficeViews.input(
          form, "validTo", label: l.pick("Velja do (neobvezno)", "Valid to (optional)"),
          value: line?.contract.validTo ?? "", type: .date, required: false, state: state),
      ]
        + model.detail.programs.map { program in
          BackOfficeViews.check(
            form, "program-\(program.id ?? 0)", label: program.code,
            checked: line?.programIDs.contains(program.id ?? 0) ?? false, state: state)
        }
    }
    return .group(
      .h2(.id("contracts"), .text(l.pick("Pogodbe", "Contracts"))),
      .forEach(model.detail.contracts) { line in
        let contractID = line.contract.id ?? 0
        let form = "contract-\(contractID)"
        let codes = model.detail.programs.filter { line.programIDs.contains($0.id ?? 0) }.map(\.code)
        return .details(
          .class("record"), WorkspaceViews.open(state.failedForm == form),
          .summary(
            .text(
              "\(line.contract.validFrom) – \(line.contract.validTo ?? l.pick("nedoločeno", "open-ended")): "
                + codes.joined(separator: ", "))),
          .div(
            BackOfficeViews.form(
              form, action: SiteURL.backOfficeOrganisationRecord(.value(id), .contracts, .value(contractID)).path,
              csrf: model.csrf,
              state: state, submit: l.pick("Shrani pogodbo", "Save contract"), controls(form, line))))
      },
      .h3(.text(l.pick("Nova pogodba", "New contract"))),
      BackOfficeViews.form(
        "new-contract", action: SiteURL.backOfficeOrganisationPart(.value(id), .contracts).path, csrf: model.csrf,
        state: state,
        submit: l.pick("Dodaj pogodbo", "Add contract"), controls("new-contract", nil)))
  }

  static func trainings(
    _ model: Model, id: Int, programOptions: [(value: String, label: String)]
  ) -> Node<HTML.BodyContext> {
    let l = model.wording.language
    let state = model.state
    let codes = Dictionary(uniqueKeysWithValues: model.detail.programs.compactMap { p in p.id.map { ($0, p.code) } })
    func kind(_ kind: TrainingKind) -> String {
      kind == .onboarding ? l.pick("uvajanje", "onboarding") : l.pick("seminar", "seminar")
    }
    func controls(_ form: String, _ training: Training?) -> [Node<HTML.FormContext>] {
      [
        BackOfficeViews.select(
          form, "contact", label: l.pick("Kontakt", "Contact"),
          options: model.detail.contacts.map { (value: String($0.id ?? 0), label: $0.name) },
          selected: training.map { String($0.$contact.id) } ?? "", state: state),
        BackOfficeViews.select(
          form, "program", label: l.pick("Program", "Program"), options: programOptions,
          selected: training.map { String($0.$program.id) } ?? "", state: state),
        BackOfficeViews.select(
          form, "kind", label: l.pick("Vrsta", "Kind"),
          options: TrainingKind.allCases.map { (value: $0.rawValue, label: kind($0)) },
          selected: training?.kind.rawValue ?? TrainingKind.onboarding.rawValue, state: state),
        BackOfficeViews.input(
          form, "completedOn", label: l.pick("Datum", "Date"), value: training?.completedOn ?? "", type: .date,
          state: state),
      ]
    }
    return .group(
      .h2(.id("trainings"), .text(l.pick("Usposabljanja", "Trainings"))),
      .forEach(model.detail.trainings) { line in
        let trainingID = line.training.id ?? 0
        let form = "training-\(trainingID)"
        return .details(
          .class("record"), WorkspaceViews.open(state.failedForm == form),
          .summary(
            .text(
              "\(line.contactName) · \(codes[line.training.$program.id] ?? "") · \(kind(line.training.kind))"
                + " · \(line.training.completedOn)")),
          BackOfficeViews.form(
            form, action: SiteURL.backOfficeOrganisationRecord(.value(id), .trainings, .value(trainingID)).path,
            csrf: model.csrf,
            state: state, submit: l.pick("Shrani usposabljanje", "Save training"), controls(form, line.training)),
          BackOfficeViews.action(
            l.pick("Odstrani", "Remove"),
            path: SiteURL.backOfficeOrganisationRecordAction(.value(id), .trainings, .value(trainingID), .delete).path,
            csrf: model.csrf))
      },
      .h3(.text(l.pick("Novo usposabljanje", "New training"))),
      BackOfficeViews.form(
        "new-training", action: SiteURL.backOfficeOrganisationPart(.value(id), .trainings).path, csrf: model.csrf,
        state: state, submit: l.pick("Dodaj usposabljanje", "Add training"), controls("new-training", nil)))
  }

  static func arrangements(_ model: Model, id: Int) -> Node<HTML.BodyContext> {
    let (w, l) = (model.wording, model.wording.language)
    let state = model.state
    func controls(_ form: String, _ arrangement: Arrangement?) -> [Node<HTML.FormContext>] {
      [
        BackOfficeViews.input(
          form, "startsAt", label: l.pick("Od", "From"),
          value: arrangement.map { w.field($0.startsAt) } ?? "",
          type: .datetimeLocal, state: state),
        BackOfficeViews.input(
          form, "endsAt", label: l.pick("Do", "To"), value: arrangement.map { w.field($0.endsAt) } ?? "",
          type: .datetimeLocal, state: state),
        BackOfficeViews.input(
          form, "note", label: l.pick("Opomba", "Note"), value: arrangement?.note ?? "", state: state),
      ]
    }
    return .group(
      .h2(.id("arrangements"), .text(l.pick("Dogovori izven delovnega časa", "Out-of-hours arrangements"))),
      .forEach(model.detail.arrangements) { arrangement in
        let arrangementID = arrangement.id ?? 0
        let form = "arrangement-\(arrangementID)"
        return .details(
          .class("record"), WorkspaceViews.open(state.failedForm == form),
          .summary(
            .text(
              w.timestamp(arrangement.startsAt) + " – "
                + w.timestamp(arrangement.endsAt) + " · " + arrangement.note)),
          BackOfficeViews.form(
            form, action: SiteURL.backOfficeOrganisationRecord(.value(id), .arrangements, .value(arrangementID)).path,
            csrf: model.csrf, state: state, submit: l.pick("Shrani dogovor", "Save arrangement"),
            controls(form, arrangement)),
          BackOfficeViews.action(
            l.pick("Odstrani", "Remove"),
            path: SiteURL.backOfficeOrganisationRecordAction(.value(id), .arrangements, .value(arrangementID), .delete)
              .path,
            csrf: model.csrf))
      },
      .h3(.text(l.pick("Nov dogovor", "New arrangement"))),
      BackOfficeViews.form(
        "new-arrangement", action: SiteURL.backOfficeOrganisationPart(.value(id), .arrangements).path, csrf: model.csrf,
        state: state, submit: l.pick("Dodaj dogovor", "Add arrangement"), controls("new-arrangement", nil)))
  }
}

/// `/workspace/back-office/programs`.
enum ProgramsPage {
  struct Model {
    var wording: Wording
    var session: LayoutSession?
    var csrf: String
    var isAdmin: Bool
    var programs: [Program]
    var notice: String?
    var state: BackOfficeFormState = .clean
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    let state = model.state
    func controls(_ form: String, _ program: Program?) -> [Node<HTML.FormContext>] {
      [
        BackOfficeViews.input(form, "code", label: l.pick("Oznaka", "Code"), value: program?.code ?? "", state: state),
        BackOfficeViews.input(
          form, "nameSl", label: l.pick("Ime (slovensko)", "Name (Slovenian)"), value: program?.nameSl ?? "",
          state: state),
        BackOfficeViews.input(
          form, "nameEn", label: l.pick("Ime (angleško)", "Name (English)"), value: program?.nameEn ?? "", state: state),
      ]
    }
    return Layout(title: l.pick("Programi", "Programs"), wording: w, session: model.session).render(
      .div(
        .class("workspace backoffice"),
        WorkspaceViews.subnav(l, supervisor: true),
        BackOfficeViews.nav(l, admin: model.isAdmin),
        .h1(.text(l.pick("Programi", "Programs"))),
        Forms.notice(model.notice),
        .forEach(model.programs) { program in
          let form = "program-\(program.id ?? 0)"
          return .details(
            .class("record"), WorkspaceViews.open(state.failedForm == form),
            .summary(.text("\(program.code) — \(l.pick(program.nameSl, program.nameEn))")),
            .div(
              BackOfficeViews.form(
                form, action: SiteURL.backOfficeProgram(.value(program.id ?? 0)).path, csrf: model.csrf, state: state,
                submit: l.pick("Shrani program", "Save program"), controls(form, program))))
        },
        .h2(.text(l.pick("Nov program", "New program"))),
        BackOfficeViews.form(
          "new-program", action: SiteURL.backOfficePrograms.path, csrf: model.csrf, state: state,
          submit: l.pick("Dodaj program", "Add program"), controls("new-program", nil))
      ))
  }
}

/// `/workspace/back-office/staff` (admins only).
enum StaffUsersPage {
  struct Model {
    var wording: Wording
    var session: LayoutSession?
    var csrf: String
    var staff: [StaffUser]
    var notice: String?
    var state: BackOfficeFormState = .clean
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    let state = model.state
    let roles = StaffRole.allCases.map { role in
      (
        value: role.rawValue,
        label: role == .agent
          ? l.pick("agent", "agent") : role == .supervisor ? l.pick("vodja", "supervisor") : l.pick("skrbnik", "admin")
      )
    }
    func controls(_ form: String, _ staff: StaffUser?) -> [Node<HTML.FormContext>] {
      [
        BackOfficeViews.input(
          form, "name", label: l.pick("Ime in priimek", "Name"), value: staff?.name ?? "", state: state),
        BackOfficeViews.input(
          form, "email", label: l.pick("E-naslov", "E-mail"), value: staff?.email ?? "", type: .email, state: state),
        BackOfficeViews.select(
          form, "role", label: l.pick("Vloga", "Role"), options: roles, selected: staff?.role.rawValue ?? "agent",
          state: state),
      ]
    }
    return Layout(title: l.pick("Sodelavci", "Staff users"), wording: w, session: model.session).render(
      .div(
        .class("workspace backoffice"),
        WorkspaceViews.subnav(l, supervisor: true),
        BackOfficeViews.nav(l, admin: true),
        .h1(.text(l.pick("Sodelavci", "Staff users"))),
        Forms.notice(model.notice),
        .forEach(model.staff) { staff in
          let staffID = staff.id ?? 0
          let form = "staff-\(staffID)"
          return .details(
            .class("record"), WorkspaceViews.open(state.failedForm == form),
            .summary(
              .span(.class(staff.active ? "" : "inactive"), .text("\(staff.name) <\(staff.email)>")),
              .text(" · \(staff.role.rawValue)"), .if(!staff.active, .text(l.pick(" · deaktiviran", " · deactivated")))),
            .div(
              BackOfficeViews.form(
                form, action: SiteURL.backOfficeStaffMember(.value(staffID)).path, csrf: model.csrf, state: state,
                submit: l.pick("Shrani", "Save"), controls(form, staff)),
              .p(
                .if(
                  staff.active,
                  BackOfficeViews.action(
                    l.pick("Pošlji vabilo znova", "Send the invitation again"),
                    path: SiteURL.backOfficeStaffAction(.value(staffID), .invite).path, csrf: model.csrf)),
                BackOfficeViews.action(
                  staff.active ? l.pick("Deaktiviraj", "Deactivate") : l.pick("Aktiviraj", "Activate"),
                  path: SiteURL.backOfficeStaffAction(.value(staffID), staff.active ? .deactivate : .activate).path,
                  csrf: model.csrf))))
        },
        .h2(.text(l.pick("Nov sodelavec (dobi vabilo po e-pošti)", "New member of staff (invited by e-mail)"))),
        BackOfficeViews.form(
          "new-staff", action: SiteURL.backOfficeStaff.path, csrf: model.csrf, state: state,
          submit: l.pick("Dodaj in povabi", "Add and invite"), controls("new-staff", nil))
      ))
  }
}
