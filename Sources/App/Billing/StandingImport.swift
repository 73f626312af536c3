import Fluent
import Foundation
import SupportPolicy

/// Account standing from accounting: a CSV with the header `tax_number,standing,date` (comma or semicolon),
/// standing `ok` or `overdue`, date `YYYY-MM-DD` (when accounting recorded it). The file is checked whole first:
/// one that is not UTF-8, has the wrong header or a broken row structure changes nothing. Then each row is
/// changed, unchanged (the organisation already has that standing, so importing the same file twice changes
/// nothing the second time) or rejected with its reason; a dry run reports the same without writing.
enum StandingImport {
  static let header = ["tax_number", "standing", "date"]
  /// The largest file accepted: 2 MB, room for about 40,000 organisations.
  static let maximumBytes = 2 * 1024 * 1024

  /// Why the whole file was refused.
  struct Malformed: Error, Equatable {
    var sl: String
    var en: String
    var message: String { "\(sl) / \(en)" }
  }

  enum Result: String, Sendable, Equatable {
    case changed, unchanged, rejected
  }

  struct Row: Sendable, Equatable {
    var line: Int
    var taxNumber: String
    var organisationName: String?
    var from: AccountStanding?
    var to: AccountStanding?
    var date: String
    var result: Result
    /// Why a row was rejected, Slovenian and English.
    var sl: String = ""
    var en: String = ""
  }

  struct Report: Sendable, Equatable {
    var rows: [Row]
    var applied: Bool
    var changed: [Row] { rows.filter { $0.result == .changed } }
    var unchanged: [Row] { rows.filter { $0.result == .unchanged } }
    var rejected: [Row] { rows.filter { $0.result == .rejected } }
  }

  /// `timeZone` is the policy's: the file's dates are days there.
  static func run(
    _ data: Data, dryRun: Bool, actor: String, now: Date, timeZone: TimeZone, dialect: any DatabaseDialect,
    on db: any Database
  ) async throws -> Report {
    let records = try parse(data)
    if dryRun {
      return Report(rows: try await plan(records, now: now, timeZone: timeZone, on: db).map(\.row), applied: false)
    }
    return try await dialect.writeTransaction(on: db) { db in
      let planned = try await plan(records, now: now, timeZone: timeZone, on: db)
      for (row, organisation) in planned where row.result == .changed {
        guard let organisation, let to = row.to, let day = LocalDate(row.date) else { continue }
        organisation.standing = to
        organisation.standingChangedAt = day.start(in: timeZone)
        try await organisation.save(on: db)
        try await Audit.record(
          "standing.imported", by: .named(actor), subject: "organisation:\(try organisation.requireID())",
          details: ["taxNumber": row.taxNumber, "from": row.from?.rawValue ?? "", "to": to.rawValue, "date": row.date],
          at: now, on: db)
      }
      return Report(rows: planned.map(\.row), applied: true)
    }
  }

