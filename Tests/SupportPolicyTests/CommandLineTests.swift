import Foundation
import Testing

@testable import SupportPolicy

/// Runs the CLI logic as the executable would, with no file system.
func runCLI(
  _ arguments: [String], input: String = "", policyFile: String? = nil, files: [String: String] = [:]
) -> CommandLineResult {
  PolicyCommandLine.run(
    arguments: arguments, standardInput: Data(input.utf8), policyFileContents: policyFile.map { Data($0.utf8) },
    readFile: { name in
      guard let text = files[name] else { throw CocoaError(.fileReadNoSuchFile) }
      return Data(text.utf8)
    })
}

/// POLICY.md's example facts, without the `//` remarks.
let policyExampleFacts = """
  {
    "channel": "portal",
    "submittedAt": "2026-11-25T10:00:00+01:00",
    "program": "PL",
    "category": "usage",
    "dataCorrection": false, "remoteConnection": false, "needsTraining": false,
    "handlingMinutes": 12,
    "organisation": {
      "standing": "ok",
      "onboardedPrograms": ["PL"], "settingsInOrder": ["PL"],
      "arrangements": [{"from": "2026-11-28T09:00:00+01:00", "to": "2026-11-28T12:00:00+01:00"}]
    },
    "contact": {
      "newColleague": false,
      "trainings": [{"program": "PL", "kind": "onboarding", "completedOn": "2026-10-01"}]
    },
    "knowledgeBaseEvidence": [{"kind": "article", "id": "a-17", "publishedAt": "2026-01-10T08:00:00+01:00"}],
    "repeatOf": [{"request": 123, "resolvedAt": "2026-11-02T11:00:00+01:00", "clearInstructions": true}]
  }
  """

