import type { EN_FRAME } from './en-frame';

/** 日本語: the frame every page shares, the sign-in form, and the pages of the OAuth handshakes. */
export const JA_FRAME: Record<keyof typeof EN_FRAME, string> = {
  'frame.title': '{title} · Gatehouse',
  'frame.navigation': 'メイン',
  'frame.sign-in': 'ログイン',
  'frame.signed-in-as': '{name} としてログイン中',
  'frame.sign-out': 'ログアウト',
  'frame.unread': '未読 {count} 件',
  'frame.copy': 'コピー',
  'frame.copied': 'コピーしました',
  'sign-in.title': 'ログイン',
  'sign-in.second-factor-title': '2 要素認証',
  'sign-in.second-factor-intro':
    '認証アプリに表示されている 6 桁のコードを入力してください。アプリが手元にない場合は、リカバリーコードのいずれかを入力してください。',
  'sign-in.second-factor-code': 'コード',
  'sign-in.second-factor-submit': '続行',
  'sign-in.second-factor-key': 'セキュリティキーを使用',
  'sign-in.second-factor-key-failed':
    'セキュリティキーから応答がありませんでした。もう一度お試しいただくか、コードを入力してください。',
  'sign-in.user-name': 'ユーザー名',
  'sign-in.password': 'パスワード',
  'sign-in.upstream-title': 'または会社のアカウントでログイン',
  'sign-in.upstream-button': '{provider} でログイン',
  'sign-in.submit': 'ログイン',
  'sign-in.recovery-code': 'リカバリーコード',
  'sign-in.recovery-code-help':
    '試行回数が多すぎてログインできない場合、アカウントで 2 要素認証を有効にしていれば、パスワードとリカバリーコードの 1 つを入力してすぐにログインできます。使用したコードは無効になります。',
  'sign-in.form-expired': 'フォームの有効期限が切れました。もう一度ログインしてください。',
  'consent.title': '{app} にアカウントの使用を許可しますか？',
  'consent.who':
    '{owner} が公開している {app}（バージョン {version}）が、{where}あなたに代わって操作する許可を求めています。',
  'consent.every-site': 'すべてのサイトで',
  'consent.this-site': 'このサイトで',
  'consent.able-to': '許可すると、このアプリケーションは次のことができるようになります：',
  'consent.resource': 'アクセスできるのは {resource}（{url}）のみです。',
  'consent.revocable': 'この許可は「許可済みのアプリケーション」からいつでも取り消せます。',
  'consent.allow': '許可する',
  'consent.cancel': 'キャンセル',
  'consent.cancelled-title': '認可をキャンセルしました',
  'consent.cancelled':
    '「{app}」によるアカウントへのアクセスを許可しませんでした。許可しない限り、「{app}」はご利用いただけません。',
  'consent.verified-title': '認可が完了しました',
  'consent.verified': '次の確認コードをアプリケーションに入力して、接続を完了してください：',
  'consent.request-token': 'リクエストトークン：',
  'form-post.title': 'アプリケーションに戻っています',
  'form-post.explanation': '応答を {host} に送信しています。画面が切り替わらない場合は「続行」を押してください。',
  'form-post.continue': '続行',
  'authorize-error.title': 'アプリケーションの接続エラー',
  'authorize-error.invalid_client':
    'クライアント認証に失敗しました（不明なクライアント、クライアント認証が含まれていない、サポートされていない認証方式など）。',
  'authorize-error.invalid_request':
    'リクエストに必須パラメーターがない、パラメーターの値が無効である、同じパラメーターが複数回含まれている、またはその他の点で形式が正しくありません。',
  'authorize-error.access_denied': 'リソースオーナーまたは認可サーバーがリクエストを拒否しました。',
  'authorize-error.other': '認可リクエストを完了できません。',
  'authorize-error.advice':
    'アプリケーションには何も送信されていません。アプリケーションに戻ってもう一度お試しいただくか、その作成者にお知らせください。',
  'authorize-review.title': '審査待ち',
  'authorize-review.body':
    '「{app}」はこのサーバーに自動で登録されましたが、管理者による審査がまだ済んでいません。承認されるまで、このアプリケーションはあなたとしてサインインしたり、あなたに代わって操作したりできません。',
  'authorize-review.advice':
    'アプリケーションには何も送信されていません。管理者が承認した後にもう一度お試しいただくか、管理者に審査を依頼してください。',
  'consent.unreviewed':
    'このアプリケーションは自動で登録されたもので、組織内の誰も審査していません。ご自身で起動し、信頼できる場合にのみ許可してください。',
};
