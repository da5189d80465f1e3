import { t } from '../messages/catalogue';

export function yesNo(value: boolean): string {
  return value ? t('admin.yes') : t('admin.no');
}
