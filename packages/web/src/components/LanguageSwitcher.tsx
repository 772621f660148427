import { useTranslation } from 'react-i18next';
import { LanguageMenu, LanguageMenuItem } from 'suomifi-ui-components';
import { useLanguage } from '../hooks.ts';
import { LANGUAGES, setLanguage } from '../i18n/index.ts';

export function LanguageSwitcher() {
  const { t } = useTranslation();
  const lang = useLanguage();
  return (
    <LanguageMenu
      className="language-switcher"
      buttonText={lang.toUpperCase()}
      aria-label={t('language.menuLabel', { language: t(`language.${lang}`) })}
    >
      {LANGUAGES.map((l) => (
        <LanguageMenuItem key={l} lang={l} selected={l === lang} onSelect={() => void setLanguage(l)}>
          {`${t(`language.${l}`)} (${l.toUpperCase()})`}
        </LanguageMenuItem>
      ))}
    </LanguageMenu>
  );
}
