import Fluent
import Vapor

/// Every route the app serves, in one list.
func routes(_ app: Application) throws {
  let system = SystemController()
  app.get(SiteURL.home.pathComponents.map(PathComponent.init(stringLiteral:)), use: system.home)
  app.get("healthz", use: system.health)
  app.get("metrics", use: system.metrics)
  app.get("static", "podpora.css", use: system.stylesheet)
  app.get("language", ":code", use: system.switchLanguage)
}
