import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { ErrorCode } from '@termplex/protocol';
import './term-player.js';
import type { TermPlayer } from './term-player.component.js';

/** A cast file as a URL the player can fetch. */
function castUrl(lines: unknown[]): string {
  return URL.createObjectURL(new Blob([lines.map((l) => JSON.stringify(l)).join('\n') + '\n'], { type: 'application/x-asciicast' }));
}

const HEADER = { version: 2, width: 40, height: 6, timestamp: 1, env: { TERM: 'xterm-256color', SHELL: '/bin/sh' } };

/** A short session: a prompt, a command, coloured output, a resize, a clear and a last screen. */
const SESSION = [
  HEADER,
  [0.1, 'o', '$ '],
  [0.5, 'o', 'ls\r\n'],
  [0.6, 'o', '\x1b[32mfile-one\x1b[0m  file-two\r\n$ '],
  [1.0, 'i', 'clear\r'],
  [1.2, 'r', '50x8'],
  [1.5, 'o', '\x1b[2J\x1b[Hlast screen: café 日本\r\n$ '],
];

function screen(player: TermPlayer): string[] {
  const buffer = player.terminal!.buffer.active;
  const rows: string[] = [];
  for (let y = 0; y < player.terminal!.rows; y++) rows.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
  return rows;
}

const loaded = (player: TermPlayer) => waitUntil(() => player.duration > 0, 'the recording loaded');
const shows = (player: TermPlayer, text: string) => waitUntil(() => screen(player).some((row) => row.includes(text)), `the screen shows ${text}`, { timeout: 5000 });

