import Fluent
import Foundation
import SupportPolicy

extension WorkspaceError {
  static let bookingNotFound = WorkspaceError(
    kind: .notFound, field: nil, sl: "Tega naročila ni.", en: "There is no such booking.")
}

/// Onboarding and seminar bookings. The policy refuses a contact who has no onboarding or seminar of their own for
/// the program (`refuse.person-not-onboarded`) and tells them to book one in the portal; this is that booking, and
/// the workspace's side of it: support agrees a date and, once it took place, records the `Training`, after which
/// the policy no longer refuses the contact (and `free.new-program-starter` applies for the starter period).
enum TrainingBookings {
  static let preferredLimit = 200
  static let noteLimit = 2000

  struct Row: Sendable, Equatable {
    var id: Int
    var contactName: String
    var contactEmail: String
    var organisationName: String
    var programCode: String
    var programName: String
    var kind: TrainingKind
    var preferred: String
    var note: String
    var status: TrainingBookingStatus
    var scheduledAt: Date?
    var staffNote: String
    var createdAt: Date
  }

  /// A training already on record, for the contact's own overview.
  struct Completed: Sendable, Equatable {
    var programCode: String
    var programName: String
    var kind: TrainingKind
    var completedOn: String
  }

  // MARK: The contact's side

  /// Books onboarding or a seminar for one of the organisation's programs under contract (`programs`).
  @discardableResult
  static func book(
    contact: ContactViewer, programCode: String, kind: String, preferred: String, note: String, programs: [Program],
    now: Date, mail: MailSettings, dialect: any DatabaseDialect, on db: any Database
  ) async throws -> Int {
    guard let program = programs.first(where: { $0.code == programCode }), let programID = program.id else {
      throw WorkspaceError.invalid(
        "program", "Izberite program, ki ga imate v pogodbi.", "Choose a program your organisation has a contract for.")
    }
    guard let kind = TrainingKind(rawValue: kind) else {
      throw WorkspaceError.invalid("kind", "Izberite uvajanje ali seminar.", "Choose onboarding or a seminar.")
    }
    let preferred = preferred.trimmingCharacters(in: .whitespacesAndNewlines)
    let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !preferred.isEmpty else {
      throw WorkspaceError.invalid(
        "preferred", "Napišite, kdaj bi vam ustrezalo.", "Say when it would suit you.")
    }
    guard preferred.count <= preferredLimit else {
      throw WorkspaceError.invalid(
        "preferred", "Želeni termin je predolg (največ \(preferredLimit) znakov).",
        "The preferred time is too long (at most \(preferredLimit) characters).")
    }
    guard note.count <= noteLimit else {
      throw WorkspaceError.invalid(
        "note", "Opomba je predolga (največ \(noteLimit) znakov).",
        "The note is too long (at most \(noteLimit) characters).")
    }
    return try await dialect.writeTransaction(on: db) { db in
      let open = try await TrainingBooking.query(on: db).filter(\.$contact.$id == contact.id)
        .filter(\.$program.$id == programID).filter(\.$kind == kind)
        .filter(\.$status ~~ [TrainingBookingStatus.requested, .scheduled]).count()
      guard open == 0 else {
        throw WorkspaceError.conflict(
          "Za ta program že imate odprto naročilo; počakajte na termin ali ga prekličite.",
          "You already have an open booking for this program; wait for the date or cancel it.")
      }
      let booking = TrainingBooking()
      booking.$contact.id = contact.id
      booking.$organisation.id = contact.organisationID
      booking.$program.id = programID
      booking.kind = kind
      booking.preferred = preferred
      booking.note = note
      booking.status = .requested
      booking.staffNote = ""
      booking.createdAt = now
      booking.updatedAt = now
      try await booking.create(on: db)
      let locale = try await Contact.find(contact.id, on: db)?.locale
      try await notify(
        contact.email, locale: locale, kind: "training_booked", mail: mail, now: now, on: db
      ) { l in
        (
          l.pick("Prejeli smo vaše naročilo", "We have received your booking"),
          l.pick(
            "prejeli smo vaše naročilo (\(Self.kindName(kind, l)), program \(program.code)). Termin vam "
              + "sporočimo po e-pošti; naročilo spremljate na portalu.",
            "we have received your booking (\(Self.kindName(kind, l)), program \(program.code)). We will e-mail "
              + "you the date; you can follow the booking in the portal.")
        )
      }
      return try booking.requireID()
    }
  }

