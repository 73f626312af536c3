import Foundation
import SupportPolicy
import Vapor

/// JSON shapes of the API (DTOs): built from query results, never Fluent models, with every time in ISO 8601 with
/// the Europe/Ljubljana offset. `openapi.json` describes exactly these.
enum APITime {
  static func format(_ date: Date) -> String { ISO8601.format(date) }
  static func format(_ date: Date?) -> String? { date.map { ISO8601.format($0) } }
}

struct APIRule: Content, Equatable {
  var id: String
  var evidence: [String: EvidenceValue]
}

struct APIDecision: Content, Equatable {
  var outcome: String
  var rules: [APIRule]
  var workCanStartAt: String
  var policyVersion: String
  var decidedAt: String
  /// Set when a supervisor overrode the policy's decision.
  var overrideReason: String?

  init(_ decision: Decision, decidedAt: Date) {
    outcome = decision.outcome.rawValue
    rules = decision.rules.map { APIRule(id: $0.id.rawValue, evidence: $0.evidence) }
    workCanStartAt = APITime.format(decision.workCanStartAt)
    policyVersion = decision.policyVersion
    self.decidedAt = APITime.format(decidedAt)
  }

  init(_ record: DecisionRecord) {
    outcome = record.outcome.rawValue
    rules = RequestDecisions.rules(of: record).map { APIRule(id: $0.id.rawValue, evidence: $0.evidence) }
    workCanStartAt = APITime.format(record.workCanStartAt)
    policyVersion = record.policyVersion
    decidedAt = APITime.format(record.decidedAt)
    overrideReason = record.overrideReason
  }
}

struct APIWaitingListPlace: Content, Equatable {
  /// 1 is next.
  var position: Int
  var estimatedStart: String
}

/// One request as the API shows it.
struct APIRequest: Content, Equatable {
  var number: String
  var subject: String
  var description: String
  var program: String?
  var category: String
  var channel: String
  var status: String
  var outcome: String
  var dataCorrection: Bool
  var remoteConnection: Bool
  var submittedAt: String
  var acceptedAt: String?
  var resolvedAt: String?
  var closedAt: String?
  var refusedAt: String?
  var solution: String?
  var decision: APIDecision?
  var waitingList: APIWaitingListPlace?
}

/// A row of a request list.
struct APIRequestSummary: Content, Equatable {
  var number: String
  var subject: String
  var program: String?
  var status: String
  var outcome: String
  var channel: String
  var submittedAt: String
}

/// A page of a list: `next` is the link to the following page, absent on the last one.
struct APIPage<Item: Content>: Content {
  var items: [Item]
  var next: String?
}

struct APIMessage: Content, Equatable {
  var id: Int
  var author: String
  /// `contact` or `staff`.
  var authorKind: String
  var body: String
  var createdAt: String
}

struct APITimelineEntry: Content, Equatable {
  var kind: String
  var at: String
  var actor: String?
  var data: [String: String]
}

struct APIAttachment: Content, Equatable {
  var id: Int
  var filename: String
  var contentType: String
  var size: Int
  var createdAt: String
  var download: String
}

/// The body of `POST /api/v1/requests`: what the portal's new-request form asks.
struct APINewRequest: Content, Equatable {
  var program: String
  var category: String?
  var subject: String
  var description: String
  var dataCorrection: Bool?
  var remoteConnection: Bool?
  /// Required (true) when the verdict is paid: the customer accepts being charged.
  var paidConsent: Bool?
  /// Keep a refused request as a record instead of answering 422.
  var keepIfRefused: Bool?
}

struct APINewMessage: Content, Equatable {
  var body: String
  /// Staff only: an internal note instead of a reply the customer sees.
  var `internal`: Bool?
}

/// Cursor pagination: the cursor is opaque to clients (base64url of the last row's id), `limit` is clamped.
struct APICursor {
  static let defaultLimit = 25
  static let maxLimit = 100

  let afterID: Int?
  let limit: Int

  init(_ req: Request) throws {
    let limit = try? req.query.get(Int.self, at: "limit")
    if req.query[String.self, at: "limit"] != nil && limit == nil {
      throw APIProblem(.badRequest, "invalid-parameter", "limit must be a whole number from 1 to \(Self.maxLimit).")
    }
    self.limit = max(1, min(limit ?? Self.defaultLimit, Self.maxLimit))
    if let raw = req.query[String.self, at: "cursor"] {
      guard let id = Self.decode(raw) else {
        throw APIProblem(.badRequest, "invalid-cursor", "The cursor is not one this API gave out; start without it.")
      }
      afterID = id
    } else {
      afterID = nil
    }
  }

  static func encode(_ id: Int) -> String {
    Data("c1:\(id)".utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
      .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
  }

  static func decode(_ text: String) -> Int? {
    guard text.count <= 40 else { return nil }
    var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while base64.count % 4 != 0 { base64 += "=" }
    guard let data = Data(base64Encoded: base64), let plain = String(data: data, encoding: .utf8),
      plain.hasPrefix("c1:"), let id = Int(plain.dropFirst(3)), id > 0
    else { return nil }
    return id
  }

  /// The link to the next page, keeping the other query parameters.
  func next(path: String, lastID: Int?, hasMore: Bool, extra: [URLQueryItem] = []) -> String? {
    guard hasMore, let lastID else { return nil }
    var components = URLComponents()
    components.path = path
    components.queryItems =
      extra + [
        URLQueryItem(name: "limit", value: String(limit)), URLQueryItem(name: "cursor", value: Self.encode(lastID)),
      ]
    return components.string
  }
}
