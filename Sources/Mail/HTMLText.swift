/// Turns an HTML body into readable plain text for agents and for mail that has no text part:
/// tags stripped, script/style/head dropped, entities decoded, block elements and <br> as line
/// breaks, links keeping their text (and their address when it differs).
enum HTMLText {
  private static let skippedElements: Set<String> = ["script", "style", "title", "template", "noscript", "xml"]
  private static let paragraphElements: Set<String> = [
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "blockquote", "pre", "hr",
  ]
  private static let blockElements: Set<String> = [
    "div", "tr", "li", "dt", "dd", "section", "article", "header", "footer", "nav", "aside", "form",
    "fieldset", "address", "center", "figure", "figcaption", "main", "tbody", "thead", "tfoot", "caption",
    "body", "html",
  ]

  static func toText(_ html: String) -> String {
    let input = Array(html.unicodeScalars)
    var writer = Writer()
    var i = 0
    var inHead = false
    var preDepth = 0
    var linkStack: [(href: String, start: Int)] = []
    var cellCount = 0
    while i < input.count {
      let scalar = input[i]
      if scalar == "<" {
        if matches(input, at: i, "<!--") {
          i = find(input, "-->", from: i + 4).map { $0 + 3 } ?? input.count
          continue
        }
        if i + 1 < input.count, input[i + 1] == "!" || input[i + 1] == "?" {
          i = find(input, ">", from: i + 1).map { $0 + 1 } ?? input.count
          continue
        }
        guard let tag = parseTag(input, at: i) else {
          if !inHead { writer.text("<", preformatted: preDepth > 0) }
          i += 1
          continue
        }
        i = tag.end
        let name = tag.name
        if skippedElements.contains(name) && !tag.closing && !tag.selfClosing {
          i = skipElement(input, named: name, from: i)
          continue
        }
        switch name {
        case "head":
          inHead = !tag.closing
        case "body":
          inHead = false
          writer.block(1)
        case "br":
          writer.lineBreak()
        case "a":
          if tag.closing {
            if let link = linkStack.popLast() { writer.linkEnd(href: link.href, start: link.start) }
          } else if linkStack.count < 32 {
            // Bounded, so that thousands of unclosed links cannot make closing them quadratic.
            linkStack.append((tag.attributes["href"] ?? "", writer.count))
          }
        case "img":
          if let alt = tag.attributes["alt"]?.trimmingWhitespace(), !alt.isEmpty {
            writer.text(alt, preformatted: false)
          }
        case "li":
          writer.block(1)
          if !tag.closing { writer.text("- ", preformatted: true) }
        case "td", "th":
          if !tag.closing {
            if cellCount > 0 { writer.text(" ", preformatted: true) }
            cellCount += 1
          }
        default:
          if paragraphElements.contains(name) {
            writer.block(2)
            if name == "pre" { preDepth = max(0, preDepth + (tag.closing ? -1 : 1)) }
          } else if blockElements.contains(name) {
            writer.block(1)
          }
          if name == "tr" { cellCount = 0 }
        }
        continue
      }
      if scalar == "&" {
        let (decoded, next) = entity(input, at: i)
        if !inHead { writer.text(decoded, preformatted: preDepth > 0) }
        i = next
        continue
      }
      if !inHead { writer.scalar(scalar, preformatted: preDepth > 0) }
      i += 1
    }
    return writer.finish()
  }

  private struct Writer {
    var out: [Unicode.Scalar] = []
    var pendingSpace = false
    var count: Int { out.count }

    mutating func scalar(_ scalar: Unicode.Scalar, preformatted: Bool) {
      if preformatted {
        if scalar == "\r" { return }
        out.append(scalar)
        return
      }
      if scalar.properties.isWhitespace || scalar == "\u{A0}" {
        pendingSpace = true
        return
      }
      if pendingSpace, let last = out.last, last != "\n", last != " " { out.append(" ") }
      pendingSpace = false
      out.append(scalar)
    }

    mutating func text(_ text: String, preformatted: Bool) {
      for scalar in text.unicodeScalars { self.scalar(scalar, preformatted: preformatted) }
    }

