// Appends text to a file through a 1 MiB buffer: large outputs (metrics.csv, events.jsonl) are
// written in a few big writes without ever being one string in memory.
import { closeSync, openSync, writeSync } from 'node:fs';

export class TextFile {
  private readonly fd: number;
  private buf = '';

  /** Creates `path`: outputs go into a fresh staging directory, and a file already there is never truncated (EEXIST). */
  constructor(path: string) {
    this.fd = openSync(path, 'wx');
  }

  write(text: string): void {
    this.buf += text;
    if (this.buf.length > 1 << 20) this.flush();
  }

  /** Flushes and closes; safe to call once after an error too. */
  close(): void {
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }

  private flush(): void {
    if (this.buf.length > 0) writeSync(this.fd, this.buf);
    this.buf = '';
  }
}