@Suite("Command line")
struct CommandLineTests {
  @Test("policy explain: POLICY.md's example facts give a decision in POLICY.md's output shape")
  func explainExample() throws {
    // Act
    let result = runCLI(["policy", "explain"], input: policyExampleFacts)
    // Assert
    #expect(result.exitCode == 0)
    #expect(result.standardError.isEmpty)
    #expect(result.standardOutput.hasSuffix("}\n"))
    #expect(result.standardOutput.hasPrefix("{\"outcome\":\"paid\",\"rules\":[{\"id\":"))
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    #expect(Set(object.keys) == ["outcome", "rules", "workCanStartAt", "policyVersion"])
    #expect(object["outcome"] as? String == "paid")
    #expect(object["workCanStartAt"] as? String == "2026-11-25T10:00:00+01:00")
    #expect(object["policyVersion"] as? String == PolicyConfiguration.defaults.version)
    let rules = try #require(object["rules"] as? [[String: Any]])
    #expect(rules.allSatisfy { Set($0.keys) == ["id", "evidence"] && $0["evidence"] is [String: Any] })
    // The article and the repeat predate submission; the contact is a starter (onboarding 55 days before).
    #expect(
      rules.compactMap { $0["id"] as? String } == [
        "paid.answer-in-knowledge-base", "paid.repeated-question", "free.new-program-starter",
      ])
  }

  @Test("policy explain: the decision JSON decodes back into the same Decision")
  func explainDecodes() throws {
    // Act
    let result = runCLI(["policy", "explain"], input: policyExampleFacts)
    let decoded = try JSONDecoder().decode(Decision.self, from: Data(result.standardOutput.utf8))
    // Assert
    let facts = try RequestFacts.decode(json: Data(policyExampleFacts.utf8))
    #expect(decoded == defaultEngine.decide(facts))
  }

  @Test("policy explain: missing optional fields take their defaults")
  func explainMinimal() {
    // Arrange
    let input = """
      {"channel":"email","submittedAt":"2026-11-25T09:00:00Z","program":"PL","category":"legislation",
       "organisation":{"standing":"ok"}}
      """
    // Act
    let result = runCLI(["policy", "explain"], input: input)
    // Assert: no trainings → refused; no onboarding → paid rule listed too.
    #expect(result.exitCode == 0)
    #expect(result.standardOutput.contains("\"outcome\":\"refused\""))
    #expect(result.standardOutput.contains("\"workCanStartAt\":\"2026-11-25T10:00:00+01:00\""))
  }

  /// Minimal valid facts, changed by `edit`, as JSON text.
  static func minimalFacts(_ edit: (inout [String: Any]) -> Void) -> String {
    var object: [String: Any] = [
      "channel": "portal", "submittedAt": "2026-11-25T10:00:00+01:00", "program": "PL", "category": "usage",
      "organisation": ["standing": "ok"],
    ]
    edit(&object)
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
  }

  static let badFacts: [(String, String, String)] = [
    ("missing channel", minimalFacts { $0["channel"] = nil }, "channel"),
    ("unknown category", minimalFacts { $0["category"] = "gossip" }, "category"),
    ("unknown channel", minimalFacts { $0["channel"] = "fax" }, "channel"),
    ("unparseable submittedAt", minimalFacts { $0["submittedAt"] = "25. 11. 2026 10:00" }, "submittedAt"),
    ("time without offset", minimalFacts { $0["submittedAt"] = "2026-11-25T10:00:00" }, "submittedAt"),
    (
      "unparseable arrangement time",
      minimalFacts {
        $0["organisation"] = ["standing": "ok", "arrangements": [["from": "soon", "to": "2026-11-28T12:00:00+01:00"]]]
      },
      "organisation.arrangements[0].from"
    ),
    (
      "bad training date",
      minimalFacts {
        $0["contact"] = ["trainings": [["program": "PL", "kind": "onboarding", "completedOn": "2026-13-01"]]]
      },
      "contact.trainings[0].completedOn"
    ),
    ("flag of the wrong type", minimalFacts { $0["remoteConnection"] = "yes" }, "remoteConnection"),
    ("negative handling minutes", minimalFacts { $0["handlingMinutes"] = -3 }, "handlingMinutes"),
    ("fractional handling minutes", minimalFacts { $0["handlingMinutes"] = 12.5 }, "handlingMinutes"),
    ("missing standing", minimalFacts { $0["organisation"] = [String: Any]() }, "organisation.standing"),
    ("missing organisation", minimalFacts { $0["organisation"] = nil }, "organisation"),
    (
      "repeat without its request", minimalFacts { $0["repeatOf"] = [["resolvedAt": "2026-11-02T11:00:00+01:00"]] },
      "repeatOf[0].request"
    ),
  ]

  @Test("policy explain: bad facts exit 65 naming the field", arguments: badFacts)
  func badFactsNameTheField(_ name: String, _ input: String, _ field: String) {
    // Act
    let result = runCLI(["policy", "explain"], input: input)
    // Assert
    #expect(result.exitCode == 65, "\(name)")
    #expect(result.standardOutput.isEmpty)
    #expect(result.standardError.contains("`\(field)`"), "\(name): \(result.standardError)")
  }

  @Test("policy explain: input that is not a JSON object says so", arguments: ["", "hello", "[1,2]", "42", "{\"a\":"])
  func notJSON(_ input: String) {
    // Act
    let result = runCLI(["policy", "explain"], input: input)
    // Assert
    #expect(result.exitCode == 65)
    #expect(result.standardError.contains("not a JSON object"), "\(result.standardError)")
  }

  @Test("calendar add: POLICY.md's example over Christmas 2026")
  func addExample() {
    // Act
    let result = runCLI(["calendar", "add", "--from", "2026-12-24T15:30:00+01:00", "--seconds", "5400"])
    // Assert
    #expect(result.exitCode == 0)
    #expect(result.standardOutput == "2026-12-28T09:00:00+01:00\n")
  }

  @Test("calendar add: a span ending exactly at 16:00, UTC input, and --name=value")
  func addMore() {
    // Act
    let atClose = runCLI(["calendar", "add", "--from", "2026-11-25T15:00:00+01:00", "--seconds", "3600"])
    let utc = runCLI(["calendar", "add", "--seconds=0", "--from=2026-11-28T09:00:00Z"])
    // Assert
    #expect(atClose.standardOutput == "2026-11-25T16:00:00+01:00\n")
    #expect(utc.standardOutput == "2026-11-30T08:00:00+01:00\n")
  }

  @Test("calendar between prints open seconds")
  func between() {
    // Act
    let result = runCLI([
      "calendar", "between", "--from", "2026-12-24T15:30:00+01:00", "--to", "2026-12-28T09:00:00+01:00",
    ])
    let summer = runCLI([
      "calendar", "between", "--from", "2026-03-27T08:00:00+01:00", "--to", "2026-03-30T16:00:00+02:00",
    ])
    // Assert
    #expect(result.exitCode == 0)
    #expect(result.standardOutput == "5400\n")
    #expect(summer.standardOutput == "57600\n")
  }

  @Test("calendar holidays lists each closed day with its Slovenian name")
  func holidays() {
    // Act
    let result = runCLI(["calendar", "holidays", "--year", "2027"])
    // Assert: all 15 work-free days of 2027, weekend ones included; not-work-free holidays are not listed.
    let lines = result.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(result.exitCode == 0)
    #expect(lines.last == "")
    #expect(lines.count == 16)
    #expect(lines.first == "2027-01-01\tnovo leto")
    #expect(lines.contains("2027-03-29\tvelikonočni ponedeljek"))
    #expect(lines.contains("2027-05-16\tbinkoštna nedelja, binkošti"))
    #expect(!lines.contains { $0.hasPrefix("2027-09-15") })
  }

  @Test("calendar holidays includes extra closed days from POLICY_FILE")
  func holidaysWithPolicyFile() {
    // Arrange
    let policy = "extraClosedDays:\n  - date: \"2027-12-24\"\n    name: Kolektivni dopust\n"
    // Act
    let result = runCLI(["calendar", "holidays", "--year", "2027"], policyFile: policy)
    // Assert
    #expect(result.standardOutput.contains("2027-12-24\tKolektivni dopust\n2027-12-25\tbožič\n"))
  }

  @Test(
    "usage errors exit 64 with the usage text",
    arguments: [
      [], ["policy"], ["policy", "explain", "extra"], ["calendar", "add", "--from", "2026-12-24T15:30:00+01:00"],
      ["calendar", "add", "--from", "yesterday", "--seconds", "5"],
      ["calendar", "add", "--from", "2026-12-24T15:30:00+01:00", "--seconds", "-5"],
      ["calendar", "between", "--from", "2026-12-24T15:30:00+01:00"], ["calendar", "holidays", "--year", "MMXXVII"],
      ["calendar", "holidays"], ["calendar", "holidays", "--year", "2027", "--year", "2028"], ["calendar", "easter"],
      ["policy", "check"],
    ])
  func usageErrors(_ arguments: [String]) {
    // Act
    let result = runCLI(arguments)
    // Assert
    #expect(result.exitCode == 64, "\(arguments)")
    #expect(result.standardError.contains("usage:"))
    #expect(result.standardOutput.isEmpty)
  }

  @Test("help prints the usage and exits 0")
  func help() {
    // Act
    let result = runCLI(["--help"])
    // Assert
    #expect(result.exitCode == 0)
    #expect(result.standardOutput.contains("podpora calendar between"))
  }

  @Test("policy check validates a file")
  func check() {
    // Arrange
    let files = ["good.yaml": "version: \"2027.1\"\n", "bad.yaml": "supportHours:\n  close: \"07:00\"\n"]
    // Act
    let good = runCLI(["policy", "check", "good.yaml"], files: files)
    let bad = runCLI(["policy", "check", "bad.yaml"], files: files)
    let missing = runCLI(["policy", "check", "nowhere.yaml"], files: files)
    // Assert
    #expect(good.exitCode == 0)
    #expect(good.standardOutput == "ok 2027.1\n")
    #expect(bad.exitCode == 65)
    #expect(bad.standardError.contains("supportHours.close"))
    #expect(missing.exitCode == 66)
  }

  @Test("a bad POLICY_FILE exits 78 naming POLICY_FILE and the key")
  func badPolicyFile() {
    // Act
    let result = runCLI(
      [
        "calendar", "between", "--from", "2026-12-24T15:30:00+01:00", "--to",
        "2026-12-28T09:00:00+01:00",
      ], policyFile: "prices:\n  vatPercent: 150\n")
    let explain = runCLI(["policy", "explain"], input: policyExampleFacts, policyFile: "nonsense: true")
    // Assert
    #expect(result.exitCode == 78)
    #expect(result.standardError.contains("POLICY_FILE"))
    #expect(result.standardError.contains("prices.vatPercent"))
    #expect(explain.exitCode == 78)
    #expect(explain.standardError.contains("nonsense"))
  }

  @Test("POLICY_FILE's version and rules apply to explain")
  func policyFileApplies() {
    // Arrange
    let policy = "version: \"2027.5\"\nrules:\n  paid.answer-in-knowledge-base: false\n"
    // Act
    let result = runCLI(["policy", "explain"], input: policyExampleFacts, policyFile: policy)
    // Assert
    #expect(result.exitCode == 0)
    #expect(result.standardOutput.contains("\"policyVersion\":\"2027.5\""))
    #expect(!result.standardOutput.contains("paid.answer-in-knowledge-base"))
  }
}
