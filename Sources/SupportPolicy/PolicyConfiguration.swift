import Foundation
import Yams

/// Hours of open support time within which each channel's requests should be accepted into resolution.
public struct AcceptanceTargets: Hashable, Sendable {
  public var portal: Double
  public var email: Double
  public var phone: Double

  public init(portal: Double, email: Double, phone: Double) {
    self.portal = portal
    self.email = email
    self.phone = phone
  }

  public func hours(for channel: RequestFacts.Channel) -> Double {
    switch channel {
    case .portal: portal
    case .email: email
    case .phone: phone
    }
  }
}

/// The versioned policy file: everything POLICY.md calls configuration rather than code.
///
/// Read with `load(_:)` from YAML or JSON. Missing keys take the defaults; unknown keys and out-of-range values
/// are errors naming the key path (`supportHours.close`), because a typo in a policy file would otherwise
/// silently change who pays.
public struct PolicyConfiguration: Codable, Sendable, Hashable {
  /// Recorded in every decision, so that changing the policy never rewrites decisions already made.
  public var version: String
  public var timeZone: TimeZone
  public var supportHours: SupportHours
  public var extraClosedDays: [ExtraClosedDay]
  public var extraOpenWindows: [OpenWindow]
  /// Short help up to this many minutes is free.
  public var freeLimitMinutes: Int
  /// A contact who completed onboarding or a seminar at most this many days before a request is a starter.
  public var starterPeriodDays: Int
  /// An e-mail or phone request waiting longer than this much open support time joins the portal class.
  public var promotionAfterSupportSeconds: Int
  public var acceptanceTargetHours: AcceptanceTargets
  /// Whether each rule is on; every rule has an entry.
  public var rules: [RuleID: Bool]
  public var prices: PriceList

  public init(
    version: String, timeZone: TimeZone = .ljubljana, supportHours: SupportHours = .standard,
    extraClosedDays: [ExtraClosedDay] = [], extraOpenWindows: [OpenWindow] = [], freeLimitMinutes: Int = 15,
    starterPeriodDays: Int = 90, promotionAfterSupportSeconds: Int = 8 * 3600,
    acceptanceTargetHours: AcceptanceTargets = AcceptanceTargets(portal: 4, email: 8, phone: 8),
    switchedOffRules: Set<RuleID> = [], prices: PriceList = .defaults
  ) {
    self.version = version
    self.timeZone = timeZone
    self.supportHours = supportHours
    self.extraClosedDays = extraClosedDays
    self.extraOpenWindows = extraOpenWindows
    self.freeLimitMinutes = freeLimitMinutes
    self.starterPeriodDays = starterPeriodDays
    self.promotionAfterSupportSeconds = promotionAfterSupportSeconds
    self.acceptanceTargetHours = acceptanceTargetHours
    self.rules = Dictionary(uniqueKeysWithValues: RuleID.allCases.map { ($0, !switchedOffRules.contains($0)) })
    self.prices = prices
  }

  /// POLICY.md's defaults: Europe/Ljubljana, `SupportHours.standard`, 15 free minutes, 90 starter days, promotion
  /// after one business day (8 open hours), acceptance targets portal 4 h / e-mail 8 h / phone 8 h, every rule on.
  public static let defaults = PolicyConfiguration(version: "2026.1")

  public func isEnabled(_ rule: RuleID) -> Bool { rules[rule] ?? true }

  /// The support calendar this policy describes. Build it once and keep it: it caches per-year tables.
  public func makeCalendar() -> SupportCalendar {
    SupportCalendar(
      timeZone: timeZone, hours: supportHours, extraClosedDays: extraClosedDays, extraOpenWindows: extraOpenWindows)
  }

  /// The instant by which a request should be accepted into resolution under the channel's target.
  public func acceptanceDeadline(
    for channel: RequestFacts.Channel, submittedAt: Date, calendar: SupportCalendar
  ) -> Date {
    calendar.add(seconds: Int((acceptanceTargetHours.hours(for: channel) * 3600).rounded()), to: submittedAt)
  }

  /// Reads a policy file written in YAML or JSON.
  public static func load(_ data: Data) throws(PolicyConfigurationError) -> PolicyConfiguration {
    guard let text = String(data: data, encoding: .utf8) else {
      throw PolicyConfigurationError(keyPath: "", message: "the policy file is not UTF-8 text")
    }
    do {
      if text.first(where: { !$0.isWhitespace }) == "{" {
        return try JSONDecoder().decode(PolicyConfiguration.self, from: data)
      }
      // An empty file, or one with only comments, is a policy of all defaults.
      guard try Yams.compose(yaml: text) != nil else { return .defaults }
      return try YAMLDecoder().decode(PolicyConfiguration.self, from: text)
    } catch let error as PolicyConfigurationError {
      throw error
    } catch let error as DecodingError {
      // Yams wraps errors thrown while decoding in "not valid YAML"; the policy's own error is the real one.
      if case .dataCorrupted(let context) = error, let own = context.underlyingError as? PolicyConfigurationError {
        throw own
      }
      if case .dataCorrupted(let context) = error, let inner = context.underlyingError as? DecodingError {
        throw PolicyConfigurationError(inner)
      }
      throw PolicyConfigurationError(error)
    } catch {
      throw PolicyConfigurationError(keyPath: "", message: "not valid YAML or JSON: \(error)")
    }
  }

