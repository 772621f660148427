// The structure definitions Varanto ships, generated from THL's Sosmeta exports by generate.ts.
// Static JSON imports keep them inside the module graph: no file system access at run time, and
// the runtime never depends on a Sosmeta folder being present.

import type { StructureDefinition } from '../model.ts';
import t1005 from './defs/1005.json' with { type: 'json' };
import t1011 from './defs/1011.json' with { type: 'json' };
import t1019 from './defs/1019.json' with { type: 'json' };
import t1505_1 from './defs/1505.1.json' with { type: 'json' };
import t1505_2 from './defs/1505.2.json' with { type: 'json' };
import t1505_8 from './defs/1505.8.json' with { type: 'json' };
import t1505_9 from './defs/1505.9.json' with { type: 'json' };
import t4006 from './defs/4006.json' with { type: 'json' };
import t4009 from './defs/4009.json' with { type: 'json' };
import t11001 from './defs/11001.json' with { type: 'json' };
import t15007 from './defs/15007.json' with { type: 'json' };
import t15008 from './defs/15008.json' with { type: 'json' };
import t15019 from './defs/15019.json' with { type: 'json' };
import t16009 from './defs/16009.json' with { type: 'json' };
import t19001 from './defs/19001.json' with { type: 'json' };
import t19002 from './defs/19002.json' with { type: 'json' };
import t19003 from './defs/19003.json' with { type: 'json' };
import t19004 from './defs/19004.json' with { type: 'json' };
import t19005 from './defs/19005.json' with { type: 'json' };
import t19006 from './defs/19006.json' with { type: 'json' };
import t19007 from './defs/19007.json' with { type: 'json' };
import t19008 from './defs/19008.json' with { type: 'json' };
import t19009 from './defs/19009.json' with { type: 'json' };
import t19010 from './defs/19010.json' with { type: 'json' };
import t19012 from './defs/19012.json' with { type: 'json' };
import t19013 from './defs/19013.json' with { type: 'json' };
import t19014 from './defs/19014.json' with { type: 'json' };
import t19015 from './defs/19015.json' with { type: 'json' };
import { loadDefinition } from './load.ts';

const RAW: readonly unknown[] = [
  t1505_1,
  t1505_2,
  t1505_8,
  t1505_9,
  t1005,
  t1011,
  t1019,
  t4006,
  t4009,
  t11001,
  t15007,
  t15008,
  t15019,
  t16009,
  t19001,
  t19002,
  t19003,
  t19004,
  t19005,
  t19006,
  t19007,
  t19008,
  t19009,
  t19010,
  t19012,
  t19013,
  t19014,
  t19015,
];

let loaded: readonly StructureDefinition[] | undefined;

/** The built-in definitions (one per type code), checked once and deep-frozen. */
export function builtinStructures(): readonly StructureDefinition[] {
  loaded ??= Object.freeze(RAW.map((raw, i) => loadDefinition(raw, `builtin definition #${i}`)));
  return loaded;
}

export { DefinitionShapeError, loadDefinition } from './load.ts';