  /// The contact, or their organisation's admin, withdraws a booking that has not taken place. Anyone else's
  /// booking is not found.
  static func cancel(
    _ id: Int, by contact: ContactViewer, now: Date, dialect: any DatabaseDialect, on db: any Database
  ) async throws {
    try await dialect.writeTransaction(on: db) { db in
      guard let booking = try await TrainingBooking.find(id, on: db),
        booking.$contact.id == contact.id
          || (contact.isOrganisationAdmin && booking.$organisation.id == contact.organisationID)
      else { throw WorkspaceError.bookingNotFound }
      guard booking.status.isOpen else { throw alreadyClosed(booking.status) }
      booking.status = .cancelled
      booking.updatedAt = now
      try await booking.save(on: db)
    }
  }

  /// The contact's own bookings; an organisation admin sees every booking of the organisation.
  static func bookings(visibleTo viewer: ContactViewer, on db: any Database) async throws -> [Row] {
    let query =
      viewer.isOrganisationAdmin
      ? TrainingBooking.query(on: db).filter(\.$organisation.$id == viewer.organisationID)
      : TrainingBooking.query(on: db).filter(\.$contact.$id == viewer.id)
    return try await rows(query, on: db)
  }

  static func trainings(of contactID: Int, on db: any Database) async throws -> [Completed] {
    try await Training.query(on: db).filter(\.$contact.$id == contactID).with(\.$program)
      .sort(\.$completedOn, .descending).all()
      .map {
        Completed(
          programCode: $0.program.code, programName: $0.program.nameSl, kind: $0.kind, completedOn: $0.completedOn)
      }
  }

  // MARK: Support's side

  /// Open bookings oldest first, then the 30 most recently closed.
  static func overview(on db: any Database) async throws -> (open: [Row], closed: [Row]) {
    let open = try await rows(
      TrainingBooking.query(on: db).filter(\.$status ~~ [TrainingBookingStatus.requested, .scheduled]), on: db)
    let closed = try await rows(
      TrainingBooking.query(on: db).filter(\.$status ~~ [TrainingBookingStatus.completed, .cancelled])
        .sort(\.$updatedAt, .descending).limit(30),
      on: db)
    return (open.sorted { $0.createdAt < $1.createdAt }, closed)
  }

  /// Agrees a date with the contact (again, if it moves) and tells them by e-mail.
  static func schedule(
    _ id: Int, at date: Date?, note: String, in context: WorkContext, on db: any Database
  )
    async throws
  {
    guard let date else {
      throw WorkspaceError.invalid("scheduledAt", "Vpišite datum in uro.", "Enter the date and time.")
    }
    guard date > context.now else {
      throw WorkspaceError.invalid(
        "scheduledAt", "Termin mora biti v prihodnosti.", "The date must be in the future.")
    }
    let note = try staffNote(note)
    try await change(id, action: "training_booking.scheduled", in: context, on: db) { booking, contact, program, db in
      booking.status = .scheduled
      booking.scheduledAt = date
      booking.staffNote = note
      try await notify(
        contact.email, locale: contact.locale, kind: "training_scheduled", mail: context.mail, now: context.now,
        on: db
      ) { l in
        let w = context.policy.wording(l)
        return (
          l.pick("Termin za \(Self.kindName(booking.kind, l))", "The date of your \(Self.kindName(booking.kind, l))"),
          l.pick(
            "\(Self.kindName(booking.kind, l)) za program \(program.code) bo \(w.dateTime(date))."
              + (note.isEmpty ? "" : "\n\n" + note),
            "your \(Self.kindName(booking.kind, l)) for program \(program.code) is on \(w.dateTime(date))."
              + (note.isEmpty ? "" : "\n\n" + note))
        )
      }
      return ["scheduledAt": context.policy.machine(date)]
    }
  }

