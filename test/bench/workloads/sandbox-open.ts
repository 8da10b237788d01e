/**
 * What a sandbox costs at open: `open` on an open socket to the shell's
 * first byte, the same /bin/sh as a plain profile and as a sandboxed one
 * (`--sandbox`: setpriv, bwrap's namespaces and mounts, prlimit), in turn on
 * one server, so drift on this machine falls on both.
 */
import { waitForBytes } from '../clients/bench-stream.js';
import { TermplexClient } from '../clients/termplex-client.js';
import type { ServerProcess } from '../server-process.js';
import { nowMs, percentile } from '../stats.js';

export interface SandboxOpenFigures {
  plainP50: number;
  sandboxedP50: number;
}

/** The profile names serverArgs gives a server started with `sandbox: true`. */
export const PLAIN_PROFILE = 'sh';
export const SANDBOXED_PROFILE = 'sandboxed';

export async function sandboxOpenTime(server: ServerProcess, count: number): Promise<SandboxOpenFigures> {
  const client = await TermplexClient.connect(server.wsUrl, server.token);
  const times: Record<string, number[]> = { [PLAIN_PROFILE]: [], [SANDBOXED_PROFILE]: [] };
  try {
    for (let i = 0; i < count; i++) {
      for (const profile of i % 2 === 0 ? [PLAIN_PROFILE, SANDBOXED_PROFILE] : [SANDBOXED_PROFILE, PLAIN_PROFILE]) {
        const start = nowMs();
        const session = await client.open({ profile });
        if (session.received === 0) await waitForBytes(session, 1, 10_000);
        times[profile].push(nowMs() - start);
        await session.close();
      }
    }
  } finally {
    await client.close();
  }
  return { plainP50: percentile(times[PLAIN_PROFILE], 50), sandboxedP50: percentile(times[SANDBOXED_PROFILE], 50) };
}
