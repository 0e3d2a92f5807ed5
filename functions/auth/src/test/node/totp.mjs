// Reads an otpauth:// URI as an authenticator app does (otplib's own parser) and prints, as JSON, what it found and
// the code for each Unix time (seconds) given after it: node totp.mjs <uri> <epochSeconds>...
import { generateSync } from 'otplib';
import { parse } from '@otplib/uri';

const [uri, ...times] = process.argv.slice(2);
const parsed = parse(uri);
const p = parsed.params;
const codes = times.map((t) => generateSync({
  secret: p.secret, algorithm: p.algorithm, digits: p.digits, period: p.period, epoch: Number(t),
}));
console.log(JSON.stringify({ type: parsed.type, label: parsed.label, issuer: p.issuer, algorithm: p.algorithm,
  digits: p.digits, period: p.period, codes }));
