// i18next set up with the three resource files. Finnish is the default; the choice is remembered
// in localStorage and mirrored to <html lang> so that screen readers switch pronunciation too.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import { fi, type Messages } from './fi.ts';
import { sv } from './sv.ts';

export const LANGUAGES = ['fi', 'sv', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const RESOURCES: Readonly<Record<Language, Messages>> = { fi, sv, en };

const STORAGE_KEY = 'varanto.language';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function storedLanguage(): Language {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLanguage(v) ? v : 'fi';
  } catch {
    return 'fi';
  }
}

export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : 'fi';
}

export async function setLanguage(lang: Language): Promise<void> {
  await i18next.changeLanguage(lang);
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // Storage may be disabled; the choice then lasts for this page only.
  }
}

export async function initI18n(): Promise<void> {
  i18next.on('languageChanged', (lng) => {
    if (typeof document !== 'undefined') document.documentElement.lang = lng;
  });
  await i18next.use(initReactI18next).init({
    resources: { fi: { translation: fi }, sv: { translation: sv }, en: { translation: en } },
    lng: storedLanguage(),
    fallbackLng: 'fi',
    supportedLngs: [...LANGUAGES],
    // React escapes what it renders; escaping here too would show entities to the user.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
}
