import Foundation

/// A piece of evidence as plain JSON: a string, number, boolean, array or object.
public enum EvidenceValue: Hashable, Sendable, Codable {
  case string(String)
  case int(Int64)
  case double(Double)
  case bool(Bool)
  case array([EvidenceValue])
  case object([String: EvidenceValue])
  case null

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Int64.self) {
      self = .int(value)
    } else if let value = try? container.decode(Double.self) {
      self = .double(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([EvidenceValue].self) {
      self = .array(value)
    } else {
      self = .object(try container.decode([String: EvidenceValue].self))
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .string(let value): try container.encode(value)
    case .int(let value): try container.encode(value)
    case .double(let value): try container.encode(value)
    case .bool(let value): try container.encode(value)
    case .array(let value): try container.encode(value)
    case .object(let value): try container.encode(value)
    case .null: try container.encodeNil()
    }
  }

  /// An instant as evidence: ISO 8601 text with the zone's offset.
  public static func instant(_ date: Date, in timeZone: TimeZone = .ljubljana) -> EvidenceValue {
    .string(ISO8601.format(date, in: timeZone))
  }

  public var stringValue: String? {
    if case .string(let value) = self { value } else { nil }
  }

  public var intValue: Int64? {
    if case .int(let value) = self { value } else { nil }
  }

  public var boolValue: Bool? {
    if case .bool(let value) = self { value } else { nil }
  }

  public var arrayValue: [EvidenceValue]? {
    if case .array(let value) = self { value } else { nil }
  }

  public var objectValue: [String: EvidenceValue]? {
    if case .object(let value) = self { value } else { nil }
  }
}

extension EvidenceValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
  ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByFloatLiteral
{
  public init(stringLiteral value: String) { self = .string(value) }
  public init(integerLiteral value: Int64) { self = .int(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(floatLiteral value: Double) { self = .double(value) }
  public init(arrayLiteral elements: EvidenceValue...) { self = .array(elements) }
  public init(dictionaryLiteral elements: (String, EvidenceValue)...) {
    self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
  }
}

/// A rule that fired, with the facts that made it fire.
public struct FiredRule: Hashable, Sendable, Codable {
  public var id: RuleID
  public var evidence: [String: EvidenceValue]

  public init(id: RuleID, evidence: [String: EvidenceValue] = [:]) {
    self.id = id
    self.evidence = evidence
  }
}

/// What the policy decided about a request, why, and under which policy version.
public struct Decision: Hashable, Sendable, Codable {
  public var outcome: Outcome
  /// Every rule that fired, in `RuleID.allCases` order. Refused decisions list the paid rules that fired too;
  /// waived rules are not listed.
  public var rules: [FiredRule]
  /// `submittedAt` when support is open or an arrangement covers it, else the next opening.
  public var workCanStartAt: Date
  public var policyVersion: String

  public init(outcome: Outcome, rules: [FiredRule], workCanStartAt: Date, policyVersion: String) {
    self.outcome = outcome
    self.rules = rules
    self.workCanStartAt = workCanStartAt
    self.policyVersion = policyVersion
  }

  public var ruleIDs: [RuleID] { rules.map(\.id) }

  public func fired(_ id: RuleID) -> FiredRule? { rules.first { $0.id == id } }

  enum CodingKeys: String, CodingKey {
    case outcome, rules, workCanStartAt, policyVersion
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    outcome = try container.decode(Outcome.self, forKey: .outcome)
    rules = try container.decode([FiredRule].self, forKey: .rules)
    let text = try container.decode(String.self, forKey: .workCanStartAt)
    guard let instant = ISO8601.parse(text) else {
      throw DecodingError.dataCorruptedError(
        forKey: .workCanStartAt, in: container, debugDescription: "\"\(text)\" is not an ISO 8601 time with offset")
    }
    workCanStartAt = instant
    policyVersion = try container.decode(String.self, forKey: .policyVersion)
  }

  /// Encodes `workCanStartAt` as ISO 8601 text with the Europe/Ljubljana offset, as POLICY.md shows.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(outcome, forKey: .outcome)
    try container.encode(rules, forKey: .rules)
    try container.encode(ISO8601.format(workCanStartAt), forKey: .workCanStartAt)
    try container.encode(policyVersion, forKey: .policyVersion)
  }

  /// The decision as JSON in POLICY.md's shape and key order (`outcome`, `rules` [{`id`, `evidence`}],
  /// `workCanStartAt`, `policyVersion`), evidence keys sorted. `JSONEncoder` does not keep key order, and tools
  /// and people reading `policy explain` output compare it with the documented example, so it is written here.
  public func json(pretty: Bool = false, timeZone: TimeZone = .ljubljana) -> String {
    var object: [(String, EvidenceValue)] = [("outcome", .string(outcome.rawValue))]
    let ruleObjects = rules.map { rule -> EvidenceValue in
      .object(["id": .string(rule.id.rawValue), "evidence": .object(rule.evidence)])
    }
    object.append(("rules", .array(ruleObjects)))
    object.append(("workCanStartAt", .string(ISO8601.format(workCanStartAt, in: timeZone))))
    object.append(("policyVersion", .string(policyVersion)))
    var out = ""
    JSONWriter.writeObject(object, into: &out, pretty: pretty, indent: 0, keyOrder: ["id", "evidence"])
    return out
  }
}

/// A small JSON writer with a chosen key order, for output people compare against documentation.
enum JSONWriter {
  static func write(_ value: EvidenceValue, into out: inout String, pretty: Bool, indent: Int, keyOrder: [String]) {
    switch value {
    case .string(let text): writeString(text, into: &out)
    case .int(let number): out += String(number)
    case .double(let number):
      if number.isFinite {
        out += number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
      } else {
        out += "null"
      }
    case .bool(let flag): out += flag ? "true" : "false"
    case .null: out += "null"
    case .array(let items):
      if items.isEmpty {
        out += "[]"
        return
      }
      out += "["
      for (index, item) in items.enumerated() {
        if index > 0 { out += "," }
        newline(&out, pretty: pretty, indent: indent + 1)
        write(item, into: &out, pretty: pretty, indent: indent + 1, keyOrder: keyOrder)
      }
      newline(&out, pretty: pretty, indent: indent)
      out += "]"
    case .object(let members):
      let ordered = members.sorted { lhs, rhs in
        let l = keyOrder.firstIndex(of: lhs.key) ?? Int.max
        let r = keyOrder.firstIndex(of: rhs.key) ?? Int.max
        return l != r ? l < r : lhs.key < rhs.key
      }
      writeObject(ordered.map { ($0.key, $0.value) }, into: &out, pretty: pretty, indent: indent, keyOrder: keyOrder)
    }
  }

  static func writeObject(
    _ members: [(String, EvidenceValue)], into out: inout String, pretty: Bool, indent: Int, keyOrder: [String]
  ) {
    if members.isEmpty {
      out += "{}"
      return
    }
    out += "{"
    for (index, (key, value)) in members.enumerated() {
      if index > 0 { out += "," }
      newline(&out, pretty: pretty, indent: indent + 1)
      writeString(key, into: &out)
      out += pretty ? ": " : ":"
      write(value, into: &out, pretty: pretty, indent: indent + 1, keyOrder: keyOrder)
    }
    newline(&out, pretty: pretty, indent: indent)
    out += "}"
  }

  private static func newline(_ out: inout String, pretty: Bool, indent: Int) {
    guard pretty else { return }
    out += "\n" + String(repeating: "  ", count: indent)
  }

  static func writeString(_ text: String, into out: inout String) {
    out += "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    out += "\""
  }
}
