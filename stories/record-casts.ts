/**
 * Regenerates the recordings the static Storybook plays (stories/casts/):
 * each story profile run in a real shell on a real server started with
 * `record`, driven over the socket as a page would, then copied here.
 *
 *   npm run record-stories
 *
 * The shells get a home of their own with a neutral prompt, so a recording
 * says nothing about the machine it was made on.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { FrameKind, decodeFrame, decodeServerMessage, encodeFrame, encodeMessage } from '@termplex/protocol';
import { createTerminalServer } from '@termplex/server';
import { storyProfiles } from './support/story-profiles.js';

// The server's own ws (8): the one the repository root resolves is another major version.
const WebSocket = createRequire(new URL('../packages/server/package.json', import.meta.url))('ws') as typeof import('ws').default;

const out = fileURLToPath(new URL('./casts/', import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'termplex-story-casts-'));
const home = path.join(work, 'home');
mkdirSync(home);
writeFileSync(path.join(home, '.profile'), "PS1='demo@termplex:~$ '\nexport PS1\n");
Object.assign(process.env, { HOME: home, SHELL: '/bin/sh', ENV: '', LANG: 'C.UTF-8' });

/** What is typed into each profile's session (its keys are the profiles recorded, as support/recordings.ts lists them). */
const SCRIPTS: Record<string, string[]> = {
  default: ['echo "Hello from a real shell, recorded"', 'uname -sm', 'echo $((6 * 7))', 'ls /usr'],
  palette: [],
  details: [],
  logs: [],
  countdown: [],
};

async function record(server: Awaited<ReturnType<typeof createTerminalServer>>, profile: string, lines: string[]): Promise<string> {
  const ws = new WebSocket(server.wsUrl, 'termplex.v1', { headers: { Origin: server.url } });
  ws.binaryType = 'nodebuffer';
  let output = '';
  let channel = 0;
  let sessionId = '';
  const exited = new Promise<void>((resolve, reject) => {
    ws.on('message', (data: Buffer, binary: boolean) => {
      if (binary) {
        const frame = decodeFrame(new Uint8Array(data), FrameKind.Output);
        if (frame.ok) output += Buffer.from(frame.value.data).toString();
        return;
      }
      const parsed = decodeServerMessage(data.toString());
      if (!parsed.ok) return reject(new Error(`${parsed.error.message}: ${JSON.stringify(data.toString().slice(0, 80))}`));
      const message = parsed.value;
      if (message.type === 'welcome') ws.send(encodeMessage({ type: 'open', ref: 1, profile, cols: 100, rows: 24 }));
      else if (message.type === 'opened') ({ channel, sessionId } = message);
      else if (message.type === 'exit') resolve();
      else if (message.type === 'error') reject(new Error(`${profile}: ${message.message}`));
    });
    ws.once('open', () => ws.send(encodeMessage({ type: 'hello', token: server.token, client: 'record-casts' })));
    ws.once('error', reject);
  });
  const settle = async () => {
    // Typed once the output has been quiet for a moment: each line goes in after its prompt.
    let seen = -1;
    while (seen !== output.length) {
      seen = output.length;
      await new Promise((resolve) => setTimeout(resolve, 700));
    }
  };
  await settle();
  for (const line of lines) {
    for (const key of `${line}\r`) {
      ws.send(encodeFrame(FrameKind.Input, channel, Buffer.from(key)));
      await new Promise((resolve) => setTimeout(resolve, 45));
    }
    await settle();
  }
  // Ended from outside, so the last screen is the shell waiting at its prompt (countdown ends by itself).
  if (profile !== 'countdown') await fetch(`${server.url}/api/sessions/${sessionId}`, { method: 'DELETE', headers: { Authorization: `Bearer ${server.token}` } });
  await exited;
  ws.close();
  return sessionId;
}

const server = await createTerminalServer({ port: 0, logLevel: 'warn', profiles: storyProfiles(), record: path.join(work, 'casts') });
try {
  mkdirSync(out, { recursive: true });
  for (const [profile, lines] of Object.entries(SCRIPTS)) {
    const id = await record(server, profile, lines);
    // The recording is closed once the session is gone.
    await new Promise((resolve) => setTimeout(resolve, 500));
    copyFileSync(path.join(work, 'casts', `${id}.cast`), path.join(out, `${profile}.cast`));
    console.log(`stories/casts/${profile}.cast`);
  }
} finally {
  await server.close();
  rmSync(work, { recursive: true, force: true });
}
