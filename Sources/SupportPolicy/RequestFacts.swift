import Foundation

/// Everything the policy needs to know about one support request, exactly as POLICY.md's input JSON.
///
/// Decoding follows POLICY.md: missing optional lists mean empty, missing flags mean false, a missing
/// `handlingMinutes` means 0, and `null` counts as missing. `channel`, `submittedAt`, `program`, `category`,
/// `organisation` and `organisation.standing` are required: guessing them would decide a request on invented
/// facts. A missing `contact` is a contact with no trainings who is not a new colleague (every field of it is a
/// list or a flag). Unknown keys are ignored so that callers can send richer objects.
public struct RequestFacts: Codable, Sendable, Hashable {
  public enum Channel: String, Codable, Sendable, CaseIterable {
    case portal, email, phone

    public init(from decoder: any Decoder) throws { self = try decodeStrictEnum(decoder) }
  }

  public enum Category: String, Codable, Sendable, CaseIterable {
    case usage, error, legislation
    case businessOrganisation = "business-organisation"
    case training
    case otherRemoteService = "other-remote-service"

    public init(from decoder: any Decoder) throws { self = try decodeStrictEnum(decoder) }
  }

  public enum Standing: String, Codable, Sendable, CaseIterable {
    case ok, overdue

    public init(from decoder: any Decoder) throws { self = try decodeStrictEnum(decoder) }
  }

  public enum TrainingKind: String, Codable, Sendable, CaseIterable {
    case onboarding, seminar

    public init(from decoder: any Decoder) throws { self = try decodeStrictEnum(decoder) }
  }

  public enum KnowledgeBaseKind: String, Codable, Sendable, CaseIterable {
    case article, newsletter

    public init(from decoder: any Decoder) throws { self = try decodeStrictEnum(decoder) }
  }

  /// A prior arrangement with the organisation: support may work in [from, to) even outside support hours.
  public struct Arrangement: Codable, Sendable, Hashable {
    public var from: Date
    public var to: Date

    public init(from: Date, to: Date) {
      self.from = from
      self.to = to
    }

    public func covers(_ instant: Date) -> Bool { from <= instant && instant < to }

