import Foundation
import SupportPolicy
import Wording

/// One line of a request's timeline as the customer reads it.
struct TimelineEntry: Sendable, Equatable {
  var kind: String
  var at: Date
  var title: String
  var details: [String]
  /// The line that says where the request stands now (the live waiting-list position).
  var isCurrent = false
}

/// Words for every customer-visible timeline event. Kinds it does not know (added later by the workspace) still get
/// a neutral line, so nothing visible is silently dropped.
enum TimelineWording {
  static func entries(
    _ events: [RequestEvent], request: SupportRequest, position: WaitingListPosition?, now: Date, wording w: Wording
  ) -> [TimelineEntry] {
    let l = w.language
    let lastResolved = events.lastIndex { $0.event == .resolved }
    var entries = events.enumerated().map { index, event in
      entry(event, request: request, isLastResolved: index == lastResolved, wording: w)
    }
    if request.status == .waiting, let position {
      entries.append(
        TimelineEntry(
          kind: "now", at: now, title: l.pick("Zdaj: na čakalni listi", "Now: on the waiting list"),
          details: waitingDetails(position, w), isCurrent: true))
    }
    return entries
  }

  /// "Mesto 3 (pred vami sta 2 zahtevi)…", the estimate in support hours.
  static func waitingDetails(_ position: WaitingListPosition, _ w: Wording) -> [String] {
    [
      w.pick(
        "Mesto na čakalni listi: \(position.ahead + 1) (\(aheadPhrase(position.ahead, w))).",
        "Place on the waiting list: \(position.ahead + 1) (\(w.count(position.ahead, .request)) ahead of yours)."),
      w.pick("Predviden začetek reševanja: ", "Estimated start: ") + w.supportTime(position.estimatedStart) + ".",
    ]
  }

  /// Slovenian has a dual and a paucal, and the verb agrees: "pred vami je 1 zahteva / sta 2 zahtevi / so 3 zahteve /
  /// je 5 zahtev"; "2 requests ahead of yours".
  static func aheadPhrase(_ count: Int, _ w: Wording) -> String {
    guard count > 0 else { return w.pick("pred vami ni nobene zahteve", "no request ahead of yours") }
    return w.pick(
      "pred vami \(w.form(count, .be)) \(w.count(count, .request))", "\(w.count(count, .request)) ahead of yours")
  }

  static func data(of event: RequestEvent) -> [String: String] {
    guard let object = try? JSONSerialization.jsonObject(with: Data(event.data.utf8)) as? [String: Any] else {
      return [:]
    }
    return object.compactMapValues { value in
      switch value {
      case let text as String: text
      case let number as NSNumber: number.stringValue
      default: nil
      }
    }
  }

