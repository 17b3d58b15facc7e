/**
 * Whether an environment variable looks like it holds a secret, so that the page hides its value until asked: its
 * name says so (password, token, secret, key, credential…), and the value is not an ARN (a reference to a secret,
 * such as `DD_API_KEY_SECRET_ARN`, is no secret). Values are the user's own and shown on request: this only keeps
 * them off a screen someone else may be looking at.
 */
const SECRET_NAME = /PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL|AUTH|SIGNING|SESSION_?KEY|DSN/i;

export function looksSecret(name: string, value: string): boolean {
  return SECRET_NAME.test(name) && !value.startsWith('arn:') && value.length > 0;
}
