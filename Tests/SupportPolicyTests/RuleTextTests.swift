import Foundation
import Testing

@testable import SupportPolicy

@Suite("Customer texts")
struct RuleTextTests {
  @Test("every rule has non-empty, distinct Slovenian and English texts")
  func texts() {
    // Arrange / Act
    let slovenian = RuleID.allCases.map { $0.customerText(in: .sl) }
    let english = RuleID.allCases.map { $0.customerText(in: .en) }
    // Assert
    #expect(slovenian.allSatisfy { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
    #expect(english.allSatisfy { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
    #expect(Set(slovenian).count == RuleID.allCases.count)
    #expect(Set(english).count == RuleID.allCases.count)
    #expect(Set(slovenian).isDisjoint(with: english))
    #expect((slovenian + english).allSatisfy { $0.hasSuffix(".") })
  }

  @Test("Slovenian texts use Slovenian letters, not stand-ins")
  func slovenianLetters() {
    // Arrange
    let all = RuleID.allCases.map(\.slovenianText).joined(separator: " ")
    // Act / Assert: č, š and ž appear; ASCII stand-ins for them do not.
    #expect(all.contains("č") && all.contains("š") && all.contains("ž"))
    for standIn in ["placljiv", "brezplacn", "zaracun", "sodelavc ", "cas "] {
      #expect(!all.contains(standIn), "\(standIn)")
    }
  }

  @Test("only refusals carry advice, in both languages")
  func advice() {
    for rule in RuleID.allCases {
      // Act
      let sl = rule.advice(in: .sl)
      let en = rule.advice(in: .en)
      // Assert
      if rule.outcome == .refused {
        #expect(sl?.isEmpty == false && en?.isEmpty == false, "\(rule)")
        #expect(sl != en)
      } else {
        #expect(sl == nil && en == nil, "\(rule)")
      }
    }
  }

  @Test("outside-hours advice names the next opening")
  func outsideHoursAdvice() throws {
    // Arrange
    let monday = at("2026-11-30T08:00:00+01:00")
    // Act
    let sl = try #require(RuleID.outsideHours.advice(in: .sl, nextOpening: monday))
    let en = try #require(RuleID.outsideHours.advice(in: .en, nextOpening: monday))
    // Assert
    #expect(sl.contains("v ponedeljek, 30. 11. 2026, ob 8.00"))
    #expect(en.contains("Monday 30 November 2026 at 08:00"))
  }

  @Test("rules are ordered refusals, paid, free, and map to their outcome")
  func order() {
    // Arrange / Act
    let outcomes = RuleID.allCases.map(\.outcome)
    // Assert
    #expect(outcomes == outcomes.sorted(by: >))
    #expect(
      RuleID.allCases.allSatisfy {
        $0.rawValue.hasPrefix(["refused": "refuse.", "paid": "paid.", "free": "free."][$0.outcome.rawValue]!)
      })
    #expect(RuleID.allCases.allSatisfy { ($0.billableService != nil) == ($0.outcome == .paid) })
  }
}
