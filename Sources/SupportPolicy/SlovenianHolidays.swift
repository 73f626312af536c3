import Foundation

/// One public holiday of the Republic of Slovenia on a given date.
public struct Holiday: Hashable, Sendable, Codable {
  public let date: LocalDate
  public let slovenianName: String
  public let englishName: String
  /// False for "državni prazniki, ki niso dela prosti dnevi": they are celebrated, but people work, so the
  /// support desk stays open on them.
  public let isWorkFree: Bool
}

/// Slovenian public holidays computed from the rules of the law, never typed in per year.
///
/// Source: Zakon o praznikih in dela prostih dnevih v Republiki Sloveniji (ZPDPD) and its amendments, as listed on
/// the government's page "Prazniki in dela prosti dnevi v Republiki Sloveniji" (gov.si). The one change to the
/// work-free days since 1992 is 2 January: work-free until 2012 inclusive; the Public Finance Balance Act (ZUJF,
/// Uradni list RS, št. 40/12) made it a working day from 2013; the ZPDPD amendment adopted by the National
/// Assembly in December 2016 (Uradni list RS, št. 88/16) made it work-free again from 2 January 2017 on (reported
/// e.g. by RTV SLO, "Po štirih letih 2. januar spet dela prost dan", 2 January 2017). Names are the current ones
/// for every year (26 December was "dan samostojnosti" before 2005); years before 1992 get the 1992 rules.
public enum SlovenianHolidays {
  /// Every holiday of the year, work-free or not, in date order; empty outside the years 1...9999 that dates
  /// can be written in.
  public static func holidays(year: Int) -> [Holiday] {
    guard (1...9999).contains(year) else { return [] }
    let easter = easterSunday(year: year)
    var list: [Holiday] = []
    func add(_ date: LocalDate, _ sl: String, _ en: String, workFree: Bool = true) {
      list.append(Holiday(date: date, slovenianName: sl, englishName: en, isWorkFree: workFree))
    }
    func day(_ month: Int, _ day: Int) -> LocalDate { LocalDate(year: year, month: month, day: day)! }

    add(day(1, 1), "novo leto", "New Year's Day")
    add(day(1, 2), "novo leto", "New Year holiday (2 January)", workFree: year <= 2012 || year >= 2017)
    add(day(2, 8), "Prešernov dan, slovenski kulturni praznik", "Prešeren Day, the Slovenian Cultural Holiday")
    add(easter, "velikonočna nedelja", "Easter Sunday")
    add(easter.adding(days: 1), "velikonočni ponedeljek", "Easter Monday")
    add(day(4, 27), "dan upora proti okupatorju", "Day of Uprising Against Occupation")
    add(day(5, 1), "praznik dela", "Labour Day")
    add(day(5, 2), "praznik dela", "Labour Day (2 May)")
    add(easter.adding(days: 49), "binkoštna nedelja, binkošti", "Whit Sunday (Pentecost)")
    add(day(6, 25), "dan državnosti", "Statehood Day")
    add(day(8, 15), "Marijino vnebovzetje", "Assumption Day")
    add(day(10, 31), "dan reformacije", "Reformation Day")
    add(day(11, 1), "dan spomina na mrtve", "Remembrance Day")
    add(day(12, 25), "božič", "Christmas Day")
    add(day(12, 26), "dan samostojnosti in enotnosti", "Independence and Unity Day")

    // Holidays that are not work-free, from the year the law first listed them. They never close the desk, so
    // an uncertain first year would change only what holidays(year:) reports, never support time.
    if year >= 2011 { add(day(6, 8), "dan Primoža Trubarja", "Primož Trubar Day", workFree: false) }
    if year >= 2006 {
      add(
        day(8, 17), "združitev prekmurskih Slovencev z matičnim narodom",
        "Unification of Prekmurje Slovenes with the Mother Nation", workFree: false)
    }
    if year >= 2005 {
      add(
        day(9, 15), "vrnitev Primorske k matični domovini", "Return of Primorska to the Homeland",
        workFree: false)
    }
    if year >= 2020 { add(day(9, 23), "dan slovenskega športa", "Slovenian Sports Day", workFree: false) }
    if year >= 2015 { add(day(10, 25), "dan suverenosti", "Sovereignty Day", workFree: false) }
    if year >= 2005 { add(day(11, 23), "dan Rudolfa Maistra", "Rudolf Maister Day", workFree: false) }

    return list.sorted { $0.date < $1.date }
  }

  /// Days-since-1970 of the year's work-free holidays; what the support calendar closes on.
  static func workFreeDays(year: Int) -> Set<Int> {
    Set(holidays(year: year).filter(\.isWorkFree).map(\.date.daysSince1970))
  }

  /// Gregorian Easter Sunday (the anonymous Meeus/Jones/Butcher computus).
  public static func easterSunday(year: Int) -> LocalDate {
    let a = year % 19
    let b = year / 100
    let c = year % 100
    let d = b / 4
    let e = b % 4
    let f = (b + 8) / 25
    let g = (b - f + 1) / 3
    let h = (19 * a + b - d - g + 15) % 30
    let i = c / 4
    let k = c % 4
    let l = (32 + 2 * e + 2 * i - h - k) % 7
    let m = (a + 11 * h + 22 * l) / 451
    let month = (h + l - 7 * m + 114) / 31
    let day = (h + l - 7 * m + 114) % 31 + 1
    return LocalDate(year: year, month: month, day: day)!
  }
}
