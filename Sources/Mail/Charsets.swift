import Foundation

/// Byte → Unicode decoding for the charsets that mail actually arrives in.
///
/// The single-byte tables are written out here rather than taken from Foundation because
/// Foundation on Linux has not always shipped them, and Slovenian mail depends on them.
enum Charset: Equatable, Sendable {
  case utf8
  case ascii
  case latin1
  case latin2
  case latin9
  case windows1250
  case windows1252
  /// A charset we know only through Foundation (Japanese, Cyrillic …).
  case foundation(String.Encoding)

  /// Looks a MIME charset name up; `nil` when we cannot decode it.
  init?(name rawName: String) {
    var name = rawName.trimmingCharacters(in: .whitespaces).lowercased()
    if name.hasPrefix("\"") && name.hasSuffix("\"") && name.count >= 2 {
      name = String(name.dropFirst().dropLast())
    }
    // RFC 2231 lets an encoded word carry a language: "utf-8*sl".
    if let star = name.firstIndex(of: "*") { name = String(name[..<star]) }
    switch name {
    case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8":
      self = .utf8
    case "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us", "iso-ir-6", "cp367", "ibm367", "csascii", "":
      self = .ascii
    case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "iso-ir-100", "cp819", "ibm819",
      "iso_8859-1:1987", "csisolatin1", "8859-1":
      self = .latin1
    case "iso-8859-2", "iso8859-2", "iso_8859-2", "latin2", "latin-2", "l2", "iso-ir-101", "iso_8859-2:1987",
      "csisolatin2", "8859-2":
      self = .latin2
    case "iso-8859-15", "iso8859-15", "iso_8859-15", "latin9", "latin-9", "l9", "csisolatin9":
      self = .latin9
    case "windows-1250", "cp1250", "x-cp1250", "win-1250", "cswindows1250":
      self = .windows1250
    case "windows-1252", "cp1252", "x-cp1252", "win-1252", "cswindows1252":
      self = .windows1252
    default:
      if let code = Charset.foundationEncodings[name] {
        self = .foundation(String.Encoding(rawValue: 0x8000_0000 | code))
        return
      }
      return nil
    }
  }

  /// Charsets we have no table for, by their CoreFoundation encoding numbers, which Foundation
  /// on Linux understands too.
  private static let foundationEncodings: [String: UInt] = [
    "iso-8859-3": 0x0203, "iso-8859-4": 0x0204, "iso-8859-5": 0x0205, "iso-8859-6": 0x0206,
    "iso-8859-7": 0x0207, "iso-8859-8": 0x0208, "iso-8859-9": 0x0209, "iso-8859-10": 0x020A,
    "iso-8859-11": 0x020B, "iso-8859-13": 0x020D, "iso-8859-14": 0x020E, "iso-8859-16": 0x0210,
    "windows-1251": 0x0502, "cp1251": 0x0502, "windows-1253": 0x0503, "windows-1254": 0x0504,
    "windows-1255": 0x0505, "windows-1256": 0x0506, "windows-1257": 0x0507, "windows-1258": 0x0508,
    "koi8-r": 0x0A02, "koi8-u": 0x0A08, "big5": 0x0A03, "gb2312": 0x0930, "euc-cn": 0x0930,
    "gbk": 0x0631, "gb18030": 0x0632, "euc-kr": 0x0940, "ks_c_5601-1987": 0x0422, "cp949": 0x0422,
    "shift_jis": 0x0A01, "shift-jis": 0x0A01, "sjis": 0x0A01, "cp932": 0x0A01, "windows-31j": 0x0A01,
    "iso-2022-jp": 0x0820, "euc-jp": 0x0920,
  ]

