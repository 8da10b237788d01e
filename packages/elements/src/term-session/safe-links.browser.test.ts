import { expect } from '@open-wc/testing';
import { LinkHint } from './link-hint.js';
import { openSafeLink } from './safe-links.js';

describe('safe links', () => {
  const original = window.open;
  let opened: unknown[][];
  beforeEach(() => {
    opened = [];
    window.open = ((...args: unknown[]) => (opened.push(args), null)) as typeof window.open;
  });
  afterEach(() => {
    window.open = original;
  });

  it('opens http(s) links in a new context with no opener and no referrer', () => {
    openSafeLink(undefined, 'https://example.com/a?b=1');
    openSafeLink(undefined, 'http://127.0.0.1:8080/');
    expect(opened).to.deep.equal([
      ['https://example.com/a?b=1', '_blank', 'noopener,noreferrer'],
      ['http://127.0.0.1:8080/', '_blank', 'noopener,noreferrer'],
    ]);
  });

  it('ignores every other scheme and anything that is not a URL', () => {
    const hint = new LinkHint(document.createElement('div'));
    const ctrlClick = new MouseEvent('click', { ctrlKey: true, metaKey: true });
    for (const uri of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'file:///etc/passwd', 'vbscript:x', 'not a url', '//example.com']) {
      openSafeLink(undefined, uri);
      hint.linkHandler.activate(ctrlClick, uri, { start: { x: 1, y: 1 }, end: { x: 2, y: 1 } });
    }
    expect(opened).to.deep.equal([]);
    expect(hint.linkHandler.allowNonHttpProtocols).to.equal(false);
  });

  it('opens a link on Ctrl/Cmd+click only, never on a plain click', () => {
    const hint = new LinkHint(document.createElement('div'));
    const { activate } = hint.handlers;
    activate(new MouseEvent('click'), 'https://example.com/plain');
    activate(new MouseEvent('click', { detail: 2 }), 'https://example.com/double');
    activate(new MouseEvent('click', { ctrlKey: true, metaKey: true }), 'https://example.com/modified');
    expect(opened).to.deep.equal([['https://example.com/modified', '_blank', 'noopener,noreferrer']]);
  });
});
