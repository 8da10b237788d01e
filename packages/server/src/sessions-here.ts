/**
 * Sessions in this process, from resolved session options: the screen
 * models, the reaper (for real PTYs) and the session manager. Shared by the
 * one-command server and the PTY host.
 */
import { randomBytes } from 'node:crypto';
import { systemClock } from './core/clock.js';
import type { Logger } from './core/logger.js';
import { LocalSessions } from './host/local-sessions.js';
import { nodePtyBackend } from './host/node-pty-backend.js';
import { ScreenModels } from './host/screen-model.js';
import { SessionManager } from './host/session-manager.js';
import { ensureReaper } from './host/shared-reaper.js';
import type { ResolvedSessionOptions } from './options.js';
import { Recorder } from './recording/recorder.js';
import { checkSandboxSupport, probeSandbox } from './sandbox/sandbox-probe.js';

export async function startLocalSessions(options: ResolvedSessionOptions, log: Logger): Promise<LocalSessions> {
  const backend = options.backend ?? nodePtyBackend;
  // Probed once, before anything starts: a sandboxed profile whose limits this machine would skip refuses to start.
  const sandboxed = [...options.profiles.values()].filter((p) => p.sandbox);
  const sandboxProbe = sandboxed.length > 0 ? probeSandbox() : undefined;
  for (const profile of sandboxed) checkSandboxSupport(profile.name, profile.sandbox!, sandboxProbe!);
  // Before the first PTY exists, so the reaper inherits no terminal.
  if (backend === nodePtyBackend) await ensureReaper(log);
  const recorder = options.record && new Recorder(options.record, log);
  const screens = new ScreenModels(log);
  const manager = new SessionManager({
    ...options,
    backend,
    clock: options.clock ?? systemClock,
    log,
    screens,
    hostId: randomBytes(4).toString('hex'),
    sandboxProbe,
    recorder,
  });
  return new LocalSessions(manager, options.maxSessionsPerSocket, screens, recorder);
}
