// Sizes each archflow widget's iframe to the height the widget reports (src/ui/embed_height.rs),
// so the post shows all of it with no scroll box inside the page. Include it once per page.
addEventListener('message', (event) => {
  const m = typeof event.data === 'string' && /^archflow:height:(\d+)$/.exec(event.data);
  if (!m) return;
  for (const frame of document.querySelectorAll('iframe')) {
    if (frame.contentWindow === event.source) frame.style.height = `${m[1]}px`;
  }
});
