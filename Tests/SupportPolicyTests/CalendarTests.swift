import Foundation
import Testing

@testable import SupportPolicy

@Suite("Support calendar")
struct CalendarTests {
  let calendar = standardCalendar

  @Test("08:00 is open, 16:00 is closed, weekends are closed")
  func openingBoundaries() {
    // Arrange: Wednesday 25 November 2026, an ordinary working day, and the Saturday after it.
    let instants = [
      ("2026-11-25T07:59:59+01:00", false), ("2026-11-25T08:00:00+01:00", true),
      ("2026-11-25T15:59:59+01:00", true), ("2026-11-25T16:00:00+01:00", false),
      ("2026-11-28T10:00:00+01:00", false),
    ]
    for (text, expected) in instants {
      // Act
      let open = calendar.isOpen(at: at(text))
      // Assert
      #expect(open == expected, "\(text)")
    }
  }

  @Test("work-free holidays close the desk, holidays that are not work-free do not")
  func holidaysClose() {
    // Arrange: Easter Monday 2026, Christmas 2026 (Friday), and 15 September 2026 (Tuesday, not work-free).
    let easterMonday = at("2026-04-06T10:00:00+02:00")
    let christmas = at("2026-12-25T10:00:00+01:00")
    let primorska = at("2026-09-15T10:00:00+02:00")
    // Act / Assert
    #expect(!calendar.isOpen(at: easterMonday))
    #expect(!calendar.isOpen(at: christmas))
    #expect(calendar.isOpen(at: primorska))
    #expect(calendar.isWorkingDay(day("2026-09-15")))
    #expect(!calendar.isWorkingDay(day("2026-04-06")))
  }

  @Test("2 January is a working day only from 2013 to 2016")
  func secondOfJanuary() {
    // Arrange: 2 January fell on a weekday in all of these years.
    let cases: [(String, Bool)] = [
      ("2012-01-02T10:00:00+01:00", false), ("2013-01-02T10:00:00+01:00", true),
      ("2015-01-02T10:00:00+01:00", true), ("2017-01-02T10:00:00+01:00", false),
      ("2019-01-02T10:00:00+01:00", false),
    ]
    for (text, open) in cases {
      // Act / Assert
      #expect(calendar.isOpen(at: at(text)) == open, "\(text)")
    }
  }

  @Test("POLICY.md's example: 24 Dec 2026 15:30 plus 90 minutes is 28 Dec 09:00")
  func addOverChristmas() {
    // Arrange: Thursday 24 Dec is open; 25 and 26 Dec are holidays, 27 Dec is a Sunday.
    let start = at("2026-12-24T15:30:00+01:00")
    // Act
    let end = calendar.add(seconds: 5400, to: start)
    // Assert
    #expect(iso(end) == "2026-12-28T09:00:00+01:00")
  }

  @Test("a span ending exactly at closing time ends at 16:00 that day")
  func spanEndingAtClose() {
    // Arrange
    let start = at("2026-11-25T15:00:00+01:00")
    // Act
    let end = calendar.add(seconds: 3600, to: start)
    let wholeDay = calendar.add(seconds: 8 * 3600, to: at("2026-11-25T08:00:00+01:00"))
    // Assert
    #expect(iso(end) == "2026-11-25T16:00:00+01:00")
    #expect(iso(wholeDay) == "2026-11-25T16:00:00+01:00")
  }

  @Test("counting from a closed instant starts at the next opening; adding 0 gives the next opening")
  func countingFromClosed() {
    // Arrange: Friday evening.
    let friday = at("2026-11-27T17:00:00+01:00")
    // Act
    let zero = calendar.add(seconds: 0, to: friday)
    let minute = calendar.add(seconds: 60, to: friday)
    let openZero = calendar.add(seconds: 0, to: at("2026-11-25T10:00:00+01:00"))
    // Assert
    #expect(iso(zero) == "2026-11-30T08:00:00+01:00")
    #expect(iso(minute) == "2026-11-30T08:01:00+01:00")
    #expect(iso(openZero) == "2026-11-25T10:00:00+01:00")
  }

