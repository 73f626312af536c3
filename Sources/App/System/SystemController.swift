import Fluent
import Foundation
import SQLKit
import Vapor

/// Home page, health, metrics and static assets: the routes every deployment needs.
struct SystemController {
  func home(_ req: Request) async throws -> Response {
    html(HomePage.render(.init(wording: req.wording)))
  }

  /// 200 when the database answers a query, 503 otherwise, so a load balancer takes a broken instance out.
  func health(_ req: Request) async -> Response {
    do {
      _ = try await req.db.sql.raw("SELECT 1 AS ok").first()
      return jsonResponse(.ok, ["status": "ok", "database": req.dialect.name])
    } catch {
      req.logger.error("health check: database unreachable: \(String(reflecting: error))")
      return jsonResponse(.serviceUnavailable, ["status": "unavailable", "database": req.dialect.name])
    }
  }

  func metrics(_ req: Request) async -> Response {
    let text = req.application.metricsRegistry.emitToString()
    var headers = HTTPHeaders()
    headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4"])
    return Response(status: .ok, headers: headers, body: .init(string: text))
  }

  func stylesheet(_ req: Request) async -> Response {
    var headers = HTTPHeaders()
    headers.contentType = HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"])
    headers.cacheControl = .init(isPublic: true, maxAge: 3600)
    return Response(status: .ok, headers: headers, body: .init(string: Stylesheet.css + "\n" + HelpStylesheet.css))
  }

  /// Switches the UI language and goes back where the visitor came from: the `Referer`'s path and query as sent
  /// (never percent-decoded, which once let `%0d%0a` split the header), and only when `LocalPath` accepts them.
  func switchLanguage(_ req: Request) async throws -> Response {
    let language = Language(code: req.parameters.get(.code))
    var target: String?
    if let referer = req.headers.first(name: .referer), let url = URLComponents(string: referer),
      url.host == nil || url.host == req.headers.first(name: .host)?.split(separator: ":").first.map(String.init)
    {
      let path = url.percentEncodedPath.isEmpty ? "/" : url.percentEncodedPath
      target = path + (url.percentEncodedQuery.map { "?" + $0 } ?? "")
    }
    if let contact = req.contactViewer {
      // A signed-in contact's choice is remembered with them: mail and their next sign-in use it too.
      try await Contact.query(on: req.db).filter(\.$id == contact.id).set(\.$locale, to: language.rawValue).update()
    }
    let response = req.redirect(toPath: target, fallback: SiteURL.home.path)
    response.cookies[Language.cookieName] = .init(
      string: language.rawValue, maxAge: 60 * 60 * 24 * 365, path: "/", isHTTPOnly: true, sameSite: .lax)
    return response
  }
}

extension Language {
  static let cookieName = "podpora_lang"
}

extension Request {
  /// The visitor's language: the cookie set by the language switch, else Slovenian.
  var language: Language {
    Language(code: cookies[Language.cookieName]?.string)
  }
}

func html(_ body: String, status: HTTPResponseStatus = .ok) -> Response {
  var headers = HTTPHeaders()
  headers.contentType = .html
  return Response(status: status, headers: headers, body: .init(string: body))
}

func jsonResponse(_ status: HTTPResponseStatus, _ object: [String: String]) -> Response {
  var headers = HTTPHeaders()
  headers.contentType = .json
  let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
  return Response(status: status, headers: headers, body: .init(data: data))
}

extension Request {
  /// The header's view of who is signed in, for `Layout(session:)`.
  var layoutSession: LayoutSession? {
    switch viewer {
    case .anonymous: nil
    case .contact(let contact): LayoutSession(name: contact.name, isStaff: false, csrf: csrfToken)
    case .staff(let staff): LayoutSession(name: staff.name, isStaff: true, csrf: csrfToken)
    }
  }
}
