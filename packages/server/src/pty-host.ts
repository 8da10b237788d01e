/**
 * runPtyHost: the sessions, PTYs, rings and screen models of this process,
 * served to web servers over a Unix socket (`termplex-server ptyhost`).
 * Web servers come and go (restarts, upgrades, crashes); the shells stay.
 */
import { createLogger } from './core/logger.js';
import { listenHost } from './host/host-server.js';
import { serverVersion } from './http/package-files.js';
import type { PtyHost, PtyHostOptions } from './options.js';
import { startLocalSessions } from './sessions-here.js';
import { validateHostOptions } from './validate-options.js';

export async function runPtyHost(input: PtyHostOptions): Promise<PtyHost> {
  const options = validateHostOptions(input);
  const log = createLogger(options.logLevel);
  const local = await startLocalSessions(options, log);
  const info = { hostId: local.manager.hostId, version: serverVersion, pid: process.pid };
  let listener;
  try {
    listener = await listenHost(options.socket, options.key, local, info, log);
  } catch (error) {
    await local.close();
    throw error;
  }
  let closing: ReturnType<PtyHost['close']> | undefined;
  return {
    socketPath: options.socket,
    listSessions: () => local.manager.summaries(),
    close() {
      closing ??= (async () => {
        log.info({ sessions: local.manager.size }, 'PTY host shutting down');
        const links = listener.close();
        const survivors = await local.close();
        await links;
        if (survivors.length > 0) log.error({ pids: survivors }, `shut down, but ${survivors.length} session processes could not be ended`);
        else log.info('PTY host shut down');
        return { survivors };
      })();
      return closing;
    },
  };
}
