import Foundation
import PropertyBased
import Testing

@testable import SupportPolicy

/// Properties of support-hours arithmetic over random whole-second instants in 2017–2030.
@Suite("Support calendar properties")
struct CalendarPropertyTests {
  static let calendar = SupportCalendar()
  /// Unix seconds of 2017-01-01T00:00Z and 2031-01-01T00:00Z.
  static let instants = Gen.int(in: 1_483_228_800...1_924_992_000).map { Date(timeIntervalSince1970: Double($0)) }
  /// Spans from a second to a few weeks of open time, biased towards typical short spans.
  static let spans = Gen.int(in: 0...(20 * 8 * 3600))

  @Test("add(openSeconds(a, b), a) == b when b is open (and not an opening instant)")
  func addInvertsOpenSeconds() async {
    await propertyCheck(count: 500, input: Self.instants, Self.instants) { x, y in
      // Arrange
      let (a, b) = (min(x, y), max(x, y))
      let calendar = Self.calendar
      // b is open; an opening instant is also the preceding closing instant in open time, and add returns the
      // closing instant then (POLICY.md: a span ending exactly at 16:00 ends at 16:00).
      let b2 = calendar.nextOpening(after: b).addingTimeInterval(1)
      guard b2 >= a else { return }
      // Act
      let seconds = calendar.openSeconds(from: a, to: b2)
      let result = calendar.add(seconds: seconds, to: a)
      // Assert
      #expect(result == b2, "a=\(iso(a)) b=\(iso(b2)) seconds=\(seconds) result=\(iso(result))")
    }
  }

  @Test("add and openSeconds agree: openSeconds(a, add(s, a)) == s")
  func openSecondsInvertsAdd() async {
    await propertyCheck(count: 500, input: Self.instants, Self.spans) { a, s in
      // Act
      let end = Self.calendar.add(seconds: s, to: a)
      // Assert
      #expect(Self.calendar.openSeconds(from: a, to: end) == s, "a=\(iso(a)) s=\(s)")
    }
  }

  @Test("no result of add lies in closed time, except a closing instant")
  func addLandsOpenOrAtClosing() async {
    await propertyCheck(count: 500, input: Self.instants, Self.spans) { a, s in
      // Act
      let end = Self.calendar.add(seconds: s, to: a)
      // Assert
      let open = Self.calendar.isOpen(at: end)
      let closing = !open && Self.calendar.isOpen(at: end.addingTimeInterval(-1))
      #expect(open || closing, "a=\(iso(a)) s=\(s) end=\(iso(end))")
      if s == 0 { #expect(open) }
    }
  }

  @Test("openSeconds is additive over split points, in any order")
  func additive() async {
    await propertyCheck(count: 300, input: Self.instants, Self.instants, Self.instants) { a, b, c in
      // Act
      let whole = Self.calendar.openSeconds(from: a, to: c)
      let parts = Self.calendar.openSeconds(from: a, to: b) + Self.calendar.openSeconds(from: b, to: c)
      // Assert
      #expect(whole == parts)
    }
  }

  @Test("add is monotonic in seconds")
  func monotonic() async {
    await propertyCheck(count: 500, input: Self.instants, Self.spans, Self.spans) { a, s1, s2 in
      // Arrange
      let (small, large) = (min(s1, s2), max(s1, s2))
      // Act
      let early = Self.calendar.add(seconds: small, to: a)
      let late = Self.calendar.add(seconds: large, to: a)
      // Assert
      #expect(early <= late)
      if small < large { #expect(early < late) }
    }
  }

  @Test("a full working day from its opening ends at its local closing time, on any working day")
  func wholeDaysAgreeWithFoundation() async {
    var gregorian = Calendar(identifier: .gregorian)
    gregorian.timeZone = .ljubljana
    await propertyCheck(count: 300, input: Gen.int(in: 17_167...21_914)) { days in
      // Arrange: a local day between 2017 and 2030, and its 08:00 and 16:00 computed independently.
      let date = LocalDate(daysSince1970: days)
      guard Self.calendar.isWorkingDay(date) else { return }
      let components = DateComponents(year: date.year, month: date.month, day: date.day)
      var open = components
      open.hour = 8
      var close = components
      close.hour = 16
      let opening = gregorian.date(from: open)!
      let closing = gregorian.date(from: close)!
      // Act
      let end = Self.calendar.add(seconds: 8 * 3600, to: opening)
      // Assert
      #expect(end == closing, "\(date)")
      #expect(Self.calendar.openSeconds(from: opening, to: closing) == 8 * 3600)
    }
  }

  @Test("DST weekends (last Sunday of March and October) count 16 open hours from Friday 08:00 to Monday 16:00")
  func dstWeekends() async {
    await propertyCheck(count: 40, input: Gen.int(in: 2017...2030), Gen.bool) { year, autumn in
      // Arrange: the last Sunday of the month, found without the library: the last day going backwards that is
      // a Sunday in Foundation's calendar.
      var gregorian = Calendar(identifier: .gregorian)
      gregorian.timeZone = .ljubljana
      let month = autumn ? 10 : 3
      var sunday = 31
      while gregorian.component(
        .weekday, from: gregorian.date(from: DateComponents(year: year, month: month, day: sunday, hour: 12))!) != 1
      {
        sunday -= 1
      }
      let sundayDate = LocalDate(year: year, month: month, day: sunday)!
      let fridayDate = sundayDate.adding(days: -2)
      let mondayDate = sundayDate.adding(days: 1)
      func local(_ date: LocalDate, _ hour: Int) -> Date {
        gregorian.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: hour))!
      }
      let friday = local(fridayDate, 8)
      let monday = local(mondayDate, 16)
      let mondayNine = local(mondayDate, 9)
      // Easter Monday can be the Monday after the March change (2027-03-29), and 1 November a Monday or Friday.
      guard Self.calendar.isWorkingDay(mondayDate), Self.calendar.isWorkingDay(fridayDate) else { return }
      // Act
      let open = Self.calendar.openSeconds(from: friday, to: monday)
      // Friday 09:00 plus 8 open hours: 7 on Friday and 1 on Monday.
      let nine = Self.calendar.add(seconds: 8 * 3600, to: friday.addingTimeInterval(3600))
      // Assert
      #expect(open == 16 * 3600, "\(year)-\(month)")
      #expect(nine == mondayNine, "\(year)-\(month): \(iso(nine))")
    }
  }
}