  // MARK: Coding

  private static let keys = [
    "version", "timeZone", "supportHours", "extraClosedDays", "extraOpenWindows", "freeLimitMinutes",
    "starterPeriodDays", "promotionAfterSupportSeconds", "acceptanceTargetHours", "rules", "prices",
  ]

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: ConfigKey.self)
    try c.rejectUnknownKeys(Self.keys)
    let defaults = PolicyConfiguration.defaults
    // Yams reads `version: ""` as null, so a present but empty version is caught by presence, not by value.
    version = try c.text("version") ?? (c.contains(ConfigKey("version")) ? "" : defaults.version)
    guard !version.trimmingCharacters(in: .whitespaces).isEmpty else { throw c.error("version", "must not be empty") }
    if let identifier = try c.text("timeZone") {
      guard let zone = TimeZone(identifier: identifier) else {
        throw c.error("timeZone", "unknown time zone \"\(identifier)\" (e.g. Europe/Ljubljana)")
      }
      timeZone = zone
    } else {
      timeZone = defaults.timeZone
    }
    supportHours = try c.decodeIfPresent(SupportHours.self, forKey: ConfigKey("supportHours")) ?? .standard
    extraClosedDays = try c.decodeIfPresent([ExtraClosedDay].self, forKey: ConfigKey("extraClosedDays")) ?? []
    extraOpenWindows = try c.decodeIfPresent([OpenWindow].self, forKey: ConfigKey("extraOpenWindows")) ?? []
    freeLimitMinutes = try c.count("freeLimitMinutes", in: 0...1440) ?? defaults.freeLimitMinutes
    starterPeriodDays = try c.count("starterPeriodDays", in: 0...3660) ?? defaults.starterPeriodDays
    promotionAfterSupportSeconds =
      try c.count("promotionAfterSupportSeconds", in: 0...Int(Int32.max)) ?? defaults.promotionAfterSupportSeconds
    acceptanceTargetHours =
      try c.decodeIfPresent(AcceptanceTargets.self, forKey: ConfigKey("acceptanceTargetHours"))
      ?? defaults.acceptanceTargetHours
    rules = defaults.rules
    if c.contains(ConfigKey("rules")), try !c.decodeNil(forKey: ConfigKey("rules")) {
      let r = try c.nestedContainer(keyedBy: ConfigKey.self, forKey: ConfigKey("rules"))
      for key in r.allKeys {
        guard let id = RuleID(rawValue: key.stringValue) else {
          throw r.error(key.stringValue, "unknown rule id (expected one of POLICY.md's ids, e.g. paid.not-via-portal)")
        }
        rules[id] = try r.decode(Bool.self, forKey: key)
      }
    }
    prices = try c.decodeIfPresent(PriceList.self, forKey: ConfigKey("prices")) ?? defaults.prices
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: ConfigKey.self)
    try c.encode(version, forKey: ConfigKey("version"))
    try c.encode(timeZone.identifier, forKey: ConfigKey("timeZone"))
    try c.encode(supportHours, forKey: ConfigKey("supportHours"))
    try c.encode(extraClosedDays, forKey: ConfigKey("extraClosedDays"))
    try c.encode(extraOpenWindows, forKey: ConfigKey("extraOpenWindows"))
    try c.encode(freeLimitMinutes, forKey: ConfigKey("freeLimitMinutes"))
    try c.encode(starterPeriodDays, forKey: ConfigKey("starterPeriodDays"))
    try c.encode(promotionAfterSupportSeconds, forKey: ConfigKey("promotionAfterSupportSeconds"))
    try c.encode(acceptanceTargetHours, forKey: ConfigKey("acceptanceTargetHours"))
    var r = c.nestedContainer(keyedBy: ConfigKey.self, forKey: ConfigKey("rules"))
    for id in RuleID.allCases { try r.encode(isEnabled(id), forKey: ConfigKey(id.rawValue)) }
    try c.encode(prices, forKey: ConfigKey("prices"))
  }
}

