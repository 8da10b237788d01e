/**
 * `renderer="webgl"` against a real server in headless Chromium (WebGL 2 on
 * SwiftShader): the WebGL addon draws the text, and the element falls back
 * to the DOM renderer when WebGL is missing, when the context is lost, and
 * past the page's budget of live contexts.
 */
import { expect, waitUntil } from '@open-wc/testing';
import '@termplex/elements';
import type { TermConnection, TermSession } from '@termplex/elements';
import { setViewport } from '@web/test-runner-commands';
import { cleanup, mount, mountReporting, startServer, waitForOpen, waitForText } from './harness.js';

/** terminals: the page's WebGL budget, as the `renderer` attribute documents it. */
const WEBGL_TERMINALS = 12;

/** The WebGL addon's canvas: the one in `.xterm-screen` without a class (its 2D link layer has `xterm-link-layer`). */
function webglCanvas(session: TermSession): HTMLCanvasElement | null {
  return session.shadowRoot!.querySelector<HTMLCanvasElement>('.xterm-screen canvas:not([class])');
}

function context(session: TermSession): WebGL2RenderingContext {
  const canvas = webglCanvas(session);
  expect(canvas, 'no WebGL canvas').to.exist;
  // The same type again returns the context xterm created; nothing new is made.
  const gl = canvas!.getContext('webgl2');
  expect(gl, 'the canvas has no webgl2 context').to.exist;
  return gl!;
}

/**
 * Pixels of the WebGL canvas that are not the background (its most common
 * colour). Read in the animation frame xterm draws in, right after it (xterm
 * asked for that frame first): without preserveDrawingBuffer the picture is
 * only readable before the frame is composited.
 */
function litPixels(session: TermSession): Promise<number> {
  const gl = context(session);
  const terminal = session.terminal!;
  terminal.refresh(0, terminal.rows - 1);
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const { drawingBufferWidth: width, drawingBufferHeight: height } = gl;
      const pixels = new Uint32Array(width * height);
      gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(pixels.buffer));
      const counts = new Map<number, number>();
      for (const pixel of pixels) counts.set(pixel, (counts.get(pixel) ?? 0) + 1);
      resolve(pixels.length - Math.max(...counts.values()));
    }),
  );
}

/** What the DOM renderer has put on the page (its rows are text in `.xterm-rows`). */
function domRowsText(session: TermSession): string {
  return session.shadowRoot!.querySelector('.xterm-rows')?.textContent ?? '';
}

async function waitForRenderer(session: TermSession, renderer: 'dom' | 'webgl', timeout = 10_000): Promise<void> {
  await waitUntil(() => session.getAttribute('active-renderer') === renderer, `active-renderer stayed ${session.getAttribute('active-renderer')}, not ${renderer}`, {
    timeout,
    interval: 50,
  });
}

function mountSessions(server: { wsUrl: string; token: string }, count: number, attributes: string): { connection: TermConnection; sessions: TermSession[] } {
  const cells = Array.from({ length: count }, () => `<term-session ${attributes} style="height: 150px"></term-session>`).join('');
  const connection = mount<TermConnection>(
    `<term-connection url="${server.wsUrl}" token="${server.token}"><div style="display: grid; grid-template-columns: repeat(6, 1fr); gap: 4px">${cells}</div></term-connection>`,
  );
  return { connection, sessions: [...connection.querySelectorAll('term-session')] };
}

