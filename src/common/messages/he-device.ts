import type { EN_DEVICE } from './en-device';

/** עברית: the device flow's verification page (RFC 8628 §3.3): entering the code a device shows, and what follows. */
export const HE_DEVICE: Record<keyof typeof EN_DEVICE, string> = {
  'device.title': 'חיבור מכשיר',
  'device.intro': 'יש להזין את הקוד שמוצג במכשיר (טלוויזיה, כלי שורת פקודה, עמדת שירות). יש להזין רק קוד שקיבלת בעצמך.',
  'device.code': 'קוד',
  'device.code-help': 'שמונה אותיות, למשל WDJB-MJHT. אין הבדל בין אותיות גדולות לקטנות, והמקפים אינם משנים.',
  'device.continue': 'המשך',
  'device.unknown': 'הקוד שגוי או שתוקפו פג. יש לבדוק את הקוד במכשיר ולנסות שוב.',
  'device.used': 'הקוד הזה כבר נוצל. יש להתחיל מחדש במכשיר כדי לקבל קוד חדש.',
  'device.throttled-title': 'יותר מדי קודים שגויים',
  'device.throttled': 'הוזנו יותר מדי קודים שגויים. אפשר לנסות שוב בעוד {seconds} שניות.',
  'device.allowed-title': 'המכשיר חובר',
  'device.allowed': 'האפליקציה {app} יכולה עכשיו להשתמש בחשבון שלך. אפשר לחזור למכשיר: הוא ימשיך מעצמו.',
  'device.denied-title': 'המכשיר לא חובר',
  'device.denied': 'לא אישרת גישה ל-{app}. המכשיר יקבל על כך הודעה; אפשר לסגור את הדף.',
};
