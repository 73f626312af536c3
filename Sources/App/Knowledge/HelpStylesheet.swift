/// Styles of the help site, the search results and the knowledge editors; served after `Stylesheet.css` in
/// the one stylesheet. Readable at 390 px: rows wrap, nothing has a fixed width.
enum HelpStylesheet {
  static let css = """
    .small { font-size: .875rem; }
    .search-form, .subscribe-form { margin: 1rem 0; }
    .search-row { display:flex; flex-wrap:wrap; gap:.5rem; align-items:stretch; }
    .search-row input { flex: 1 1 14rem; min-width: 0; }
    .link-list, .card-list, .results { padding-left: 1.25rem; }
    .link-list li, .results li { margin: .35rem 0; }
    .card-list { list-style:none; padding:0; display:grid; gap:.5rem; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); }
    .card-list a { display:block; padding:.75rem; border:1px solid var(--line); border-radius:.4rem; text-decoration:none; }
    .results .badge { margin-left:.5rem; }
    .snippet { margin:.25rem 0 0; color: var(--muted); overflow-wrap:anywhere; }
    mark { background:#fff3bf; color: inherit; padding: 0 .1rem; }
    .prose { overflow-wrap:anywhere; }
    .prose pre { overflow-x:auto; background: var(--soft); padding:.75rem; }
    .prose blockquote { margin:1rem 0; padding:.25rem 1rem; border-left:4px solid var(--line); color: var(--muted); }
    .prose img { max-width:100%; height:auto; }
    .breadcrumbs ol { list-style:none; padding:0; margin:0 0 .5rem; display:flex; flex-wrap:wrap; gap:.25rem; font-size:.875rem; }
    .breadcrumbs li + li::before { content:"›"; margin-right:.25rem; color: var(--muted); }
    .tags .badge { margin-right:.25rem; text-decoration:none; }
    .tip { border-bottom:1px solid var(--line); padding-bottom:.5rem; }
    .pager { display:flex; justify-content:space-between; gap:1rem; margin-top:1rem; }
    .error-summary { border:2px solid var(--bad); padding:.5rem 1rem; margin:1rem 0; }
    .error-summary h2 { font-size:1.1rem; margin:.25rem 0; }
    .preview { border:1px dashed var(--line); padding:0 1rem; margin-top:1.5rem; }
    label.inline { display:inline; margin-left:.4rem; }
    input[type=datetime-local] { padding:.5rem; border:1px solid #8c959f; border-radius:.3rem; font:inherit; }
    textarea { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
    """
}
