// What tests/e2e/run.mjs measures of the text a reader sees, HTML and SVG alike: the size each
// visible piece of text is rendered at, and diagram labels that spill out of their boxes. Both
// functions run in the page (passed to page.evaluate), so they use nothing from outside.
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

/** Runs in the page: every diagram text that is not inside its node's box. */
export function overflowingLabels() {
  const out = [];
  for (const svg of document.querySelectorAll('figure.diagram svg')) {
    const boxes = [...svg.querySelectorAll('.boxes rect')];
    [...svg.querySelectorAll('.nodes g.node')].forEach((g, i) => {
      const box = boxes[i].getBoundingClientRect();
      for (const t of g.querySelectorAll('text')) {
        if (!t.textContent.trim()) continue;
        const b = t.getBoundingClientRect();
        if (b.left < box.left - 0.5 || b.right > box.right + 0.5 || b.top < box.top - 0.5 || b.bottom > box.bottom + 0.5) {
          out.push(`"${t.textContent}" (${Math.round(b.width)} x ${Math.round(b.height)} px) outside its ${Math.round(box.width)} x ${Math.round(box.height)} px box`);
        }
      }
    });
  }
  return out;
}
