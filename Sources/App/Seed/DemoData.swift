import Fluent
import Foundation
import SupportPolicy
import Vapor

/// The demo data of DESIGN.md: organisations, contacts and staff for every situation the policy knows,
/// programs, a help site, and a few dozen requests in every status.
public enum DemoData {
  public static let password = "demo1234"

  /// Seeds only an empty database: one that has no organisation and no staff user.
  @discardableResult
  public static func seedIfEmpty(on db: any Database, clock: any AppClock, policy: PolicyStore) async throws -> Bool {
    let organisations = try await Organisation.query(on: db).count()
    let staff = try await StaffUser.query(on: db).count()
    guard organisations == 0, staff == 0 else { return false }
    try await db.transaction { try await seed(on: $0, now: clock.now, policy: policy) }
    return true
  }

  static func seed(on db: any Database, now: Date, policy: PolicyStore) async throws {
    // One hash for every demo login: bcrypt is slow on purpose, and the demo needs only one password.
    let hash = try Bcrypt.hash(password)
    let day: TimeInterval = 86_400
    func date(daysAgo: Double) -> String {
      ISO8601.localDate(of: now - daysAgo * day, in: policy.configuration.timeZone).description
    }

    var programs: [String: Int] = [:]
    for (code, sl, en) in [
      ("PL", "Plače", "Payroll"), ("FAK", "Fakturiranje", "Invoicing"),
      ("DK", "Dvostavno knjigovodstvo", "Double-entry bookkeeping"), ("OS", "Osnovna sredstva", "Fixed assets"),
    ] {
      let program = Program(code: code, nameSl: sl, nameEn: en)
      try await program.create(on: db)
      programs[code] = try program.requireID()
    }

    let demo = Organisation(name: "Demo d.o.o.", taxNumber: "SI12345678")
    let debtor = Organisation(name: "Dolžnik d.o.o.", taxNumber: "SI87654321", standing: .overdue)
    debtor.standingChangedAt = now - 20 * day
    let foreign = Organisation(name: "Tuji d.o.o.", taxNumber: "SI11223344")
    for organisation in [demo, debtor, foreign] { try await organisation.create(on: db) }
    let demoID = try demo.requireID()
    let debtorID = try debtor.requireID()
    let foreignID = try foreign.requireID()

    for (organisationID, codes) in [
      (demoID, ["PL", "FAK", "DK", "OS"]), (debtorID, ["PL", "FAK"]), (foreignID, ["PL"]),
    ] {
      let contract = Contract(organisationID: organisationID, validFrom: date(daysAgo: 700))
      try await contract.create(on: db)
      for code in codes {
        try await ContractProgram(contractID: try contract.requireID(), programID: programs[code]!).create(on: db)
        // Demo d.o.o. has not set up fixed assets properly yet: requests about OS are billed.
        let settingsInOrder = !(organisationID == demoID && code == "OS")
        try await OrganisationProgram(
          organisationID: organisationID, programID: programs[code]!, onboarded: true, settingsInOrder: settingsInOrder
        ).create(on: db)
      }
    }

    let ana = Contact(
      organisationID: demoID, name: "Ana Novak", email: "ana@demo.si", phone: "+386 1 234 56 01", passwordHash: hash)
    let boris = Contact(
      organisationID: demoID, name: "Boris Kovač", email: "boris@demo.si", phone: "+386 1 234 56 02",
      passwordHash: hash,
      role: .organisationAdmin)
    let dora = Contact(
      organisationID: demoID, name: "Dora Zupan", email: "dora@demo.si", phone: "+386 1 234 56 03", passwordHash: hash,
      newColleague: true)
    let cene = Contact(
      organisationID: debtorID, name: "Cene Horvat", email: "cene@dolznik.si", phone: "+386 2 345 67 01",
      passwordHash: hash)
    let eva = Contact(
      organisationID: foreignID, name: "Eva Krajnc", email: "eva@tuji.si", phone: "+386 3 456 78 01",
      passwordHash: hash, locale: "en")
    for contact in [ana, boris, dora, cene, eva] { try await contact.create(on: db) }

    let trainings: [(Contact, String, TrainingKind, Double)] = [
      (ana, "PL", .onboarding, 400), (ana, "FAK", .seminar, 30), (ana, "DK", .seminar, 500),
      (boris, "PL", .onboarding, 600),
      (boris, "FAK", .onboarding, 600), (boris, "DK", .seminar, 200), (boris, "OS", .onboarding, 100),
      (cene, "PL", .onboarding, 300), (cene, "FAK", .onboarding, 300),
    ]
    for (contact, code, kind, daysAgo) in trainings {
      try await Training(
        contactID: try contact.requireID(), programID: programs[code]!, kind: kind, completedOn: date(daysAgo: daysAgo)
      ).create(on: db)
    }

    let agent = StaffUser(
      name: "Andrej Agent", email: "agent@podpora.si", passwordHash: hash, role: .agent, presence: .onDuty)
    let agent2 = StaffUser(
      name: "Nina Svetovalka", email: "nina@podpora.si", passwordHash: hash, role: .agent, presence: .atCustomerSite)
    let supervisor = StaffUser(
      name: "Vesna Vodja", email: "vodja@podpora.si", passwordHash: hash, role: .supervisor, presence: .onDuty)
    let admin = StaffUser(name: "Admin Podpora", email: "admin@podpora.si", passwordHash: hash, role: .admin)
    for staff in [agent, agent2, supervisor, admin] { try await staff.create(on: db) }

    try await seedKnowledgeBase(on: db, now: now, programs: programs)
    try await DemoRequests.seed(
      on: db, now: now, policy: policy,
      people: .init(
        programs: programs, demo: demoID, debtor: debtorID, foreign: foreignID, ana: try ana.requireID(),
        boris: try boris.requireID(), dora: try dora.requireID(), cene: try cene.requireID(), eva: try eva.requireID(),
        agent: try agent.requireID(), agentName: agent.name, supervisor: try supervisor.requireID()))
  }

  static func seedKnowledgeBase(on db: any Database, now: Date, programs: [String: Int]) async throws {
    for item in DemoArticles.items {
      let article = Article()
      article.slug = item.slug
      article.kind = ArticleKind(rawValue: item.kind) ?? .article
      article.$program.id = item.program.flatMap { programs[$0] }
      article.title = item.title
      article.bodyMarkdown = item.body
      article.tags = item.tags
      article.f1Context = item.f1
      article.visibility = .public
      article.status = .published
      let published = now - Double(item.daysAgo) * 86_400
      article.publishedAt = published
      article.createdAt = published
      article.updatedAt = published
      try await article.create(on: db)
      // Every saved article has its history, the demo's too.
      let revision = ArticleRevision()
      revision.$article.id = try article.requireID()
      revision.title = article.title
      revision.bodyMarkdown = article.bodyMarkdown
      revision.snapshot = ArticleService.snapshot(of: article, programCode: item.program ?? "")
      revision.note = "Demo"
      revision.createdAt = published
      try await revision.create(on: db)
    }
    for issue in DemoArticles.newsletters {
      let newsletter = Newsletter()
      newsletter.slug = issue.slug
      newsletter.title = issue.title
      newsletter.bodyMarkdown = issue.body
      newsletter.status = .published
      let published = now - Double(issue.daysAgo) * 86_400
      newsletter.publishedAt = published
      newsletter.sentAt = published
      newsletter.createdAt = published
      try await newsletter.create(on: db)
    }
  }
}
