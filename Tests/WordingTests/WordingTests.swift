import Foundation
import SupportPolicy
import Testing
import Wording

private func at(_ text: String) -> Date {
  guard let date = ISO8601.parse(text) else { fatalError("bad test time \(text)") }
  return date
}

private let sl = Wording(.sl)
private let en = Wording(.en)

@Suite("Plurals")
struct PluralTests {
  @Test("Slovenian's four forms follow the last two digits: 1 enota, 2 enoti, 3 enote, 5 enot")
  func slovenianForms() {
    let unit = Plural(sl: "enota", "enoti", "enote", "enot", en: "unit", "units")
    #expect(sl.count(1, unit) == "1 enota")
    #expect(sl.count(2, unit) == "2 enoti")
    #expect(sl.count(3, unit) == "3 enote")
    #expect(sl.count(4, unit) == "4 enote")
    #expect(sl.count(5, unit) == "5 enot")
    #expect(sl.count(0, unit) == "0 enot")
    #expect(sl.count(101, unit) == "101 enota")
    #expect(sl.count(102, unit) == "102 enoti")
    #expect(sl.count(103, unit) == "103 enote")
    #expect(sl.count(111, unit) == "111 enot")
    #expect(sl.count(112, unit) == "112 enot")
    #expect(sl.count(114, unit) == "114 enot")
    #expect(en.count(1, unit) == "1 unit")
    #expect(en.count(2, unit) == "2 units")
    #expect(en.count(0, unit) == "0 units")
    #expect(en.count(101, unit) == "101 units")
  }

  @Test("0…200: each count gets the category its last two digits decide, in both languages")
  func everyCountUpTo200() {
    for n in 0...200 {
      let expected: PluralCategory =
        switch n % 100 {
        case 1: .one
        case 2: .two
        case 3, 4: .few
        default: .other
        }
      #expect(Language.sl.plural(n) == expected, "sl \(n)")
      #expect(Language.en.plural(n) == (n == 1 ? .one : .other), "en \(n)")
    }
    let slovenianCounts = Dictionary(grouping: 0...200, by: { Language.sl.plural($0) }).mapValues(\.count)
    #expect(slovenianCounts == [.one: 2, .two: 2, .few: 4, .other: 193])
  }
}

@Suite("Days and instants")
struct DateTests {
  @Test("an instant in Ljubljana in winter: date, time, date and time, timestamp, machine, field")
  func winter() {
    let instant = at("2026-11-25T09:05:07.250Z")
    #expect(sl.date(instant) == "25. 11. 2026")
    #expect(en.date(instant) == "25 Nov 2026")
    #expect(sl.time(instant) == "10.05")
    #expect(en.time(instant) == "10:05")
    #expect(sl.dateTime(instant) == "25. 11. 2026 ob 10.05")
    #expect(en.dateTime(instant) == "25 Nov 2026, 10:05")
    #expect(sl.timestamp(instant) == "25. 11. 2026 10:05")
    #expect(en.timestamp(instant) == "25 Nov 2026 10:05")
    #expect(sl.machine(instant) == "2026-11-25T10:05:07+01:00")
    #expect(sl.field(instant) == "2026-11-25T10:05")
  }

  @Test("early hours: Slovenian writes 8.05 without a leading zero, English 08:05")
  func earlyHours() {
    let instant = at("2026-11-30T07:05:00Z")
    #expect(sl.dateTime(instant) == "30. 11. 2026 ob 8.05")
    #expect(en.dateTime(instant) == "30 Nov 2026, 08:05")
    #expect(sl.timestamp(instant) == "30. 11. 2026 08:05")
    #expect(sl.supportTime(instant) == "v ponedeljek, 30. 11. 2026, ob 8.05")
    #expect(en.supportTime(instant) == "Monday 30 November 2026 at 08:05")
  }

