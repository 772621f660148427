import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Button,
  InlineAlert,
  Paragraph,
  RadioButton,
  RadioButtonGroup,
  TextInput,
} from 'suomifi-ui-components';
import { ApiError, api, type LoginMethod, type LoginResponse } from '../api/index.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { PageHeading } from '../components/PageHeading.tsx';

export function LoginPage({ onLogin }: { onLogin: (r: LoginResponse) => void }) {
  const { t } = useTranslation();
  const [login, setLogin] = useState('');
  const [method, setMethod] = useState<LoginMethod>('certificate-card-demo');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState(false);
  const [failure, setFailure] = useState<unknown>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (login.trim() === '') {
      setMissing(true);
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      onLogin(await api.login(login.trim(), method, method === 'password' ? password : undefined));
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <PageHeading>{t('login.title')}</PageHeading>
      <Paragraph mb="m">{t('login.intro')}</Paragraph>
      <form onSubmit={submit} noValidate className="login-form">
        <TextInput
          id="login-name"
          labelText={t('login.login')}
          autoComplete="username"
          value={login}
          onChange={(v) => {
            setLogin(String(v ?? ''));
            setMissing(false);
          }}
          {...(missing ? { status: 'error' as const, statusText: t('login.required') } : {})}
        />
        <RadioButtonGroup
          labelText={t('login.method')}
          name="method"
          value={method}
          onChange={(v) => setMethod(v === 'password' ? 'password' : 'certificate-card-demo')}
          className="login-method"
        >
          <RadioButton value="certificate-card-demo" hintText={t('login.methodCardHint')}>
            {t('login.methodCard')}
          </RadioButton>
          <RadioButton value="password" hintText={t('login.methodPasswordHint')}>
            {t('login.methodPassword')}
          </RadioButton>
        </RadioButtonGroup>
        {method === 'password' && (
          <TextInput
            id="login-password"
            type="password"
            autoComplete="current-password"
            labelText={t('login.password')}
            value={password}
            onChange={(v) => setPassword(String(v ?? ''))}
          />
        )}
        {failure !== undefined &&
          (failure instanceof ApiError && (failure.status === 401 || failure.status === 429) ? (
            <InlineAlert status="error" className="login-failed">
              {failure.status === 429 ? t('login.rateLimited') : t('login.failed')}
            </InlineAlert>
          ) : (
            <ErrorMessage error={failure} />
          ))}
        <Button type="submit" disabled={busy} className="login-submit">
          {t('login.submit')}
        </Button>
      </form>
    </div>
  );
}
