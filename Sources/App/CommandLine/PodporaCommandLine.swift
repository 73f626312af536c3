import Fluent
import Foundation
import Logging
import Vapor

/// The `podpora` executable: picks the command, loads configuration once, and maps failures to clear
/// messages and sysexits-style exit codes instead of crash traces.
public enum PodporaCommandLine {
  static let usage = """
    usage: podpora <command> [options]

    commands:
      serve                     migrate, seed the demo data into an empty database, and serve HTTP (default)
      migrate [--revert]        apply (or revert) every database migration
      seed-demo                 seed the demo data into an empty database
      seed-load [--requests N] [--organisations N] [--articles N]
                                generate a load-test data set into an empty database (docs/PERFORMANCE.md)
      load-ceiling [--seconds S] [--writers N]
                                the bare INSERT + COMMIT rate of a filing's rows (docs/PERFORMANCE.md)
      policy explain            decide one request's facts (JSON on stdin); see POLICY.md
      policy check FILE         validate a policy file
      calendar holidays --year Y
      calendar add --from T --seconds N
      calendar between --from A --to B
      mail parse                print one message (stdin) parsed, as JSON
      mail ingest               store one message (stdin) as a request or a reply (for an MTA pipe)
      mail deliver              send every due message of the outbox, then exit (for cron)
      billing export --month YYYY-MM [--output FILE]   the month's accounting CSV; marks the items exported
      standing import FILE [--dry-run]  import account standing (CSV: tax_number,standing,date)
      token create --scope S --name N [--contact EMAIL | --staff EMAIL]
                                make an API token (customer tokens act as a contact, staff tokens as staff)
      routes                    list the HTTP routes
    """

  public static func run(_ arguments: [String]) async -> Int32 {
    let rest = Array(arguments.dropFirst())
    let command = rest.first ?? "serve"
    switch command {
    case "-h", "--help", "help":
      print(usage)
      return 0
    case "policy", "calendar":
      return PolicyCommands.run(rest)
    case "mail" where rest.dropFirst().first == "parse":
      return MailCommands.parse()
    case "mail", "token":
      return await runWithApplication(command: command, arguments: rest)
    case "serve", "migrate", "seed-demo", "seed-load", "load-ceiling", "routes":
      return await runWithApplication(command: command, arguments: rest)
    case "billing", "standing":
      if case .failure(let usage) = BillingCommands.parse(rest) {
        FileHandle.standardError.write(Data("podpora: \(usage.message)\n".utf8))
        return 64
      }
      return await runWithApplication(command: command, arguments: rest)
    default:
      FileHandle.standardError.write(Data("podpora: unknown command '\(command)'\n\n\(usage)\n".utf8))
      return 64
    }
  }

  static func runWithApplication(command: String, arguments: [String]) async -> Int32 {
    let configuration: AppConfiguration
    do {
      configuration = try AppConfiguration.load()
    } catch {
      fail("\(error)")
      return 78
    }
    LoggingSystem.bootstrapOnce(level: configuration.logLevel)
    let environment = Environment(name: "production", arguments: ["podpora"] + arguments)
    let app: Application
    do {
      app = try await Application.make(environment)
    } catch {
      fail("cannot start: \(error)")
      return 70
    }
    var exitCode: Int32 = 0
    do {
      try await configure(app, configuration: configuration)
      switch command {
      case "serve":
        try await prepareDatabase(app, seedDemoWhenEmpty: true)
        app.lifecycle.use(OutboxWorker(interval: .seconds(2)))
        try await app.execute()
      case "mail":
        try await prepareDatabase(app, seedDemoWhenEmpty: false)
        exitCode = try await MailCommands.run(arguments, app: app)
      case "token":
        try await prepareDatabase(app, seedDemoWhenEmpty: false)
        exitCode = try await TokenCommands.run(arguments, app: app)
      case "billing", "standing":
        try await prepareDatabase(app, seedDemoWhenEmpty: false)
        if case .success(let parsed) = BillingCommands.parse(arguments) {
          exitCode = try await BillingCommands.run(parsed, app: app)
        }
      case "migrate":
        if arguments.contains("--revert") {
          try await app.autoRevert()
          print("Reverted every migration.")
        } else {
          try await prepareDatabase(app, seedDemoWhenEmpty: false)
          print("Database is up to date.")
        }
      case "seed-demo":
        try await prepareDatabase(app, seedDemoWhenEmpty: false)
        if try await DemoData.seedIfEmpty(on: app.db, clock: app.clock, policy: app.policy) {
          print("Seeded the demo data. Logins: ana@demo.si, boris@demo.si, … password \(DemoData.password)")
        } else {
          print("The database already holds data; nothing was seeded.")
        }
      case "seed-load":
        let sizes = try LoadData.parse(arguments)
        try await prepareDatabase(app, seedDemoWhenEmpty: false)
        try await LoadData.seed(sizes, on: app.db, dialect: app.dialect, now: app.clock.now) { print($0) }
      case "load-ceiling":
        let options = try LoadCeiling.parse(arguments)
        try await prepareDatabase(app, seedDemoWhenEmpty: false)
        print(try await LoadCeiling.run(options, on: app.db, dialect: app.dialect, now: app.clock.now))
      default:
        try await app.execute()
      }
    } catch let error as LoadData.LoadError {
      fail("\(error)")
      exitCode = 64
    } catch let error as ConfigurationError {
      fail("\(error)")
      exitCode = 78
    } catch {
      fail(DatabaseFailure.describe(error, configuration: configuration))
      // An MTA retries a pipe that exits 75 (EX_TEMPFAIL): the mail waits in its queue until the database is back.
      let isMailIngest = command == "mail" && arguments.dropFirst().first == "ingest"
      exitCode = isMailIngest ? 75 : 69
    }
    try? await app.asyncShutdown()
    return exitCode
  }

  static func fail(_ message: String) {
    FileHandle.standardError.write(Data("podpora: \(message)\n".utf8))
  }
}

/// Turns driver errors into one sentence an operator can act on, without leaking a password.
enum DatabaseFailure {
  static func describe(_ error: any Error, configuration: AppConfiguration) -> String {
    let detail = String(reflecting: error)
    let target: String
    switch configuration.database {
    case .postgres(let url): target = "the PostgreSQL database at DATABASE_URL=\(AppConfiguration.redacted(url))"
    case .sqliteFile(let path): target = "the SQLite database file \(path)"
    case .sqliteMemory: target = "the in-memory SQLite database"
    }
    let reason: String
    if detail.contains("connectionRefused") || detail.contains("Connection refused") {
      reason = "the connection was refused (is the server running, and is the host and port right?)"
    } else if detail.contains("connectTimeout") || detail.contains("timed out") {
      reason = "the connection timed out"
    } else if detail.contains("28P01") || detail.contains("password authentication failed") {
      reason = "the user name or password was rejected"
    } else if detail.contains("3D000") {
      reason = "the database does not exist"
    } else if detail.contains("28000") {
      reason = "the server refused this user"
    } else if detail.contains("unable to open") || detail.contains("SQLITE_CANTOPEN") {
      reason = "the file cannot be opened (does its folder exist and is it writable?)"
    } else {
      reason = detail.count > 300 ? String(detail.prefix(300)) + "…" : detail
    }
    return "cannot use \(target): \(reason)"
  }
}

extension LoggingSystem {
  private static let once = NSLock()
  nonisolated(unsafe) private static var done = false

  static func bootstrapOnce(level: Logger.Level) {
    once.withLock {
      guard !done else { return }
      done = true
      LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = level
        return handler
      }
    }
  }
}
