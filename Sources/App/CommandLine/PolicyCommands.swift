import Foundation
import SupportPolicy

/// `podpora policy …` and `podpora calendar …`: the exact interfaces of POLICY.md. The logic lives in the
/// SupportPolicy library; this only does the I/O.
enum PolicyCommands {
  static func run(_ arguments: [String]) -> Int32 {
    let policyFile: String?
    do {
      policyFile = try AppConfiguration.loadPolicyFile()
    } catch {
      FileHandle.standardError.write(Data("podpora: \(error)\n".utf8))
      return 78
    }
    let needsInput = arguments.count >= 2 && arguments[0] == "policy" && arguments[1] == "explain"
    let input = needsInput ? FileHandle.standardInput.readDataToEndOfFile() : Data()
    let result = PolicyCommandLine.run(
      arguments: arguments, standardInput: input,
      policyFileContents: policyFile.flatMap { FileManager.default.contents(atPath: $0) },
      readFile: { path in
        guard let data = FileManager.default.contents(atPath: path) else {
          throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        return data
      })
    FileHandle.standardOutput.write(Data(result.standardOutput.utf8))
    FileHandle.standardError.write(Data(result.standardError.utf8))
    return result.exitCode
  }
}
