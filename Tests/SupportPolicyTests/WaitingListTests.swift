import Foundation
import Testing

@testable import SupportPolicy

@Suite("Waiting list")
struct WaitingListTests {
  typealias Entry = WaitingListEntry<String>
  let calendar = standardCalendar
  let now = at("2026-11-25T10:00:00+01:00")

  @Test("arranged requests whose time has come first, then portal, then e-mail and phone, each first come first served")
  func classes() {
    // Arrange
    let entries = [
      Entry(id: "email-early", channel: .email, submittedAt: at("2026-11-25T08:10:00+01:00")),
      Entry(id: "portal-late", channel: .portal, submittedAt: at("2026-11-25T09:30:00+01:00")),
      Entry(id: "phone", channel: .phone, submittedAt: at("2026-11-25T08:05:00+01:00")),
      Entry(
        id: "arranged-later", channel: .portal, submittedAt: at("2026-11-20T09:00:00+01:00"),
        arrangedAt: at("2026-11-25T13:00:00+01:00")),
      Entry(id: "portal-early", channel: .portal, submittedAt: at("2026-11-25T09:00:00+01:00")),
      Entry(
        id: "arranged-due-2", channel: .email, submittedAt: at("2026-11-24T09:00:00+01:00"),
        arrangedAt: at("2026-11-25T09:45:00+01:00")),
      Entry(
        id: "arranged-due-1", channel: .phone, submittedAt: at("2026-11-24T12:00:00+01:00"),
        arrangedAt: at("2026-11-25T09:30:00+01:00")),
    ]
    // Act
    let ordered = WaitingList.order(entries, now: now, calendar: calendar, promotionAfterSeconds: 8 * 3600)
    // Assert
    #expect(
      ordered.map(\.id) == [
        "arranged-due-1", "arranged-due-2", "portal-early", "portal-late", "phone", "email-early", "arranged-later",
      ])
  }

  @Test("an e-mail request waiting longer than the limit is promoted at its original submission time")
  func promotion() {
    // Arrange: the e-mail came Tuesday 09:00, so by Wednesday 10:00 it has waited 7 h + 2 h = 9 open hours.
    let entries = [
      Entry(id: "portal", channel: .portal, submittedAt: at("2026-11-25T08:30:00+01:00")),
      Entry(id: "old-email", channel: .email, submittedAt: at("2026-11-24T09:00:00+01:00")),
      Entry(id: "old-phone-in-limit", channel: .phone, submittedAt: at("2026-11-24T11:00:00+01:00")),
    ]
    // Act
    let ordered = WaitingList.order(entries, now: now, calendar: calendar, promotionAfterSeconds: 8 * 3600)
    // Assert: the phone request waited exactly 7 open hours: not promoted.
    #expect(ordered.map(\.id) == ["old-email", "portal", "old-phone-in-limit"])
    #expect(
      WaitingList.classify(entries[2], now: now, calendar: calendar, promotionAfterSeconds: 8 * 3600)
        == .emailAndPhone)
  }

  @Test("waiting is counted in support time: a weekend does not promote")
  func weekendDoesNotAge() {
    // Arrange: e-mail Friday 15:00, now Monday 09:00 is 2 open hours later.
    let entry = Entry(id: "e", channel: .email, submittedAt: at("2026-11-27T15:00:00+01:00"))
    // Act
    let kind = WaitingList.classify(
      entry, now: at("2026-11-30T09:00:00+01:00"), calendar: calendar, promotionAfterSeconds: 8 * 3600)
    // Assert
    #expect(kind == .emailAndPhone)
  }

  @Test("ties keep portal first, then the input order")
  func ties() {
    // Arrange
    let same = at("2026-11-25T09:00:00+01:00")
    let entries = [
      Entry(id: "b", channel: .portal, submittedAt: same), Entry(id: "a", channel: .portal, submittedAt: same),
    ]
    // Act
    let ordered = WaitingList.order(entries, now: now, calendar: calendar, promotionAfterSeconds: 8 * 3600)
    // Assert
    #expect(ordered.map(\.id) == ["b", "a"])
  }

  @Test("estimates count rounds of average handling in support hours")
  func estimates() {
    // Arrange: Wednesday 15:00, 30-minute average.
    let now = at("2026-11-25T15:00:00+01:00")
    // Act
    let next = WaitingList.estimateStart(
      position: 0, now: now, agentsOnDuty: 2, averageHandlingSeconds: 1800, calendar: calendar)
    let third = WaitingList.estimateStart(
      position: 2, now: now, agentsOnDuty: 2, averageHandlingSeconds: 1800, calendar: calendar)
    let fourthAlone = WaitingList.estimateStart(
      position: 3, now: now, agentsOnDuty: 0, averageHandlingSeconds: 1800, calendar: calendar)
    let atClose = WaitingList.estimateStart(
      position: 2, now: now, agentsOnDuty: 1, averageHandlingSeconds: 1800, calendar: calendar)
    // Assert
    #expect(iso(next) == "2026-11-25T15:00:00+01:00")
    #expect(iso(third) == "2026-11-25T15:30:00+01:00")
    #expect(iso(fourthAlone) == "2026-11-26T08:30:00+01:00", "no agent on duty counts as one")
    #expect(iso(atClose) == "2026-11-26T08:00:00+01:00", "an estimate never lands on a closing instant")
  }

  @Test("an estimate made while closed starts at the next opening")
  func estimateWhileClosed() {
    // Arrange / Act
    let estimate = WaitingList.estimateStart(
      position: 0, now: at("2026-11-28T10:00:00+01:00"), agentsOnDuty: 1, averageHandlingSeconds: 900,
      calendar: calendar)
    // Assert
    #expect(iso(estimate) == "2026-11-30T08:00:00+01:00")
  }

  @Test("a request's position and estimate in the ordered list")
  func position() throws {
    // Arrange
    let entries = [
      Entry(id: "a", channel: .portal, submittedAt: at("2026-11-25T08:30:00+01:00")),
      Entry(id: "b", channel: .email, submittedAt: at("2026-11-25T08:00:00+01:00")),
      Entry(id: "c", channel: .portal, submittedAt: at("2026-11-25T09:00:00+01:00")),
      Entry(
        id: "later", channel: .portal, submittedAt: at("2026-11-20T09:00:00+01:00"),
        arrangedAt: at("2026-11-28T09:00:00+01:00")),
    ]
    let ordered = WaitingList.order(entries, now: now, calendar: calendar, promotionAfterSeconds: 8 * 3600)
    // Act
    let b = try #require(
      WaitingList.position(
        of: "b", in: ordered, now: now, agentsOnDuty: 1, averageHandlingSeconds: 3600, calendar: calendar))
    let later = try #require(
      WaitingList.position(
        of: "later", in: ordered, now: now, agentsOnDuty: 1, averageHandlingSeconds: 3600, calendar: calendar))
    let missing = WaitingList.position(
      of: "zzz", in: ordered, now: now, agentsOnDuty: 1, averageHandlingSeconds: 3600, calendar: calendar)
    // Assert
    #expect(b.ahead == 2)
    #expect(iso(b.estimatedStart) == "2026-11-25T12:00:00+01:00")
    #expect(later.ahead == 3)
    #expect(iso(later.estimatedStart) == "2026-11-28T09:00:00+01:00")
    #expect(missing == nil)
  }
}
