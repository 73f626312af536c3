import Foundation

/// `podpora policy …` and `podpora calendar …`: the exact interfaces of POLICY.md.
enum PolicyCommands {
  static func run(_ arguments: [String]) -> Int32 {
    FileHandle.standardError.write(Data("podpora: \(arguments.first ?? "") is not available yet\n".utf8))
    return 70
  }
}
