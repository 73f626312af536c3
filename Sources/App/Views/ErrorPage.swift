import Foundation
import Plot
import Vapor
import Wording

enum ErrorPage {
  struct Model {
    var wording: Wording
    var status: HTTPResponseStatus
    var detail: String
  }

  static func render(_ model: Model) -> String {
    let (w, l) = (model.wording, model.wording.language)
    return Layout(title: "\(model.status.code)", wording: w).render(
      .div(
        .h1(.text("\(model.status.code) \(model.status.reasonPhrase)")),
        .p(.text(model.detail)),
        .p(.a(.href(SiteURL.home.path), .text(l.pick("Na začetno stran", "To the home page"))))
      ))
  }
}
