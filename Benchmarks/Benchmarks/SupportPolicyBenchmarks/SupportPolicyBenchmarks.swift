import Benchmark
import Foundation
import SupportPolicy

/// Instants spread over a year of Europe/Ljubljana time (open and closed, weekdays, holidays, both DST periods).
private func instantsAcrossYear(_ count: Int) -> [Date] {
  let start = ISO8601.parse("2026-01-01T00:00:00+01:00")!
  // 7919 s is prime, so the stride visits every time of day and day of the week.
  return (0..<count).map { start.addingTimeInterval(Double(($0 * 7919) % (365 * 86_400))) }
}

/// A mix of typical requests: mostly short portal questions, some by e-mail or phone, long ones, legislation,
/// starters, knowledge-base and repeat evidence, some outside hours.
private func typicalFacts(_ count: Int) -> [RequestFacts] {
  let instants = instantsAcrossYear(count)
  let base = RequestFacts(
    channel: .portal, submittedAt: instants[0], program: "PL", category: .usage, handlingMinutes: 5,
    organisation: .init(standing: .ok, onboardedPrograms: ["PL", "FAK"], settingsInOrder: ["PL", "FAK"]),
    contact: .init(trainings: [.init(program: "PL", kind: .onboarding, completedOn: LocalDate("2025-01-10")!)]))
  return (0..<count).map { i in
    var facts = base
    facts.submittedAt = instants[i]
    if i % 4 == 1 { facts.channel = .email }
    if i % 10 == 3 { facts.channel = .phone }
    if i % 5 == 2 { facts.handlingMinutes = 35 }
    if i % 8 == 5 { facts.category = .legislation }
    if i % 9 == 4 { facts.category = .error }
    if i % 12 == 7 {
      facts.contact.trainings.append(.init(program: "PL", kind: .seminar, completedOn: LocalDate("2026-01-05")!))
    }
    if i % 16 == 9 {
      facts.knowledgeBaseEvidence = [.init(kind: .article, id: "a-\(i)", publishedAt: instants[0])]
    }
    if i % 20 == 11 {
      facts.repeatOf = [.init(request: Int64(i), resolvedAt: instants[0], clearInstructions: true)]
    }
    if i % 50 == 13 { facts.organisation.standing = .overdue }
    return facts
  }
}

let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [.throughput, .wallClock, .mallocCountTotal],
    scalingFactor: .kilo,
    maxDuration: .seconds(3))

  Benchmark("PolicyEngine.decide (typical mix)") { benchmark in
    let engine = PolicyEngine(policy: .defaults)
    let facts = typicalFacts(1024)
    for fact in facts { blackHole(engine.decide(fact)) }
    benchmark.startMeasurement()
    for i in benchmark.scaledIterations { blackHole(engine.decide(facts[i & 1023])) }
  }

  Benchmark("SupportCalendar.add (spans of 15 min to 3 days, across 2026)") { benchmark in
    let calendar = SupportCalendar()
    let instants = instantsAcrossYear(4096)
    let spans = [900, 1800, 3600, 5400, 4 * 3600, 8 * 3600, 3 * 8 * 3600]
    blackHole(calendar.add(seconds: 1, to: instants[0]))
    benchmark.startMeasurement()
    for i in benchmark.scaledIterations { blackHole(calendar.add(seconds: spans[i % 7], to: instants[i & 4095])) }
  }

  Benchmark("SupportCalendar.openSeconds (across 2026)") { benchmark in
    let calendar = SupportCalendar()
    let instants = instantsAcrossYear(4096)
    blackHole(calendar.openSeconds(from: instants[0], to: instants[1]))
    benchmark.startMeasurement()
    for i in benchmark.scaledIterations {
      blackHole(calendar.openSeconds(from: instants[i & 4095], to: instants[(i + 1) & 4095]))
    }
  }
}