  /// It took place: records the contact's `Training` for the program on today's date (in the policy's zone).
  static func complete(_ id: Int, in context: WorkContext, on db: any Database) async throws {
    try await change(id, action: "training_booking.completed", in: context, on: db) { booking, _, _, db in
      let day = ISO8601.localDate(of: context.now, in: context.policy.configuration.timeZone).description
      let training = Training(
        contactID: booking.$contact.id, programID: booking.$program.id, kind: booking.kind, completedOn: day)
      try await training.create(on: db)
      booking.status = .completed
      booking.$training.id = training.id
      return ["completedOn": day]
    }
  }

  /// Support cannot hold it (the contact left, the program is not under contract …); the note says why.
  static func cancel(_ id: Int, note: String, in context: WorkContext, on db: any Database) async throws {
    let note = try staffNote(note)
    guard !note.isEmpty else {
      throw WorkspaceError.invalid(
        "staffNote", "Napišite stranki, zakaj naročilo preklicujete.", "Tell the customer why you cancel the booking.")
    }
    try await change(id, action: "training_booking.cancelled", in: context, on: db) { booking, contact, program, db in
      booking.status = .cancelled
      booking.staffNote = note
      try await notify(
        contact.email, locale: contact.locale, kind: "training_cancelled", mail: context.mail, now: context.now,
        on: db
      ) { l in
        (
          l.pick("Naročilo je preklicano", "Your booking is cancelled"),
          l.pick(
            "vaše naročilo (\(Self.kindName(booking.kind, l)), program \(program.code)) smo preklicali:\n\n\(note)",
            "we have cancelled your booking (\(Self.kindName(booking.kind, l)), program \(program.code)):\n\n\(note)")
        )
      }
      return [:]
    }
  }

  static func kindName(_ kind: TrainingKind, _ l: Language) -> String {
    switch kind {
    case .onboarding: l.pick("uvajanje", "onboarding")
    case .seminar: l.pick("seminar", "seminar")
    }
  }

  // MARK: Shared

  /// Locks nothing beyond the booking row's own update: two agents acting on one booking at once are serialised by
  /// re-reading its status inside the transaction, and the loser is told it changed.
  private static func change(
    _ id: Int, action: AuditAction, in context: WorkContext, on db: any Database,
    _ body: @escaping @Sendable (TrainingBooking, Contact, Program, any Database) async throws -> [String: String]
  ) async throws {
    try await context.dialect.writeTransaction(on: db) { db in
      guard let booking = try await context.dialect.lockRow(TrainingBooking.self, id: id, on: db),
        let contact = try await Contact.find(booking.$contact.id, on: db),
        let program = try await Program.find(booking.$program.id, on: db)
      else { throw WorkspaceError.bookingNotFound }
      guard booking.status.isOpen else { throw alreadyClosed(booking.status) }
      var details = try await body(booking, contact, program, db)
      booking.updatedAt = context.now
      try await booking.save(on: db)
      details["booking"] = String(id)
      details["status"] = booking.status.rawValue
      try await Audit.record(
        action, by: .staff(email: context.staff.email), subject: contact.email, details: details, at: context.now,
        on: db)
    }
  }

  private static func alreadyClosed(_ status: TrainingBookingStatus) -> WorkspaceError {
    WorkspaceError.conflict(
      status == .completed ? "Naročilo je že opravljeno." : "Naročilo je že preklicano.",
      status == .completed ? "The booking is already completed." : "The booking is already cancelled.")
  }

