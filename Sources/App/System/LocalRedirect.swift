import Foundation
import Vapor

/// The one way the app builds a `Location`: only a path on this site, so neither a visitor-controlled value
/// (a `Referer`, a sign-in `next` field) nor a bug can send a browser to another host (an open redirect) or split the
/// header (CR/LF injection, which let a link plant a session cookie).
enum LocalPath {
  /// Longer targets are refused rather than echoed into a header.
  static let maximumLength = 2048

  /// `raw` when it is a same-origin path — one leading `/`, not `//` or `/\`, no scheme or host, no control
  /// characters, neither as sent nor after percent-decoding; nil otherwise. As sent it also holds no white space or
  /// invisible formatting characters (a URL never does; a decoded search query may hold a space).
  static func validated(_ raw: String?) -> String? {
    guard let raw, !raw.isEmpty, raw.utf8.count <= maximumLength,
      let decoded = raw.removingPercentEncoding,
      isLocal(
        raw, refusing: { isControl($0) || $0.properties.isWhitespace || $0.properties.generalCategory == .format }),
      isLocal(decoded, refusing: isControl)
    else { return nil }
    return raw
  }

  private static func isLocal(_ path: String, refusing refused: (Unicode.Scalar) -> Bool) -> Bool {
    let scalars = Array(path.unicodeScalars)
    guard scalars.first == "/" else { return false }
    // `//host` and `/\host` are network-path references to browsers; a backslash anywhere is never ours.
    if scalars.count > 1, scalars[1] == "/" { return false }
    return !scalars.contains { $0 == "\\" || refused($0) }
  }

  /// Control characters (C0 with TAB, VT, FF, CR and LF; DEL; C1) and the Unicode line and paragraph separators:
  /// none belongs in a header value, and CR/LF would end it.
  static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}"
  }
}

extension Request {
  /// A redirect to `path` when it is a path on this site (`LocalPath`), else to `fallback`; the refusal is logged,
  /// since a refused target is either an attack or a bug.
  func redirect(
    toPath path: String?, fallback: String = SiteURL.home.path, status: HTTPResponseStatus = .seeOther
  ) -> Response {
    let target: String
    if let valid = LocalPath.validated(path) {
      target = valid
    } else {
      if let path, !path.isEmpty { logger.warning("redirect target refused: \(String(reflecting: path.prefix(200)))") }
      target = LocalPath.validated(fallback) ?? SiteURL.home.path
    }
    let response = Response(status: status)
    response.headers.replaceOrAdd(name: .location, value: target)
    return response
  }
}

extension HTTPHeaders {
  /// The `Location` of a created API resource, through the same check as every redirect; a target that is not a
  /// path on this site is left out rather than sent.
  mutating func setLocation(_ path: String?) {
    guard let path else { return }
    if let valid = LocalPath.validated(path) { replaceOrAdd(name: .location, value: valid) }
  }
}
