import type { ReactNode } from 'react';
import { Alert } from '../../components/Alert';
import { PageHeader } from '../../components/PageHeader';
import { BackToLoginLink } from './BackToLoginLink';

/** A signed-out page that can only say why it cannot go on (no token, sign-up switched off) and lead back to sign-in. */
export function AuthNotice({ title, tone, children }: { title: string; tone: 'info' | 'error'; children: ReactNode }) {
  return (
    <>
      <PageHeader title={title} />
      <Alert tone={tone}>{children}</Alert>
      <BackToLoginLink />
    </>
  );
}
