import type { EN_DEVICE } from './en-device';

/** 日本語: the device flow's verification page (RFC 8628 §3.3): entering the code a device shows, and what follows. */
export const JA_DEVICE: Record<keyof typeof EN_DEVICE, string> = {
  'device.title': 'デバイスの接続',
  'device.intro':
    'デバイス（テレビ、コマンドラインツール、キオスク端末）に表示されているコードを入力してください。ご自身で取得したコード以外は入力しないでください。',
  'device.code': 'コード',
  'device.code-help': '英字 8 文字です（例：WDJB-MJHT）。大文字・小文字やハイフンの有無は区別されません。',
  'device.continue': '続行',
  'device.unknown':
    'このコードは正しくないか、有効期限が切れています。デバイスに表示されているコードを確認して、もう一度お試しください。',
  'device.used': 'このコードはすでに使用されています。デバイスで最初からやり直して、新しいコードを取得してください。',
  'device.throttled-title': '誤ったコードの入力が多すぎます',
  'device.throttled': '誤ったコードが何度も入力されました。{seconds} 秒後にもう一度お試しください。',
  'device.allowed-title': 'デバイスを接続しました',
  'device.allowed':
    '{app} があなたのアカウントを使用できるようになりました。デバイスに戻ってください。処理は自動的に続行されます。',
  'device.denied-title': 'デバイスは接続されませんでした',
  'device.denied': '{app} を許可しませんでした。その旨はデバイスに通知されます。このページは閉じてかまいません。',
};
