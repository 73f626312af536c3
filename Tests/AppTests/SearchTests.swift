import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// The one search service, on whichever database the run uses (SQLite FTS5 or PostgreSQL full text):
/// the same expectations hold on both.
@Suite("Search: diacritics, prefixes, phrases, ranking, snippets, visibility, index sync")
struct SearchTests {
  let now = TestApp.defaultNow

  @Test("a search for \"obracun\" finds the demo article \"Obračun plač\"")
  func obracunFindsObracunPlac() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let results = try await SearchQueries.search("obracun", viewer: .anonymous, now: now, on: app.db)
      #expect(KnowledgeFixtures.titles(results.knowledge).contains("Obračun plač: od priprave do zaključka"))
      #expect(results.requests.isEmpty, "anonymous visitors never see requests")
      let both = try await SearchQueries.search("obracun plac", viewer: .anonymous, now: now, on: app.db)
      #expect(both.knowledge.first?.title == "Obračun plač: od priprave do zaključka")
    }
  }

  @Test(
    "case and diacritics do not matter: č=c, š=s, ž=z, ć=c, đ=d, both ways",
    arguments: [
      ("Čakalna vrsta", "cakalna"), ("Šifrant strank", "SIFRANT"), ("Žig na računu", "zig"),
      ("Ćevapčiči za malico", "cevapcici"), ("Đurđevdan praznik", "durdevdan"), ("Obračun davka", "OBRAČUN"),
      ("Plačilna lista", "plačilna"), ("Zaračunavanje", "ZARACUNAVANJE"),
    ])
  func diacriticAndCaseInsensitive(title: String, query: String) async throws {
    try await TestApp.run { app, _ in
      try await KnowledgeFixtures.article(title, on: app.db)
      try await KnowledgeFixtures.article("Nekaj povsem drugega", on: app.db)
      let results = try await SearchQueries.search(query, viewer: .anonymous, now: now, on: app.db)
      #expect(KnowledgeFixtures.titles(results.knowledge) == [title])
    }
  }

  @Test("folded letters in the text are found by the accented query too (durdevdan ↔ Đurđevdan)")
  func accentedQueryFindsPlainText() async throws {
    try await TestApp.run { app, _ in
      try await KnowledgeFixtures.article("Durdevdan in cakalna vrsta", on: app.db)
      let results = try await SearchQueries.search("Đurđevdan čakalna", viewer: .anonymous, now: now, on: app.db)
      #expect(KnowledgeFixtures.titles(results.knowledge) == ["Durdevdan in cakalna vrsta"])
    }
  }

  @Test("the last word matches as a prefix while typing; earlier words must match whole")
  func prefixWhileTyping() async throws {
    try await TestApp.run { app, _ in
      try await KnowledgeFixtures.article("Obračun plač", on: app.db)
      try await KnowledgeFixtures.article("Obrazec REK", on: app.db)
      #expect(
        Set(
          KnowledgeFixtures.titles(
            try await SearchQueries.search("obra", viewer: .anonymous, now: now, on: app.db).knowledge))
          == ["Obračun plač", "Obrazec REK"])
      #expect(
        KnowledgeFixtures.titles(
          try await SearchQueries.search("obracun pl", viewer: .anonymous, now: now, on: app.db).knowledge)
          == ["Obračun plač"])
      // "obra" is not the last word here, so it must be a whole word and nothing matches.
      #expect(try await SearchQueries.search("obra plac", viewer: .anonymous, now: now, on: app.db).knowledge.isEmpty)
    }
  }

  @Test("a quoted phrase needs the words next to each other, in order")
  func phraseQuery() async throws {
    try await TestApp.run { app, _ in
      try await KnowledgeFixtures.article(
        "Zaključek leta", body: "Postopek za zaključek leta v knjigovodstvu.", on: app.db)
      try await KnowledgeFixtures.article("Leto in zaključek", body: "Leta je veliko, zaključek enega.", on: app.db)
      let phrase = try await SearchQueries.search("\"zakljucek leta\"", viewer: .anonymous, now: now, on: app.db)
      #expect(KnowledgeFixtures.titles(phrase.knowledge) == ["Zaključek leta"])
      let words = try await SearchQueries.search("zakljucek leta", viewer: .anonymous, now: now, on: app.db)
      #expect(Set(KnowledgeFixtures.titles(words.knowledge)) == ["Zaključek leta", "Leto in zaključek"])
    }
  }

  @Test("a word in the title ranks above the same word in the body")
  func titleBoost() async throws {
    try await TestApp.run { app, _ in
      try await KnowledgeFixtures.article(
        "Nastavitve tiskalnika", body: "Regres se izplača enkrat na leto, ko je regres določen.", on: app.db)
      try await KnowledgeFixtures.article("Regres", body: "Kratek opis izplačila.", on: app.db)
      try await KnowledgeFixtures.article("Drugo", body: "Tu je regres omenjen v dolgem besedilu o plačah.", on: app.db)
      let results = try await SearchQueries.search("regres", viewer: .anonymous, now: now, on: app.db)
      #expect(results.knowledge.count == 3)
      #expect(results.knowledge.first?.title == "Regres")
    }
  }

  @Test("snippets mark the matched words and escape everything else")
  func snippetsAreHighlightedAndEscaped() async throws {
    try await TestApp.run { app, _ in
      try await KnowledgeFixtures.article(
        "Varnost", body: "Pred <script>alert(1)</script> je Obračun plač & vse drugo.", on: app.db)
      let result = try #require(
        try await SearchQueries.search("obracun", viewer: .anonymous, now: now, on: app.db).knowledge.first)
      #expect(result.snippet.contains("<mark>Obračun</mark>"))
      #expect(result.snippet.contains("&lt;script&gt;"))
      #expect(!result.snippet.contains("<script>"))
      #expect(result.snippet.contains("&amp;"))
      #expect(result.id.hasPrefix("a-"))
      #expect(result.url.hasPrefix("/pomoc/clanek/"))
      #expect(result.publishedAt?.hasSuffix("+01:00") == true)
    }
  }

  @Test("drafts, staff-only articles and articles published later are not found by the public")
  func visibilityAndPublishTime() async throws {
    try await TestApp.run { app, clock in
      try await KnowledgeFixtures.article("Amortizacija javno", on: app.db)
      try await KnowledgeFixtures.article("Amortizacija osnutek", status: .draft, publishedAt: nil, on: app.db)
      try await KnowledgeFixtures.article("Amortizacija interno", visibility: .staff, on: app.db)
      try await KnowledgeFixtures.article("Amortizacija za stranke", visibility: .customers, on: app.db)
      try await KnowledgeFixtures.article("Amortizacija jutri", publishedAt: now + 86_400, on: app.db)

      func titles(_ viewer: KnowledgeViewer, at time: Date) async throws -> Set<String> {
        Set(
          KnowledgeFixtures.titles(
            try await SearchQueries.search("amortizacija", viewer: viewer, now: time, on: app.db).knowledge))
      }
      #expect(try await titles(.anonymous, at: now) == ["Amortizacija javno"])
      #expect(try await titles(.customer, at: now) == ["Amortizacija javno", "Amortizacija za stranke"])
      #expect(
        try await titles(.staff, at: now) == ["Amortizacija javno", "Amortizacija za stranke", "Amortizacija interno"])
      #expect(try await titles(.anonymous, at: now + 2 * 86_400) == ["Amortizacija javno", "Amortizacija jutri"])
    }
  }

  @Test("the index follows every change to articles and newsletters, whoever writes them")
  func indexFollowsArticlesAndNewsletters() async throws {
    try await TestApp.run { app, _ in
      let article = try await KnowledgeFixtures.article("Dobropis k računu", on: app.db)
      func found(_ text: String) async throws -> [String] {
        KnowledgeFixtures.titles(
          try await SearchQueries.search(text, viewer: .anonymous, now: now, on: app.db).knowledge)
      }
      #expect(try await found("dobropis") == ["Dobropis k računu"])

      article.title = "Storno računa"
      try await article.save(on: app.db)
      #expect(try await found("dobropis").isEmpty)
      #expect(try await found("storno") == ["Storno računa"])

      article.status = .draft
      try await article.save(on: app.db)
      #expect(try await found("storno").isEmpty)

      try await article.delete(on: app.db)
      #expect(try await found("storno").isEmpty)

      let issue = try await KnowledgeFixtures.newsletter(
        "E-novice december", body: "Novosti o davčni blagajni.", on: app.db)
      let newsletterHit = try #require(
        try await SearchQueries.search("davcni blagajni", viewer: .anonymous, now: now, on: app.db).knowledge.first)
      #expect(newsletterHit.kind == "newsletter")
      #expect(newsletterHit.id == "n-\(try issue.requireID())")
      #expect(newsletterHit.url == SiteURL.newsletter(.value(issue.slug)).path)

      // Straight SQL, as another part of the app or an import script would write: the triggers still index it.
      try await app.db.sql.raw(
        """
        UPDATE newsletters SET title = \(bind: "E-novice o inventuri") WHERE id = \(bind: try issue.requireID())
        """
      ).run()
      #expect(try await found("inventuri") == ["E-novice o inventuri"])
    }
  }

  @Test("staff search finds requests by subject, body and number; requests follow updates and deletes")
  func requestsForStaff() async throws {
    try await TestApp.run { app, _ in
      let organisation = try await KnowledgeFixtures.organisation("Stranka d.o.o.", on: app.db)
      let request = try await KnowledgeFixtures.request(
        "Tiskanje plačilnih list", body: "Plačilne liste so prazne.", organisation: organisation, number: "2026-004711",
        on: app.db)
      func staff(_ text: String) async throws -> [SearchResult] {
        try await SearchQueries.search(text, viewer: .staff, now: now, on: app.db).requests
      }
      #expect(try await staff("placilnih").map(\.id) == ["r-\(try request.requireID())"])
      #expect(try await staff("prazne").count == 1)
      #expect(try await staff("004711").first?.title == "2026-004711: Tiskanje plačilnih list")
      #expect(try await staff("2026-004711").first?.url == SiteURL.workspaceRequest("2026-004711").path)
      #expect(try await staff("2026-0047").count == 1, "a number is matched as it is typed")
      #expect(try await staff("placil").isEmpty, "request words are matched whole")
      #expect(try await SearchQueries.search("placilnih", viewer: .customer, now: now, on: app.db).requests.isEmpty)

      request.subject = "Izvoz v banko"
      try await request.save(on: app.db)
      #expect(try await staff("tiskanje").isEmpty)
      #expect(try await staff("izvoz").count == 1)
      try await request.delete(on: app.db)
      #expect(try await staff("izvoz").isEmpty)
    }
  }

  @Test("similar requests rank the one sharing the most words first, within one organisation, excluding itself")
  func similarRequests() async throws {
    try await TestApp.run { app, _ in
      let demo = try await KnowledgeFixtures.organisation("Demo", on: app.db)
      let other = try await KnowledgeFixtures.organisation("Druga", on: app.db)
      let current = try await KnowledgeFixtures.request(
        "Nadure se ne prenesejo v obračun plač", body: "Pri obračunu za oktober manjkajo nadure.", organisation: demo,
        on: app.db)
      let best = try await KnowledgeFixtures.request(
        "Nadure manjkajo v obračunu", body: "Obračun plač ne prikaže nadur.", organisation: demo, on: app.db)
      let weaker = try await KnowledgeFixtures.request(
        "Tiskanje obračuna", body: "Obračun se ne natisne.", organisation: demo, on: app.db)
      try await KnowledgeFixtures.request("Nepovezano", body: "Davčna blagajna.", organisation: demo, on: app.db)
      try await KnowledgeFixtures.request(
        "Nadure manjkajo v obračunu plač", body: "Enako vprašanje druge stranke.", organisation: other, on: app.db)

      let similar = try await SearchQueries.similarRequests(
        to: current.subject + " " + current.body, organisationID: demo, excluding: try current.requireID(),
        on: app.db)
      #expect(similar.map(\.requestID) == [try best.requireID(), try weaker.requireID()])
      #expect(similar.first?.snippet.contains("<mark>") == true)

      let everywhere = try await SearchQueries.similarRequests(
        to: current.subject, organisationID: nil, excluding: try current.requireID(), on: app.db)
      #expect(everywhere.count == 3)
    }
  }

  @Test("matching articles for a request being typed: any shared word counts, more shared words rank higher")
  func matchingArticlesWhileTyping() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      let matches = try await SearchQueries.matchingArticles(
        to: "Kako izplačam regres skupaj s plačo?", viewer: .customer, now: now, on: app.db)
      #expect(matches.first?.title == "Nasvet: izplačilo regresa v obračunu plač")
    }
  }

  @Test("a program narrows the search to its documents and the general ones")
  func programFilter() async throws {
    try await TestApp.run { app, _ in
      let payroll = try await KnowledgeFixtures.program("PL", on: app.db)
      let invoicing = try await KnowledgeFixtures.program("FAK", on: app.db)
      try await KnowledgeFixtures.article("Izvoz za plače", program: payroll.id, on: app.db)
      try await KnowledgeFixtures.article("Izvoz računov", program: invoicing.id, on: app.db)
      try await KnowledgeFixtures.article("Izvoz varnostne kopije", on: app.db)
      let results = try await SearchQueries.search("izvoz", viewer: .anonymous, programCode: "pl", now: now, on: app.db)
      #expect(Set(KnowledgeFixtures.titles(results.knowledge)) == ["Izvoz za plače", "Izvoz varnostne kopije"])
      let unknown = try await SearchQueries.search("izvoz", viewer: .anonymous, programCode: "XX", now: now, on: app.db)
      #expect(unknown.knowledge.isEmpty)
    }
  }

  @Test("query syntax cannot break out: quotes, stars, operators and SQL are just text")
  func hostileQueries() async throws {
    try await TestApp.run(seedDemo: true) { app, _ in
      for text in [
        "\"", "\"\"", "*", "obracun*", "NEAR(a b)", "a OR b", "') OR 1=1 --", "plac & | ! <-> :*", "{title}: x",
        "\u{0}", String(repeating: "ž", count: 5000), "- - -", "obračun\" OR \"x",
      ] {
        _ = try await SearchQueries.search(text, viewer: .staff, now: now, on: app.db)
        _ = try await SearchQueries.similarRequests(to: text, organisationID: 1, excluding: nil, on: app.db)
      }
      let results = try await SearchQueries.search("obracun*", viewer: .anonymous, now: now, on: app.db)
      #expect(results.knowledge.contains { $0.title.hasPrefix("Obračun plač") })
    }
  }

  @Test("the database folds text exactly as Swift does (PostgreSQL: with and without unaccent)")
  func databaseFoldingMatchesSwift() async throws {
    try await TestApp.run { app, _ in
      let samples = ["Čšžćđ ČŠŽĆĐ", "Đurđevdan", "Ängström façade", "Łódź Øre", "Obračun PLAČ"]
      for sample in samples {
        try await KnowledgeFixtures.article(sample, on: app.db)
      }
      for sample in samples {
        // Each sample is found by its Swift-folded words, so the index folded it the same way.
        let results = try await SearchQueries.search(
          SearchText.words(sample).joined(separator: " "), viewer: .anonymous, now: now, on: app.db)
        #expect(KnowledgeFixtures.titles(results.knowledge).contains(sample), "\(sample)")
      }
      if app.db.sql.dialect.name == "postgresql" {
        for sample in samples {
          let row = try #require(
            try await app.db.sql.raw(
              "SELECT podpora_fold(\(bind: sample)) AS folded, podpora_fold_basic(\(bind: sample)) AS basic"
            ).first())
          #expect(try row.decode(column: "folded", as: String.self) == SearchText.fold(sample))
          #expect(try row.decode(column: "basic", as: String.self) == SearchText.fold(sample))
        }
      }
    }
  }

  @Test("similarity within an organisation: rare shared words count more, subject words twice")
  func similarityScoring() {
    let candidates = [
      RequestSimilarity.Candidate(id: 1, subjectWords: ["tiskanje"], bodyWords: ["racun", "napaka"]),
      RequestSimilarity.Candidate(id: 2, subjectWords: ["regres"], bodyWords: ["racun"]),
      RequestSimilarity.Candidate(id: 3, subjectWords: ["racun"], bodyWords: ["regres"]),
      RequestSimilarity.Candidate(id: 4, subjectWords: ["drugo"], bodyWords: ["nic"]),
    ]
    let ranked = RequestSimilarity.rank(["regres", "racun"], among: candidates)
    #expect(ranked.map(\.id) == [2, 3, 1])
    #expect(ranked[0].score > ranked[1].score)
    #expect(RequestSimilarity.rank([], among: candidates).isEmpty)
  }

  @Test("parsing: words are folded, the last is a prefix, quotes make phrases, junk is dropped")
  func parsing() {
    #expect(
      SearchQuery.parse("Obračun PLAČ").parts == [.word("obracun", prefix: false), .word("plac", prefix: true)])
    #expect(
      SearchQuery.parse("\"zaključek leta\" bilanca").parts
        == [.phrase(["zakljucek", "leta"], prefix: false), .word("bilanca", prefix: true)])
    #expect(SearchQuery.parse("\"zaključek le").parts == [.phrase(["zakljucek", "le"], prefix: true)])
    #expect(SearchQuery.parse("a").parts == [.word("a", prefix: false)])
    #expect(SearchQuery.parse(" *** \" ").isEmpty)
    #expect(SearchQuery.parse(String(repeating: "beseda ", count: 40)).parts.count == SearchQuery.maximumParts)
    #expect(SearchText.fold("ČŠŽĆĐ čšžćđ") == "cszcd cszcd")
    #expect(
      SearchQuery.parse("nadure 0047").wholeWordsExceptNumbers.parts
        == [.word("nadure", prefix: false), .word("0047", prefix: true)])
    #expect(SearchQuery.parse("obracun pla").wholeWordsExceptNumbers.prefixWords.isEmpty)
    #expect(PostgresSearchIndex.foldFrom.count == PostgresSearchIndex.foldTo.count)
  }
}
