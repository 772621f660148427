// A benchmark's server child process: start, read its address, sample its resident memory, stop.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface ServerProcess {
  url: string;
  pid: number;
  /** Resident set size now, in MiB (from /proc). */
  rssMiB(): number;
  /** Largest RSS seen by the sampler since start or the last reset, in MiB. */
  peakMiB(): number;
  resetPeak(): void;
  stop(): Promise<void>;
}

export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

export async function startServerProcess(
  databaseUrl: string,
  opts: { poolSize?: number; cpuProfileDir?: string; env?: Record<string, string> } = {},
): Promise<ServerProcess> {
  const args = ['--import', 'tsx'];
  if (opts.cpuProfileDir) args.push('--cpu-prof', `--cpu-prof-dir=${opts.cpuProfileDir}`);
  args.push(new URL('./server.ts', import.meta.url).pathname, databaseUrl, String(opts.poolSize ?? 20));
  const child: ChildProcess = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...opts.env },
  });
  const first = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', (line) => resolve(line));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const { url, pid } = JSON.parse(first) as { url: string; pid: number };
  let peak = rssOf(pid);
  const sampler = setInterval(() => {
    const r = rssOf(pid);
    if (r > peak) peak = r;
  }, 100);
  sampler.unref();
  return {
    url,
    pid,
    rssMiB: () => rssOf(pid),
    peakMiB: () => peak,
    resetPeak: () => {
      peak = rssOf(pid);
    },
    async stop() {
      clearInterval(sampler);
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
