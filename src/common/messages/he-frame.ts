import type { EN_FRAME } from './en-frame';

/** עברית: the frame every page shares, the sign-in form, and the pages of the OAuth handshakes. */
export const HE_FRAME: Record<keyof typeof EN_FRAME, string> = {
  'frame.title': '{title} · Gatehouse',
  'frame.navigation': 'ראשי',
  'frame.sign-in': 'התחברות',
  'frame.signed-in-as': 'החשבון המחובר: {name}',
  'frame.sign-out': 'התנתקות',
  'frame.unread': '{count} שלא נקראו',
  'frame.copy': 'העתקה',
  'frame.copied': 'הועתק',
  'sign-in.title': 'התחברות',
  'sign-in.second-factor-title': 'אימות דו-שלבי',
  'sign-in.second-factor-intro':
    'יש להזין את הקוד בן 6 הספרות שמוצג באפליקציית האימות, או אחד מקודי השחזור אם האפליקציה אינה בהישג יד.',
  'sign-in.second-factor-code': 'קוד',
  'sign-in.second-factor-submit': 'המשך',
  'sign-in.second-factor-key': 'שימוש במפתח אבטחה',
  'sign-in.second-factor-key-failed': 'מפתח האבטחה לא הגיב. אפשר לנסות שוב או להקליד קוד.',
  'sign-in.user-name': 'שם משתמש',
  'sign-in.password': 'סיסמה',
  'sign-in.upstream-title': 'או התחברות עם חשבון החברה',
  'sign-in.upstream-button': 'התחברות עם {provider}',
  'sign-in.submit': 'התחברות',
  'sign-in.recovery-code': 'קוד שחזור',
  'sign-in.recovery-code-help':
    'החשבון ננעל בגלל ניסיונות רבים מדי? אם בחשבון מופעל אימות דו־שלבי, אפשר להתחבר כבר עכשיו עם הסיסמה ועם אחד מקודי השחזור. לאחר השימוש הקוד לא יהיה תקף עוד.',
  'sign-in.form-expired': 'תוקף הטופס פג. יש להתחבר שוב.',
  'consent.title': 'לאפשר ל-{app} להשתמש בחשבון שלך?',
  'consent.who': 'האפליקציה {app} (גרסה {version}) מאת {owner} מבקשת לפעול בשמך {where}.',
  'consent.every-site': 'בכל האתרים',
  'consent.this-site': 'באתר זה',
  'consent.able-to': 'האפליקציה תוכל:',
  'consent.resource': 'הגישה מוגבלת ל-{resource} ({url}).',
  'consent.revocable': 'אפשר לבטל את הגישה בכל עת בדף "ההרשאות שלי".',
  'consent.allow': 'אישור',
  'consent.cancel': 'ביטול',
  'consent.cancelled-title': 'הענקת הגישה בוטלה',
  'consent.cancelled': 'בחרת שלא לאפשר ל-"{app}" גישה לחשבון שלך. האפליקציה "{app}" לא תפעל כל עוד לא תוענק לה גישה.',
  'consent.verified-title': 'הענקת הגישה הושלמה',
  'consent.verified': 'כדי להשלים את החיבור, יש למסור לאפליקציה את קוד האימות הזה:',
  'consent.request-token': 'אסימון בקשה:',
  'form-post.title': 'חוזרים לאפליקציה',
  'form-post.explanation': 'התשובה נשלחת בחזרה אל {host}. אם לא קורה דבר, יש ללחוץ על "המשך".',
  'form-post.continue': 'המשך',
  'authorize-error.title': 'שגיאה בחיבור האפליקציה',
  'authorize-error.invalid_client':
    'אימות הלקוח נכשל (לדוגמה: לקוח לא מוכר, הבקשה לא כללה אימות לקוח, או ששיטת האימות אינה נתמכת).',
  'authorize-error.invalid_request':
    'בבקשה חסר פרמטר נדרש, יש בה ערך פרמטר לא תקין, פרמטר מופיע בה יותר מפעם אחת, או שהיא פגומה בדרך אחרת.',
  'authorize-error.access_denied': 'בעל המשאב או שרת ההרשאות דחה את הבקשה.',
  'authorize-error.other': 'לא ניתן להשלים את בקשת ההרשאה.',
  'authorize-error.advice': 'דבר לא נשלח לאפליקציה. אפשר לחזור אליה ולנסות שוב, או לפנות למפתחים שלה.',
  'authorize-review.title': 'ממתינה לבדיקה',
  'authorize-review.body':
    'האפליקציה {app} נרשמה לשרת זה באופן אוטומטי, ומנהלי המערכת שלך טרם בדקו אותה. עד שיאשרו אותה, היא לא תוכל להכניס אותך למערכת או לפעול בשמך.',
  'authorize-review.advice':
    'דבר לא נשלח לאפליקציה. אפשר לנסות שוב לאחר שמנהלי המערכת יאשרו אותה, או לבקש מהם לבדוק אותה.',
  'consent.unreviewed':
    'אפליקציה זו נרשמה באופן אוטומטי, ואף אדם בארגון שלך לא בדק אותה. יש לאשר אותה רק אם הפעלת אותה בעצמך ואם היא מהימנה בעיניך.',
};
