import Foundation
import Vapor

/// `GET /api/v1/openapi.json`: the OpenAPI 3.1 document of the API, written by hand next to the code it describes.
/// `OpenAPIDocumentTests` checks that it names exactly the `/api/v1` routes the app registers, and schemathesis (in
/// `scripts/test`) that every answer of the running server conforms to it.
enum APIDocument {
  typealias JSON = [String: Any]

  static func serve(_ req: Request) async throws -> Response {
    var headers = HTTPHeaders()
    headers.contentType = .json
    headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
    return Response(status: .ok, headers: headers, body: .init(data: data))
  }

  static let data: Data = {
    // The document is built from literals only, so serialising it cannot fail.
    (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
  }()

  // MARK: Building blocks

  static func ref(_ name: String) -> JSON { ["$ref": "#/components/schemas/\(name)"] }
  nonisolated(unsafe) static let string: JSON = ["type": "string"]
  nonisolated(unsafe) static let boolean: JSON = ["type": "boolean"]
  nonisolated(unsafe) static let integer: JSON = ["type": "integer"]
  nonisolated(unsafe) static let time: JSON = ["type": "string", "format": "date-time"]

  static func object(_ properties: [String: JSON], required: [String]) -> JSON {
    ["type": "object", "properties": properties, "required": required, "additionalProperties": false]
  }

  static func page(of item: String) -> JSON {
    object(
      ["items": ["type": "array", "items": ref(item)], "next": ["type": "string", "description": "the next page"]],
      required: ["items"])
  }

  static func ok(_ schema: JSON, description: String = "OK", headers: JSON? = nil) -> JSON {
    var response: JSON = ["description": description, "content": ["application/json": ["schema": schema]]]
    if let headers { response["headers"] = headers }
    return response
  }

  static let problemNames: [Int: String] = [
    400: "Malformed request (JSON, query parameter, cursor or Idempotency-Key)",
    401: "No token, or the token is not valid", 403: "The token's scope or role does not allow this",
    404: "Not found (or not yours)", 409: "Conflicts with the current state", 413: "The body is too large",
    415: "The body is not JSON", 422: "Invalid field, policy refusal, consent missing, or key reused with another body",
  ]

  static func problems(_ codes: [Int]) -> JSON {
    var responses: JSON = [:]
    for code in codes {
      responses[String(code)] = [
        "description": problemNames[code] ?? "Error",
        "content": ["application/problem+json": ["schema": ref("Problem")]],
      ]
    }
    return responses
  }

  static func merge(_ parts: JSON...) -> JSON {
    parts.reduce(into: [:]) { result, part in result.merge(part) { $1 } }
  }

  static func parameter(
    _ name: String, in place: String, _ schema: JSON, required: Bool = false, _ text: String
  )
    -> JSON
  {
    ["name": name, "in": place, "required": place == "path" ? true : required, "schema": schema, "description": text]
  }

  nonisolated(unsafe) static let number: JSON = parameter(
    "number", in: "path", ["type": "string", "pattern": "^[0-9]{4}-[0-9]{1,9}$", "examples": ["2026-000001"]],
    "request number, e.g. 2026-000123")
  nonisolated(unsafe) static let limit: JSON = parameter(
    "limit", in: "query", ["type": "integer", "minimum": 1, "maximum": 100], "page size")
  nonisolated(unsafe) static let cursor: JSON = parameter(
    "cursor", in: "query", string, "the cursor from the previous page's next link")
  nonisolated(unsafe) static let idempotencyKey: JSON = parameter(
    "Idempotency-Key", in: "header", ["type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[!-~]+$"],
    "repeat a POST with the same key and body to get the first answer again instead of a second change")
  nonisolated(unsafe) static let bearer: [JSON] = [["bearer": [String]()]]
  nonisolated(unsafe) static let noAuth: [JSON] = []

  static func operation(
    _ summary: String, _ responses: JSON, parameters: [JSON] = [], body: JSON? = nil, security: [JSON] = bearer,
    tag: String
  ) -> JSON {
    var operation: JSON = [
      "summary": summary, "responses": responses, "security": security, "tags": [tag],
      "operationId": summary.lowercased().filter { $0.isLetter || $0 == " " }.split(separator: " ").enumerated()
        .map { $0.offset == 0 ? String($0.element) : $0.element.capitalized }.joined(),
    ]
    if !parameters.isEmpty { operation["parameters"] = parameters }
    if let body { operation["requestBody"] = body }
    return operation
  }

  static func jsonBody(_ schema: JSON) -> JSON {
    ["required": true, "content": ["application/json": ["schema": schema]]]
  }

  nonisolated(unsafe) static let location: JSON = ["Location": ["required": true, "schema": string]]

  // MARK: The document

  nonisolated(unsafe) static let document: JSON = [
    "openapi": "3.1.0",
    "info": [
      "title": "Podpora API", "version": "1",
      "description":
        "The support desk's requests, waiting list, knowledge base and directory. Errors are RFC 9457 problem+json; "
        + "times are ISO 8601 with the Europe/Ljubljana offset; lists page with an opaque cursor (follow `next`).",
    ],
    "servers": [["url": "/"]],
    "paths": paths,
    "components": [
      "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer", "description": "podpora token create"]],
      "schemas": schemas,
    ],
  ]

  static let requestsTag = "requests"
  static let anyone: [Int] = [400, 401]
  static let token: [Int] = [400, 401, 403]

  nonisolated(unsafe) static let paths: JSON = [
    SiteURL.apiOpenAPI.template: [
      "get": operation(
        "This document", ["200": ok(["type": "object"])], security: noAuth, tag: "meta")
    ],
    SiteURL.apiSearch.template: [
      "get": operation(
        "Search the knowledge base", merge(["200": ok(ref("SearchResponse"))], problems(anyone)),
        parameters: [
          parameter("q", in: "query", string, "what to look for"),
          parameter("program", in: "query", string, "program code, e.g. PL"),
          parameter("limit", in: "query", integer, "at most this many results (up to 50)"),
        ], security: noAuth, tag: "knowledge")
    ],
    SiteURL.apiInboundMail.template: [
      "post": operation(
        "Receive one raw e-mail",
        merge(
          ["202": ok(ref("InboundMailReceipt"), description: "Stored (and processed)")],
          problems(token + [413, 422])),
        body: [
          "required": true, "description": "the raw RFC 5322 message (any content type is read as the raw bytes)",
          "content": ["application/octet-stream": ["schema": ["type": "string", "format": "binary"]]],
        ], tag: "mail")
    ],
    SiteURL.apiRequests.template: [
      "get": operation(
        "List requests", merge(["200": ok(ref("RequestPage"))], problems(token)),
        parameters: [
          limit, cursor,
          parameter(
            "status", in: "query",
            ["type": "string", "enum": RequestStatus.allCases.map(\.rawValue)], "only requests with this status"),
        ], tag: requestsTag),
      "post": operation(
        "File a request",
        merge(
          ["201": ok(ref("Request"), description: "Filed (or the stored answer to a retry)", headers: location)],
          problems(token + [413, 415, 422])),
        parameters: [idempotencyKey], body: jsonBody(ref("NewRequest")), tag: requestsTag),
    ],
    SiteURL.apiRequest(.key).template: [
      "get": operation(
        "Get a request", merge(["200": ok(ref("Request"))], problems(token + [404])), parameters: [number],
        tag: requestsTag)
    ],
    SiteURL.apiRequestDecision(.key).template: [
      "get": operation(
        "Get the decision in force", merge(["200": ok(ref("Decision"))], problems(token + [404])),
        parameters: [number], tag: requestsTag)
    ],
    SiteURL.apiRequestTimeline(.key).template: [
      "get": operation(
        "Get the timeline", merge(["200": ok(ref("TimelinePage"))], problems(token + [404])), parameters: [number],
        tag: requestsTag)
    ],
    SiteURL.apiRequestMessages(.key).template: [
      "get": operation(
        "List the conversation", merge(["200": ok(ref("MessagePage"))], problems(token + [404])),
        parameters: [number], tag: requestsTag),
      "post": operation(
        "Reply on a request (staff may write an internal note)",
        merge(
          ["201": ok(ref("Message"), description: "Added", headers: location)],
          problems(token + [404, 409, 413, 415, 422])),
        parameters: [number, idempotencyKey], body: jsonBody(ref("NewMessage")), tag: requestsTag),
    ],
    SiteURL.apiRequestAttachments(.key).template: [
      "get": operation(
        "List the files", merge(["200": ok(ref("AttachmentPage"))], problems(token + [404])), parameters: [number],
        tag: requestsTag),
      "post": operation(
        "Add a file",
        merge(
          ["201": ok(ref("AttachmentPage"), description: "Stored", headers: location)],
          problems(token + [404, 413, 415, 422])),
        parameters: [number, idempotencyKey],
        body: [
          "required": true,
          "content": [
            "multipart/form-data": [
              "schema": object(["file": ["type": "string", "format": "binary"]], required: ["file"])
            ]
          ],
        ], tag: requestsTag),
    ],
    SiteURL.apiRequestAttachment(.key, .key).template: [
      "get": operation(
        "Download a file",
        merge(
          [
            "200": [
              "description": "The file, as a download",
              "content": ["*/*": ["schema": ["type": "string", "format": "binary"]]],
            ]
          ], problems(token + [404])),
        parameters: [number, parameter("attachment", in: "path", integer, "file id")], tag: requestsTag)
    ],
    SiteURL.apiWaitingList.template: [
      "get": operation(
        "The waiting list in the policy's order", merge(["200": ok(ref("WaitingListPage"))], problems(token)),
        parameters: [limit, cursor], tag: "workspace")
    ],
    SiteURL.apiTakeNext.template: [
      "post": operation(
        "Take the next request", merge(["200": ok(ref("Request"), headers: location)], problems(token + [409, 422])),
        parameters: [idempotencyKey], tag: "workspace")
    ],
    SiteURL.apiArticles.template: [
      "get": operation(
        "List articles and tips", merge(["200": ok(ref("ArticlePage"))], problems(anyone)),
        parameters: [limit, cursor], security: noAuth, tag: "knowledge")
    ],
    SiteURL.apiArticle(.key).template: [
      "get": operation(
        "Get an article", merge(["200": ok(ref("Article"))], problems(anyone + [404])),
        parameters: [parameter("slug", in: "path", string, "the article's slug")], security: noAuth,
        tag: "knowledge")
    ],
    SiteURL.apiOrganisations.template: [
      "get": operation(
        "List organisations", merge(["200": ok(ref("OrganisationPage"))], problems(token)),
        parameters: [limit, cursor], tag: "directory")
    ],
    SiteURL.apiOrganisation(.key).template: [
      "get": operation(
        "Get an organisation", merge(["200": ok(ref("Organisation"))], problems(token + [404])),
        parameters: [parameter("id", in: "path", integer, "organisation id")], tag: "directory")
    ],
    SiteURL.apiOrganisationStanding(.key).template: [
      "put": operation(
        "Set an organisation's account standing (accounting)",
        merge(["200": ok(ref("Organisation"))], problems(token + [404, 413, 415, 422])),
        parameters: [parameter("id", in: "path", integer, "organisation id")],
        body: jsonBody(ref("StandingChange")), tag: "directory")
    ],
    SiteURL.apiContacts.template: [
      "get": operation(
        "List contacts", merge(["200": ok(ref("ContactPage"))], problems(token)),
        parameters: [
          limit, cursor, parameter("organisation", in: "query", ["type": "integer", "minimum": 1], "organisation id"),
        ], tag: "directory")
    ],
    SiteURL.apiTrainings.template: [
      "get": operation(
        "List onboardings and seminars", merge(["200": ok(ref("TrainingPage"))], problems(token)),
        parameters: [
          limit, cursor, parameter("contact", in: "query", ["type": "integer", "minimum": 1], "contact id"),
        ],
        tag: "directory")
    ],
  ]

  nonisolated(unsafe) static let schemas: JSON = [
    "Problem": object(
      ["type": string, "title": string, "status": integer, "detail": string, "instance": string],
      required: ["type", "title", "status", "detail", "instance"]),
    "NewRequest": object(
      [
        "program": ["type": "string", "description": "a program under the organisation's contract, e.g. PL"],
        "category": ["type": "string", "enum": RequestCategory.allCases.map(\.rawValue)],
        "subject": ["type": "string", "maxLength": RequestFiling.subjectLimit],
        "description": ["type": "string", "maxLength": RequestFiling.bodyLimit], "dataCorrection": boolean,
        "remoteConnection": boolean, "paidConsent": boolean, "keepIfRefused": boolean,
      ], required: ["program", "subject", "description"]),
    "NewMessage": object(["body": string, "internal": boolean], required: ["body"]),
    "StandingChange": object(
      ["standing": ["type": "string", "enum": AccountStanding.allCases.map(\.rawValue)]], required: ["standing"]),
    "Rule": object(["id": string, "evidence": ["type": "object"]], required: ["id", "evidence"]),
    "Decision": object(
      [
        "outcome": ["type": "string", "enum": ["free", "paid", "refused"]],
        "rules": ["type": "array", "items": ref("Rule")],
        "workCanStartAt": time, "policyVersion": string, "decidedAt": time, "overrideReason": string,
      ], required: ["outcome", "rules", "workCanStartAt", "policyVersion", "decidedAt"]),
    "WaitingListPlace": object(
      ["position": integer, "estimatedStart": time], required: ["position", "estimatedStart"]),
    "Request": object(
      [
        "number": string, "subject": string, "description": string, "program": string, "category": string,
        "channel": string, "status": ["type": "string", "enum": RequestStatus.allCases.map(\.rawValue)],
        "outcome": string, "dataCorrection": boolean, "remoteConnection": boolean, "submittedAt": time,
        "acceptedAt": time, "resolvedAt": time, "closedAt": time, "refusedAt": time, "solution": string,
        "decision": ref("Decision"), "waitingList": ref("WaitingListPlace"),
      ],
      required: [
        "number", "subject", "description", "category", "channel", "status", "outcome", "dataCorrection",
        "remoteConnection", "submittedAt",
      ]),
    "RequestSummary": object(
      [
        "number": string, "subject": string, "program": string, "status": string, "outcome": string,
        "channel": string, "submittedAt": time,
      ], required: ["number", "subject", "status", "outcome", "channel", "submittedAt"]),
    "RequestPage": page(of: "RequestSummary"),
    "Message": object(
      ["id": integer, "author": string, "authorKind": string, "body": string, "createdAt": time],
      required: ["id", "author", "authorKind", "body", "createdAt"]),
    "MessagePage": page(of: "Message"),
    "TimelineEntry": object(
      [
        "kind": string, "at": time, "actor": string,
        "data": ["type": "object", "additionalProperties": ["type": "string"]],
      ], required: ["kind", "at", "data"]),
    "TimelinePage": page(of: "TimelineEntry"),
    "Attachment": object(
      [
        "id": integer, "filename": string, "contentType": string, "size": integer, "createdAt": time,
        "download": string,
      ], required: ["id", "filename", "contentType", "size", "createdAt", "download"]),
    "AttachmentPage": page(of: "Attachment"),
    "WaitingEntry": object(
      [
        "position": integer, "number": string, "subject": string, "program": string, "channel": string,
        "organisationId": integer, "submittedAt": time, "arrangedAt": time,
      ], required: ["position", "number", "subject", "channel", "organisationId", "submittedAt"]),
    "WaitingListPage": page(of: "WaitingEntry"),
    "ArticleSummary": object(
      ["slug": string, "kind": string, "title": string, "program": string, "publishedAt": time, "url": string],
      required: ["slug", "kind", "title", "url"]),
    "ArticlePage": page(of: "ArticleSummary"),
    "Article": object(
      [
        "slug": string, "kind": string, "title": string, "program": string, "publishedAt": time, "url": string,
        "bodyMarkdown": string, "tags": ["type": "array", "items": string],
      ], required: ["slug", "kind", "title", "url", "bodyMarkdown", "tags"]),
    "Organisation": object(
      [
        "id": integer, "name": string, "taxNumber": string,
        "standing": ["type": "string", "enum": AccountStanding.allCases.map(\.rawValue)], "standingChangedAt": time,
      ], required: ["id", "name", "taxNumber", "standing"]),
    "OrganisationPage": page(of: "Organisation"),
    "Contact": object(
      [
        "id": integer, "organisationId": integer, "name": string, "email": string,
        "role": ["type": "string", "enum": ContactRole.allCases.map(\.rawValue)], "newColleague": boolean,
      ], required: ["id", "organisationId", "name", "email", "role", "newColleague"]),
    "ContactPage": page(of: "Contact"),
    "Training": object(
      [
        "id": integer, "contactId": integer, "program": string,
        "kind": ["type": "string", "enum": TrainingKind.allCases.map(\.rawValue)],
        "completedOn": ["type": "string", "format": "date"],
      ], required: ["id", "contactId", "program", "kind", "completedOn"]),
    "TrainingPage": page(of: "Training"),
    "SearchResult": object(
      ["kind": string, "id": string, "title": string, "url": string, "snippet": string, "publishedAt": time],
      required: ["kind", "id", "title", "url", "snippet"]),
    "SearchResponse": object(["results": ["type": "array", "items": ref("SearchResult")]], required: ["results"]),
    "InboundMailReceipt": object(["id": integer, "outcome": string], required: ["id", "outcome"]),
  ]

  /// Every `METHOD /path/{parameter}` the document describes, for the test that compares it with the router.
  static var operations: Set<String> {
    var result: Set<String> = []
    for (path, item) in paths {
      guard let methods = item as? JSON else { continue }
      for method in methods.keys { result.insert(method.uppercased() + " " + path) }
    }
    return result
  }
}
