import Foundation

/// The outcome of a support request under the policy. Precedence: refused beats paid beats free.
public enum Outcome: String, Codable, Sendable, CaseIterable, Comparable {
  case free, paid, refused

  var rank: Int {
    switch self {
    case .free: 0
    case .paid: 1
    case .refused: 2
    }
  }

  public static func < (lhs: Outcome, rhs: Outcome) -> Bool { lhs.rank < rhs.rank }
}

/// The stable ids of POLICY.md's rules. Their order (refusals, paid, free) is the order rules are listed in a
/// decision.
public enum RuleID: String, CaseIterable, Codable, Sendable {
  case unpaidObligations = "refuse.unpaid-obligations"
  case personNotOnboarded = "refuse.person-not-onboarded"
  case outsideHours = "refuse.outside-hours"
  case notViaPortal = "paid.not-via-portal"
  case noOnboardingOrSettings = "paid.no-onboarding-or-settings"
  case answerInKnowledgeBase = "paid.answer-in-knowledge-base"
  case complexOver15Minutes = "paid.complex-over-15-min"
  case needsTraining = "paid.needs-training"
  case legislationOrBusiness = "paid.legislation-or-business"
  case dataCorrection = "paid.data-correction"
  case remoteConnection = "paid.remote-connection"
  case repeatedQuestion = "paid.repeated-question"
  case otherRemoteService = "paid.other-remote-service"
  case shortUsageQuestion = "free.short-usage-question"
  case newProgramStarter = "free.new-program-starter"

  /// The rule's position in `allCases`, without hashing its raw string (the engine checks switches per decision).
  var index: Int {
    switch self {
    case .unpaidObligations: 0
    case .personNotOnboarded: 1
    case .outsideHours: 2
    case .notViaPortal: 3
    case .noOnboardingOrSettings: 4
    case .answerInKnowledgeBase: 5
    case .complexOver15Minutes: 6
    case .needsTraining: 7
    case .legislationOrBusiness: 8
    case .dataCorrection: 9
    case .remoteConnection: 10
    case .repeatedQuestion: 11
    case .otherRemoteService: 12
    case .shortUsageQuestion: 13
    case .newProgramStarter: 14
    }
  }

  /// The outcome a rule pushes the decision towards.
  public var outcome: Outcome {
    switch self {
    case .unpaidObligations, .personNotOnboarded, .outsideHours: .refused
    case .notViaPortal, .noOnboardingOrSettings, .answerInKnowledgeBase, .complexOver15Minutes, .needsTraining,
      .legislationOrBusiness, .dataCorrection, .remoteConnection, .repeatedQuestion, .otherRemoteService:
      .paid
    case .shortUsageQuestion, .newProgramStarter: .free
    }
  }

  /// What the customer reads when the rule fired. The texts carry no numbers (limits and hours are configurable);
  /// the evidence and `advice` carry the specifics.
  public func customerText(in language: Language) -> String {
    switch language {
    case .sl: slovenianText
    case .en: englishText
    }
  }

  /// The Slovenian sentence the customer reads.
  public var slovenianText: String {
    switch self {
    case .unpaidObligations:
      "Pomoči vam trenutno ne moremo nuditi, ker vaša organizacija nima poravnanih zapadlih obveznosti."
    case .personNotOnboarded:
      "Pomoči za ta program ne moremo nuditi osebi, ki pri nas ni opravila uvajanja v ta program in se ni "
        + "udeležila našega seminarja zanj."
    case .outsideHours:
      "Izven delovnega časa podpore pomoči ne nudimo, razen če smo se z vami vnaprej drugače dogovorili."
    case .notViaPortal:
      "Zahtevek ni bil oddan prek uporabniškega portala, zato je pomoč plačljiva."
    case .noOnboardingOrSettings:
      "Za ta program uvajanje ni bilo opravljeno ali nastavitve niso urejene (to velja tudi za nove sodelavce), "
        + "zato je pomoč plačljiva."
    case .answerInKnowledgeBase:
      "Odgovor na vaše vprašanje je objavljen v spletni pomoči ali v e-novicah, zato je pomoč plačljiva."
    case .complexOver15Minutes:
      "Vprašanje je kompleksno, saj reševanje traja dlje od brezplačne kratke pomoči, zato je pomoč plačljiva."
    case .needsTraining:
      "Za odgovor je potrebno izobraževanje (individualno, seminar ali izobraževanje po telefonu), "
        + "zato je pomoč plačljiva."
    case .legislationOrBusiness:
      "Vprašanje se nanaša na zakonodajo (predpise) ali organizacijo poslovanja, zato je pomoč plačljiva."
    case .dataCorrection:
      "Zahtevek zahteva popravljanje podatkov, zato je pomoč plačljiva."
    case .remoteConnection:
      "Zahtevek zahteva povezavo na daljavo, zato je pomoč plačljiva."
    case .repeatedQuestion:
      "Na enako vprašanje oziroma enako napako smo vam že odgovorili z jasnimi navodili, kar je razvidno v našem "
        + "sistemu za beleženje zahtevkov, zato je pomoč plačljiva."
    case .otherRemoteService:
      "Gre za storitev pomoči na daljavo, ki ni vezana na delovanje programa, zato je plačljiva."
    case .shortUsageQuestion:
      "Gre za krajše vprašanje o uporabi programa ali za prijavo napake, zato je pomoč brezplačna."
    case .newProgramStarter:
      "Pred kratkim ste opravili uvajanje ali se udeležili seminarja za ta program, zato vam daljše pomoči "
        + "ne zaračunamo."
    }
  }

