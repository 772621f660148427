// `varanto generate --clients N --docs-per-client M [--seed S] [--today D] [--no-audit]`: the data
// generator with a progress bar. The database is DATABASE_URL (or --url), migrated first; it
// must be empty.
import { migrate } from '@varanto/store';
import cliProgress from 'cli-progress';
import { type GenerateResult, generate } from './generate.ts';

export interface GenerateCommandOptions {
  url: string;
  clients: number;
  docsPerClient: number;
  seed?: number;
  today?: string;
  audit?: boolean;
  connections?: number;
  /** Show the progress bar (default: when stderr is a terminal). */
  progress?: boolean;
}

export async function runGenerate(
  o: GenerateCommandOptions,
  log: (line: string) => void = console.log,
): Promise<GenerateResult> {
  await migrate(o.url);
  const bar = new cliProgress.SingleBar(
    {
      format:
        'generate [{bar}] {percentage}% | {value}/{total} clients | {documents} documents | {rate} docs/s | ETA {eta_formatted}',
      hideCursor: true,
      noTTYOutput: o.progress === true,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  const show = o.progress ?? process.stderr.isTTY === true;
  const t0 = performance.now();
  if (show) bar.start(o.clients, 0, { documents: 0, rate: 0 });
  try {
    const result = await generate({
      url: o.url,
      clients: o.clients,
      docsPerClient: o.docsPerClient,
      ...(o.seed !== undefined ? { seed: o.seed } : {}),
      ...(o.today !== undefined ? { today: o.today } : {}),
      ...(o.audit !== undefined ? { audit: o.audit } : {}),
      ...(o.connections !== undefined ? { connections: o.connections } : {}),
      onProgress: (p) => {
        if (show) {
          const rate = Math.round(p.documents / ((performance.now() - t0) / 1000));
          bar.update(p.clients, { documents: p.documents, rate });
        }
      },
    });
    if (show) bar.stop();
    log(
      `generated ${result.clients} clients, ${result.documents} client documents and ${result.recordDocuments} clienthood and case documents ` +
        `(${result.versions} versions, ${result.auditEntries} audit entries) in ${result.seconds.toFixed(1)} s: ` +
        `${Math.round(result.documents / result.seconds)} client documents/s, ${Math.round(result.versions / result.seconds)} versions/s ` +
        `(${result.templates} pre-rendered templates)`,
    );
    const c = result.world.counties[0];
    const login = c?.workers.families[0]?.login;
    if (login) log(`  a professional to log in as (certificate-card-demo): ${login}`);
    return result;
  } catch (e) {
    if (show) bar.stop();
    throw e;
  }
}
