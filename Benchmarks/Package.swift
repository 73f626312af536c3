// swift-tools-version:6.1
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its directory, not after its manifest's name, so the parent package's
// identity is whatever the checkout's folder is called (e.g. "main" or a CI clone's name).
let parentIdentity = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent
  .lowercased()

// Benchmarks of the SupportPolicy library's hot paths, in their own package so that the app's build never pulls
// in the benchmark tooling. Run: swift package --package-path Benchmarks benchmark
let package = Package(
  name: "PodporaBenchmarks",
  platforms: [.macOS(.v14)],
  dependencies: [
    .package(path: ".."),
    .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.0", traits: ["MallocInterposer"]),
  ],
  targets: [
    .executableTarget(
      name: "SupportPolicyBenchmarks",
      dependencies: [
        .product(name: "SupportPolicy", package: parentIdentity),
        .product(name: "Benchmark", package: "benchmark"),
      ],
      path: "Benchmarks/SupportPolicyBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
  ],
  swiftLanguageModes: [.v6]
)
