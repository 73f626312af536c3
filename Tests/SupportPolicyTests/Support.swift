import Foundation

@testable import SupportPolicy

/// An instant from ISO 8601 text; tests write times the way POLICY.md does.
func at(_ text: String) -> Date {
  guard let date = ISO8601.parse(text) else { fatalError("bad test time \(text)") }
  return date
}

func day(_ text: String) -> LocalDate {
  guard let date = LocalDate(text) else { fatalError("bad test date \(text)") }
  return date
}

func iso(_ date: Date) -> String { ISO8601.format(date) }

let standardCalendar = SupportCalendar()
let defaultEngine = PolicyEngine(policy: .defaults)

/// The repository's root, found from this file's path (Tests/SupportPolicyTests/Support.swift).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()
