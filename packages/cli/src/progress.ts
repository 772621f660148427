// The progress bar of the CLI's long work (seeding, imports): a bar on a terminal, nothing
// otherwise (logs and tests get the summary lines instead).
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total: number, payload?: Record<string, unknown>): void;
  stop(): void;
}

/** A bar with `format` (cli-progress tokens) on stderr when it is a terminal; else a no-op. */
export function progressBar(format: string, show = process.stderr.isTTY === true): Progress {
  if (!show) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format, hideCursor: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, payload = {}) {
      if (!started) {
        bar.start(total, done, payload);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done, payload);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
