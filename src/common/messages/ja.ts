import { JA_ACCOUNT } from './ja-account';
import { JA_ADMIN } from './ja-admin';
import { JA_COMMON } from './ja-common';
import { JA_CONSUMERS } from './ja-consumers';
import { JA_DEVICE } from './ja-device';
import { JA_FRAME } from './ja-frame';
import { JA_GRANT_DESCRIPTIONS } from './ja-grant-descriptions';
import { JA_GRANTS } from './ja-grants';
import { JA_NOTIFICATIONS } from './ja-notifications';
import { JA_OIDC } from './ja-oidc';
import { JA_PREFERENCES } from './ja-preferences';
import type { Translation } from './translation';

/*
 * The Japanese catalogue, written for Gatehouse in the polite です/ます form of a company's sign-in and admin pages.
 * Labels and buttons are nouns or short verb phrases (「登録」「パスワードを変更」); sentences end in です/ます.
 * Terms of art stay in Latin letters: OAuth, OpenID Connect, URL, URI, PKCE, DPoP, JWKS, TOTP, WebAuthn, grant ids,
 * rights such as mwoauthmanageconsumer, MediaWiki, Gatehouse. A space separates Latin words and numbers from kana.
 *
 * Glossary (one Japanese term per English one, everywhere):
 *   consumer (admin, OAuth 1.0a)  コンシューマー        application, app   アプリケーション
 *   client (OAuth 2)              クライアント           confidential client  機密クライアント
 *   grant (permission bundle)     権限                   right (of a user)  ユーザー権限
 *   grant type (OAuth 2)          グラントタイプ         scope              スコープ
 *   authorize / authorization     認可する / 認可        consent            同意
 *   allow (the consent button)    許可する               My grants          許可済みのアプリケーション
 *   revoke                        取り消す               approve            承認する
 *   reject                        却下する               disable            無効にする（無効化）
 *   re-enable                     再び有効にする（再有効化）  suppress       秘匿する
 *   stage                         状態                   proposed           申請中
 *   publisher                     公開者                 owner-only         所有者専用（自分専用 in the owner's own form）
 *   callback URL                  コールバック URL       access token       アクセストークン
 *   secret                        シークレット           sign in / sign out ログイン / ログアウト
 *   session                       セッション             two-factor authentication  2 要素認証
 *   authenticator app             認証アプリ             recovery code      リカバリーコード
 *   security key / passkey        セキュリティキー / パスキー  block        ブロックする
 *   review queue                  審査キュー             notification       通知
 */
/** Every English message has its counterpart here (translations.spec.ts and catalogue.spec.ts prove it). */
export const JA: Translation = {
  complete: true,
  messages: {
    ...JA_FRAME,
    ...JA_COMMON,
    ...JA_CONSUMERS,
    ...JA_ADMIN,
    ...JA_GRANTS,
    ...JA_NOTIFICATIONS,
    ...JA_OIDC,
    ...JA_ACCOUNT,
    ...JA_DEVICE,
    ...JA_PREFERENCES,
    ...JA_GRANT_DESCRIPTIONS,
  },
};