  @Test("DST days: the offset and the wall clock change with the instant, not with the day")
  func daylightSaving() {
    // 29 March 2026: 02:00 CET becomes 03:00 CEST.
    #expect(sl.machine(at("2026-03-29T00:59:00Z")) == "2026-03-29T01:59:00+01:00")
    #expect(sl.machine(at("2026-03-29T01:00:00Z")) == "2026-03-29T03:00:00+02:00")
    #expect(sl.time(at("2026-03-29T01:00:00Z")) == "3.00")
    // 25 October 2026: 03:00 CEST becomes 02:00 CET; 02:30 happens twice.
    #expect(en.timestamp(at("2026-10-25T00:30:00Z")) == "25 Oct 2026 02:30")
    #expect(en.timestamp(at("2026-10-25T01:30:00Z")) == "25 Oct 2026 02:30")
    #expect(sl.machine(at("2026-10-25T01:30:00Z")) == "2026-10-25T02:30:00+01:00")
    // Midnight before a DST change is still the day's start.
    #expect(sl.machine(sl.start(of: LocalDate(year: 2026, month: 3, day: 29)!)) == "2026-03-29T00:00:00+01:00")
    #expect(sl.machine(sl.start(of: LocalDate(year: 2026, month: 3, day: 30)!)) == "2026-03-30T00:00:00+02:00")
  }

  @Test("a policy in another zone words every instant in that zone")
  func otherZone() {
    var policy = PolicyConfiguration.defaults
    policy.timeZone = TimeZone(identifier: "America/New_York")!
    let ny = Wording(.en, policy: policy)
    let instant = at("2026-11-25T03:30:00Z")
    #expect(ny.date(instant) == "24 Nov 2026")
    #expect(ny.dateTime(instant) == "24 Nov 2026, 22:30")
    #expect(ny.machine(instant) == "2026-11-24T22:30:00-05:00")
    #expect(ny.speaking(.sl).dateTime(instant) == "24. 11. 2026 ob 22.30")
    #expect(ny.day(of: instant) == LocalDate(year: 2026, month: 11, day: 24))
    #expect(ny.instant(field: "2026-11-24T22:30") == instant)
  }

  @Test("a datetime-local field reads back as the same wall-clock time; nonsense is nil")
  func fields() {
    let instant = at("2026-07-01T06:15:00Z")
    #expect(sl.field(instant) == "2026-07-01T08:15")
    #expect(sl.instant(field: sl.field(instant)) == instant)
    #expect(sl.instant(field: "2026-07-01T08:15:30") == at("2026-07-01T06:15:30Z"))
    #expect(sl.instant(field: "2026-13-01T08:15") == nil)
    #expect(sl.instant(field: "2026-07-01T24:00") == nil)
    #expect(sl.instant(field: "jutri") == nil)
  }
}

@Suite("Support hours")
struct SupportHoursTests {
  @Test("the default policy: working days from 8.00 to 16.00")
  func defaults() {
    #expect(sl.supportHours == "ob delavnikih od 8.00 do 16.00")
    #expect(en.supportHours == "on working days from 08:00 to 16:00")
    #expect(sl.supportHoursBrief == "pon–pet 8.00–16.00")
    #expect(en.supportHoursBrief == "Mon–Fri 08:00–16:00")
  }

  @Test("a policy with other hours: Mon–Fri 07:30–15:00")
  func otherHours() throws {
    let policy = try PolicyConfiguration.load(Data("supportHours: {open: '07:30', close: '15:00'}".utf8))
    #expect(Wording(.sl, policy: policy).supportHours == "ob delavnikih od 7.30 do 15.00")
    #expect(Wording(.en, policy: policy).supportHours == "on working days from 07:30 to 15:00")
    #expect(Wording(.sl, policy: policy).supportHoursBrief == "pon–pet 7.30–15.00")
  }

