import Foundation
import SupportPolicy

/// The portal's words for the domain's values, in both languages side by side.
enum PortalWording {
  static func status(_ status: RequestStatus, _ l: Language) -> String {
    switch status {
    case .waiting: l.pick("Na čakalni listi", "On the waiting list")
    case .inProgress: l.pick("V reševanju", "Being resolved")
    case .waitingForCustomer: l.pick("Čaka na vaš odgovor", "Waiting for your reply")
    case .resolved: l.pick("Rešena", "Resolved")
    case .closed: l.pick("Zaključena", "Closed")
    case .refused: l.pick("Zavrnjena", "Refused")
    }
  }

  /// The categories of POLICY.md in plain words, with a hint that says what belongs there.
  static func category(_ category: RequestCategory, _ l: Language) -> String {
    switch category {
    case .usage: l.pick("Vprašanje o uporabi programa", "A question about using the program")
    case .error: l.pick("Prijava napake v programu", "Reporting an error in the program")
    case .legislation: l.pick("Zakonodaja in predpisi", "Legislation and regulations")
    case .businessOrganisation: l.pick("Organizacija poslovanja", "How to organise the business")
    case .training: l.pick("Izobraževanje", "Training")
    case .otherRemoteService:
      l.pick("Druga storitev na daljavo", "Another remote service")
    }
  }

  static func categoryHint(_ category: RequestCategory, _ l: Language) -> String {
    switch category {
    case .usage: l.pick("Kako nekaj naredim v programu.", "How do I do something in the program.")
    case .error: l.pick("Program ne dela, kot bi moral.", "The program does not work as it should.")
    case .legislation:
      l.pick("Kaj zahtevajo predpisi, npr. nova minimalna plača.", "What regulations require, e.g. a new minimum wage.")
    case .businessOrganisation:
      l.pick(
        "Kako organizirati delo, npr. izdajanje računov v podružnici.",
        "How to organise work, e.g. invoicing in a branch.")
    case .training:
      l.pick(
        "Individualno izobraževanje, seminar ali izobraževanje po telefonu.",
        "Individual training, a seminar or training by phone.")
    case .otherRemoteService:
      l.pick("Pomoč na daljavo, ki ni vezana na delovanje programa.", "Remote help not tied to how the program works.")
    }
  }

  static func channel(_ channel: RequestChannel, _ l: Language) -> String {
    switch channel {
    case .portal: l.pick("portal", "portal")
    case .email: l.pick("e-pošta", "e-mail")
    case .phone: l.pick("telefon", "phone")
    }
  }

  static func outcome(_ outcome: Outcome, _ l: Language) -> String {
    switch outcome {
    case .free: l.pick("Brezplačno", "Free of charge")
    case .paid: l.pick("Plačljivo", "Charged")
    case .refused: l.pick("Pomoči ne moremo nuditi", "We cannot help")
    }
  }

  static func outcomeHeadline(_ outcome: Outcome, _ l: Language) -> String {
    switch outcome {
    case .free: l.pick("Pomoč bo brezplačna.", "Help will be free of charge.")
    case .paid: l.pick("Pomoč bo plačljiva.", "Help will be charged.")
    case .refused: l.pick("Pomoči žal ne moremo nuditi.", "We are sorry, we cannot help.")
    }
  }

  static func service(_ service: BillableService, _ l: Language) -> String {
    switch service {
    case .standardSupport: l.pick("pomoč uporabnikom", "user support")
    case .remoteConnection: l.pick("pomoč s povezavo na daljavo", "help over a remote connection")
    case .dataCorrection: l.pick("popravljanje podatkov", "data correction")
    case .training: l.pick("izobraževanje", "training")
    case .legislationAndBusinessAdvice:
      l.pick("svetovanje o zakonodaji in organizaciji poslovanja", "advice on legislation and business organisation")
    }
  }

  static func program(_ program: Program, _ l: Language) -> String {
    "\(program.code) – " + l.pick(program.nameSl, program.nameEn)
  }

  /// The customer's sentence for a rule, falling back to the stored text for records that carry free text.
  static func reason(_ code: String, _ l: Language) -> String {
    RuleID(rawValue: code)?.customerText(in: l) ?? code
  }
}