  /// Decodes `bytes`, never failing: undecodable bytes become U+FFFD and `lossy` is set.
  func decode<C: Collection>(_ bytes: C) -> (text: String, lossy: Bool) where C.Element == UInt8 {
    switch self {
    case .utf8:
      return Charset.decodeUTF8(bytes)
    case .ascii:
      var lossy = false
      var scalars = String.UnicodeScalarView()
      for byte in bytes {
        if byte < 0x80 {
          scalars.append(Unicode.Scalar(byte))
        } else {
          lossy = true
          scalars.append("\u{FFFD}")
        }
      }
      return (String(scalars), lossy)
    case .latin1:
      return (Charset.decodeTable(bytes) { Unicode.Scalar($0) }, false)
    case .latin2:
      return (Charset.decodeTable(bytes) { Charset.lookup($0, from: 0xA0, in: Charset.iso88592Table) }, false)
    case .latin9:
      return (Charset.decodeTable(bytes) { Charset.latin9Scalar($0) }, false)
    case .windows1250:
      return (Charset.decodeTable(bytes) { Charset.lookup($0, from: 0x80, in: Charset.windows1250Table) }, false)
    case .windows1252:
      return (Charset.decodeTable(bytes) { Charset.windows1252Scalar($0) }, false)
    case .foundation(let encoding):
      if let text = String(bytes: Array(bytes), encoding: encoding) { return (text, false) }
      // Keep what is plain ASCII readable rather than losing the whole text.
      return (Charset.ascii.decode(bytes).text, true)
    }
  }

