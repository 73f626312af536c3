/// The help-site content of the demo: real-looking Slovenian articles with F1 context keys, tips and two
/// newsletter issues, so the search, F1 links and "answer in the knowledge base" evidence can be tried at once.
enum DemoArticles {
  struct Item {
    var slug: String
    var kind: String
    var program: String?
    var title: String
    var tags: String
    var f1: String?
    var body: String
    var daysAgo: Int
  }

  static let items: [Item] = [
    Item(
      slug: "obracun-plac", kind: "article", program: "PL", title: "Obračun plač: od priprave do zaključka",
      tags: "obračun,plače,rekapitulacija", f1: "obracun.place",
      body: """
        Obračun plač pripravite v meniju **Obračun → Nov obračun**.

        1. Izberite obdobje in vrsto izplačila.
        2. Preverite podatke o urah in odsotnostih.
        3. Izberite **Izračunaj** in preglejte rekapitulacijo.
        4. Ko je vse pravilno, obračun **zaključite**; zaključenega obračuna ni več mogoče spreminjati.

        Če se znesek neto plače ne ujema s pričakovanim, najprej preverite olajšave delavca.
        """, daysAgo: 400),
    Item(
      slug: "rek-obrazec-oddaja", kind: "article", program: "PL", title: "Oddaja obrazca REK-1 na eDavke",
      tags: "rek,edavki,izvoz", f1: "rek.oddaja",
      body: """
        Po zaključenem obračunu pripravite obrazec REK-1 v meniju **Izpisi → REK obrazci**.
        Datoteko XML izvozite in jo uvozite v portal eDavki. Program pred izvozom preveri obvezna polja
        in vas opozori na manjkajoče davčne številke.
        """, daysAgo: 380),
    Item(
      slug: "olajsave-delavca", kind: "article", program: "PL", title: "Vnos olajšav za vzdrževane družinske člane",
      tags: "olajšave,delavec,dohodnina", f1: "delavec.olajsave",
      body: """
        Olajšave vnesete na kartici delavca, zavihek **Olajšave**. Za vsakega vzdrževanega družinskega člana
        vpišite obdobje veljavnosti. Sprememba velja za obračune, ki še niso zaključeni.
        """, daysAgo: 300),
    Item(
      slug: "izdaja-racuna", kind: "article", program: "FAK", title: "Izdaja računa in pošiljanje e-računa",
      tags: "račun,e-račun,fakturiranje", f1: "racun.izdaja",
      body: """
        Nov račun pripravite v meniju **Dokumenti → Izdani računi → Nov**. Izberite kupca, dodajte postavke in
        račun potrdite. E-račun pošljete z gumbom **Pošlji e-račun**; program preveri, ali ima kupec vpisan
        e-naslov za prejem e-računov.
        """, daysAgo: 350),
    Item(
      slug: "dobropis", kind: "article", program: "FAK", title: "Dobropis k izdanemu računu",
      tags: "dobropis,račun,popravek", f1: "racun.dobropis",
      body: """
        Izdanega računa ne brišite. Pripravite dobropis: odprite račun in izberite **Ustvari dobropis**.
        Program prenese postavke z negativnimi količinami, ki jih lahko popravite.
        """, daysAgo: 200),
    Item(
      slug: "davcna-blagajna", kind: "article", program: "FAK", title: "Davčno potrjevanje računov (davčna blagajna)",
      tags: "davčna blagajna,furs,zoi,eor", f1: "blagajna.potrjevanje",
      body: """
        Za davčno potrjevanje potrebujete digitalno potrdilo FURS. Uvozite ga v **Nastavitve → Davčna blagajna**.
        Če potrditev ne uspe, program račun shrani in ga pošlje znova, ko je povezava vzpostavljena.
        """, daysAgo: 150),
    Item(
      slug: "knjizenje-temeljnice", kind: "article", program: "DK",
      title: "Knjiženje temeljnice v dvostavnem knjigovodstvu",
      tags: "temeljnica,knjiženje,glavna knjiga", f1: "temeljnica.vnos",
      body: """
        Temeljnico odprete v meniju **Knjiženje → Temeljnice**. Vsaka temeljnica mora biti uravnotežena:
        vsota v breme je enaka vsoti v dobro. Neuravnotežene temeljnice program ne dovoli zapreti.
        """, daysAgo: 330),
    Item(
      slug: "zakljucek-leta", kind: "article", program: "DK", title: "Zaključek poslovnega leta",
      tags: "zaključek leta,otvoritev,bilanca", f1: "leto.zakljucek",
      body: """
        Pred zaključkom leta preverite, da so vse temeljnice knjižene. Nato izberite **Orodja → Zaključek leta**;
        program pripravi otvoritveno temeljnico za novo leto. Postopek lahko ponovite, dokler novo leto ni zaklenjeno.
        """, daysAgo: 60),
    Item(
      slug: "amortizacija", kind: "article", program: "OS", title: "Obračun amortizacije osnovnih sredstev",
      tags: "amortizacija,osnovna sredstva", f1: "amortizacija.obracun",
      body: """
        Amortizacijo obračunate v meniju **Obdelave → Obračun amortizacije**. Izberite obdobje in način
        (mesečno ali letno). Rezultat lahko prenesete v dvostavno knjigovodstvo kot temeljnico.
        """, daysAgo: 250),
    Item(
      slug: "nabava-osnovnega-sredstva", kind: "article", program: "OS", title: "Vnos novega osnovnega sredstva",
      tags: "osnovno sredstvo,nabava,inventarna številka", f1: "sredstvo.vnos",
      body: """
        Novo osnovno sredstvo vnesete z gumbom **Nov**. Obvezni so inventarna številka, datum nabave,
        nabavna vrednost in amortizacijska skupina. Stopnjo amortizacije program predlaga iz skupine.
        """, daysAgo: 220),
    Item(
      slug: "bolniska-odsotnost", kind: "article", program: "PL", title: "Bolniška odsotnost nad 30 dni",
      tags: "bolniška,odsotnost,zzzs,refundacija", f1: "odsotnost.bolniska",
      body: """
        Bolniško odsotnost vnesete v **Obračun → Ure in odsotnosti** z vrsto ure *Bolniška v breme ZZZS*.
        Prvih 30 delovnih dni gre v breme delodajalca, od 31. dne naprej v breme ZZZS.

        > Refundacijo uveljavljate z obrazcem, ki ga program pripravi v **Izpisi → Refundacije ZZZS**.
        """, daysAgo: 90),
    Item(
      slug: "uvoz-bancnega-izpiska", kind: "article", program: "DK", title: "Uvoz bančnega izpiska",
      tags: "izpisek,banka,uvoz,camt", f1: "izpisek.uvoz",
      body: """
        Izpisek v zapisu `camt.053` uvozite v **Knjiženje → Bančni izpiski → Uvoz**. Program poveže plačila z
        odprtimi postavkami po sklicu; neporavnane vrstice ostanejo označene, da jih povežete ročno.
        """, daysAgo: 180),
    Item(
      slug: "odpis-osnovnega-sredstva", kind: "article", program: "OS", title: "Odpis ali prodaja osnovnega sredstva",
      tags: "odpis,prodaja,osnovno sredstvo", f1: "sredstvo.odpis",
      body: """
        Sredstvo odpišete na kartici sredstva z gumbom **Odpis**. Vpišite datum in razlog; program obračuna
        amortizacijo do dneva odpisa in pripravi temeljnico za sedanjo vrednost.
        """, daysAgo: 40),
    Item(
      slug: "varnostna-kopija", kind: "article", program: nil, title: "Varnostna kopija podatkov",
      tags: "varnostna kopija,podatki,arhiv", f1: nil,
      body: """
        Varnostno kopijo naredite v meniju **Orodja → Varnostna kopija**. Kopijo shranite na drug disk ali v oblak.
        Priporočamo dnevno kopiranje in mesečni preizkus obnove.
        """, daysAgo: 500),
    Item(
      slug: "nov-uporabnik-programa", kind: "article", program: nil, title: "Dodajanje novega uporabnika programa",
      tags: "uporabnik,pravice,geslo", f1: nil,
      body: """
        Novega uporabnika doda skrbnik v **Nastavitve → Uporabniki**. Novi sodelavci naj pred prvim delom
        opravijo uvajanje: pomoč uporabnikom brez uvajanja je plačljiva.
        """, daysAgo: 120),
    Item(
      slug: "nasvet-bliznjice", kind: "tip", program: nil, title: "Nasvet: bližnjice na tipkovnici",
      tags: "nasvet,bližnjice,tipkovnica", f1: nil,
      body: "S tipko **F1** odprete pomoč za okno, v katerem ste. **Ctrl+F** odpre iskanje po seznamu.",
      daysAgo: 20),
    Item(
      slug: "nasvet-regres", kind: "tip", program: "PL", title: "Nasvet: izplačilo regresa v obračunu plač",
      tags: "nasvet,regres,plače", f1: nil,
      body:
        "Regres izplačate kot samostojno vrsto izplačila ali skupaj s plačo. Preverite najnižji znesek za tekoče leto.",
      daysAgo: 10),
    Item(
      slug: "nasvet-opomini", kind: "tip", program: "FAK", title: "Nasvet: samodejni opomini kupcem",
      tags: "nasvet,opomini,terjatve", f1: nil,
      body: "V **Nastavitve → Opomini** določite, po koliko dneh zamude program pripravi opomin.",
      daysAgo: 5),
  ]

  struct Issue {
    var slug: String
    var title: String
    var body: String
    var daysAgo: Int
  }

  static let newsletters: [Issue] = [
    Issue(
      slug: "e-novice-2026-10", title: "E-novice, oktober 2026: zaključek leta in novosti pri plačah",
      body: """
        ## Priprava na zaključek leta
        Preverite odprte postavke in uskladite konte pred koncem leta.

        ## Novosti pri obračunu plač
        Od novembra program samodejno preveri najnižjo plačo. Več v članku *Obračun plač*.
        """, daysAgo: 45),
    Issue(
      slug: "e-novice-2026-11", title: "E-novice, november 2026: e-računi in davčna blagajna",
      body: """
        ## E-računi
        Vsi proračunski uporabniki sprejemajo samo e-račune. Nastavite e-naslove kupcev.

        ## Davčna blagajna
        Obnovite digitalno potrdilo FURS pravočasno, da se potrjevanje računov ne ustavi.
        """, daysAgo: 12),
  ]
}