  @Test("nextOpening returns the instant itself when open, else the next opening")
  func nextOpening() {
    // Arrange
    let open = at("2026-11-25T10:00:00+01:00")
    let atClose = at("2026-11-25T16:00:00+01:00")
    let newYearsEve = at("2026-12-31T16:30:00+01:00")
    // Act / Assert: 1 and 2 January 2027 are holidays (Friday, Saturday), so Monday 4 January.
    #expect(calendar.nextOpening(after: open) == open)
    #expect(iso(calendar.nextOpening(after: atClose)) == "2026-11-26T08:00:00+01:00")
    #expect(iso(calendar.nextOpening(after: newYearsEve)) == "2027-01-04T08:00:00+01:00")
  }

  @Test("open seconds between instants")
  func between() {
    // Arrange
    let cases: [(String, String, Int)] = [
      ("2026-11-27T15:00:00+01:00", "2026-11-30T09:00:00+01:00", 7200),
      ("2026-11-23T00:00:00+01:00", "2026-11-30T00:00:00+01:00", 5 * 8 * 3600),
      ("2026-11-25T10:00:00+01:00", "2026-11-25T10:00:00+01:00", 0),
      ("2026-11-28T09:00:00+01:00", "2026-11-29T18:00:00+01:00", 0),
      ("2026-11-30T09:00:00+01:00", "2026-11-27T15:00:00+01:00", -7200),
    ]
    for (from, to, expected) in cases {
      // Act
      let seconds = calendar.openSeconds(from: at(from), to: at(to))
      // Assert
      #expect(seconds == expected, "\(from) → \(to)")
    }
  }

  @Test("a whole year: 254 working days of 8 hours in 2026")
  func wholeYear() {
    // Arrange: 2026 has 261 weekdays; 7 work-free holidays fall on weekdays (1 and 2 Jan, Easter Monday,
    // 27 Apr, 1 May, 25 Jun, 25 Dec).
    let from = at("2026-01-01T00:00:00+01:00")
    let to = at("2027-01-01T00:00:00+01:00")
    // Act
    let seconds = calendar.openSeconds(from: from, to: to)
    // Assert
    #expect(seconds == 254 * 8 * 3600)
  }

  @Test("spans across DST changes count real hours and land on local times")
  func daylightSaving() {
    // Arrange: summer time starts Sunday 29 March 2026 and ends Sunday 25 October 2026.
    let beforeSpring = at("2026-03-27T15:00:00+01:00")
    let beforeAutumn = at("2026-10-23T15:00:00+02:00")
    // Act
    let afterSpring = calendar.add(seconds: 7200, to: beforeSpring)
    let afterAutumn = calendar.add(seconds: 7200, to: beforeAutumn)
    let springWeekend = calendar.openSeconds(from: at("2026-03-27T08:00:00+01:00"), to: at("2026-03-30T16:00:00+02:00"))
    // Assert
    #expect(iso(afterSpring) == "2026-03-30T09:00:00+02:00")
    #expect(iso(afterAutumn) == "2026-10-26T09:00:00+01:00")
    #expect(springWeekend == 16 * 3600)
    #expect(iso(calendar.nextOpening(after: at("2026-03-28T12:00:00Z"))) == "2026-03-30T08:00:00+02:00")
  }

  @Test("a long span skips weeks and years")
  func longSpan() {
    // Arrange: 254 working days in 2026, so one 2026 of open time from its first opening ends at its last close.
    let firstOpening = calendar.nextOpening(after: at("2026-01-01T00:00:00+01:00"))
    // Act
    let end = calendar.add(seconds: 254 * 8 * 3600, to: firstOpening)
    let further = calendar.add(seconds: 254 * 8 * 3600 + 1, to: firstOpening)
    // Assert: 31 Dec 2026 is a Thursday; 1 and 2 Jan 2027 are holidays, 3 Jan a Sunday.
    #expect(iso(firstOpening) == "2026-01-05T08:00:00+01:00")
    #expect(iso(end) == "2026-12-31T16:00:00+01:00")
    #expect(iso(further) == "2027-01-04T08:00:01+01:00")
  }

