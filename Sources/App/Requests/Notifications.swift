import Fluent
import Foundation
import SupportPolicy

/// The mail a customer gets when something they should hear of happens to a request. Always queued through the
/// outbox inside the caller's transaction.
enum Notifications {
  static func requestFiled(
    _ request: SupportRequest, decision: Decision, policy: PolicyStore, mail: MailSettings, now: Date,
    on db: any Database
  ) async throws {
    guard let contactID = request.$contact.id, let contact = try await Contact.find(contactID, on: db) else { return }
    let l = Language(code: contact.locale)
    let w = policy.wording(l)
    let link = SiteURL.portalRequest(.value(request.number)).absoluteURL(base: mail.publicURL)
    let reasons = decision.rules.map { "- " + $0.id.customerText(in: l) }.joined(separator: "\n")
    let outcome: String
    switch decision.outcome {
    case .free: outcome = l.pick("Pomoč bo brezplačna.", "Help will be free of charge.")
    case .paid: outcome = l.pick("Pomoč bo plačljiva.", "Help will be charged.")
    case .refused: outcome = l.pick("Pomoči žal ne moremo nuditi.", "We cannot provide help.")
    }
    let start =
      decision.outcome == .refused
      ? ""
      : l.pick(
        "Z delom lahko začnemo \(w.supportTime(decision.workCanStartAt)).\n",
        "Work can start \(w.supportTime(decision.workCanStartAt)).\n")
    let text = l.pick(
      "Pozdravljeni,\n\nprejeli smo vašo zahtevo \(request.number): \(request.subject)\n\n\(outcome)\n\(reasons)\n\n\(start)"
        + "Zahtevo spremljate na portalu: \(link)\n",
      "Hello,\n\nwe have received your request \(request.number): \(request.subject)\n\n\(outcome)\n\(reasons)\n\n\(start)"
        + "Follow it in the portal: \(link)\n")
    try await Outbox.enqueue(
      OutgoingMail(
        kind: "request_filed", recipient: contact.email,
        subject: "[#\(request.number)] " + l.pick("Prejeli smo vašo zahtevo", "We have received your request"),
        text: text, requestID: request.id),
      on: db, now: now, senderDomain: mail.senderDomain)
  }
}
