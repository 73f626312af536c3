/// The app's only stylesheet, compiled into the binary so a deployment is one file and no CDN is needed.
enum Stylesheet {
  static let css = """
    :root { --fg:#1b1f24; --muted:#57606a; --bg:#ffffff; --accent:#0b5cad; --accent-fg:#ffffff; --line:#d0d7de;
      --ok:#1a7f37; --warn:#9a6700; --bad:#cf222e; --soft:#f6f8fa; }
    * { box-sizing: border-box; }
    body { margin:0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--fg);
      background:var(--bg); }
    a { color: var(--accent); }
    :focus-visible { outline: 3px solid #f2a900; outline-offset: 2px; }
    .skip-link { position:absolute; left:-999px; top:0; background:var(--accent); color:var(--accent-fg); padding:.5rem; }
    .skip-link:focus { left: 0; }
    .site-header { display:flex; flex-wrap:wrap; gap:1rem; align-items:center; justify-content:space-between;
      padding:.75rem 1rem; border-bottom:1px solid var(--line); }
    .site-header nav { display:flex; flex-wrap:wrap; gap:1rem; }
    .brand { font-weight:700; font-size:1.25rem; text-decoration:none; color:var(--fg); }
    main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
    .site-footer { border-top:1px solid var(--line); padding:1rem; color:var(--muted); text-align:center; }
    .hero h1 { font-size: clamp(1.5rem, 4vw, 2.25rem); }
    .button { display:inline-block; padding:.6rem 1rem; border:1px solid var(--accent); border-radius:.4rem;
      text-decoration:none; font-weight:600; background:var(--bg); color:var(--accent); cursor:pointer; font-size:1rem; }
    .button.primary { background:var(--accent); color:var(--accent-fg); }
    .muted { color: var(--muted); }
    label { display:block; font-weight:600; margin-top:.75rem; }
    input[type=text], input[type=email], input[type=password], input[type=search], textarea, select {
      width:100%; padding:.5rem; border:1px solid #8c959f; border-radius:.3rem; font:inherit; }
    table { border-collapse: collapse; width:100%; }
    th, td { text-align:left; padding:.4rem .5rem; border-bottom:1px solid var(--line); vertical-align:top; }
    .badge { display:inline-block; padding:.1rem .5rem; border-radius:1rem; font-size:.85rem; background:var(--soft);
      border:1px solid var(--line); }
    .outcome-free { color: var(--ok); } .outcome-paid { color: var(--warn); } .outcome-refused { color: var(--bad); }
    .error { color: var(--bad); font-weight:600; }
    .notice { background: var(--soft); border-left: 4px solid var(--accent); padding: .5rem .75rem; }
    .narrow { max-width: 28rem; }
    .sign-out { display:inline; margin:0; } .sign-out .who { color: var(--muted); }
    .link-button { background:none; border:none; padding:0; color:var(--accent); text-decoration:underline;
      font:inherit; cursor:pointer; }
    @media (max-width: 480px) { main { padding:.75rem; } .site-header { padding:.5rem .75rem; } }
    /* Agent workspace */
    main:has(.workspace) { max-width: 80rem; }
    .subnav { display:flex; flex-wrap:wrap; gap:1rem; padding:.25rem 0 .5rem; border-bottom:1px solid var(--line); }
    .toolbar { display:flex; flex-wrap:wrap; gap:.75rem; align-items:flex-end; margin:.75rem 0; }
    form.inline { display:inline-flex; flex-wrap:wrap; gap:.5rem; align-items:flex-end; margin:.25rem 0; }
    form.inline label { margin-top:0; }
    form.inline select, form.inline input { width:auto; }
    .filters { display:flex; flex-wrap:wrap; gap:.75rem; align-items:flex-end; margin:.75rem 0; }
    .filters label { margin-top:0; }
    .timer-bar, .verdict { background:var(--soft); border-left:4px solid var(--warn); padding:.5rem .75rem; margin:.5rem 0; }
    .table-scroll { overflow-x:auto; }
    tr.breached { background:#fff1f0; }
    .breach { color:var(--bad); }
    .columns { display:grid; grid-template-columns: minmax(0,2fr) minmax(0,1fr); gap:1.5rem; }
    @media (max-width: 900px) { .columns { grid-template-columns: minmax(0,1fr); } }
    .check { display:flex; gap:.5rem; align-items:center; margin-top:.5rem; }
    .check label { margin:0; font-weight:400; }
    ul.plain { list-style:none; padding:0; } ul.plain > li { padding:.35rem 0; border-bottom:1px solid var(--line); }
    ol.timeline { padding-left:1.25rem; } ol.timeline li { margin:.4rem 0; }
    ol.timeline li.internal { background:#fffbe6; }
    .timeline .detail, .message { white-space:pre-wrap; }
    .message { background:var(--soft); padding:.5rem .75rem; border-radius:.3rem; }
    details { margin:.5rem 0; } summary { cursor:pointer; font-weight:600; }
    meter { width:12rem; height:1.25rem; vertical-align:middle; }
    dl.facts { display:grid; grid-template-columns:max-content 1fr; gap:.25rem 1rem; }
    dl.facts dd { margin:0; }
    .rules code, .linked code, .candidates code { font-size:.85rem; }
    @media (max-width: 600px) {
      table.cards thead { display:none; }
      table.cards tr { display:block; border-bottom:2px solid var(--line); padding:.25rem 0; }
      table.cards td { display:block; border:none; padding:.1rem .25rem; }
      table.cards td[data-label]::before { content: attr(data-label) ": "; font-weight:600; }
      table.cards caption { text-align:left; }
    }
    """
}
