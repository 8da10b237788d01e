/**
 * Recording for one sessions' owner (this server, or the PTY host): opens a
 * CastWriter per recorded session, deletes recordings past the retention
 * period (at start, then hourly), and at shutdown waits until every open
 * recording is on disk.
 */
import type { Logger } from '../core/logger.js';
import { CastWorker } from './cast-worker.js';
import { CastWriter, type CastHeader } from './cast-writer.js';
import type { ResolvedRecord } from './record-config.js';
import { prepareRecordingFolder, pruneRecordings, recordingFile } from './recording-files.js';

const PRUNE_EVERY_MS = 3_600_000;

/** What a session records into. */
export interface SessionRecording {
  readonly writer: CastWriter;
  /** Input is recorded too. */
  readonly input: boolean;
}

export class Recorder {
  private readonly open = new Set<CastWriter>();
  private readonly pruner: NodeJS.Timeout | undefined;
  private readonly worker: CastWorker;

  /** Throws, naming the folder, when it cannot be created. */
  constructor(private readonly config: ResolvedRecord, private readonly log: Logger) {
    prepareRecordingFolder(config.dir);
    this.worker = new CastWorker(log);
    if (config.retentionMs > 0) {
      void this.prune();
      this.pruner = setInterval(() => void this.prune(), PRUNE_EVERY_MS).unref();
    }
  }

  get dir(): string {
    return this.config.dir;
  }

  start(sessionId: string, header: CastHeader, input: boolean): SessionRecording {
    const writer = new CastWriter(header, { file: recordingFile(this.config.dir, sessionId), maxBytes: this.config.maxFileBytes, worker: this.worker, log: this.log });
    this.open.add(writer);
    return { writer, input };
  }

  /** The session is over: its recording is closed (resolves once it is on disk). */
  finish(recording: SessionRecording): Promise<void> {
    this.open.delete(recording.writer);
    return recording.writer.close();
  }

  async close(): Promise<void> {
    clearInterval(this.pruner);
    await Promise.all([...this.open].map((writer) => writer.close()));
    this.open.clear();
    await this.worker.dispose();
  }

  private async prune(): Promise<void> {
    const removed = await pruneRecordings(this.config.dir, this.config.retentionMs);
    if (removed > 0) this.log.info({ removed, dir: this.config.dir }, 'deleted recordings past the retention period');
  }
}
