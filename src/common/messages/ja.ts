import type { Translation } from './translation';

/**
 * Japanese. A stub until the area catalogues (`ja-*.ts`, one per `en-*.ts`) are written: it translates the consent
 * buttons and two grants only, and is not `complete`, so the completeness test does not hold it to every key yet.
 */
export const JA: Translation = {
  complete: false,
  messages: {
    'consent.allow': '許可する',
    'consent.cancel': 'キャンセル',
    'grant-description.basic': '基本的な権限',
    'grant-description.editpage': '既存のページを編集',
  },
};