  /// UTF-8 with replacement of each maximal invalid subsequence by one U+FFFD, as Python and browsers do.
  static func decodeUTF8<C: Collection>(_ bytes: C) -> (text: String, lossy: Bool) where C.Element == UInt8 {
    if bytes.allSatisfy({ $0 < 0x80 }) {
      return (String(decoding: bytes, as: UTF8.self), false)
    }
    var lossy = false
    var scalars = String.UnicodeScalarView()
    var decoder = UTF8()
    var iterator = bytes.makeIterator()
    loop: while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar): scalars.append(scalar)
      case .emptyInput: break loop
      case .error:
        lossy = true
        scalars.append("\u{FFFD}")
      }
    }
    return (String(scalars), lossy)
  }

  static func isValidUTF8<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
    var decoder = UTF8()
    var iterator = bytes.makeIterator()
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue: continue
      case .emptyInput: return true
      case .error: return false
      }
    }
  }

  /// Header bytes have no declared charset: UTF-8 when valid (RFC 6532), else windows-1252, the
  /// usual charset of mailers that send raw 8-bit headers. `guessed` tells the caller to warn.
  static func decodeUnlabelled<C: Collection>(_ bytes: C) -> (text: String, guessed: Bool)
  where C.Element == UInt8 {
    if bytes.allSatisfy({ $0 < 0x80 }) { return (String(decoding: bytes, as: UTF8.self), false) }
    if isValidUTF8(bytes) { return (String(decoding: bytes, as: UTF8.self), false) }
    return (Charset.windows1252.decode(bytes).text, true)
  }

  private static func decodeTable<C: Collection>(_ bytes: C, high: (UInt8) -> Unicode.Scalar) -> String
  where C.Element == UInt8 {
    var scalars = String.UnicodeScalarView()
    scalars.reserveCapacity(bytes.count)
    for byte in bytes {
      scalars.append(byte < 0x80 ? Unicode.Scalar(byte) : high(byte))
    }
    return String(scalars)
  }

  private static func lookup(_ byte: UInt8, from start: UInt8, in table: [UInt16]) -> Unicode.Scalar {
    if byte < start { return Unicode.Scalar(byte) }
    return Unicode.Scalar(table[Int(byte - start)]) ?? "\u{FFFD}"
  }

  private static func windows1252Scalar(_ byte: UInt8) -> Unicode.Scalar {
    if byte >= 0xA0 || byte < 0x80 { return Unicode.Scalar(byte) }
    return Unicode.Scalar(windows1252High[Int(byte - 0x80)]) ?? "\u{FFFD}"
  }

  private static func latin9Scalar(_ byte: UInt8) -> Unicode.Scalar {
    switch byte {
    case 0xA4: return "\u{20AC}"
    case 0xA6: return "\u{0160}"
    case 0xA8: return "\u{0161}"
    case 0xB4: return "\u{017D}"
    case 0xB8: return "\u{017E}"
    case 0xBC: return "\u{0152}"
    case 0xBD: return "\u{0153}"
    case 0xBE: return "\u{0178}"
    default: return Unicode.Scalar(byte)
    }
  }

  // Undefined positions map to the C1 control of the same value, as the WHATWG Encoding Standard does.

  // cp1252 bytes 0x80...0x9F; 0xA0...0xFF equal Latin-1.
  static let windows1252High: [UInt16] = [
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
  ]

  // cp1250 bytes 0x80...0xFF.
  static let windows1250Table: [UInt16] = [
    0x20AC, 0x0081, 0x201A, 0x0083, 0x201E, 0x2026, 0x2020, 0x2021,
    0x0088, 0x2030, 0x0160, 0x2039, 0x015A, 0x0164, 0x017D, 0x0179,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x0098, 0x2122, 0x0161, 0x203A, 0x015B, 0x0165, 0x017E, 0x017A,
    0x00A0, 0x02C7, 0x02D8, 0x0141, 0x00A4, 0x0104, 0x00A6, 0x00A7,
    0x00A8, 0x00A9, 0x015E, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x017B,
    0x00B0, 0x00B1, 0x02DB, 0x0142, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
    0x00B8, 0x0105, 0x015F, 0x00BB, 0x013D, 0x02DD, 0x013E, 0x017C,
    0x0154, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x0139, 0x0106, 0x00C7,
    0x010C, 0x00C9, 0x0118, 0x00CB, 0x011A, 0x00CD, 0x00CE, 0x010E,
    0x0110, 0x0143, 0x0147, 0x00D3, 0x00D4, 0x0150, 0x00D6, 0x00D7,
    0x0158, 0x016E, 0x00DA, 0x0170, 0x00DC, 0x00DD, 0x0162, 0x00DF,
    0x0155, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x013A, 0x0107, 0x00E7,
    0x010D, 0x00E9, 0x0119, 0x00EB, 0x011B, 0x00ED, 0x00EE, 0x010F,
    0x0111, 0x0144, 0x0148, 0x00F3, 0x00F4, 0x0151, 0x00F6, 0x00F7,
    0x0159, 0x016F, 0x00FA, 0x0171, 0x00FC, 0x00FD, 0x0163, 0x02D9,
  ]

  // ISO-8859-2 bytes 0xA0...0xFF; 0x80...0x9F are the C1 controls.
  static let iso88592Table: [UInt16] = [
    0x00A0, 0x0104, 0x02D8, 0x0141, 0x00A4, 0x013D, 0x015A, 0x00A7,
    0x00A8, 0x0160, 0x015E, 0x0164, 0x0179, 0x00AD, 0x017D, 0x017B,
    0x00B0, 0x0105, 0x02DB, 0x0142, 0x00B4, 0x013E, 0x015B, 0x02C7,
    0x00B8, 0x0161, 0x015F, 0x0165, 0x017A, 0x02DD, 0x017E, 0x017C,
    0x0154, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x0139, 0x0106, 0x00C7,
    0x010C, 0x00C9, 0x0118, 0x00CB, 0x011A, 0x00CD, 0x00CE, 0x010E,
    0x0110, 0x0143, 0x0147, 0x00D3, 0x00D4, 0x0150, 0x00D6, 0x00D7,
    0x0158, 0x016E, 0x00DA, 0x0170, 0x00DC, 0x00DD, 0x0162, 0x00DF,
    0x0155, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x013A, 0x0107, 0x00E7,
    0x010D, 0x00E9, 0x0119, 0x00EB, 0x011B, 0x00ED, 0x00EE, 0x010F,
    0x0111, 0x0144, 0x0148, 0x00F3, 0x00F4, 0x0151, 0x00F6, 0x00F7,
    0x0159, 0x016F, 0x00FA, 0x0171, 0x00FC, 0x00FD, 0x0163, 0x02D9,
  ]
}
