import { useState } from 'react';
import { Link, Navigate, useLocation, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { PageHeader } from '../../components/PageHeader';
import type { MfaChallenge, Tokens } from '../../auth/authApi';
import { useAuthSession, useAuthState } from '../../auth/AuthProvider';
import { safeNextPath } from '../../auth/redirects';
import type { LoginRedirectState } from '../../auth/RequireAuth';
import { LoginForm } from './LoginForm';
import { MfaStep } from './MfaStep';
import { useAuthOptions } from './useAuthOptions';

function wasExpired(state: unknown): boolean {
  return typeof state === 'object' && state !== null && (state as LoginRedirectState).expired === true;
}

/** /login: email and password, then a code when the user has MFA; back to ?next= afterwards. */
export function LoginPage() {
  const { t } = useTranslation();
  const session = useAuthSession();
  const authState = useAuthState();
  const location = useLocation();
  const [searchParams] = useSearchParams();
  const [challenge, setChallenge] = useState<MfaChallenge>();
  const next = safeNextPath(searchParams.get('next'));
  const options = useAuthOptions();

  // Signed in (now, or already when the page was opened): on to where the user was going.
  if (authState.status === 'signedIn') return <Navigate to={next} replace />;

  const signedIn = (tokens: Tokens) => session.signIn(tokens);

  return (
    <>
      <PageHeader
        title={challenge ? t('auth.mfa.title') : t('auth.login.title')}
        description={challenge ? undefined : t('auth.login.description')}
      />
      {wasExpired(location.state) && !challenge && (
        <div className="mb-5">
          <Alert tone="info">{t('auth.login.expired')}</Alert>
        </div>
      )}
      {challenge ? (
        <MfaStep challenge={challenge} onSignedIn={signedIn} onStartOver={() => setChallenge(undefined)} />
      ) : (
        <LoginForm onSignedIn={signedIn} onMfaRequired={setChallenge} />
      )}
      {!challenge && options.data?.signup_enabled && (
        <p className="mt-6 border-t border-slate-200 pt-5 text-center text-sm text-slate-600">
          {t('auth.login.noWorkspace')}{' '}
          <Link to="/signup" className="font-medium text-indigo-700 hover:text-indigo-900 hover:underline">
            {t('auth.login.signup')}
          </Link>
        </p>
      )}
    </>
  );
}
