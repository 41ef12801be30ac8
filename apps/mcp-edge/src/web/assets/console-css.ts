/**
 * The console's only stylesheet, served from /ui/assets (the CSP allows no inline style
 * and nothing from elsewhere). Plain CSS: system fonts, a layout that folds to one column
 * at phone widths, and a focus ring on everything a keyboard reaches.
 */
export const CONSOLE_CSS = `
:root { --fg: #1b1f24; --muted: #57606a; --bg: #ffffff; --panel: #f6f8fa; --line: #d0d7de;
  --accent: #0b5cad; --good: #1a7f37; --warn: #9a6700; --bad: #cf222e; --focus: #fb8500; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --muted: #9da7b3; --bg: #0d1117; --panel: #161b22; --line: #30363d;
    --accent: #58a6ff; --good: #3fb950; --warn: #d29922; --bad: #f85149; }
}
* { box-sizing: border-box; }
html { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
body { margin: 0; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: var(--bg); padding: .5rem 1rem; z-index: 2; }
.skip:focus { left: .5rem; }
.top { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; padding: .6rem 1rem; background: var(--panel); border-bottom: 1px solid var(--line); }
.brand { font-weight: 700; text-decoration: none; color: var(--fg); }
.top nav ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; margin: 0; padding: 0; }
.top nav a { text-decoration: none; padding: .2rem .1rem; }
.top nav a[aria-current="page"] { font-weight: 700; border-bottom: 3px solid var(--accent); }
.who { margin-left: auto; display: flex; gap: .6rem; align-items: center; color: var(--muted); }
main { padding: 1rem; max-width: 1200px; margin: 0 auto; }
main:focus { outline: none; }
main.bare { max-width: 28rem; margin-top: 8vh; }
h1 { font-size: 1.5rem; margin: .3rem 0 1rem; }
h2 { font-size: 1.15rem; margin: 1.6rem 0 .6rem; }
h3 { font-size: 1rem; margin: 0 0 .5rem; overflow-wrap: anywhere; }
.muted, .help { color: var(--muted); }
.help { font-size: .9rem; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
pre.plan, pre.command { background: var(--panel); border: 1px solid var(--line); padding: .75rem; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
details > summary { cursor: pointer; margin: .5rem 0; }
.notice { padding: .6rem .8rem; border-radius: 6px; border: 1px solid var(--line); overflow-wrap: anywhere; }
.notice-ok { border-color: var(--good); }
.notice-error { border-color: var(--bad); }
.badge { display: inline-block; padding: 0 .45rem; border-radius: 999px; border: 1px solid currentColor; font-size: .85em; white-space: nowrap; }
.badge-good { color: var(--good); } .badge-warn { color: var(--warn); } .badge-bad { color: var(--bad); } .badge-neutral { color: var(--muted); }
.tag { display: inline-block; background: var(--panel); border: 1px solid var(--line); border-radius: 4px; padding: 0 .3rem; font-size: .85em; overflow-wrap: anywhere; }
.cards, .list { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fill, minmax(min(100%, 22rem), 1fr)); }
.card { border: 1px solid var(--line); border-radius: 8px; padding: .9rem; background: var(--panel); overflow-wrap: anywhere; }
.stats { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; padding: 0; }
.stats li { border: 1px solid var(--line); border-radius: 8px; padding: .6rem 1rem; display: flex; gap: .8rem; align-items: baseline; }
.stats strong { font-size: 1.4rem; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 14rem), 1fr)); gap: .4rem 1rem; margin: .5rem 0; }
.facts dt { color: var(--muted); font-size: .85rem; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; color: var(--muted); padding: .3rem 0; }
th, td { text-align: left; vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid var(--line); }
thead th { font-size: .85rem; color: var(--muted); }
td.wrap { overflow-wrap: anywhere; word-break: break-word; }
form.filters { display: flex; flex-wrap: wrap; gap: .6rem 1rem; align-items: flex-end; margin-bottom: 1rem; }
label { display: block; font-size: .9rem; margin-bottom: .2rem; }
label.check { display: inline-flex; gap: .3rem; margin-right: 1rem; }
input, select, button { font: inherit; color: inherit; }
input:not([type="checkbox"]), select { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: .35rem .5rem; min-width: 10rem; max-width: 100%; }
.token-form > div, .sign-in form > * { margin-bottom: .7rem; }
.token-form input:not([type="checkbox"]), .sign-in input, .secret-value { width: 100%; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 .7rem; }
button { background: var(--accent); color: #fff; border: 0; border-radius: 6px; padding: .4rem .9rem; cursor: pointer; min-height: 2.2rem; }
button.secondary { background: transparent; color: var(--fg); border: 1px solid var(--line); }
.decide .buttons, .buttons { display: flex; gap: .6rem; margin-top: .4rem; }
.pager { display: flex; gap: 1.5rem; margin: 1rem 0; }
.timeline { padding-left: 1.2rem; }
.timeline li { margin-bottom: .3rem; overflow-wrap: anywhere; }
@media (max-width: 640px) {
  .who { margin-left: 0; width: 100%; justify-content: space-between; }
  main { padding: .75rem; }
  th, td { padding: .35rem .3rem; }
  table.guests td:nth-child(6), table.guests th:nth-child(6), table.guests td:nth-child(7), table.guests th:nth-child(7) { display: none; }
}
`;
