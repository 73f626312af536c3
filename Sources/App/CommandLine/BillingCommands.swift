import Foundation
import SupportPolicy
import Vapor

/// `podpora billing export --month YYYY-MM [--output FILE]` and `podpora standing import FILE [--dry-run]`: the
/// same services as the supervisor's pages, for cron jobs and the accountant's scripts.
enum BillingCommands {
  static let exportUsage = "usage: podpora billing export --month YYYY-MM [--output FILE]"
  static let importUsage = "usage: podpora standing import FILE [--dry-run]"

  enum Parsed: Equatable {
    case export(month: BillingMonth, output: String?)
    case standingImport(path: String, dryRun: Bool)
  }

  /// Checks the arguments before the database is opened, so a typo is a usage error (64), not a database one.
  static func parse(_ arguments: [String]) -> Result<Parsed, UsageError> {
    var rest = Array(arguments.dropFirst(2))
    switch (arguments.first, arguments.dropFirst().first) {
    case ("billing", "export"):
      var month: BillingMonth?
      var output: String?
      while let option = rest.first {
        rest.removeFirst()
        guard let value = rest.first, option == "--month" || option == "--output" else {
          return .failure(UsageError(message: exportUsage))
        }
        rest.removeFirst()
        if option == "--month" {
          guard let parsed = BillingMonth(value) else {
            return .failure(UsageError(message: "--month must be YYYY-MM, e.g. 2026-11\n" + exportUsage))
          }
          month = parsed
        } else {
          output = value
        }
      }
      guard let month else { return .failure(UsageError(message: exportUsage)) }
      return .success(.export(month: month, output: output))
    case ("standing", "import"):
      let dryRun = rest.contains("--dry-run")
      let paths = rest.filter { $0 != "--dry-run" }
      guard paths.count == 1, !paths[0].hasPrefix("--") else { return .failure(UsageError(message: importUsage)) }
      return .success(.standingImport(path: paths[0], dryRun: dryRun))
    default:
      return .failure(UsageError(message: exportUsage + "\n" + importUsage))
    }
  }

  struct UsageError: Error {
    var message: String
  }

  static func run(_ command: Parsed, app: Application) async throws -> Int32 {
    switch command {
    case .export(let month, let output):
      let result = try await AccountingExport.export(
        month: month, actor: "cli", now: app.clock.now, dialect: app.dialect, on: app.db)
      if let output {
        do {
          try Data(result.csv.utf8).write(to: URL(fileURLWithPath: output))
        } catch {
          // The items are marked exported already; say so, so the operator can recover the file from the log.
          PodporaCommandLine.fail("cannot write \(output): \(error.localizedDescription); the export follows on stdout")
          print(result.csv, terminator: "")
          return 73
        }
      } else {
        print(result.csv, terminator: "")
      }
      FileHandle.standardError.write(Data("exported \(result.itemIDs.count) items for \(month)\n".utf8))
      return 0
    case .standingImport(let path, let dryRun):
      guard let data = FileManager.default.contents(atPath: path) else {
        PodporaCommandLine.fail("cannot read \(path)")
        return 66
      }
      let report: StandingImport.Report
      do {
        report = try await StandingImport.run(
          data, dryRun: dryRun, actor: "cli", now: app.clock.now, timeZone: app.policy.configuration.timeZone,
          dialect: app.dialect, on: app.db)
      } catch let malformed as StandingImport.Malformed {
        PodporaCommandLine.fail("\(path) was not imported, nothing changed: \(malformed.en)")
        return 65
      }
      for row in report.rows {
        var text = "line \(row.line)\t\(row.taxNumber)\t\(row.result.rawValue)"
        if row.result == .changed { text += "\t\(row.from?.rawValue ?? "") -> \(row.to?.rawValue ?? "")" }
        if row.result == .rejected { text += "\t\(row.en)" }
        print(text)
      }
      print(
        "\(dryRun ? "dry run, nothing changed: " : "")changed \(report.changed.count), unchanged "
          + "\(report.unchanged.count), rejected \(report.rejected.count)")
      return 0
    }
  }
}
