import Fluent
import Foundation
import Vapor

/// What a customer may attach, in one place: at most 10 files of at most 10 MB each; images, PDF, text, office
/// files and zip archives. A file is accepted only when its extension is allowed AND its first bytes look like
/// that type (where that check is cheap), so a renamed program is refused.
enum AttachmentRules {
  static let maxFiles = 10
  static let maxBytes = 10 * 1024 * 1024
  /// The body limit of the routes that carry uploads: every file at its limit plus the form's text. Every other
  /// route keeps the 1 MB default.
  static let requestBodyLimit: ByteCount = ByteCount(value: maxFiles * maxBytes + 2 * 1024 * 1024)

  enum Signature: Sendable {
    /// The content starts with one of these byte strings.
    case prefix([[UInt8]])
    /// RIFF container of WebP.
    case webp
    /// Text: no NUL byte in the first 8 KB (any 8-bit encoding is fine; Slovenian files are often Windows-1250).
    case text
  }

  struct FileType: Sendable {
    var contentType: String
    var signature: Signature
  }

  static let zip: Signature = .prefix([[0x50, 0x4B, 0x03, 0x04], [0x50, 0x4B, 0x05, 0x06]])
  static let ole: Signature = .prefix([[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]])

  static let types: [String: FileType] = [
    "png": FileType(contentType: "image/png", signature: .prefix([[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]])),
    "jpg": FileType(contentType: "image/jpeg", signature: .prefix([[0xFF, 0xD8, 0xFF]])),
    "jpeg": FileType(contentType: "image/jpeg", signature: .prefix([[0xFF, 0xD8, 0xFF]])),
    "gif": FileType(contentType: "image/gif", signature: .prefix([Array("GIF87a".utf8), Array("GIF89a".utf8)])),
    "webp": FileType(contentType: "image/webp", signature: .webp),
    "bmp": FileType(contentType: "image/bmp", signature: .prefix([Array("BM".utf8)])),
    "tif": FileType(
      contentType: "image/tiff", signature: .prefix([[0x49, 0x49, 0x2A, 0x00], [0x4D, 0x4D, 0x00, 0x2A]])),
    "tiff": FileType(
      contentType: "image/tiff", signature: .prefix([[0x49, 0x49, 0x2A, 0x00], [0x4D, 0x4D, 0x00, 0x2A]])),
    "pdf": FileType(contentType: "application/pdf", signature: .prefix([Array("%PDF-".utf8)])),
    "txt": FileType(contentType: "text/plain", signature: .text),
    "log": FileType(contentType: "text/plain", signature: .text),
    "csv": FileType(contentType: "text/csv", signature: .text),
    "xml": FileType(contentType: "application/xml", signature: .text),
    "json": FileType(contentType: "application/json", signature: .text),
    "rtf": FileType(contentType: "application/rtf", signature: .prefix([Array("{\\rtf".utf8)])),
    "doc": FileType(contentType: "application/msword", signature: ole),
    "xls": FileType(contentType: "application/vnd.ms-excel", signature: ole),
    "ppt": FileType(contentType: "application/vnd.ms-powerpoint", signature: ole),
    "docx": FileType(
      contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", signature: zip),
    "xlsx": FileType(contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", signature: zip),
    "pptx": FileType(
      contentType: "application/vnd.openxmlformats-officedocument.presentationml.presentation", signature: zip),
    "odt": FileType(contentType: "application/vnd.oasis.opendocument.text", signature: zip),
    "ods": FileType(contentType: "application/vnd.oasis.opendocument.spreadsheet", signature: zip),
    "odp": FileType(contentType: "application/vnd.oasis.opendocument.presentation", signature: zip),
    "zip": FileType(contentType: "application/zip", signature: zip),
  ]

  /// For the file picker's `accept` and the hint under it.
  static var acceptList: String { types.keys.sorted().map { "." + $0 }.joined(separator: ",") }

  static func matches(_ signature: Signature, _ data: Data) -> Bool {
    switch signature {
    case .prefix(let options):
      return options.contains { data.starts(with: $0) }
    case .webp:
      return data.count >= 12 && data.starts(with: Array("RIFF".utf8))
        && data[data.startIndex + 8..<data.startIndex + 12].elementsEqual(Array("WEBP".utf8))
    case .text:
      return !data.prefix(8192).contains(0)
    }
  }

  /// A name safe to show and to put in a download header: the last path component only (whatever the slashes),
  /// no control characters, no leading dots, at most 120 characters keeping the extension.
  static func neutralisedName(_ raw: String) -> String {
    let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
    var name = String(
      String.UnicodeScalarView(
        last.unicodeScalars.filter {
          !CharacterSet.controlCharacters.contains($0) && $0 != "\"" && $0 != ":" && $0 != "*" && $0 != "?"
            && $0 != "<" && $0 != ">" && $0 != "|"
        }))
    name = name.trimmingCharacters(in: .whitespaces)
    while name.hasPrefix(".") { name.removeFirst() }
    if name.count > 120 {
      let ext = (name as NSString).pathExtension
      let keep = ext.isEmpty || ext.count > 10 ? "" : "." + ext
      name = String(name.prefix(120 - keep.count)) + keep
    }
    return name.isEmpty ? "priloga" : name
  }

  static func fileExtension(of name: String) -> String {
    (name as NSString).pathExtension.lowercased()
  }
}

/// Why an upload was refused; each says which file and what is allowed.
enum AttachmentProblem: Error, Equatable, Sendable {
  case tooMany(count: Int)
  case tooLarge(filename: String)
  case empty(filename: String)
  case typeNotAllowed(filename: String)
  case contentDoesNotMatch(filename: String)

  func message(_ l: Language) -> String {
    let max = AttachmentRules.maxFiles
    let mb = AttachmentRules.maxBytes / 1024 / 1024
    let allowed = l.pick(
      "Dovoljene so slike (PNG, JPG, GIF, WebP, BMP, TIFF), PDF, besedilne datoteke (TXT, CSV, LOG, XML, JSON), "
        + "pisarniški dokumenti (DOC, DOCX, XLS, XLSX, PPT, PPTX, ODT, ODS, ODP, RTF) in arhivi ZIP.",
      "Allowed are images (PNG, JPG, GIF, WebP, BMP, TIFF), PDF, text files (TXT, CSV, LOG, XML, JSON), office "
        + "documents (DOC, DOCX, XLS, XLSX, PPT, PPTX, ODT, ODS, ODP, RTF) and ZIP archives.")
    switch self {
    case .tooMany(let count):
      return l.pick(
        "Izbrali ste \(count) datotek; priložite lahko največ \(max).",
        "You chose \(count) files; you can attach at most \(max).")
    case .tooLarge(let name):
      return l.pick(
        "Datoteka »\(name)« je prevelika: vsaka je lahko velika največ \(mb) MB.",
        "The file \"\(name)\" is too large: each file can be at most \(mb) MB.")
    case .empty(let name):
      return l.pick("Datoteka »\(name)« je prazna.", "The file \"\(name)\" is empty.")
    case .typeNotAllowed(let name):
      return l.pick(
        "Datoteke »\(name)« ne moremo sprejeti. \(allowed)", "We cannot accept the file \"\(name)\". \(allowed)")
    case .contentDoesNotMatch(let name):
      return l.pick(
        "Vsebina datoteke »\(name)« ne ustreza njeni končnici, zato je ne moremo sprejeti. \(allowed)",
        "The content of \"\(name)\" does not match its extension, so we cannot accept it. \(allowed)")
    }
  }
}

/// A file as it arrived in a form.
struct Upload: Sendable {
  var filename: String
  var data: Data

  /// The files of a multipart field; an empty file input sends one nameless, empty part, which is no file.
  static func from(_ files: [File]?) -> [Upload] {
    (files ?? []).compactMap { file in
      let data = Data(buffer: file.data)
      if file.filename.isEmpty && data.isEmpty { return nil }
      return Upload(filename: file.filename, data: data)
    }
  }
}

/// An upload that passed the rules, ready to store.
struct AcceptedUpload: Sendable {
  var filename: String
  var contentType: String
  var data: Data
}

/// A file written to DATA_DIR/attachments under a random name. Until it belongs to a request it is *pending*: a
/// small sidecar file next to it says whose it is, so a form shown again (after "Check" or a mistake) keeps the
/// files already chosen without sending them twice.
struct StoredUpload: Sendable, Codable, Equatable {
  var storageName: String
  var filename: String
  var contentType: String
  var size: Int
  var sha256: String
  var contactID: Int
  var storedAt: Date
}

/// Checks uploads against `AttachmentRules` and keeps files on disk. Never uses the customer's file name on disk.
struct AttachmentStore: Sendable {
  let directory: String
  let threadPool: NIOThreadPool

  static let pendingSuffix = ".pending.json"
  /// Pending files nobody filed are removed after a day.
  static let pendingLifetime: TimeInterval = 86_400

  init(dataDirectory: String, threadPool: NIOThreadPool) {
    directory = (dataDirectory as NSString).appendingPathComponent("attachments")
    self.threadPool = threadPool
  }

  /// Validates every upload; the first problem refuses the whole batch so nothing is half-accepted.
  static func accept(_ uploads: [Upload], alreadyAttached: Int = 0) throws -> [AcceptedUpload] {
    if uploads.count + alreadyAttached > AttachmentRules.maxFiles {
      throw AttachmentProblem.tooMany(count: uploads.count + alreadyAttached)
    }
    return try uploads.map { upload in
      let name = AttachmentRules.neutralisedName(upload.filename)
      guard let type = AttachmentRules.types[AttachmentRules.fileExtension(of: name)] else {
        throw AttachmentProblem.typeNotAllowed(filename: name)
      }
      if upload.data.isEmpty { throw AttachmentProblem.empty(filename: name) }
      if upload.data.count > AttachmentRules.maxBytes { throw AttachmentProblem.tooLarge(filename: name) }
      guard AttachmentRules.matches(type.signature, upload.data) else {
        throw AttachmentProblem.contentDoesNotMatch(filename: name)
      }
      return AcceptedUpload(filename: name, contentType: type.contentType, data: upload.data)
    }
  }

  /// 32 random hex digits: the only name a file ever has on disk.
  static func makeStorageName() -> String {
    var generator = SystemRandomNumberGenerator()
    return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
  }

  static func isStorageName(_ text: String) -> Bool {
    text.count == 32 && text.allSatisfy { $0.isHexDigit && ($0.isNumber || $0.isLowercase) }
  }

  func path(for storageName: String) -> String {
    precondition(Self.isStorageName(storageName), "storage names are generated, never taken from input")
    return (directory as NSString).appendingPathComponent(storageName)
  }

  /// Writes accepted files; `pending` also writes each one's sidecar. On any failure the files written so far
  /// are removed again.
  func write(_ uploads: [AcceptedUpload], contactID: Int, now: Date, pending: Bool) async throws -> [StoredUpload] {
    let directory = self.directory
    let stored = uploads.map { upload in
      StoredUpload(
        storageName: Self.makeStorageName(), filename: upload.filename, contentType: upload.contentType,
        size: upload.data.count, sha256: SHA256.hash(data: upload.data).hex, contactID: contactID,
        storedAt: now)
    }
    let paths = stored.map { path(for: $0.storageName) }
    let datas = uploads.map(\.data)
    let encoder = JSONEncoder()
    let sidecars = try stored.map { try encoder.encode($0) }
    do {
      try await threadPool.runIfActive {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for index in paths.indices {
          try datas[index].write(to: URL(fileURLWithPath: paths[index]), options: .withoutOverwriting)
          if pending {
            try sidecars[index].write(
              to: URL(fileURLWithPath: paths[index] + Self.pendingSuffix), options: .withoutOverwriting)
          }
        }
      }
    } catch {
      await remove(stored.map(\.storageName))
      throw error
    }
    return stored
  }

  /// The pending files behind `tokens` that belong to `contactID`; anything else (malformed, someone else's,
  /// already filed or swept) is silently left out.
  func pending(_ tokens: [String], contactID: Int) async -> [StoredUpload] {
    let names = Array(Set(tokens.filter(Self.isStorageName))).sorted()
    let sidecarPaths = names.map { path(for: $0) + Self.pendingSuffix }
    let found =
      (try? await threadPool.runIfActive { () -> [Data] in
        sidecarPaths.compactMap { FileManager.default.contents(atPath: $0) }
      }) ?? []
    let decoder = JSONDecoder()
    return found.compactMap { try? decoder.decode(StoredUpload.self, from: $0) }
      .filter { $0.contactID == contactID && names.contains($0.storageName) }
      .sorted { $0.storedAt != $1.storedAt ? $0.storedAt < $1.storedAt : $0.filename < $1.filename }
  }

  /// After the request that owns them is committed: the files are no longer pending.
  func markFiled(_ uploads: [StoredUpload]) async {
    let paths = uploads.map { path(for: $0.storageName) + Self.pendingSuffix }
    _ = try? await threadPool.runIfActive {
      for path in paths { try? FileManager.default.removeItem(atPath: path) }
    }
  }

  func remove(_ storageNames: [String]) async {
    let paths = storageNames.filter(Self.isStorageName).map { path(for: $0) }
    _ = try? await threadPool.runIfActive {
      for path in paths {
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.removeItem(atPath: path + Self.pendingSuffix)
      }
    }
  }

  /// Removes pending files older than a day that no request refers to (a form that was abandoned).
  func sweepAbandoned(now: Date, on db: any Database) async throws {
    let directory = self.directory
    let suffix = Self.pendingSuffix
    let sidecars: [(String, Data)] = try await threadPool.runIfActive {
      let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
      return names.filter { $0.hasSuffix(suffix) }.prefix(500).compactMap { name in
        let path = (directory as NSString).appendingPathComponent(name)
        return FileManager.default.contents(atPath: path).map { (String(name.dropLast(suffix.count)), $0) }
      }
    }
    let decoder = JSONDecoder()
    var stale: [String] = []
    for (name, data) in sidecars where Self.isStorageName(name) {
      guard let upload = try? decoder.decode(StoredUpload.self, from: data),
        now.timeIntervalSince(upload.storedAt) > Self.pendingLifetime
      else { continue }
      if try await Attachment.query(on: db).filter(\.$storageName == name).count() == 0 {
        stale.append(name)
      } else {
        await markFiled([upload])
      }
    }
    await remove(stale)
  }
}

extension Attachment {
  convenience init(_ upload: StoredUpload, requestID: Int, messageID: Int?, createdAt: Date) {
    self.init()
    self.$request.id = requestID
    self.$message.id = messageID
    self.filename = upload.filename
    self.contentType = upload.contentType
    self.size = upload.size
    self.storageName = upload.storageName
    self.sha256 = upload.sha256
    self.createdAt = createdAt
  }
}

extension Request {
  var attachmentStore: AttachmentStore {
    AttachmentStore(dataDirectory: application.configuration.dataDirectory, threadPool: application.threadPool)
  }
}
