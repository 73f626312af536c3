// libFuzzer entry point for the MIME parser. Built by scripts/fuzz-mail together with the
// parser's source files into one module (no NIO), so it calls the parser directly.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func mailParserFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  // Small limits make the limit paths reachable with small inputs.
  let limits = MIMELimits(maxHeaderBytes: 4_096, maxParts: 64, maxDepth: 8, maxDecodedBytes: 65_536)
  for parser in [MIMEParser(), MIMEParser(limits: limits)] {
    let message = parser.parse(bytes)
    _ = parseCommandJSON(message)
    _ = message.automationReason
    // What the parser read must render, and the rendering must parse again.
    let outgoing = OutgoingMessage(
      from: message.from ?? MailAddress(address: "fuzz@example.org"), to: message.to, cc: message.cc,
      subject: message.subject ?? "", text: message.text, html: message.html,
      messageID: message.messageID ?? "fuzz@example.org", inReplyTo: message.inReplyTo,
      references: message.references,
      attachments: message.attachments.prefix(3).map {
        OutgoingAttachment(filename: $0.filename ?? "file", contentType: $0.contentType, data: $0.data)
      })
    _ = MIMEParser().parse(outgoing.render(date: Date(timeIntervalSince1970: 0)))
  }
  return 0
}