/// A policy file problem, naming the key path (`supportHours.close`, `extraClosedDays[1].date`); the path is
/// empty when the file as a whole is wrong.
public struct PolicyConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
  public var keyPath: String
  public var message: String

  public init(keyPath: String, message: String) {
    self.keyPath = keyPath
    self.message = message
  }

  public var description: String { keyPath.isEmpty ? message : "\(keyPath): \(message)" }

  init(_ error: DecodingError) {
    let described = DecodingErrorDescription(error)
    switch (described.path.isEmpty, error) {
    case (true, .dataCorrupted):
      self.init(keyPath: "", message: "not valid YAML or JSON: \(described.message)")
    case (true, .typeMismatch):
      self.init(keyPath: "", message: "the policy file must be a mapping of keys to values")
    default:
      self.init(keyPath: described.path, message: described.message)
    }
  }
}

struct ConfigKey: CodingKey, Hashable {
  var stringValue: String
  var intValue: Int?

  init(_ name: String) {
    stringValue = name
    intValue = nil
  }

  init?(stringValue: String) { self.init(stringValue) }

  init?(intValue: Int) {
    stringValue = String(intValue)
    self.intValue = intValue
  }
}

extension KeyedDecodingContainer where Key == ConfigKey {
  func error(_ name: String, _ message: String) -> PolicyConfigurationError {
    PolicyConfigurationError(keyPath: CodingPath.format(codingPath + [ConfigKey(name)]), message: message)
  }

  func rejectUnknownKeys(_ known: [String]) throws {
    for key in allKeys where !known.contains(key.stringValue) {
      throw error(key.stringValue, "unknown key (expected one of: \(known.joined(separator: ", ")))")
    }
  }

  /// Text; a YAML or JSON number is taken as its text, so that `version: 3` works.
  func text(_ name: String) throws -> String? {
    let key = ConfigKey(name)
    guard contains(key), try !decodeNil(forKey: key) else { return nil }
    if let text = try? decode(String.self, forKey: key) { return text }
    if let number = try? decode(Int.self, forKey: key) { return String(number) }
    if let number = try? decode(Double.self, forKey: key) { return String(number) }
    return try decode(String.self, forKey: key)
  }

  func count(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
    guard let value = try decodeIfPresent(Int.self, forKey: ConfigKey(name)) else { return nil }
    guard range.contains(value) else {
      throw error(name, "\(value) is out of range (allowed \(range.lowerBound)...\(range.upperBound))")
    }
    return value
  }

  func number(_ name: String, in range: ClosedRange<Double>) throws -> Double? {
    guard let value = try decodeIfPresent(Double.self, forKey: ConfigKey(name)) else { return nil }
    guard value.isFinite, range.contains(value) else {
      throw error(name, "\(value) is out of range (allowed \(range.lowerBound)...\(range.upperBound))")
    }
    return value
  }
}

extension SupportHours: Codable {
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: ConfigKey.self)
    try c.rejectUnknownKeys(["open", "close", "weekdays"])
    let standard = SupportHours.standard
    var open = standard.open
    var close = standard.close
    if let text = try c.text("open") {
      guard let time = TimeOfDay(text), time.minutes < 1440 else {
        throw c.error("open", "\"\(text)\" is not a time HH:MM before 24:00")
      }
      open = time
    }
    if let text = try c.text("close") {
      guard let time = TimeOfDay(text) else { throw c.error("close", "\"\(text)\" is not a time HH:MM") }
      close = time
    }
    guard open < close else {
      throw c.error("close", "\(close) must be later than supportHours.open (\(open))")
    }
    var weekdays = standard.weekdays
    if c.contains(ConfigKey("weekdays")), try !c.decodeNil(forKey: ConfigKey("weekdays")) {
      var list = try c.nestedUnkeyedContainer(forKey: ConfigKey("weekdays"))
      weekdays = []
      while !list.isAtEnd {
        let index = list.currentIndex
        let name = try list.decode(String.self)
        let path = CodingPath.format(c.codingPath + [ConfigKey("weekdays"), ConfigKey(intValue: index)!])
        guard let day = Weekday(rawValue: name.lowercased()) else {
          let allowed = Weekday.allCases.map(\.rawValue).joined(separator: ", ")
          throw PolicyConfigurationError(keyPath: path, message: "unknown weekday \"\(name)\" (expected \(allowed))")
        }
        guard !weekdays.contains(day) else {
          throw PolicyConfigurationError(keyPath: path, message: "\(name) is listed twice")
        }
        weekdays.append(day)
      }
      guard !weekdays.isEmpty else { throw c.error("weekdays", "must name at least one day") }
    }
    self.init(open: open, close: close, weekdays: weekdays)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: ConfigKey.self)
    try c.encode(open.description, forKey: ConfigKey("open"))
    try c.encode(close.description, forKey: ConfigKey("close"))
    try c.encode(weekdays.map(\.rawValue), forKey: ConfigKey("weekdays"))
  }
}

