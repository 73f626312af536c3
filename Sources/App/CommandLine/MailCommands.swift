import Fluent
import Foundation
import Mail
import Vapor

/// `podpora mail parse|ingest|deliver`.
enum MailCommands {
  /// Prints one message from standard input as the JSON of DESIGN.md, built by the Mail library's
  /// `parseCommandJSON` (which `ParseCommandJSONTests` test). Needs no database.
  static func parse() -> Int32 {
    let raw = FileHandle.standardInput.readDataToEndOfFile()
    FileHandle.standardOutput.write(Data((parseCommandJSON(MIMEParser().parse(Array(raw))) + "\n").utf8))
    return 0
  }

  static func run(_ arguments: [String], app: Application) async throws -> Int32 {
    switch arguments.dropFirst().first {
    case "ingest": return await ingest(app)
    case "deliver":
      let report = try await OutboxDelivery.deliverDue(
        now: { app.clock.now }, transport: try OutboxDelivery.transport(for: app.configuration),
        mailFrom: app.configuration.mailFrom, dialect: app.dialect, on: app.db)
      print("sent \(report.sent), to retry \(report.retried), failed \(report.failed)")
      return 0
    default:
      FileHandle.standardError.write(Data("podpora: usage: podpora mail parse|ingest|deliver\n".utf8))
      return 64
    }
  }

  /// For an MTA pipe (Postfix: `podpora: "|/usr/local/bin/podpora mail ingest"`): exit 0 when the message is
  /// stored, 65 when it is unusable (the MTA bounces it), 75 when the database is unavailable (the MTA retries).
  static func ingest(_ app: Application) async -> Int32 {
    let raw = Array(FileHandle.standardInput.readDataToEndOfFile())
    let context = InboundMailService.Context(
      now: app.clock.now, policy: app.policy,
      mail: MailSettings(publicURL: app.configuration.publicURL, mailFrom: app.configuration.mailFrom),
      dialect: app.dialect)
    let stored: InboundMail
    do {
      stored = try await InboundMailService.store(raw, now: context.now, on: app.db)
    } catch InboundMailService.IntakeError.unusable(let reason) {
      FileHandle.standardError.write(Data("podpora: unusable message: \(reason)\n".utf8))
      return 65
    } catch {
      FileHandle.standardError.write(Data("podpora: cannot store the message now, try later\n".utf8))
      return 75
    }
    do {
      let outcome = try await InboundMailService.process(stored, context: context, on: app.db)
      print(describe(outcome))
    } catch {
      // Stored but not processed: it is safe, and `received` mail is processed again later.
      app.logger.error("inbound mail \(stored.id ?? 0) stored but not processed: \(String(reflecting: error))")
      print("stored as inbound mail \(stored.id ?? 0); processing will be retried")
    }
    return 0
  }

  static func describe(_ outcome: InboundMailService.Outcome) -> String {
    switch outcome {
    case .newRequest(let number): "new request \(number)"
    case .addedToRequest(let number, let reopened): "added to request \(number)" + (reopened ? " (reopened)" : "")
    case .triage(let reason): "waiting in triage: \(reason)"
    case .ignored(let reason): "ignored: \(reason)"
    }
  }
}

/// `podpora token create --scope S --name N`: prints a new API token once; only its hash is stored.
enum TokenCommands {
  static let scopes = TokenScope.allCases.map(\.rawValue)

  static func run(_ arguments: [String], app: Application) async throws -> Int32 {
    var options: [String: String] = [:]
    var index = 2
    while index + 1 < arguments.count {
      options[arguments[index]] = arguments[index + 1]
      index += 2
    }
    guard arguments.dropFirst().first == "create", let scope = options["--scope"].flatMap(TokenScope.init(rawValue:)),
      let name = options["--name"], !name.isEmpty
    else {
      FileHandle.standardError.write(
        Data(
          ("podpora: usage: podpora token create --scope \(scopes.joined(separator: "|")) --name NAME"
            + " [--contact EMAIL (customer) | --staff EMAIL (staff)]\n").utf8))
      return 64
    }
    do {
      let token = try await APITokens.create(
        name: name, scope: scope, personEmail: options["--contact"] ?? options["--staff"], now: app.clock.now,
        on: app.db)
      print(token)
      return 0
    } catch TokenError.missingIdentity(let option) {
      FileHandle.standardError.write(
        Data("podpora: a \(scope.rawValue) token acts as one person: add \(option)\n".utf8))
      return 64
    } catch TokenError.unknownPerson(let email) {
      FileHandle.standardError.write(
        Data("podpora: nobody with the e-mail \(email) can hold a \(scope.rawValue) token\n".utf8))
      return 65
    }
  }
}
