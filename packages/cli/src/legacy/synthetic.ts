// Synthetic legacy material for tests and the benchmark: small but real PDFs (PDF 1.4, one page,
// one line of Helvetica text, a correct cross-reference table) made from a template, plain texts,
// and a manifest naming them. Not PDF/A: nothing here claims conformance.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A one-page PDF showing `text`; different texts give different files. */
export function syntheticPdf(text: string): Buffer {
  const stream = `BT /F1 12 Tf 72 720 Td (${text.replace(/[()\\]/g, '')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export interface SyntheticManifest {
  dir: string;
  documents: number;
  bytes: number;
}

/**
 * Writes `count` legacy documents for the given clients (henkilötunnus) into `dir`: four in five
 * PDFs, the rest texts, spread over the clients, dated in the 1990s and 2000s.
 */
export function writeSyntheticManifest(
  dir: string,
  o: {
    count: number;
    clients: readonly string[];
    registrarOid: string;
    serviceTask: string;
    /** False: every PDF is the same file and every text too (to measure the path without fsyncs). */
    distinctFiles?: boolean;
  },
): SyntheticManifest {
  const distinct = o.distinctFiles ?? true;
  const types = ['11', '15', '19', '19005', '11001', '1'];
  const lines: string[] = [];
  let bytes = 0;
  for (let i = 0; i < o.count; i++) {
    const sub = `f${String(Math.floor(i / 1000)).padStart(4, '0')}`;
    if (i % 1000 === 0) mkdirSync(join(dir, sub), { recursive: true });
    const text = i % 5 === 4;
    const file = `${sub}/${i}.${text ? 'txt' : 'pdf'}`;
    const year = 1990 + (i % 19);
    const date = `${year}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const n = distinct ? `${i}, ${date}` : 'x';
    const data = text
      ? Buffer.from(
          `Asiakaskertomus ${n}.\nKotikäynti tehty, tilanne rauhallinen. Seuraava tapaaminen sovittu.\n`,
        )
      : syntheticPdf(`Vanha asiakirja ${n} - paatos ja perustelut`);
    writeFileSync(join(dir, file), data);
    bytes += data.length;
    lines.push(
      JSON.stringify({
        client: o.clients[i % o.clients.length],
        registrar: o.registrarOid,
        serviceTask: o.serviceTask,
        documentType: types[i % types.length],
        title: `Vanha asiakirja ${i}`,
        date,
        author: 'Tuntematon työntekijä',
        originalId: `LEGACY-${i}`,
        file,
      }),
    );
  }
  writeFileSync(join(dir, 'manifest.ndjson'), `${lines.join('\n')}\n`);
  return { dir, documents: o.count, bytes };
}
