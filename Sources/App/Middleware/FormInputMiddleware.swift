import Vapor

/// What the HTML side accepts as a request body: the two form encodings browsers send, and JSON. Anything else is
/// a clear 415 instead of a decoder's guess; a multipart text field that is not UTF-8 (our pages declare UTF-8,
/// so only a broken or hostile client sends one) is a clear 400 instead of being stored with replacement
/// characters. The JSON API under `/api/` decides its own content types.
struct FormInputMiddleware: AsyncMiddleware {
  static let accepted: Set<String> = ["application/x-www-form-urlencoded", "multipart/form-data", "application/json"]

  func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
    guard [.POST, .PUT, .PATCH].contains(request.method), !request.url.path.hasPrefix("/api/"),
      let type = request.headers.contentType
    else { return try await next.respond(to: request) }
    guard Self.accepted.contains("\(type.type)/\(type.subType)".lowercased()) else {
      throw Abort(
        .unsupportedMediaType,
        reason: "Vrste poslane vsebine (Content-Type) ne podpiramo; pošljite obrazec ali JSON. "
          + "/ The content type sent is not supported; send a form or JSON.")
    }
    if type.subType.lowercased() == "form-data", let boundary = type.parameters["boundary"], !boundary.isEmpty {
      if request.body.data == nil {
        _ = try await request.body.collect(max: request.bodyLimit.value).get()
      }
      if let body = request.body.data, Self.hasInvalidText(body, boundary: boundary) {
        throw Abort(
          .badRequest,
          reason: "Besedilo v obrazcu ni veljaven UTF-8. / The text in the form is not valid UTF-8.")
      }
    }
    return try await next.respond(to: request)
  }

  /// Whether a part without a file name (a text field) holds bytes that are not UTF-8. Files are not text.
  static func hasInvalidText(_ body: ByteBuffer, boundary: String) -> Bool {
    final class State {
      var isFile = false
      var bytes: [UInt8] = []
      var invalid = false
    }
    let state = State()
    let parser = MultipartParser(boundary: boundary)
    parser.onHeader = { name, value in
      if name.lowercased() == "content-disposition" && value.lowercased().contains("filename") { state.isFile = true }
    }
    parser.onBody = { buffer in
      if !state.isFile, let bytes = buffer.readBytes(length: buffer.readableBytes) { state.bytes += bytes }
    }
    parser.onPartComplete = {
      if !state.isFile && String(validating: state.bytes, as: UTF8.self) == nil { state.invalid = true }
      state.isFile = false
      state.bytes = []
    }
    // A body the parser cannot read is left to the decoder, which refuses it with its own clear message.
    try? parser.execute(body)
    return state.invalid
  }
}
