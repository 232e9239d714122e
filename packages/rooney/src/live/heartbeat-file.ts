import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** How the live session's JSON log names a heartbeat (`{"ts":…,"level":"info","event":"live_heartbeat",…}`). */
const HEARTBEAT_EVENT = '"event":"live_heartbeat"';

/**
 * The heartbeat as a file, for a liveness probe (Kubernetes, a systemd timer, monit) to check its
 * age: every `live_heartbeat` log line is written to `path`, replacing the last one in a single
 * rename, so a reader never sees half a line. A failure to write is reported once on stderr and
 * never stops the live run: the file then grows old and the probe does its job. A file left by an
 * earlier run is deleted at start, so a probe never mistakes an old beat for this run's.
 */
export class HeartbeatFile {
  readonly path: string;
  private failed = false;

  constructor(path: string) {
    this.path = path;
    mkdirSync(dirname(path), { recursive: true });
    rmSync(path, { force: true });
  }

  /** Writes `line` to the file when it is a heartbeat. */
  observeLogLine(line: string): void {
    if (line.includes(HEARTBEAT_EVENT)) this.write(line);
  }

  /** Replaces the file's content with `line`. */
  write(line: string): void {
    const staging = `${this.path}.${process.pid}.tmp`;
    try {
      writeFileSync(staging, line.endsWith('\n') ? line : `${line}\n`);
      renameSync(staging, this.path);
      this.failed = false;
    } catch (error) {
      if (!this.failed) process.stderr.write(`rooney: cannot write the heartbeat file ${this.path}: ${(error as Error).message}\n`);
      this.failed = true;
    }
  }
}
