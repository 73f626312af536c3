import Fluent
import Foundation

/// What the back-office pages show, read in a few queries per page.
enum BackOfficeQueries {
  struct OrganisationLine: Sendable {
    var id: Int
    var name: String
    var taxNumber: String
    var standing: AccountStanding
    var standingChangedAt: Date?
    var contacts: Int
  }

  static func organisations(on db: any Database) async throws -> [OrganisationLine] {
    let organisations = try await Organisation.query(on: db).sort(\.$name).all()
    var counts: [Int: Int] = [:]
    for contact in try await Contact.query(on: db).field(\.$id).field(\.$organisation.$id).all() {
      counts[contact.$organisation.id, default: 0] += 1
    }
    return try organisations.map {
      let id = try $0.requireID()
      return OrganisationLine(
        id: id, name: $0.name, taxNumber: $0.taxNumber, standing: $0.standing,
        standingChangedAt: $0.standingChangedAt, contacts: counts[id] ?? 0)
    }
  }

  struct ContractLine: Sendable {
    var contract: Contract
    var programIDs: Set<Int>
  }

  struct TrainingLine: Sendable {
    var training: Training
    var contactName: String
  }

  struct OrganisationDetail: Sendable {
    var organisation: Organisation
    var contacts: [Contact]
    var contracts: [ContractLine]
    var programs: [Program]
    var setups: [Int: OrganisationProgram]
    var trainings: [TrainingLine]
    var arrangements: [Arrangement]
  }

  static func organisation(_ id: Int, on db: any Database) async throws -> OrganisationDetail {
    let organisation = try await BackOffice.organisation(id, on: db)
    let contacts = try await Contact.query(on: db).filter(\.$organisation.$id == id).sort(\.$name).all()
    let contracts = try await Contract.query(on: db).filter(\.$organisation.$id == id).sort(\.$validFrom).all()
    let contractIDs = contracts.compactMap(\.id)
    let links =
      contractIDs.isEmpty ? [] : try await ContractProgram.query(on: db).filter(\.$contract.$id ~~ contractIDs).all()
    let contactIDs = contacts.compactMap(\.id)
    let trainings =
      contactIDs.isEmpty
      ? [] : try await Training.query(on: db).filter(\.$contact.$id ~~ contactIDs).sort(\.$completedOn).all()
    let names = Dictionary(uniqueKeysWithValues: contacts.compactMap { c in c.id.map { ($0, c.name) } })
    var setups: [Int: OrganisationProgram] = [:]
    for setup in try await OrganisationProgram.query(on: db).filter(\.$organisation.$id == id).all() {
      setups[setup.$program.id] = setup
    }
    return OrganisationDetail(
      organisation: organisation, contacts: contacts,
      contracts: contracts.map { contract in
        ContractLine(
          contract: contract,
          programIDs: Set(links.filter { $0.$contract.id == contract.id }.map(\.$program.id)))
      },
      programs: try await Program.query(on: db).sort(\.$code).all(), setups: setups,
      trainings: trainings.map { TrainingLine(training: $0, contactName: names[$0.$contact.id] ?? "") },
      arrangements: try await Arrangement.query(on: db).filter(\.$organisation.$id == id)
        .sort(\.$startsAt, .descending).all())
  }
}