    private mutating func trimTrailingSpaces() {
      while let last = out.last, last == " " || last == "\t" { out.removeLast() }
      pendingSpace = false
    }

    mutating func lineBreak() {
      trimTrailingSpaces()
      out.append("\n")
    }

    /// Ensures the output ends with at least `newlines` line breaks (none at the very start).
    mutating func block(_ newlines: Int) {
      trimTrailingSpaces()
      guard !out.isEmpty else { return }
      var trailing = 0
      while trailing < out.count, out[out.count - 1 - trailing] == "\n" { trailing += 1 }
      for _ in trailing..<max(trailing, newlines) { out.append("\n") }
    }

    mutating func linkEnd(href rawHref: String, start: Int) {
      let href = rawHref.trimmingWhitespace()
      let lower = href.lowercased()
      guard lower.hasPrefix("http:") || lower.hasPrefix("https:") || lower.hasPrefix("mailto:") else { return }
      let shown = lower.hasPrefix("mailto:") ? String(href.dropFirst(7)) : href
      guard out.count - start < 4_096 else { return }
      let linkText = String(String.UnicodeScalarView(out[min(start, out.count)...]))
      guard !linkText.contains(shown) else { return }
      if linkText.trimmingWhitespace().isEmpty {
        text(shown, preformatted: false)
      } else {
        text(" (\(shown))", preformatted: false)
      }
    }

    func finish() -> String {
      // Collapse runs of blank lines that <br>s and nested blocks can leave behind.
      var collapsed = String.UnicodeScalarView()
      var newlines = 0
      for scalar in out {
        newlines = scalar == "\n" ? newlines + 1 : 0
        if newlines <= 2 { collapsed.append(scalar) }
      }
      return String(collapsed).trimmingWhitespace()
    }
  }

  private struct Tag {
    var name: String
    var closing: Bool
    var selfClosing: Bool
    var attributes: [String: String]
    var end: Int
  }

  private static func parseTag(_ input: [Unicode.Scalar], at start: Int) -> Tag? {
    var i = start + 1
    var closing = false
    if i < input.count, input[i] == "/" {
      closing = true
      i += 1
    }
    let nameStart = i
    while i < input.count, input[i].properties.isAlphabetic || ("0"..."9").contains(input[i]) { i += 1 }
    guard i > nameStart, i - nameStart < 64 else { return nil }
    let name = String(String.UnicodeScalarView(input[nameStart..<i])).lowercased()
    var attributes: [String: String] = [:]
    var selfClosing = false
    while i < input.count {
      let scalar = input[i]
      if scalar == ">" {
        return Tag(name: name, closing: closing, selfClosing: selfClosing, attributes: attributes, end: i + 1)
      }
      if scalar == "/" {
        selfClosing = true
        i += 1
        continue
      }
      if scalar.properties.isWhitespace {
        i += 1
        continue
      }
      selfClosing = false
      let attributeStart = i
      while i < input.count, !input[i].properties.isWhitespace, input[i] != "=", input[i] != ">", input[i] != "/" {
        i += 1
      }
      let attributeName = String(String.UnicodeScalarView(input[attributeStart..<i])).lowercased()
      if i == attributeStart { i += 1 }
      while i < input.count, input[i].properties.isWhitespace { i += 1 }
      guard i < input.count, input[i] == "=" else {
        attributes[attributeName] = attributes[attributeName] ?? ""
        continue
      }
      i += 1
      while i < input.count, input[i].properties.isWhitespace { i += 1 }
      var value: [Unicode.Scalar] = []
      if i < input.count, input[i] == "\"" || input[i] == "'" {
        let quote = input[i]
        i += 1
        while i < input.count, input[i] != quote {
          value.append(input[i])
          i += 1
        }
        i += 1
      } else {
        while i < input.count, !input[i].properties.isWhitespace, input[i] != ">" {
          value.append(input[i])
          i += 1
        }
      }
      if attributes[attributeName] == nil {
        attributes[attributeName] = decodeEntities(String(String.UnicodeScalarView(value)))
      }
    }
    return Tag(name: name, closing: closing, selfClosing: selfClosing, attributes: attributes, end: input.count)
  }

