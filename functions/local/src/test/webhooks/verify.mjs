// Verifies deliveries with the Standard Webhooks specification's own library (npm standardwebhooks).
// stdin: a JSON array of {secret, headers, body, now}; stdout: a JSON array, "ok" or the library's error, per item.
// "now" (seconds) is the receiver's clock when it got the delivery: the library checks the timestamp against it.
import { Webhook } from 'standardwebhooks';

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) {
  input += chunk;
}
const realNow = Date.now;
const answers = JSON.parse(input).map(({ secret, headers, body, now }) => {
  Date.now = () => now * 1000;
  try {
    new Webhook(secret).verify(body, headers);
    return 'ok';
  } catch (e) {
    return String(e.message || e);
  } finally {
    Date.now = realNow;
  }
});
process.stdout.write(JSON.stringify(answers));
