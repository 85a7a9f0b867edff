/** The dashboard's styles: system fonts, light and dark by `prefers-color-scheme`. */
export const dashboardCss = `:root {
  --bg: #fafafa; --fg: #1b1b1f; --muted: #5f6368; --line: #dcdce0; --panel: #ffffff;
  --ok: #1a7f37; --err: #c62828; --warn: #9a6700; --accent: #3558d6;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root { --bg: #131417; --fg: #e6e6ea; --muted: #a0a4ab; --line: #33363d; --panel: #1b1d22;
    --ok: #4ac26b; --err: #ff7b72; --warn: #d29922; --accent: #8ab4ff; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 20px; padding: 12px 20px; border-bottom: 1px solid var(--line); background: var(--panel); }
h1 { font-size: 18px; margin: 0; }
h2 { font-size: 15px; margin: 0 0 8px; }
main { padding: 12px 20px 24px; display: grid; gap: 20px; }
section { min-width: 0; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 20px; }
.stats { display: flex; flex-wrap: wrap; gap: 4px 20px; margin: 0; }
.stats div { display: flex; gap: 6px; align-items: baseline; }
.stats dt { color: var(--muted); font-size: 12px; }
.stats dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
.badge { font-size: 12px; padding: 2px 8px; border-radius: 10px; border: 1px solid var(--line); color: var(--muted); }
.badge[data-state="live"] { color: var(--ok); border-color: var(--ok); }
.badge[data-state="down"] { color: var(--err); border-color: var(--err); }
.scroll { overflow-x: auto; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; }
.scroll { max-height: 480px; overflow-y: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { padding: 4px 8px; text-align: left; border-bottom: 1px solid var(--line); white-space: nowrap; vertical-align: top; }
th { position: sticky; top: 0; background: var(--panel); color: var(--muted); font-weight: 600; font-size: 12px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.wrap { white-space: normal; overflow-wrap: anywhere; min-width: 200px; }
/* Model names come from clients and can be long: wrap them instead of pushing the numbers out of view. */
td.name { white-space: normal; overflow-wrap: anywhere; min-width: 120px; max-width: 320px; }
tr:last-child td { border-bottom: none; }
.ok { color: var(--ok); }
.err { color: var(--err); }
.muted { color: var(--muted); }
.empty { color: var(--muted); margin: 6px 0 0; }
.empty[hidden] { display: none; }
`;
