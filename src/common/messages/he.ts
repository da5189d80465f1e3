import type { Translation } from './translation';

/**
 * Hebrew, the right-to-left language. A stub until the area catalogues (`he-*.ts`, one per `en-*.ts`) are written:
 * it translates the consent buttons and two grants only, and is not `complete`, so the completeness test does not hold it to every
 * key yet.
 */
export const HE: Translation = {
  complete: false,
  messages: {
    'consent.allow': 'אישור',
    'consent.cancel': 'ביטול',
    'grant-description.basic': 'הרשאות בסיסיות',
    'grant-description.editpage': 'עריכת דפים קיימים',
  },
};
