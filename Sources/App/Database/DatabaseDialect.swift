import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

/// The few places where SQLite and PostgreSQL differ, kept behind one protocol so the rest of the app
/// writes portable Fluent/SQLKit code.
public protocol DatabaseDialect: Sendable {
  var name: String { get }
  /// Runs `body` as a transaction that writes. SQLite allows one writer at a time, so the SQLite dialect
  /// serialises writers in-process instead of letting a deferred transaction fail on lock upgrade.
  func writeTransaction<T: Sendable>(
    on db: any Database, _ body: @escaping @Sendable (any Database) async throws -> T
  ) async throws -> T
  /// `FOR UPDATE SKIP LOCKED` where the database has row locks; empty where the single writer already excludes others.
  var claimLockClause: String { get }
  /// `FOR UPDATE` where the database has row locks: a change to one request waits for another change to it to
  /// commit instead of overwriting it. Empty on SQLite, where `writeTransaction` already runs one writer at a time.
  var rowLockClause: String { get }
}

public struct SQLiteDialect: DatabaseDialect {
  let writers: WriterGate
  public init() { writers = WriterGate() }
  public var name: String { "sqlite" }
  public var claimLockClause: String { "" }
  public var rowLockClause: String { "" }

  public func writeTransaction<T: Sendable>(
    on db: any Database, _ body: @escaping @Sendable (any Database) async throws -> T
  ) async throws -> T {
    try await writers.run { try await db.transaction { try await body($0) } }
  }
}

public struct PostgresDialect: DatabaseDialect {
  public init() {}
  public var name: String { "postgres" }
  public var claimLockClause: String { "FOR UPDATE SKIP LOCKED" }
  public var rowLockClause: String { "FOR UPDATE" }

  public func writeTransaction<T: Sendable>(
    on db: any Database, _ body: @escaping @Sendable (any Database) async throws -> T
  ) async throws -> T {
    try await db.transaction { try await body($0) }
  }
}

/// A FIFO async mutex: one writer runs at a time, the rest wait in order.
actor WriterGate {
  private var busy = false
  private var waiters: [CheckedContinuation<Void, Never>] = []

  func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
    await acquire()
    defer { release() }
    return try await body()
  }

  private func acquire() async {
    if !busy {
      busy = true
      return
    }
    await withCheckedContinuation { waiters.append($0) }
  }

  private func release() {
    if waiters.isEmpty {
      busy = false
    } else {
      waiters.removeFirst().resume()
    }
  }
}

extension Application {
  private struct DialectKey: StorageKey { typealias Value = any DatabaseDialect }

  public var dialect: any DatabaseDialect {
    get {
      guard let dialect = storage[DialectKey.self] else { fatalError("configure(_:) has not set the database dialect") }
      return dialect
    }
    set { storage[DialectKey.self] = newValue }
  }
}

extension Request {
  public var dialect: any DatabaseDialect { application.dialect }
}
