// Latency summaries for the benchmarks: exact percentiles over every recorded sample.
export interface Summary {
  count: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summarize(latenciesMs: readonly number[], seconds: number): Summary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    seconds,
    perSecond: sorted.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}

/** Runs `task(i)` for i in [0, n) with at most `concurrency` in flight; returns every latency in ms. */
export async function runConcurrent(
  n: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<Summary> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= n) return;
      const s = performance.now();
      await task(i);
      latencies.push(performance.now() - s);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return summarize(latencies, (performance.now() - t0) / 1000);
}

/** Runs `task` from `concurrency` workers for `seconds`; latencies are kept per kind the task returns. */
export async function runFor(
  seconds: number,
  concurrency: number,
  task: (i: number) => Promise<string>,
): Promise<{ all: Summary; byKind: Map<string, Summary> }> {
  const byKind = new Map<string, number[]>();
  const all: number[] = [];
  let next = 0;
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const i = next++;
      const s = performance.now();
      const kind = await task(i);
      const ms = performance.now() - s;
      all.push(ms);
      const l = byKind.get(kind);
      if (l) l.push(ms);
      else byKind.set(kind, [ms]);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  return {
    all: summarize(all, elapsed),
    byKind: new Map([...byKind].map(([k, l]) => [k, summarize(l, elapsed)])),
  };
}
