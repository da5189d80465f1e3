import type { EN_GRANTS } from './en-grants';

/** 日本語: "My grants": the apps a person authorized, and revoking them. */
export const JA_GRANTS: Record<keyof typeof EN_GRANTS, string> = {
  'grants.title': '許可済みのアプリケーション',
  'grants.intro':
    'これらのアプリケーションは、あなたに代わって操作できます。停止するには認可を取り消してください。そのアプリケーションのトークンは使えなくなります。',
  'grants.empty': 'まだどのアプリケーションも認可していません。',
  'grants.done.revoked': '認可を取り消しました。このアプリケーションは、今後あなたに代わって操作できません。',
  'grants.column.application': 'アプリケーション',
  'grants.column.publisher': '公開者',
  'grants.column.grants': '権限',
  'grants.column.site': 'サイト',
  'grants.column.authorized': '認可日時',
  'grants.manage': '管理',
  'grants.manage.title': '{name} の認可',
  'grants.manage.granted': '許可した権限',
  'grants.manage.revoke-intro':
    '取り消すと、上記のすべての権限が無効になります。アプリケーションはあなたに代わって操作できなくなり、保持しているすべてのトークンが使えなくなります。後から再び認可することもできます。',
  'grants.manage.revoke': '取り消す',
  'grants.manage.back': '許可済みのアプリケーションに戻る',
  'grants.oauth-version': 'OAuth のバージョン',
  'grants.site.all': 'すべてのサイト',
};
