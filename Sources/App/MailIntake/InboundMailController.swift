import Fluent
import Foundation
import Vapor

/// `POST /api/v1/inbound-mail`: the raw message as the body, for mail gateways that post over HTTP.
struct InboundMailController {
  func receive(_ req: Request) async throws -> Response {
    guard var body = req.body.data, body.readableBytes > 0 else {
      throw Abort(
        .badRequest,
        reason: "Telo zahteve mora biti sporočilo v obliki RFC 5322. / The body must be the raw RFC 5322 message.")
    }
    let raw = body.readBytes(length: body.readableBytes) ?? []
    let configuration = req.application.configuration
    let context = InboundMailService.Context(
      now: req.clock.now, policy: req.policy,
      mail: MailSettings(publicURL: configuration.publicURL, mailFrom: configuration.mailFrom), dialect: req.dialect)
    let stored: InboundMail
    do {
      stored = try await InboundMailService.store(raw, now: context.now, on: req.db)
    } catch InboundMailService.IntakeError.unusable(let reason) {
      throw Abort(
        .unprocessableEntity, reason: "Sporočila ne moremo uporabiti: \(reason) / Unusable message: \(reason)")
    }
    var outcome = "stored"
    do {
      outcome = MailCommands.describe(try await InboundMailService.process(stored, context: context, on: req.db))
    } catch {
      req.logger.error("inbound mail \(stored.id ?? 0) stored but not processed: \(String(reflecting: error))")
    }
    let response = Response(status: .accepted)
    try response.content.encode(InboundMailReceipt(id: stored.id ?? 0, outcome: outcome))
    return response
  }
}

struct InboundMailReceipt: Content {
  var id: Int
  var outcome: String
}
