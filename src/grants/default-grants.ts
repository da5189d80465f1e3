import { EN_GRANT_DESCRIPTIONS } from '../common/messages/en-grant-descriptions';
import type { GrantDefinition } from './grant-definition';

/** A built-in grant's English description, kept in the message catalogue so the pages can translate it. */
function english(name: BuiltInGrant): string {
  return EN_GRANT_DESCRIPTIONS[`grant-description.${name}`];
}

type BuiltInGrant = keyof typeof EN_GRANT_DESCRIPTIONS extends `grant-description.${infer Name}` ? Name : never;

/** The rights every editing grant carries (MediaWiki's "edit set"). */
const EDIT = ['edit', 'minoredit', 'applychangetags', 'changetags', 'editcontentmodel'];
const EDIT_INTERFACE = [...EDIT, 'editinterface', 'edituserjson', 'editsitejson'];

/**
 * The built-in catalogue: MediaWiki core's default grants (reference §6.1, in its order), the OAuth extension's
 * own grants and Gatehouse's `introspect` and `token-exchange`. English descriptions follow MediaWiki's `grant-*` messages
 * (`en-grant-descriptions.ts`).
 */
export const DEFAULT_GRANTS: readonly GrantDefinition[] = [
  {
    name: 'basic',
    group: 'hidden',
    risk: 'low',
    rights: [
      'autocreateaccount',
      'autoconfirmed',
      'autopatrol',
      'editsemiprotected',
      'ipblock-exempt',
      'nominornewtalk',
      'patrolmarks',
      'read',
      'unwatchedpages',
    ],
    description: english('basic'),
  },
  {
    name: 'highvolume',
    group: 'high-volume',
    risk: 'low',
    rights: ['bot', 'apihighlimits', 'noratelimit', 'markbotedits'],
    description: english('highvolume'),
  },
  {
    name: 'import',
    group: 'administration',
    risk: 'security',
    rights: ['import', 'importupload'],
    description: english('import'),
  },
  {
    name: 'editpage',
    group: 'page-interaction',
    risk: 'low',
    rights: [...EDIT, 'pagelang'],
    description: english('editpage'),
  },
  {
    name: 'editprotected',
    group: 'page-interaction',
    risk: 'vandalism',
    rights: [...EDIT, 'editprotected'],
    description: english('editprotected'),
  },
  {
    name: 'editmycssjs',
    group: 'customization',
    risk: 'security',
    rights: [...EDIT, 'editmyusercss', 'editmyuserjson', 'editmyuserjs'],
    description: english('editmycssjs'),
  },
  {
    name: 'editmyoptions',
    group: 'customization',
    risk: 'security',
    rights: ['editmyoptions', 'editmyuserjson'],
    description: english('editmyoptions'),
  },
  {
    name: 'editinterface',
    group: 'administration',
    risk: 'vandalism',
    rights: EDIT_INTERFACE,
    description: english('editinterface'),
  },
  {
    name: 'editsiteconfig',
    group: 'administration',
    risk: 'security',
    rights: [...EDIT_INTERFACE, 'editusercss', 'edituserjs', 'editsitecss', 'editsitejs'],
    description: english('editsiteconfig'),
  },
  {
    name: 'createeditmovepage',
    group: 'page-interaction',
    risk: 'low',
    rights: [
      ...EDIT,
      'createpage',
      'createtalk',
      'delete-redirect',
      'move',
      'move-rootuserpages',
      'move-subpages',
      'move-categorypages',
      'suppressredirect',
    ],
    description: english('createeditmovepage'),
  },
  {
    name: 'uploadfile',
    group: 'file-interaction',
    risk: 'low',
    rights: ['upload', 'reupload-own'],
    description: english('uploadfile'),
  },
  {
    name: 'uploadeditmovefile',
    group: 'file-interaction',
    risk: 'low',
    rights: ['upload', 'reupload-own', 'reupload', 'reupload-shared', 'upload_by_url', 'movefile', 'suppressredirect'],
    description: english('uploadeditmovefile'),
  },
  {
    name: 'patrol',
    group: 'page-interaction',
    risk: 'low',
    rights: ['patrol'],
    description: english('patrol'),
  },
  {
    name: 'rollback',
    group: 'administration',
    risk: 'low',
    rights: ['rollback'],
    description: english('rollback'),
  },
  {
    name: 'blockusers',
    group: 'administration',
    risk: 'vandalism',
    rights: ['block', 'blockemail'],
    description: english('blockusers'),
  },
  {
    name: 'viewdeleted',
    group: 'administration',
    risk: 'vandalism',
    rights: ['browsearchive', 'deletedhistory', 'deletedtext'],
    description: english('viewdeleted'),
  },
  {
    name: 'viewrestrictedlogs',
    group: 'administration',
    risk: 'security',
    rights: ['suppressionlog'],
    description: english('viewrestrictedlogs'),
  },
  {
    name: 'delete',
    group: 'administration',
    risk: 'vandalism',
    rights: [
      ...EDIT,
      'browsearchive',
      'deletedhistory',
      'deletedtext',
      'delete',
      'bigdelete',
      'deletelogentry',
      'deleterevision',
      'undelete',
    ],
    description: english('delete'),
  },
  {
    name: 'oversight',
    group: 'administration',
    risk: 'security',
    rights: ['suppressrevision', 'viewsuppressed'],
    description: english('oversight'),
  },
  {
    name: 'protect',
    group: 'administration',
    risk: 'vandalism',
    rights: [...EDIT, 'editprotected', 'protect'],
    description: english('protect'),
  },
  {
    name: 'viewmywatchlist',
    group: 'watchlist-interaction',
    risk: 'low',
    rights: ['viewmywatchlist'],
    description: english('viewmywatchlist'),
  },
  {
    name: 'editmywatchlist',
    group: 'watchlist-interaction',
    risk: 'low',
    rights: ['editmywatchlist'],
    description: english('editmywatchlist'),
  },
  {
    name: 'sendemail',
    group: 'email',
    risk: 'security',
    rights: ['sendemail'],
    description: english('sendemail'),
  },
  {
    name: 'createaccount',
    group: 'administration',
    risk: 'low',
    rights: ['createaccount'],
    description: english('createaccount'),
  },
  {
    name: 'privateinfo',
    group: 'private-information',
    risk: 'low',
    rights: ['viewmyprivateinfo'],
    description: english('privateinfo'),
  },
  {
    name: 'mergehistory',
    group: 'administration',
    risk: 'vandalism',
    rights: ['mergehistory'],
    description: english('mergehistory'),
  },
  {
    name: 'mwoauth-authonly',
    group: 'authonly',
    risk: 'low',
    rights: [],
    description: english('mwoauth-authonly'),
  },
  {
    name: 'mwoauth-authonlyprivate',
    group: 'authonly',
    risk: 'low',
    rights: [],
    description: english('mwoauth-authonlyprivate'),
  },
  {
    name: 'openid',
    group: 'openid',
    risk: 'low',
    rights: [],
    description: english('openid'),
  },
  {
    name: 'profile',
    group: 'openid',
    risk: 'low',
    rights: [],
    description: english('profile'),
  },
  {
    name: 'email',
    group: 'openid',
    risk: 'low',
    rights: [],
    description: english('email'),
  },
  {
    name: 'offline_access',
    group: 'openid',
    risk: 'low',
    rights: [],
    description: english('offline_access'),
  },
  {
    name: 'oauthmanageownclient',
    group: 'administration',
    risk: 'internal',
    rights: ['mwoauthproposeconsumer', 'mwoauthupdateownconsumer', 'mwoauthmanagemygrants'],
    description: english('oauthmanageownclient'),
  },
  {
    name: 'introspect',
    group: 'administration',
    risk: 'security',
    rights: [],
    description: english('introspect'),
  },
  {
    name: 'token-exchange',
    group: 'administration',
    risk: 'security',
    rights: [],
    description: english('token-exchange'),
  },
];
