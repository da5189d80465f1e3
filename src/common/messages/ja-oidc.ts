import type { EN_OIDC } from './en-oidc';

/** 日本語: OpenID Connect's pages: RP-Initiated Logout 1.0's confirmation and its answers. */
export const JA_OIDC: Record<keyof typeof EN_OIDC, string> = {
  'oidc-logout.title': 'ログアウト',
  'oidc-logout.question': 'Gatehouse からログアウトしますか？',
  'oidc-logout.asked-by': '{app} がログアウトを求めています。',
  'oidc-logout.effect': 'このセッションでログインしたすべてのアプリケーションに、ログアウトしたことが通知されます。',
  'oidc-logout.confirm': 'ログアウト',
  'oidc-logout.stay': 'ログインしたままにする',
  'oidc-logout.done-title': 'ログアウトしました',
  'oidc-logout.done': 'Gatehouse からログアウトしました。',
  'oidc-logout.stayed-title': 'ログインしたままです',
  'oidc-logout.stayed': 'Gatehouse にはログインしたままです。',
  'oidc-logout.error-title': 'ログアウトのエラー',
  'oidc-logout.error-advice':
    'このページに移動させたアプリケーションの設定に誤りがあるため、そのアプリケーションには戻っていません。',
};
