// The smallest text a reader sees, HTML and SVG alike: what tests/e2e/run.mjs checks against the
// floors (12 CSS px, 20 in the presenter layout). Exported for the test; run alone it prints the
// smallest pieces of text of every chapter at each width, for looking at.
/** Runs in the page: every visible piece of text with its rendered size in CSS px. */
export function measureText() {
  const out = [];
  const visible = (el) => {
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      const cs = getComputedStyle(n);
      if (cs.display === 'none' || cs.visibility === 'hidden' || Number(cs.opacity) === 0) return false;
      if (n.tagName === 'DETAILS' && !n.open && n !== el.closest('summary')?.parentElement) return false;
    }
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    if (!t.textContent.trim()) continue;
    const el = t.parentElement;
    if (!el || seen.has(el) || ['SCRIPT', 'STYLE', 'TITLE', 'OPTION'].includes(el.tagName)) continue;
    seen.add(el);
    if (el.closest('.visually-hidden, .sr-only, [aria-hidden="true"] title')) continue;
    if (!visible(el)) continue;
    let px = parseFloat(getComputedStyle(el).fontSize);
    if (el instanceof SVGElement) {
      const m = el.getScreenCTM();
      // The scale the SVG is drawn at: its user units to CSS px.
      if (m) px *= Math.hypot(m.a, m.b);
    }
    out.push({ px: Math.round(px * 10) / 10, text: t.textContent.trim().slice(0, 40), where: el.closest('[class]')?.getAttribute('class')?.slice(0, 40) ?? el.tagName });
  }
  return out;
}