  /// The English sentence the customer reads.
  public var englishText: String {
    switch self {
    case .unpaidObligations:
      "We cannot help at the moment because your organisation has overdue obligations that are not settled."
    case .personNotOnboarded:
      "We cannot help a person with this program unless they have completed our onboarding or a seminar for it."
    case .outsideHours:
      "We do not provide help outside support hours unless this was agreed with you in advance."
    case .notViaPortal:
      "The request was not filed through the customer portal, so help is charged."
    case .noOnboardingOrSettings:
      "Onboarding for this program was not done or its settings are not in order (this also applies to new "
        + "colleagues), so help is charged."
    case .answerInKnowledgeBase:
      "The answer to your question is published in the online help or in the e-newsletter, so help is charged."
    case .complexOver15Minutes:
      "The question is complex: handling it takes longer than the free short help, so help is charged."
    case .needsTraining:
      "Answering needs training (individual, a seminar or training by phone), so help is charged."
    case .legislationOrBusiness:
      "The question concerns legislation (regulations) or business organisation, so help is charged."
    case .dataCorrection:
      "The request needs data to be corrected, so help is charged."
    case .remoteConnection:
      "The request needs a remote connection, so help is charged."
    case .repeatedQuestion:
      "We already answered the same question or error with clear instructions, as our request tracking system "
        + "shows, so help is charged."
    case .otherRemoteService:
      "This is a remote service not tied to how the program works, so it is charged."
    case .shortUsageQuestion:
      "This is a short question about using the program or an error report, so help is free."
    case .newProgramStarter:
      "You recently completed onboarding or a seminar for this program, so longer help is not charged."
    }
  }

  /// What the customer can do about a refusal; nil for rules that do not refuse. `nextOpening` is the time to
  /// name for `refuse.outside-hours`.
  public func advice(in language: Language, nextOpening: Date? = nil, timeZone: TimeZone = .ljubljana) -> String? {
    switch (self, language) {
    case (.unpaidObligations, .sl):
      return "Poravnajte zapadle obveznosti. Ko bo plačilo evidentirano, bomo vaš zahtevek znova sprejeli "
        + "v reševanje; ponovno vam ga ni treba oddati."
    case (.unpaidObligations, .en):
      return "Please settle the overdue obligations. Once the payment is recorded we will re-admit your request; "
        + "you do not need to file it again."
    case (.personNotOnboarded, .sl):
      return "Na portalu naročite uvajanje za ta program. Če ste nov sodelavec, naj vas skrbnik vaše organizacije "
        + "označi kot novega sodelavca; pomoč bo nato plačljiva."
    case (.personNotOnboarded, .en):
      return "Book onboarding for this program in the portal. If you are a new colleague, ask your organisation's "
        + "administrator to register you as one; help will then be charged."
    case (.outsideHours, .sl):
      let when = nextOpening.map { "najprej " + SupportTimeWording.slovenian($0, in: timeZone) } ?? ""
      return "Pokličite nas v delovnem času podpore\(when.isEmpty ? "" : ", " + when), ali zahtevek oddajte "
        + "na portalu, kjer ga sprejmemo ob vsakem času."
    case (.outsideHours, .en):
      let when = nextOpening.map { "at the earliest " + SupportTimeWording.english($0, in: timeZone) } ?? ""
      return "Call us during support hours\(when.isEmpty ? "" : ", " + when), or file the request in the portal, "
        + "which accepts requests at any time."
    default:
      return nil
    }
  }

  /// The price-list service a paid rule is billed as; nil for refusals and free rules.
  public var billableService: BillableService? {
    switch self {
    case .remoteConnection, .otherRemoteService: .remoteConnection
    case .dataCorrection: .dataCorrection
    case .needsTraining: .training
    case .legislationOrBusiness: .legislationAndBusinessAdvice
    case .notViaPortal, .noOnboardingOrSettings, .answerInKnowledgeBase, .complexOver15Minutes, .repeatedQuestion:
      .standardSupport
    case .unpaidObligations, .personNotOnboarded, .outsideHours, .shortUsageQuestion, .newProgramStarter: nil
    }
  }
}

/// Instants worded for customers: "v ponedeljek, 30. 11. 2026, ob 9.30" / "Monday 30 November 2026 at 09:30".
public enum SupportTimeWording {
  public static func slovenian(_ date: Date, in timeZone: TimeZone = .ljubljana) -> String {
    let (day, minute) = parts(date, timeZone)
    let time = "\(minute / 60).\(ASCIIDigits.padded(minute % 60, 2))"
    return "v \(day.weekday.slovenianAccusative), \(day.day). \(day.month). \(day.year), ob \(time)"
  }

  public static func english(_ date: Date, in timeZone: TimeZone = .ljubljana) -> String {
    let (day, minute) = parts(date, timeZone)
    let months = [
      "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
      "December",
    ]
    let time = ASCIIDigits.padded(minute / 60, 2) + ":" + ASCIIDigits.padded(minute % 60, 2)
    return "\(day.weekday.englishName) \(day.day) \(months[day.month - 1]) \(day.year) at \(time)"
  }

  private static func parts(_ date: Date, _ timeZone: TimeZone) -> (LocalDate, Int) {
    let day = ISO8601.localDate(of: date, in: timeZone)
    let offset = Double(timeZone.secondsFromGMT(for: date))
    let unix = date.timeIntervalSinceReferenceDate + CivilDays.unixToReference + offset
    let minuteOfDay = Int((unix - Double(day.daysSince1970) * 86_400) / 60)
    return (day, minuteOfDay)
  }
}
