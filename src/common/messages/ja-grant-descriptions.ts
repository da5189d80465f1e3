import type { EN_GRANT_DESCRIPTIONS } from './en-grant-descriptions';

/**
 * 日本語: what each grant, grant group and right means, as the consent pages, the registration form and
 * `GET /api/grants?lang=ja` show it. Keys: `grant-description.<grant>` (the English is the grant's `description` in
 * src/grants/default-grants.ts), `grant-group.<group>` and `right-description.<right>` (src/common/auth/rights.ts).
 */
export const JA_GRANT_DESCRIPTIONS: Record<keyof typeof EN_GRANT_DESCRIPTIONS, string> = {
  'grant-description.basic': '基本的なユーザー権限',
  'grant-description.highvolume': '大量処理（ボット）のためのアクセス',
  'grant-description.import': '版のインポート',
  'grant-description.editpage': '既存のページの編集',
  'grant-description.editprotected': '保護されたページの編集',
  'grant-description.editmycssjs': '自分のユーザー CSS/JSON/JavaScript の編集',
  'grant-description.editmyoptions': '自分の個人設定と JSON 設定の編集',
  'grant-description.editinterface': 'MediaWiki 名前空間と、サイト全体およびユーザーの JSON の編集',
  'grant-description.editsiteconfig': 'サイト全体およびユーザーの CSS/JS の編集',
  'grant-description.createeditmovepage': 'ページの作成、編集、移動',
  'grant-description.uploadfile': '新しいファイルのアップロード',
  'grant-description.uploadeditmovefile': 'ファイルのアップロード、置き換え、移動',
  'grant-description.patrol': 'ページの変更の巡回',
  'grant-description.rollback': 'ページの変更の巻き戻し',
  'grant-description.blockusers': 'ユーザーのブロックとブロック解除',
  'grant-description.viewdeleted': '削除されたファイルとページの閲覧',
  'grant-description.viewrestrictedlogs': '閲覧が制限されたログ項目の閲覧',
  'grant-description.delete': 'ページ、版、ログ項目の削除',
  'grant-description.oversight': 'ユーザーの非表示化と版の秘匿',
  'grant-description.protect': 'ページの保護と保護解除',
  'grant-description.viewmywatchlist': '自分のウォッチリストの閲覧',
  'grant-description.editmywatchlist': '自分のウォッチリストの編集',
  'grant-description.sendemail': '他のユーザーへのメール送信',
  'grant-description.createaccount': 'アカウントの作成',
  'grant-description.privateinfo': '非公開情報へのアクセス',
  'grant-description.mergehistory': 'ページの履歴の統合',
  'grant-description.mwoauth-authonly':
    'ユーザーの本人確認のみを行います。ページの閲覧や、ユーザーに代わって操作することはできません。',
  'grant-description.mwoauth-authonlyprivate':
    '本名とメールアドレスを含めた、ユーザーの本人確認のみを行います。ページの閲覧や、ユーザーに代わって操作することはできません。',
  'grant-description.openid':
    'あなたのアカウントでログインします（OpenID Connect）。アプリケーションにわかるのは、あなたが誰かということだけです。',
  'grant-description.profile': 'ユーザー名と本名。ログイン時にアプリケーションに提供されます。',
  'grant-description.email': 'メールアドレスと、それが確認済みかどうか。ログイン時にアプリケーションに提供されます。',
  'grant-description.offline_access':
    '不在時もアクセスを維持します。アプリケーションは、改めて確認を求めることなくログイン状態を更新できます。',
  'grant-description.oauthmanageownclient':
    '自分の OAuth クライアントの管理：クライアントの申請と更新、および認可したアプリケーションの管理',
  'grant-description.introspect':
    'トークンのイントロスペクション（RFC 7662）：この権限を持つゲートウェイやリソースサーバーは、このサーバーが発行したすべてのトークンを、誰のものであっても検査できます',
  'grant-description.token-exchange':
    '他のアプリケーションに与えたアクセス権による代理操作（RFC 8693 トークン交換）：このサービスは、他のアプリケーションが保持するあなたのトークンを自分用のトークンと交換できます。ただし、両方のアプリケーションとあなたが許可した範囲を超えることはありません',
};
