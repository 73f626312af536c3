import Fluent
import Foundation

/// A few dozen demo requests in every status, with their timelines, messages and time entries.
enum DemoRequests {
  struct People {
    var programs: [String: Int]
    var demo, debtor, foreign, ana, boris, dora, cene, eva, agent: Int
    var agentName: String
    var supervisor: Int
  }

  struct Spec {
    var organisation: Int
    var contact: Int
    var program: String
    var channel: RequestChannel
    var category: RequestCategory
    var subject: String
    var body: String
    var status: RequestStatus
    var hoursAgo: Double
    var minutes: Int = 0
    var solution: String? = nil
    var clearInstructions = false
    var refusalReason: String? = nil
    var dataCorrection = false
    var remoteConnection = false
  }

  static func specs(_ p: People) -> [Spec] {
    let w = RequestStatus.waiting
    let ip = RequestStatus.inProgress
    let wfc = RequestStatus.waitingForCustomer
    let res = RequestStatus.resolved
    let cl = RequestStatus.closed
    let ref = RequestStatus.refused
    return [
      Spec(
        organisation: p.demo, contact: p.ana, program: "PL", channel: .portal, category: .usage,
        subject: "Obračun plač ne prikaže nadur", body: "Pri obračunu za oktober se nadure ne prenesejo v izračun.",
        status: w, hoursAgo: 3),
      Spec(
        organisation: p.demo, contact: p.ana, program: "FAK", channel: .portal, category: .error,
        subject: "Napaka pri pošiljanju e-računa", body: "Program javi napako 'neveljaven naslov prejemnika'.",
        status: w, hoursAgo: 5),
      Spec(
        organisation: p.demo, contact: p.boris, program: "DK", channel: .portal, category: .usage,
        subject: "Kako zapreti temeljnico", body: "Temeljnice ne morem zapreti, čeprav se mi zdi uravnotežena.",
        status: w, hoursAgo: 26),
      Spec(
        organisation: p.demo, contact: p.ana, program: "PL", channel: .email, category: .usage,
        subject: "Vprašanje o regresu", body: "Kako izplačam regres skupaj s plačo?", status: w, hoursAgo: 30),
      Spec(
        organisation: p.demo, contact: p.boris, program: "FAK", channel: .email, category: .error,
        subject: "Davčna blagajna ne potrdi računa", body: "Od jutra se računi ne potrjujejo.", status: w, hoursAgo: 2),
      Spec(
        organisation: p.demo, contact: p.dora, program: "PL", channel: .portal, category: .usage,
        subject: "Vnos novega delavca", body: "Kje vnesem podatke novega delavca?", status: w, hoursAgo: 1),
      Spec(
        organisation: p.demo, contact: p.ana, program: "PL", channel: .portal, category: .usage,
        subject: "Olajšava za otroka", body: "Kako vnesem olajšavo za vzdrževanega otroka?", status: ip, hoursAgo: 8,
        minutes: 6),
      Spec(
        organisation: p.demo, contact: p.boris, program: "OS", channel: .portal, category: .usage,
        subject: "Amortizacija za november", body: "Amortizacija za november je dvakrat višja kot prej.", status: ip,
        hoursAgo: 20, minutes: 25, remoteConnection: true),
      Spec(
        organisation: p.demo, contact: p.ana, program: "FAK", channel: .portal, category: .error,
        subject: "Dobropis z napačnim zneskom", body: "Dobropis prenese napačen znesek DDV.", status: wfc, hoursAgo: 50,
        minutes: 10),
      Spec(
        organisation: p.demo, contact: p.ana, program: "PL", channel: .portal, category: .usage,
        subject: "Izvoz REK obrazca", body: "Kje najdem izvoz REK-1?", status: res, hoursAgo: 80, minutes: 8,
        solution: "Izvoz najdete v meniju Izpisi → REK obrazci; glejte članek »Oddaja obrazca REK-1 na eDavke«.",
        clearInstructions: true),
      Spec(
        organisation: p.demo, contact: p.boris, program: "PL", channel: .portal, category: .legislation,
        subject: "Nova višina minimalne plače", body: "Ali moramo spremeniti obračun zaradi nove minimalne plače?",
        status: res, hoursAgo: 100, minutes: 20,
        solution: "Da, od januarja velja nova najnižja plača; program jo upošteva samodejno po posodobitvi."),
      Spec(
        organisation: p.demo, contact: p.ana, program: "DK", channel: .portal, category: .usage,
        subject: "Zaključek leta", body: "Kako pripravim otvoritveno temeljnico?", status: res, hoursAgo: 30,
        minutes: 12,
        solution: "Orodja → Zaključek leta pripravi otvoritveno temeljnico.", clearInstructions: true),
      Spec(
        organisation: p.demo, contact: p.ana, program: "PL", channel: .portal, category: .usage,
        subject: "Tiskanje plačilnih list", body: "Plačilne liste se natisnejo prazne.", status: cl, hoursAgo: 400,
        minutes: 9, solution: "V nastavitvah tiskalnika je bil izbran napačen obrazec.", clearInstructions: true),
      Spec(
        organisation: p.demo, contact: p.ana, program: "FAK", channel: .portal, category: .usage,
        subject: "Kopija računa", body: "Kako natisnem kopijo že izdanega računa?", status: cl, hoursAgo: 600,
        minutes: 4, solution: "Odprite račun in izberite Natisni kopijo.", clearInstructions: true),
      Spec(
        organisation: p.demo, contact: p.boris, program: "DK", channel: .phone, category: .usage,
        subject: "Telefonski klic: knjiženje izpiska", body: "Klic glede uvoza bančnega izpiska.", status: cl,
        hoursAgo: 300, minutes: 18, solution: "Uvoz izpiska nastavljen po telefonu."),
      Spec(
        organisation: p.demo, contact: p.boris, program: "PL", channel: .portal, category: .usage,
        subject: "Popravek napačno vnesenih ur", body: "V zaključenem obračunu so napačne ure; prosimo za popravek.",
        status: cl, hoursAgo: 700, minutes: 35, solution: "Podatke smo popravili na daljavo.", dataCorrection: true,
        remoteConnection: true),
      Spec(
        organisation: p.demo, contact: p.ana, program: "OS", channel: .email, category: .usage,
        subject: "Vnos osnovnega sredstva", body: "Kako vnesem nov računalnik kot osnovno sredstvo?", status: cl,
        hoursAgo: 500, minutes: 7, solution: "Nov vnos z gumbom Nov; obvezna je inventarna številka."),
      Spec(
        organisation: p.demo, contact: p.dora, program: "FAK", channel: .portal, category: .usage,
        subject: "Kako izdam račun", body: "Prvič izdajam račun, kje začnem?", status: cl, hoursAgo: 200, minutes: 14,
        solution: "Dokumenti → Izdani računi → Nov."),
      Spec(
        organisation: p.demo, contact: p.boris, program: "FAK", channel: .portal, category: .businessOrganisation,
        subject: "Organizacija izdajanja računov v podružnici", body: "Kako naj organiziramo izdajanje v podružnici?",
        status: cl, hoursAgo: 900, minutes: 40, solution: "Predlagali smo ločene poslovne prostore in nastavitve."),
      Spec(
        organisation: p.debtor, contact: p.cene, program: "PL", channel: .portal, category: .usage,
        subject: "Obračun bolniške", body: "Kako obračunam bolniško nad 30 dni?", status: ref, hoursAgo: 10,
        refusalReason: "Obveznosti niso poravnane."),
      Spec(
        organisation: p.debtor, contact: p.cene, program: "FAK", channel: .email, category: .error,
        subject: "Napaka pri tisku", body: "Račun se ne natisne.", status: ref, hoursAgo: 70,
        refusalReason: "Obveznosti niso poravnane."),
      Spec(
        organisation: p.debtor, contact: p.cene, program: "PL", channel: .portal, category: .usage,
        subject: "Poročilo o plačah", body: "Kje najdem letno poročilo?", status: cl, hoursAgo: 1200, minutes: 5,
        solution: "Izpisi → Letna poročila."),
      Spec(
        organisation: p.foreign, contact: p.eva, program: "PL", channel: .portal, category: .usage,
        subject: "Payroll question", body: "How do I add a new employee?", status: ref, hoursAgo: 40,
        refusalReason: "Oseba ni bila uvedena v program."),
      Spec(
        organisation: p.demo, contact: p.ana, program: "PL", channel: .portal, category: .usage,
        subject: "Bonitete v obračunu", body: "Kako vnesem boniteto za službeni avto?", status: cl, hoursAgo: 1500,
        minutes: 11, solution: "Boniteto vnesete kot vrsto izplačila 'Boniteta'.", clearInstructions: true),
      Spec(
        organisation: p.demo, contact: p.boris, program: "DK", channel: .portal, category: .training,
        subject: "Izobraževanje za novo računovodkinjo", body: "Želimo individualno izobraževanje za DK.",
        status: cl, hoursAgo: 1100, minutes: 120, solution: "Izvedeno individualno izobraževanje (2 uri)."),
      Spec(
        organisation: p.demo, contact: p.ana, program: "FAK", channel: .portal, category: .usage,
        subject: "Opomini kupcem", body: "Ali lahko program sam pripravi opomine?", status: w, hoursAgo: 0.5),
    ]
  }

