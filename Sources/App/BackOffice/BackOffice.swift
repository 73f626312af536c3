import Fluent
import Foundation
import SupportPolicy

/// The records the support policy reads, kept by supervisors and admins: organisations, contacts, programs,
/// contracts, trainings, program setup and arrangements (staff users are in `StaffAdministration`). Every change
/// checks the whole form first, then writes the record and its audit entry in one transaction, so nothing is
/// half-written and every change has a who and a when.
enum BackOffice {
  static let name = (sl: "ime", en: "name")

  // MARK: - Organisations

  @discardableResult
  static func saveOrganisation(
    id: Int?, form: BackOfficeForm, in context: WorkContext, on db: any Database
  )
    async throws -> Int
  {
    let name = try form.text("name", label: Self.name)
    let rawTax = form.raw("taxNumber")
    return try await context.dialect.writeTransaction(on: db) { db in
      var organisation = Organisation()
      if let id { organisation = try await Self.organisation(id, on: db) }
      let taxNumber: String
      if id != nil, organisation.taxNumber == rawTax || organisation.taxNumber == "SI" + rawTax {
        // Numbers stored before the back office checked them stay editable without a change to them.
        taxNumber = organisation.taxNumber
      } else {
        guard let valid = SlovenianTaxNumber.normalised(rawTax) else {
          throw WorkspaceError.invalid(
            "taxNumber", "Davčna številka mora imeti 8 številk z veljavno kontrolno števko (npr. SI 10000003).",
            "A tax number has 8 digits with a valid check digit (e.g. SI 10000003).")
        }
        taxNumber = valid
      }
      let clash = try await Organisation.query(on: db).filter(\.$taxNumber == taxNumber).first()
      if let clash, clash.id != organisation.id {
        throw WorkspaceError.invalid(
          "taxNumber", "Organizacija s to davčno številko že obstaja (\(clash.name)).",
          "An organisation with this tax number exists already (\(clash.name)).")
      }
      let before = [
        "name": organisation.id == nil ? "" : organisation.name,
        "taxNumber": organisation.id == nil ? "" : organisation.taxNumber,
      ]
      if organisation.id == nil { organisation.standing = .ok }
      organisation.name = name
      organisation.taxNumber = taxNumber
      try await organisation.save(on: db)
      let savedID = try organisation.requireID()
      try await audit(
        id == nil ? "organisation.created" : "organisation.updated", subject: "organisation:\(savedID)",
        details: changes(before: before, after: ["name": name, "taxNumber": taxNumber]), in: context, on: db)
      return savedID
    }
  }

  static func organisation(_ id: Int, on db: any Database) async throws -> Organisation {
    guard let organisation = try await Organisation.find(id, on: db) else {
      throw WorkspaceError.notFound("Te organizacije ni.", "There is no such organisation.")
    }
    return organisation
  }

  // MARK: - Contacts

  /// Creates a contact and mails them an invitation to set their password, or updates one of the organisation's
  /// contacts. A contact of another organisation is not found, whatever id is in the path.
  @discardableResult
  static func saveContact(
    organisationID: Int, id: Int?, form: BackOfficeForm, in context: WorkContext, on db: any Database
  ) async throws -> Int {
    let name = try form.text("name", label: Self.name)
    let email = try form.email()
    let phone = try form.optionalText("phone", label: (sl: "telefon", en: "phone"), limit: 40)
    let role: ContactRole = form.flag("organisationAdmin") ? .organisationAdmin : .member
    let newColleague = form.flag("newColleague")
    return try await context.dialect.writeTransaction(on: db) { db in
      _ = try await Self.organisation(organisationID, on: db)
      var contact = Contact()
      if let id { contact = try await Self.contact(id, of: organisationID, on: db) }
      let clash = try await Contact.query(on: db).filter(\.$email == email).first()
      if let clash, clash.id != contact.id {
        throw WorkspaceError.invalid(
          "email", "Ta e-naslov že ima drug kontakt.", "Another contact already has this e-mail address.")
      }
      let isNew = contact.id == nil
      let before: [String: String] =
        isNew
        ? [:]
        : [
          "name": contact.name, "email": contact.email, "phone": contact.phone ?? "", "role": contact.role.rawValue,
          "newColleague": String(contact.newColleague),
        ]
      if isNew {
        contact.$organisation.id = organisationID
        contact.locale = "sl"
        contact.active = true
      }
      contact.name = name
      contact.email = email
      contact.phone = phone
      contact.role = role
      contact.newColleague = newColleague
      try await contact.save(on: db)
      let contactID = try contact.requireID()
      try await audit(
        isNew ? "contact.created" : "contact.updated", subject: "contact:\(contactID)",
        details: changes(
          before: before,
          after: [
            "name": name, "email": email, "phone": phone ?? "", "role": role.rawValue,
            "newColleague": String(newColleague), "organisation": String(organisationID),
          ]), in: context, on: db)
      if isNew { try await Invitations.inviteContact(contact, in: context, on: db) }
      return contactID
    }
  }

