import Foundation
import Testing

@testable import SupportPolicy

/// Work-free days checked against lists typed out here, not computed.
///
/// Source for the fixed days and the movable ones: the government's list "Prazniki in dela prosti dnevi v Republiki
/// Sloveniji" (gov.si, Ministrstvo za javno upravo), which follows the Zakon o praznikih in dela prostih dnevih v
/// Republiki Sloveniji. Easter Sundays are typed from published Easter tables; Easter Monday is the day after and
/// Whit Sunday (binkošti) seven weeks after, each typed out below rather than derived.
@Suite("Slovenian holidays")
struct HolidayTests {
  /// Year → (Easter Sunday, Easter Monday, Whit Sunday), as month-day.
  static let movable: [Int: (String, String, String)] = [
    2017: ("04-16", "04-17", "06-04"), 2018: ("04-01", "04-02", "05-20"), 2019: ("04-21", "04-22", "06-09"),
    2020: ("04-12", "04-13", "05-31"), 2021: ("04-04", "04-05", "05-23"), 2022: ("04-17", "04-18", "06-05"),
    2023: ("04-09", "04-10", "05-28"), 2024: ("03-31", "04-01", "05-19"), 2025: ("04-20", "04-21", "06-08"),
    2026: ("04-05", "04-06", "05-24"), 2027: ("03-28", "03-29", "05-16"), 2028: ("04-16", "04-17", "06-04"),
    2029: ("04-01", "04-02", "05-20"), 2030: ("04-21", "04-22", "06-09"),
  ]

  /// The fixed work-free days (2 January is work-free again since 2017).
  static let fixed = [
    "01-01", "01-02", "02-08", "04-27", "05-01", "05-02", "06-25", "08-15", "10-31", "11-01", "12-25", "12-26",
  ]

  @Test("work-free days 2017–2030 match the official list", arguments: 2017...2030)
  func workFreeDays(year: Int) throws {
    // Arrange
    let (easter, easterMonday, whitSunday) = try #require(Self.movable[year])
    let expected = Set((Self.fixed + [easter, easterMonday, whitSunday]).map { day("\(year)-\($0)") })
    // Act
    let actual = SlovenianHolidays.holidays(year: year).filter(\.isWorkFree).map(\.date)
    // Assert
    #expect(Set(actual) == expected)
    #expect(actual.count == 15)
  }

  @Test("Easter Sunday from the computus", arguments: 2017...2030)
  func easter(year: Int) throws {
    // Arrange
    let (easter, _, _) = try #require(Self.movable[year])
    // Act
    let computed = SlovenianHolidays.easterSunday(year: year)
    // Assert
    #expect(computed == day("\(year)-\(easter)"))
  }

  @Test("Easter far from now: 2038 has the latest possible date (25 April), 2285 the earliest (22 March)")
  func easterExtremes() {
    // Arrange / Act / Assert: dates from published Easter tables.
    #expect(SlovenianHolidays.easterSunday(year: 1992) == day("1992-04-19"))
    #expect(SlovenianHolidays.easterSunday(year: 2000) == day("2000-04-23"))
    #expect(SlovenianHolidays.easterSunday(year: 2038) == day("2038-04-25"))
    #expect(SlovenianHolidays.easterSunday(year: 2285) == day("2285-03-22"))
  }

  @Test("2 January: work-free until 2012, a working day 2013–2016, work-free from 2017")
  func secondOfJanuary() {
    for year in 1992...2035 {
      // Arrange
      let expected = year <= 2012 || year >= 2017
      // Act
      let second = SlovenianHolidays.holidays(year: year).first { $0.date == LocalDate(year: year, month: 1, day: 2) }
      // Assert
      #expect(second?.isWorkFree == expected, "\(year)")
    }
  }

  @Test("holidays that are not work-free are listed as working days (2026)")
  func notWorkFree() {
    // Arrange: "državni prazniki, ki niso dela prosti dnevi" in 2026.
    let expected: Set<LocalDate> = [
      day("2026-06-08"), day("2026-08-17"), day("2026-09-15"), day("2026-09-23"), day("2026-10-25"),
      day("2026-11-23"),
    ]
    // Act
    let listed = standardCalendar.holidays(year: 2026).filter { !$0.isWorkFree }
    // Assert
    #expect(Set(listed.map(\.date)) == expected)
    #expect(listed.allSatisfy { !$0.slovenianName.isEmpty && !$0.englishName.isEmpty })
  }

  @Test("names are Slovenian and English")
  func names() throws {
    // Arrange / Act
    let list = standardCalendar.holidays(year: 2027)
    let whit = try #require(list.first { $0.date == day("2027-05-16") })
    let prešeren = try #require(list.first { $0.date == day("2027-02-08") })
    // Assert
    #expect(whit.slovenianName == "binkoštna nedelja, binkošti")
    #expect(whit.englishName == "Whit Sunday (Pentecost)")
    #expect(prešeren.slovenianName.hasPrefix("Prešernov dan"))
    #expect(list.map(\.date) == list.map(\.date).sorted())
  }
}
