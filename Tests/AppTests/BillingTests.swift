import Fluent
import Foundation
import SupportPolicy
import Testing
import Vapor

@testable import App

@Suite("Billing: items at resolution, supervisor changes, disputes, statements and the accounting export")
struct BillingTests {
  /// Files a portal request for ana (free), takes it, logs `minutes` and resolves it; returns its id and the
  /// agent's context.
  static func resolved(
    _ app: Application, _ clock: FixedClock, minutes: Int, email: String = "ana@demo.si"
  ) async throws -> (requestID: Int, number: String, context: WorkContext) {
    try await WorkspaceFixtures.clearWaitingList(on: app.db)
    let filed = try await WorkspaceFixtures.file(email, app: app, now: clock.now)
    let context = try await WorkspaceFixtures.context("agent@podpora.si", app: app, now: clock.now)
    _ = try await WorkClaims.takeNext(in: context, on: app.db)
    if minutes > 0 {
      _ = try await TimeTracking.log(requestID: filed.requestID, minutes: minutes, note: "", in: context, on: app.db)
    }
    _ = try await RequestWork.resolve(
      requestID: filed.requestID, solution: "Navodila so v prilogi.", clearInstructions: true, in: context, on: app.db)
    return (filed.requestID, filed.number, context)
  }

  static func items(_ requestID: Int, on db: any Database) async throws -> [BillableItem] {
    try await BillableItem.query(on: db).filter(\.$request.$id == requestID).sort(\.$id).all()
  }

  static func viewer(_ email: String, on db: any Database) async throws -> ContactViewer {
    let contact = try await PortalFixtures.contact(email, on: db)
    return ContactViewer(
      id: try contact.requireID(), organisationID: contact.$organisation.id, name: contact.name, email: contact.email,
      role: contact.role)
  }

  static func supervisor(_ app: Application, now: Date) async throws -> WorkContext {
    try await WorkspaceFixtures.context("vodja@podpora.si", app: app, now: now)
  }

