import Foundation

// The words and the random generator of the search benchmark and of `podpora seed-load`: one vocabulary, so the
// load data and the benchmark ask the same kind of questions of the same kind of text.

/// A deterministic generator, so every run asks the same queries.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Words of support requests and help articles: real Slovenian domain words first (the common ones), then
/// made-up inflected forms, so the index has a realistic long tail.
enum BenchVocabulary {
  static let common = """
    obračun plač račun napaka program izpis obrazec delavec ure odsotnost bolniška regres dopust nadure prevoz \
    prehrana olajšave dohodnina prispevki rek edavki izvoz uvoz datoteka tiskanje tiskalnik plačilna lista \
    kupec dobavitelj postavka ddv davčna blagajna potrdilo furs zoi eor dobropis storno avans predračun opomin \
    terjatve obveznosti temeljnica knjiženje konto saldo bilanca zaključek leta otvoritev izpisek banka plačilo \
    sklic amortizacija osnovno sredstvo inventura odpis nabava prodaja skupina stopnja vrednost nastavitve \
    uporabnik geslo pravice varnostna kopija arhiv posodobitev namestitev licenca strežnik povezava omrežje \
    šifrant stranka artikel zaloga skladišče prevzem dobavnica naročilo ponudba cenik popust valuta tečaj \
    poročilo pregled seznam iskanje filter datum obdobje mesec leto vnos sprememba brisanje kopija obnova \
    sporočilo opozorilo prikaz okno gumb meni zavihek polje znesek neto bruto osnova dodatek boniteta \
    refundacija zzzs zpiz porodniška invalidnina sodni izvršba odtegljaj kredit obrok rok zamuda obresti
    """.split(whereSeparator: \.isWhitespace).map(String.init)

  static let stems = [
    "obračun", "izplačil", "prispevk", "olajšav", "odsotnost", "račun", "dokument", "postavk", "knjižb", "temeljnic",
    "amortizacij", "sredstv", "nastavitv", "uporabnik", "izpis", "obrazc", "podatk", "zaposlen", "pogodb", "stroš",
    "prihod", "odhod", "terjat", "obveznost", "plačil", "nalog", "evidenc", "poslovaln", "enot", "oddelk",
  ]
  static let endings = ["a", "e", "i", "o", "u", "om", "ih", "ov", "ami", "ah", "ega", "emu", "ni", "na", "no", "ne"]

  static let words: [String] = {
    var words = common
    for stem in stems { for ending in endings { words.append(stem + ending) } }
    var random = SplitMix64(seed: 42)
    let letters = Array("abcčdefghijklmnoprsštuvzž")
    while words.count < 6_000 {
      let length = 4 + Int(random.next() % 8)
      words.append(String((0..<length).map { _ in letters[Int(random.next() % UInt64(letters.count))] }))
    }
    return words
  }()

  /// Low indexes (the common words) far more often than high ones, roughly as words occur in text.
  static func skewedIndex(_ count: Int, _ random: inout SplitMix64) -> Int {
    let bound = Int(random.next() % UInt64(count)) + 1
    return Int(random.next() % UInt64(bound))
  }

  /// One to three words as a person types them: the last one is often still being typed.
  static func query(from words: [String], random: inout SplitMix64) -> String {
    let count = 1 + Int(random.next() % 3)
    var parts = (0..<count).map { _ in words[skewedIndex(words.count, &random)] }
    if random.next() % 2 == 0, let last = parts.last, last.count > 3 {
      parts[parts.count - 1] = String(last.prefix(3 + Int(random.next() % UInt64(last.count - 2))))
    }
    return parts.joined(separator: " ")
  }
}
