/**
 * A termplex web server in front of a PTY host (`--pty-host`), both from the
 * same bundle. The shells live in the host, so the web server can be stopped
 * under its clients (SIGTERM, or SIGKILL for a crash) and started again on
 * the same port with the same token, serving the same sessions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startPtyHost, startServer, type PtyHostProcess, type ServerOptions, type ServerProcess, type StopSignal } from './server-process.js';
import { nowMs } from './stats.js';

export interface Restarted {
  /** nowMs() when the new web server was spawned (the old one had exited). */
  spawnedAt: number;
  server: ServerProcess;
}

export class HostedServer {
  private constructor(
    readonly host: PtyHostProcess,
    private current: ServerProcess,
    private readonly options: Pick<ServerOptions, 'nodeArgs'>,
    private readonly dir: string,
  ) {}

  /** `nodeArgs` (e.g. --cpu-prof) go to both processes; the host keeps screen snapshots unless `noSnapshots`. */
  static async start(options: Pick<ServerOptions, 'nodeArgs' | 'noSnapshots'> = {}): Promise<HostedServer> {
    // mkdtemp makes the directory 0700: the host refuses a socket in a directory others can enter.
    const dir = mkdtempSync(path.join(tmpdir(), 'termplex-bench-host-'));
    let host: PtyHostProcess | undefined;
    try {
      host = await startPtyHost(path.join(dir, 'host.sock'), options);
      const server = await startServer('termplex', { nodeArgs: options.nodeArgs, ptyHost: host.socketPath });
      return new HostedServer(host, server, { nodeArgs: options.nodeArgs }, dir);
    } catch (error) {
      await host?.close();
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** The web server running now (a new one after each restart). */
  get server(): ServerProcess {
    return this.current;
  }

  /** Stops the web server with `signal`, waits for it to exit, and starts another on the same port and token. */
  async restart(signal: StopSignal): Promise<Restarted> {
    const old = this.current;
    await old.close(signal);
    const spawnedAt = nowMs();
    this.current = await startServer('termplex', { nodeArgs: this.options.nodeArgs, ptyHost: this.host.socketPath, port: old.port, token: old.token });
    return { spawnedAt, server: this.current };
  }

  diagnostics(): string {
    return `${this.current.diagnostics()}; ${this.host.diagnostics()}`;
  }

  /** The web server, then the host (which ends every shell), then the socket's directory. */
  async close(): Promise<void> {
    try {
      await this.current.close();
      await this.host.close();
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
