import { expect } from '@open-wc/testing';
import { openSafeLink, safeLinkHandler } from './safe-links.js';

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
    for (const uri of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'file:///etc/passwd', 'vbscript:x', 'not a url', '//example.com']) {
      openSafeLink(undefined, uri);
      safeLinkHandler.activate(new MouseEvent('click'), uri, { start: { x: 1, y: 1 }, end: { x: 2, y: 1 } });
    }
    expect(opened).to.deep.equal([]);
    expect(safeLinkHandler.allowNonHttpProtocols).to.equal(false);
  });
});
