/**
 * A download progress bar on stderr: redrawn in place on a terminal, a start and an end line
 * otherwise (logs, CI).
 */
export interface DownloadProgress {
  start(file: string, totalBytes: number): void;
  update(file: string, bytes: number, totalBytes: number): void;
  done(file: string, totalBytes: number): void;
}

export function stderrProgress(label: string, stream: NodeJS.WriteStream = process.stderr): DownloadProgress {
  const tty = Boolean(stream.isTTY);
  let started = 0;
  let lastDraw = 0;
  const line = (file: string, bytes: number, total: number) => {
    const pct = total > 0 ? Math.min(100, (100 * bytes) / total) : 0;
    const width = 24;
    const filled = Math.round((pct / 100) * width);
    const secs = Math.max(1e-3, (performance.now() - started) / 1000);
    return `${label} ${file} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${pct.toFixed(0).padStart(3)}% ${mb(bytes)}/${mb(total)} MB ${mb(bytes / secs)} MB/s`;
  };
  return {
    start(file, total) {
      started = performance.now();
      lastDraw = 0;
      if (!tty) stream.write(`${label} ${file} (${mb(total)} MB)…\n`);
    },
    update(file, bytes, total) {
      const now = performance.now();
      if (!tty || now - lastDraw < 100) return;
      lastDraw = now;
      stream.write(`\r${line(file, bytes, total)}`);
    },
    done(file, total) {
      if (tty) stream.write(`\r${line(file, total, total)}\n`);
      else stream.write(`${label} ${file} done (${mb(total)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
    },
  };
}

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}
