/** OAuth 2 lives under `/oauth2` and, for MediaWiki's clients, under `rest.php` and `w/rest.php` too (DESIGN §8). */
export const OAUTH2_PREFIXES = ['oauth2', 'rest.php/oauth2', 'w/rest.php/oauth2'];
