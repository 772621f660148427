import { type DependencyList, useCallback, useEffect, useState } from 'react';
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

/** The UI language, re-rendering on change. */
export function useLanguage(): Language {
  const { i18n } = useTranslation();
  void i18n.language;
  return currentLanguage();
}
