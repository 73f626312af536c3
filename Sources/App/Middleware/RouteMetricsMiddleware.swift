import Foundation
import Prometheus
import Vapor

/// Counts requests and records their latency per route pattern (never per concrete path, which would let
/// anyone create unbounded label values).
struct RouteMetricsMiddleware: AsyncMiddleware {
  let registry: PrometheusCollectorRegistry

  func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
    let start = ContinuousClock.now
    var status = 500
    defer {
      let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
      let labels = [("method", request.method.rawValue), ("route", route), ("status", String(status))]
      registry.makeCounter(
        descriptor: .init(
          namespace: "podpora", metricName: "http_requests", unitName: "total",
          helpText: "HTTP requests by route and status"), labels: labels
      ).increment()
      registry.makeDurationHistogram(
        descriptor: .init(
          namespace: "podpora", metricName: "http_request_duration", unitName: "seconds",
          helpText: "HTTP request latency by route"),
        labels: [("method", request.method.rawValue), ("route", route)],
        buckets: Self.buckets
      ).record(ContinuousClock.now - start)
    }
    do {
      let response = try await next.respond(to: request)
      status = Int(response.status.code)
      return response
    } catch let abort as any AbortError {
      status = Int(abort.status.code)
      throw abort
    }
  }

  static let buckets: [Duration] = [
    .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
    .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5),
  ]
}

extension Application {
  private struct RegistryKey: StorageKey { typealias Value = PrometheusCollectorRegistry }

  var metricsRegistry: PrometheusCollectorRegistry {
    if let registry = storage[RegistryKey.self] { return registry }
    let registry = PrometheusCollectorRegistry()
    storage[RegistryKey.self] = registry
    return registry
  }
}
