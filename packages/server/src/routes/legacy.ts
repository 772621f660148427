// The file of a document that is a file — a legacy document (vanha asiakirja) archived by
// `varanto import-legacy` as a PDF or plain text. Read under the same access policy as the
// document itself (action document.read), audited as any read; a document the caller may not
// read, a missing one and one without a file all get the same 404.
import { Type } from '@fastify/type-provider-typebox';
import { decideLegacyChange, type LegacyChange } from '@varanto/domain/records';
import { BlobStore, getDocumentFile } from '@varanto/store';
import { act } from '../audit.ts';
import type { ServerContext } from '../context.ts';
import { hide, loadForAction } from '../documents.ts';
import { ProblemError, problem } from '../problem.ts';
import { Oid, problemResponses } from '../schemas.ts';
import type { TypedApp } from '../typed.ts';

const SetIdParams = Type.Object({ setId: Oid });

/**
 * A correction or visibility change of a legacy document is refused with 409 and the rule
 * (decideLegacyChange): it is archived as received and OmaKanta never shows it. Its invalidation
 * passes (the invalidation route keeps its entry, XHTML and file). Called by those routes after
 * the access decision, so only a caller who may act on the document learns why.
 */
export function refuseLegacyChange(m: { readonly documentGroup: string }, change: LegacyChange): void {
  const d = decideLegacyChange(m, change);
  if (!d.allowed) throw new ProblemError(problem('conflict', d.reason, { rule: d.rule }));
}

/** A file name safe inside a quoted Content-Disposition parameter. */
const safeName = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 200) || 'document';

export function legacyRoutes(app: TypedApp, ctx: ServerContext): void {
  const blobs = ctx.config.blobDir !== undefined ? new BlobStore(ctx.config.blobDir) : undefined;

  app.get(
    '/documents/:setId/file',
    {
      schema: {
        tags: ['documents'],
        summary: 'The archived file of a legacy document (PDF or plain text), as it was imported',
        description:
          'Decided as reading the document (document.read) and audited as a read. The bytes are ' +
          'checked against the SHA-256 the document names before they are sent. 404 alike for a ' +
          'document that is missing, not allowed or has no file.',
        params: SetIdParams,
        response: {
          200: Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary' }),
          ...problemResponses(400, 401, 404),
        },
      },
    },
    async (request, reply) => {
      const { file, bytes } = await act(ctx, request, 'document.file.read', async (tx, note, actor) => {
        await loadForAction(tx, actor, 'document.read', request.params.setId, note);
        const f = await getDocumentFile(tx, request.params.setId);
        if (!f) throw hide('not_found', 'the document has no file');
        if (!blobs) throw new Error('no blob directory is configured: documents with files cannot be served');
        const data = await blobs.read(f.sha256);
        // The row says the file exists: a missing or altered blob is damage to report, not a 404.
        if (!data) throw new Error(`blob ${f.sha256} of document ${f.setId} is missing`);
        if (BlobStore.sha256(data) !== f.sha256)
          throw new Error(`blob ${f.sha256} of document ${f.setId} is altered`);
        return { file: f, bytes: data };
      });
      return reply
        .header('content-type', file.mediaType)
        .header('content-disposition', `attachment; filename="${safeName(file.name)}"`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'no-store')
        .header('digest', `sha-256=${Buffer.from(file.sha256, 'hex').toString('base64')}`)
        .send(bytes);
    },
  );
}
