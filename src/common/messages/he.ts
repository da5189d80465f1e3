import { HE_ACCOUNT } from './he-account';
import { HE_ADMIN } from './he-admin';
import { HE_COMMON } from './he-common';
import { HE_CONSUMERS } from './he-consumers';
import { HE_DEVICE } from './he-device';
import { HE_FRAME } from './he-frame';
import { HE_GRANT_DESCRIPTIONS } from './he-grant-descriptions';
import { HE_GRANTS } from './he-grants';
import { HE_NOTIFICATIONS } from './he-notifications';
import { HE_OIDC } from './he-oidc';
import { HE_PREFERENCES } from './he-preferences';
import type { Translation } from './translation';

/*
 * The Hebrew catalogue, written for Gatehouse in modern standard Hebrew, gender-neutral: instructions use "יש ל..."
 * with an infinitive or "אפשר ל...", buttons and labels are nouns of action ("התחברות", "שמירת הקבוצות"), and
 * sentences about the reader use forms that are spelled alike for every gender (past tense "התחברת", "שלך", "בשמך").
 * An app's name is never the grammatical subject on its own: "האפליקציה {app} ..." carries the agreement.
 * Terms of art stay in Latin letters (OAuth, OpenID Connect, URL, URI, PKCE, DPoP, JWKS, TOTP, WebAuthn, grant ids,
 * rights such as mwoauthmanageconsumer, MediaWiki, Gatehouse), joined to a Hebrew prefix with a hyphen ("ל-{app}").
 * No bidi control characters: the page's dir="rtl" lays the mixed text out.
 *
 * Glossary (one Hebrew term per English one, everywhere):
 *   consumer (admin, OAuth 1.0a)  צרכן                    application, app   אפליקציה
 *   client (OAuth 2)              לקוח                    confidential client  לקוח חסוי
 *   grant (permission bundle)     הרשאה                   right (of a user)  זכות
 *   grant type (OAuth 2)          סוג הענקה               authorization server  שרת ההרשאות
 *   authorize / authorization     להעניק גישה / הענקת גישה   My grants        ההרשאות שלי
 *   allow (the consent button)    אישור                   consent            הסכמה
 *   revoke                        לבטל (ביטול הגישה)      approve            לאשר (אישור)
 *   reject                        לדחות (דחייה)           disable            להשבית (השבתה)
 *   re-enable                     להפעיל מחדש             suppress           להסתיר (הסתרה)
 *   stage                         שלב                     publisher          מפרסם
 *   owner-only                    לשימוש הבעלים בלבד      callback URL       כתובת URL להחזרה
 *   access token                  אסימון גישה             secret             סוד
 *   sign in / sign out            התחברות / התנתקות       session            הפעלה
 *   two-factor authentication     אימות דו-שלבי           authenticator app  אפליקציית אימות
 *   recovery code                 קוד שחזור               security key / passkey  מפתח אבטחה / מפתח גישה
 *   block                         חסימה                   email              דוא״ל
 */
/** Every English message has its counterpart here (translations.spec.ts and catalogue.spec.ts prove it). */
export const HE: Translation = {
  complete: true,
  messages: {
    ...HE_FRAME,
    ...HE_COMMON,
    ...HE_CONSUMERS,
    ...HE_ADMIN,
    ...HE_GRANTS,
    ...HE_NOTIFICATIONS,
    ...HE_OIDC,
    ...HE_ACCOUNT,
    ...HE_DEVICE,
    ...HE_PREFERENCES,
    ...HE_GRANT_DESCRIPTIONS,
  },
};