  /// The data rows of a well-formed file, or `Malformed` naming what is wrong.
  static func parse(_ data: Data) throws -> [(line: Int, fields: [String])] {
    guard !data.isEmpty else {
      throw Malformed(sl: "Datoteka je prazna.", en: "The file is empty.")
    }
    guard data.count <= maximumBytes else {
      throw Malformed(sl: "Datoteka je prevelika (največ 2 MB).", en: "The file is too large (at most 2 MB).")
    }
    var bytes = data
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    guard let text = String(data: bytes, encoding: .utf8) else {
      throw Malformed(
        sl: "Datoteka ni v kodiranju UTF-8; shranite jo kot »CSV UTF-8«.",
        en: "The file is not UTF-8 text; save it as \"CSV UTF-8\".")
    }
    let firstLine = text.prefix { !$0.isNewline }
    let separator: Character = firstLine.contains(";") && !firstLine.contains(",") ? ";" : ","
    let records: [(line: Int, fields: [String])]
    do {
      records = try CSV.parse(text, separator: separator)
    } catch {
      throw Malformed(
        sl: "Vrstica \(error.line) ni pravilno zapisana (narekovaji).",
        en: "Line \(error.line) is not valid CSV (\(error.problem)).")
    }
    guard let head = records.first,
      head.fields.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) == header
    else {
      throw Malformed(
        sl: "Prva vrstica mora biti glava »tax_number,standing,date«.",
        en: "The first line must be the header \"tax_number,standing,date\".")
    }
    let rows = Array(records.dropFirst())
    if let bad = rows.first(where: { $0.fields.count != header.count }) {
      throw Malformed(
        sl: "Vrstica \(bad.line) ima \(bad.fields.count) polj namesto \(header.count).",
        en: "Line \(bad.line) has \(bad.fields.count) fields instead of \(header.count).")
    }
    guard !rows.isEmpty else {
      throw Malformed(sl: "Datoteka nima nobene vrstice s podatki.", en: "The file has no data rows.")
    }
    return rows
  }

  /// Tax numbers compare without spaces, case or the `SI` prefix: accounting and the back office write them
  /// differently.
  static func normalised(_ taxNumber: String) -> String {
    var text = taxNumber.uppercased().filter { !$0.isWhitespace }
    if text.hasPrefix("SI") { text.removeFirst(2) }
    return text
  }

  private static func plan(
    _ records: [(line: Int, fields: [String])], now: Date, timeZone: TimeZone, on db: any Database
  ) async throws -> [(row: Row, organisation: Organisation?)] {
    let organisations = try await Organisation.query(on: db).all()
    var byTaxNumber: [String: Organisation] = [:]
    for organisation in organisations { byTaxNumber[normalised(organisation.taxNumber)] = organisation }
    let today = ISO8601.localDate(of: now, in: timeZone)
    var seen: [String: Int] = [:]
    return records.map { record in
      let taxNumber = record.fields[0].trimmingCharacters(in: .whitespaces)
      let standingText = record.fields[1].trimmingCharacters(in: .whitespaces).lowercased()
      let dateText = record.fields[2].trimmingCharacters(in: .whitespaces)
      var row = Row(line: record.line, taxNumber: taxNumber, date: dateText, result: .rejected)
      func reject(_ sl: String, _ en: String) -> (row: Row, organisation: Organisation?) {
        row.sl = sl
        row.en = en
        return (row, nil)
      }
      let key = normalised(taxNumber)
      guard !key.isEmpty else { return reject("Davčna številka manjka.", "The tax number is missing.") }
      if let first = seen[key] {
        return reject(
          "Davčna številka je že v vrstici \(first).", "The tax number already appears on line \(first).")
      }
      seen[key] = record.line
      guard let organisation = byTaxNumber[key] else {
        return reject(
          "Organizacije s to davčno številko ni.", "There is no organisation with this tax number.")
      }
      row.organisationName = organisation.name
      row.from = organisation.standing
      guard let standing = AccountStanding(rawValue: standingText) else {
        return reject(
          "Stanje mora biti »ok« ali »overdue«.", "The standing must be \"ok\" or \"overdue\".")
      }
      row.to = standing
      guard let day = LocalDate(dateText) else {
        return reject("Datum mora biti v obliki LLLL-MM-DD.", "The date must be written YYYY-MM-DD.")
      }
      guard day <= today else {
        return reject("Datum je v prihodnosti.", "The date is in the future.")
      }
      if standing == organisation.standing {
        row.result = .unchanged
        return (row, organisation)
      }
      if let changedAt = organisation.standingChangedAt, day < ISO8601.localDate(of: changedAt, in: timeZone) {
        return reject(
          "Stanje je bilo pozneje že spremenjeno (\(ISO8601.localDate(of: changedAt, in: timeZone))); vrstica je zastarela.",
          "The standing was changed later (\(ISO8601.localDate(of: changedAt, in: timeZone))); the row is out of date.")
      }
      row.result = .changed
      return (row, organisation)
    }
  }
}