    enum CodingKeys: String, CodingKey { case from, to }

    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      from = try container.decodeInstant(forKey: .from)
      to = try container.decodeInstant(forKey: .to)
    }

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(ISO8601.format(from), forKey: .from)
      try container.encode(ISO8601.format(to), forKey: .to)
    }
  }

  public struct Organisation: Codable, Sendable, Hashable {
    public var standing: Standing
    public var onboardedPrograms: [String]
    public var settingsInOrder: [String]
    public var arrangements: [Arrangement]

    public init(
      standing: Standing = .ok, onboardedPrograms: [String] = [], settingsInOrder: [String] = [],
      arrangements: [Arrangement] = []
    ) {
      self.standing = standing
      self.onboardedPrograms = onboardedPrograms
      self.settingsInOrder = settingsInOrder
      self.arrangements = arrangements
    }

    enum CodingKeys: String, CodingKey { case standing, onboardedPrograms, settingsInOrder, arrangements }

    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      standing = try container.decode(Standing.self, forKey: .standing)
      onboardedPrograms = try container.decodeIfPresent([String].self, forKey: .onboardedPrograms) ?? []
      settingsInOrder = try container.decodeIfPresent([String].self, forKey: .settingsInOrder) ?? []
      arrangements = try container.decodeIfPresent([Arrangement].self, forKey: .arrangements) ?? []
    }
  }

  public struct Training: Codable, Sendable, Hashable {
    public var program: String
    public var kind: TrainingKind
    /// The day (in Europe/Ljubljana) the contact completed it.
    public var completedOn: LocalDate

    public init(program: String, kind: TrainingKind, completedOn: LocalDate) {
      self.program = program
      self.kind = kind
      self.completedOn = completedOn
    }
  }

  public struct Contact: Codable, Sendable, Hashable {
    /// Registered by the organisation as a new colleague (billed instead of refused without own onboarding).
    public var newColleague: Bool
    public var trainings: [Training]

    public init(newColleague: Bool = false, trainings: [Training] = []) {
      self.newColleague = newColleague
      self.trainings = trainings
    }

    enum CodingKeys: String, CodingKey { case newColleague, trainings }

    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      newColleague = try container.decodeIfPresent(Bool.self, forKey: .newColleague) ?? false
      trainings = try container.decodeIfPresent([Training].self, forKey: .trainings) ?? []
    }
  }

  /// A published knowledge-base article or newsletter issue an agent linked as answering the question.
  public struct KnowledgeBaseEvidence: Codable, Sendable, Hashable {
    public var kind: KnowledgeBaseKind
    public var id: String
    public var publishedAt: Date

    public init(kind: KnowledgeBaseKind, id: String, publishedAt: Date) {
      self.kind = kind
      self.id = id
      self.publishedAt = publishedAt
    }

    enum CodingKeys: String, CodingKey { case kind, id, publishedAt }

    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      kind = try container.decode(KnowledgeBaseKind.self, forKey: .kind)
      id = try container.decodeTextOrNumber(forKey: .id)
      publishedAt = try container.decodeInstant(forKey: .publishedAt)
    }

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(kind, forKey: .kind)
      try container.encode(id, forKey: .id)
      try container.encode(ISO8601.format(publishedAt), forKey: .publishedAt)
    }
  }

  /// An earlier request of the same contact or organisation that resolved the same question or error.
  public struct RepeatEvidence: Codable, Sendable, Hashable {
    public var request: Int64
    public var resolvedAt: Date
    /// Whether support gave clear instructions then; only such a repeat is billed.
    public var clearInstructions: Bool

    public init(request: Int64, resolvedAt: Date, clearInstructions: Bool) {
      self.request = request
      self.resolvedAt = resolvedAt
      self.clearInstructions = clearInstructions
    }

    enum CodingKeys: String, CodingKey { case request, resolvedAt, clearInstructions }

    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      guard let number = try container.decodeWholeNumberIfPresent(forKey: .request) else {
        throw DecodingError.keyNotFound(
          CodingKeys.request, .init(codingPath: container.codingPath, debugDescription: "missing"))
      }
      request = number
      resolvedAt = try container.decodeInstant(forKey: .resolvedAt)
      clearInstructions = try container.decodeIfPresent(Bool.self, forKey: .clearInstructions) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(request, forKey: .request)
      try container.encode(ISO8601.format(resolvedAt), forKey: .resolvedAt)
      try container.encode(clearInstructions, forKey: .clearInstructions)
    }
  }

  public var channel: Channel
  public var submittedAt: Date
  public var program: String
  public var category: Category
  public var dataCorrection: Bool
  public var remoteConnection: Bool
  public var needsTraining: Bool
  /// Handling time logged so far; 0 at intake.
  public var handlingMinutes: Int
  public var organisation: Organisation
  public var contact: Contact
  public var knowledgeBaseEvidence: [KnowledgeBaseEvidence]
  public var repeatOf: [RepeatEvidence]

  public init(
    channel: Channel, submittedAt: Date, program: String, category: Category, dataCorrection: Bool = false,
    remoteConnection: Bool = false, needsTraining: Bool = false, handlingMinutes: Int = 0,
    organisation: Organisation = Organisation(), contact: Contact = Contact(),
    knowledgeBaseEvidence: [KnowledgeBaseEvidence] = [], repeatOf: [RepeatEvidence] = []
  ) {
    self.channel = channel
    self.submittedAt = submittedAt
    self.program = program
    self.category = category
    self.dataCorrection = dataCorrection
    self.remoteConnection = remoteConnection
    self.needsTraining = needsTraining
    self.handlingMinutes = handlingMinutes
    self.organisation = organisation
    self.contact = contact
    self.knowledgeBaseEvidence = knowledgeBaseEvidence
    self.repeatOf = repeatOf
  }

  enum CodingKeys: String, CodingKey {
    case channel, submittedAt, program, category, dataCorrection, remoteConnection, needsTraining, handlingMinutes
    case organisation, contact, knowledgeBaseEvidence, repeatOf
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    channel = try container.decode(Channel.self, forKey: .channel)
    submittedAt = try container.decodeInstant(forKey: .submittedAt)
    program = try container.decode(String.self, forKey: .program)
    category = try container.decode(Category.self, forKey: .category)
    dataCorrection = try container.decodeIfPresent(Bool.self, forKey: .dataCorrection) ?? false
    remoteConnection = try container.decodeIfPresent(Bool.self, forKey: .remoteConnection) ?? false
    needsTraining = try container.decodeIfPresent(Bool.self, forKey: .needsTraining) ?? false
    handlingMinutes = try container.decodeWholeNumberIfPresent(forKey: .handlingMinutes).map(Int.init) ?? 0
    guard handlingMinutes >= 0 else {
      throw DecodingError.dataCorruptedError(
        forKey: .handlingMinutes, in: container, debugDescription: "must not be negative")
    }
    organisation = try container.decode(Organisation.self, forKey: .organisation)
    contact = try container.decodeIfPresent(Contact.self, forKey: .contact) ?? Contact()
    knowledgeBaseEvidence =
      try container.decodeIfPresent([KnowledgeBaseEvidence].self, forKey: .knowledgeBaseEvidence) ?? []
    repeatOf = try container.decodeIfPresent([RepeatEvidence].self, forKey: .repeatOf) ?? []
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(channel, forKey: .channel)
    try container.encode(ISO8601.format(submittedAt), forKey: .submittedAt)
    try container.encode(program, forKey: .program)
    try container.encode(category, forKey: .category)
    try container.encode(dataCorrection, forKey: .dataCorrection)
    try container.encode(remoteConnection, forKey: .remoteConnection)
    try container.encode(needsTraining, forKey: .needsTraining)
    try container.encode(handlingMinutes, forKey: .handlingMinutes)
    try container.encode(organisation, forKey: .organisation)
    try container.encode(contact, forKey: .contact)
    try container.encode(knowledgeBaseEvidence, forKey: .knowledgeBaseEvidence)
    try container.encode(repeatOf, forKey: .repeatOf)
  }

  /// Decodes one JSON object of facts, or throws an error naming the offending field.
  public static func decode(json data: Data) throws(FactsError) -> RequestFacts {
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    } catch {
      throw FactsError(field: nil, message: "the input is not a JSON object (it is not valid JSON)")
    }
    guard object is [String: Any] else {
      throw FactsError(field: nil, message: "the input is not a JSON object")
    }
    do {
      return try JSONDecoder().decode(RequestFacts.self, from: data)
    } catch let error as DecodingError {
      throw FactsError(error)
    } catch {
      throw FactsError(field: nil, message: "\(error)")
    }
  }
}

