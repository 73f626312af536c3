import SupportPolicy

/// The one language type is SupportPolicy's. The alias keeps the name unambiguous in views, which also import Plot
/// (Plot's `Language` is the value of an HTML `lang` attribute).
typealias Language = SupportPolicy.Language
