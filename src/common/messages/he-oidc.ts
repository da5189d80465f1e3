import type { EN_OIDC } from './en-oidc';

/** עברית: OpenID Connect's pages: RP-Initiated Logout 1.0's confirmation and its answers. */
export const HE_OIDC: Record<keyof typeof EN_OIDC, string> = {
  'oidc-logout.title': 'התנתקות',
  'oidc-logout.question': 'להתנתק מ-Gatehouse?',
  'oidc-logout.asked-by': 'האפליקציה {app} מבקשת לנתק אותך.',
  'oidc-logout.effect': 'כל אפליקציה שהתחברת אליה בהפעלה זו תקבל הודעה על ההתנתקות.',
  'oidc-logout.confirm': 'התנתקות',
  'oidc-logout.stay': 'לא להתנתק',
  'oidc-logout.done-title': 'ההתנתקות הושלמה',
  'oidc-logout.done': 'התנתקת מ-Gatehouse.',
  'oidc-logout.stayed-title': 'החיבור נשמר',
  'oidc-logout.stayed': 'החיבור שלך ל-Gatehouse נשמר.',
  'oidc-logout.error-title': 'שגיאה בהתנתקות',
  'oidc-logout.error-advice': 'האפליקציה ששלחה אותך לכאן מוגדרת באופן שגוי, ולכן לא הוחזרת אליה.',
};
