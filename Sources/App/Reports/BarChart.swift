import Foundation

/// A horizontal bar chart as inline SVG markup, made on the server: no script, no inline styles (the CSP forbids
/// them; colours come from classes in the compiled stylesheet), a `<title>` and `<desc>` for screen readers, and the
/// same numbers in a table beside it on the page.
struct BarChart: Sendable {
  struct Bar: Sendable, Equatable {
    var label: String
    var value: Double
    /// What is written at the end of the bar, e.g. `42 %` or `3 h 10 min`.
    var display: String
    /// A class from the stylesheet that colours the bar (`bar`, `bar-paid`, …).
    var style: String = "bar"
  }

  var id: String
  var title: String
  var description: String
  var bars: [Bar]
  /// The value a full-width bar stands for; the largest value when nil.
  var scale: Double? = nil

  static let width = 640.0
  static let labelWidth = 250.0
  static let rowHeight = 28.0

  var svg: String {
    let height = max(1, Double(bars.count)) * Self.rowHeight + 8
    let maximum = max(scale ?? bars.map(\.value).max() ?? 0, 0.000_001)
    let room = Self.width - Self.labelWidth - 90
    var parts: [String] = [
      #"<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="\#(HTMLText.escape(id))" role="img" "#
        + #"viewBox="0 0 \#(Self.number(Self.width)) \#(Self.number(height))" "#
        + #"aria-labelledby="\#(HTMLText.escape(id))-title \#(HTMLText.escape(id))-desc">"#,
      #"<title id="\#(HTMLText.escape(id))-title">\#(HTMLText.escape(title))</title>"#,
      #"<desc id="\#(HTMLText.escape(id))-desc">\#(HTMLText.escape(description))</desc>"#,
    ]
    if bars.isEmpty {
      parts.append(#"<text class="chart-empty" x="0" y="20">—</text>"#)
    }
    for (index, bar) in bars.enumerated() {
      let y = Double(index) * Self.rowHeight + 4
      let length = max(0, bar.value) / maximum * room
      parts.append(
        #"<g class="chart-row"><text class="chart-label" x="\#(Self.number(Self.labelWidth - 8))" "#
          + #"y="\#(Self.number(y + 15))" text-anchor="end">\#(HTMLText.escape(bar.label))</text>"#
          + #"<rect class="\#(HTMLText.escape(bar.style))" x="\#(Self.number(Self.labelWidth))" y="\#(Self.number(y))" "#
          + #"width="\#(Self.number(length))" height="\#(Self.number(Self.rowHeight - 8))"></rect>"#
          + #"<text class="chart-value" x="\#(Self.number(Self.labelWidth + length + 6))" "#
          + #"y="\#(Self.number(y + 15))">\#(HTMLText.escape(bar.display))</text></g>"#)
    }
    parts.append("</svg>")
    return parts.joined()
  }

  static func number(_ value: Double) -> String {
    String(format: "%.1f", value)
  }

}