  static func rules(_ list: String?) -> [String] {
    (list ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
  }

  static func entry(
    _ event: RequestEvent, request: SupportRequest, isLastResolved: Bool, wording w: Wording
  ) -> TimelineEntry {
    let l = w.language
    let data = data(of: event)
    let who = event.actorName
    func by(_ text: String) -> String { who.map { text + " (" + $0 + ")" } ?? text }
    func status(_ raw: String?) -> String {
      raw.flatMap(RequestStatus.init(rawValue:)).map { PortalWording.status($0, l) } ?? (raw ?? "")
    }
    func outcome(_ raw: String?) -> String {
      raw.flatMap(Outcome.init(rawValue:)).map { PortalWording.outcome($0, l) } ?? (raw ?? "")
    }
    var title: String
    var details: [String] = []
    switch event.event {
    case .submitted:
      let channel = data["channel"].flatMap(RequestChannel.init(rawValue:)) ?? request.channel
      title = by(l.pick("Zahteva oddana", "Request submitted"))
      details.append(l.pick("Pot: ", "Channel: ") + PortalWording.channel(channel, l))
    case .waitingList:
      title = l.pick("Uvrščena na čakalno listo", "Placed on the waiting list")
      if let start = data["workCanStartAt"].flatMap(ISO8601.parse), start > event.at + 60 {
        details.append(
          l.pick("Z delom je bilo mogoče začeti ", "Work could start ") + w.supportTime(start) + ".")
      }
    case .accepted:
      title = l.pick("Sprejeta v reševanje", "Accepted into resolution")
      if let handler = data["assignee"] ?? who { details.append(l.pick("Rešuje: ", "Handled by: ") + handler) }
    case .resumed:
      title = by(l.pick("Znova v reševanju", "Back in resolution"))
    case .waitingForCustomer:
      title = by(l.pick("Čakamo na vaš odgovor", "Waiting for your reply"))
      details.append(
        l.pick(
          "Odgovorite spodaj v pogovoru; zahteva se nato nadaljuje.",
          "Reply in the conversation below; the request then continues."))
    case .customerReplied:
      title = by(l.pick("Odgovor stranke", "Customer's reply"))
      // A reply that reopened the request is followed by its own "reopened" line, which names the new status.
      if let to = data["to"], data["from"] != RequestStatus.resolved.rawValue {
        details.append(l.pick("Novo stanje: ", "New status: ") + status(to))
      }
    case .replied:
      title = by(l.pick("Odgovor podpore", "Reply from support"))
    case .resolved:
      title = by(l.pick("Rešena", "Resolved"))
      if let solution = data["solution"] ?? (isLastResolved ? request.solution : nil), !solution.isEmpty {
        details.append(l.pick("Rešitev: ", "Solution: ") + solution)
      }
      if let minutes = data["minutes"], Int(minutes) != nil {
        details.append(l.pick("Porabljen čas: \(minutes) min", "Time used: \(minutes) min"))
      }
      if let decided = data["outcome"], !decided.isEmpty {
        details.append(l.pick("Ocena ob rešitvi: ", "Verdict at resolution: ") + outcome(decided))
        details += rules(data["rules"]).map { PortalWording.reason($0, l) }
      }
    case .closed:
      title = l.pick("Zaključena", "Closed")
    case .reopened:
      title = by(l.pick("Ponovno odprta", "Reopened"))
      if let to = data["to"] { details.append(l.pick("Novo stanje: ", "New status: ") + status(to)) }
      if let reason = data["reason"], !reason.isEmpty { details.append(l.pick("Razlog: ", "Reason: ") + reason) }
    case .refused:
      title = l.pick("Zavrnjena", "Refused")
      let codes = rules(data["rules"])
      if codes.isEmpty {
        if let reason = data["reason"] ?? request.refusalReason, !reason.isEmpty {
          details.append(PortalWording.reason(reason, l))
        }
      } else {
        details += codes.map { PortalWording.reason($0, l) }
      }
    case .readmitted:
      title = by(l.pick("Ponovno sprejeta na čakalno listo", "Re-admitted to the waiting list"))
    case .decisionChanged:
      title = l.pick("Spremenjena ocena", "Verdict changed")
      details.append("\(outcome(data["from"])) → \(outcome(data["to"]))")
      details += rules(data["rules"]).map { PortalWording.reason($0, l) }
    case .decisionOverridden:
      title = by(l.pick("Oceno je pregledal vodja podpore", "The verdict was reviewed by a support supervisor"))
      if let to = data["to"] { details.append(l.pick("Nova ocena: ", "New verdict: ") + outcome(to)) }
      if let reason = data["reason"], !reason.isEmpty { details.append(l.pick("Razlog: ", "Reason: ") + reason) }
    case .categoryChanged:
      title = l.pick("Spremenjena vrsta vprašanja", "Kind of question changed")
      let from = data["from"].flatMap(RequestCategory.init(rawValue:)).map { PortalWording.category($0, l) }
      let to = data["to"].flatMap(RequestCategory.init(rawValue:)).map { PortalWording.category($0, l) }
      if let from, let to { details.append("\(from) → \(to)") }
    case .knowledgeLinked:
      if data["action"] == "removed" {
        title = l.pick("Povezava s pomočjo odstranjena", "Link to the help removed")
      } else {
        title = l.pick("Odgovor je v pomoči", "The answer is in the help")
      }
      if let linked = data["title"] { details.append(linked) }
    case .repeatLinked:
      title =
        data["action"] == "removed"
        ? l.pick("Povezava s prejšnjo zahtevo odstranjena", "Link to an earlier request removed")
        : l.pick("Povezana s prejšnjo zahtevo", "Linked to an earlier request")
      if let number = data["request"] ?? data["number"] { details.append(number) }
    case .internalNote, .timeLogged, .reassigned, nil:
      title = by(l.pick("Sprememba zahteve", "Request updated"))
    }
    return TimelineEntry(kind: event.kind, at: event.at, title: title, details: details)
  }
}
