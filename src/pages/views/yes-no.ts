import { t } from '../../common/messages/catalogue';

export function yesNo(value: boolean): string {
  return t(value ? 'yes' : 'no');
}