  /// Skips to after `</name…>`, or to the end when the element is never closed.
  private static func skipElement(_ input: [Unicode.Scalar], named name: String, from start: Int) -> Int {
    let closing = Array(("</" + name).unicodeScalars)
    var i = start
    while let found = find(input, "<", from: i) {
      if found + closing.count <= input.count,
        zip(input[found..<(found + closing.count)], closing).allSatisfy({
          $0.0 == $0.1 || String($0.0).lowercased() == String($0.1)
        })
      {
        return find(input, ">", from: found).map { $0 + 1 } ?? input.count
      }
      i = found + 1
    }
    return input.count
  }

  private static func matches(_ input: [Unicode.Scalar], at start: Int, _ text: String) -> Bool {
    var i = start
    for scalar in text.unicodeScalars {
      guard i < input.count, input[i] == scalar else { return false }
      i += 1
    }
    return true
  }

  private static func find(_ input: [Unicode.Scalar], _ text: String, from start: Int) -> Int? {
    guard let first = text.unicodeScalars.first else { return nil }
    var i = start
    while i < input.count {
      if input[i] == first && matches(input, at: i, text) { return i }
      i += 1
    }
    return nil
  }

  static func decodeEntities(_ text: String) -> String {
    guard text.contains("&") else { return text }
    let input = Array(text.unicodeScalars)
    var out = String.UnicodeScalarView()
    var i = 0
    while i < input.count {
      if input[i] == "&" {
        let (decoded, next) = entity(input, at: i)
        out.append(contentsOf: decoded.unicodeScalars)
        i = next
      } else {
        out.append(input[i])
        i += 1
      }
    }
    return String(out)
  }

  /// Decodes the character reference at `start` ("&amp;", "&#269;", "&#x10D;"); an unknown or
  /// unterminated one stays as written.
  private static func entity(_ input: [Unicode.Scalar], at start: Int) -> (String, Int) {
    var i = start + 1
    while i < input.count, i - start <= 33, input[i] != ";", input[i] != "&", !input[i].properties.isWhitespace {
      i += 1
    }
    guard i < input.count, input[i] == ";", i > start + 1 else { return ("&", start + 1) }
    let body = String(String.UnicodeScalarView(input[(start + 1)..<i]))
    if body.hasPrefix("#") {
      let digits = body.dropFirst()
      let value: UInt32?
      if digits.first == "x" || digits.first == "X" {
        value = digits.count <= 9 ? UInt32(digits.dropFirst(), radix: 16) : nil
      } else {
        value = digits.count <= 10 ? UInt32(digits) : nil
      }
      guard let value else { return ("&", start + 1) }
      // Browsers read 128…159 as windows-1252, which is what the authors of such mail meant.
      if value >= 0x80 && value <= 0x9F, let mapped = Unicode.Scalar(Charset.windows1252High[Int(value - 0x80)]) {
        return (String(mapped), i + 1)
      }
      if value == 0 { return ("\u{FFFD}", i + 1) }
      return (Unicode.Scalar(value).map { String($0) } ?? "\u{FFFD}", i + 1)
    }
    if let code = namedEntities[body], let scalar = Unicode.Scalar(code) {
      return (String(scalar), i + 1)
    }
    return ("&", start + 1)
  }

