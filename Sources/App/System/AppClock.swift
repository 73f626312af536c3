import Foundation
import Vapor

/// The source of "now" for everything in the app. Tests replace it to fix time; domain code never reads `Date()`.
public protocol AppClock: Sendable {
  var now: Date { get }
}

public struct SystemClock: AppClock {
  public init() {}
  public var now: Date { Date() }
}

/// The system clock moved so that it reads `start` when created, then runs in real time (`CLOCK_START`): demos and
/// browser tests see support hours whatever the hour of the machine.
public struct ShiftedClock: AppClock {
  private let offset: TimeInterval
  public init(startingAt start: Date) { offset = start.timeIntervalSince(Date()) }
  public var now: Date { Date() + offset }
}

/// A clock a test can set and move.
public final class FixedClock: AppClock, @unchecked Sendable {
  private let lock = NSLock()
  private var current: Date
  public init(_ date: Date) { current = date }
  public var now: Date { lock.withLock { current } }
  public func set(_ date: Date) { lock.withLock { current = date } }
  public func advance(seconds: TimeInterval) { lock.withLock { current += seconds } }
}

extension Application {
  private struct ClockKey: StorageKey { typealias Value = any AppClock }

  public var clock: any AppClock {
    get { storage[ClockKey.self] ?? SystemClock() }
    set { storage[ClockKey.self] = newValue }
  }
}

extension Request {
  public var clock: any AppClock { application.clock }
}