  static func reinviteContact(
    organisationID: Int, id: Int, in context: WorkContext, on db: any Database
  )
    async throws
  {
    try await context.dialect.writeTransaction(on: db) { db in
      let contact = try await Self.contact(id, of: organisationID, on: db)
      guard contact.active else {
        throw WorkspaceError.conflict(
          "Kontakt je deaktiviran; najprej ga aktivirajte.", "The contact is deactivated; activate it first.")
      }
      try await Invitations.inviteContact(contact, in: context, on: db)
      try await audit("contact.invited", subject: "contact:\(id)", details: [:], in: context, on: db)
    }
  }

  static func setContactActive(
    organisationID: Int, id: Int, active: Bool, in context: WorkContext, on db: any Database
  ) async throws {
    try await context.dialect.writeTransaction(on: db) { db in
      let contact = try await Self.contact(id, of: organisationID, on: db)
      guard contact.active != active else { return }
      contact.active = active
      try await contact.save(on: db)
      try await audit(
        active ? "contact.activated" : "contact.deactivated", subject: "contact:\(id)", details: [:], in: context,
        on: db)
    }
  }

  static func contact(_ id: Int, of organisationID: Int, on db: any Database) async throws -> Contact {
    guard let contact = try await Contact.find(id, on: db), contact.$organisation.id == organisationID else {
      throw WorkspaceError.notFound("Tega kontakta ta organizacija nima.", "The organisation has no such contact.")
    }
    return contact
  }

  // MARK: - Programs

