import Foundation

/// What a command printed and how it ended.
public struct CommandLineResult: Sendable, Hashable {
  public var exitCode: Int32
  public var standardOutput: String
  public var standardError: String

  public init(exitCode: Int32, standardOutput: String = "", standardError: String = "") {
    self.exitCode = exitCode
    self.standardOutput = standardOutput
    self.standardError = standardError
  }
}

/// The `podpora policy …` and `podpora calendar …` commands of POLICY.md as a pure function: the executable only
/// passes in its arguments, standard input and the POLICY_FILE contents, and writes out the result.
///
/// Exit codes follow sysexits.h: 0 success, 64 usage error, 65 bad input data, 66 an input file cannot be read,
/// 78 bad configuration (POLICY_FILE).
public enum PolicyCommandLine {
  public static let usage = """
    usage:
      podpora policy explain                 read one JSON object of request facts on standard input,
                                             print the decision as JSON
      podpora policy check FILE              validate a policy file (YAML or JSON); prints "ok <version>"
      podpora calendar holidays --year YYYY  one line per closed day: YYYY-MM-DD<TAB>name
      podpora calendar add --from TIME --seconds N
                                             the instant N seconds of open support time after TIME
      podpora calendar between --from A --to B
                                             open support seconds between A and B
    TIME is ISO 8601 with an offset, e.g. 2026-12-24T15:30:00+01:00.
    The policy is read from the file named by POLICY_FILE, else the built-in defaults are used.

    """

  /// About 130 years of support time: more is surely a typo, and would only walk the calendar to its end.
  static let maximumSeconds = 1_000_000_000

  static let exitOK: Int32 = 0
  static let exitUsage: Int32 = 64
  static let exitDataError: Int32 = 65
  static let exitNoInput: Int32 = 66
  static let exitConfig: Int32 = 78

  /// - Parameters:
  ///   - arguments: what follows the executable's name, e.g. `["calendar", "holidays", "--year", "2027"]`.
  ///   - policyFileContents: the contents of the POLICY_FILE, or nil when it is not set.
  ///   - readFile: reads a file named on the command line (`policy check FILE`).
  public static func run(
    arguments: [String], standardInput: Data, policyFileContents: Data?, readFile: (String) throws -> Data
  ) -> CommandLineResult {
    if arguments.isEmpty { return usageError("no command given") }
    if ["help", "--help", "-h"].contains(arguments[0]) {
      return CommandLineResult(exitCode: exitOK, standardOutput: usage)
    }
    if arguments.count == 2 && ["--help", "-h"].contains(arguments[1]) {
      return CommandLineResult(exitCode: exitOK, standardOutput: usage)
    }

    switch (arguments[0], arguments.dropFirst().first) {
    case ("policy", "explain"):
      guard arguments.count == 2 else { return usageError("policy explain takes no arguments") }
      return withPolicy(policyFileContents) { explain(standardInput, policy: $0) }
    case ("policy", "check"):
      guard arguments.count == 3 else { return usageError("policy check needs exactly one FILE") }
      return check(file: arguments[2], readFile: readFile)
    case ("calendar", "holidays"):
      let options: [String: String]
      switch parseOptions(Array(arguments.dropFirst(2)), allowed: ["--year"]) {
      case .success(let parsed): options = parsed
      case .failure(let problem): return usageError(problem.message)
      }
      guard let text = options["--year"] else { return usageError("calendar holidays needs --year YYYY") }
      guard let year = Int(text), (1992...9999).contains(year) else {
        return usageError("--year must be a year from 1992 to 9999, not \"\(text)\"")
      }
      // Every work-free holiday of the year is listed, also one on a weekend (it is a work-free day by law), plus
      // the policy's extra closed days; holidays that are not work-free keep the desk open and are not listed.
      return withPolicy(policyFileContents) { policy in
        let calendar = policy.makeCalendar()
        let lines = calendar.closedDays(year: year).map { "\($0.date)\t\($0.slovenianName)\n" }
        return CommandLineResult(exitCode: exitOK, standardOutput: lines.joined())
      }
    case ("calendar", "add"):
      let options: [String: String]
      switch parseOptions(Array(arguments.dropFirst(2)), allowed: ["--from", "--seconds"]) {
      case .success(let parsed): options = parsed
      case .failure(let problem): return usageError(problem.message)
      }
      guard let fromText = options["--from"], let secondsText = options["--seconds"] else {
        return usageError("calendar add needs --from TIME and --seconds N")
      }
      guard let from = ISO8601.parse(fromText) else {
        return usageError("--from: \"\(fromText)\" is not an ISO 8601 time with an offset")
      }
      guard let seconds = Int(secondsText), (0...maximumSeconds).contains(seconds) else {
        return usageError("--seconds: \"\(secondsText)\" is not a whole number of seconds from 0 to \(maximumSeconds)")
      }
      return withPolicy(policyFileContents) { policy in
        let result = policy.makeCalendar().add(seconds: seconds, to: from)
        return CommandLineResult(exitCode: exitOK, standardOutput: ISO8601.format(result, in: policy.timeZone) + "\n")
      }
    case ("calendar", "between"):
      let options: [String: String]
      switch parseOptions(Array(arguments.dropFirst(2)), allowed: ["--from", "--to"]) {
      case .success(let parsed): options = parsed
      case .failure(let problem): return usageError(problem.message)
      }
      guard let fromText = options["--from"], let toText = options["--to"] else {
        return usageError("calendar between needs --from A and --to B")
      }
      guard let from = ISO8601.parse(fromText) else {
        return usageError("--from: \"\(fromText)\" is not an ISO 8601 time with an offset")
      }
      guard let to = ISO8601.parse(toText) else {
        return usageError("--to: \"\(toText)\" is not an ISO 8601 time with an offset")
      }
      return withPolicy(policyFileContents) { policy in
        let seconds = policy.makeCalendar().openSeconds(from: from, to: to)
        return CommandLineResult(exitCode: exitOK, standardOutput: "\(seconds)\n")
      }
    default:
      return usageError("unknown command: \(arguments.prefix(2).joined(separator: " "))")
    }
  }

