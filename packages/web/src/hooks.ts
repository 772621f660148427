import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from './i18n/index.ts';
import { currentLanguage } from './i18n/index.ts';

export type Async<T> =
  | { state: 'loading' }
  | { state: 'error'; error: unknown }
  | { state: 'done'; value: T };

/** Runs `load` when the dependencies change; a result that arrives after a newer load is dropped. */
export function useAsync<T>(load: () => Promise<T>, deps: DependencyList): Async<T> & { reload: () => void } {
  const [result, setResult] = useState<Async<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what the load depends on
  useEffect(() => {
    let live = true;
    setResult({ state: 'loading' });
    load().then(
      (value) => live && setResult({ state: 'done', value }),
      (error: unknown) => live && setResult({ state: 'error', error }),
    );
    return () => {
      live = false;
    };
  }, [...deps, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...result, reload };
}

/**
 * A list fetched page by page (`load(0)` anew when the dependencies change, `load(items.length)`
 * for more). A page that arrives after the view changed — another person viewed on behalf, another
 * filter — is dropped: a slow answer for the previous view must not replace the current one.
 */
export function usePagedList<T>(
  fetchPage: (offset: number) => Promise<{ items: T[]; total: number }>,
  deps: DependencyList,
): { items: T[]; total: number | undefined; error: unknown; load: (offset: number) => void } {
  const [items, setItems] = useState<T[]>([]);
  const [total, setTotal] = useState<number>();
  const [error, setError] = useState<unknown>();
  const generation = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what the fetch depends on
  const load = useCallback(
    (offset: number) => {
      const mine = offset === 0 ? ++generation.current : generation.current;
      setError(undefined);
      fetchPage(offset).then(
        (page) => {
          if (mine !== generation.current) return;
          setItems((prev) => (offset === 0 ? page.items : [...prev, ...page.items]));
          setTotal(page.total);
        },
        (e: unknown) => {
          if (mine === generation.current) setError(e);
        },
      );
    },
    [...deps],
  );
  useEffect(() => load(0), [load]);
  return { items, total, error, load };
}

/** The UI language, re-rendering on change. */
export function useLanguage(): Language {
  const { i18n } = useTranslation();
  void i18n.language;
  return currentLanguage();
}
