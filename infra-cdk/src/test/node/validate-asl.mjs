// Validates a state machine definition (JSON on stdin) with npm's asl-validator, which knows JSONata state
// machines; prints {"valid": true|false, "errors": "..."}.
import validator from 'asl-validator';

const chunks = [];
for await (const chunk of process.stdin) {
  chunks.push(chunk);
}
const { isValid, errorsText } = validator(JSON.parse(Buffer.concat(chunks).toString('utf8')));
process.stdout.write(JSON.stringify({ valid: isValid, errors: isValid ? '' : errorsText('\n') }));