  @discardableResult
  static func saveProgram(
    id: Int?, form: BackOfficeForm, in context: WorkContext, on db: any Database
  )
    async throws -> Int
  {
    let code = try form.text("code", label: (sl: "oznako", en: "code"), limit: 16).uppercased()
    guard code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
      throw WorkspaceError.invalid(
        "code", "Oznaka sme vsebovati le črke in številke (npr. PL).", "A code has only letters and digits (e.g. PL).")
    }
    let nameSl = try form.text("nameSl", label: (sl: "slovensko ime", en: "Slovenian name"))
    let nameEn = try form.text("nameEn", label: (sl: "angleško ime", en: "English name"))
    return try await context.dialect.writeTransaction(on: db) { db in
      let program: Program
      if let id {
        guard let found = try await Program.find(id, on: db) else {
          throw WorkspaceError.notFound("Tega programa ni.", "There is no such program.")
        }
        program = found
      } else {
        program = Program()
      }
      if let clash = try await Program.query(on: db).filter(\.$code == code).first(), clash.id != program.id {
        throw WorkspaceError.invalid("code", "Program s to oznako že obstaja.", "A program with this code exists.")
      }
      let before = program.id == nil ? [:] : ["code": program.code, "nameSl": program.nameSl, "nameEn": program.nameEn]
      program.code = code
      program.nameSl = nameSl
      program.nameEn = nameEn
      try await program.save(on: db)
      let programID = try program.requireID()
      try await audit(
        id == nil ? "program.created" : "program.updated", subject: "program:\(programID)",
        details: changes(before: before, after: ["code": code, "nameSl": nameSl, "nameEn": nameEn]), in: context,
        on: db)
      return programID
    }
  }

  // MARK: - Contracts

  /// A contract's programs come as checkboxes `program-{id}`; at least one is needed.
  @discardableResult
  static func saveContract(
    organisationID: Int, id: Int?, form: BackOfficeForm, in context: WorkContext, on db: any Database
  ) async throws -> Int {
    let from = try form.day("validFrom", label: (sl: "začetek veljavnosti", en: "start of validity"))
    let to = form.raw("validTo").isEmpty ? nil : try form.day("validTo", label: (sl: "konec veljavnosti", en: "end"))
    if let to, to < from {
      throw WorkspaceError.invalid(
        "validTo", "Pogodba ne more poteči, preden začne veljati.", "A contract cannot end before it starts.")
    }
    return try await context.dialect.writeTransaction(on: db) { db in
      _ = try await Self.organisation(organisationID, on: db)
      let programs = try await Program.query(on: db).all().filter { form.flag("program-\($0.id ?? 0)") }
      guard !programs.isEmpty else {
        throw WorkspaceError.invalid(
          "programs", "Izberite vsaj en program, ki ga pogodba pokriva.", "Choose at least one program it covers.")
      }
      let contract: Contract
      if let id {
        guard let found = try await Contract.find(id, on: db), found.$organisation.id == organisationID else {
          throw WorkspaceError.notFound("Te pogodbe ta organizacija nima.", "The organisation has no such contract.")
        }
        contract = found
        try await ContractProgram.query(on: db).filter(\.$contract.$id == id).delete()
      } else {
        contract = Contract(organisationID: organisationID, validFrom: from.description)
      }
      contract.validFrom = from.description
      contract.validTo = to?.description
      try await contract.save(on: db)
      let contractID = try contract.requireID()
      for program in programs {
        try await ContractProgram(contractID: contractID, programID: try program.requireID()).create(on: db)
      }
      try await audit(
        id == nil ? "contract.created" : "contract.updated", subject: "contract:\(contractID)",
        details: [
          "organisation": String(organisationID), "validFrom": from.description, "validTo": to?.description ?? "",
          "programs": programs.map(\.code).joined(separator: ","),
        ], in: context, on: db)
      return contractID
    }
  }

  // MARK: - Trainings

  /// Adds a training (`id` nil) or corrects one of a contact of this organisation.
  @discardableResult
  static func saveTraining(
    organisationID: Int, id: Int?, form: BackOfficeForm, in context: WorkContext, on db: any Database
  )
    async throws -> Int
  {
    let contactID = try form.id("contact", label: (sl: "kontakt", en: "contact"))
    let programID = try form.id("program", label: (sl: "program", en: "program"))
    let kind: TrainingKind = try form.choice("kind", label: (sl: "vrsto usposabljanja", en: "kind of training"))
    let day = try form.day("completedOn", label: (sl: "datum usposabljanja", en: "date of the training"))
    guard day <= ISO8601.localDate(of: context.now, in: context.policy.configuration.timeZone) else {
      throw WorkspaceError.invalid(
        "completedOn", "Usposabljanje ne more biti v prihodnosti.", "A training cannot be in the future.")
    }
    return try await context.dialect.writeTransaction(on: db) { db in
      _ = try await Self.contact(contactID, of: organisationID, on: db)
      guard let program = try await Program.find(programID, on: db) else {
        throw WorkspaceError.invalid("program", "Izberite program.", "Choose the program.")
      }
      var training = Training(contactID: contactID, programID: programID, kind: kind, completedOn: day.description)
      var before: [String: String] = [:]
      if let id {
        training = try await Self.training(id, of: organisationID, on: db)
        before = [
          "contact": String(training.$contact.id), "program": String(training.$program.id),
          "kind": training.kind.rawValue, "completedOn": training.completedOn,
        ]
      }
      training.$contact.id = contactID
      training.$program.id = programID
      training.kind = kind
      training.completedOn = day.description
      try await training.save(on: db)
      let trainingID = try training.requireID()
      try await audit(
        id == nil ? "training.created" : "training.updated", subject: "training:\(trainingID)",
        details: changes(
          before: before,
          after: [
            "contact": String(contactID), "program": String(programID), "kind": kind.rawValue,
            "completedOn": day.description,
          ]), in: context, on: db)
      return trainingID
    }
  }

  static func deleteTraining(organisationID: Int, id: Int, in context: WorkContext, on db: any Database) async throws {
    try await context.dialect.writeTransaction(on: db) { db in
      let training = try await Self.training(id, of: organisationID, on: db)
      let details = [
        "contact": String(training.$contact.id), "program": String(training.$program.id),
        "kind": training.kind.rawValue, "completedOn": training.completedOn,
      ]
      try await training.delete(on: db)
      try await audit("training.deleted", subject: "training:\(id)", details: details, in: context, on: db)
    }
  }

  /// A training of one of the organisation's contacts; any other is not found.
  static func training(_ id: Int, of organisationID: Int, on db: any Database) async throws -> Training {
    guard let training = try await Training.find(id, on: db),
      (try? await Self.contact(training.$contact.id, of: organisationID, on: db)) != nil
    else {
      throw WorkspaceError.notFound("Tega usposabljanja ni.", "There is no such training.")
    }
    return training
  }

  // MARK: - Program setup

  /// Onboarded and settings in order for one program of the organisation: exactly the two flags
  /// `FactsQueries.organisation` reads into `onboardedPrograms` and `settingsInOrder`.
  static func saveProgramSetup(
    organisationID: Int, form: BackOfficeForm, in context: WorkContext, on db: any Database
  ) async throws {
    let programID = try form.id("program", label: (sl: "program", en: "program"))
    let onboarded = form.flag("onboarded")
    let settingsInOrder = form.flag("settingsInOrder")
    try await context.dialect.writeTransaction(on: db) { db in
      _ = try await Self.organisation(organisationID, on: db)
      guard let program = try await Program.find(programID, on: db) else {
        throw WorkspaceError.invalid("program", "Izberite program.", "Choose the program.")
      }
      let setup =
        try await OrganisationProgram.query(on: db).filter(\.$organisation.$id == organisationID)
        .filter(\.$program.$id == programID).first()
        ?? OrganisationProgram(
          organisationID: organisationID, programID: programID, onboarded: false, settingsInOrder: false)
      let before =
        setup.id == nil
        ? [:] : ["onboarded": String(setup.onboarded), "settingsInOrder": String(setup.settingsInOrder)]
      setup.onboarded = onboarded
      setup.settingsInOrder = settingsInOrder
      try await setup.save(on: db)
      try await audit(
        "program_setup.saved", subject: "organisation:\(organisationID)",
        details: changes(
          before: before,
          after: ["program": program.code, "onboarded": String(onboarded), "settingsInOrder": String(settingsInOrder)]
        ), in: context, on: db)
    }
  }

  // MARK: - Arrangements

  /// Adds an out-of-hours window (`id` nil) or changes one of this organisation's.
  @discardableResult
  static func saveArrangement(
    organisationID: Int, id: Int?, form: BackOfficeForm, in context: WorkContext, on db: any Database
  ) async throws -> Int {
    let starts = try form.instant("startsAt", label: (sl: "začetek", en: "start"), in: context.policy)
    let ends = try form.instant("endsAt", label: (sl: "konec", en: "end"), in: context.policy)
    guard ends > starts else {
      throw WorkspaceError.invalid(
        "endsAt", "Dogovor se mora končati po začetku.", "An arrangement ends after it starts.")
    }
    guard ends.timeIntervalSince(starts) <= 14 * 86_400 else {
      throw WorkspaceError.invalid(
        "endsAt", "Dogovor je lahko dolg največ 14 dni.", "An arrangement can last at most 14 days.")
    }
    let note = try form.text("note", label: (sl: "opombo", en: "note"), limit: 500)
    return try await context.dialect.writeTransaction(on: db) { db in
      _ = try await Self.organisation(organisationID, on: db)
      var arrangement = Arrangement(organisationID: organisationID, startsAt: starts, endsAt: ends, note: note)
      var before: [String: String] = [:]
      if let id {
        arrangement = try await Self.arrangement(id, of: organisationID, on: db)
        before = [
          "startsAt": context.policy.machine(arrangement.startsAt),
          "endsAt": context.policy.machine(arrangement.endsAt),
          "note": arrangement.note,
        ]
      }
      arrangement.startsAt = starts
      arrangement.endsAt = ends
      arrangement.note = note
      try await arrangement.save(on: db)
      let arrangementID = try arrangement.requireID()
      try await audit(
        id == nil ? "arrangement.created" : "arrangement.updated", subject: "arrangement:\(arrangementID)",
        details: changes(
          before: before,
          after: [
            "organisation": String(organisationID), "startsAt": context.policy.machine(starts),
            "endsAt": context.policy.machine(ends), "note": note,
          ]), in: context, on: db)
      return arrangementID
    }
  }

  static func deleteArrangement(
    organisationID: Int, id: Int, in context: WorkContext, on db: any Database
  )
    async throws
  {
    try await context.dialect.writeTransaction(on: db) { db in
      let arrangement = try await Self.arrangement(id, of: organisationID, on: db)
      let details = [
        "organisation": String(organisationID), "startsAt": context.policy.machine(arrangement.startsAt),
        "endsAt": context.policy.machine(arrangement.endsAt),
      ]
      try await arrangement.delete(on: db)
      try await audit("arrangement.deleted", subject: "arrangement:\(id)", details: details, in: context, on: db)
    }
  }

  static func arrangement(_ id: Int, of organisationID: Int, on db: any Database) async throws -> Arrangement {
    guard let arrangement = try await Arrangement.find(id, on: db), arrangement.$organisation.id == organisationID
    else {
      throw WorkspaceError.notFound("Tega dogovora ni.", "There is no such arrangement.")
    }
    return arrangement
  }

  // MARK: - Audit

  /// Appends an audit entry inside the caller's transaction: the change and its record commit together.
  static func audit(
    _ action: String, subject: String, details: [String: String], in context: WorkContext, on db: any Database
  ) async throws {
    try await Audit.record(
      AuditAction(rawValue: "backoffice.\(action)"), by: .staff(email: context.staff.email), subject: subject,
      details: details, at: context.now, on: db)
  }

  /// The new values, with each changed field's old value beside it as `field.before`.
  static func changes(before: [String: String], after: [String: String]) -> [String: String] {
    var result = after
    for (key, old) in before where after[key] != old { result["\(key).before"] = old }
    return result
  }
}