/// Why facts could not be read, naming the field as a path such as `organisation.arrangements[0].from`.
public struct FactsError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The field's path, nil when the input as a whole is wrong.
  public var field: String?
  public var message: String

  public init(field: String?, message: String) {
    self.field = field
    self.message = message
  }

  init(_ error: DecodingError) {
    let described = DecodingErrorDescription(error)
    field = described.path.isEmpty ? nil : described.path
    message = described.message
  }

  public var description: String {
    guard let field else { return message }
    return "field `\(field)`: \(message)"
  }
}

/// A decoding error turned into a key path and a message people can act on.
struct DecodingErrorDescription {
  var path: String
  var message: String

  init(_ error: DecodingError) {
    switch error {
    case .keyNotFound(let key, let context):
      path = CodingPath.format(context.codingPath + [key])
      message = "missing (this field is required)"
    case .valueNotFound(let type, let context):
      path = CodingPath.format(context.codingPath)
      message = "must not be null (expected \(Self.describe(type)))"
    case .typeMismatch(let type, let context):
      path = CodingPath.format(context.codingPath)
      message = "expected \(Self.describe(type))"
    case .dataCorrupted(let context):
      path = CodingPath.format(context.codingPath)
      message = context.debugDescription
    @unknown default:
      path = ""
      message = "\(error)"
    }
  }

  static func describe(_ type: Any.Type) -> String {
    switch type {
    case is String.Type: "text"
    case is Bool.Type: "true or false"
    case is Int.Type, is Int64.Type: "a whole number"
    case is Double.Type: "a number"
    case is [Any].Type: "a list"
    case is [String: Any].Type: "an object"
    default:
      if String(describing: type).hasPrefix("Array") { "a list" } else { "an object" }
    }
  }
}

enum CodingPath {
  /// `organisation.arrangements[0].from` from a decoder's coding path.
  static func format(_ path: [any CodingKey]) -> String {
    var text = ""
    for key in path {
      if let index = key.intValue {
        text += "[\(index)]"
      } else {
        if !text.isEmpty { text += "." }
        text += key.stringValue
      }
    }
    return text
  }
}

/// Decodes a string enum, naming the allowed values when the text is not one of them.
func decodeStrictEnum<E: RawRepresentable & CaseIterable>(_ decoder: any Decoder) throws -> E
where E.RawValue == String {
  let container = try decoder.singleValueContainer()
  let text = try container.decode(String.self)
  guard let value = E(rawValue: text) else {
    let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
    throw DecodingError.dataCorruptedError(
      in: container, debugDescription: "unknown value \"\(text)\" (expected one of: \(allowed))")
  }
  return value
}

extension KeyedDecodingContainer {
  /// An ISO 8601 instant with an offset, failing with the field's path when it does not parse.
  func decodeInstant(forKey key: Key) throws -> Date {
    let text = try decode(String.self, forKey: key)
    guard let instant = ISO8601.parse(text) else {
      throw DecodingError.dataCorruptedError(
        forKey: key, in: self,
        debugDescription: "\"\(text)\" is not an ISO 8601 time with an offset (e.g. 2026-11-25T10:00:00+01:00)")
    }
    return instant
  }

  /// A whole number, failing with the field's path (JSONDecoder reports 12.5 for an Int without one).
  func decodeWholeNumberIfPresent(forKey key: Key) throws -> Int64? {
    guard contains(key), try !decodeNil(forKey: key) else { return nil }
    if let number = try? decode(Int64.self, forKey: key) { return number }
    throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "expected a whole number")
  }

  /// Ids may come as text or as numbers; both are kept as text.
  func decodeTextOrNumber(forKey key: Key) throws -> String {
    if let number = try? decode(Int64.self, forKey: key) { return String(number) }
    return try decode(String.self, forKey: key)
  }
}