describe('renderer="webgl"', () => {
  // Room for 24 terminals on screen at once: xterm pauses drawing a terminal scrolled out of view.
  before(() => setViewport({ width: 1600, height: 1000 }));
  afterEach(cleanup);

  it('draws with WebGL: a webgl2 canvas in the shadow root, and the shell text on it in pixels', async () => {
    const server = await startServer();
    const [session] = mountSessions(server, 1, 'renderer="webgl"').sessions;
    await waitForOpen(session);
    await waitForText(session, '$ ');
    expect(session.getAttribute('active-renderer')).to.equal('webgl');
    expect(session.activeRenderer).to.equal('webgl');
    expect(context(session).isContextLost()).to.equal(false);
    const prompt = await litPixels(session);
    expect(prompt, 'the prompt left the canvas blank').to.be.greaterThan(0);
    session.write(`echo ${'W'.repeat(3)}""${'W'.repeat(30)}\r`);
    await waitForText(session, `\n${'W'.repeat(33)}`);
    const more = await litPixels(session);
    expect(more, `text on screen lit ${more} pixels, the prompt alone ${prompt}`).to.be.greaterThan(prompt + 500);
    expect(domRowsText(session), 'the DOM renderer drew too').to.equal('');
  });

  it('draws with the DOM renderer by default', async () => {
    const server = await startServer();
    const [session] = mountSessions(server, 1, '').sessions;
    await waitForOpen(session);
    await waitForText(session, '$ ');
    expect(session.getAttribute('active-renderer')).to.equal('dom');
    expect(webglCanvas(session)).to.equal(null);
    await waitUntil(() => domRowsText(session).includes('$'), 'the DOM renderer drew no prompt');
  });

  it(`gives ${WEBGL_TERMINALS} of 24 terminals WebGL and the rest the DOM renderer, all drawn, none lost; a freed slot upgrades the next`, async () => {
    const server = await startServer();
    const { sessions } = mountSessions(server, 24, 'renderer="webgl"');
    await Promise.all(sessions.map((session) => waitForOpen(session, 15_000)));
    await Promise.all(sessions.map((session) => waitForText(session, '$ ', 15_000)));
    const renderers = sessions.map((session) => session.getAttribute('active-renderer'));
    expect(renderers).to.deep.equal([...Array<string>(12).fill('webgl'), ...Array<string>(12).fill('dom')]);
    for (const [index, session] of sessions.entries()) {
      if (index < WEBGL_TERMINALS) {
        expect(context(session).isContextLost(), `terminal ${index} lost its context`).to.equal(false);
        expect(await litPixels(session), `terminal ${index} is blank`).to.be.greaterThan(0);
      } else {
        expect(webglCanvas(session), `terminal ${index}`).to.equal(null);
        await waitUntil(() => domRowsText(session).includes('$'), `terminal ${index} drew no prompt`);
      }
    }

    sessions[0].remove();
    await waitForRenderer(sessions[12], 'webgl');
    expect(sessions.slice(13).map((session) => session.getAttribute('active-renderer'))).to.deep.equal(Array<string>(11).fill('dom'));
    expect(await litPixels(sessions[12]), 'the upgraded terminal is blank').to.be.greaterThan(0);
    for (const session of sessions.slice(1, 12)) expect(context(session).isContextLost()).to.equal(false);
  });

  it('keeps a long-lived terminal drawing while 33 others come and go (each gives its context back)', async () => {
    const server = await startServer();
    const { connection, sessions } = mountSessions(server, 1, 'renderer="webgl"');
    const [keeper] = sessions;
    await waitForOpen(keeper);
    await waitForText(keeper, '$ ');
    // Chromium keeps 16 contexts and, past that, takes the oldest: a dropped one
    // until it is garbage-collected, else the keeper's. No task runs between
    // the batches (microtasks only), so nothing is collected meanwhile.
    for (let batch = 0; batch < 3; batch++) {
      const passing = Array.from({ length: WEBGL_TERMINALS - 1 }, () => Object.assign(document.createElement('term-session'), { renderer: 'webgl' }));
      connection.append(...passing);
      await Promise.all(passing.map((session) => session.updateComplete));
      expect(passing.map((session) => session.activeRenderer)).to.deep.equal(Array<string>(WEBGL_TERMINALS - 1).fill('webgl'));
      passing.forEach((session) => session.remove());
      await Promise.resolve(); // removal disposes in a microtask queued before this one
      await Promise.resolve();
    }
    expect(context(keeper).isContextLost(), 'the long-lived terminal lost its context').to.equal(false);
    expect(keeper.getAttribute('active-renderer')).to.equal('webgl');
    expect(await litPixels(keeper)).to.be.greaterThan(0);
  });

  it('falls back to the DOM renderer when the context is lost, and still shows text and takes input', async () => {
    const server = await startServer();
    const [session] = mountSessions(server, 1, 'renderer="webgl"').sessions;
    await waitForOpen(session);
    await waitForText(session, '$ ');
    await waitForRenderer(session, 'webgl');
    context(session).getExtension('WEBGL_lose_context')!.loseContext();
    // The addon waits 3 s for the browser to restore the context before it gives up.
    await waitForRenderer(session, 'dom');
    expect(webglCanvas(session)).to.equal(null);
    session.write('echo after""-loss\r');
    await waitForText(session, '\nafter-loss');
    await waitUntil(() => domRowsText(session).includes('after-loss'), `the DOM renderer shows: ${domRowsText(session)}`);
  });

  it('uses the DOM renderer when WebGL 2 is unavailable, and gives the slot back', async () => {
    const server = await startServer();
    const getContext = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
      return type === 'webgl2' ? null : getContext.call(this, type as '2d', ...(rest as []));
    } as typeof getContext;
    let session: TermSession;
    try {
      [session] = mountSessions(server, 1, 'renderer="webgl"').sessions;
      await waitForOpen(session);
    } finally {
      HTMLCanvasElement.prototype.getContext = getContext;
    }
    await waitForText(session, '$ ');
    expect(session.getAttribute('active-renderer')).to.equal('dom');
    await waitUntil(() => domRowsText(session).includes('$'), 'the DOM renderer drew no prompt');
    // Its slot was given back: 12 more still get WebGL.
    const { sessions } = mountSessions(server, WEBGL_TERMINALS, 'renderer="webgl"');
    await Promise.all(sessions.map((other) => waitForOpen(other)));
    expect(sessions.map((other) => other.getAttribute('active-renderer'))).to.deep.equal(Array<string>(12).fill('webgl'));
  });

  it('switches when the attribute changes at runtime', async () => {
    const server = await startServer();
    const [session] = mountSessions(server, 1, '').sessions;
    await waitForOpen(session);
    await waitForText(session, '$ ');
    session.setAttribute('renderer', 'webgl');
    await waitForRenderer(session, 'webgl');
    expect(await litPixels(session)).to.be.greaterThan(0);
    session.renderer = 'dom';
    await waitForRenderer(session, 'dom');
    expect(webglCanvas(session)).to.equal(null);
    await waitUntil(() => domRowsText(session).includes('$'), 'the DOM renderer drew no prompt after the switch');
  });

  it('reports a bad value naming the allowed ones, and uses the DOM renderer', async () => {
    const server = await startServer();
    const { session, errors } = mountReporting('renderer="WebGL2"', `url="${server.wsUrl}" token="${server.token}"`);
    await waitForOpen(session);
    await waitForText(session, '$ ');
    expect(errors).to.deep.equal([{ code: 'TERMPLEX_ERR_BAD_ATTRIBUTE', message: 'renderer must be "dom" or "webgl", got "WebGL2"' }]);
    expect(session.getAttribute('active-renderer')).to.equal('dom');
    session.setAttribute('renderer', 'webgl');
    await waitForRenderer(session, 'webgl');
    expect(errors).to.have.length(1);
  });
});