  @Test("extra closed days close working days; extra open windows open closed time")
  func configuredDays() {
    // Arrange: close Thursday 24 Dec 2026; open Saturday 5 Dec 2026 09:00–13:00 and Wednesday 16:00–18:00.
    let calendar = SupportCalendar(
      extraClosedDays: [ExtraClosedDay(date: day("2026-12-24"), name: "Kolektivni dopust")],
      extraOpenWindows: [
        OpenWindow(from: at("2026-12-05T09:00:00+01:00"), to: at("2026-12-05T13:00:00+01:00")),
        OpenWindow(from: at("2026-11-25T16:00:00+01:00"), to: at("2026-11-25T18:00:00+01:00")),
      ])
    // Act / Assert
    #expect(!calendar.isOpen(at: at("2026-12-24T10:00:00+01:00")))
    #expect(calendar.isOpen(at: at("2026-12-05T09:00:00+01:00")))
    #expect(!calendar.isOpen(at: at("2026-12-05T13:00:00+01:00")))
    #expect(calendar.isOpen(at: at("2026-11-25T16:00:00+01:00")), "a window touching 16:00 joins the day")
    #expect(iso(calendar.add(seconds: 3 * 3600, to: at("2026-11-25T15:00:00+01:00"))) == "2026-11-25T18:00:00+01:00")
    #expect(iso(calendar.nextOpening(after: at("2026-12-04T17:00:00+01:00"))) == "2026-12-05T09:00:00+01:00")
    #expect(
      calendar.closedDays(year: 2026).contains {
        $0.date == day("2026-12-24") && $0.slovenianName == "Kolektivni dopust"
      })
  }

  @Test("configurable hours and weekdays")
  func configuredHours() {
    // Arrange: open Saturdays too, 07:30–15:00.
    let hours = SupportHours(
      open: TimeOfDay(hour: 7, minute: 30)!, close: TimeOfDay(hour: 15)!,
      weekdays: [.monday, .tuesday, .wednesday, .thursday, .friday, .saturday])
    let calendar = SupportCalendar(hours: hours)
    // Act / Assert
    #expect(calendar.isOpen(at: at("2026-11-28T07:30:00+01:00")))
    #expect(!calendar.isOpen(at: at("2026-11-28T15:00:00+01:00")))
    #expect(!calendar.isOpen(at: at("2026-11-29T10:00:00+01:00")))
  }

  @Test("openIntervals lists the day's open time")
  func openIntervals() {
    // Arrange
    let monday = day("2026-03-30")
    // Act
    let intervals = standardCalendar.openIntervals(on: monday)
    let sunday = standardCalendar.openIntervals(on: day("2026-03-29"))
    // Assert
    #expect(intervals.map { iso($0.start) } == ["2026-03-30T08:00:00+02:00"])
    #expect(intervals.map { iso($0.end) } == ["2026-03-30T16:00:00+02:00"])
    #expect(sunday.isEmpty)
  }

  @Test("absurd instants and spans do not trap")
  func edges() {
    // Arrange
    let calendar = SupportCalendar()
    // Act / Assert: time before the Gregorian year 1583 and after 9999 is closed; add gives up at the end.
    #expect(!calendar.isOpen(at: .distantPast))
    #expect(!calendar.isOpen(at: Date(timeIntervalSinceReferenceDate: 1e300)))
    #expect(calendar.add(seconds: .max, to: at("2026-11-25T10:00:00+01:00")) == .distantFuture)
    #expect(calendar.openSeconds(from: .distantPast, to: at("1583-01-01T00:00:00Z")) == 0)
    #expect(iso(calendar.nextOpening(after: at("1583-01-01T00:00:00Z"))).hasPrefix("1583-01-03T08:00:00"))
    #expect(SlovenianHolidays.holidays(year: 0).isEmpty)
  }
}
