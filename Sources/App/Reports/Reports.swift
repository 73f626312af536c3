import Fluent
import Foundation
import SupportPolicy
import Wording

/// The reports a supervisor can open and download, each a chart, a table and a CSV of the same numbers.
public enum ReportKind: String, Sendable, CaseIterable {
  case channels, outcomes, deflections, repeats, times, sla, waiting
}

/// A report's numbers as a table: the page renders it beside the chart and the CSV download is the same table, so
/// the two can never disagree. CSV column names are stable English identifiers (README).
struct ReportTable: Sendable, Equatable {
  struct Column: Sendable, Equatable {
    var csv: String
    var sl: String
    var en: String
  }
  var columns: [Column]
  var rows: [[String]]

  /// RFC 4180, UTF-8, CRLF line ends. A text cell that starts like a formula gets a leading apostrophe so a
  /// spreadsheet never runs it.
  var csv: String {
    ([columns.map(\.csv)] + rows).map { $0.map(Self.cell).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
  }

  static func cell(_ value: String) -> String {
    var text = value
    if let first = text.first, "=+@\t\r".contains(first) || (first == "-" && Double(text) == nil) { text = "'" + text }
    guard text.contains(where: { ",\"\r\n".contains($0) }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}

/// Every report for one period (trends over the six periods that end with it).
struct ReportSet: Sendable {
  static let trendLength = 6

  var period: ReportPeriod
  var channels: [ReportQueries.ChannelRow]
  var outcomes: ReportQueries.Outcomes
  var deflections: ReportQueries.Deflections
  var repeats: [(period: String, repeats: ReportQueries.Repeats)]
  var times: ReportQueries.Times
  var waiting: [ReportQueries.HourRow]

  static func load(
    _ period: ReportPeriod, now: Date, policy: PolicyStore, on db: any Database
  ) async throws
    -> ReportSet
  {
    let trend = period.trailing(trendLength)
    var repeats: [(String, ReportQueries.Repeats)] = []
    for each in trend { repeats.append((each.label, try await ReportQueries.repeats(each, on: db))) }
    return ReportSet(
      period: period, channels: try await ReportQueries.channels(trend, on: db),
      outcomes: try await ReportQueries.outcomes(period, on: db),
      deflections: try await ReportQueries.deflections(period, on: db), repeats: repeats,
      times: try await ReportQueries.times(period, now: now, policy: policy, on: db),
      waiting: try await ReportQueries.waitingThroughDay(period, now: now, policy: policy, on: db))
  }

  func title(_ kind: ReportKind, _ l: Language) -> String {
    switch kind {
    case .channels: l.pick("Zahteve po kanalih in delež portala", "Requests by channel and the portal share")
    case .outcomes: l.pick("Brezplačno, plačljivo, zavrnjeno in glavni razlogi", "Free, paid, refused and top reasons")
    case .deflections: l.pick("Vprašanja, ki so jih rešili predlogi", "Questions answered by suggestions")
    case .repeats: l.pick("Delež ponovljenih vprašanj", "Repeat rate")
    case .times:
      l.pick("Čas do sprejema in do rešitve (ure podpore)", "Time to acceptance and resolution (support hours)")
    case .sla: l.pick("Skladnost s ciljnim časom sprejema", "SLA compliance")
    case .waiting: l.pick("Dolžina čakalne liste čez dan", "Waiting-list length through the day")
    }
  }

  func table(_ kind: ReportKind) -> ReportTable {
    typealias C = ReportTable.Column
    switch kind {
    case .channels:
      return ReportTable(
        columns: [
          C(csv: "period", sl: "Obdobje", en: "Period"), C(csv: "portal", sl: "Portal", en: "Portal"),
          C(csv: "email", sl: "E-pošta", en: "E-mail"), C(csv: "phone", sl: "Telefon", en: "Phone"),
          C(csv: "total", sl: "Skupaj", en: "Total"), C(csv: "portal_share", sl: "Delež portala", en: "Portal share"),
        ],
        rows: channels.map {
          [
            $0.period, String($0.portal), String($0.email), String($0.phone), String($0.total),
            Wording.decimalShare($0.portalShare),
          ]
        })
    case .outcomes:
      let outcomeRows: [[String]] = [
        ["outcome", Outcome.free.rawValue, "brezplačno", String(outcomes.free)],
        ["outcome", Outcome.paid.rawValue, "plačljivo", String(outcomes.paid)],
        ["outcome", Outcome.refused.rawValue, "zavrnjeno", String(outcomes.refused)],
      ]
      return ReportTable(
        columns: [
          C(csv: "category", sl: "Vrsta", en: "Category"), C(csv: "key", sl: "Oznaka", en: "Key"),
          C(csv: "text_sl", sl: "Besedilo", en: "Text (Slovenian)"), C(csv: "requests", sl: "Zahtev", en: "Requests"),
        ],
        rows: outcomeRows
          + outcomes.reasons.map { ["reason", $0.rule.rawValue, $0.rule.slovenianText, String($0.count)] })
    case .deflections:
      return ReportTable(
        columns: [
          C(csv: "title", sl: "Članek ali e-novice", en: "Article or newsletter"),
          C(csv: "deflections", sl: "Rešenih vprašanj", en: "Questions answered"),
        ],
        rows: deflections.items.map { [$0.title, String($0.count)] })
    case .repeats:
      return ReportTable(
        columns: [
          C(csv: "period", sl: "Obdobje", en: "Period"), C(csv: "requests", sl: "Zahtev", en: "Requests"),
          C(csv: "repeats", sl: "Ponovljenih", en: "Repeats"), C(csv: "repeat_rate", sl: "Delež", en: "Rate"),
        ],
        rows: repeats.map {
          [$0.period, String($0.repeats.requests), String($0.repeats.repeats), Wording.decimalShare($0.repeats.rate)]
        })
    case .times:
      func row(_ name: String, _ d: ReportQueries.Durations) -> [String] {
        [name, String(d.count), Wording.decimalHours(seconds: d.median), Wording.decimalHours(seconds: d.p90)]
      }
      return ReportTable(
        columns: [
          C(csv: "measure", sl: "Merilo", en: "Measure"), C(csv: "requests", sl: "Zahtev", en: "Requests"),
          C(csv: "median_hours", sl: "Mediana (ure)", en: "Median (hours)"),
          C(csv: "p90_hours", sl: "P90 (ure)", en: "P90 (hours)"),
        ],
        rows: [row("acceptance", times.acceptance), row("resolution", times.resolution)])
    case .sla:
      return ReportTable(
        columns: [
          C(csv: "channel", sl: "Kanal", en: "Channel"), C(csv: "met", sl: "V roku", en: "Met"),
          C(csv: "breached", sl: "Prekoračeno", en: "Breached"),
          C(csv: "compliance", sl: "Skladnost", en: "Compliance"),
        ],
        rows: times.sla.map {
          [$0.channel.rawValue, String($0.met), String($0.breached), Wording.decimalShare($0.compliance)]
        })
    case .waiting:
      return ReportTable(
        columns: [
          C(csv: "hour", sl: "Ura", en: "Hour"), C(csv: "days", sl: "Delovnih dni", en: "Working days"),
          C(csv: "average", sl: "Povprečje", en: "Average"), C(csv: "maximum", sl: "Največ", en: "Maximum"),
        ],
        rows: waiting.map { [$0.hour, String($0.days), String(format: "%.2f", $0.average), String($0.maximum)] })
    }
  }

  func chart(_ kind: ReportKind, _ w: Wording) -> BarChart {
    let l = w.language
    let title = self.title(kind, l) + " — " + period.title(l)
    switch kind {
    case .channels:
      return BarChart(
        id: "chart-channels", title: title,
        description: l.pick(
          "Delež zahtev, oddanih prek portala, po obdobjih.", "Share of requests filed in the portal, per period."),
        bars: channels.map {
          .init(
            label: $0.period, value: $0.portalShare ?? 0,
            display: w.share($0.portalShare) + " (\($0.portal)/\($0.total))")
        },
        scale: 1)
    case .outcomes:
      let top = outcomes.reasons.prefix(5).map {
        BarChart.Bar(
          label: $0.rule.rawValue, value: Double($0.count), display: String($0.count),
          style: "bar-\($0.rule.outcome.rawValue)")
      }
      return BarChart(
        id: "chart-outcomes", title: title,
        description: l.pick(
          "Zahteve po izidu in najpogostejši razlogi.", "Requests by outcome and the most frequent reasons."),
        bars: [
          .init(
            label: l.pick("brezplačno", "free"), value: Double(outcomes.free), display: String(outcomes.free),
            style: "bar-free"),
          .init(
            label: l.pick("plačljivo", "paid"), value: Double(outcomes.paid), display: String(outcomes.paid),
            style: "bar-paid"),
          .init(
            label: l.pick("zavrnjeno", "refused"), value: Double(outcomes.refused), display: String(outcomes.refused),
            style: "bar-refused"),
        ] + top)
    case .deflections:
      return BarChart(
        id: "chart-deflections", title: title,
        description: l.pick(
          "Kolikokrat je predlagani članek odgovoril na vprašanje.", "How often a suggested item answered the question."
        ),
        bars: deflections.items.prefix(10).map {
          .init(label: String($0.title.prefix(28)), value: Double($0.count), display: String($0.count))
        })
    case .repeats:
      return BarChart(
        id: "chart-repeats", title: title,
        description: l.pick(
          "Delež zahtev, ki ponavljajo prejšnje vprašanje ali napako.",
          "Share of requests that repeat an earlier question or error."),
        bars: repeats.map {
          .init(label: $0.period, value: $0.repeats.rate ?? 0, display: w.share($0.repeats.rate))
        },
        scale: 1)
    case .times:
      return BarChart(
        id: "chart-times", title: title,
        description: l.pick("Mediana in 90. percentil v urah podpore.", "Median and 90th percentile in support hours."),
        bars: [
          .init(
            label: l.pick("sprejem, mediana", "acceptance, median"), value: Double(times.acceptance.median ?? 0),
            display: w.duration(seconds: times.acceptance.median)),
          .init(
            label: l.pick("sprejem, p90", "acceptance, p90"), value: Double(times.acceptance.p90 ?? 0),
            display: w.duration(seconds: times.acceptance.p90)),
          .init(
            label: l.pick("rešitev, mediana", "resolution, median"), value: Double(times.resolution.median ?? 0),
            display: w.duration(seconds: times.resolution.median), style: "bar-alt"),
          .init(
            label: l.pick("rešitev, p90", "resolution, p90"), value: Double(times.resolution.p90 ?? 0),
            display: w.duration(seconds: times.resolution.p90), style: "bar-alt"),
        ])
    case .sla:
      return BarChart(
        id: "chart-sla", title: title,
        description: l.pick(
          "Delež zahtev, sprejetih v ciljnem času, po kanalih.",
          "Share of requests accepted within the target, per channel."),
        bars: times.sla.map {
          .init(
            label: $0.channel.label(in: l), value: $0.compliance ?? 0,
            display: w.share($0.compliance) + " (\($0.met)/\($0.met + $0.breached))")
        },
        scale: 1)
    case .waiting:
      return BarChart(
        id: "chart-waiting", title: title,
        description: l.pick(
          "Povprečno število zahtev na čakalni listi ob vsaki uri podpore.",
          "Average number of requests waiting at each support hour."),
        bars: waiting.map { .init(label: $0.hour, value: $0.average, display: String(format: "%.1f", $0.average)) })
    }
  }
}
