import Foundation
import Vapor

/// The one boundary where text input is checked before any handler or decoder sees it. What the HTML side accepts
/// as a request body: the two form encodings browsers send, and JSON. Anything else is a clear 415 instead of a
/// decoder's guess; a multipart text field that is not UTF-8 (our pages declare UTF-8, so only a broken or hostile
/// client sends one) is a clear 400 instead of being stored with replacement characters. The JSON API under
/// `/api/` decides its own content types, but its JSON and form bodies pass the same NUL check: a NUL character
/// was stored and then cut every later read of the text at that point (SQLite and C strings end there, PostgreSQL
/// refuses it), so it is refused, naming the field, on every form and API body.
struct FormInputMiddleware: AsyncMiddleware {
  static let accepted: Set<String> = ["application/x-www-form-urlencoded", "multipart/form-data", "application/json"]

  func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
    guard [.POST, .PUT, .PATCH].contains(request.method), let type = request.headers.contentType else {
      return try await next.respond(to: request)
    }
    let kind = "\(type.type)/\(type.subType)".lowercased()
    guard Self.accepted.contains(kind) else {
      if request.url.path.hasPrefix("/api/") { return try await next.respond(to: request) }
      throw Abort(
        .unsupportedMediaType,
        reason: "Vrste poslane vsebine (Content-Type) ne podpiramo; pošljite obrazec ali JSON. "
          + "/ The content type sent is not supported; send a form or JSON.")
    }
    if request.body.data == nil {
      _ = try await request.body.collect(max: request.bodyLimit.value).get()
    }
    guard let body = request.body.data else { return try await next.respond(to: request) }
    let problem: TextProblem?
    switch kind {
    case "multipart/form-data":
      if let boundary = type.parameters["boundary"], !boundary.isEmpty {
        problem = Self.textProblem(inMultipart: body, boundary: boundary)
      } else {
        problem = nil
      }
    case "application/x-www-form-urlencoded":
      problem = Self.contains(body, "%00") ? Self.nulField(inForm: body).map(TextProblem.nul) : nil
    default:
      problem = Self.contains(body, #"\u0000"#) ? Self.nulField(inJSON: body).map(TextProblem.nul) : nil
    }
    switch problem {
    case nil: break
    case .invalidUTF8?:
      throw Abort(
        .badRequest,
        reason: "Besedilo v obrazcu ni veljaven UTF-8. / The text in the form is not valid UTF-8.")
    case .nul(let field)?:
      throw Abort(
        .badRequest,
        reason: "Polje »\(field)« vsebuje znak NUL, ki ga ne sprejmemo. "
          + "/ The field »\(field)« contains a NUL character, which is not accepted.")
    }
    return try await next.respond(to: request)
  }

  enum TextProblem: Equatable {
    case invalidUTF8
    /// A field (its name, shortened) holds a NUL character.
    case nul(String)
  }

  /// A field name as shown in an error: printable and short, since it comes from the client.
  static func shown(_ name: String) -> String {
    let printable = String(String.UnicodeScalarView(name.unicodeScalars.filter { !LocalPath.isControl($0) }))
    return printable.isEmpty ? "?" : String(printable.prefix(60))
  }

  /// Whether the body holds `pattern` or a raw NUL byte. A URL-encoded form can carry a NUL only as `%00` and valid
  /// JSON only as `\u0000`, so every other body (nearly all) is passed on without being decoded a second time here.
  static func contains(_ body: ByteBuffer, _ pattern: String) -> Bool {
    let bytes = body.readableBytesView
    return bytes.contains(0) || bytes.firstRange(of: Array(pattern.utf8)) != nil
  }

  /// The first field of an `application/x-www-form-urlencoded` body whose name or value holds a NUL once decoded.
  static func nulField(inForm body: ByteBuffer) -> String? {
    let text = String(decoding: body.readableBytesView, as: UTF8.self)
    for pair in text.split(separator: "&") {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
        String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
      }
      if parts.contains(where: { $0.contains("\u{0}") }) { return shown(parts[0]) }
    }
    return nil
  }

  /// The path of the first string (or key) in a JSON body that holds a NUL; a body that is not JSON is left to the
  /// decoder, which refuses it with its own clear message.
  static func nulField(inJSON body: ByteBuffer) -> String? {
    guard let value = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView), options: .fragmentsAllowed)
    else { return nil }
    func find(_ value: Any, at path: String) -> String? {
      if let text = value as? String { return text.contains("\u{0}") ? path : nil }
      if let object = value as? [String: Any] {
        for (key, child) in object.sorted(by: { $0.key < $1.key }) {
          let childPath = path.isEmpty ? key : path + "." + key
          if key.contains("\u{0}") { return childPath }
          if let found = find(child, at: childPath) { return found }
        }
      }
      if let array = value as? [Any] {
        for (index, child) in array.enumerated() {
          if let found = find(child, at: "\(path)[\(index)]") { return found }
        }
      }
      return nil
    }
    return find(value, at: "").map(shown)
  }

  /// Whether a part without a file name (a text field) holds bytes that are not UTF-8, or a NUL. Files are not text.
  static func textProblem(inMultipart body: ByteBuffer, boundary: String) -> TextProblem? {
    final class State {
      var isFile = false
      var name = ""
      var bytes: [UInt8] = []
      var problem: TextProblem?
    }
    let state = State()
    let parser = MultipartParser(boundary: boundary)
    parser.onHeader = { name, value in
      guard name.lowercased() == "content-disposition" else { return }
      if value.lowercased().contains("filename") { state.isFile = true }
      if let range = value.range(of: #"name="([^"]*)""#, options: .regularExpression) {
        state.name = String(value[range].dropFirst(6).dropLast())
      }
    }
    parser.onBody = { buffer in
      if !state.isFile, let bytes = buffer.readBytes(length: buffer.readableBytes) { state.bytes += bytes }
    }
    parser.onPartComplete = {
      if !state.isFile, state.problem == nil {
        if String(validating: state.bytes, as: UTF8.self) == nil {
          state.problem = .invalidUTF8
        } else if state.bytes.contains(0) {
          state.problem = .nul(shown(state.name))
        }
      }
      state.isFile = false
      state.name = ""
      state.bytes = []
    }
    // A body the parser cannot read is left to the decoder, which refuses it with its own clear message.
    try? parser.execute(body)
    return state.problem
  }
}
