import type { EN_ACCOUNT } from './en-account';

/** 日本語: the signed-in person's own account pages: the security page and the change of password. */
export const JA_ACCOUNT: Record<keyof typeof EN_ACCOUNT, string> = {
  'account.password.title': 'パスワードの変更',
  'account.password.intro':
    '新しいパスワードを設定してください。ログインしている他のすべての場所からはログアウトされます。',
  'account.password.required':
    '管理者がパスワードをリセットしました。続行する前に新しいパスワードを設定してください。設定が済むまで、他の操作はできません。',
  'account.password.current': '現在のパスワード',
  'account.password.new': '新しいパスワード',
  'account.password.new-help':
    '{min} 文字以上で設定してください。ユーザー名と同じもの、およびよく使われるパスワードは使用できません。',
  'account.password.confirm': '新しいパスワード（確認）',
  'account.password.mismatch': '2 つの新しいパスワードが一致しません。',
  'account.password.missing': 'この項目は必須です。',
  'account.password.button': 'パスワードを変更',
  'account.password.done': 'パスワードを変更しました。他のセッションはログアウトされました。',
  'account.security.title': 'セキュリティ',
  'account.security.intro':
    'ログインしている場所の一覧です。心当たりのないものがあれば終了し、パスワードを変更してください。',
  'account.security.change-password': 'パスワードを変更',
  'account.security.sessions': 'あなたのセッション',
  'account.security.browser': 'ブラウザー',
  'account.security.address': 'アドレス',
  'account.security.signed-in': 'ログイン日時',
  'account.security.last-seen': '最終利用日時',
  'account.security.this-one': 'このブラウザー',
  'account.security.end': '終了',
  'account.security.end-others': '他のすべての場所からログアウト',
  'account.security.ended': 'セッションを終了しました。',
  'account.security.ended-others': '他のすべてのセッションを終了しました。',
  'account.security.unknown-browser': '不明なブラウザー',
  'account.security.two-factor': '2 要素認証',
  'account.two-factor.title': '2 要素認証',
  'account.two-factor.required':
    'あなたのグループでは 2 要素認証が必須です。続行する前に設定してください。設定が済むまで、他の操作はできません。',
  'account.two-factor.off':
    '2 要素認証はオフです。オンにすると、ログイン時にスマートフォンの認証アプリに表示されるコードの入力も求められます。',
  'account.two-factor.on': '2 要素認証はオンです。残りのリカバリーコード：{count} 個。',
  'account.two-factor.start': '2 要素認証を設定',
  'account.two-factor.scan':
    'このコードを認証アプリでスキャンするか、下のキーを認証アプリに入力してください。その後、アプリに表示される 6 桁のコードを入力してください。',
  'account.two-factor.key': 'キー',
  'account.two-factor.code': 'アプリに表示されたコード',
  'account.two-factor.confirm': 'オンにする',
  'account.two-factor.codes-title': 'リカバリーコード',
  'account.two-factor.codes-intro':
    '2 要素認証がオンになりました。これらのコードは安全な場所に保管してください。スマートフォンをなくした場合、各コードで 1 回ずつログインできます。コードが表示されるのは今回だけです。',
  'account.two-factor.continue': '続行',
  'account.two-factor.disable-code': 'アプリに表示されたコード、またはリカバリーコード',
  'account.two-factor.disable': 'オフにする',
  'account.two-factor.disabled': '2 要素認証はオフになりました。',
  'account.two-factor.on-keys':
    '2 要素認証はセキュリティキーでオンになっています。残りのリカバリーコード：{count} 個。認証アプリを設定することもできます。',
  'account.two-factor.keys-title': 'セキュリティキーとパスキー',
  'account.two-factor.keys-none':
    'セキュリティキーはまだありません。ログイン時には、認証アプリの代わりにセキュリティキーやパスキーを使用できます。',
  'account.two-factor.key-name': 'キーの名前',
  'account.two-factor.key-added-on': '追加日時',
  'account.two-factor.key-last-used': '最終使用日時',
  'account.two-factor.key-never-used': '未使用',
  'account.two-factor.key-add': 'セキュリティキーを追加',
  'account.two-factor.key-remove': '削除',
  'account.two-factor.key-added': 'セキュリティキーを追加しました。',
  'account.two-factor.key-removed': 'セキュリティキーを削除しました。',
  'account.two-factor.key-needs-script':
    'セキュリティキーを追加するには、このブラウザーで JavaScript が有効になっている必要があります。',
  'account.two-factor.key-failed': 'セキュリティキーを追加できませんでした。もう一度お試しください。',
};
