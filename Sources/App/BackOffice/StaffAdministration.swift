import Fluent
import Foundation
import Vapor

/// Staff users, kept by admins: name, e-mail, role, active. A new member of staff is invited by e-mail to set a
/// password; until then their stored hash is of a random secret nobody knows.
enum StaffAdministration {
  @discardableResult
  static func save(id: Int?, form: BackOfficeForm, in context: WorkContext, on db: any Database) async throws -> Int {
    let name = try form.text("name", label: BackOffice.name)
    let email = try form.email()
    let role: StaffRole = try form.choice("role", label: (sl: "vlogo", en: "role"))
    if id == context.staff.id, role < context.staff.role {
      throw WorkspaceError.invalid(
        "role", "Svoje vloge ne morete znižati; to naj stori drug skrbnik.",
        "You cannot lower your own role; another admin can.")
    }
    let unusable = id == nil ? try Bcrypt.hash(CSRFMiddleware.makeToken()) : ""
    return try await context.dialect.writeTransaction(on: db) { db in
      let staff: StaffUser
      if let id {
        staff = try await member(id, on: db)
      } else {
        staff = StaffUser(name: name, email: email, passwordHash: unusable, role: role)
      }
      if let clash = try await StaffUser.query(on: db).filter(\.$email == email).first(), clash.id != staff.id {
        throw WorkspaceError.invalid(
          "email", "Ta e-naslov že ima drug sodelavec.", "Another member of staff already has this e-mail address.")
      }
      let before = id == nil ? [:] : ["name": staff.name, "email": staff.email, "role": staff.role.rawValue]
      staff.name = name
      staff.email = email
      staff.role = role
      try await staff.save(on: db)
      let staffID = try staff.requireID()
      try await BackOffice.audit(
        id == nil ? "staff.created" : "staff.updated", subject: "staff:\(staffID)",
        details: BackOffice.changes(before: before, after: ["name": name, "email": email, "role": role.rawValue]),
        in: context, on: db)
      if id == nil { try await Invitations.inviteStaff(staff, in: context, on: db) }
      return staffID
    }
  }

  static func reinvite(id: Int, in context: WorkContext, on db: any Database) async throws {
    try await context.dialect.writeTransaction(on: db) { db in
      let staff = try await member(id, on: db)
      guard staff.active else {
        throw WorkspaceError.conflict(
          "Sodelavec je deaktiviran; najprej ga aktivirajte.",
          "The member of staff is deactivated; activate them first.")
      }
      try await Invitations.inviteStaff(staff, in: context, on: db)
      try await BackOffice.audit("staff.invited", subject: "staff:\(id)", details: [:], in: context, on: db)
    }
  }

  static func setActive(id: Int, active: Bool, in context: WorkContext, on db: any Database) async throws {
    guard id != context.staff.id || active else {
      throw WorkspaceError.conflict("Sebe ne morete deaktivirati.", "You cannot deactivate yourself.")
    }
    try await context.dialect.writeTransaction(on: db) { db in
      let staff = try await member(id, on: db)
      guard staff.active != active else { return }
      staff.active = active
      if !active { staff.presence = .away }
      try await staff.save(on: db)
      try await BackOffice.audit(
        active ? "staff.activated" : "staff.deactivated", subject: "staff:\(id)", details: [:], in: context, on: db)
    }
  }

  static func member(_ id: Int, on db: any Database) async throws -> StaffUser {
    guard let staff = try await StaffUser.find(id, on: db) else {
      throw WorkspaceError.notFound("Tega sodelavca ni.", "There is no such member of staff.")
    }
    return staff
  }
}