  private static let namedEntities: [String: UInt32] = [
    "AElig": 0xC6, "Aacute": 0xC1, "Abreve": 0x102, "Acirc": 0xC2, "Agrave": 0xC0, "Alpha": 0x391, "Aogon": 0x104,
    "Aring": 0xC5, "Atilde": 0xC3, "Auml": 0xC4, "Beta": 0x392, "Cacute": 0x106, "Ccaron": 0x10C, "Ccedil": 0xC7,
    "Chi": 0x3A7, "Dagger": 0x2021, "Dcaron": 0x10E, "Delta": 0x394, "Dstrok": 0x110, "ETH": 0xD0, "Eacute": 0xC9,
    "Ecaron": 0x11A, "Ecirc": 0xCA, "Egrave": 0xC8, "Eogon": 0x118, "Epsilon": 0x395, "Eta": 0x397, "Euml": 0xCB,
    "Gamma": 0x393, "Gbreve": 0x11E, "Iacute": 0xCD, "Icirc": 0xCE, "Idot": 0x130, "Igrave": 0xCC, "Iota": 0x399,
    "Iuml": 0xCF, "Kappa": 0x39A, "Lacute": 0x139, "Lambda": 0x39B, "Lcaron": 0x13D, "Lstrok": 0x141, "Mu": 0x39C,
    "Nacute": 0x143, "Ncaron": 0x147, "Ntilde": 0xD1, "Nu": 0x39D, "OElig": 0x152, "Oacute": 0xD3, "Ocirc": 0xD4,
    "Odblac": 0x150, "Ograve": 0xD2, "Omega": 0x3A9, "Omicron": 0x39F, "Oslash": 0xD8, "Otilde": 0xD5, "Ouml": 0xD6,
    "Phi": 0x3A6, "Pi": 0x3A0, "Prime": 0x2033, "Psi": 0x3A8, "Racute": 0x154, "Rcaron": 0x158, "Rho": 0x3A1,
    "Sacute": 0x15A, "Scaron": 0x160, "Scedil": 0x15E, "Sigma": 0x3A3, "THORN": 0xDE, "Tau": 0x3A4, "Tcaron": 0x164,
    "Tcedil": 0x162, "Theta": 0x398, "Uacute": 0xDA, "Ucirc": 0xDB, "Udblac": 0x170, "Ugrave": 0xD9,
    "Upsilon": 0x3A5, "Uring": 0x16E, "Uuml": 0xDC, "Xi": 0x39E, "Yacute": 0xDD, "Yuml": 0x178, "Zacute": 0x179,
    "Zcaron": 0x17D, "Zdot": 0x17B, "Zeta": 0x396, "aacute": 0xE1, "abreve": 0x103, "acirc": 0xE2, "acute": 0xB4,
    "aelig": 0xE6, "agrave": 0xE0, "alefsym": 0x2135, "alpha": 0x3B1, "amp": 0x26, "and": 0x2227, "ang": 0x2220,
    "aogon": 0x105, "apos": 0x27, "aring": 0xE5, "asymp": 0x2248, "atilde": 0xE3, "auml": 0xE4, "bdquo": 0x201E,
    "beta": 0x3B2, "brvbar": 0xA6, "bull": 0x2022, "cacute": 0x107, "cap": 0x2229, "ccaron": 0x10D, "ccedil": 0xE7,
    "cedil": 0xB8, "cent": 0xA2, "chi": 0x3C7, "circ": 0x2C6, "clubs": 0x2663, "cong": 0x2245, "copy": 0xA9,
    "crarr": 0x21B5, "cup": 0x222A, "curren": 0xA4, "dArr": 0x21D3, "dagger": 0x2020, "darr": 0x2193,
    "dcaron": 0x10F, "deg": 0xB0, "delta": 0x3B4, "diams": 0x2666, "divide": 0xF7, "dstrok": 0x111, "eacute": 0xE9,
    "ecaron": 0x11B, "ecirc": 0xEA, "egrave": 0xE8, "empty": 0x2205, "emsp": 0x2003, "ensp": 0x2002, "eogon": 0x119,
    "epsilon": 0x3B5, "equiv": 0x2261, "eta": 0x3B7, "eth": 0xF0, "euml": 0xEB, "euro": 0x20AC, "exist": 0x2203,
    "fnof": 0x192, "forall": 0x2200, "frac12": 0xBD, "frac14": 0xBC, "frac34": 0xBE, "frasl": 0x2044, "gamma": 0x3B3,
    "gbreve": 0x11F, "ge": 0x2265, "gt": 0x3E, "hArr": 0x21D4, "harr": 0x2194, "hearts": 0x2665, "hellip": 0x2026,
    "iacute": 0xED, "icirc": 0xEE, "iexcl": 0xA1, "igrave": 0xEC, "image": 0x2111, "imath": 0x131, "infin": 0x221E,
    "int": 0x222B, "iota": 0x3B9, "iquest": 0xBF, "isin": 0x2208, "iuml": 0xEF, "kappa": 0x3BA, "lArr": 0x21D0,
    "lacute": 0x13A, "lambda": 0x3BB, "lang": 0x2329, "laquo": 0xAB, "larr": 0x2190, "lcaron": 0x13E,
    "lceil": 0x2308, "ldquo": 0x201C, "le": 0x2264, "lfloor": 0x230A, "lowast": 0x2217, "loz": 0x25CA, "lrm": 0x200E,
    "lsaquo": 0x2039, "lsquo": 0x2018, "lstrok": 0x142, "lt": 0x3C, "macr": 0xAF, "mdash": 0x2014, "micro": 0xB5,
    "middot": 0xB7, "minus": 0x2212, "mu": 0x3BC, "nabla": 0x2207, "nacute": 0x144, "nbsp": 0xA0, "ncaron": 0x148,
    "ndash": 0x2013, "ne": 0x2260, "ni": 0x220B, "not": 0xAC, "notin": 0x2209, "nsub": 0x2284, "ntilde": 0xF1,
    "nu": 0x3BD, "oacute": 0xF3, "ocirc": 0xF4, "odblac": 0x151, "oelig": 0x153, "ograve": 0xF2, "oline": 0x203E,
    "omega": 0x3C9, "omicron": 0x3BF, "oplus": 0x2295, "or": 0x2228, "ordf": 0xAA, "ordm": 0xBA, "oslash": 0xF8,
    "otilde": 0xF5, "otimes": 0x2297, "ouml": 0xF6, "para": 0xB6, "part": 0x2202, "permil": 0x2030, "perp": 0x22A5,
    "phi": 0x3C6, "pi": 0x3C0, "piv": 0x3D6, "plusmn": 0xB1, "pound": 0xA3, "prime": 0x2032, "prod": 0x220F,
    "prop": 0x221D, "psi": 0x3C8, "quot": 0x22, "rArr": 0x21D2, "racute": 0x155, "radic": 0x221A, "rang": 0x232A,
    "raquo": 0xBB, "rarr": 0x2192, "rcaron": 0x159, "rceil": 0x2309, "rdquo": 0x201D, "real": 0x211C, "reg": 0xAE,
    "rfloor": 0x230B, "rho": 0x3C1, "rlm": 0x200F, "rsaquo": 0x203A, "rsquo": 0x2019, "sacute": 0x15B,
    "sbquo": 0x201A, "scaron": 0x161, "scedil": 0x15F, "sdot": 0x22C5, "sect": 0xA7, "shy": 0xAD, "sigma": 0x3C3,
    "sigmaf": 0x3C2, "sim": 0x223C, "spades": 0x2660, "sub": 0x2282, "sube": 0x2286, "sum": 0x2211, "sup": 0x2283,
    "sup1": 0xB9, "sup2": 0xB2, "sup3": 0xB3, "supe": 0x2287, "szlig": 0xDF, "tau": 0x3C4, "tcaron": 0x165,
    "tcedil": 0x163, "there4": 0x2234, "theta": 0x3B8, "thetasym": 0x3D1, "thinsp": 0x2009, "thorn": 0xFE,
    "tilde": 0x2DC, "times": 0xD7, "trade": 0x2122, "uArr": 0x21D1, "uacute": 0xFA, "uarr": 0x2191, "ucirc": 0xFB,
    "udblac": 0x171, "ugrave": 0xF9, "uml": 0xA8, "upsih": 0x3D2, "upsilon": 0x3C5, "uring": 0x16F, "uuml": 0xFC,
    "weierp": 0x2118, "xi": 0x3BE, "yacute": 0xFD, "yen": 0xA5, "yuml": 0xFF, "zacute": 0x17A, "zcaron": 0x17E,
    "zdot": 0x17C, "zeta": 0x3B6, "zwj": 0x200D, "zwnj": 0x200C,
  ]
}