  private static func staffNote(_ note: String) throws -> String {
    let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
    guard note.count <= noteLimit else {
      throw WorkspaceError.invalid(
        "staffNote", "Sporočilo je predolgo (največ \(noteLimit) znakov).",
        "The message is too long (at most \(noteLimit) characters).")
    }
    return note
  }

  private static func rows(_ query: QueryBuilder<TrainingBooking>, on db: any Database) async throws -> [Row] {
    try await query.with(\.$contact).with(\.$organisation).with(\.$program).sort(\.$createdAt, .descending).all()
      .map {
        Row(
          id: try $0.requireID(), contactName: $0.contact.name, contactEmail: $0.contact.email,
          organisationName: $0.organisation.name, programCode: $0.program.code, programName: $0.program.nameSl,
          kind: $0.kind, preferred: $0.preferred, note: $0.note, status: $0.status, scheduledAt: $0.scheduledAt,
          staffNote: $0.staffNote, createdAt: $0.createdAt)
      }
  }

  private static func notify(
    _ recipient: String, locale: String?, kind: String, mail: MailSettings, now: Date, on db: any Database,
    _ content: (Language) -> (subject: String, text: String)
  ) async throws {
    let l = Language(code: locale ?? "sl")
    let (subject, text) = content(l)
    try await Outbox.enqueue(
      OutgoingMail(
        kind: kind, recipient: recipient, subject: subject,
        text: l.pick("Pozdravljeni,\n\n", "Hello,\n\n") + text + "\n\n"
          + l.pick("Vaša naročila: ", "Your bookings: ")
          + SiteURL.portalOnboarding.absoluteURL(base: mail.publicURL) + "\n"),
      on: db, now: now, senderDomain: mail.senderDomain)
  }
}

/// An organisation's administrator registers a contact as a *new colleague*: the policy then bills such a
/// contact's requests (`paid.no-onboarding-or-settings`) instead of refusing them for missing onboarding.
enum Colleagues {
  struct Row: Sendable, Equatable {
    var id: Int
    var name: String
    var email: String
    var isOrganisationAdmin: Bool
    var newColleague: Bool
    /// "PL (uvajanje 2026-10-01)" per training on record.
    var trainings: [TrainingBookings.Completed]
  }

  static func list(organisationID: Int, on db: any Database) async throws -> [Row] {
    let contacts = try await Contact.query(on: db).filter(\.$organisation.$id == organisationID).sort(\.$name).all()
    let trainings = try await Training.query(on: db).filter(\.$contact.$id ~~ contacts.compactMap(\.id))
      .with(\.$program).sort(\.$completedOn, .descending).all()
    let byContact = Dictionary(grouping: trainings, by: \.$contact.id)
    return try contacts.map { contact in
      let id = try contact.requireID()
      return Row(
        id: id, name: contact.name, email: contact.email, isOrganisationAdmin: contact.role == .organisationAdmin,
        newColleague: contact.newColleague,
        trainings: (byContact[id] ?? []).map {
          .init(
            programCode: $0.program.code, programName: $0.program.nameSl, kind: $0.kind, completedOn: $0.completedOn)
        })
    }
  }

  /// Only an organisation administrator, and only for a contact of their own organisation (else not found).
  static func setNewColleague(
    _ contactID: Int, to value: Bool, by admin: ContactViewer, now: Date, dialect: any DatabaseDialect,
    on db: any Database
  ) async throws {
    guard admin.isOrganisationAdmin else { throw WorkspaceError.bookingNotFound }
    try await dialect.writeTransaction(on: db) { db in
      guard let contact = try await Contact.find(contactID, on: db),
        contact.$organisation.id == admin.organisationID
      else { throw WorkspaceError.bookingNotFound }
      guard contact.newColleague != value else { return }
      contact.newColleague = value
      try await contact.save(on: db)
      try await Audit.record(
        value ? "contact.new_colleague" : "contact.not_new_colleague", by: .contact(email: admin.email),
        subject: contact.email, at: now, on: db)
    }
  }
}
