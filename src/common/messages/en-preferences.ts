/** The person's preferences page (MediaWiki's Special:Preferences: language, time zone, gender). */
export const EN_PREFERENCES = {
  'preferences.title': 'Preferences',
  'preferences.intro': 'How Gatehouse speaks to you. A uselang= in a link still wins for that page.',
  'preferences.link': 'Preferences',
  'preferences.language': 'Language',
  'preferences.language-negotiated': "Your browser's language",
  'preferences.time-zone': 'Time zone',
  'preferences.time-zone-utc': 'UTC (coordinated universal time)',
  'preferences.time-zone-invalid': 'Choose a time zone from the list.',
  'preferences.gender': 'How should we refer to you?',
  'preferences.gender-help': 'Some languages inflect words addressed to you; the choice is not shown to others.',
  'preferences.gender.unknown': 'Neutrally',
  'preferences.gender.female': 'As a woman',
  'preferences.gender.male': 'As a man',
  'preferences.save': 'Save',
  'preferences.saved': 'Your preferences were saved.',
} as const;
