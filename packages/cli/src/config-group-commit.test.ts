// VARANTO_GROUP_COMMIT reaches the server's configuration as a switch: off unless set, refused when
// it is neither on nor off.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, configFromEnv } from './config.ts';

test('VARANTO_GROUP_COMMIT: off by default, 1/0 and on/off accepted, anything else refused', () => {
  assert.equal(configFromEnv({}).groupCommit, false);
  assert.equal(configFromEnv({ VARANTO_GROUP_COMMIT: '1' }).groupCommit, true);
  assert.equal(configFromEnv({ VARANTO_GROUP_COMMIT: 'on' }).groupCommit, true);
  assert.equal(configFromEnv({ VARANTO_GROUP_COMMIT: '0' }).groupCommit, false);
  assert.throws(() => configFromEnv({ VARANTO_GROUP_COMMIT: 'maybe' }), ConfigError);
});
