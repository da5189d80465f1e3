import type { EN_GRANTS } from './en-grants';

/** עברית: "My grants": the apps a person authorized, and revoking them. */
export const HE_GRANTS: Record<keyof typeof EN_GRANTS, string> = {
  'grants.title': 'ההרשאות שלי',
  'grants.intro':
    'האפליקציות האלה רשאיות לפעול בשמך. כדי לעצור אחת מהן, יש לבטל את הגישה שהוענקה לה; האסימונים שלה יפסיקו לפעול.',
  'grants.empty': 'עדיין לא הוענקה גישה לאף אפליקציה.',
  'grants.done.revoked': 'הגישה בוטלה. האפליקציה לא יכולה עוד לפעול בשמך.',
  'grants.column.application': 'אפליקציה',
  'grants.column.publisher': 'מפרסם',
  'grants.column.grants': 'הרשאות',
  'grants.column.site': 'אתר',
  'grants.column.authorized': 'מועד הענקת הגישה',
  'grants.manage': 'ניהול',
  'grants.manage.title': 'הגישה שהוענקה ל-{name}',
  'grants.manage.granted': 'הרשאות שניתנו',
  'grants.manage.revoke-intro':
    'ביטול הגישה מבטל את כל ההרשאות שלמעלה: האפליקציה לא תוכל עוד לפעול בשמך, וכל אסימון שברשותה יפסיק לפעול. אפשר להעניק לה גישה שוב בהמשך.',
  'grants.manage.revoke': 'ביטול הגישה',
  'grants.manage.back': 'חזרה אל "ההרשאות שלי"',
  'grants.oauth-version': 'גרסת OAuth',
  'grants.site.all': 'כל האתרים',
};
