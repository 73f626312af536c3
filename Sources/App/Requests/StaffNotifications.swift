import Fluent
import Foundation
import SupportPolicy

/// The mail that staff actions cause: the customer hears when a request is accepted, waits for them, gets a reply,
/// is resolved, refused or re-admitted; an agent hears when a supervisor assigns them a request. Always queued
/// through the outbox inside the caller's transaction, so no change goes out without its mail or vice versa.
enum StaffNotifications {
  static func accepted(
    _ request: SupportRequest, agentName: String, mail: MailSettings, now: Date, on db: any Database
  )
    async throws
  {
    try await toCustomer(request, kind: "request_accepted", mail: mail, now: now, on: db) { l in
      (
        l.pick("Zahteva je sprejeta v reševanje", "Your request is accepted into resolution"),
        l.pick(
          "Vašo zahtevo \(request.number) (\(request.subject)) je sprejel(a) v reševanje \(agentName).",
          "\(agentName) has accepted your request \(request.number) (\(request.subject)) into resolution.")
      )
    }
  }

  static func waitingForCustomer(
    _ request: SupportRequest, message: String, mail: MailSettings, now: Date, on db: any Database
  ) async throws {
    try await toCustomer(request, kind: "request_waiting_for_customer", mail: mail, now: now, on: db) { l in
      (
        l.pick("Potrebujemo vaš odgovor", "We need your answer"),
        l.pick(
          "Za nadaljevanje reševanja zahteve \(request.number) potrebujemo vaš odgovor:\n\n\(message)\n\n"
            + "Odgovorite na portalu.",
          "To continue with request \(request.number) we need your answer:\n\n\(message)\n\nPlease reply in the portal."
        )
      )
    }
  }

  static func replied(
    _ request: SupportRequest, message: String, mail: MailSettings, now: Date, on db: any Database
  )
    async throws
  {
    try await toCustomer(request, kind: "request_replied", mail: mail, now: now, on: db) { l in
      (
        l.pick("Nov odgovor na vašo zahtevo", "A new reply to your request"),
        l.pick(
          "Na vašo zahtevo \(request.number) smo odgovorili:\n\n\(message)",
          "We have replied to your request \(request.number):\n\n\(message)")
      )
    }
  }

  static func resolved(
    _ request: SupportRequest, solution: String, minutes: Int, decision: DecisionRecord, mail: MailSettings,
    now: Date, on db: any Database
  ) async throws {
    let rules = RequestDecisions.rules(of: decision)
    try await toCustomer(request, kind: "request_resolved", mail: mail, now: now, on: db) { l in
      let outcome: String
      switch decision.outcome {
      case .paid: outcome = l.pick("Pomoč je plačljiva.", "Help is charged.")
      case .refused: outcome = l.pick("Pomoč je bila zavrnjena.", "Help was refused.")
      case .free: outcome = l.pick("Pomoč je brezplačna.", "Help is free of charge.")
      }
      let reasons = rules.map { "- " + $0.id.customerText(in: l) }.joined(separator: "\n")
      let override = decision.overrideReason.map { "\n" + l.pick("Odločitev vodje: ", "Supervisor's decision: ") + $0 }
      return (
        l.pick("Zahteva je rešena", "Your request is resolved"),
        l.pick(
          "Vaša zahteva \(request.number) (\(request.subject)) je rešena.\n\nRešitev:\n\(solution)\n\n"
            + "Porabljen čas: \(minutes) min.\n\(outcome)\n\(reasons)\(override ?? "")",
          "Your request \(request.number) (\(request.subject)) is resolved.\n\nSolution:\n\(solution)\n\n"
            + "Time spent: \(minutes) min.\n\(outcome)\n\(reasons)\(override ?? "")")
      )
    }
  }

  static func refused(
    _ request: SupportRequest, reason: String, mail: MailSettings, now: Date, on db: any Database
  )
    async throws
  {
    try await toCustomer(request, kind: "request_refused", mail: mail, now: now, on: db) { l in
      (
        l.pick("Zahteve žal ne moremo rešiti", "We cannot help with your request"),
        l.pick(
          "Vaše zahteve \(request.number) (\(request.subject)) žal ne moremo rešiti.\n\nRazlog: \(reason)",
          "We cannot help with your request \(request.number) (\(request.subject)).\n\nReason: \(reason)")
      )
    }
  }

  static func readmitted(_ request: SupportRequest, mail: MailSettings, now: Date, on db: any Database) async throws {
    try await toCustomer(request, kind: "request_readmitted", mail: mail, now: now, on: db) { l in
      (
        l.pick("Zahteva je znova na čakalni listi", "Your request is back on the waiting list"),
        l.pick(
          "Vaša zahteva \(request.number) (\(request.subject)) je znova sprejeta na čakalno listo; ponovno je ni "
            + "treba oddati.",
          "Your request \(request.number) (\(request.subject)) is back on the waiting list; you do not need to file "
            + "it again.")
      )
    }
  }

  /// A supervisor gave an agent a request: the agent hears of it by mail too, in case they are not looking.
  static func assigned(
    _ request: SupportRequest, to staff: StaffUser, by supervisor: String, mail: MailSettings, now: Date,
    on db: any Database
  ) async throws {
    let l = Language(code: staff.locale)
    let link = SiteURL.workspaceRequest(.value(request.number)).absoluteURL(base: mail.publicURL)
    try await Outbox.enqueue(
      OutgoingMail(
        kind: "staff_assigned", recipient: staff.email,
        subject: "[#\(request.number)] " + l.pick("Dodeljena vam je zahteva", "A request was assigned to you"),
        text: l.pick(
          "\(supervisor) vam je dodelil(a) zahtevo \(request.number): \(request.subject)\n\n\(link)\n",
          "\(supervisor) assigned request \(request.number) to you: \(request.subject)\n\n\(link)\n"),
        requestID: request.id),
      on: db, now: now, senderDomain: mail.senderDomain)
  }

  private static func toCustomer(
    _ request: SupportRequest, kind: String, mail: MailSettings, now: Date, on db: any Database,
    _ content: (Language) -> (subject: String, text: String)
  ) async throws {
    guard let contactID = request.$contact.id, let contact = try await Contact.find(contactID, on: db) else { return }
    let l = Language(code: contact.locale)
    let (subject, text) = content(l)
    let link = SiteURL.portalRequest(.value(request.number)).absoluteURL(base: mail.publicURL)
    try await Outbox.enqueue(
      OutgoingMail(
        kind: kind, recipient: contact.email, subject: "[#\(request.number)] " + subject,
        text: l.pick("Pozdravljeni,\n\n", "Hello,\n\n") + text + "\n\n"
          + l.pick("Zahtevo spremljate na portalu: ", "Follow it in the portal: ") + link + "\n",
        requestID: request.id),
      on: db, now: now, senderDomain: mail.senderDomain)
  }
}
