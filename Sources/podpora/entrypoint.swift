import App
import Foundation
import Vapor

@main
enum Entrypoint {
  static func main() async {
    let code = await PodporaCommandLine.run(CommandLine.arguments)
    exit(code)
  }
}
