// swift-tools-version:6.1
import PackageDescription

let package = Package(
  name: "podpora",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "podpora", targets: ["podpora"]),
    .library(name: "SupportPolicy", targets: ["SupportPolicy"]),
    .library(name: "Mail", targets: ["Mail"]),
    .library(name: "Wording", targets: ["Wording"]),
  ],
  dependencies: [
    .package(url: "https://github.com/vapor/vapor.git", from: "4.122.0"),
    .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
    .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
    .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
    .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
    .package(url: "https://github.com/JohnSundell/Ink.git", from: "0.6.0"),
    .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.0"),
    .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
    .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
    .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.34.0"),
    .package(url: "https://github.com/jpsim/Yams.git", from: "5.0.0"),
    .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
  ],
  targets: [
    // Pure domain: support-hours calendar, rules, decisions, waiting-list order. No Vapor, no I/O, no clock reads.
    .target(
      name: "SupportPolicy",
      dependencies: [.product(name: "Yams", package: "Yams")]
    ),
    // Dates, times, support hours, durations, money and plurals in both languages, on the policy's zone and hours.
    // No Vapor.
    .target(name: "Wording", dependencies: ["SupportPolicy"]),
    // MIME parsing and an SMTP client. No Vapor.
    .target(
      name: "Mail",
      dependencies: [
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
      ]
    ),
    .target(
      name: "App",
      dependencies: [
        "SupportPolicy",
        "Wording",
        "Mail",
        .product(name: "Vapor", package: "vapor"),
        .product(name: "Fluent", package: "fluent"),
        .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
        .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
        .product(name: "Plot", package: "Plot"),
        .product(name: "Ink", package: "Ink"),
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "Metrics", package: "swift-metrics"),
      ]
    ),
    .executableTarget(name: "podpora", dependencies: ["App"]),
    .testTarget(
      name: "SupportPolicyTests",
      dependencies: [
        "SupportPolicy",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]
    ),
    .testTarget(name: "WordingTests", dependencies: ["Wording", "SupportPolicy"]),
    // Test helpers several test targets share: the real SMTP test server (scripts/smtp_server.py).
    .target(name: "TestSupport", path: "Tests/TestSupport"),
    .testTarget(name: "MailTests", dependencies: ["Mail", "TestSupport"], exclude: ["Fixtures"]),
    .testTarget(
      name: "AppTests",
      dependencies: [
        "App",
        "Wording",
        "TestSupport",
        .product(name: "VaporTesting", package: "vapor"),
      ]
    ),
  ],
  swiftLanguageModes: [.v6]
)
