/** The device flow's verification page (RFC 8628 §3.3): entering the code a device shows, and what follows. */
export const EN_DEVICE = {
  'device.title': 'Connect a device',
  'device.intro':
    'Enter the code your device (TV, command-line tool, kiosk) shows. Only enter a code you got yourself.',
  'device.code': 'Code',
  'device.code-help': 'Eight letters, such as WDJB-MJHT. Case and dashes do not matter.',
  'device.continue': 'Continue',
  'device.unknown': 'This code is wrong or has expired. Check the code on your device and try again.',
  'device.used': 'This code was already used. Start again on your device to get a new one.',
  'device.throttled-title': 'Too many wrong codes',
  'device.throttled': 'Too many wrong codes were entered. Try again in {seconds} seconds.',
  'device.allowed-title': 'Device connected',
  'device.allowed': '{app} may now use your account. Return to your device: it continues by itself.',
  'device.denied-title': 'Device not connected',
  'device.denied': 'You did not allow {app}. Your device is told so; you can close this page.',
} as const;
