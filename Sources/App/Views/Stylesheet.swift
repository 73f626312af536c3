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
    /* Portal (issue 4) */
    .visually-hidden { position:absolute !important; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0);
      white-space:nowrap; }
    .portal-page h1 { line-height:1.25; overflow-wrap:anywhere; }
    .portal-page .breadcrumbs { margin:.25rem 0 0; }
    .portal-page .lead { font-size:1.05rem; }
    .portal-page .small { font-size:.85rem; }
    .portal-page .page-head { display:flex; flex-wrap:wrap; gap:.5rem 1rem; align-items:center; justify-content:space-between; }
    .portal-page .page-head h1 { margin:.5rem 0; }
    .portal-page .subtitle { font-weight:400; color:var(--muted); font-size:1rem; }
    .portal-page fieldset { border:1px solid var(--line); border-radius:.4rem; margin:1rem 0 0; padding:.25rem .75rem .6rem; min-width:0; }
    .portal-page legend { font-weight:600; padding:0 .25rem; }
    .portal-page .choice { display:flex; gap:.5rem; align-items:flex-start; margin:.45rem 0; }
    .portal-page .choice input, .portal-page .confirm input, .portal-page .pending input[type=checkbox] { width:1.15rem; height:1.15rem; margin:.2rem 0 0; flex:none; }
    .portal-page .choice label { margin:0; font-weight:500; }
    .portal-page .hint { display:block; color:var(--muted); font-weight:400; font-size:.9rem; margin:.1rem 0 .3rem; }
    .portal-page label.inline { display:inline; font-weight:500; margin:0; }
    .portal-page textarea { resize:vertical; font:inherit; }
    .portal-page input[type=file] { width:100%; padding:.45rem; border:1px dashed #8c959f; border-radius:.3rem; font:inherit; }
    .portal-page .field-error { color:var(--bad); font-weight:600; margin:.25rem 0; }
    .portal-page [aria-invalid=true] { border-color:var(--bad) !important; box-shadow:0 0 0 1px var(--bad); }
    .portal-page .error-summary { border:2px solid var(--bad); border-radius:.4rem; padding:.25rem 1rem; margin:0; }
    .portal-page .error-summary ul { margin:.25rem 0 .5rem; padding-left:1.25rem; }
    .portal-page .new-request { display:grid; gap:1rem 2rem; grid-template-columns:minmax(0,1fr);
      grid-template-areas:"summary" "fields" "live" "submit"; margin-top:1rem; }
    .portal-page .new-request > .error-summary { grid-area:summary; }
    .portal-page .request-fields { grid-area:fields; } .portal-page .live-panel { grid-area:live; } .portal-page .submit-area { grid-area:submit; }
    .portal-page .request-fields > label:first-child { margin-top:0; }
    .portal-page .live-panel { background:var(--soft); border:1px solid var(--line); border-radius:.5rem; padding:.25rem 1rem .75rem; }
    .portal-page .live-panel h2 { font-size:1.1rem; margin:.75rem 0 .35rem; }
    .portal-page .live-panel > p:first-child { margin:.75rem 0 0; }
    .portal-page .new-request[aria-busy=true] .live-panel { opacity:.85; }
    @media (min-width: 860px) {
      main:has(.new-request) { max-width:72rem; }
      .portal-page .new-request { grid-template-columns:minmax(0,3fr) minmax(0,2fr);
        grid-template-areas:"summary summary" "fields live" "submit live"; }
      .portal-page .live-panel { align-self:start; position:sticky; top:1rem; }
    }
    .portal-page .verdict { border-left:5px solid var(--line); padding:.35rem .75rem; background:var(--bg);
      border-radius:.3rem; margin:0; }
    .portal-page .verdict p { margin:.35rem 0; }
    .portal-page .verdict-free { border-left-color:var(--ok); } .portal-page .verdict-paid { border-left-color:#bf8700; }
    .portal-page .verdict-refused { border-left-color:var(--bad); }
    .portal-page .verdict .reasons, .portal-page .verdict .advice ul { margin:.25rem 0; padding-left:1.25rem; }
    .portal-page .verdict .rates { background:#fff8c5; border-radius:.3rem; padding:.1rem .5rem; }
    .badge.outcome-free, .badge.status-resolved { background:#dafbe1; border-color:#8ddb9c; color:#116329; }
    .badge.outcome-paid, .badge.status-in_progress { background:#fff8c5; border-color:#d4a72c; color:#4d2d00; }
    .badge.outcome-refused, .badge.status-refused { background:#ffebe9; border-color:#ff8182; color:#82071e; }
    .badge.status-waiting { background:#ddf4ff; border-color:#80ccff; color:#0a3069; }
    .badge.status-waiting_for_customer { background:#fbefff; border-color:#d8b9ff; color:#512a97; }
    .badge.status-closed { background:#eaeef2; border-color:#d0d7de; color:#424a53; }
    .badge { white-space:nowrap; }
    .portal-page .suggestion-list { list-style:none; padding:0; margin:0; }
    .portal-page .suggestion { background:var(--bg); border:1px solid var(--line); border-radius:.4rem; padding:.5rem .75rem; margin:.5rem 0; }
    .portal-page .suggestion .kind { display:block; font-size:.75rem; text-transform:uppercase; letter-spacing:.05em; color:var(--muted); }
    .portal-page .suggestion a { font-weight:600; }
    .portal-page .suggestion .excerpt { margin:.25rem 0 .5rem; font-size:.9rem; color:var(--muted); }
    .portal-page .button.small { padding:.35rem .6rem; font-size:.9rem; }
    .portal-page .confirm { display:flex; gap:.5rem; align-items:flex-start; flex-wrap:wrap; background:#fff8c5;
      border:1px solid #d4a72c; border-radius:.4rem; padding:.6rem .75rem; margin:.5rem 0; }
    .portal-page .confirm label { flex:1 1 12rem; }
    .portal-page .confirm .field-error { flex-basis:100%; }
    [hidden] { display:none !important; }
    .portal-page .pending ul { list-style:none; padding:0; margin:.25rem 0; } .portal-page .pending li { display:flex; gap:.5rem; align-items:flex-start; }
    .portal-page .filters { display:flex; flex-wrap:wrap; gap:.5rem 1rem; align-items:flex-end; margin:1rem 0 .5rem; }
    .portal-page .filters .filter label { margin-top:0; }
    .portal-page .filters .grow { flex:1 1 14rem; }
    .portal-page .filters select { width:auto; min-width:11rem; }
    .portal-page table.requests td.subject { min-width:12rem; overflow-wrap:anywhere; }
    .portal-page table.requests th, .portal-page table.requests td.nowrap, .portal-page table.requests time { white-space:nowrap; }
    main:has(table.requests) { max-width:72rem; }
    .portal-page .pagination { display:flex; gap:1rem; justify-content:center; margin:1rem 0; }
    nav.months { display:flex; gap:1rem; margin:1rem 0; }
    .charges td.amount, .charges tfoot td { white-space:nowrap; }
    @media (max-width: 640px) {
      .portal-page table.requests thead { position:absolute; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0); }
      .portal-page table.requests, .portal-page table.requests tbody, .portal-page table.requests tr, .portal-page table.requests td { display:block; width:100%; }
      .portal-page table.requests tr { border:1px solid var(--line); border-radius:.5rem; margin:.75rem 0; padding:.35rem .75rem; }
      .portal-page table.requests td { border:none; display:grid; grid-template-columns:8.5rem minmax(0,1fr); gap:.5rem; padding:.2rem 0; }
      .portal-page table.requests td::before { content:attr(data-label); font-weight:600; color:var(--muted); }
      .portal-page table.requests td > * { justify-self:start; }
      .portal-page table.requests td.subject { min-width:0; }
      .portal-page .filters select { width:100%; } .portal-page .filters .filter { flex:1 1 100%; }
    }
    .portal-page .request-number { margin:.75rem 0 0; color:var(--muted); }
    .portal-page .request-number strong { color:var(--fg); }
    .portal-page .request-head h1 { margin:.25rem 0 .75rem; }
    .portal-page .waiting-box { border:2px solid var(--accent); border-radius:.5rem; padding:.25rem 1rem; background:#f0f7ff; margin:1rem 0; }
    .portal-page .waiting-box h2 { margin:.5rem 0 .25rem; font-size:1.1rem; }
    .portal-page .waiting-box p { margin:.35rem 0; }
    .portal-page .position .big { font-size:2rem; font-weight:700; color:var(--accent); line-height:1; }
    .portal-page .facts { display:grid; grid-template-columns:max-content minmax(0,1fr); gap:.25rem 1rem; margin:1rem 0; }
    .portal-page .facts dt { font-weight:600; color:var(--muted); } .portal-page .facts dd { margin:0; }
    .portal-page section > h2 { font-size:1.25rem; margin:1.5rem 0 .5rem; }
    .portal-page .timeline { list-style:none; padding:0 0 0 1.25rem; border-left:3px solid var(--line); margin:.5rem 0 1rem .5rem; }
    .portal-page .timeline .event { position:relative; margin:0 0 .9rem; }
    .portal-page .timeline .event::before { content:""; position:absolute; left:calc(-1.25rem - .55rem - 1.5px); top:.3rem; width:.8rem;
      height:.8rem; border-radius:50%; background:var(--bg); border:3px solid var(--accent); }
    .portal-page .timeline .event.current::before { background:var(--accent); }
    .portal-page .timeline time { font-size:.85rem; color:var(--muted); }
    .portal-page .event-title { margin:0; font-weight:600; } .portal-page .event-detail { margin:.1rem 0 0; overflow-wrap:anywhere; }
    .portal-page .conversation { list-style:none; padding:0; }
    .portal-page .message { background:var(--bg); white-space:normal; border:1px solid var(--line); border-radius:.5rem; padding:.5rem .75rem; margin:.6rem 0; }
    .portal-page .message.customer { background:var(--soft); }
    .portal-page .message.support { border-left:4px solid var(--accent); }
    .portal-page .message-meta { margin:0 0 .25rem; font-size:.9rem; }
    .portal-page .message-body { white-space:pre-wrap; overflow-wrap:anywhere; }
    .portal-page .files { margin:.5rem 0 0; padding-left:1.25rem; } .portal-page .files a { overflow-wrap:anywhere; }
    .portal-page .reply.closed { background:var(--soft); padding:.5rem 1rem; border-radius:.5rem; margin-top:1.5rem; }
    .portal-page .policy-rules { padding-left:1.25rem; } .portal-page .policy-rules li { margin:.6rem 0; } .portal-page .policy-rules p { margin:.1rem 0; }
    .portal-page .rule-id { font-size:.8rem; color:var(--muted); } .portal-page .advice-line { color:var(--muted); }
    .portal-page table.prices { max-width:36rem; }
    .booking.card { border:1px solid var(--line); border-radius:.5rem; padding:.5rem 1rem; margin:.75rem 0; }
    .onboarding-page form.stacked, .onboarding-page table { max-width:48rem; }
    table.bookings, table.colleagues, .bookings-page table.data { display:block; overflow-x:auto; }
    table.bookings td, table.colleagues td, .booking.card { overflow-wrap:anywhere; }
    .booking.card form.inline input[type=text] { min-width:0; max-width:100%; }
    /* Back office and reports (issue 8) */
    .backoffice .record { border:1px solid var(--line); border-radius:.4rem; padding:.25rem .75rem; }
    .backoffice form.grid { display:grid; grid-template-columns:repeat(auto-fill, minmax(14rem, 1fr)); gap:.5rem 1rem;
      align-items:end; }
    .backoffice form.grid label { display:block; font-weight:600; }
    .backoffice form.grid .check label { display:inline; font-weight:400; }
    .backoffice form.grid input:not([type=checkbox]), .backoffice form.grid select { width:100%; box-sizing:border-box; }
    .backoffice form.grid input[type=tel], .backoffice form.grid input[type=date],
    .backoffice form.grid input[type=datetime-local] { padding:.5rem; border:1px solid #8c959f; border-radius:.3rem;
      font:inherit; }
    .backoffice .inactive { color:var(--muted); text-decoration:line-through; }
    .report { border-top:1px solid var(--line); margin-top:1.5rem; }
    .report-body { display:grid; grid-template-columns:minmax(0, 3fr) minmax(0, 2fr); gap:1rem; align-items:start; }
    @media (max-width: 900px) { .report-body { grid-template-columns:1fr; } }
    svg.chart { width:100%; height:auto; max-width:40rem; font-size:13px; }
    svg.chart .chart-label, svg.chart .chart-value, svg.chart .chart-empty { fill:var(--fg); }
    svg.chart .bar { fill:var(--accent); } svg.chart .bar-alt { fill:#6e40c9; }
    svg.chart .bar-paid { fill:var(--warn); } svg.chart .bar-refused { fill:var(--bad); }
    svg.chart .bar-free { fill:var(--ok); }
    """
}
