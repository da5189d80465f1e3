import type { EN_GRANT_DESCRIPTIONS } from './en-grant-descriptions';

/**
 * עברית: what each grant, grant group and right means, as the consent pages, the registration form and
 * `GET /api/grants?lang=he` show it. Keys: `grant-description.<grant>` (the English is the grant's `description` in
 * src/grants/default-grants.ts), `grant-group.<group>` and `right-description.<right>` (src/common/auth/rights.ts).
 */
export const HE_GRANT_DESCRIPTIONS: Record<keyof typeof EN_GRANT_DESCRIPTIONS, string> = {
  'grant-description.basic': 'זכויות בסיסיות',
  'grant-description.highvolume': 'גישה בנפח גבוה (בוט)',
  'grant-description.import': 'ייבוא גרסאות',
  'grant-description.editpage': 'עריכת דפים קיימים',
  'grant-description.editprotected': 'עריכת דפים מוגנים',
  'grant-description.editmycssjs': 'עריכת קובצי ה-CSS/JSON/JavaScript האישיים שלך',
  'grant-description.editmyoptions': 'עריכת ההעדפות ותצורת ה-JSON האישיות שלך',
  'grant-description.editinterface': 'עריכת מרחב השם MediaWiki וקובצי JSON של האתר ושל משתמשים',
  'grant-description.editsiteconfig': 'עריכת קובצי CSS/JS של האתר ושל משתמשים',
  'grant-description.createeditmovepage': 'יצירה, עריכה והעברה של דפים',
  'grant-description.uploadfile': 'העלאת קבצים חדשים',
  'grant-description.uploadeditmovefile': 'העלאה, החלפה והעברה של קבצים',
  'grant-description.patrol': 'סימון שינויים בדפים כבדוקים',
  'grant-description.rollback': 'שחזור מהיר של שינויים בדפים',
  'grant-description.blockusers': 'חסימת משתמשים וביטול חסימתם',
  'grant-description.viewdeleted': 'צפייה בקבצים ובדפים שנמחקו',
  'grant-description.viewrestrictedlogs': 'צפייה ברשומות יומן מוגבלות',
  'grant-description.delete': 'מחיקת דפים, גרסאות ורשומות יומן',
  'grant-description.oversight': 'הסתרת משתמשים וגרסאות',
  'grant-description.protect': 'הגנה על דפים והסרת הגנה',
  'grant-description.viewmywatchlist': 'צפייה ברשימת המעקב שלך',
  'grant-description.editmywatchlist': 'עריכת רשימת המעקב שלך',
  'grant-description.sendemail': 'שליחת דוא״ל למשתמשים אחרים',
  'grant-description.createaccount': 'יצירת חשבונות',
  'grant-description.privateinfo': 'גישה למידע פרטי',
  'grant-description.mergehistory': 'מיזוג היסטוריית דפים',
  'grant-description.mwoauth-authonly': 'אימות זהות המשתמש בלבד, ללא יכולת לקרוא דפים או לפעול בשם המשתמש.',
  'grant-description.mwoauth-authonlyprivate':
    'אימות זהות המשתמש בלבד, עם גישה לשם האמיתי ולכתובת הדוא״ל, ללא יכולת לקרוא דפים או לפעול בשם המשתמש.',
  'grant-description.openid': 'התחברות באמצעות החשבון שלך (OpenID Connect): האפליקציה מקבלת את זהותך, ותו לא.',
  'grant-description.profile': 'שם המשתמש והשם האמיתי שלך, שמוצגים לאפליקציה בעת ההתחברות.',
  'grant-description.email': 'כתובת הדוא״ל שלך והאם היא אומתה, שמוצגות לאפליקציה בעת ההתחברות.',
  'grant-description.offline_access':
    'שמירה על הגישה גם בהיעדרך: האפליקציה רשאית לחדש את החיבור שלה בלי לשאול אותך שוב.',
  'grant-description.oauthmanageownclient':
    'ניהול לקוחות ה-OAuth שלך: הצעה ועדכון שלהם, וניהול האפליקציות שהענקת להן גישה',
  'grant-description.introspect':
    'בדיקת אסימונים (RFC 7662): שער או שרת משאבים שמחזיקים בהרשאה זו יכולים לבדוק כל אסימון שהנפיק השרת הזה, לא משנה של מי הוא',
  'grant-description.token-exchange':
    'פעולה בשמך עם הגישה שהענקת לאפליקציות אחרות (החלפת אסימונים, RFC 8693): שירות זה רשאי להמיר אסימון שאפליקציה אחרת מחזיקה עבורך באסימון משלו, ולעולם לא מעבר למה שאישרת לשתי האפליקציות',
};
