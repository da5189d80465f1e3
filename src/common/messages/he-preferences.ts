import type { EN_PREFERENCES } from './en-preferences';

/** עברית: the preferences page (language, time zone, gender). */
export const HE_PREFERENCES: Record<keyof typeof EN_PREFERENCES, string> = {
  'preferences.title': 'העדפות',
  'preferences.intro': 'האופן שבו Gatehouse פונה אליך. פרמטר uselang= בקישור עדיין גובר בדף ההוא.',
  'preferences.link': 'העדפות',
  'preferences.language': 'שפה',
  'preferences.language-negotiated': 'שפת הדפדפן',
  'preferences.time-zone': 'אזור זמן',
  'preferences.time-zone-utc': 'UTC (זמן אוניברסלי מתואם)',
  'preferences.time-zone-invalid': 'יש לבחור אזור זמן מהרשימה.',
  'preferences.gender': 'איך לפנות אליך?',
  'preferences.gender-help': 'בשפות מסוימות מילים המופנות אליך משתנות לפי מגדר; הבחירה אינה מוצגת לאחרים.',
  'preferences.gender.unknown': 'בלשון ניטרלית',
  'preferences.gender.female': 'בלשון נקבה',
  'preferences.gender.male': 'בלשון זכר',
  'preferences.save': 'שמירה',
  'preferences.saved': 'ההעדפות נשמרו.',
};
