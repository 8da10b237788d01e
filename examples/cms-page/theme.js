/**
 * The theme's instant navigation, as CMS themes do it: a click on a link of
 * this site fetches the next page and swaps its article into <main>, so the
 * terminals in the old article are removed and the new ones created late.
 */
const content = document.getElementById('content');

async function show(url, push) {
  const response = await fetch(url, { headers: { accept: 'text/html' } });
  const next = new DOMParser().parseFromString(await response.text(), 'text/html');
  document.title = next.title;
  if (push) history.pushState(null, '', url);
  content.innerHTML = next.getElementById('content').innerHTML;
  // Scripts set through innerHTML never run: put live copies in their place,
  // as Turbo and Swup do. A module already loaded (the bundle) is not run
  // again; the snippet's inline script runs at once, before any socket opens.
  for (const inert of content.querySelectorAll('script')) {
    const script = document.createElement('script');
    for (const { name, value } of inert.attributes) script.setAttribute(name, value);
    script.textContent = inert.textContent;
    inert.replaceWith(script);
  }
}

document.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!link || link.origin !== location.origin || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  if (link.href !== location.href) show(link.href, true);
});
addEventListener('popstate', () => show(location.href, false));
