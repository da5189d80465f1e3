import { validateForm } from '../form-validation';
import { RegistrationForm } from './registration.form';

describe('RegistrationForm', () => {
  const base = { name: 'App', version: '1.0', description: 'd', email: 'a@example.com' };

  it('reads unticked checkboxes as false, single and repeated values as lists, lines as ranges', () => {
    const result = validateForm(RegistrationForm, {
      ...base,
      grants: 'basic',
      oauth2GrantTypes: ['authorization_code', 'refresh_token'],
      ipAddresses: '10.0.0.0/8\r\n\r\n ::/0 \r\n',
      callbackUrl: '',
      ownerOnly: 'true',
    });
    expect(result).toEqual({
      ok: true,
      value: expect.objectContaining({
        grants: ['basic'],
        oauth2GrantTypes: ['authorization_code', 'refresh_token'],
        ipAddresses: ['10.0.0.0/8', '::/0'],
        callbackUrl: undefined,
        ownerOnly: true,
        callbackIsPrefix: false,
        oauth2IsConfidential: false,
      }),
    });
  });

  it('names the missing and malformed fields', () => {
    const result = validateForm(RegistrationForm, { ...base, name: '', grants: ['basic', 'no such!'] });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual({
      name: 'This field is required.',
      grants: 'each grant must be a grant name',
      ipAddresses: expect.any(String),
    });
  });
});