extension ExtraClosedDay: Codable {
  /// Either a bare date `2026-12-24` or `{date: 2026-12-24, name: Kolektivni dopust}`.
  public init(from decoder: any Decoder) throws {
    if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self) {
      guard let date = LocalDate(text) else {
        throw PolicyConfigurationError(
          keyPath: CodingPath.format(decoder.codingPath), message: "\"\(text)\" is not a date YYYY-MM-DD")
      }
      self.init(date: date)
      return
    }
    let c = try decoder.container(keyedBy: ConfigKey.self)
    try c.rejectUnknownKeys(["date", "name"])
    guard let text = try c.text("date") else { throw c.error("date", "missing (this field is required)") }
    guard let date = LocalDate(text) else { throw c.error("date", "\"\(text)\" is not a date YYYY-MM-DD") }
    self.init(date: date, name: try c.text("name"))
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: ConfigKey.self)
    try c.encode(date.description, forKey: ConfigKey("date"))
    try c.encodeIfPresent(name, forKey: ConfigKey("name"))
  }
}

extension OpenWindow: Codable {
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: ConfigKey.self)
    try c.rejectUnknownKeys(["from", "to"])
    func instant(_ name: String) throws -> Date {
      guard let text = try c.text(name) else { throw c.error(name, "missing (this field is required)") }
      guard let date = ISO8601.parse(text) else {
        throw c.error(name, "\"\(text)\" is not an ISO 8601 time with an offset (e.g. 2026-12-05T09:00:00+01:00)")
      }
      return date
    }
    let from = try instant("from")
    let to = try instant("to")
    guard from < to else { throw c.error("to", "must be later than from") }
    self.init(from: from, to: to)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: ConfigKey.self)
    try c.encode(ISO8601.format(from), forKey: ConfigKey("from"))
    try c.encode(ISO8601.format(to), forKey: ConfigKey("to"))
  }
}

extension AcceptanceTargets: Codable {
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: ConfigKey.self)
    try c.rejectUnknownKeys(["portal", "email", "phone"])
    let defaults = PolicyConfiguration.defaults.acceptanceTargetHours
    self.init(
      portal: try c.number("portal", in: 0...10_000) ?? defaults.portal,
      email: try c.number("email", in: 0...10_000) ?? defaults.email,
      phone: try c.number("phone", in: 0...10_000) ?? defaults.phone)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: ConfigKey.self)
    try c.encode(portal, forKey: ConfigKey("portal"))
    try c.encode(email, forKey: ConfigKey("email"))
    try c.encode(phone, forKey: ConfigKey("phone"))
  }
}

extension PriceList: Codable {
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: ConfigKey.self)
    try c.rejectUnknownKeys(["currency", "vatPercent", "billingUnitMinutes", "hourlyRates"])
    let defaults = PriceList.defaults
    let currency = try c.text("currency") ?? defaults.currency
    guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
      throw c.error("currency", "\"\(currency)\" is not an ISO 4217 code such as EUR")
    }
    var rates = defaults.hourlyRates
    if c.contains(ConfigKey("hourlyRates")), try !c.decodeNil(forKey: ConfigKey("hourlyRates")) {
      let r = try c.nestedContainer(keyedBy: ConfigKey.self, forKey: ConfigKey("hourlyRates"))
      try r.rejectUnknownKeys(BillableService.allCases.map(\.rawValue))
      for service in BillableService.allCases {
        guard let value = try r.number(service.rawValue, in: 0...1_000_000) else { continue }
        guard let money = Money(units: value) else {
          throw r.error(service.rawValue, "\(value) has more than two decimals")
        }
        rates[service] = money
      }
    }
    var vatBasisPoints = defaults.vatBasisPoints
    if let percent = try c.number("vatPercent", in: 0...100) {
      // VAT is computed in basis points, so a rate with more than two decimals cannot be represented.
      let scaled = percent * 100
      guard abs(scaled - scaled.rounded()) < 1e-6 else {
        throw c.error("vatPercent", "\(percent) has more than two decimals")
      }
      vatBasisPoints = Int(scaled.rounded())
    }
    self.init(
      currency: currency, vatBasisPoints: vatBasisPoints,
      billingUnitMinutes: try c.count("billingUnitMinutes", in: 1...1440) ?? defaults.billingUnitMinutes,
      hourlyRates: rates)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: ConfigKey.self)
    try c.encode(currency, forKey: ConfigKey("currency"))
    try c.encode(vatPercent, forKey: ConfigKey("vatPercent"))
    try c.encode(billingUnitMinutes, forKey: ConfigKey("billingUnitMinutes"))
    var r = c.nestedContainer(keyedBy: ConfigKey.self, forKey: ConfigKey("hourlyRates"))
    for service in BillableService.allCases {
      try r.encode(hourlyRate(for: service).units, forKey: ConfigKey(service.rawValue))
    }
  }
}