  private static func explain(_ input: Data, policy: PolicyConfiguration) -> CommandLineResult {
    let facts: RequestFacts
    do {
      facts = try RequestFacts.decode(json: input)
    } catch {
      return CommandLineResult(
        exitCode: exitDataError, standardError: "podpora policy explain: bad facts: \(error.description)\n")
    }
    let decision = PolicyEngine(policy: policy).decide(facts)
    return CommandLineResult(exitCode: exitOK, standardOutput: decision.json(timeZone: policy.timeZone) + "\n")
  }

  private static func check(file: String, readFile: (String) throws -> Data) -> CommandLineResult {
    let data: Data
    do {
      data = try readFile(file)
    } catch {
      return CommandLineResult(
        exitCode: exitNoInput, standardError: "podpora policy check: cannot read \(file): \(error)\n")
    }
    do {
      let policy = try PolicyConfiguration.load(data)
      return CommandLineResult(exitCode: exitOK, standardOutput: "ok \(policy.version)\n")
    } catch {
      return CommandLineResult(exitCode: exitDataError, standardError: "podpora policy check: \(file): \(error)\n")
    }
  }

  private static func withPolicy(
    _ contents: Data?, _ body: (PolicyConfiguration) -> CommandLineResult
  ) -> CommandLineResult {
    guard let contents else { return body(.defaults) }
    do {
      return body(try PolicyConfiguration.load(contents))
    } catch {
      return CommandLineResult(exitCode: exitConfig, standardError: "podpora: POLICY_FILE: \(error)\n")
    }
  }

  private static func usageError(_ problem: String) -> CommandLineResult {
    CommandLineResult(exitCode: exitUsage, standardError: "podpora: \(problem)\n\n" + usage)
  }

  struct OptionProblem: Error {
    var message: String
  }

  /// `--name value` and `--name=value`, each at most once.
  static func parseOptions(_ arguments: [String], allowed: Set<String>) -> Result<[String: String], OptionProblem> {
    var options: [String: String] = [:]
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      var name = argument
      var value: String?
      if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
        name = String(argument[..<equals])
        value = String(argument[argument.index(after: equals)...])
      }
      guard allowed.contains(name) else {
        return .failure(OptionProblem(message: "unexpected argument \"\(argument)\""))
      }
      if value == nil {
        guard index + 1 < arguments.count else { return .failure(OptionProblem(message: "\(name) needs a value")) }
        index += 1
        value = arguments[index]
      }
      guard options[name] == nil else { return .failure(OptionProblem(message: "\(name) is given twice")) }
      options[name] = value
      index += 1
    }
    return .success(options)
  }
}
