import type { EN_PREFERENCES } from './en-preferences';

/** 日本語: the preferences page (language, time zone, gender). */
export const JA_PREFERENCES: Record<keyof typeof EN_PREFERENCES, string> = {
  'preferences.title': '個人設定',
  'preferences.intro':
    'Gatehouse の表示方法を設定します。リンクに uselang= が付いている場合は、そのページではそちらが優先されます。',
  'preferences.link': '個人設定',
  'preferences.language': '言語',
  'preferences.language-negotiated': 'ブラウザーの言語',
  'preferences.time-zone': 'タイムゾーン',
  'preferences.time-zone-utc': 'UTC（協定世界時）',
  'preferences.time-zone-invalid': '一覧からタイムゾーンを選んでください。',
  'preferences.gender': 'あなたをどのように呼びますか？',
  'preferences.gender-help': '言語によっては、あなたに向けた言葉が変化します。この選択は他の人には表示されません。',
  'preferences.gender.unknown': '中立的に',
  'preferences.gender.female': '女性として',
  'preferences.gender.male': '男性として',
  'preferences.save': '保存',
  'preferences.saved': '個人設定を保存しました。',
};
