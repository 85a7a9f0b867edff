/**
 * The dashboard page: a fixed HTML shell with no data in it (the script fills it from the event
 * stream), so nothing a client sent can reach the markup. Script and styles are separate routes
 * (`dashboard-script.ts`, `dashboard-styles.ts`) so the CSP can forbid every inline script.
 */
export const dashboardHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>claude-proxy dashboard</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/dashboard/app.css">
<script src="/dashboard/app.js" defer></script>
</head>
<body>
<header>
  <h1>claude-proxy</h1>
  <span id="connection" class="badge" data-state="connecting">connecting…</span>
  <dl class="stats">
    <div><dt>open requests</dt><dd id="open-requests">–</dd></div>
    <div><dt>requests</dt><dd id="total-requests">–</dd></div>
    <div><dt>errors</dt><dd id="total-errors">–</dd></div>
    <div><dt>tokens in / out</dt><dd id="total-tokens">–</dd></div>
    <div><dt>cost</dt><dd id="total-cost">–</dd></div>
    <div><dt>since</dt><dd id="since">–</dd></div>
  </dl>
</header>
<main>
<section>
  <h2>Recent requests</h2>
  <div class="scroll"><table id="recent">
    <thead><tr><th>time</th><th>client</th><th>route</th><th>backend / model</th><th>status</th><th class="num">tokens in / out</th><th class="num">ttfb</th><th class="num">total</th><th class="num">cost</th></tr></thead>
    <tbody></tbody>
  </table></div>
  <p class="empty" id="recent-empty">No requests yet.</p>
</section>
<div class="columns">
<section>
  <h2>Per model</h2>
  <div class="scroll"><table id="by-model"><thead><tr><th>model</th><th class="num">requests</th><th class="num">errors</th><th class="num">tokens in / out</th><th class="num">avg total</th><th class="num">cost</th></tr></thead><tbody></tbody></table></div>
</section>
<section>
  <h2>Per backend</h2>
  <div class="scroll"><table id="by-backend"><thead><tr><th>backend</th><th class="num">requests</th><th class="num">errors</th><th class="num">tokens in / out</th><th class="num">avg total</th><th class="num">cost</th></tr></thead><tbody></tbody></table></div>
</section>
</div>
<div class="columns">
<section>
  <h2>Errors</h2>
  <div class="scroll"><table id="errors"><thead><tr><th>time</th><th>status</th><th>request</th><th>model</th><th>error</th></tr></thead><tbody></tbody></table></div>
  <p class="empty" id="errors-empty">No errors.</p>
</section>
<section>
  <h2>Active routes</h2>
  <div class="scroll"><table id="routes"><thead><tr><th>route</th><th>targets, in order</th><th>when / from</th></tr></thead><tbody></tbody></table></div>
</section>
</div>
</main>
</body>
</html>
`;