describe('<term-player>', () => {
  it('plays a recording to its last screen, with play and end events, resizes applied and input left out', async () => {
    const player = await fixture<TermPlayer>(html`<term-player speed="10"></term-player>`);
    const played = oneEvent(player, 'term-player-play');
    const ended = oneEvent(player, 'term-player-end');
    player.src = castUrl(SESSION);
    await loaded(player);
    expect(player.duration).to.be.closeTo(1.5, 1e-9);
    expect(screen(player).join('')).to.equal('', 'nothing before it plays');
    player.play();
    expect((await played).detail.position).to.equal(0);
    expect((await ended).detail.position).to.be.closeTo(1.5, 1e-9);
    await shows(player, 'last screen: café 日本');
    expect([player.terminal!.cols, player.terminal!.rows]).to.deep.equal([50, 8]);
    expect(screen(player).join('\n')).not.to.include('clear');
    expect(player.paused).to.equal(true);
  });

  it('pauses where it is, seeks both ways, and goes on from a seek', async () => {
    const player = await fixture<TermPlayer>(html`<term-player speed="0.2" src=${castUrl(SESSION)}></term-player>`);
    await loaded(player);
    await player.seek(0.7);
    expect(screen(player).slice(0, 3)).to.deep.equal(['$ ls', 'file-one  file-two', '$ ']);
    await player.seek(10);
    expect(player.currentTime).to.equal(1.5);
    await shows(player, 'last screen');
    // Backwards: the screen is rebuilt from the start, at the recording's first size.
    await player.seek(0.2);
    expect(screen(player)[0]).to.equal('$ ');
    expect(player.terminal!.cols).to.equal(40);
    const paused = oneEvent(player, 'term-player-pause');
    player.play();
    await waitUntil(() => player.currentTime > 0.2, 'the clock runs');
    player.pause();
    const at = (await paused).detail.position;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(player.currentTime).to.equal(at);
  });

  it('shows the poster, the last screen, before it plays; start-at is where playing begins', async () => {
    const player = await fixture<TermPlayer>(html`<term-player poster="end" start-at="0.6" src=${castUrl(SESSION)}></term-player>`);
    await loaded(player);
    await shows(player, 'last screen');
    expect(player.paused).to.equal(true);
    expect(player.currentTime).to.equal(0.6);
    player.play();
    await shows(player, 'file-one');
    player.pause();
  });

  it('plays asciicast v3, where times are gaps, and shortens idle time to idle-time-limit', async () => {
    const v3 = [{ version: 3, term: { cols: 30, rows: 4 } }, [0.5, 'o', 'one '], [10, 'o', 'two '], [0.25, 'o', 'three'], [1, 'x', '0']];
    const player = await fixture<TermPlayer>(html`<term-player idle-time-limit="2" src=${castUrl(v3)}></term-player>`);
    await loaded(player);
    expect(player.duration).to.be.closeTo(0.5 + 2 + 0.25, 1e-9);
    await player.seek(player.duration);
    await shows(player, 'one two three');
  });

  it('loops back to the start at the end', async () => {
    const player = await fixture<TermPlayer>(html`<term-player loop speed="20" src=${castUrl(SESSION)}></term-player>`);
    await loaded(player);
    let plays = 0;
    player.addEventListener('term-player-play', () => plays++);
    player.play();
    await waitUntil(() => plays >= 2, 'played again after the end', { timeout: 5000 });
    player.pause();
  });

  it('a missing or broken file is an error in the element and an event, not a blank box', async () => {
    const cases: Array<[string, RegExp]> = [
      [`${location.origin}/no-such-recording.cast`, /could not load .*no-such-recording\.cast: HTTP 404/],
      [URL.createObjectURL(new Blob(['not json\n'])), /is not a recording this player can play: line 1 is not JSON/],
      [castUrl([{ version: 1, width: 80, height: 24 }]), /only asciicast versions 2 and 3 are played; this file says version 1/],
      [castUrl([HEADER, [0.1, 'o', 'fine'], { not: 'an event' }]), /line 3 must be an event \[time, code, data\]/],
      [castUrl([HEADER, [0.5, 'o', 'a'], [0.1, 'o', 'b']]), /line 3: time 0.1 goes backwards/],
      [castUrl([{ ...HEADER, width: 0 }]), /width must be an integer 1\.\.1000, got 0/],
    ];
    for (const [src, message] of cases) {
      const player = await fixture<TermPlayer>(html`<term-player></term-player>`);
      const failed = oneEvent(player, 'term-player-error');
      player.src = src;
      const { detail } = await failed;
      expect(detail.code).to.equal(ErrorCode.BadRecording);
      expect(detail.message).to.match(message);
      await player.updateComplete;
      const shown = player.shadowRoot!.querySelector('[part="error"]');
      expect(shown?.getAttribute('role')).to.equal('alert');
      expect(shown?.textContent).to.match(message);
    }
  });

  it('has a control bar that plays and pauses, and that can be hidden', async () => {
    const player = await fixture<TermPlayer>(html`<term-player speed="0.1" src=${castUrl(SESSION)}></term-player>`);
    await loaded(player);
    const button = player.shadowRoot!.querySelector<HTMLButtonElement>('[part="play-button"]')!;
    expect(button.textContent).to.equal('Play');
    button.click();
    await player.updateComplete;
    expect(player.paused).to.equal(false);
    expect(button.getAttribute('aria-pressed')).to.equal('true');
    button.click();
    expect(player.paused).to.equal(true);
    const progress = player.shadowRoot!.querySelector<HTMLInputElement>('[part="progress"]')!;
    expect(progress.getAttribute('aria-label')).to.equal('Position');
    progress.value = '1.5';
    progress.dispatchEvent(new Event('input'));
    await shows(player, 'last screen');
    await player.updateComplete;
    expect(player.shadowRoot!.querySelector('[part="time"]')!.textContent).to.equal('0:01 / 0:01');
    player.noControls = true;
    await player.updateComplete;
    expect(player.shadowRoot!.querySelector('[part="controls"]')).to.equal(null);
  });

  it('seeks to the end of a long recording (10 MiB of output) and shows its last screen', async () => {
    const lines: unknown[] = [HEADER];
    const chunk = 'x'.repeat(1000) + '\r\n';
    for (let i = 0; i < 10_000; i++) lines.push([i * 0.01, 'o', `${i} ${chunk}`]);
    lines.push([100.5, 'o', '\x1b[2J\x1b[Hthe very end']);
    const player = await fixture<TermPlayer>(html`<term-player src=${castUrl(lines)}></term-player>`);
    await waitUntil(() => player.duration > 0, 'loaded', { timeout: 10_000 });
    const start = performance.now();
    await player.seek(player.duration);
    // Reported, not asserted (timings stay out of the tests): the target is 500 ms.
    console.log(`seek to the end of a 10 MiB recording: ${(performance.now() - start).toFixed(0)} ms`);
    await shows(player, 'the very end');
  });
});