  @Test("Saturdays and scattered days are named")
  func otherDays() {
    let saturday = SupportHours(
      open: TimeOfDay(hour: 7, minute: 30)!, close: TimeOfDay(hour: 15)!,
      weekdays: [.monday, .tuesday, .wednesday, .thursday, .friday, .saturday])
    #expect(Wording(.sl, hours: saturday).supportHours == "od ponedeljka do sobote od 7.30 do 15.00")
    #expect(Wording(.en, hours: saturday).supportHours == "Monday to Saturday from 07:30 to 15:00")
    #expect(Wording(.sl, hours: saturday).supportHoursBrief == "pon–sob 7.30–15.00")
    let scattered = SupportHours(
      open: TimeOfDay(hour: 9)!, close: TimeOfDay(hour: 12)!, weekdays: [.friday, .monday, .wednesday])
    #expect(Wording(.sl, hours: scattered).supportHours == "ob ponedeljkih, sredah in petkih od 9.00 do 12.00")
    #expect(Wording(.en, hours: scattered).supportHours == "on Mondays, Wednesdays and Fridays from 09:00 to 12:00")
    #expect(Wording(.en, hours: scattered).supportHoursBrief == "Mon, Wed, Fri 09:00–12:00")
  }
}

@Suite("Durations, money and numbers")
struct NumberTests {
  @Test("durations: minutes below an hour, hours with two-digit minutes, a minus sign when overdue")
  func durations() {
    #expect(sl.duration(seconds: 0) == "0 min")
    #expect(sl.duration(seconds: 45 * 60 + 59) == "45 min")
    #expect(en.duration(seconds: 3900) == "1 h 05 min")
    #expect(sl.duration(seconds: 2 * 3600 + 30 * 60) == "2 h 30 min")
    #expect(sl.duration(seconds: -15 * 60) == "−15 min")
    #expect(sl.duration(seconds: nil as Int?) == "—")
  }

  @Test("money: thousands grouped, two decimals, the sign in front")
  func money() {
    #expect(sl.money(cents: 123_456_50) == "123.456,50\u{00A0}€")
    #expect(en.money(cents: 123_456_50) == "€123,456.50")
    #expect(sl.money(cents: 60_00) == "60,00\u{00A0}€")
    #expect(en.money(cents: 5) == "€0.05")
    #expect(sl.money(cents: -1_234_56) == "-1.234,56\u{00A0}€")
    #expect(en.money(cents: -1_234_56) == "-€1,234.56")
    #expect(sl.money(Money(cents: 80_00), currency: "EUR") == "80,00 EUR")
    #expect(en.money(Money(cents: 80_00), currency: "EUR") == "EUR 80.00")
    #expect(en.money(Money(cents: 1_200_00), currency: "EUR") == "EUR 1,200.00")
    #expect(Wording.decimal(cents: 1_234_50) == "1234.50")
    #expect(Wording.decimal(cents: -5) == "-0.05")
  }

  @Test("typed amounts in either style: the last separator is the decimal one")
  func typedAmounts() {
    #expect(Wording.cents("30") == 30_00)
    #expect(Wording.cents("30,5") == 30_50)
    #expect(Wording.cents("1.234,56 €") == 1_234_56)
    #expect(Wording.cents("1,234.56") == 1_234_56)
    #expect(Wording.cents("trideset") == nil)
    #expect(Wording.cents("-3") == nil)
    #expect(Wording.cents("1,234") == 1_234_00)
  }

  @Test("percentages and shares")
  func percentages() {
    #expect(sl.percent(22) == "22\u{00A0}%")
    #expect(en.percent(22) == "22%")
    #expect(sl.percent(9.5) == "9,5\u{00A0}%")
    #expect(sl.share(0.416) == "42 %")
    #expect(en.share(nil) == "—")
    #expect(Wording.decimalShare(0.4) == "0.4000")
    #expect(Wording.decimalHours(seconds: 11_400) == "3.17")
    #expect(Wording.decimalHours(seconds: nil) == "")
  }

  @Test("lists join with the language's 'and'")
  func lists() {
    #expect(sl.list(["a", "b", "c"]) == "a, b in c")
    #expect(en.list(["a", "b"]) == "a and b")
    #expect(en.list(["a"]) == "a")
  }
}