  static func seed(on db: any Database, now: Date, policy: PolicyStore, people p: People) async throws {
    let contactNames = try await Dictionary(
      uniqueKeysWithValues: Contact.query(on: db).all().map { (try $0.requireID(), $0.name) })
    for spec in specs(p).sorted(by: { $0.hoursAgo > $1.hoursAgo }) {
      let submitted = now - spec.hoursAgo * 3600
      let year = Calendar(identifier: .gregorian).component(.year, from: submitted)
      let number = try await RequestNumberAllocator.next(year: year, on: db)
      let request = SupportRequest(
        number: number, organisationID: spec.organisation, contactID: spec.contact, programID: p.programs[spec.program],
        channel: spec.channel, category: spec.category, subject: spec.subject, body: spec.body, status: spec.status,
        outcome: .free, submittedAt: submitted, dataCorrection: spec.dataCorrection,
        remoteConnection: spec.remoteConnection, paidConsent: true)
      request.clearInstructions = spec.clearInstructions
      try await request.create(on: db)
      let id = try request.requireID()
      let contactName = contactNames[spec.contact] ?? ""
      var events = [
        RequestEvent(
          requestID: id, event: .submitted, at: submitted, actorKind: .contact, actorID: spec.contact,
          actorName: contactName, data: #"{"channel":"\#(spec.channel.rawValue)"}"#)
      ]
      var cursor = submitted
      if spec.status == .refused {
        request.refusedAt = submitted
        request.refusalReason = spec.refusalReason
        events.append(
          RequestEvent(requestID: id, event: .refused, at: submitted, actorKind: .system, data: "{}"))
      } else {
        events.append(RequestEvent(requestID: id, event: .waitingList, at: submitted, actorKind: .system))
      }
      if [.inProgress, .waitingForCustomer, .resolved, .closed].contains(spec.status) {
        cursor = submitted + min(spec.hoursAgo * 3600 / 4, 3 * 3600)
        request.acceptedAt = cursor
        request.$assignee.id = p.agent
        events.append(
          RequestEvent(
            requestID: id, event: .accepted, at: cursor, actorKind: .staff, actorID: p.agent, actorName: p.agentName))
        if spec.minutes > 0 {
          try await TimeEntry(
            requestID: id, staffID: p.agent, startedAt: cursor, endedAt: cursor + Double(spec.minutes) * 60,
            minutes: spec.minutes, manual: false, note: ""
          ).create(on: db)
        }
      }
      if spec.status == .waitingForCustomer {
        cursor += 1800
        try await Message(
          requestID: id, authorKind: .staff, authorID: p.agent, authorName: p.agentName, visibility: .public,
          body: "Prosimo, pošljite posnetek zaslona z napako.", createdAt: cursor
        ).create(on: db)
        events.append(
          RequestEvent(
            requestID: id, event: .waitingForCustomer, at: cursor, actorKind: .staff, actorID: p.agent,
            actorName: p.agentName))
      }
      if spec.status == .resolved || spec.status == .closed {
        cursor += Double(max(spec.minutes, 5)) * 60
        request.resolvedAt = cursor
        request.solution = spec.solution
        events.append(
          RequestEvent(
            requestID: id, event: .resolved, at: cursor, actorKind: .staff, actorID: p.agent, actorName: p.agentName))
      }
      if spec.status == .closed {
        cursor += 7 * 86_400
        request.closedAt = min(cursor, now)
        events.append(RequestEvent(requestID: id, event: .closed, at: min(cursor, now), actorKind: .system))
      }
      try await request.save(on: db)
      for event in events { try await event.create(on: db) }

      // The decision as the policy made it then: from the facts at submission, with the minutes logged since.
      var facts = try await FactsQueries.facts(for: request, now: cursor, on: db)
      if spec.status != .refused && facts.organisation.standing == .overdue {
        facts.organisation.standing = .ok  // the debtor's old request dates from before its debt
      }
      let decision = policy.engine.decide(facts)
      _ = try await RequestDecisions.record(decision, facts: facts, requestID: id, now: submitted, on: db)
      request.outcome = decision.outcome
      try await request.save(on: db)
    }
  }
}
