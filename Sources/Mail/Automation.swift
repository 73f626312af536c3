extension ParsedMessage {
  /// Why this message looks machine-generated (RFC 3834 and common practice), or `nil` when it
  /// looks written by a person. A support desk must not auto-answer such mail, or two robots
  /// will mail each other forever.
  public var automationReason: String? {
    if let autoSubmitted = header("Auto-Submitted") {
      let keyword = autoSubmitted.split(separator: ";").first.map { $0.trimmingWhitespace().lowercased() } ?? ""
      if !keyword.isEmpty && keyword != "no" { return "Auto-Submitted: \(keyword)" }
    }
    // The declared type counts even when the body turned out not to match it.
    let declared = declaredContentType
    if declared?.value == "multipart/report" {
      return "multipart/report (\(declared?.parameters["report-type"] ?? "report"))"
    }
    let type = declared?.value ?? contentType
    if type == "message/delivery-status" || type == "message/disposition-notification" {
      return type
    }
    if let returnPath = rawHeader("Return-Path"), returnPath.filter({ !$0.isWhitespace }) == "<>" {
      return "empty Return-Path (bounce)"
    }
    if let address = from?.address.lowercased() {
      let local = address.split(separator: "@").first.map(String.init) ?? address
      if local == "mailer-daemon" || local == "postmaster" {
        return "sent by \(local)"
      }
    }
    if header("List-Id") != nil {
      return "mailing list (List-Id)"
    }
    if let precedence = header("Precedence")?.trimmingWhitespace().lowercased(),
      ["bulk", "junk", "list", "auto_reply"].contains(precedence)
    {
      return "Precedence: \(precedence)"
    }
    if let suppress = header("X-Auto-Response-Suppress")?.lowercased(),
      suppress.contains("all") || suppress.contains("oof") || suppress.contains("autoreply")
    {
      // Exchange sets this on its own auto-replies and on bulk mail, asking not to be answered.
      return "X-Auto-Response-Suppress: \(suppress)"
    }
    if header("X-Autoreply") != nil || header("X-Autorespond") != nil {
      return "X-Autoreply/X-Autorespond"
    }
    return nil
  }

  /// True for bounces, auto-replies, mailing-list and bulk mail (see `automationReason`).
  public var isAutomated: Bool { automationReason != nil }

  private var declaredContentType: ParameterizedValue? {
    rawHeader("Content-Type").map { ParameterizedValue.parse($0, warnings: WarningLog()) }
  }
}
