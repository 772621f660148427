// The five TypeScript emit helpers that suomifi-ui-components' compiled output imports from
// `tslib`. That package uses tslib without declaring it as a dependency, so the bundler would not
// find it; vite.config.ts aliases `tslib` here instead. Semantics follow tslib 2.x (0BSD).
// Remove this file and the alias once `tslib` is a dependency of @varanto/web.

type Obj = Record<PropertyKey, unknown>;

export const __assign: (target: Obj, ...sources: Obj[]) => Obj = Object.assign;

export function __rest(source: Obj, exclude: readonly PropertyKey[]): Obj {
  const out: Obj = {};
  for (const key of Object.keys(source)) {
    if (!exclude.includes(key)) out[key] = source[key];
  }
  for (const sym of Object.getOwnPropertySymbols(source)) {
    if (!exclude.includes(sym) && Object.prototype.propertyIsEnumerable.call(source, sym))
      out[sym] = source[sym];
  }
  return out;
}

type Ctor = { prototype: object | null } & ((...args: unknown[]) => unknown);

export function __extends(derived: Ctor, base: Ctor | null): void {
  if (typeof base !== 'function' && base !== null) {
    throw new TypeError(`Class extends value ${String(base)} is not a constructor or null`);
  }
  Object.setPrototypeOf(derived, base ?? Function.prototype);
  derived.prototype =
    base === null
      ? Object.create(null)
      : Object.create(base.prototype, {
          constructor: { value: derived, writable: true, configurable: true },
        });
}

export function __makeTemplateObject(cooked: string[], raw: string[]): TemplateStringsArray {
  Object.defineProperty(cooked, 'raw', { value: raw });
  return cooked as unknown as TemplateStringsArray;
}

// Holes in `from` become undefined, as with tslib's packing; the result is a new array.
export function __spreadArray<T>(to: readonly T[], from: ArrayLike<T>): T[] {
  return to.concat(Array.from(from));
}