  @Test("resolving a paid request bills its minutes in started units, with the decision's reasons")
  func billsPaidResolution() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      // Act: 20 minutes turns the usage question paid (paid.complex-over-15-min).
      let (requestID, _, _) = try await Self.resolved(app, clock, minutes: 20)
      // Assert
      let items = try await Self.items(requestID, on: app.db)
      try #require(items.count == 1)
      let item = items[0]
      #expect(item.kind == BillableService.standardSupport.rawValue)
      #expect(item.minutes == 20)
      #expect(item.units == 2)
      #expect(item.rateCents == 60_00)
      #expect(item.amountCents == 30_00)
      #expect(item.vatBasisPoints == 2200)
      #expect(item.status == .billed)
      #expect(item.policyVersion == PolicyConfiguration.defaults.version)
      #expect(item.createdAt == clock.now)
      let reasons = Billing.reasons(of: item)
      #expect(reasons.map(\.id) == [RuleID.complexOver15Minutes.rawValue])
      #expect(reasons.first?.sl == RuleID.complexOver15Minutes.slovenianText)
      #expect(reasons.first?.en == RuleID.complexOver15Minutes.englishText)
    }
  }

  @Test("a paid request resolved with no time logged is billed one unit, once")
  func paidWithoutTimeIsOneUnit() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      // Arrange: a phone request is paid whatever its length (paid.not-via-portal).
      try await WorkspaceFixtures.clearWaitingList(on: app.db)
      let filed = try await WorkspaceFixtures.file("ana@demo.si", channel: .phone, app: app, now: clock.now)
      let context = try await WorkspaceFixtures.context("agent@podpora.si", app: app, now: clock.now)
      _ = try await WorkClaims.takeNext(in: context, on: app.db)
      // Act: resolved, reopened and resolved again, never with time logged.
      _ = try await RequestWork.resolve(
        requestID: filed.requestID, solution: "Pojasnjeno.", clearInstructions: false, in: context, on: app.db)
      try await RequestWork.reopen(requestID: filed.requestID, reason: "Napačno zaprto.", in: context, on: app.db)
      _ = try await RequestWork.resolve(
        requestID: filed.requestID, solution: "Pojasnjeno.", clearInstructions: false, in: context, on: app.db)
      // Assert
      let items = try await Self.items(filed.requestID, on: app.db)
      #expect(items.map(\.minutes) == [0])
      #expect(items.map(\.units) == [1])
      #expect(items.map(\.amountCents) == [15_00])
      #expect(Billing.reasons(of: items[0]).map(\.id) == [RuleID.notViaPortal.rawValue])
    }
  }

  @Test("the rates are those of the policy in force at resolution, not when the time was logged")
  func ratesInForceAtResolution() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      // Arrange: time logged under the default price list, then a new policy version takes over.
      try await WorkspaceFixtures.clearWaitingList(on: app.db)
      let filed = try await WorkspaceFixtures.file("ana@demo.si", app: app, now: clock.now)
      var context = try await WorkspaceFixtures.context("agent@podpora.si", app: app, now: clock.now)
      _ = try await WorkClaims.takeNext(in: context, on: app.db)
      _ = try await TimeTracking.log(requestID: filed.requestID, minutes: 40, note: "", in: context, on: app.db)
      var configuration = PolicyConfiguration.defaults
      configuration.version = "2027.1"
      configuration.prices.hourlyRates[.standardSupport] = Money(cents: 90_00)
      configuration.prices.vatBasisPoints = 950
      context.policy = PolicyStore(configuration: configuration)
      // Act
      _ = try await RequestWork.resolve(
        requestID: filed.requestID, solution: "Rešeno.", clearInstructions: false, in: context, on: app.db)
      // Assert: 40 minutes → 3 units of 15 → 45 minutes at 90.00 = 67.50, VAT 9.5 % = 6.41.
      let item = try #require(try await Self.items(filed.requestID, on: app.db).first)
      #expect(item.rateCents == 90_00)
      #expect(item.units == 3)
      #expect(item.amountCents == 67_50)
      #expect(item.vatBasisPoints == 950)
      #expect(item.policyVersion == "2027.1")
      let line = try #require(try await BillingQueries.charge(id: try item.requireID(), on: app.db))
      #expect(line.vatCents == 6_41)
    }
  }

  @Test("free and refused requests make no billable item")
  func freeAndRefusedAreNotBilled() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      // Act: a short usage question (free), and a request the agent refuses.
      let (freeID, _, context) = try await Self.resolved(app, clock, minutes: 10)
      let refused = try await WorkspaceFixtures.file("ana@demo.si", app: app, now: clock.now)
      _ = try await WorkClaims.takeNext(in: context, on: app.db)
      _ = try await TimeTracking.log(requestID: refused.requestID, minutes: 30, note: "", in: context, on: app.db)
      try await RequestWork.refuse(requestID: refused.requestID, reason: "Ni naš program.", in: context, on: app.db)
      // Assert
      #expect(try await WorkspaceFixtures.request(freeID, on: app.db).outcome == .free)
      #expect(try await Self.items(freeID, on: app.db).isEmpty)
      #expect(try await Self.items(refused.requestID, on: app.db).isEmpty)
    }
  }

  @Test("resolving again after a reopen bills only the minutes logged since, never the same minutes twice")
  func noDoubleBilling() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      // Arrange
      let (requestID, _, context) = try await Self.resolved(app, clock, minutes: 20)
      // Act: reopen and resolve with no new time, then reopen, log 10 minutes and resolve again.
      try await RequestWork.reopen(requestID: requestID, reason: "Stranka se je oglasila.", in: context, on: app.db)
      _ = try await RequestWork.resolve(
        requestID: requestID, solution: "Ponovno rešeno.", clearInstructions: true, in: context, on: app.db)
      let afterSecond = try await Self.items(requestID, on: app.db).count
      try await RequestWork.reopen(requestID: requestID, reason: "Še eno vprašanje.", in: context, on: app.db)
      _ = try await TimeTracking.log(requestID: requestID, minutes: 10, note: "", in: context, on: app.db)
      _ = try await RequestWork.resolve(
        requestID: requestID, solution: "Še enkrat rešeno.", clearInstructions: true, in: context, on: app.db)
      // Assert
      #expect(afterSecond == 1)
      let items = try await Self.items(requestID, on: app.db)
      #expect(items.map(\.minutes) == [20, 10])
      #expect(items.map(\.units) == [2, 1])
      let entries = try await TimeEntry.query(on: app.db).filter(\.$request.$id == requestID).all()
      let links = try await BillableItemTimeEntry.query(on: app.db).all()
      #expect(Set(links.map(\.$timeEntry.id)) == Set(entries.compactMap(\.id)))
      #expect(links.count == entries.count)
    }
  }

  @Test("a supervisor's adjustment and waiver change the item and are audited; a missing reason changes nothing")
  func adjustAndWaiveAudited() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      // Arrange
      let (requestID, _, _) = try await Self.resolved(app, clock, minutes: 20)
      let item = try #require(try await Self.items(requestID, on: app.db).first)
      let id = try item.requireID()
      let supervisor = try await Self.supervisor(app, now: clock.now)
      // Act
      await #expect(throws: WorkspaceError.self) {
        try await Billing.adjust(itemID: id, .init(minutes: 10), reason: "  ", in: supervisor, on: app.db)
      }
      let untouched = try #require(try await BillableItem.find(id, on: app.db))
      try await Billing.adjust(
        itemID: id, .init(minutes: 10), reason: "Del časa je bil naša napaka.", in: supervisor, on: app.db)
      let adjusted = try #require(try await BillableItem.find(id, on: app.db))
      try await Billing.waive(itemID: id, reason: "Dobra stranka.", in: supervisor, on: app.db)
      let waived = try #require(try await BillableItem.find(id, on: app.db))
      // Assert
      #expect(untouched.amountCents == 30_00)
      #expect(untouched.status == .billed)
      #expect(adjusted.minutes == 10)
      #expect(adjusted.units == 1)
      #expect(adjusted.amountCents == 15_00)
      #expect(adjusted.status == .adjusted)
      #expect(waived.amountCents == 0)
      #expect(waived.status == .waived)
      #expect(waived.adjustmentReason == "Dobra stranka.")
      let audit = try await AuditEntry.query(on: app.db).filter(\.$subject == "billable_item:\(id)").sort(\.$id).all()
      #expect(audit.map(\.action) == ["billing.item-adjusted", "billing.item-waived"])
      #expect(audit.allSatisfy { $0.actor == "staff:vodja@podpora.si" })
      let details = try JSONDecoder().decode([String: String].self, from: Data(audit[0].details.utf8))
      #expect(details["before.amountCents"] == "3000")
      #expect(details["after.amountCents"] == "1500")
      #expect(details["reason"] == "Del časa je bil naša napaka.")
      await #expect(throws: WorkspaceError.self) {
        try await Billing.adjust(itemID: id, .init(amountCents: 100), reason: "Še enkrat.", in: supervisor, on: app.db)
      }
    }
  }

  @Test("a charge may be disputed through the 14th day after billing and not on the 15th")
  func disputeWindow() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      // Arrange: billed on Wednesday 25 November 2026, 10:00 in Ljubljana.
      let (requestID, _, _) = try await Self.resolved(app, clock, minutes: 20)
      let id = try #require(try await Self.items(requestID, on: app.db).first?.id)
      let ana = try await Self.viewer("ana@demo.si", on: app.db)
      let lastMinuteOfDay14 = try #require(ISO8601.parse("2026-12-09T23:59:00+01:00"))
      let firstMinuteOfDay15 = try #require(ISO8601.parse("2026-12-10T00:00:00+01:00"))
      // Act and assert: day 15 is refused and stores nothing.
      await #expect(throws: WorkspaceError.self) {
        try await Disputes.file(
          itemID: id, reason: "Predrago.", by: ana, now: firstMinuteOfDay15, dialect: app.dialect, on: app.db)
      }
      #expect(try await BillingDispute.query(on: app.db).count() == 0)
      try await Disputes.file(
        itemID: id, reason: "Predrago.", by: ana, now: lastMinuteOfDay14, dialect: app.dialect, on: app.db)
      let dispute = try #require(try await BillingDispute.query(on: app.db).first())
      #expect(dispute.reason == "Predrago.")
      #expect(dispute.filedAt == lastMinuteOfDay14)
      await #expect(throws: WorkspaceError.self) {
        try await Disputes.file(
          itemID: id, reason: "Še enkrat.", by: ana, now: lastMinuteOfDay14, dialect: app.dialect, on: app.db)
      }
    }
  }

  @Test("a dispute waits in the supervisors' queue; its outcome changes the item and is shown to the customer")
  func disputeOutcome() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      // Arrange
      let (requestID, number, _) = try await Self.resolved(app, clock, minutes: 20)
      let id = try #require(try await Self.items(requestID, on: app.db).first?.id)
      let ana = try await Self.viewer("ana@demo.si", on: app.db)
      try await Disputes.file(
        itemID: id, reason: "Del časa ste čakali na nas.", by: ana, now: clock.now, dialect: app.dialect, on: app.db)
      let queued = try await BillingQueries.openDisputes(on: app.db).map(\.id)
      // Act
      try await Disputes.decide(
        itemID: id, outcome: .adjusted, note: "Zaračunamo eno enoto.", adjustment: .init(minutes: 15),
        in: try await Self.supervisor(app, now: clock.now), on: app.db)
      // Assert
      #expect(queued == [id])
      #expect(try await BillingQueries.openDisputes(on: app.db).isEmpty)
      let browser = TestBrowser(app)
      try await browser.signIn("ana@demo.si")
      let page = try await browser.get(SiteURL.portalCharges.path)
      #expect(page.status == .ok)
      #expect(page.body.string.contains(number))
      #expect(page.body.string.contains("Zaračunamo eno enoto."))
      #expect(page.body.string.contains("15,00\u{00A0}€"))
      #expect(page.body.string.contains(RuleID.complexOver15Minutes.slovenianText))
      let audit = try await AuditEntry.query(on: app.db).filter(\.$subject == "billable_item:\(id)").all()
      #expect(Set(audit.map(\.action)) == ["billing.disputed", "billing.item-adjusted", "billing.dispute-decided"])
    }
  }

  @Test("another organisation's charges, and a colleague's for a member, are 404; the admin sees them all")
  func isolation() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      // Arrange
      let (requestID, number, _) = try await Self.resolved(app, clock, minutes: 20)
      let id = try #require(try await Self.items(requestID, on: app.db).first?.id)
      let path = SiteURL.portalChargeDispute(.value(id)).path
      // Act
      let stranger = TestBrowser(app)
      try await stranger.signIn("eva@tuji.si")
      let strangerPage = try await stranger.get(SiteURL.portalCharges.path)
      let strangerDispute = try await stranger.post(path, form: ["reason": "Ni naše."])
      let colleague = TestBrowser(app)
      try await colleague.signIn("dora@demo.si")
      let colleaguePage = try await colleague.get(SiteURL.portalCharges.path)
      let colleagueDispute = try await colleague.post(path, form: ["reason": "Ni moje."])
      let memberStatement = try await colleague.get(SiteURL.portalStatement.path)
      let admin = TestBrowser(app)
      try await admin.signIn("boris@demo.si")
      let adminPage = try await admin.get(SiteURL.portalCharges.path)
      // Assert
      #expect(strangerDispute.status == .notFound)
      #expect(!strangerPage.body.string.contains(number))
      #expect(colleagueDispute.status == .notFound)
      #expect(!colleaguePage.body.string.contains(number))
      #expect(memberStatement.status == .forbidden)
      #expect(adminPage.body.string.contains(number))
      #expect(try await BillingDispute.query(on: app.db).count() == 0)
    }
  }

  @Test("the export holds the month's items once with the documented columns; the next export holds none of them")
  func exportMarksItems() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      // Arrange
      let (requestID, number, _) = try await Self.resolved(app, clock, minutes: 20)
      let month = try #require(BillingMonth("2026-11"))
      // Act
      let first = try await AccountingExport.export(
        month: month, actor: "test", now: clock.now, dialect: app.dialect, on: app.db)
      let second = try await AccountingExport.export(
        month: month, actor: "test", now: clock.now, dialect: app.dialect, on: app.db)
      let december = try await AccountingExport.export(
        month: month.next, actor: "test", now: clock.now, dialect: app.dialect, on: app.db)
      // Assert
      let header =
        "tax_number,request_number,date,program,kind,minutes,units,rate,amount,vat,reasons\r\n"
      let expectedRow =
        "SI12345678,\(number),2026-11-25,PL,standardSupport,20,2,60.00,30.00,6.60,"
        + "\"paid.complex-over-15-min: \(RuleID.complexOver15Minutes.slovenianText)\"\r\n"
      #expect(first.csv == header + expectedRow)
      #expect(first.itemIDs.count == 1)
      #expect(second.csv == header)
      #expect(second.itemIDs.isEmpty)
      #expect(december.itemIDs.isEmpty)
      let item = try #require(try await Self.items(requestID, on: app.db).first)
      #expect(item.exportedAt == clock.now)
      // An exported item is in accounting: it can no longer be changed here.
      await #expect(throws: WorkspaceError.self) {
        try await Billing.waive(
          itemID: try item.requireID(), reason: "Prepozno.", in: try await Self.supervisor(app, now: clock.now),
          on: app.db)
      }
    }
  }

  @Test("the supervisor's export page downloads the CSV; the statement shows the item with Slovenian amounts")
  func exportAndStatementPages() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      // Arrange
      let (_, number, _) = try await Self.resolved(app, clock, minutes: 20)
      let supervisor = TestBrowser(app)
      try await supervisor.signIn("vodja@podpora.si", staff: true)
      let admin = TestBrowser(app)
      try await admin.signIn("boris@demo.si")
      // Act
      let statement = try await admin.get(SiteURL.portalStatement.path + "?month=2026-11")
      let statementCSV = try await admin.get(SiteURL.portalStatement.path + "?month=2026-11&format=csv")
      let badMonth = try await supervisor.post(SiteURL.workspaceBillingExport.path, form: ["month": "11/2026"])
      let export = try await supervisor.post(SiteURL.workspaceBillingExport.path, form: ["month": "2026-11"])
      let again = try await supervisor.post(SiteURL.workspaceBillingExport.path, form: ["month": "2026-11"])
      // Assert
      #expect(statement.status == .ok)
      #expect(statement.body.string.contains(number))
      #expect(statement.body.string.contains("30,00\u{00A0}€"))
      #expect(statement.body.string.contains("36,60\u{00A0}€"))
      #expect(statementCSV.headers.first(name: .contentType)?.hasPrefix("text/csv") == true)
      #expect(statementCSV.body.string.contains("\(number),2026-11-25,PL,standardSupport,20,2,60.00,30.00,6.60"))
      #expect(badMonth.status == .unprocessableEntity)
      #expect(export.status == .ok)
      #expect(export.headers.first(name: .contentDisposition)?.contains("attachment") == true)
      #expect(export.body.string.contains(number))
      #expect(!again.body.string.contains(number))
    }
  }

  @Test("an item under an open dispute waits for its outcome before it is exported")
  func disputedItemsWaitForTheOutcome() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      // Arrange
      let (requestID, number, _) = try await Self.resolved(app, clock, minutes: 20)
      let id = try #require(try await Self.items(requestID, on: app.db).first?.id)
      try await Disputes.file(
        itemID: id, reason: "Predolgo.", by: try await Self.viewer("ana@demo.si", on: app.db), now: clock.now,
        dialect: app.dialect, on: app.db)
      let month = try #require(BillingMonth("2026-11"))
      // Act
      let whileOpen = try await AccountingExport.export(
        month: month, actor: "test", now: clock.now, dialect: app.dialect, on: app.db)
      try await Disputes.decide(
        itemID: id, outcome: .upheld, note: "Čas je bil porabljen.", adjustment: .init(),
        in: try await Self.supervisor(app, now: clock.now), on: app.db)
      let afterOutcome = try await AccountingExport.export(
        month: month, actor: "test", now: clock.now, dialect: app.dialect, on: app.db)
      // Assert
      #expect(!whileOpen.csv.contains(number))
      #expect(afterOutcome.itemIDs == [id])
      #expect(afterOutcome.csv.contains(",\(number),"))
    }
  }

  @Test("bad input on the billing forms is a clear error in both languages and stores nothing")
  func badInputOnForms() async throws {
    try await TestApp.run(seedDemo: true) { app, clock in
      // Arrange
      let (requestID, _, _) = try await Self.resolved(app, clock, minutes: 20)
      let id = try #require(try await Self.items(requestID, on: app.db).first?.id)
      let customer = TestBrowser(app)
      try await customer.signIn("ana@demo.si")
      let supervisor = TestBrowser(app)
      try await supervisor.signIn("vodja@podpora.si", staff: true)
      let agent = TestBrowser(app)
      try await agent.signIn("agent@podpora.si", staff: true)
      // Act
      let emptyDispute = try await customer.post(SiteURL.portalChargeDispute(.value(id)).path, form: ["reason": " "])
      let badAmount = try await supervisor.post(
        SiteURL.workspaceBillingItemAction(.value(id), .adjust).path, form: ["amount": "trideset", "reason": "Popust."])
      let noReason = try await supervisor.post(
        SiteURL.workspaceBillingItemAction(.value(id), .waive).path, form: ["reason": ""])
      let agentPage = try await agent.get(SiteURL.workspaceBilling.path)
      let agentExport = try await agent.post(SiteURL.workspaceBillingExport.path, form: ["month": "2026-11"])
      // Assert
      #expect(emptyDispute.status == .unprocessableEntity)
      #expect(emptyDispute.body.string.contains("To polje je obvezno. / This field is required."))
      #expect(badAmount.status == .unprocessableEntity)
      #expect(badAmount.body.string.contains("Znesek vpišite kot 30,00. / Enter the amount as 30.00."))
      #expect(noReason.status == .unprocessableEntity)
      #expect(agentPage.status == .forbidden)
      #expect(agentExport.status == .forbidden)
      #expect(try await BillingDispute.query(on: app.db).count() == 0)
      let item = try #require(try await BillableItem.find(id, on: app.db))
      #expect(item.status == .billed)
      #expect(item.amountCents == 30_00)
      #expect(item.exportedAt == nil)
    }
  }
}
