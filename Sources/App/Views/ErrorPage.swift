import Foundation
import Plot
import Vapor

enum ErrorPage {
  struct Model {
    var language: Language
    var status: HTTPResponseStatus
    var detail: String
  }

  static func render(_ model: Model) -> String {
    let l = model.language
    return Layout(title: "\(model.status.code)", language: l).render(
      .div(
        .h1(.text("\(model.status.code) \(model.status.reasonPhrase)")),
        .p(.text(model.detail)),
        .p(.a(.href(SiteURL.home.path), .text(l.pick("Na začetno stran", "To the home page"))))
      ))
  }
}
