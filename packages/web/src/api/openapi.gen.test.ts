import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { GENERATED, generatedText } from '../../scripts/openapi-types.ts';
import type {
  AccessAction,
  ActorView,
  Case,
  Clienthood,
  DocumentSummary,
  DocumentVersion,
  Explanation,
  LoginMethod,
  Person,
  StoreDocumentBody,
  UsageRightChange,
} from './index.ts';

// A type that resolved to `never` would let any use of it typecheck: each must be a real shape.
type Real<T> = [T] extends [never] ? false : true;
const real: [
  Real<ActorView>,
  Real<Person>,
  Real<Clienthood>,
  Real<Case>,
  Real<DocumentSummary>,
  Real<DocumentVersion>,
  Real<StoreDocumentBody>,
  Real<Explanation>,
  Real<UsageRightChange>,
  Real<AccessAction>,
  Real<LoginMethod>,
] = [true, true, true, true, true, true, true, true, true, true, true];

test("the API types are the server's: openapi.gen.ts is what the OpenAPI document generates now", async () => {
  assert.ok(real.every(Boolean));
  const fresh = await generatedText();
  const committed = readFileSync(GENERATED, 'utf8');
  assert.ok(
    fresh === committed,
    "packages/web/src/api/openapi.gen.ts differs from the server's OpenAPI document: " +
      'run `node --import tsx packages/web/scripts/openapi-types.ts` and commit the result',
  );
  // The shapes the workspace depends on are there.
  for (const path of [
    "'/access/explain'",
    "'/clients/{clientKey}/care-relations'",
    "'/usage-rights/notices'",
  ]) {
    assert.ok(committed.includes(path), path);
  }
});
